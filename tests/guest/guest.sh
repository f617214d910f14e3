#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the qemu guest (tests/guest/run.sh), as root, in a chroot of
# the host's root (read-only; /tmp is the guest's). The test programs load
# and unload wrtc.ko themselves; test_wrtc_module runs last (it unloads the
# module and scans the kernel log). test_wrtc_srtp, _relay and _veth load
# the XDP programs of wrtc_relay.bpf.o from build/guest/bin/. Writes their
# TAP to RESULTS/tap and the kernel log to RESULTS/dmesg; fails when any
# program failed.
#
#   guest.sh SERIES RESULTS
set -u
kver=$1
results=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

export WRTC_KO="$top/build/guest/$kver/kmod/wrtc.ko"
status=0
for t in test_wrtc_legs test_wrtc_errors test_wrtc_srtp test_wrtc_relay \
	test_wrtc_veth test_wrtc_module; do
	echo "# === $t (guest $kver, $(uname -r))" >>"$results/tap"
	"$top/build/guest/bin/$t" >>"$results/tap" 2>&1 || status=1
done
dmesg >"$results/dmesg" 2>&1
exit $status
