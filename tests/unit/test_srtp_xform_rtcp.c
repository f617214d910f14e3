// SPDX-License-Identifier: GPL-2.0
/*
 * SRTCP through srtp_xform against libsrtp2, for every profile (the xf
 * fixture runs each TEST_F four times), on compound SR+SDES packets:
 *  - libsrtp2 -> ours, ours -> libsrtp2, and byte-equal protect output
 *    (E = 1, the 31-bit index counting from 1, 80-bit tag for both CM
 *    profiles, tag before E||index for GCM);
 *  - the relay A -> B;
 *  - the SRTCP replay window gives libsrtp2's verdicts; tampering with
 *    header, body, E||index or tag gives -EBADMSG and moves nothing;
 *  - authenticated-only SRTCP (E = 0) from libsrtp2 is accepted;
 *  - malformed packets, no room, and the end of the index space.
 */
#include "kselftest_harness.h"
#include "srtp_xform_util.h"

static const uint32_t ssrcs[] = { 0x11111111, 0xcafebabe, 0x00000002 };
#define N_SSRCS (sizeof(ssrcs) / sizeof(ssrcs[0]))

/* The k-th test packet of @ssrc: report blocks and CNAME vary in size. */
static size_t rtcp_k(uint8_t *buf, uint32_t ssrc, unsigned int k)
{
	return make_rtcp(buf, ssrc, k % 3, 5 + 7 * (k % 5), k * 17 + ssrc);
}

TEST_F(xf, rtcp_compound_is_valid_rtcp)
{
	uint8_t pkt[PKT_MAX];
	unsigned int k;

	for (k = 0; k < 15; k++) {
		size_t n = rtcp_k(pkt, 0x1234, k);

		ASSERT_EQ(2, rtcp_compound_check(pkt, n, NULL));
	}
}

TEST_F(xf, rtcp_libsrtp_to_ours)
{
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	unsigned int k;
	size_t i;

	for (k = 0; k < 10; k++)
		for (i = 0; i < N_SSRCS; i++) {
			size_t n = rtcp_k(orig, ssrcs[i], k);
			int m;

			memcpy(pkt, orig, n);
			m = srtp_ref_protect_rtcp(self->ra_out, pkt, n,
						  sizeof(pkt), NULL);
			ASSERT_EQ((int)(n + 4 + self->p->srtcp_tag_len), m);
			ASSERT_EQ((int)n, srtp_xform_unprotect_rtcp(
						  self->xa_in, pkt, m, &err))
			TH_LOG("k %u ssrc %zu: %s", k, i, err.msg);
			ASSERT_EQ(0, memcmp(orig, pkt, n));
		}
	EXPECT_EQ(10u, state_of(self->xa_in, ssrcs[0]).srtcp_index);
}

TEST_F(xf, rtcp_ours_to_libsrtp)
{
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	unsigned int k;
	size_t i;

	for (k = 0; k < 10; k++)
		for (i = 0; i < N_SSRCS; i++) {
			size_t n = rtcp_k(orig, ssrcs[i], k);
			int m;

			memcpy(pkt, orig, n);
			m = srtp_xform_protect_rtcp(self->xa_out, pkt, n,
						    sizeof(pkt), &err);
			ASSERT_EQ((int)(n + 4 + self->p->srtcp_tag_len), m)
			TH_LOG("%s", err.msg);
			ASSERT_EQ((int)n, srtp_ref_unprotect_rtcp(self->ra_in,
								  pkt, m, &err))
			TH_LOG("k %u ssrc %zu: %s", k, i, err.msg);
			ASSERT_EQ(0, memcmp(orig, pkt, n));
		}
}

TEST_F(xf, rtcp_protect_byte_equal)
{
	uint8_t ours[PKT_MAX], theirs[PKT_MAX];
	unsigned int k;
	size_t i;

	for (k = 0; k < 10; k++)
		for (i = 0; i < N_SSRCS; i++) {
			size_t n = rtcp_k(ours, ssrcs[i], k);
			int a, b;

			memcpy(theirs, ours, n);
			a = srtp_xform_protect_rtcp(self->xa_out, ours, n,
						    sizeof(ours), NULL);
			b = srtp_ref_protect_rtcp(self->ra_out, theirs, n,
						  sizeof(theirs), NULL);
			ASSERT_EQ(b, a);
			ASSERT_EQ(0, memcmp(theirs, ours, a))
			TH_LOG("k %u ssrc %zu differs", k, i);
		}
}

