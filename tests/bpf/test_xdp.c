// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_PROG_TEST_RUN fixtures of wrtc's XDP program (bpf/wrtc_xdp.bpf.c),
 * loaded through its loader (bpf/wrtc_xdp.c). One fixture variant per
 * case: the packet (tests/bpf/pkt.h), the configuration, the expected
 * verdict, output packet and counter increments (class x verdict, reason).
 *
 * Without wrtc.ko (the host: no modules) RTP and RTCP go to the stack with
 * reason no_module; with it loaded (a guest) and no leg, with no_leg: the
 * fixtures expect whichever applies.
 */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pkt.h"
#include "xdp_run.h"
#include "wrtc_xdp.h"

#define MEDIA_LO 40000
#define MEDIA_HI 40999

/* The source key of a fixture's packet, with optional other ports. */
static void spec_source(const struct pkt_spec *s, struct wrtc_xdp_source *k,
			uint16_t local_port, uint16_t remote_port)
{
	uint8_t a[16];
	int fam = s->ip == 6 ? AF_INET6 : AF_INET;

	inet_pton(fam,
		  s->src	 ? s->src :
		  fam == AF_INET ? "192.0.2.1" :
				   "2001:db8::1",
		  a);
	wrtc_xdp_source_init(k, fam, a,
			     local_port ? local_port :
			     s->dport	? s->dport :
					  40000,
			     remote_port ? remote_port :
			     s->sport	 ? s->sport :
					   5000);
}

FIXTURE(xdp)
{
	struct wrtc_xdp *x;
};

FIXTURE_VARIANT(xdp)
{
	struct pkt_spec pkt;
	bool no_config; /* leave the config as loaded (all zero) */
	bool drop_unexpected;
	bool expect_source; /* add the packet's source to wrtc_expected */
	uint16_t expect_local_port, expect_remote_port; /* other than its */
	struct expect e;
};

FIXTURE_SETUP(xdp)
{
	struct wrtc_xdp_config cfg = {
		.port_lo = MEDIA_LO,
		.port_hi = MEDIA_HI,
		.flags = variant->drop_unexpected ? WRTC_XDP_F_DROP_UNEXPECTED :
						    0,
	};
	struct wrtc_xdp_source src;

	ASSERT_EQ(0, wrtc_xdp_open(&self->x, NULL));
	if (!variant->no_config)
		ASSERT_EQ(0, wrtc_xdp_set_config(self->x, &cfg));
	if (variant->expect_source) {
		spec_source(&variant->pkt, &src, variant->expect_local_port,
			    variant->expect_remote_port);
		ASSERT_EQ(0, wrtc_xdp_expect(self->x, &src));
	}
}

FIXTURE_TEARDOWN(xdp)
{
	wrtc_xdp_close(self->x);
}

/* The fixtures: one line of packet, one of expectations. */
/* clang-format off */
/* RTP/RTCP not relayed for want of a leg: why depends on the module. */
#define NO_LEG WRTC_XDP_R_NO_MODULE

#define PASS(cls, why) { .verdict = XDP_PASS, .class = WRTC_XDP_C_##cls, \
			 .reason = (why) }
#define DROP(cls, why) { .verdict = XDP_DROP, .class = WRTC_XDP_C_##cls, \
			 .reason = (why) }
#define UNPARSED(why) PASS(UNPARSED, WRTC_XDP_R_##why)

