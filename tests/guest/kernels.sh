#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the guest kernels and build wrtc.ko against each of them.
#
#   sh tests/guest/kernels.sh [SERIES...]      SERIES: 6.1, 6.12 (default both)
#
# For each series this leaves, under build/guest/SERIES/:
#   root/         the kernel image, modules and headers packages, unpacked
#                 with dpkg -x (nothing is installed on the host)
#   release       the kernel release string (uname -r of the guest)
#   kmod/wrtc.ko  the module, built out of tree with W=1 and module BTF
#
# The host kernel cannot load modules (PLATFORM.md): these kernels only ever
# run in qemu (tests/guest/run.sh). Versions are pinned so runs are
# reproducible; when a pinned version leaves the archive, the newest one of
# the same series is used instead (and said so). Idempotent, and silent when
# everything is already in place; prints a build log only on failure.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
out=$top/build/guest
debs=$out/debs

# Pinned kernels: ABI name and Debian version. 6.1 is bookworm's point
# release kernel; 6.12 comes from bookworm-backports.
PIN_6_1="6.1.0-50 6.1.176-1"
PIN_6_12="6.12.95+deb12 6.12.95-1~bpo12+1"

log() { echo "kernels: $*" >&2; }
die() { log "$*"; exit 1; }

# run_logged LOG CMD...: run CMD quietly; show LOG when it fails.
run_logged() {
	_log=$1
	shift
	if ! "$@" >"$_log" 2>&1; then
		tail -n 80 "$_log" >&2
		die "failed: $* (log: $_log)"
	fi
}

# bookworm-backports carries 6.12; add it (same mirror host as the
# machine's other Debian sources) when no sources file mentions it.
ensure_backports() {
	if grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
		return 0
	fi
	[ "$(id -u)" = 0 ] || die "bookworm-backports is not in the apt sources; run as root"
	host=$(grep -rhos 'https\?://[^ /]*/debian\b' /etc/apt/sources.list \
		/etc/apt/sources.list.d/ | head -n 1)
	echo "deb ${host:-http://deb.debian.org/debian} bookworm-backports main" \
		>/etc/apt/sources.list.d/bookworm-backports.list
	log "added bookworm-backports to the apt sources"
	run_logged "$out/apt-update.log" apt-get update -qq
}

# available PKG VER: is exactly this version of PKG in the package lists?
available() {
	apt-cache madison "$1" 2>/dev/null | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
		grep -qxF "$2"
}

# newest_abi SERIES: the newest ABI of SERIES whose image and headers are
# both in the package lists, with its version ("ABI VERSION").
newest_abi() {
	case $1 in
	6.1) pat='^linux-image-6\.1\.0-[0-9]+-amd64$' ;;
	6.12) pat='^linux-image-6\.12\.[0-9]+\+deb12(\.[0-9]+)?-amd64$' ;;
	esac
	apt-cache pkgnames linux-image-"$1". | grep -E "$pat" | sort -V -r |
	while read -r img; do
		abi=${img#linux-image-}
		abi=${abi%-amd64}
		ver=$(apt-cache madison "$img" | awk -F'|' '{gsub(/ /,"",$2); print $2}' |
			sort -V -r | head -n 1)
		[ -n "$ver" ] && available "linux-headers-$abi-amd64" "$ver" || continue
		echo "$abi $ver"
		break
	done
}

# The packages of one kernel: image (vmlinuz + modules), headers, and the
# headers' dependencies (common headers, kbuild scripts).
packages() {
	abi=$1 ver=$2 series=$3
	case $series in
	6.1) kbuild=linux-kbuild-6.1 ;;
	*) kbuild=linux-kbuild-$abi ;;
	esac
	echo "linux-image-$abi-amd64=$ver linux-headers-$abi-amd64=$ver" \
		"linux-headers-$abi-common=$ver $kbuild=$ver"
}

# unpacked_ok DIR: the unpacked kernel still has its image and modules.
unpacked_ok() {
	_rel=$(cat "$1/release")
	[ -f "$1/root/boot/vmlinuz-$_rel" ] &&
		[ -f "$1/root/lib/modules/$_rel/modules.dep" ] &&
		[ -n "$(find "$1/root/lib/modules/$_rel/kernel/fs/9p" \
			-name '9p.ko*' 2>/dev/null)" ]
}

