// SPDX-License-Identifier: GPL-2.0
/*
 * The kfuncs an XDP program relays SRTP with (registered for
 * BPF_PROG_TYPE_XDP):
 *
 *   struct wrtc_leg *wrtc_leg_lookup(struct xdp_md *ctx,
 *                                    struct bpf_sock_tuple *tuple,
 *                                    u32 tuple__sz);
 *       The leg of a received packet, by the addresses and ports as the
 *       packet carries them (saddr:sport = the leg's remote end,
 *       daddr:dport = its local end); tuple__sz is sizeof(tuple->ipv4) or
 *       sizeof(tuple->ipv6). Looked up in the namespace of the receiving
 *       device. Returns a reference (KF_ACQUIRE) or NULL.
 *   void wrtc_leg_release(struct wrtc_leg *leg);
 *       Drops it (KF_RELEASE).
 *   int wrtc_xdp_relay(struct xdp_md *ctx, struct wrtc_leg *leg);
 *       Transforms the packet in place for the leg's peer: unprotects the
 *       SRTP or SRTCP (rtcp-mux: RFC 5761 section 4) with the leg's rx
 *       keys, protects it with the peer's tx keys, rewrites the IP
 *       addresses and UDP ports to the peer's local -> remote tuple (TTL /
 *       hop limit reset: the gateway originates the packet), fixes lengths
 *       and the IPv4 and UDP checksums, and moves data_end for the new tag
 *       length, within the frame: into its tailroom, or when that is too
 *       small, by moving the frame into its headroom (data moves too).
 *       Ethernet addresses are the program's (bpf_fib_lookup), as is
 *       XDP_TX or a redirect. The incoming UDP checksum is not checked
 *       (from a local sender on veth it is only partial); SRTP's
 *       authentication covers the payload.
 *       Returns 0 or a negative errno:
 *         -EINVAL       not Ethernet + IPv4/IPv6 + UDP whose lengths agree
 *                       (IPv4 header checksum included), or not addressed
 *                       to @leg's tuple;
 *         -EOPNOTSUPP   a multi-buffer frame, IPv4 options or fragments,
 *                       IPv6 extension headers; -EPROTONOSUPPORT not UDP;
 *         -EPROTO       the payload is not RTP or RTCP (RFC 7983);
 *         -ENOLINK      @leg has no peer; -EAFNOSUPPORT the peer's address
 *                       family differs (the header would change size);
 *         -ENOKEY       no rx key on @leg or no tx key on the peer;
 *         -ENOSPC       no room in the frame for the peer's longer tag;
 *         -EBADMSG      authentication failed (counted), -EALREADY a
 *                       replay (counted), -EKEYEXPIRED the rx or tx key
 *                       is at its packet limit or out of indices
 *                       (key-exhaust-ntf tells userspace), and the SRTP
 *                       transform's other errors (lib/srtp_xform.h).
 *       A packet that was refused is as it was received (unless GCM
 *       zeroed a forgery), or, when re-protecting failed after it was
 *       decrypted, its payload is wiped: no plaintext leaves. Forgeries
 *       and replays are for XDP_DROP; the rest may go to wrtcd (XDP_PASS).
 *       The packet's length and place change: pointers into it taken
 *       before the call are stale (the verifier does not know); read
 *       ctx->data and ctx->data_end again.
 *
 * The leg a program holds is referenced, so it stays valid; its peer and
 * keys are read under RCU, and each key's transform runs under its lock.
 */
#include <linux/bottom_half.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/xdp.h>

#include "compat.h"
#include "wrtc.h"

/* A parsed UDP packet. */
struct wrtc_pkt {
	struct iphdr *ip4;
	struct ipv6hdr *ip6;
	struct udphdr *udp;
	u8 *payload;
	size_t len; /* of the payload */
};

static int wrtc_parse_ip4(struct iphdr *iph, const u8 *end, struct wrtc_pkt *p,
			  struct wrtc_tuple *t)
{
	unsigned int tot;

