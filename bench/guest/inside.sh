#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the qemu guest (bench/guest/run.sh boots it), as root in a
# chroot of the host's root: loads wrtc.ko and rtpengine's module, then
# runs the benchmark (bench/run.sh) with the arguments in RESULTS/args,
# its results going to RESULTS/out and its log to RESULTS/bench.log.
#
#   inside.sh SERIES RESULTS
set -u
kver=$1
results=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
exec >"$results/bench.log" 2>&1

# The host's clock (the guest's drifts under TCG) and its name: the results
# are <date>-<host>-guest.json (the section names itself).
date -s "@$(cat "$results/now")" >/dev/null
hostname "$(cat "$results/host")"
echo "bench guest: $(uname -r), $(nproc) CPUs"
# What udev loads from the CPU's modalias on a real host: the kernel
# crypto API's AES-NI, SSSE3 SHA-1 and CLMUL GHASH drivers, which both
# kernel relays use (nothing loads them here by itself).
modprobe -d "$top/build/guest/$kver/root" -a aesni_intel sha1_ssse3 \
	ghash_clmulni_intel ||
	{ echo "cannot load the CPU's crypto drivers"; exit 1; }
insmod "$top/build/guest/$kver/kmod/wrtc.ko" || { echo "insmod wrtc.ko failed"; exit 1; }
# rtpengine's kernel module, when asked for: its crypto, netfilter and
# the module itself.
if grep -q rtpengine-kernel "$results/args"; then
	. "$top/bench/guest/rtpengine_kmod.inc.sh"
	rtpengine_kmod_load "$kver" ||
		{ echo "rtpengine's kernel module did not load"; exit 1; }
fi

set --
while IFS= read -r a; do
	set -- "$@" "$a"
done <"$results/args"
BENCH_GW_NAPI=1 sh bench/run.sh "$@" --out "$results/out"
