#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A call through wrtcd between two scripted endpoints on hosts of their own,
# with wrtc_xdp on the gateway's devices (tests/fastpath/call.mjs):
#
#   ns …a                  ns …g (wrtcd, the test)               ns …b
#   A 10.201.1.2 ea ──── gwa 10.201.1.1 | 10.201.2.1 gwb ──── eb 10.201.2.2 B
#
# On the host (no wrtc.ko) the call is relayed in userspace and the program
# only classifies; in the qemu guest with wrtc.ko loaded it goes through the
# kernel (WRTC_FP_PACKETS each way, default 100000 there). Prints TAP.
# The namespaces are wfp<pid>{a,g,b}, removed however this ends; no packet
# leaves them. As root, with ip(8) and ethtool(8).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

ns=wfp$$
cleanup() {
	for n in a g b; do
		ip netns del "$ns$n" 2>/dev/null
	done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

bail() {
	echo "not ok 1 - fastpath: $*"
	exit 1
}

# Namespaces of an earlier run that was killed before its trap ran.
for old in $(ip netns list 2>/dev/null | awk '/^wfp[0-9]+[agb]( |$)/ { print $1 }'); do
	pid=${old#wfp}
	pid=${pid%?}
	[ -d "/proc/$pid" ] || ip netns del "$old" 2>/dev/null
done

if [ -d /sys/module/wrtc ]; then
	mode=kernel
	packets=${WRTC_FP_PACKETS:-100000}
else
	mode=user
	packets=${WRTC_FP_PACKETS:-2000}
fi

setup() {
	ip netns add "${ns}a" && ip netns add "${ns}g" && ip netns add "${ns}b" &&
	# No IPv6 on any of their devices: a link coming up sends MLD reports
	# and router solicitations at random delays, and the test counts
	# every frame the program sees (an MLD report is "unparsed").
	for n in a g b; do
		[ ! -d /proc/sys/net/ipv6 ] ||
		ip netns exec "$ns$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
			net.ipv6.conf.default.disable_ipv6=1 || return 1
	done &&
	ip -n "${ns}g" link add gwa type veth peer name ea netns "${ns}a" &&
	ip -n "${ns}g" link add gwb type veth peer name eb netns "${ns}b" &&
	ip -n "${ns}g" addr add 10.201.1.1/24 dev gwa &&
	ip -n "${ns}g" addr add 10.201.2.1/24 dev gwb &&
	ip -n "${ns}a" addr add 10.201.1.2/24 dev ea &&
	ip -n "${ns}b" addr add 10.201.2.2/24 dev eb &&
	ip -n "${ns}a" link set lo up && ip -n "${ns}g" link set lo up &&
	ip -n "${ns}b" link set lo up &&
	ip -n "${ns}g" link set gwa up && ip -n "${ns}g" link set gwb up &&
	ip -n "${ns}a" link set ea up && ip -n "${ns}b" link set eb up &&
	# The kernel path forwards (bpf_fib_lookup); a redirected frame is
	# delivered by a veth only with NAPI on at its far end (PLATFORM.md).
	ip netns exec "${ns}g" sysctl -qw net.ipv4.conf.all.forwarding=1 &&
	ip netns exec "${ns}a" ethtool -K ea gro on &&
	ip netns exec "${ns}b" ethtool -K eb gro on
}
out=$(setup 2>&1) || bail "cannot build the namespaces: $out"

WRTC_FP_MODE=$mode WRTC_FP_PACKETS=$packets \
	WRTC_FP_NS_A="${ns}a" WRTC_FP_NS_B="${ns}b" \
	ip netns exec "${ns}g" node --test --test-reporter=tap \
	tests/fastpath/call.mjs
