#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench: the host section (bench/run.sh: wrtcd, wrtcd behind wrtc_xdp,
# rtpengine, kernel forwarding), then the guest section (bench/guest/run.sh:
# the four data paths in the qemu guest), merged into one JSON, one plot
# of two panels and both tables. BENCH_HOST_ARGS and BENCH_GUEST_ARGS pass
# options to each section's bench.mjs (bench/README.md). The guest's
# AEAD_AES_128_GCM path and kernel forwarding are make bench-kernel's
# (the guest section alone): with them make bench would take over 15
# minutes.
set -u
cd "$(dirname "$0")/.." || exit 1

start=$(date +%s)
mark=$(mktemp /tmp/wrtc-bench.XXXXXX)
trap 'rm -f "$mark"' EXIT
# shellcheck disable=SC2086 # word splitting of the options is intended
sh bench/run.sh ${BENCH_HOST_ARGS:-} || { echo "bench: the host section failed" >&2; exit 1; }
host=$(find bench/results -maxdepth 1 -name '*.json' ! -name '*-guest.json' \
	-newer "$mark" | sort | tail -n 1)
[ -n "$host" ] || { echo "bench: the host section wrote no results" >&2; exit 1; }
# shellcheck disable=SC2086
sh bench/guest/run.sh --into "$host" \
	--modes rtpengine-kernel,rtpengine,wrtcd,wrtcd-kernel ${BENCH_GUEST_ARGS:-} ||
	{ echo "bench: the guest section failed; the host's results: $host" >&2; exit 1; }
echo "bench: $(( $(date +%s) - start )) s in all; results in $host (and .png)"