TEST_F(xf, rtcp_relay_a_to_b)
{
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	unsigned int k;
	size_t i;

	for (k = 0; k < 10; k++)
		for (i = 0; i < N_SSRCS; i++) {
			size_t n = rtcp_k(orig, ssrcs[i], k);
			int m;

			memcpy(pkt, orig, n);
			m = srtp_ref_protect_rtcp(self->ra_out, pkt, n,
						  sizeof(pkt), NULL);
			ASSERT_LT(0, m);
			ASSERT_EQ((int)n, srtp_xform_unprotect_rtcp(
						  self->xa_in, pkt, m, &err));
			ASSERT_EQ(m,
				  srtp_xform_protect_rtcp(self->xb_out, pkt, n,
							  sizeof(pkt), &err));
			ASSERT_EQ((int)n, srtp_ref_unprotect_rtcp(self->rb_in,
								  pkt, m, &err))
			TH_LOG("k %u ssrc %zu: %s", k, i, err.msg);
			ASSERT_EQ(0, memcmp(orig, pkt, n));
		}
}

/*
 * SRTCP indices 1..400 sent by libsrtp2, delivered out of order: our
 * verdict is libsrtp2's every time, and the window edge is 128.
 */
TEST_F(xf, rtcp_replay_window_like_libsrtp)
{
	static const uint16_t held[] = { 20, 42, 43, 70, 143 };
	static const struct {
		uint16_t index;
		int ok;
	} late[] = {
		{ 43, 1 },  { 42, 0 },	{ 70, 1 },  { 70, 0 },	{ 20, 0 },
		{ 170, 0 }, { 169, 0 }, { 171, 1 }, { 171, 0 }, { 44, 0 },
		{ 270, 1 }, { 143, 1 }, { 142, 0 }, { 143, 0 },
	};
	static uint8_t sent[401][PKT_MAX];
	static int sent_len[401];
	uint8_t a[PKT_MAX], b[PKT_MAX];
	struct wrtc_err err = { 0 };
	size_t i, h, n;
	int k;

	for (k = 1; k <= 400; k++) {
		n = rtcp_k(sent[k], 0x0badcafe, (unsigned int)k);
		sent_len[k] = srtp_ref_protect_rtcp(self->ra_out, sent[k], n,
						    PKT_MAX, NULL);
		ASSERT_LT(0, sent_len[k]);
	}
	for (k = 1; k <= 170; k++) {
		int ra, xa;

		for (h = 0; h < sizeof(held) / sizeof(held[0]); h++)
			if (held[h] == k)
				break;
		if (h < sizeof(held) / sizeof(held[0]))
			continue;
		memcpy(a, sent[k], sent_len[k]);
		memcpy(b, sent[k], sent_len[k]);
		xa = srtp_xform_unprotect_rtcp(self->xa_in, a, sent_len[k],
					       &err);
		ra = srtp_ref_unprotect_rtcp(self->ra_in, b, sent_len[k], NULL);
		ASSERT_EQ(ra, xa)
		TH_LOG("index %d: %s", k, err.msg);
		ASSERT_LT(0, xa);
	}
	for (i = 0; i < sizeof(late) / sizeof(late[0]); i++) {
		int x = late[i].index, ra, xa;

		memcpy(a, sent[x], sent_len[x]);
		memcpy(b, sent[x], sent_len[x]);
		xa = srtp_xform_unprotect_rtcp(self->xa_in, a, sent_len[x],
					       NULL);
		ra = srtp_ref_unprotect_rtcp(self->ra_in, b, sent_len[x], NULL);
		EXPECT_EQ(late[i].ok ?
				  sent_len[x] -
					  (int)(4 + self->p->srtcp_tag_len) :
				  -EALREADY,
			  xa)
		TH_LOG("late index %d", x);
		EXPECT_EQ(ra, xa)
		TH_LOG("late index %d: libsrtp2 says %d", x, ra);
	}
	EXPECT_EQ(270u, state_of(self->xa_in, 0x0badcafe).srtcp_index);
}

