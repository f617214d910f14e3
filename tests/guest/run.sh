#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian kernel in qemu (TCG) and run wrtc.ko's tests in it.
#
#   sh tests/guest/run.sh SERIES          SERIES: 6.1 or 6.12
#
# Fetches the kernel and builds wrtc.ko first (tests/guest/kernels.sh),
# builds the test programs, boots the guest (tests/guest/boot.sh) with
# build/guest/SERIES/results shared writable, and prints the guest's TAP.
# Exits non-zero when a test failed or the guest did not report (timeout,
# crash). Environment: GUEST_TIMEOUT, GUEST_MEM (as boot.sh takes them),
# GUEST_ONLY (names of the tests to run, as tests/guest/guest.sh calls
# them, e.g. "fastpath"; default all).
#
# The guest runs programs built here: wrtcd, wrtcctl and the scripted
# endpoints of tests/fastpath, the XDP program's tests, and guest.mk's.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

[ $# -eq 1 ] || { echo "usage: $0 6.1|6.12" >&2; exit 2; }
kver=$1
dir=$top/build/guest/$kver
timeout_s=${GUEST_TIMEOUT:-900}

bail() {
	echo "not ok 1 - guest $kver: $*"
	exit 1
}

sh tests/guest/kernels.sh "$kver" >&2 || bail "kernel fetch or wrtc.ko build failed"
make -s build/include/kselftest_harness.h >&2 ||
	bail "cannot extract kselftest_harness.h"
make -s -f tests/guest/guest.mk >&2 || bail "test programs do not build"
# The XDP program's tests with real legs, wrtcctl (test_wrtcctl) and
# wrtcd's kernel path with its endpoints: built on the host, run in the
# guest.
make -s build/tests/bpf/test_xdp_legs build/wrtcd build/wrtcctl \
	build/tests/relay/dtls_peer >&2 || bail "the programs the guest runs do not build"

# What guest.sh runs: the tests named in GUEST_ONLY, or all.
results=$dir/results
rm -rf "$results"
mkdir -p "$results"
printf '%s\n' "${GUEST_ONLY:-}" >"$results/only"

sh tests/guest/boot.sh "$kver" tests/guest/guest.sh "$results" >"$dir/boot.out"
rc=$?
if [ -f "$results/tap" ]; then
	cat "$results/tap"
fi
case $rc in
0) exit 0 ;;
1)
	echo "# guest $kver: tests exited with status $(cat "$results/status"); log in $results/"
	exit 1
	;;
*)
	echo "not ok - guest $kver did not report"
	cat "$dir/boot.out"
	exit 1
	;;
esac
