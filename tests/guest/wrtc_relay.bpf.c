// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP programs of wrtc.ko's guest tests: the smallest users of its
 * kfuncs (kmod/xdp.c). Not the gateway's program (bpf/): no demux beyond
 * "UDP to a leg", no maps beyond the counters the tests read.
 *
 *   wrtc_relay_tx   leg lookup, wrtc_xdp_relay, XDP_TX: run with
 *                   BPF_PROG_TEST_RUN, whose output is the relayed packet;
 *   wrtc_relay_fwd  the same, then bpf_fib_lookup and a redirect out of
 *                   the egress device: between veth namespaces;
 *   wrtc_pass       XDP_PASS, for the veth that receives redirected frames
 *                   (veth delivers XDP frames only to a peer with XDP).
 *
 * Packets that are not UDP to a leg pass; relay errors drop. The last
 * relay's return value and per-outcome counts are in .bss (struct
 * wrtc_relay_result, tests/guest/wrtc_relay.h).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "wrtc_relay.h"

#ifndef AF_INET
#define AF_INET 2
#define AF_INET6 10
#endif

/*
 * wrtc.ko's kfuncs. The leg is opaque here, but it must be a struct, not
 * a forward declaration, for libbpf to match the kernel's prototype.
 */
struct wrtc_leg {
	int opaque;
};

extern struct wrtc_leg *wrtc_leg_lookup(struct xdp_md *ctx,
					struct bpf_sock_tuple *tuple,
					__u32 tuple__sz) __ksym;
extern void wrtc_leg_release(struct wrtc_leg *leg) __ksym;
extern int wrtc_xdp_relay(struct xdp_md *ctx, struct wrtc_leg *leg) __ksym;

struct wrtc_relay_result result;

/*
 * Find the leg of a UDP packet and relay it. Returns 1 when relayed, 0
 * when the packet is not a leg's (pass it), -1 when the relay failed.
 */
static __always_inline int relay(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct bpf_sock_tuple t = {};
	struct ethhdr *eth = data;
	struct wrtc_leg *leg;
	struct udphdr *udp;
	int ret;

	if ((void *)(eth + 1) > end)
		return 0;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end || ip->ihl != 5 ||
		    ip->protocol != IPPROTO_UDP)
			return 0;
		udp = (void *)(ip + 1);
		if ((void *)(udp + 1) > end)
			return 0;
		t.ipv4.saddr = ip->saddr;
		t.ipv4.daddr = ip->daddr;
		t.ipv4.sport = udp->source;
		t.ipv4.dport = udp->dest;
		leg = wrtc_leg_lookup(ctx, &t, sizeof(t.ipv4));
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_UDP)
			return 0;
		udp = (void *)(ip6 + 1);
		if ((void *)(udp + 1) > end)
			return 0;
		__builtin_memcpy(t.ipv6.saddr, &ip6->saddr, 16);
		__builtin_memcpy(t.ipv6.daddr, &ip6->daddr, 16);
		t.ipv6.sport = udp->source;
		t.ipv6.dport = udp->dest;
		leg = wrtc_leg_lookup(ctx, &t, sizeof(t.ipv6));
	} else {
		return 0;
	}
	if (!leg) {
		__sync_fetch_and_add(&result.no_leg, 1);
		return 0;
	}
	ret = wrtc_xdp_relay(ctx, leg);
	wrtc_leg_release(leg);
	result.last_ret = (__u64)(__s64)ret;
	if (ret) {
		__sync_fetch_and_add(&result.failed, 1);
		return -1;
	}
	__sync_fetch_and_add(&result.relayed, 1);
	return 1;
}

SEC("xdp")
int wrtc_relay_tx(struct xdp_md *ctx)
{
	int r = relay(ctx);

	return r > 0 ? XDP_TX : r < 0 ? XDP_DROP : XDP_PASS;
}

/* Ethernet addresses and egress device for the relayed packet. */
static __always_inline int forward(struct xdp_md *ctx)
{
	/* The relay moved data_end: everything is read again. */
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct bpf_fib_lookup fib = {};
	struct ethhdr *eth = data;
	long rc;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end)
			return XDP_DROP;
		fib.family = AF_INET;
		fib.tos = ip->tos;
		fib.tot_len = bpf_ntohs(ip->tot_len);
		fib.ipv4_src = ip->saddr;
		fib.ipv4_dst = ip->daddr;
	} else {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return XDP_DROP;
		fib.family = AF_INET6;
		fib.tot_len = bpf_ntohs(ip6->payload_len) + sizeof(*ip6);
		__builtin_memcpy(fib.ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(fib.ipv6_dst, &ip6->daddr, 16);
	}
	fib.l4_protocol = IPPROTO_UDP;
	fib.ifindex = ctx->ingress_ifindex;
	rc = bpf_fib_lookup(ctx, &fib, sizeof(fib), 0);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS) {
		result.fib_ret = (__u64)rc;
		__sync_fetch_and_add(&result.fib_failed, 1);
		return XDP_DROP;
	}
	__builtin_memcpy(eth->h_dest, fib.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, fib.smac, ETH_ALEN);
	return bpf_redirect(fib.ifindex, 0);
}

SEC("xdp")
int wrtc_relay_fwd(struct xdp_md *ctx)
{
	int r = relay(ctx);

	if (r < 0)
		return XDP_DROP;
	if (r == 0)
		return XDP_PASS;
	return forward(ctx);
}

SEC("xdp")
int wrtc_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
