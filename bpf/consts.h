/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Limits of the XDP program (wrtc_xdp.bpf.c), in one place. Each can be
 * overridden at build time (-DWRTC_XDP_MAX_EXPECTED=...); userspace sees
 * the same values through wrtc_xdp.h.
 */
#ifndef WRTC_BPF_CONSTS_H
#define WRTC_BPF_CONSTS_H

/*
 * Entries of the expected-sources hash map: one per (leg port, remote
 * address, remote port) that wrtcd has validated with ICE. A gateway with
 * the default 1000 media ports and a few candidates per leg fits easily.
 */
#ifndef WRTC_XDP_MAX_EXPECTED
#define WRTC_XDP_MAX_EXPECTED 16384
#endif

/*
 * At most one VLAN tag (802.1Q or 802.1ad) is skipped: stacked tags
 * (QinQ) are rare on a media gateway's uplink and go to the stack.
 */
#ifndef WRTC_XDP_MAX_VLAN
#define WRTC_XDP_MAX_VLAN 1
#endif

/* Devices one loader handle attaches the program to (wrtcd --xdp-iface). */
#ifndef WRTC_XDP_MAX_IFACES
#define WRTC_XDP_MAX_IFACES 16
#endif

/* IPv4 header without and with the most options (IHL = 15). */
#define WRTC_XDP_IP4_MIN_HLEN 20
#define WRTC_XDP_IP4_MAX_HLEN 60

#endif /* WRTC_BPF_CONSTS_H */
