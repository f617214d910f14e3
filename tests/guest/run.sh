#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian kernel in qemu (TCG) and run wrtc.ko's tests in it.
#
#   sh tests/guest/run.sh SERIES          SERIES: 6.1 or 6.12
#
# Fetches the kernel and builds wrtc.ko first (tests/guest/kernels.sh),
# builds the test programs and a busybox initramfs, boots the guest with the
# host root shared read-only over 9p and build/guest/SERIES/results shared
# writable, and prints the guest's TAP. Exits non-zero when a test failed or
# the guest did not report (timeout, crash). The guest has no network
# device (-nodefaults). Environment: GUEST_TIMEOUT (seconds, default 900),
# GUEST_MEM (MiB, default 1024), GUEST_ONLY (names of the tests to run, as
# tests/guest/guest.sh calls them, e.g. "fastpath"; default all).
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

rel=$(cat "$dir/release")
root=$dir/root
case $kver in
6.1) smp=2 ;;
*) smp=1 ;; # 6.12 hangs in early boot with more than one CPU under TCG
esac

# The initramfs: busybox, /init, the modules that reach the host root
# (uncompressed: busybox insmod cannot pass the decompress flag), and the
# guest's modprobe. Rebuilt when any of its inputs changes.
initrd=$dir/initramfs.cpio.gz
if [ ! -f "$initrd" ] || [ tests/guest/init -nt "$initrd" ] ||
   [ tests/guest/modprobe.in -nt "$initrd" ] ||
   [ "$dir/release" -nt "$initrd" ] || [ "$0" -nt "$initrd" ]; then
	stage=$dir/initramfs
	rm -rf "$stage"
	mkdir -p "$stage/bin" "$stage/sbin" "$stage/modules"
	cp /bin/busybox "$stage/bin/busybox"
	cp tests/guest/init "$stage/init"
	sed "s|@ROOT@|$root|" tests/guest/modprobe.in >"$stage/sbin/guest-modprobe"
	chmod 755 "$stage/init" "$stage/sbin/guest-modprobe"
	modprobe -d "$root" -S "$rel" -a --show-depends virtio_pci 9pnet_virtio 9p |
	awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++' |
	while read -r ko; do
		name=$(basename "$ko")
		case $ko in
		*.xz) xz -dc "$ko" >"$stage/modules/${name%.xz}"; name=${name%.xz} ;;
		*) cp "$ko" "$stage/modules/$name" ;;
		esac
		echo "$name" >>"$stage/modules/order"
	done
	touch "$stage/modules/order"
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$initrd.tmp" &&
		mv "$initrd.tmp" "$initrd" || bail "cannot build the initramfs"
fi

results=$dir/results
rm -rf "$results"
mkdir -p "$results"
console=$dir/console.log

start=$(date +%s)
timeout "$timeout_s" qemu-system-x86_64 -accel tcg -nodefaults -nographic \
	-no-reboot -monitor none -machine pc -cpu max -smp "$smp" \
	-m "${GUEST_MEM:-1024}" \
	-kernel "$root/boot/vmlinuz-$rel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet wrtc_kver=$kver wrtc_top=$top wrtc_results=$results wrtc_script=$top/tests/guest/guest.sh wrtc_only=\"${GUEST_ONLY:-}\"" \
	-serial "file:$console" \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev "local,id=project,path=$top,security_model=none,readonly=on" \
	-device virtio-9p-pci,fsdev=project,mount_tag=project \
	-fsdev "local,id=results,path=$results,security_model=none" \
	-device virtio-9p-pci,fsdev=results,mount_tag=results \
	</dev/null >"$dir/qemu.log" 2>&1
qemu_rc=$?
echo "# guest $kver ($rel): $(($(date +%s) - start)) s in qemu" >&2

if [ -f "$results/tap" ]; then
	cat "$results/tap"
fi
if [ ! -f "$results/status" ]; then
	[ "$qemu_rc" -eq 124 ] && why="timed out after ${timeout_s}s" ||
		why="qemu exited with status $qemu_rc"
	echo "not ok - guest $kver did not report: $why"
	echo "# last lines of the guest console ($console):"
	tail -n 40 "$console" | sed 's/^/# /'
	sed 's/^/# qemu: /' "$dir/qemu.log"
	exit 1
fi
status=$(cat "$results/status")
if [ "$status" != 0 ]; then
	echo "# guest $kver: tests exited with status $status; log in $results/"
	exit 1
fi
exit 0
