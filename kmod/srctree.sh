#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Make a self-contained copy of wrtc.ko's source: kmod/ (with the uAPI
# header) and, in DEST/lib/, the SRTP transform core that the module shares
# with userspace (lib/srtp_*: see kmod/srtp_core.c). What dkms and
# tests/guest/kernels.sh build from:
#
#   sh kmod/srctree.sh /usr/src/wrtc-0.1 && dkms install wrtc/0.1
#
# Files whose content did not change are left alone (timestamps kept), so
# an unchanged tree is not rebuilt.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DEST" >&2; exit 2; }
top=$(cd "$(dirname "$0")/.." && pwd)
dest=$1

# The SRTP core: what srtp_core.c includes and what those files include.
LIB_FILES="srtp_compat.h srtp_crypto.h srtp_replay.h srtp_replay.c
srtp_xform.h srtp_xform_int.h srtp_xform.c srtp_xform_rtcp.c
srtp_xform_stream.c"

# copy SRC DIR: copy SRC into DIR unless DIR already has the same file.
copy() {
	cmp -s "$1" "$2/${1##*/}" || cp -p "$1" "$2/"
}

mkdir -p "$dest/uapi/linux" "$dest/lib"
for f in "$top"/kmod/*; do
	[ -f "$f" ] && copy "$f" "$dest"
done
for f in "$top"/kmod/uapi/linux/*.h; do
	copy "$f" "$dest/uapi/linux"
done
for f in $LIB_FILES; do
	copy "$top/lib/$f" "$dest/lib"
done