TEST_F(xf, rtcp_tampered_refused_state_kept)
{
	size_t tag = self->p->srtcp_tag_len, n;
	bool gcm = self->p->cipher == SRTP_CIPHER_AES_GCM;
	struct srtp_xform_stream_state before, after;
	uint8_t pkt[PKT_MAX], bad[PKT_MAX], orig[PKT_MAX];
	size_t at[5];
	int m;
	unsigned int k, j;

	for (k = 1; k <= 3; k++) {
		n = rtcp_k(orig, 0x7777, k);
		memcpy(pkt, orig, n);
		m = srtp_ref_protect_rtcp(self->ra_out, pkt, n, sizeof(pkt),
					  NULL);
		ASSERT_LT(0, m);
		at[0] = 1; /* header: PT */
		at[1] = 5; /* SSRC */
		at[2] = 20; /* encrypted body */
		at[3] = gcm ? (size_t)m - 1 : (size_t)m - tag - 1; /* index */
		at[4] = gcm ? (size_t)m - 5 : (size_t)m - 1; /* tag */
		for (j = 0; j < 5; j++) {
			memcpy(bad, pkt, m);
			bad[at[j]] ^= 0x04; /* index k ^ 4: never seen */
			before = state_of(self->xa_in, 0x7777);
			EXPECT_EQ(-EBADMSG, srtp_xform_unprotect_rtcp(
						    self->xa_in, bad, m, NULL))
			TH_LOG("packet %u byte %zu", k, at[j]);
			after = state_of(self->xa_in, 0x7777);
			ASSERT_TRUE(same_state(&before, &after));
		}
		/* The E flag: with E = 0 the body would be taken as clear. */
		memcpy(bad, pkt, m);
		bad[at[3] - 3] ^= 0x80;
		EXPECT_EQ(-EBADMSG,
			  srtp_xform_unprotect_rtcp(self->xa_in, bad, m, NULL));
		ASSERT_EQ((int)n,
			  srtp_xform_unprotect_rtcp(self->xa_in, pkt, m, NULL));
		ASSERT_EQ(0, memcmp(orig, pkt, n));
	}
	EXPECT_EQ(3u, state_of(self->xa_in, 0x7777).srtcp_index);
}

/* libsrtp2 with SRTCP authenticated only: E = 0, body in the clear. */
TEST_F(xf, rtcp_unencrypted_from_libsrtp)
{
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	srtp_t lib_out;
	unsigned int k;
	size_t n;
	int m;

	lib_out = lib_session(self->p, &self->ka, true, true);
	ASSERT_NE(NULL, lib_out);
	for (k = 0; k < 5; k++) {
		n = rtcp_k(orig, 0xe0e0e0e0, k);
		memcpy(pkt, orig, n);
		m = lib_protect(lib_out, pkt, n, true);
		ASSERT_EQ((int)(n + 4 + self->p->srtcp_tag_len), m);
		ASSERT_EQ(0, memcmp(orig, pkt, n)); /* not encrypted */
		ASSERT_EQ((int)n,
			  srtp_xform_unprotect_rtcp(self->xa_in, pkt, m, &err))
		TH_LOG("%s", err.msg);
		ASSERT_EQ(0, memcmp(orig, pkt, n));
		/* With E = 0 the whole body is authenticated. */
		memcpy(pkt, orig, n);
		ASSERT_EQ(m, lib_protect(lib_out, pkt, n, true));
		pkt[n - 1] ^= 1;
		ASSERT_EQ(-EBADMSG,
			  srtp_xform_unprotect_rtcp(self->xa_in, pkt, m, NULL));
	}
	srtp_dealloc(lib_out);
}

