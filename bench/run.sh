#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make bench: build the benchmark's hosts (bench/netns.sh), run the harness
# (bench/bench.mjs) inside the gateway's namespace, and remove the hosts
# again however the run ends. Arguments go to bench.mjs (see there and
# bench/README.md); as root.
set -u
cd "$(dirname "$0")/.." || exit 1
. bench/netns.sh

if [ "$(id -u)" != 0 ]; then
	echo "bench: run as root: it makes network namespaces" >&2
	exit 1
fi
for f in build/wrtcd build/bench_gen build/bench_sink; do
	[ -x "$f" ] || { echo "bench: $f is missing: run make" >&2; exit 1; }
done
need="ip taskset setsid nice node"
# The correctness check (make check) runs wrtcd only and draws nothing.
case " $* " in
*" --check "*) ;;
*) need="$need rtpengine gnuplot" ;;
esac
for c in $need; do
	command -v "$c" >/dev/null 2>&1 ||
		{ echo "bench: '$c' is missing: run make deps" >&2; exit 1; }
done
if [ "$(nproc)" -lt 2 ]; then
	echo "bench: needs two CPUs (relay on one, generator and sink on the other)" >&2
	exit 1
fi

bench_netns_reap
prefix="wb-$$-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
trap 'bench_netns_down "$prefix"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
bench_netns_up "$prefix" || { echo "bench: cannot make the namespaces" >&2; exit 1; }
# A leg is a socket: 1000 calls are 2000 of them in wrtcd and the client.
ulimit -n 65536 2>/dev/null || ulimit -n 16384
# The machine is shared. Its scheduler groups processes by session
# (autogroup) and shares CPU between groups before nice values count
# inside a group, so the harness runs in a session of its own whose group
# gets the highest weight (BENCH_NICE, default -20; bench.mjs also runs
# its programs at nice -20 and records what other processes took).
# It is started in the background and waited for, so that a signal to
# this script (Ctrl-C) ends the run at once: the EXIT trap then ends every
# process in the namespaces, the harness included.
setsid -w sh -c 'echo "${BENCH_NICE:--20}" > /proc/self/autogroup 2>/dev/null
	exec "$@"' bench \
	ip netns exec "$prefix-gw" node bench/bench.mjs \
	--gen-ns "$prefix-gen" --sink-ns "$prefix-sink" "$@" &
wait $!
