#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Boot a Debian guest kernel in qemu (TCG) and run a script in it: what the
# guest tests (tests/guest/run.sh) and the guest section of the benchmark
# (bench/guest/run.sh) share.
#
#   sh tests/guest/boot.sh SERIES SCRIPT RESULTS
#
# SERIES (6.1, 6.12) must have been fetched by tests/guest/kernels.sh. The
# guest mounts the host root read-only over 9p (and the project, in case it
# lives under /tmp), RESULTS writable, and runs `sh SCRIPT SERIES RESULTS`
# in a chroot of the host root; what SCRIPT needs to know beyond that, the
# caller leaves in RESULTS first. The guest has no network device
# (-nodefaults). Exit status: 0 when SCRIPT exited 0; 1 when it exited
# otherwise; 2 when the guest did not report (timeout, crash), after
# printing why and the console's last lines as "# " lines on stdout.
# Environment: GUEST_TIMEOUT (seconds, default 900), GUEST_MEM (MiB,
# default 1024), GUEST_SMP (default 2 for 6.1, 1 for 6.12).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 2

[ $# -eq 3 ] || { echo "usage: $0 SERIES SCRIPT RESULTS" >&2; exit 2; }
kver=$1
script=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
results=$3
dir=$top/build/guest/$kver
timeout_s=${GUEST_TIMEOUT:-900}
rel=$(cat "$dir/release") || exit 2
root=$dir/root
case $kver in
6.1) smp=${GUEST_SMP:-2} ;;
*) smp=${GUEST_SMP:-1} ;; # 6.12 hangs in early boot with more than one CPU under TCG
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
	if ! (cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$initrd.tmp"; then
		echo "# guest $kver: cannot build the initramfs"
		exit 2
	fi
	mv "$initrd.tmp" "$initrd"
fi

mkdir -p "$results"
rm -f "$results/status"
console=$dir/console.log

start=$(date +%s)
timeout "$timeout_s" qemu-system-x86_64 -accel tcg -nodefaults -nographic \
	-no-reboot -monitor none -machine pc -cpu max -smp "$smp" \
	-m "${GUEST_MEM:-1024}" \
	-kernel "$root/boot/vmlinuz-$rel" -initrd "$initrd" \
	-append "console=ttyS0 panic=-1 quiet wrtc_kver=$kver wrtc_top=$top wrtc_results=$results wrtc_script=$script" \
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

if [ ! -f "$results/status" ]; then
	[ "$qemu_rc" -eq 124 ] && why="timed out after ${timeout_s}s" ||
		why="qemu exited with status $qemu_rc"
	echo "# guest $kver did not report: $why"
	echo "# last lines of the guest console ($console):"
	tail -n 40 "$console" | sed 's/^/# /'
	sed 's/^/# qemu: /' "$dir/qemu.log"
	exit 2
fi
[ "$(cat "$results/status")" = 0 ]
