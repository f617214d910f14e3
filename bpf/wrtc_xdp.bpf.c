// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc's XDP program: RFC 7983 demultiplexing of the gateway's media ports
 * and, with wrtc.ko loaded, SRTP relaying between legs in the kernel.
 *
 *   not UDP to a media port            XDP_PASS
 *   STUN (0..3), DTLS (20..63), other  XDP_PASS (wrtcd's sockets)
 *   RTP/RTCP (128..191) of a leg       wrtc_xdp_relay() -> bpf_fib_lookup()
 *                                      -> XDP_TX or bpf_redirect()
 *   RTP/RTCP of no leg, or no module   XDP_PASS (wrtcd's userspace relay)
 *   WRTC_XDP_F_DROP_UNEXPECTED on:     XDP_DROP for media-port traffic
 *     (but STUN) from a source that no kernel leg and no wrtc_expected
 *     entry expects
 *
 * Whatever it cannot parse or is unsure of goes to the stack. Counters,
 * classes and reasons: wrtc_xdp.h. The kernel path needs forwarding on
 * the receiving device (bpf_fib_lookup()); wrtc.ko's kfuncs are used only
 * when the loader found them (wrtc_have_kfuncs).
 */
#include "vmlinux.h"

#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "consts.h"
#include "parse.h"
#include "wrtc_kfuncs.h"
#include "wrtc_xdp.h"

/* wrtc_config[0]: media ports and flags, written by wrtcd at any time. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct wrtc_xdp_config);
} wrtc_config SEC(".maps");

/* Packets and bytes by class and verdict: WRTC_XDP_STATS_KEY(). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WRTC_XDP_STATS_MAX);
	__type(key, __u32);
	__type(value, struct wrtc_xdp_count);
} wrtc_stats SEC(".maps");

/* Packets and bytes by reason, at index -reason (0 unused). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, WRTC_XDP_REASONS_MAX);
	__type(key, __u32);
	__type(value, struct wrtc_xdp_count);
} wrtc_reasons SEC(".maps");

/*
 * Sources that legs expect, filled by wrtcd from ICE: what answers "does a
 * leg expect this source?" for WRTC_XDP_F_DROP_UNEXPECTED, alone without
 * wrtc.ko and besides its legs with it (a leg reaches the kernel only once
 * DTLS gave it keys; its DTLS handshake comes before). The value counts
 * the packets it was asked about (so only with the option on); a hint of
 * activity for wrtcd.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, WRTC_XDP_MAX_EXPECTED);
	__type(key, struct wrtc_xdp_source);
	__type(value, struct wrtc_xdp_expected);
} wrtc_expected SEC(".maps");

/*
 * Whether wrtc.ko's kfuncs exist, as the loader found out from the
 * module's BTF before loading (wrtc_xdp.c): the bpf_ksym_exists() of this
 * program (see wrtc_kfuncs.h for why not bpf_ksym_exists() itself). The
 * verifier reads it from the frozen .rodata: with it 0 the calls are dead
 * code and removed, so the program loads without the module. 0 as well
 * when the userspace data path is chosen.
 */
const volatile __u8 wrtc_have_kfuncs = 0;

/* What the parser found out about a UDP packet to a media port. */
struct wrtc_pkt {
	struct bpf_sock_tuple tuple; /* addresses and ports as received */
	__u8 family;
	__u8 relayable; /* no VLAN tag, no IPv4 options: wrtc.ko takes it */
};

static __always_inline bool wrtc_kfuncs(void)
{
	return wrtc_have_kfuncs;
}

static __always_inline void count(void *map, __u32 key, __u64 bytes)
{
	struct wrtc_xdp_count *c = bpf_map_lookup_elem(map, &key);

	if (c) {
		c->packets++;
		c->bytes += bytes;
	}
}

static __always_inline bool media_port(__be16 port)
{
	struct wrtc_xdp_config *cfg;
	__u32 zero = 0;
	__u16 p = bpf_ntohs(port);

	cfg = bpf_map_lookup_elem(&wrtc_config, &zero);
	return cfg && p && p >= cfg->port_lo && p <= cfg->port_hi;
}

/* RFC 7983 on the first byte, RFC 5761 4. on the second. */
static __always_inline int classify_payload(__u8 *p, void *end, __u32 len)
{
	__u8 b;

	if (!len || (void *)(p + 1) > end)
		return WRTC_XDP_C_OTHER;
	b = p[0];
	if (b <= 3)
		return WRTC_XDP_C_STUN;
	if (b >= 20 && b <= 63)
		return WRTC_XDP_C_DTLS;
	if (b < 128 || b > 191)
		return WRTC_XDP_C_OTHER;
	if (len >= 2 && (void *)(p + 2) <= end && p[1] >= 192 && p[1] <= 223)
		return WRTC_XDP_C_RTCP;
	return WRTC_XDP_C_RTP;
}

/*
 * Parse up to the UDP payload. Returns the class, or a negative reason
 * (class UNPARSED); fills *pkt for media ports.
 */
static __always_inline int parse(struct xdp_md *ctx, struct wrtc_pkt *pkt)
{
	struct hdr_cursor c = {
		.pos = (void *)(long)ctx->data,
		.end = (void *)(long)ctx->data_end,
	};
	struct ipv6hdr *ip6;
	struct udphdr *udp;
	struct ethhdr *eth;
	struct iphdr *iph;
	int proto, vlans, len;
	__u32 l4_len;

	proto = parse_ethhdr_vlan(&c, &eth, &vlans);
	if (proto < 0)
		return proto;
	if (proto == bpf_htons(ETH_P_IP)) {
		proto = parse_ip4(&c, &iph, &l4_len);
		if (proto < 0)
			return proto;
		if (proto != IPPROTO_UDP)
			return WRTC_XDP_C_NOT_MEDIA;
		len = parse_udp(&c, l4_len, &udp);
		if (len < 0)
			return len;
		if (!media_port(udp->dest))
			return WRTC_XDP_C_NOT_MEDIA;
		pkt->family = AF_INET;
		pkt->tuple.ipv4.saddr = iph->saddr;
		pkt->tuple.ipv4.daddr = iph->daddr;
		pkt->tuple.ipv4.sport = udp->source;
		pkt->tuple.ipv4.dport = udp->dest;
		pkt->relayable = !vlans && iph->ihl == 5;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		proto = parse_ip6(&c, &ip6, &l4_len);
		if (proto < 0)
			return proto;
		if (proto != IPPROTO_UDP)
			return WRTC_XDP_C_NOT_MEDIA;
		len = parse_udp(&c, l4_len, &udp);
		if (len < 0)
			return len;
		if (!media_port(udp->dest))
			return WRTC_XDP_C_NOT_MEDIA;
		pkt->family = AF_INET6;
		__builtin_memcpy(pkt->tuple.ipv6.saddr, &ip6->saddr, 16);
		__builtin_memcpy(pkt->tuple.ipv6.daddr, &ip6->daddr, 16);
		pkt->tuple.ipv6.sport = udp->source;
		pkt->tuple.ipv6.dport = udp->dest;
		pkt->relayable = !vlans;
	} else {
		return WRTC_XDP_C_NOT_MEDIA;
	}
	return classify_payload(c.pos, c.end, len);
}

/* Is the source in wrtc_expected? Counts the packet there if so. */
static __always_inline bool expected(const struct wrtc_pkt *pkt)
{
	struct wrtc_xdp_source key = { .family = pkt->family };
	struct wrtc_xdp_expected *e;

	if (pkt->family == AF_INET) {
		key.local_port = pkt->tuple.ipv4.dport;
		key.remote_port = pkt->tuple.ipv4.sport;
		key.remote[10] = 0xff;
		key.remote[11] = 0xff;
		__builtin_memcpy(&key.remote[12], &pkt->tuple.ipv4.saddr, 4);
	} else {
		key.local_port = pkt->tuple.ipv6.dport;
		key.remote_port = pkt->tuple.ipv6.sport;
		__builtin_memcpy(key.remote, pkt->tuple.ipv6.saddr, 16);
	}
	e = bpf_map_lookup_elem(&wrtc_expected, &key);
	if (!e)
		return false;
	__sync_fetch_and_add(&e->packets, 1);
	return true;
}

/*
 * The kernel leg of the packet's tuple, referenced, or NULL. The size
 * must be a constant the verifier sees: one call per family.
 */
static __always_inline struct wrtc_leg *lookup_leg(struct xdp_md *ctx,
						   struct wrtc_pkt *pkt)
{
	if (pkt->family == AF_INET)
		return wrtc_leg_lookup(ctx, &pkt->tuple,
				       sizeof(pkt->tuple.ipv4));
	return wrtc_leg_lookup(ctx, &pkt->tuple, sizeof(pkt->tuple.ipv6));
}

/* Does a kernel leg own the tuple? */
static __always_inline bool leg_exists(struct xdp_md *ctx, struct wrtc_pkt *pkt)
{
	struct wrtc_leg *leg;

	if (!wrtc_kfuncs())
		return false;
	leg = lookup_leg(ctx, pkt);
	if (!leg)
		return false;
	wrtc_leg_release(leg);
	return true;
}

/* Verdict and reason for a relay error (wrtc_kfuncs.h). */
static __always_inline int relay_failed(int err, int *reason)
{
	switch (-err) {
	case WRTC_ENOLINK:
		*reason = WRTC_XDP_R_NO_PEER;
		return XDP_PASS;
	case WRTC_ENOKEY:
		*reason = WRTC_XDP_R_NO_KEY;
		return XDP_PASS;
	case WRTC_ENOSPC:
		*reason = WRTC_XDP_R_NO_ROOM;
		return XDP_PASS;
	case WRTC_EINVAL:
	case WRTC_EOPNOTSUPP:
	case WRTC_EPROTONOSUPPORT:
	case WRTC_EPROTO:
	case WRTC_EAFNOSUPPORT:
		*reason = WRTC_XDP_R_RELAY_REFUSED;
		return XDP_PASS;
	case WRTC_EBADMSG:
		*reason = WRTC_XDP_R_AUTH;
		return XDP_DROP;
	case WRTC_EALREADY:
		*reason = WRTC_XDP_R_REPLAY;
		return XDP_DROP;
	}
	*reason = WRTC_XDP_R_RELAY_FAILED;
	return XDP_DROP;
}

/*
 * Send a relayed packet on: Ethernet addresses and the egress device from
 * the FIB. The packet is already transformed for the peer (its SRTP index
 * consumed), so it cannot go back to the stack: failures drop. The lookup
 * is a forwarding one, and bpf_fib_lookup() answers nothing else on a
 * device that does not forward (whatever its flags): the kernel path
 * needs forwarding on (wrtc_xdp_forwarding() tells the loader).
 */
static __always_inline int forward(struct xdp_md *ctx, int *reason)
{
	/* The relay moved data_end: every pointer is taken again. */
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = {};
	struct ethhdr *eth = data;
	struct udphdr *udp;
	long rc;

	if ((void *)(eth + 1) > end)
		goto bad;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);

		udp = (void *)(iph + 1);
		if ((void *)(udp + 1) > end)
			goto bad;
		fib.family = AF_INET;
		fib.tos = iph->tos;
		fib.tot_len = bpf_ntohs(iph->tot_len);
		fib.ipv4_src = iph->saddr;
		fib.ipv4_dst = iph->daddr;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		udp = (void *)(ip6 + 1);
		if ((void *)(udp + 1) > end)
			goto bad;
		fib.family = AF_INET6;
		fib.flowinfo = *(__be32 *)ip6 & bpf_htonl(0x0FFFFFFF);
		fib.tot_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
		__builtin_memcpy(fib.ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(fib.ipv6_dst, &ip6->daddr, 16);
	} else {
		goto bad;
	}
	fib.l4_protocol = IPPROTO_UDP;
	fib.sport = udp->source;
	fib.dport = udp->dest;
	fib.ifindex = ctx->ingress_ifindex;
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS) {
		*reason = rc == BPF_FIB_LKUP_RET_NO_NEIGH ?
				  WRTC_XDP_R_FIB_NO_NEIGH :
			  rc == BPF_FIB_LKUP_RET_FWD_DISABLED ?
				  WRTC_XDP_R_FIB_FWD_DISABLED :
				  WRTC_XDP_R_FIB_FAILED;
		return XDP_DROP;
	}
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	if (fib.ifindex == ctx->ingress_ifindex)
		return XDP_TX;
	return bpf_redirect(fib.ifindex, 0);
bad:
	/* wrtc_xdp_relay() wrote these headers: it broke its contract. */
	*reason = WRTC_XDP_R_RELAY_FAILED;
	return XDP_DROP;
}

