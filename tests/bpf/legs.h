/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of test_xdp_legs.c: SRTP session keys given both to wrtc.ko
 * (netlink key-install) and to lib/'s transform here, legs, and SRTP
 * packets of "browser A" in frames.
 */
#ifndef WRTC_TESTS_LEGS_H
#define WRTC_TESTS_LEGS_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pkt.h"
#include "srtp_xform.h"
#include "wrtcnl.h"

/*
 * Session keys: what browser A sends with (leg A receives with), what
 * browser B receives with (leg B sends with). Set up by the fixture.
 */
static struct wrtcnl_session_keys a_rtp, a_rtcp, b_rtp, b_rtcp;

/* Keys whose every byte depends on seed. */
static void fill_keys(struct wrtcnl_session_keys *k, uint8_t seed)
{
	uint8_t *p = (uint8_t *)k;
	size_t i;

	for (i = 0; i < sizeof(*k); i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static void session_keys(struct srtp_xform_session_keys *to,
			 const struct wrtcnl_session_keys *from)
{
	memcpy(to->enc_key, from->cipher_key, 16);
	memcpy(to->salt, from->salt, 14);
	memcpy(to->auth_key, from->auth_key, 20);
}

/* A userspace context with the keys the kernel got for a leg. */
static int xform(struct srtp_xform *x, enum srtp_xform_dir dir,
		 const struct wrtcnl_session_keys *rtp,
		 const struct wrtcnl_session_keys *rtcp)
{
	struct srtp_xform_config cfg = {
		.dir = dir,
		.cipher = SRTP_XFORM_AES_CM,
		.key_len = 16,
		.salt_len = 14,
		.srtp_tag_len = 10,
		.srtcp_tag_len = 10,
	};

	session_keys(&cfg.rtp, rtp);
	session_keys(&cfg.rtcp, rtcp);
	return srtp_xform_init(x, &cfg, NULL);
}

static struct wrtcnl_leg leg4(const char *local, uint16_t lport,
			      const char *remote, uint16_t rport)
{
	struct wrtcnl_leg l = { 0 };

	l.local.family = AF_INET;
	inet_pton(AF_INET, local, &l.local.v4);
	l.local.port = lport;
	l.remote.family = AF_INET;
	inet_pton(AF_INET, remote, &l.remote.v4);
	l.remote.port = rport;
	return l;
}

static int install(struct wrtcnl *nl, uint32_t leg, uint32_t dir,
		   const struct wrtcnl_session_keys *rtp,
		   const struct wrtcnl_session_keys *rtcp)
{
	struct wrtcnl_key k = {
		.leg_id = leg,
		.direction = dir,
		.slot = WRTC_KEY_SLOT_PRIMARY,
		.profile = WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
		.rtp = *rtp,
		.rtcp = *rtcp,
	};

	return wrtcnl_key_install(nl, &k, NULL);
}

/* Keys for A -> B: A receives with A's keys, B sends with B's. */
static int install_keys(struct wrtcnl *nl, uint32_t a, uint32_t b)
{
	return install(nl, a, WRTC_DIRECTION_RX, &a_rtp, &a_rtcp) ?:
		       install(nl, b, WRTC_DIRECTION_TX, &b_rtp, &b_rtcp);
}

/* An RTP (or RTCP) packet of browser A, protected; returns its length. */
static size_t srtp_from_a(struct srtp_xform *x, bool rtcp, uint16_t seq,
			  uint8_t *buf, size_t cap, uint8_t *plain,
			  size_t *plain_len)
{
	static const uint8_t rtp_hdr[12] = {
		0x80, 0x00, 0, 0, 0, 0, 0x03, 0x20, 0x11, 0x22, 0x33, 0x44
	};
	static const uint8_t sr_hdr[8] = { 0x80, 0xc8, 0x00, 0x06,
					   0x11, 0x22, 0x33, 0x44 };
	size_t len, i;
	int n;

	if (rtcp) {
		memcpy(buf, sr_hdr, 8);
		len = 28;
	} else {
		memcpy(buf, rtp_hdr, 12);
		buf[2] = seq >> 8;
		buf[3] = seq & 0xff;
		len = 12 + 160;
	}
	for (i = rtcp ? 8 : 12; i < len; i++)
		buf[i] = (uint8_t)(i * 3 + seq);
	memcpy(plain, buf, len);
	*plain_len = len;
	n = rtcp ? srtp_xform_protect_rtcp(x, buf, len, cap, NULL) :
		   srtp_xform_protect_rtp(x, buf, len, cap, NULL);
	return n < 0 ? 0 : (size_t)n;
}

/* A frame from browser src:sport to dst:dport carrying p[0..n). */
static size_t frame_to(uint8_t *frame, const char *src, uint16_t sport,
		       const char *dst, uint16_t dport, const uint8_t *p,
		       size_t n, unsigned int ip4_opts, uint16_t vlan)
{
	struct pkt_spec s = { .ip = 4,
			      .src = src,
			      .dst = dst,
			      .sport = sport,
			      .dport = dport,
			      .payload = p,
			      .payload_len = n,
			      .ip4_opts = ip4_opts,
			      .vlan_proto = vlan };

	return pkt_build(&s, frame);
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

#endif /* WRTC_TESTS_LEGS_H */