fetch_kernel() {
	series=$1
	case $series in
	6.1) pin=$PIN_6_1 ;;
	6.12) pin=$PIN_6_12; ensure_backports ;;
	*) die "unknown series $series (6.1 or 6.12)" ;;
	esac
	dir=$out/$series
	mkdir -p "$dir" "$debs"
	set -- $pin
	abi=$1 ver=$2
	# Fast path: already unpacked with the same pin, and intact (a kbuild
	# 'clean' with M= at the repository root deletes every .ko below it).
	if [ -f "$dir/packages" ] && [ -f "$dir/release" ] &&
	   grep -q "linux-image-$abi-amd64=$ver " "$dir/packages" &&
	   unpacked_ok "$dir"; then
		return 0
	fi
	if ! available "linux-image-$abi-amd64" "$ver"; then
		run_logged "$out/apt-update.log" apt-get update -qq
	fi
	if ! available "linux-image-$abi-amd64" "$ver"; then
		set -- $(newest_abi "$series")
		[ $# -eq 2 ] || die "no $series kernel in the package lists"
		log "pinned $series kernel $abi ($ver) is gone; using $1 ($2)"
		abi=$1 ver=$2
		if [ -f "$dir/packages" ] &&
		   grep -q "linux-image-$abi-amd64=$ver " "$dir/packages" &&
		   unpacked_ok "$dir"; then
			return 0
		fi
	fi
	pkgs=$(packages "$abi" "$ver" "$series")
	log "fetching $series: $pkgs"
	(cd "$debs" && run_logged "$out/download.log" apt-get download -q $pkgs)
	rm -rf "$dir/root" "$dir/kmod" "$dir/packages" "$dir/release"
	mkdir -p "$dir/root"
	for p in $pkgs; do
		name=${p%%=*} v=${p#*=}
		# apt-get download escapes ':' in the version as %3a.
		deb=$(ls "$debs/${name}_$(echo "$v" | sed 's/:/%3a/')_"*.deb)
		dpkg -x "$deb" "$dir/root"
	done
	# The headers' Makefile includes the common headers by absolute
	# path (/usr/src/...): point it into the unpacked tree instead.
	sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" \
		"$dir/root/usr/src/linux-headers-$abi-amd64/Makefile"
	# modules.dep for the guest's modprobe (the package leaves it to its
	# postinst).
	depmod -b "$dir/root" "$abi-amd64"
	echo "$abi-amd64" >"$dir/release"
	echo "$pkgs " >"$dir/packages"
}

# 6.1's headers ship neither vmlinux nor resolve_btfids, which module BTF
# needs: take vmlinux (with .BTF) out of the vmlinuz and build
# resolve_btfids from linux-source-6.1's tools/. 6.12's headers ship both.
btf_tools() {
	series=$1
	dir=$out/$series
	rel=$(cat "$dir/release")
	hdr=$dir/root/usr/src/linux-headers-$rel
	[ -f "$hdr/vmlinux" ] && [ -x "$hdr/tools/bpf/resolve_btfids/resolve_btfids" ] &&
		return 0
	src=$out/linux-source-6.1
	tarball=/usr/src/linux-source-6.1.tar.xz
	if [ ! -x "$src/tools/bpf/resolve_btfids/resolve_btfids" ] ||
	   [ ! -f "$src/scripts/extract-vmlinux" ]; then
		[ -f "$tarball" ] || die "missing $tarball: run 'make deps'"
		log "building resolve_btfids from $tarball"
		rm -rf "$src"
		mkdir -p "$src"
		tar -xJf "$tarball" -C "$src" --strip-components=1 \
			linux-source-6.1/tools linux-source-6.1/scripts \
			linux-source-6.1/include/uapi linux-source-6.1/include/linux \
			linux-source-6.1/Makefile
		run_logged "$out/resolve_btfids.log" \
			make -C "$src/tools/bpf/resolve_btfids" -j"$(nproc)"
	fi
	if [ ! -f "$hdr/vmlinux" ]; then
		sh "$src/scripts/extract-vmlinux" "$dir/root/boot/vmlinuz-$rel" \
			>"$hdr/vmlinux.tmp"
		mv "$hdr/vmlinux.tmp" "$hdr/vmlinux"
	fi
	mkdir -p "$hdr/tools/bpf/resolve_btfids"
	cp "$src/tools/bpf/resolve_btfids/resolve_btfids" \
		"$hdr/tools/bpf/resolve_btfids/resolve_btfids"
}

# Build kmod/ out of tree in a per-kernel, self-contained copy (the layout
# dkms builds from: kmod/srctree.sh), so the two kernels' objects never mix
# and the source tree stays clean. Any compiler or modpost warning fails.
build_module() {
	series=$1
	dir=$out/$series
	rel=$(cat "$dir/release")
	hdr=$dir/root/usr/src/linux-headers-$rel
	sh kmod/srctree.sh "$dir/kmod"
	blog=$dir/kmod-build.log
	run_logged "$blog" make -C "$hdr" M="$dir/kmod" W=1 -j"$(nproc)" modules
	if grep -E 'warning:|WARNING:|Skipping BTF' "$blog" >&2; then
		die "$series: wrtc.ko built with warnings (log: $blog)"
	fi
	[ -f "$dir/kmod/wrtc.ko" ] || die "$series: no wrtc.ko"
}

[ $# -gt 0 ] || set -- 6.1 6.12
for s in "$@"; do
	fetch_kernel "$s"
	btf_tools "$s"
	build_module "$s"
done
