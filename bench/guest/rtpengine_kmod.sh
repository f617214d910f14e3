#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rtpengine's kernel module (xt_RTPENGINE) for the benchmark's guest: the
# source from Debian's rtpengine-kernel-dkms and the iptables extension from
# rtpengine-iptables, downloaded and unpacked (never installed: the dkms
# package would build for the host kernel, which loads no modules), the
# module built out of tree against the 6.1 guest kernel's headers
# (tests/guest/kernels.sh fetched them). Leaves, under build/bench/rtpengine/:
#   6.1/xt_RTPENGINE.ko    the module
#   xtables/               libxt_RTPENGINE.so, for XTABLES_LIBDIR
# Idempotent and silent when all is there; prints the build log on failure.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
VERSION=10.5.3.5
DEB_VERSION=$VERSION-1+deb12u1
out=$top/build/bench/rtpengine
kver=6.1
rel=$(cat "build/guest/$kver/release")
headers=$top/build/guest/$kver/root/usr/src/linux-headers-$rel
ko=$out/$kver/xt_RTPENGINE.ko

die() {
	echo "rtpengine_kmod: $*" >&2
	exit 1
}

[ -d "$headers" ] || die "no headers for $rel: run sh tests/guest/kernels.sh $kver"
if [ ! -f "$out/src/xt_RTPENGINE.c" ] || [ ! -f "$out/xtables/libxt_RTPENGINE.so" ]; then
	mkdir -p "$out/debs"
	rm -rf "$out/root" "$out/src" "$out/xtables"
	(cd "$out/debs" &&
		apt-get download -qq "rtpengine-kernel-dkms=$DEB_VERSION" \
			"rtpengine-iptables=$DEB_VERSION" >/dev/null 2>&1) ||
		die "cannot download rtpengine-kernel-dkms and rtpengine-iptables $DEB_VERSION"
	for d in "$out"/debs/*.deb; do
		dpkg -x "$d" "$out/root"
	done
	cp -r "$out/root/usr/src/rtpengine-$VERSION" "$out/src"
	mkdir -p "$out/xtables"
	cp "$out/root/usr/lib/x86_64-linux-gnu/xtables/libxt_RTPENGINE.so" "$out/xtables/"
fi
if [ ! -f "$ko" ] || [ "$out/src/xt_RTPENGINE.c" -nt "$ko" ]; then
	log=$out/build.log
	if ! make -C "$headers" M="$out/src" RTPENGINE_VERSION="$VERSION" modules \
		>"$log" 2>&1; then
		tail -n 60 "$log" >&2
		die "build failed (log: $log)"
	fi
	mkdir -p "$out/$kver"
	cp "$out/src/xt_RTPENGINE.ko" "$ko"
fi