/* ---- RFC 7983 demux, IPv4 and IPv6 ------------------------------------ */
FIXTURE_VARIANT_ADD(xdp, stun_ip4) {
	.pkt = { .ip = 4, STUN_BINDING }, .e = PASS(STUN, 0),
};
FIXTURE_VARIANT_ADD(xdp, dtls_ip4) {
	.pkt = { .ip = 4, DTLS_HELLO }, .e = PASS(DTLS, 0),
};
FIXTURE_VARIANT_ADD(xdp, rtp_ip4_no_leg) {
	.pkt = { .ip = 4, RTP_PCMU }, .e = PASS(RTP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, rtcp_ip4_no_leg) {
	.pkt = { .ip = 4, RTCP_SR }, .e = PASS(RTCP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, stun_ip6) {
	.pkt = { .ip = 6, STUN_BINDING }, .e = PASS(STUN, 0),
};
FIXTURE_VARIANT_ADD(xdp, dtls_ip6) {
	.pkt = { .ip = 6, DTLS_HELLO }, .e = PASS(DTLS, 0),
};
FIXTURE_VARIANT_ADD(xdp, rtp_ip6_no_leg) {
	.pkt = { .ip = 6, RTP_PCMU }, .e = PASS(RTP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, rtcp_ip6_no_leg) {
	.pkt = { .ip = 6, RTCP_SR }, .e = PASS(RTCP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, turn_channel_is_other) {
	.pkt = { .ip = 4, TURN_CHANNEL }, .e = PASS(OTHER, 0),
};
FIXTURE_VARIANT_ADD(xdp, zrtp_is_other) {
	.pkt = { .ip = 4, PAYLOAD("\x10\x00\x00\x00") }, .e = PASS(OTHER, 0),
};
FIXTURE_VARIANT_ADD(xdp, empty_payload_is_other) {
	.pkt = { .ip = 4 }, .e = PASS(OTHER, 0),
};
/* 192..255 is unassigned in RFC 7983: not RTP. */
FIXTURE_VARIANT_ADD(xdp, byte_192_is_other) {
	.pkt = { .ip = 4, PAYLOAD("\xc0\xc8\x00\x00") }, .e = PASS(OTHER, 0),
};
FIXTURE_VARIANT_ADD(xdp, byte_191_is_rtp) {
	.pkt = { .ip = 4, PAYLOAD("\xbf\x00\x00\x00") },
	.e = PASS(RTP, NO_LEG),
};
/* RFC 5761 4.: RTCP packet types 192..223 in the second byte; RTP with
 * the marker bit set reaches 128 + payload type there. */
FIXTURE_VARIANT_ADD(xdp, rtcp_type_192) {
	.pkt = { .ip = 4, PAYLOAD("\x80\xc0\x00\x01\x00\x00\x00\x01") },
	.e = PASS(RTCP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, rtcp_type_223) {
	.pkt = { .ip = 6, PAYLOAD("\x80\xdf\x00\x01\x00\x00\x00\x01") },
	.e = PASS(RTCP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, rtp_marker_type_63) {
	.pkt = { .ip = 4, PAYLOAD("\x80\xbf\x00\x01\x00\x00\x00\x01"
				  "\x00\x00\x00\x01") },
	.e = PASS(RTP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, rtp_marker_type_96) {
	.pkt = { .ip = 4, PAYLOAD("\x80\xe0\x00\x01\x00\x00\x00\x01"
				  "\x00\x00\x00\x01") },
	.e = PASS(RTP, NO_LEG),
};
/* One byte: RTP by its first byte; the second decides RTCP. */
FIXTURE_VARIANT_ADD(xdp, one_byte_rtp) {
	.pkt = { .ip = 4, PAYLOAD("\x80") }, .e = PASS(RTP, NO_LEG),
};

/* ---- which traffic is the gateway's ------------------------------------- */
FIXTURE_VARIANT_ADD(xdp, not_a_media_port) {
	.pkt = { .ip = 4, .dport = 5060, RTP_PCMU }, .e = PASS(NOT_MEDIA, 0),
};
FIXTURE_VARIANT_ADD(xdp, below_the_media_ports) {
	.pkt = { .ip = 4, .dport = MEDIA_LO - 1, RTP_PCMU },
	.e = PASS(NOT_MEDIA, 0),
};
FIXTURE_VARIANT_ADD(xdp, above_the_media_ports) {
	.pkt = { .ip = 6, .dport = MEDIA_HI + 1, RTP_PCMU },
	.e = PASS(NOT_MEDIA, 0),
};
FIXTURE_VARIANT_ADD(xdp, last_media_port) {
	.pkt = { .ip = 4, .dport = MEDIA_HI, RTP_PCMU },
	.e = PASS(RTP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, unconfigured_passes_all) {
	.pkt = { .ip = 4, RTP_PCMU }, .no_config = true,
	.e = PASS(NOT_MEDIA, 0),
};
FIXTURE_VARIANT_ADD(xdp, tcp_to_media_port) {
	.pkt = { .ip = 4, .proto = IPPROTO_TCP, RTP_PCMU },
	.e = PASS(NOT_MEDIA, 0),
};
FIXTURE_VARIANT_ADD(xdp, icmp6_to_media_port) {
	.pkt = { .ip = 6, .proto = IPPROTO_ICMPV6, RTP_PCMU },
	.e = PASS(NOT_MEDIA, 0),
};
FIXTURE_VARIANT_ADD(xdp, arp) {
	.pkt = { .ethertype = ETH_P_ARP }, .e = PASS(NOT_MEDIA, 0),
};

/* ---- headers that vary: IPv4 options, VLAN tags -------------------------- */
FIXTURE_VARIANT_ADD(xdp, ip4_options_rtp) {
	.pkt = { .ip = 4, .ip4_opts = 8, RTP_PCMU }, .e = PASS(RTP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, ip4_max_options_stun) {
	.pkt = { .ip = 4, .ip4_opts = 40, STUN_BINDING }, .e = PASS(STUN, 0),
};
FIXTURE_VARIANT_ADD(xdp, vlan_8021q_rtp) {
	.pkt = { .vlan_proto = ETH_P_8021Q, .ip = 4, RTP_PCMU },
	.e = PASS(RTP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, vlan_8021ad_stun_ip6) {
	.pkt = { .vlan_proto = ETH_P_8021AD, .ip = 6, STUN_BINDING },
	.e = PASS(STUN, 0),
};
/* A second tag is not walked: the stack gets it. */
FIXTURE_VARIANT_ADD(xdp, two_vlan_tags) {
	.pkt = { .vlan_proto = ETH_P_8021AD, .vlan_proto2 = ETH_P_8021Q,
		 .ip = 4, RTP_PCMU },
	.e = PASS(NOT_MEDIA, 0),
};

/* ---- truncated at each header ------------------------------------------ */
FIXTURE_VARIANT_ADD(xdp, cut_in_ethernet) {
	.pkt = { .ip = 4, RTP_PCMU, .cut = 13 }, .e = UNPARSED(TRUNC_ETH),
};
FIXTURE_VARIANT_ADD(xdp, cut_in_vlan_tag) {
	.pkt = { .vlan_proto = ETH_P_8021Q, .ip = 4, RTP_PCMU, .cut = 17 },
	.e = UNPARSED(TRUNC_VLAN),
};
FIXTURE_VARIANT_ADD(xdp, cut_in_ip4) {
	.pkt = { .ip = 4, RTP_PCMU, .cut = 14 + 19 }, .e = UNPARSED(TRUNC_IP4),
};
FIXTURE_VARIANT_ADD(xdp, cut_in_ip4_options) {
	.pkt = { .ip = 4, .ip4_opts = 12, RTP_PCMU, .cut = 14 + 28 },
	.e = UNPARSED(TRUNC_IP4),
};
FIXTURE_VARIANT_ADD(xdp, cut_in_ip6) {
	.pkt = { .ip = 6, RTP_PCMU, .cut = 14 + 39 }, .e = UNPARSED(TRUNC_IP6),
};
FIXTURE_VARIANT_ADD(xdp, cut_in_udp_ip4) {
	.pkt = { .ip = 4, RTP_PCMU, .cut = 14 + 20 + 7 },
	.e = UNPARSED(TRUNC_UDP),
};
FIXTURE_VARIANT_ADD(xdp, cut_in_udp_ip6) {
	.pkt = { .ip = 6, RTP_PCMU, .cut = 14 + 40 + 4 },
	.e = UNPARSED(TRUNC_UDP),
};
FIXTURE_VARIANT_ADD(xdp, cut_in_payload) {
	.pkt = { .ip = 4, RTP_PCMU, .cut = 14 + 20 + 8 + 5 },
	.e = UNPARSED(IP_LEN),
};

/* ---- lengths and fields that lie ---------------------------------------- */
FIXTURE_VARIANT_ADD(xdp, udp_len_longer_than_ip) {
	.pkt = { .ip = 4, RTP_PCMU, .udp_len_delta = 4 }, .e = UNPARSED(UDP_LEN),
};
FIXTURE_VARIANT_ADD(xdp, udp_len_shorter_than_ip) {
	.pkt = { .ip = 4, RTP_PCMU, .udp_len_delta = -4 },
	.e = UNPARSED(UDP_LEN),
};
FIXTURE_VARIANT_ADD(xdp, udp_len_below_header) {
	.pkt = { .ip = 6, .udp_len_delta = -2 }, .e = UNPARSED(UDP_LEN),
};
FIXTURE_VARIANT_ADD(xdp, ip4_len_beyond_frame) {
	.pkt = { .ip = 4, RTP_PCMU, .ip_len_delta = 1 }, .e = UNPARSED(IP_LEN),
};
FIXTURE_VARIANT_ADD(xdp, ip4_len_below_header) {
	.pkt = { .ip = 4, RTP_PCMU, .ip_len_delta = -30 },
	.e = UNPARSED(IP_LEN),
};
FIXTURE_VARIANT_ADD(xdp, ip6_len_beyond_frame) {
	.pkt = { .ip = 6, RTP_PCMU, .ip_len_delta = 8 }, .e = UNPARSED(IP_LEN),
};
/* Shorter IP length than the frame: Ethernet padding, fine if UDP agrees. */
FIXTURE_VARIANT_ADD(xdp, ip6_len_short_of_udp) {
	.pkt = { .ip = 6, RTP_PCMU, .ip_len_delta = -4 },
	.e = UNPARSED(UDP_LEN),
};
FIXTURE_VARIANT_ADD(xdp, ip4_version_6) {
	.pkt = { .ip = 4, .version = 6, RTP_PCMU }, .e = UNPARSED(BAD_IP),
};
FIXTURE_VARIANT_ADD(xdp, ip4_ihl_4) {
	.pkt = { .ip = 4, .ihl = 4, RTP_PCMU }, .e = UNPARSED(BAD_IP),
};
FIXTURE_VARIANT_ADD(xdp, ip6_version_4) {
	.pkt = { .ip = 6, .version = 4, RTP_PCMU }, .e = UNPARSED(BAD_IP),
};

/* ---- fragments and IPv6 extension headers ------------------------------ */
FIXTURE_VARIANT_ADD(xdp, ip4_first_fragment) {
	.pkt = { .ip = 4, .frag_off = 0x2000, RTP_PCMU },
	.e = UNPARSED(FRAGMENT),
};
FIXTURE_VARIANT_ADD(xdp, ip4_later_fragment) {
	.pkt = { .ip = 4, .frag_off = 185, RTP_PCMU }, .e = UNPARSED(FRAGMENT),
};
FIXTURE_VARIANT_ADD(xdp, ip4_last_fragment) {
	.pkt = { .ip = 4, .frag_off = 370, STUN_BINDING },
	.e = UNPARSED(FRAGMENT),
};
/* DF is not a fragment. */
FIXTURE_VARIANT_ADD(xdp, ip4_dont_fragment) {
	.pkt = { .ip = 4, .frag_off = 0x4000, STUN_BINDING },
	.e = PASS(STUN, 0),
};
FIXTURE_VARIANT_ADD(xdp, ip6_fragment_header) {
	.pkt = { .ip = 6, .proto = 44, RTP_PCMU }, .e = UNPARSED(FRAGMENT),
};
FIXTURE_VARIANT_ADD(xdp, ip6_hop_by_hop) {
	.pkt = { .ip = 6, .proto = PKT_PROTO_0, RTP_PCMU },
	.e = UNPARSED(IP6_EXT),
};
FIXTURE_VARIANT_ADD(xdp, ip6_destination_options) {
	.pkt = { .ip = 6, .proto = 60, RTP_PCMU }, .e = UNPARSED(IP6_EXT),
};
FIXTURE_VARIANT_ADD(xdp, ip6_routing_header) {
	.pkt = { .ip = 6, .proto = 43, RTP_PCMU }, .e = UNPARSED(IP6_EXT),
};

/* ---- dropping sources that no leg expects ------------------------------ */
FIXTURE_VARIANT_ADD(xdp, unexpected_rtp_dropped) {
	.pkt = { .ip = 4, RTP_PCMU }, .drop_unexpected = true,
	.e = DROP(RTP, WRTC_XDP_R_UNEXPECTED),
};
FIXTURE_VARIANT_ADD(xdp, expected_rtp_passes) {
	.pkt = { .ip = 4, RTP_PCMU }, .drop_unexpected = true,
	.expect_source = true, .e = PASS(RTP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, unexpected_rtcp_ip6_dropped) {
	.pkt = { .ip = 6, RTCP_SR }, .drop_unexpected = true,
	.e = DROP(RTCP, WRTC_XDP_R_UNEXPECTED),
};
FIXTURE_VARIANT_ADD(xdp, expected_rtcp_ip6_passes) {
	.pkt = { .ip = 6, RTCP_SR }, .drop_unexpected = true,
	.expect_source = true, .e = PASS(RTCP, NO_LEG),
};
FIXTURE_VARIANT_ADD(xdp, unexpected_dtls_dropped) {
	.pkt = { .ip = 4, DTLS_HELLO }, .drop_unexpected = true,
	.e = DROP(DTLS, WRTC_XDP_R_UNEXPECTED),
};
FIXTURE_VARIANT_ADD(xdp, expected_dtls_passes) {
	.pkt = { .ip = 6, DTLS_HELLO }, .drop_unexpected = true,
	.expect_source = true, .e = PASS(DTLS, 0),
};
FIXTURE_VARIANT_ADD(xdp, unexpected_stun_passes) {
	.pkt = { .ip = 4, STUN_BINDING }, .drop_unexpected = true,
	.e = PASS(STUN, 0),
};
FIXTURE_VARIANT_ADD(xdp, unexpected_other_dropped) {
	.pkt = { .ip = 4, TURN_CHANNEL }, .drop_unexpected = true,
	.e = DROP(OTHER, WRTC_XDP_R_UNEXPECTED),
};
FIXTURE_VARIANT_ADD(xdp, unexpected_not_media_passes) {
	.pkt = { .ip = 4, .dport = 5060, RTP_PCMU }, .drop_unexpected = true,
	.e = PASS(NOT_MEDIA, 0),
};
FIXTURE_VARIANT_ADD(xdp, unexpected_unparsed_passes) {
	.pkt = { .ip = 4, .frag_off = 0x2000, RTP_PCMU },
	.drop_unexpected = true, .e = UNPARSED(FRAGMENT),
};
/* The source is expected on another of the gateway's ports only. */
FIXTURE_VARIANT_ADD(xdp, expected_on_other_port_dropped) {
	.pkt = { .ip = 4, RTP_PCMU }, .drop_unexpected = true,
	.expect_source = true, .expect_local_port = 40002,
	.e = DROP(RTP, WRTC_XDP_R_UNEXPECTED),
};
/* The address is expected, from another port. */
FIXTURE_VARIANT_ADD(xdp, expected_from_other_port_dropped) {
	.pkt = { .ip = 6, RTP_PCMU }, .drop_unexpected = true,
	.expect_source = true, .expect_remote_port = 5001,
	.e = DROP(RTP, WRTC_XDP_R_UNEXPECTED),
};
/* An IPv4 source is not its v4-mapped IPv6 twin. */
FIXTURE_VARIANT_ADD(xdp, v4_mapped_ip6_is_not_ip4) {
	.pkt = { .ip = 6, .src = "::ffff:192.0.2.1", RTP_PCMU },
	.drop_unexpected = true, .e = DROP(RTP, WRTC_XDP_R_UNEXPECTED),
};
/* clang-format on */

TEST_F(xdp, verdict)
{
	uint8_t frame[PKT_MAX], out[META + PKT_MAX];
	struct wrtc_xdp_stats before, after;
	struct expect e = variant->e;
	struct wrtc_xdp_source src;
	struct wrtc_xdp_expected seen;
	size_t len, out_len;
	int verdict;

	if (e.reason == WRTC_XDP_R_NO_MODULE && wrtc_xdp_has_kfuncs(self->x))
		e.reason = WRTC_XDP_R_NO_LEG;
	len = pkt_build(&variant->pkt, frame);
	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &before));
	verdict = run(_metadata, self->x, frame, len, out, &out_len);
	EXPECT_EQ(e.verdict, verdict);
	/* Nothing here is relayed: the frame comes out as it went in. */
	ASSERT_EQ(len, out_len);
	EXPECT_EQ(0, memcmp(frame, out, len));
	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &after));
	check_counts(_metadata, &before, &after, &e, len);
	/* An expected source counts the packets it was asked about. */
	if (variant->expect_source) {
		spec_source(&variant->pkt, &src, variant->expect_local_port,
			    variant->expect_remote_port);
		ASSERT_EQ(0, wrtc_xdp_expected(self->x, &src, &seen));
		EXPECT_EQ((__u64)(e.verdict == XDP_PASS &&
				  e.class != WRTC_XDP_C_STUN),
			  seen.packets);
	}
}

TEST_HARNESS_MAIN