	if ((u8 *)(iph + 1) > end || iph->version != 4)
		return -EINVAL;
	/* Media carries no options: a fixed header keeps rewriting simple. */
	if (iph->ihl != 5 || (iph->frag_off & htons(IP_MF | IP_OFFSET)))
		return -EOPNOTSUPP;
	if (iph->protocol != IPPROTO_UDP)
		return -EPROTONOSUPPORT;
	tot = ntohs(iph->tot_len);
	if (ip_fast_csum(iph, iph->ihl) || tot < sizeof(*iph) + 8 ||
	    tot > end - (u8 *)iph)
		return -EINVAL;
	p->ip4 = iph;
	p->udp = (struct udphdr *)(iph + 1);
	p->len = tot - sizeof(*iph) - 8;
	t->family = AF_INET;
	ipv6_addr_set_v4mapped(iph->daddr, &t->local);
	ipv6_addr_set_v4mapped(iph->saddr, &t->remote);
	return 0;
}

static int wrtc_parse_ip6(struct ipv6hdr *ip6, const u8 *end,
			  struct wrtc_pkt *p, struct wrtc_tuple *t)
{
	unsigned int len;

	if ((u8 *)(ip6 + 1) > end || ip6->version != 6)
		return -EINVAL;
	if (ip6->nexthdr != IPPROTO_UDP)
		return ipv6_ext_hdr(ip6->nexthdr) ? -EOPNOTSUPP :
						    -EPROTONOSUPPORT;
	len = ntohs(ip6->payload_len);
	if (len < 8 || len > end - (u8 *)(ip6 + 1))
		return -EINVAL;
	p->ip6 = ip6;
	p->udp = (struct udphdr *)(ip6 + 1);
	p->len = len - 8;
	t->family = AF_INET6;
	t->local = ip6->daddr;
	t->remote = ip6->saddr;
	return 0;
}

/* Parse Ethernet, IP and UDP, and the tuple the packet is addressed to. */
static int wrtc_parse(struct xdp_buff *xdp, struct wrtc_pkt *p,
		      struct wrtc_tuple *t)
{
	const u8 *end = xdp->data_end;
	struct ethhdr *eth = xdp->data;
	int ret;

	memset(p, 0, sizeof(*p));
	memset(t, 0, sizeof(*t));
	if (end - (u8 *)eth < ETH_HLEN)
		return -EINVAL;
	if (eth->h_proto == htons(ETH_P_IP))
		ret = wrtc_parse_ip4((struct iphdr *)(eth + 1), end, p, t);
	else if (eth->h_proto == htons(ETH_P_IPV6))
		ret = wrtc_parse_ip6((struct ipv6hdr *)(eth + 1), end, p, t);
	else
		ret = -EINVAL;
	if (ret)
		return ret;
	if (ntohs(p->udp->len) != p->len + 8)
		return -EINVAL;
	p->payload = (u8 *)(p->udp + 1);
	t->local_port = p->udp->dest;
	t->remote_port = p->udp->source;
	return 0;
}

/* Addresses, ports, lengths and checksums for @len payload bytes. */
static void wrtc_rewrite(struct net *net, struct wrtc_pkt *p,
			 const struct wrtc_tuple *to, size_t len)
{
	struct udphdr *udp = p->udp;
	unsigned int ulen = len + sizeof(*udp);
	__wsum csum;

	udp->source = to->local_port;
	udp->dest = to->remote_port;
	udp->len = htons(ulen);
	udp->check = 0;
	csum = csum_partial(udp, ulen, 0);
	if (p->ip4) {
		struct iphdr *iph = p->ip4;

		iph->saddr = to->local.s6_addr32[3];
		iph->daddr = to->remote.s6_addr32[3];
		iph->tot_len = htons(sizeof(*iph) + ulen);
		iph->ttl = READ_ONCE(net->ipv4.sysctl_ip_default_ttl);
		iph->check = 0;
		iph->check = ip_fast_csum(iph, iph->ihl);
		udp->check = csum_tcpudp_magic(iph->saddr, iph->daddr, ulen,
					       IPPROTO_UDP, csum);
	} else {
		struct ipv6hdr *ip6 = p->ip6;

		ip6->saddr = to->local;
		ip6->daddr = to->remote;
		ip6->payload_len = htons(ulen);
		ip6->hop_limit = IPV6_DEFAULT_HOPLIMIT;
		udp->check = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, ulen,
					     IPPROTO_UDP, csum);
	}
	if (!udp->check)
		udp->check = CSUM_MANGLED_0;
}

