// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc.ko's SRTP relay, packet for packet against libsrtp2: an XDP program
 * calls wrtc_leg_lookup / wrtc_xdp_relay / wrtc_leg_release on frames run
 * through it with BPF_PROG_TEST_RUN (the real data path: the kfuncs, the
 * kernel crypto binding, the lib/ transform core). libsrtp2 protects with
 * leg A's master key; the relayed frame must unprotect with libsrtp2 under
 * leg B's key to the very packet that went in, addressed from B's local to
 * B's remote end with correct lengths and checksums. Every profile, and
 * every pair of profiles (tags of different lengths); RTP and RTCP; a
 * stream crossing seq 65535 -> 0; replays and forgeries dropped and
 * counted; IPv6. More in test_wrtc_relay.c; the fixture is in
 * relay_fixture.h.
 */
#include "relay_fixture.h"

/* Every profile on both legs, and every pair of different ones. */
TEST_F(relay, every_profile_pair)
{
	struct wrtcnl_leg_stats sa, sb;
	unsigned int i, j;

	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 4; j++) {
			uint32_t pa = wrtc_profiles[i], pb = wrtc_profiles[j];

			/* Fresh keys: every pair starts its streams anew. */
			ASSERT_EQ(0, make_keys(self, pa, pb, (uint8_t)i,
					       (uint8_t)(j + 10)))
			TH_LOG("%s", self->err.msg);
			EXPECT_EQ(0, relay_stream(_metadata, self,
						  0x1000 + i * 4 + j,
						  (uint16_t)(1000 * i + j), 20))
			TH_LOG("%s -> %s", profile_name(pa), profile_name(pb));
		}
	}
	/* 16 pairs of 20 RTP and 2 RTCP packets, nothing refused. */
	ASSERT_EQ(0, wrtcnl_stats_get(self->nl, self->a.id, &sa, &self->err));
	ASSERT_EQ(0, wrtcnl_stats_get(self->nl, self->b.id, &sb, &self->err));
	EXPECT_EQ(16u * 22, sa.stats.rx_packets);
	EXPECT_EQ(16u * 22, sb.stats.tx_packets);
	EXPECT_EQ(0u, sa.stats.tx_packets);
	EXPECT_EQ(0u, sa.stats.auth_failures + sa.stats.replay_drops);
	EXPECT_NE(0u, sa.stats.last_rx);
}

TEST_F(relay, ipv6)
{
	ASSERT_EQ(0, make_legs(self, 1)) TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0,
		  make_keys(self, WRTC_SRTP_PROFILE_AEAD_AES_128_GCM,
			    WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80, 1, 2));
	EXPECT_EQ(0, relay_stream(_metadata, self, 0x600d, 1, 30));
}

/*
 * A stream crossing seq 65535 -> 0 in every profile: the ROC moves to 1
 * on both sides of the relay and libsrtp2 agrees throughout.
 */
TEST_F(relay, seq_wraps)
{
	const struct wrtcnl_ssrc_stats *rx, *tx;
	struct wrtcnl_leg_stats sa, sb;
	unsigned int i;

	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	for (i = 0; i < 4; i++) {
		uint32_t p = wrtc_profiles[i], ssrc = 0xa0000000u + i;

		ASSERT_EQ(0, make_keys(self, p, p, (uint8_t)(i + 40),
				       (uint8_t)(i + 50)));
		EXPECT_EQ(0, relay_stream(_metadata, self, ssrc, 65500, 100))
		TH_LOG("%s", profile_name(p));
		rx = ssrc_stats(self, &sa, self->a.id, WRTC_DIRECTION_RX, ssrc);
		tx = ssrc_stats(self, &sb, self->b.id, WRTC_DIRECTION_TX, ssrc);
		ASSERT_NE(NULL, rx);
		ASSERT_NE(NULL, tx);
		/* 65500 + 99 = 65599: ROC 1, seq 63. */
		EXPECT_EQ(1u, rx->roc);
		EXPECT_EQ(63, rx->seq);
		EXPECT_EQ(1u, tx->roc);
		EXPECT_EQ(63, tx->seq);
		/* 100 RTP and 10 RTCP packets of this SSRC. */
		EXPECT_EQ(110u, rx->packets);
		EXPECT_EQ(110u, tx->packets);
		EXPECT_EQ(0u, rx->auth_failures + rx->replay_drops);
		EXPECT_NE(0u, rx->last_packet);
	}
	EXPECT_EQ(0u, sa.stats.auth_failures);
	EXPECT_EQ(0u, sa.stats.replay_drops);
}

