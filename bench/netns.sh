# SPDX-License-Identifier: GPL-2.0
# The benchmark's hosts (sourced by bench/run.sh): three network namespaces
# joined by two veth pairs, and nothing else. RFC 2544's benchmarking range
# (198.18.0.0/15) only, no default route: traffic cannot leave them.
#
#   PREFIX-gen  wbgen  198.18.1.2/24 -- wbgw0 198.18.1.1/24   PREFIX-gw
#   PREFIX-sink wbsink 198.18.2.2/24 -- wbgw1 198.18.2.1/24   lo 198.18.0.1/32
#
# The gateway's own address, 198.18.0.1 on its loopback, is where wrtcd and
# rtpengine bind their media sockets: one socket per leg, reached from
# both sides. The kernel-forwarding reference sends to 198.18.2.2 through
# the gateway with net.ipv4.ip_forward on (only during that mode).
#
# CPUs: veth hands a packet to the receiving namespace on the CPU that
# sent it, so the gateway's kernel receive path runs on the generator's
# core and the sink's on the relay's. BENCH_RPS=1 moves each to the core
# of the host that receives (receive packet steering: CPU 1 for the
# gateway, CPU 0 for generator and sink, as bench.mjs pins them), as a
# NIC's interrupts would; it is off by default because in a VM every
# steered batch costs an inter-processor interrupt, dearer than the work
# it moves (measured here: wrtcd's CPU time per packet went from 6 to
# 12 us, and the generator's ceiling from about 150k to 80-120k packets/s).
#
# BENCH_GW_NAPI=CPU (the guest section sets it): the gateway's receive path
# on the relay's core, as a NIC queue whose interrupt is there. wbgw0 gets
# four queues and NAPI (GRO on), each queue's in a thread of its own
# (threaded NAPI), pinned to CPU at nice -20: where wrtc_xdp runs; and
# receive packet steering to CPU for what veth hands to the stack without
# NAPI: where xt_RTPENGINE runs. Without it both kernel relays run in
# softirq on the generator's core, where they compete with the generator
# at nice -20 (XDP then loses packets at the device before it ever sees
# them). bench.mjs counts that core's busy time per packet
# (gw_core_us_per_pkt). The four queues are for buffering alike: what
# veth hands to the stack waits in the receiving core's backlog (1000
# packets, net.core.netdev_max_backlog), what goes to XDP in its queue's
# ring (256), so one queue would give wrtc_xdp a quarter of rtpengine's
# room for a burst. The sink's receive path is steered to CPU 0, the
# peers' (a redirected frame's NAPI thread too, bench/mode_wrtcd.mjs), so
# that the gateway's core does the gateway's work only; it shared that
# core, in softirq, and under load starved there.
#
# Names: PREFIX is wb-<pid of run.sh>-<random>; bench_netns_reap removes
# the namespaces of runs whose process is gone (killed with SIGKILL).

BENCH_GW_ADDR=198.18.0.1
BENCH_GEN_ADDR=198.18.1.2
BENCH_SINK_ADDR=198.18.2.2

bench_netns_up() {
	p=$1
	ip netns add "$p-gen" && ip netns add "$p-gw" && ip netns add "$p-sink" ||
		return 1
	for ns in gen gw sink; do
		ip -n "$p-$ns" link set lo up || return 1
		# Only IPv4: no router solicitations or DAD on the links.
		ip netns exec "$p-$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 \
			net.ipv4.ip_forward=0 >/dev/null || return 1
	done
	# With BENCH_GW_NAPI, four queues towards the gateway (see above).
	q=
	[ -n "${BENCH_GW_NAPI:-}" ] && q="numtxqueues 4 numrxqueues 4"
	# shellcheck disable=SC2086 # $q is words
	ip -n "$p-gen" link add wbgen $q type veth peer name wbgw0 $q netns "$p-gw" &&
	ip -n "$p-sink" link add wbsink type veth peer name wbgw1 netns "$p-gw" ||
		return 1
	ip -n "$p-gw" addr add "$BENCH_GW_ADDR/32" dev lo &&
	ip -n "$p-gw" addr add 198.18.1.1/24 dev wbgw0 &&
	ip -n "$p-gw" addr add 198.18.2.1/24 dev wbgw1 &&
	ip -n "$p-gen" addr add "$BENCH_GEN_ADDR/24" dev wbgen &&
	ip -n "$p-sink" addr add "$BENCH_SINK_ADDR/24" dev wbsink ||
		return 1
	for l in "gen wbgen" "sink wbsink" "gw wbgw0" "gw wbgw1"; do
		set -- $l
		ip -n "$p-$1" link set "$2" up || return 1
	done
	ip -n "$p-gen" route add 198.18.0.0/15 via 198.18.1.1 &&
	ip -n "$p-sink" route add 198.18.0.0/15 via 198.18.2.1 || return 1
	if [ -n "${BENCH_GW_NAPI:-}" ]; then
		bench_gw_napi "$p" "$BENCH_GW_NAPI" || return 1
	fi
	[ "${BENCH_RPS:-0}" = 1 ] || return 0
	for l in "gen wbgen 1" "sink wbsink 1" "gw wbgw0 2" "gw wbgw1 2"; do
		set -- $l
		ip netns exec "$p-$1" sh -c \
			"echo $3 > /sys/class/net/$2/queues/rx-0/rps_cpus" ||
			return 1
	done
}

# wbgw0's receive path in threads of its own, on CPU $2, and the sink's
# steered to CPU 0 (see above).
bench_gw_napi() {
	ip netns exec "$1-gw" ethtool -K wbgw0 gro on >/dev/null &&
		ip netns exec "$1-gw" sh -c "echo 1 > /sys/class/net/wbgw0/threaded &&
			for q in /sys/class/net/wbgw0/queues/rx-*; do
				printf '%x' $((1 << $2)) > \$q/rps_cpus || exit 1
			done" &&
		ip netns exec "$1-sink" sh -c "echo 1 > /sys/class/net/wbsink/queues/rx-0/rps_cpus" ||
		return 1
	bench_napi_pin wbgw0 "$2" || {
		echo "bench: no NAPI thread for wbgw0" >&2
		return 1
	}
}

# Pin the NAPI threads of device $1 to CPU $2 at nice -20; fails if it has
# none.
bench_napi_pin() {
	n=0
	for c in /proc/[0-9]*/comm; do
		case $(cat "$c" 2>/dev/null) in
		napi/"$1"-*)
			pid=${c#/proc/}
			pid=${pid%/comm}
			taskset -p -c "$2" "$pid" >/dev/null &&
				renice -n -20 -p "$pid" >/dev/null || return 1
			n=$((n + 1))
			;;
		esac
	done
	[ "$n" -gt 0 ]
}

# End every process left in the namespaces, then delete them.
bench_netns_down() {
	p=$1
	for ns in gen gw sink; do
		ip netns pids "$p-$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null
	done
	for ns in gen gw sink; do
		ip netns del "$p-$ns" 2>/dev/null
	done
	return 0
}

# Namespaces of earlier runs whose run.sh no longer exists.
bench_netns_reap() {
	for pid in $(ip netns list | sed -n 's/^wb-\([0-9]*\)-[0-9a-f]*-gen.*/\1/p' | sort -u); do
		kill -0 "$pid" 2>/dev/null && continue
		for n in $(ip netns list | sed -n "s/^\\(wb-$pid-[0-9a-f]*\\)-gen.*/\\1/p"); do
			echo "bench: removing namespaces of an earlier run: $n-*" >&2
			bench_netns_down "$n"
		done
	done
}