/*
 * Room for the payload to grow to @need bytes. Tailroom first; when the
 * frame has too little (veth and generic XDP hand over skb heads with
 * only alignment slack), the frame moves towards its head by the
 * difference, metadata and all, keeping the headroom an xdp_frame needs
 * (as bpf_xdp_adjust_head does). The packet's content does not change.
 */
static int wrtc_make_room(struct xdp_buff *xdp, struct wrtc_pkt *p, size_t need)
{
	u8 *hard_end = xdp_data_hard_end(xdp);
	u8 *start = xdp->data;
	bool meta = !xdp_data_meta_unsupported(xdp);
	ptrdiff_t shift;

	if (need <= (size_t)(hard_end - p->payload))
		return 0;
	shift = p->payload + need - hard_end;
	if (meta)
		start = xdp->data_meta;
	if (start - shift <
	    (u8 *)xdp->data_hard_start + sizeof(struct xdp_frame))
		return -ENOSPC;
	memmove(start - shift, start, (u8 *)xdp->data_end - start);
	xdp->data -= shift;
	xdp->data_end -= shift;
	if (meta)
		xdp->data_meta -= shift;
	if (p->ip4)
		p->ip4 = (struct iphdr *)((u8 *)p->ip4 - shift);
	else
		p->ip6 = (struct ipv6hdr *)((u8 *)p->ip6 - shift);
	p->udp = (struct udphdr *)((u8 *)p->udp - shift);
	p->payload -= shift;
	return 0;
}

/* Unprotect for @leg, protect for @peer: the payload's new length. */
static int wrtc_relay_srtp(struct xdp_buff *xdp, struct wrtc_leg *leg,
			   struct wrtc_leg *peer, struct wrtc_pkt *p, bool rtcp)
{
	int rx_over, tx_over, len, ret;

	rx_over = wrtc_srtp_overhead(leg, WRTC_DIRECTION_RX, rtcp);
	tx_over = wrtc_srtp_overhead(peer, WRTC_DIRECTION_TX, rtcp);
	if (rx_over < 0 || tx_over < 0)
		return -ENOKEY;
	/* Before decrypting what could not be sent on. */
	if (p->len >= (size_t)rx_over) {
		ret = wrtc_make_room(xdp, p, p->len - rx_over + tx_over);
		if (ret)
			return ret;
	}
	len = wrtc_srtp_unprotect(leg, p->payload, p->len, rtcp);
	if (len < 0)
		return len;
	ret = wrtc_srtp_protect(peer, p->payload, len,
				(u8 *)xdp_data_hard_end(xdp) - p->payload,
				rtcp);
	/* Whatever the program does with it now, no plaintext goes out. */
	if (ret < 0)
		memzero_explicit(p->payload, len);
	return ret;
}

WRTC_KFUNC_START_DEFS;

