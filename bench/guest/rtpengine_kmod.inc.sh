# SPDX-License-Identifier: GPL-2.0
# Sourced inside the benchmark's guest (bench/guest/inside.sh): loads
# rtpengine's kernel module (built by bench/guest/rtpengine_kmod.sh) and what
# it needs, and says where its iptables extension is. The rule itself is
# the rtpengine-kernel mode's (bench/mode_rtpengine.mjs), in the gateway's
# namespace, with iptables-legacy: the x_tables target as rtpengine's
# documentation sets it up, no nft translation in between.

# rtpengine_kmod_load SERIES
rtpengine_kmod_load() {
	_root=$top/build/guest/$1/root
	# Netfilter's x_tables and the filter table; the crypto drivers were
	# loaded before (inside.sh): nothing loads them by itself here.
	modprobe -d "$_root" -a x_tables ip_tables iptable_filter || return 1
	insmod "$top/build/bench/rtpengine/$1/xt_RTPENGINE.ko" || return 1
	[ -e /proc/rtpengine/control ] || return 1
	XTABLES_LIBDIR=/usr/lib/x86_64-linux-gnu/xtables:$top/build/bench/rtpengine/xtables
	export XTABLES_LIBDIR
}
