#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The benchmark's guest section (make bench-kernel; make bench runs it after
# the host section): the kernel data paths side by side in one qemu guest,
# Debian's 6.1 kernel under TCG with two vCPUs, where modules load (the host
# kernel cannot load any). Inside, bench/guest/inside.sh builds the same
# generator -- gateway -- sink namespaces as the host section (bench/netns.sh,
# veth links) and runs bench/bench.mjs on them with the guest's modes:
#
#   rtpengine-kernel   rtpengine 10.5 with its kernel module (xt_RTPENGINE)
#   rtpengine          rtpengine 10.5 in userspace
#   wrtcd              wrtcd's userspace relay
#   wrtcd-kernel       wrtc_xdp + wrtc.ko
#   wrtcd-kernel-gcm   wrtc_xdp + wrtc.ko with AEAD_AES_128_GCM (wrtcd-gcm,
#                      the userspace relay's, is a mode too; not run by default)
#   kernel-forward     the reference line, and the CPU baseline
#
# make bench-kernel runs all six; make bench (bench/all.sh) the first four.
#
#   sh bench/guest/run.sh [--into HOST.json] [bench.mjs options]
#
# Writes bench/results/<date>-<host>-guest.json and .png; with --into, merges
# them into the host section's results (their "guest" member and the second
# panel of the plot) and prints both tables. Every timing inside is
# emulated: the figures are for comparing the paths with each other, in
# this run. Environment: BENCH_GUEST_TIMEOUT (seconds, default 1500).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

into=
if [ "${1:-}" = --into ]; then
	into=$2
	shift 2
fi

die() {
	echo "bench guest: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "run as root (qemu, namespaces inside)"
sh tests/guest/kernels.sh 6.1 || die "cannot fetch the guest kernel or build wrtc.ko"
sh bench/guest/rtpengine_kmod.sh || die "cannot build rtpengine's kernel module for the guest"
make -s all || die "make failed"

dir=$top/build/bench/guest
results=$dir/results
rm -rf "$results"
mkdir -p "$results/out"
date +%s >"$results/now"
hostname >"$results/host"
# What inside.sh runs bench.mjs with (one argument per line).
{
	printf '%s\n' --section guest \
		--modes rtpengine-kernel,rtpengine,wrtcd,wrtcd-kernel,wrtcd-kernel-gcm,kernel-forward \
		--calls 50,200 --sizes 160,1200 --steps 5 --step-ms 1000 \
		--probe 20000 --common-rate 2000
	for a in "$@"; do printf '%s\n' "$a"; done
} >"$results/args"

echo "bench guest: booting the 6.1 guest (TCG); its progress: $results/bench.log" >&2
GUEST_TIMEOUT=${BENCH_GUEST_TIMEOUT:-1500} GUEST_MEM=2048 GUEST_SMP=2 \
	sh tests/guest/boot.sh 6.1 bench/guest/inside.sh "$results" >"$dir/boot.out"
rc=$?
[ -f "$results/bench.log" ] && cat "$results/bench.log" >&2
if [ "$rc" -ne 0 ]; then
	cat "$dir/boot.out" >&2
	die "the guest section failed (status $rc); its files are in $results"
fi
json=$(ls "$results"/out/*-guest.json 2>/dev/null | tail -n 1)
[ -n "$json" ] || die "the guest wrote no results"
mkdir -p bench/results
cp "$json" "${json%.json}.png" bench/results/ 2>/dev/null
json=bench/results/$(basename "$json")
# The guest wrote its paths; ours are where the files are now.
node -e '
const fs = require("fs");
const [f] = process.argv.slice(1);
const r = JSON.parse(fs.readFileSync(f, "utf8"));
r.files = { json: f, png: f.replace(/\.json$/, ".png") };
fs.writeFileSync(f, JSON.stringify(r, null, 1) + "\n");
' "$json"
if [ -n "$into" ]; then
	node bench/report.mjs --merge "$into" "$json"
else
	echo "bench guest: results in $json (and .png)"
fi