__bpf_kfunc struct wrtc_leg *wrtc_leg_lookup(struct xdp_md *xdp_ctx,
					     struct bpf_sock_tuple *tuple,
					     u32 tuple__sz)
{
	struct xdp_buff *xdp = (struct xdp_buff *)xdp_ctx;
	struct wrtc_tuple t = {};

	if (!tuple)
		return NULL;
	if (tuple__sz == sizeof(tuple->ipv4)) {
		t.family = AF_INET;
		ipv6_addr_set_v4mapped(tuple->ipv4.daddr, &t.local);
		ipv6_addr_set_v4mapped(tuple->ipv4.saddr, &t.remote);
		t.local_port = tuple->ipv4.dport;
		t.remote_port = tuple->ipv4.sport;
	} else if (tuple__sz == sizeof(tuple->ipv6)) {
		t.family = AF_INET6;
		memcpy(&t.local, tuple->ipv6.daddr, sizeof(t.local));
		memcpy(&t.remote, tuple->ipv6.saddr, sizeof(t.remote));
		t.local_port = tuple->ipv6.dport;
		t.remote_port = tuple->ipv6.sport;
	} else {
		return NULL;
	}
	return wrtc_leg_find(dev_net(xdp->rxq->dev), &t);
}

__bpf_kfunc void wrtc_leg_release(struct wrtc_leg *leg)
{
	if (leg)
		wrtc_leg_put(leg);
}

__bpf_kfunc int wrtc_xdp_relay(struct xdp_md *xdp_ctx, struct wrtc_leg *leg)
{
	struct xdp_buff *xdp = (struct xdp_buff *)xdp_ctx;
	struct wrtc_leg *peer;
	struct wrtc_tuple t;
	struct wrtc_pkt p;
	bool rtcp;
	int ret;

	if (!leg)
		return -EINVAL;
	if (xdp_buff_has_frags(xdp))
		return -EOPNOTSUPP;
	ret = wrtc_parse(xdp, &p, &t);
	if (ret)
		return ret;
	if (memcmp(&t, &leg->tuple, sizeof(t)))
		return -EINVAL;
	/* RFC 7983: RTP and RTCP start with 128..191; RFC 5761 section 4. */
	if (p.len < 2 || p.payload[0] < 128 || p.payload[0] > 191)
		return -EPROTO;
	rtcp = p.payload[1] >= 192 && p.payload[1] <= 223;
	if ((u8 *)xdp_data_hard_end(xdp) < p.payload + p.len)
		return -EINVAL;

	/*
	 * BH off: XDP proper runs in softirq already, BPF_PROG_TEST_RUN in a
	 * task; the per-CPU state of the SRTP step needs it either way.
	 */
	local_bh_disable();
	rcu_read_lock();
	peer = rcu_dereference(leg->peer);
	if (!peer)
		ret = -ENOLINK;
	else if (peer->tuple.family != leg->tuple.family)
		ret = -EAFNOSUPPORT;
	else
		ret = wrtc_relay_srtp(xdp, leg, peer, &p, rtcp);
	if (ret >= 0) {
		wrtc_rewrite(dev_net(xdp->rxq->dev), &p, &peer->tuple, ret);
		xdp->data_end = p.payload + ret;
		ret = 0;
	}
	rcu_read_unlock();
	local_bh_enable();
	return ret;
}

WRTC_KFUNC_END_DEFS;

WRTC_KFUNCS_START(wrtc_kfunc_ids)
BTF_ID_FLAGS(func, wrtc_leg_lookup, KF_ACQUIRE | KF_RET_NULL)
BTF_ID_FLAGS(func, wrtc_leg_release, KF_RELEASE)
BTF_ID_FLAGS(func, wrtc_xdp_relay, KF_TRUSTED_ARGS)
WRTC_KFUNCS_END(wrtc_kfunc_ids)

static const struct btf_kfunc_id_set wrtc_kfunc_set = {
	.owner = THIS_MODULE,
	.set = &wrtc_kfunc_ids,
};

/*
 * There is no unregistering: the set goes with the module's BTF. Without
 * module BTF (a build without pahole or vmlinux) this fails, and the
 * module still serves netlink for a userspace data path.
 */
int wrtc_xdp_init(void)
{
	int err = register_btf_kfunc_id_set(BPF_PROG_TYPE_XDP, &wrtc_kfunc_set);

	if (err)
		pr_warn("wrtc: XDP kfuncs not registered (%d): no module BTF?\n",
			err);
	return err;
}