/* Replayed SRTP and SRTCP are dropped and counted, in every profile. */
TEST_F(relay, replays_dropped)
{
	uint8_t pkt[FRAME_MAX], srtp[FRAME_MAX], rtcp[FRAME_MAX];
	const struct wrtcnl_ssrc_stats *rx;
	struct wrtcnl_leg_stats st;
	uint32_t verdict = 0;
	unsigned int i;
	int n, m;

	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	for (i = 0; i < 4; i++) {
		uint32_t p = wrtc_profiles[i], ssrc = 0xb0000000u + i;

		ASSERT_EQ(0, make_keys(self, p, p, (uint8_t)(i + 60),
				       (uint8_t)(i + 70)));
		ASSERT_EQ(0, relay_stream(_metadata, self, ssrc, 100, 10));
		n = protect(self, pkt, wrtc_rtp(pkt, ssrc, 110, 160, 0), 0,
			    srtp);
		m = protect(self, pkt, wrtc_rtcp(pkt, ssrc, 99), 1, rtcp);
		ASSERT_LT(0, n);
		ASSERT_LT(0, m);
		EXPECT_EQ(0, relay_raw(self, srtp, (size_t)n, &verdict));
		EXPECT_EQ((uint32_t)XDP_TX, verdict);
		EXPECT_EQ(0, relay_raw(self, rtcp, (size_t)m, &verdict));
		/* The same bytes again; and an index from long ago. */
		EXPECT_EQ(-EALREADY, relay_raw(self, srtp, (size_t)n, &verdict))
		TH_LOG("%s", profile_name(p));
		EXPECT_EQ((uint32_t)XDP_DROP, verdict);
		EXPECT_EQ(-EALREADY,
			  relay_raw(self, rtcp, (size_t)m, &verdict));
		/* The stream goes on. */
		EXPECT_EQ(0, relay_stream(_metadata, self, ssrc, 111, 10));
		rx = ssrc_stats(self, &st, self->a.id, WRTC_DIRECTION_RX, ssrc);
		ASSERT_NE(NULL, rx);
		EXPECT_EQ(2u, rx->replay_drops);
		EXPECT_EQ(0u, rx->auth_failures);
		/* 10 + 1 + 10 RTP, 1 + 1 + 1 RTCP. */
		EXPECT_EQ(24u, rx->packets);
		EXPECT_EQ(2u * (i + 1), st.stats.replay_drops);
		EXPECT_EQ(0u, st.stats.auth_failures);
	}
}

/*
 * Forged packets (a flipped bit in the header, the payload or the tag;
 * SRTCP's E||index word) are dropped and counted, and leave the stream
 * state alone: the genuine packet still goes through afterwards.
 */
TEST_F(relay, forgeries_dropped)
{
	uint8_t pkt[FRAME_MAX], srtp[FRAME_MAX], bad[FRAME_MAX];
	const struct wrtcnl_ssrc_stats *rx;
	struct wrtcnl_leg_stats st;
	uint32_t verdict = 0;
	unsigned int i, k, forged = 0;
	int n;

	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	for (i = 0; i < 4; i++) {
		uint32_t p = wrtc_profiles[i], ssrc = 0xc0000000u + i;

		ASSERT_EQ(0, make_keys(self, p, p, (uint8_t)(i + 80),
				       (uint8_t)(i + 90)));
		ASSERT_EQ(0, relay_stream(_metadata, self, ssrc, 7, 5));
		for (k = 0; k < 2; k++) {
			size_t len = k ? wrtc_rtcp(pkt, ssrc, 5) :
					 wrtc_rtp(pkt, ssrc, 12, 200, 1);
			size_t at[] = { 1, 40, 0, 0 };
			unsigned int j;

			n = protect(self, pkt, len, (int)k, srtp);
			ASSERT_LT(0, n);
			at[2] = (size_t)n - 1; /* the tag */
			/* RTP: the extension; RTCP: the E||index word. */
			at[3] = k ? (size_t)n - (i < 2 ? 11 : 1) : 20;
			for (j = 0; j < 4; j++) {
				memcpy(bad, srtp, (size_t)n);
				bad[at[j]] ^= 0x10;
				EXPECT_EQ(-EBADMSG,
					  relay_raw(self, bad, (size_t)n,
						    &verdict))
				TH_LOG("%s %s, bit flipped at %zu",
				       profile_name(p), k ? "SRTCP" : "SRTP",
				       at[j]);
				EXPECT_EQ((uint32_t)XDP_DROP, verdict);
				forged++;
			}
			EXPECT_EQ(0, relay_raw(self, srtp, (size_t)n, &verdict))
			TH_LOG("the genuine packet after the forgeries");
		}
		rx = ssrc_stats(self, &st, self->a.id, WRTC_DIRECTION_RX, ssrc);
		ASSERT_NE(NULL, rx);
		EXPECT_EQ(8u, rx->auth_failures);
		EXPECT_EQ(0u, rx->replay_drops);
		EXPECT_EQ(forged, st.stats.auth_failures);
	}
}

TEST_HARNESS_MAIN
