#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the qemu guest (tests/guest/run.sh), as root, in a chroot of
# the host's root (read-only; /tmp is the guest's). The test programs load
# and unload wrtc.ko themselves (test_xdp_legs has it loaded for it); test_wrtc_module runs last (it unloads the
# module and scans the kernel log). test_wrtc_srtp, _relay and _veth load
# the XDP programs of wrtc_relay.bpf.o from build/guest/bin/. Writes their
# TAP to RESULTS/tap and the kernel log to RESULTS/dmesg; fails when any
# program failed. When RESULTS/only names tests (a space-separated list,
# GUEST_ONLY on the host), only those run.
#
#   guest.sh SERIES RESULTS
set -u
kver=$1
results=$2
only=$(cat "$results/only" 2>/dev/null)
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

export WRTC_KO="$top/build/guest/$kver/kmod/wrtc.ko"
status=0
# 6.1 gets the CPU's crypto drivers, as udev loads them on a real host:
# wrtc.ko's AES-CM then runs on AES-NI's __ctr(aes) (kmod/crypto.c). 6.12
# goes without them: the generic ctr(aes) is tested there.
if [ "$kver" = 6.1 ]; then
	modprobe -d "$top/build/guest/$kver/root" -a aesni_intel sha1_ssse3 \
		ghash_clmulni_intel >>"$results/tap" 2>&1 ||
		{ echo "not ok - modprobe the crypto drivers" >>"$results/tap"; status=1; }
fi
run() {
	name=$1
	shift
	case " ${only:-$name} " in
	*" $name "*) ;;
	*) return 0 ;;
	esac
	echo "# === $name (guest $kver, $(uname -r))" >>"$results/tap"
	"$@" >>"$results/tap" 2>&1 || status=1
}
for t in test_wrtc_legs test_wrtc_errors test_wrtc_srtp test_wrtc_relay \
	test_wrtc_veth test_wrtc_events \
	test_wrtcctl; do
	run $t "$top/build/guest/bin/$t"
done
# wrtc_xdp (bpf/) with wrtc.ko's kfuncs on legs made over netlink: it needs
# the module loaded (the tests above may have left it so) and leaves loading
# to its caller.
if [ -d /sys/module/wrtc ] || insmod "$WRTC_KO" >>"$results/tap" 2>&1; then
	run test_xdp_legs "$top/build/tests/bpf/test_xdp_legs"
	# wrtcd with the kernel path between namespaces (tests/fastpath/).
	run fastpath sh "$top/tests/fastpath/run.sh"
else
	echo "not ok - insmod $WRTC_KO for test_xdp_legs" >>"$results/tap"
	status=1
fi
# Last: it unloads the module and scans the kernel log of everything above.
run test_wrtc_module "$top/build/guest/bin/test_wrtc_module"
dmesg >"$results/dmesg" 2>&1
exit $status