/* RTP or RTCP: through a kernel leg, or to the stack. */
static __always_inline int media(struct xdp_md *ctx, struct wrtc_pkt *pkt,
				 bool drop_unexpected, int *reason)
{
	struct wrtc_leg *leg;
	int err;

	if (!wrtc_kfuncs()) {
		*reason = WRTC_XDP_R_NO_MODULE;
	} else {
		leg = lookup_leg(ctx, pkt);
		if (leg) {
			if (!pkt->relayable) {
				wrtc_leg_release(leg);
				*reason = WRTC_XDP_R_RELAY_UNSUPPORTED;
				return XDP_PASS;
			}
			err = wrtc_xdp_relay(ctx, leg);
			wrtc_leg_release(leg);
			if (err)
				return relay_failed(err, reason);
			return forward(ctx, reason);
		}
		*reason = WRTC_XDP_R_NO_LEG;
	}
	if (drop_unexpected && !expected(pkt)) {
		*reason = WRTC_XDP_R_UNEXPECTED;
		return XDP_DROP;
	}
	return XDP_PASS;
}

SEC("xdp")
int wrtc_xdp(struct xdp_md *ctx)
{
	__u64 bytes = ctx->data_end - ctx->data;
	struct wrtc_xdp_config *cfg;
	struct wrtc_pkt pkt = {};
	int class, reason = 0;
	int verdict = XDP_PASS;
	bool drop_unexpected;
	__u32 zero = 0;

	class = parse(ctx, &pkt);
	if (class < 0) {
		reason = class;
		class = WRTC_XDP_C_UNPARSED;
		goto out;
	}
	if (class == WRTC_XDP_C_NOT_MEDIA || class == WRTC_XDP_C_STUN)
		goto out;
	cfg = bpf_map_lookup_elem(&wrtc_config, &zero);
	drop_unexpected = cfg && (cfg->flags & WRTC_XDP_F_DROP_UNEXPECTED);
	if (class == WRTC_XDP_C_RTP || class == WRTC_XDP_C_RTCP) {
		verdict = media(ctx, &pkt, drop_unexpected, &reason);
	} else if (drop_unexpected && !expected(&pkt) &&
		   !leg_exists(ctx, &pkt)) {
		reason = WRTC_XDP_R_UNEXPECTED;
		verdict = XDP_DROP;
	}
out:
	if (verdict >= 0 && verdict < WRTC_XDP_VERDICTS)
		count(&wrtc_stats, WRTC_XDP_STATS_KEY(class, verdict), bytes);
	if (reason < 0 && reason >= WRTC_XDP_R_MIN)
		count(&wrtc_reasons, -reason, bytes);
	return verdict;
}

char LICENSE[] SEC("license") = "GPL";
