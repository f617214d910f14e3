/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Header parsing for the XDP program, in the style of xdp-tools'
 * parsing_helpers.h: a cursor walks the frame, and each helper checks the
 * bounds of the header it reads, advances the cursor past it and returns
 * the next protocol (or a length), or a negative enum wrtc_xdp_reason
 * saying where and why it stopped. BPF only (needs vmlinux.h).
 */
#ifndef WRTC_BPF_PARSE_H
#define WRTC_BPF_PARSE_H

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "consts.h"
#include "wrtc_xdp.h"

/* #defines that vmlinux.h cannot carry. */
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define ETH_ALEN 6
#define AF_INET 2
#define AF_INET6 10
#define IP_MF 0x2000
#define IP_OFFSET 0x1FFF

/* IPv6 next-header values (RFC 8200 4., IANA). */
#define NEXTHDR_HOP 0
#define NEXTHDR_ROUTING 43
#define NEXTHDR_FRAGMENT 44
#define NEXTHDR_AUTH 51
#define NEXTHDR_DEST 60
#define NEXTHDR_MOBILITY 135
#define NEXTHDR_HIP 139
#define NEXTHDR_SHIM6 140
#define NEXTHDR_EXP1 253
#define NEXTHDR_EXP2 254

/* Where parsing is: the next header starts at pos; the frame ends at end.
 * (struct vlan_hdr comes from vmlinux.h.) */
struct hdr_cursor {
	void *pos;
	void *end;
};

static __always_inline bool proto_is_vlan(__u16 h_proto)
{
	return h_proto == bpf_htons(ETH_P_8021Q) ||
	       h_proto == bpf_htons(ETH_P_8021AD);
}

/*
 * Ethernet and up to WRTC_XDP_MAX_VLAN VLAN tags. Returns the EtherType
 * that follows (network byte order, as xdp-tools does) and counts the tags
 * in *vlans. A frame with more tags returns the inner tag's type, which is
 * not IP: it goes to the stack.
 */
static __always_inline int parse_ethhdr_vlan(struct hdr_cursor *c,
					     struct ethhdr **ethp, int *vlans)
{
	struct ethhdr *eth = c->pos;
	struct vlan_hdr *vh;
	__u16 h_proto;
	int i;

	if ((void *)(eth + 1) > c->end)
		return WRTC_XDP_R_TRUNC_ETH;
	c->pos = eth + 1;
	*ethp = eth;
	*vlans = 0;
	h_proto = eth->h_proto;
#pragma unroll
	for (i = 0; i < WRTC_XDP_MAX_VLAN; i++) {
		if (!proto_is_vlan(h_proto))
			break;
		vh = c->pos;
		if ((void *)(vh + 1) > c->end)
			return WRTC_XDP_R_TRUNC_VLAN;
		h_proto = vh->h_vlan_encapsulated_proto;
		c->pos = vh + 1;
		(*vlans)++;
	}
	return h_proto;
}

/*
 * IPv4 with options. Returns the protocol, and in *l4_len the bytes the
 * header's total length gives the payload (not yet checked against the
 * frame: the L4 parser does that after its own header, so that a frame cut
 * inside the UDP header is reported as such). Fragments, first or not,
 * stop here: their UDP header is absent or covers bytes not in this frame.
 */
static __always_inline int parse_ip4(struct hdr_cursor *c, struct iphdr **iphp,
				     __u32 *l4_len)
{
	struct iphdr *iph = c->pos;
	__u32 hlen, tot;

	if ((void *)(iph + 1) > c->end)
		return WRTC_XDP_R_TRUNC_IP4;
	if (iph->version != 4 || iph->ihl < 5)
		return WRTC_XDP_R_BAD_IP;
	hlen = iph->ihl * 4;
	if (c->pos + hlen > c->end)
		return WRTC_XDP_R_TRUNC_IP4;
	tot = bpf_ntohs(iph->tot_len);
	if (tot < hlen)
		return WRTC_XDP_R_IP_LEN;
	if (iph->frag_off & bpf_htons(IP_MF | IP_OFFSET))
		return WRTC_XDP_R_FRAGMENT;
	c->pos += hlen;
	*iphp = iph;
	*l4_len = tot - hlen;
	return iph->protocol;
}

static __always_inline bool ip6_is_ext_hdr(__u8 nexthdr)
{
	switch (nexthdr) {
	case NEXTHDR_HOP:
	case NEXTHDR_ROUTING:
	case NEXTHDR_AUTH:
	case NEXTHDR_DEST:
	case NEXTHDR_MOBILITY:
	case NEXTHDR_HIP:
	case NEXTHDR_SHIM6:
	case NEXTHDR_EXP1:
	case NEXTHDR_EXP2:
		return true;
	}
	return false;
}

/*
 * IPv6, without walking extension headers: media comes as plain UDP, and
 * anything else is the stack's. Returns the next header and, in *l4_len,
 * the payload length (checked against the frame by the L4 parser).
 */
static __always_inline int parse_ip6(struct hdr_cursor *c,
				     struct ipv6hdr **ip6p, __u32 *l4_len)
{
	struct ipv6hdr *ip6 = c->pos;

	if ((void *)(ip6 + 1) > c->end)
		return WRTC_XDP_R_TRUNC_IP6;
	if (ip6->version != 6)
		return WRTC_XDP_R_BAD_IP;
	if (ip6->nexthdr == NEXTHDR_FRAGMENT)
		return WRTC_XDP_R_FRAGMENT;
	if (ip6_is_ext_hdr(ip6->nexthdr))
		return WRTC_XDP_R_IP6_EXT;
	c->pos = ip6 + 1;
	*ip6p = ip6;
	*l4_len = bpf_ntohs(ip6->payload_len);
	return ip6->nexthdr;
}

/*
 * UDP in an IP payload of l4_len bytes. Returns the UDP payload length.
 * The IP payload must lie within the frame (else WRTC_XDP_R_IP_LEN) and
 * the UDP length must equal it (else WRTC_XDP_R_UDP_LEN): a datagram whose
 * lengths disagree is the stack's to judge and count (it trims a UDP
 * length shorter than the IP payload, drops a longer one), and wrtc.ko's
 * relay refuses it anyway.
 */
static __always_inline int parse_udp(struct hdr_cursor *c, __u32 l4_len,
				     struct udphdr **udpp)
{
	struct udphdr *udp = c->pos;
	__u32 ulen;

	if ((void *)(udp + 1) > c->end)
		return WRTC_XDP_R_TRUNC_UDP;
	/*
	 * Verifiers before 6.18-ish lose a byte swap's bounds: say again,
	 * where clang cannot drop it, that l4_len is 16 bits.
	 */
	barrier_var(l4_len);
	if (l4_len > 0xffff || c->pos + l4_len > c->end)
		return WRTC_XDP_R_IP_LEN;
	ulen = bpf_ntohs(udp->len);
	if (ulen != l4_len || ulen < sizeof(*udp))
		return WRTC_XDP_R_UDP_LEN;
	c->pos = udp + 1;
	*udpp = udp;
	return ulen - sizeof(*udp);
}

#endif /* WRTC_BPF_PARSE_H */