TEST_F(xf, malformed_rtcp_refused)
{
	size_t over = 4 + (size_t)self->p->srtcp_tag_len, n;
	static uint8_t big[SRTP_XFORM_MAX_PACKET + 64];
	uint8_t pkt[PKT_MAX], good[PKT_MAX];
	struct wrtc_err err;
	int m;

	n = rtcp_k(good, 0x4321, 1);
	memcpy(pkt, good, n);
	m = srtp_xform_protect_rtcp(self->xa_out, pkt, n, sizeof(pkt), NULL);
	ASSERT_EQ((int)(n + over), m);
	memcpy(good, pkt, m);
#define REFUSED(code, call)               \
	do {                              \
		err.msg[0] = 0;           \
		EXPECT_EQ(code, call);    \
		EXPECT_NE(0, err.msg[0]); \
	} while (0)
	/* No room for header, E||index and tag. */
	REFUSED(-EINVAL, srtp_xform_unprotect_rtcp(self->xa_in, pkt, 0, &err));
	REFUSED(-EINVAL, srtp_xform_unprotect_rtcp(self->xa_in, pkt, 7, &err));
	REFUSED(-EINVAL, srtp_xform_unprotect_rtcp(self->xa_in, pkt,
						   8 + over - 1, &err));
	memcpy(pkt, good, m);
	pkt[0] ^= 0xc0; /* version 1 */
	REFUSED(-EINVAL, srtp_xform_unprotect_rtcp(self->xa_in, pkt, m, &err));
	REFUSED(-EINVAL,
		srtp_xform_unprotect_rtcp(self->xa_out, good, m, &err));
	REFUSED(-E2BIG,
		srtp_xform_unprotect_rtcp(self->xa_in, big,
					  SRTP_XFORM_MAX_PACKET + 1, &err));
	EXPECT_EQ(0u, srtp_xform_stream_count(self->xa_in));
	/* A bare 8-byte header with just the trailer is fine, though. */
	memcpy(pkt, good, 8);
	m = srtp_xform_protect_rtcp(self->xa_out, pkt, 8, sizeof(pkt), NULL);
	ASSERT_EQ((int)(8 + over), m);
	EXPECT_EQ(8, srtp_xform_unprotect_rtcp(self->xa_in, pkt, m, NULL));

	/* Protect. */
	memcpy(pkt, good, 8);
	REFUSED(-EINVAL, srtp_xform_protect_rtcp(self->xa_out, pkt, 7,
						 sizeof(pkt), &err));
	n = rtcp_k(pkt, 0x4321, 2);
	pkt[0] &= 0x3f; /* version 0 */
	REFUSED(-EINVAL, srtp_xform_protect_rtcp(self->xa_out, pkt, n,
						 sizeof(pkt), &err));
	n = rtcp_k(pkt, 0x4321, 2);
	REFUSED(-ENOSPC, srtp_xform_protect_rtcp(self->xa_out, pkt, n,
						 n + over - 1, &err));
	REFUSED(-EINVAL, srtp_xform_protect_rtcp(self->xa_in, pkt, n,
						 sizeof(pkt), &err));
	memcpy(big, pkt, n);
	REFUSED(-E2BIG,
		srtp_xform_protect_rtcp(self->xa_out, big,
					SRTP_XFORM_MAX_PACKET - over + 1,
					sizeof(big), &err));
#undef REFUSED
}

/* The 31-bit index runs out: the last one is 2^31 - 1, then no more. */
TEST_F(xf, rtcp_index_space_ends)
{
	struct srtp_xform_stream_state st;
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	size_t n, over = 4 + (size_t)self->p->srtcp_tag_len;
	bool gcm = self->p->cipher == SRTP_CIPHER_AES_GCM;
	int m;

	memset(&st, 0, sizeof(st));
	st.ssrc = 0x31313131;
	st.srtcp_index = 0x7ffffffe;
	ASSERT_EQ(0, srtp_xform_stream_set(self->xa_out, &st, NULL));
	n = rtcp_k(orig, st.ssrc, 4);
	memcpy(pkt, orig, n);
	m = srtp_xform_protect_rtcp(self->xa_out, pkt, n, sizeof(pkt), NULL);
	ASSERT_EQ((int)(n + over), m);
	/* E||index: ff ff ff ff, before the tag (CM) or after it (GCM). */
	ASSERT_EQ(0xffffffffu, get_be32(pkt + (gcm ? (size_t)m - 4 : n)));
	ASSERT_EQ((int)n, srtp_xform_unprotect_rtcp(self->xa_in, pkt, m, NULL));
	ASSERT_EQ(0, memcmp(orig, pkt, n));
	memcpy(pkt, orig, n);
	EXPECT_EQ(-EKEYEXPIRED, srtp_xform_protect_rtcp(self->xa_out, pkt, n,
							sizeof(pkt), &err));
	EXPECT_NE(0, err.msg[0]);
	st.srtcp_index = 0x80000000u;
	EXPECT_EQ(-EINVAL, srtp_xform_stream_set(self->xa_out, &st, NULL));
}

TEST_HARNESS_MAIN
