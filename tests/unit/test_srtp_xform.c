// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc's own SRTP transform (srtp_xform) against libsrtp2, for every
 * profile (the xf fixture runs each TEST_F four times):
 *  - libsrtp2 protects, we unprotect to the exact original; we protect,
 *    libsrtp2 unprotects; and our protect output is byte for byte
 *    libsrtp2's (several SSRCs, payloads of 0/1/160/1200 bytes, CSRCs, a
 *    header extension);
 *  - the relay: libsrtp2(A) -> our unprotect(A) -> our protect(B) ->
 *    libsrtp2 unprotect(B) gives the original;
 *  - a stream crossing seq 65535 -> 0 with reordering: no failure, same
 *    bytes and the same ROC as libsrtp2; a stream handed over mid-way (ROC
 *    3, seq 65000) through the state setter decrypts what libsrtp2 sends;
 *  - replays and the 128-packet window give the same verdicts as
 *    libsrtp2; tampering gives -EBADMSG and moves no state.
 * Known answers (libsrtp2's srtp_driver vectors, RFC 7714 §16), the index
 * and window arithmetic, malformed input and the SSRC table are in
 * test_srtp_xform_misc.c; SRTCP in test_srtp_xform_rtcp.c.
 */
#include "kselftest_harness.h"
#include "srtp_xform_util.h"

static const struct rtp_shape shapes[] = {
	{ .ssrc = 0x11111111, .payload = 0 },
	{ .ssrc = 0xcafebabe, .payload = 1 },
	{ .ssrc = 0x00000001, .payload = 160 },
	{ .ssrc = 0xfffffffe, .payload = 1200 },
	{ .ssrc = 0x11111111, .payload = 160, .csrcs = 2 },
	{ .ssrc = 0xcafebabe, .payload = 160, .ext = true },
	{ .ssrc = 0x00000001, .payload = 1200, .csrcs = 15, .ext = true },
	{ .ssrc = 0xfffffffe, .payload = 0, .csrcs = 1, .ext = true },
};

#define N_SHAPES (sizeof(shapes) / sizeof(shapes[0]))
#define ROUNDS 6 /* packets per shape, so indices move on */

TEST_F(xf, rtp_libsrtp_to_ours)
{
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	size_t i, r;

	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < N_SHAPES; i++) {
			int n = make_rtp(orig, sizeof(orig), &shapes[i],
					 (uint16_t)(100 + r * N_SHAPES + i));
			int m;

			ASSERT_LT(0, n);
			memcpy(pkt, orig, n);
			m = srtp_ref_protect_rtp(self->ra_out, pkt, n,
						 sizeof(pkt), NULL);
			ASSERT_EQ(n + self->p->srtp_tag_len, m);
			ASSERT_EQ(n, srtp_xform_unprotect_rtp(self->xa_in, pkt,
							      m, &err))
			TH_LOG("shape %zu round %zu: %s", i, r, err.msg);
			ASSERT_EQ(0, memcmp(orig, pkt, n));
		}
}

TEST_F(xf, rtp_ours_to_libsrtp)
{
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	size_t i, r;

	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < N_SHAPES; i++) {
			int n = make_rtp(orig, sizeof(orig), &shapes[i],
					 (uint16_t)(65000 + r * N_SHAPES + i));
			int m;

			ASSERT_LT(0, n);
			memcpy(pkt, orig, n);
			m = srtp_xform_protect_rtp(self->xa_out, pkt, n,
						   sizeof(pkt), &err);
			ASSERT_EQ(n + self->p->srtp_tag_len, m)
			TH_LOG("%s", err.msg);
			ASSERT_EQ(n, srtp_ref_unprotect_rtp(self->ra_in, pkt, m,
							    &err))
			TH_LOG("shape %zu round %zu: %s", i, r, err.msg);
			ASSERT_EQ(0, memcmp(orig, pkt, n));
		}
}

TEST_F(xf, rtp_protect_byte_equal)
{
	uint8_t ours[PKT_MAX], theirs[PKT_MAX];
	size_t i, r;

	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < N_SHAPES; i++) {
			int n = make_rtp(ours, sizeof(ours), &shapes[i],
					 (uint16_t)(7 + r * N_SHAPES + i));
			int a, b;

			ASSERT_LT(0, n);
			memcpy(theirs, ours, n);
			a = srtp_xform_protect_rtp(self->xa_out, ours, n,
						   sizeof(ours), NULL);
			b = srtp_ref_protect_rtp(self->ra_out, theirs, n,
						 sizeof(theirs), NULL);
			ASSERT_EQ(b, a);
			ASSERT_EQ(0, memcmp(theirs, ours, a))
			TH_LOG("shape %zu round %zu differs", i, r);
		}
}

TEST_F(xf, rtp_relay_a_to_b)
{
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	size_t i, r;

	for (r = 0; r < ROUNDS; r++)
		for (i = 0; i < N_SHAPES; i++) {
			int n = make_rtp(orig, sizeof(orig), &shapes[i],
					 (uint16_t)(30000 + r * N_SHAPES + i));
			int m;

			ASSERT_LT(0, n);
			memcpy(pkt, orig, n);
			m = srtp_ref_protect_rtp(self->ra_out, pkt, n,
						 sizeof(pkt), NULL);
			ASSERT_LT(0, m);
			ASSERT_EQ(n, srtp_xform_unprotect_rtp(self->xa_in, pkt,
							      m, &err));
			ASSERT_EQ(m,
				  srtp_xform_protect_rtp(self->xb_out, pkt, n,
							 sizeof(pkt), &err));
			ASSERT_EQ(n, srtp_ref_unprotect_rtp(self->rb_in, pkt, m,
							    &err))
			TH_LOG("shape %zu round %zu: %s", i, r, err.msg);
			ASSERT_EQ(0, memcmp(orig, pkt, n));
		}
}

/*
 * Around the wrap, sent out of order: late packets of ROC 0 after early
 * ones of ROC 1, and the other way round.
 */
static const uint16_t wrap_order[] = {
	65530, 65531, 65533, 65532, 0,	   65534, 1,	 65535, 3,     2,
	4,     5,     65529, 7,	    6,	   8,	  9,	 10,	11,    65528,
	12,    200,   150,   32000, 32769, 32768, 40000, 65000, 65000,
};

TEST_F(xf, rtp_rollover_reordered)
{
	const struct rtp_shape sh = { .ssrc = 0x5eed5eed, .payload = 160 };
	struct srtp_xform_stream_state st;
	uint8_t ours[PKT_MAX], theirs[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	srtp_t lib_out, lib_in;
	uint32_t lib_roc;
	size_t i;
	uint16_t s;

	lib_out = lib_session(self->p, &self->ka, true, false);
	lib_in = lib_session(self->p, &self->ka, false, false);
	ASSERT_NE(NULL, lib_out);
	ASSERT_NE(NULL, lib_in);
	/* Walk up to the wrap in order, then the scrambled part. */
	for (s = 65000; s < 65528; s++) {
		int n = make_rtp(orig, sizeof(orig), &sh, s);

		memcpy(ours, orig, n);
		ASSERT_LT(0, lib_protect(lib_out, ours, n, false));
		ASSERT_EQ(n, srtp_xform_unprotect_rtp(self->xa_in, ours,
						      n + self->p->srtp_tag_len,
						      &err));
		memcpy(ours, orig, n);
		ASSERT_LT(0, srtp_xform_protect_rtp(self->xa_out, ours, n,
						    sizeof(ours), NULL));
	}
	for (i = 0; i < sizeof(wrap_order) / sizeof(wrap_order[0]); i++) {
		int n = make_rtp(orig, sizeof(orig), &sh, wrap_order[i]);
		int a, b;

		memcpy(ours, orig, n);
		memcpy(theirs, orig, n);
		a = srtp_xform_protect_rtp(self->xa_out, ours, n, sizeof(ours),
					   &err);
		b = lib_protect(lib_out, theirs, n, false);
		if (i && wrap_order[i] == wrap_order[i - 1]) {
			/* A repeated index: both refuse to reuse it. */
			EXPECT_EQ(-EALREADY, a);
			EXPECT_EQ(-1, b);
			continue;
		}
		ASSERT_EQ(n + self->p->srtp_tag_len, a)
		TH_LOG("seq %u: %s", wrap_order[i], err.msg);
		ASSERT_EQ(a, b);
		ASSERT_EQ(0, memcmp(theirs, ours, a))
		TH_LOG("seq %u: bytes differ", wrap_order[i]);
		/* Ours unprotects libsrtp2's, libsrtp2 ours. */
		ASSERT_EQ(0, (int)srtp_unprotect(lib_in, ours, &a));
		ASSERT_EQ(n, a);
		ASSERT_EQ(n, srtp_xform_unprotect_rtp(self->xa_in, theirs, b,
						      &err))
		TH_LOG("seq %u: %s", wrap_order[i], err.msg);
		ASSERT_EQ(0, memcmp(orig, theirs, n));
		ASSERT_EQ(0,
			  (int)srtp_get_stream_roc(lib_out, sh.ssrc, &lib_roc));
		st = state_of(self->xa_out, sh.ssrc);
		EXPECT_EQ(lib_roc, st.roc);
		st = state_of(self->xa_in, sh.ssrc);
		EXPECT_EQ(lib_roc, st.roc);
	}
	/* 65000 ends the walk: it is ROC 1 now, past 40000. */
	st = state_of(self->xa_in, sh.ssrc);
	EXPECT_EQ(1u, st.roc);
	EXPECT_EQ(65000, st.seq);
	srtp_dealloc(lib_out);
	srtp_dealloc(lib_in);
}

/*
 * Early in a stream's first cycle, far jumps either way: libsrtp2 never
 * guesses ROC - 1 there (RFC 3711 would, giving a negative index); ours
 * must guess exactly as it does, sender and receiver.
 */
TEST_F(xf, rtp_first_cycle_jumps_like_libsrtp)
{
	static const uint16_t order[] = { 100, 200,   65500, 65501, 300,
					  301, 65502, 40000, 7000,  7001 };
	const struct rtp_shape sh = { .ssrc = 0x0f0f0f0f, .payload = 40 };
	uint8_t ours[PKT_MAX], theirs[PKT_MAX], orig[PKT_MAX];
	struct wrtc_err err = { 0 };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int n = make_rtp(orig, sizeof(orig), &sh, order[i]);
		int a, b, ra, xa;

		memcpy(ours, orig, n);
		memcpy(theirs, orig, n);
		a = srtp_xform_protect_rtp(self->xa_out, ours, n, sizeof(ours),
					   &err);
		b = srtp_ref_protect_rtp(self->ra_out, theirs, n,
					 sizeof(theirs), NULL);
		ASSERT_EQ(b, a)
		TH_LOG("seq %u: %s", order[i], err.msg);
		if (a < 0)
			continue;
		ASSERT_EQ(0, memcmp(theirs, ours, a))
		TH_LOG("seq %u: bytes differ", order[i]);
		xa = srtp_xform_unprotect_rtp(self->xa_in, ours, a, &err);
		ra = srtp_ref_unprotect_rtp(self->ra_in, theirs, b, NULL);
		ASSERT_EQ(ra, xa)
		TH_LOG("seq %u: %s", order[i], err.msg);
	}
	/*
	 * 300 after 65501 is the next cycle; 65502 and 40000 after 301 are
	 * late packets of the first, too late for the window.
	 */
	EXPECT_EQ(1u, state_of(self->xa_in, sh.ssrc).roc);
	EXPECT_EQ(7001, state_of(self->xa_in, sh.ssrc).seq);
}

/*
 * A live stream handed over: libsrtp2's sender has reached ROC 3 (set
 * through srtp_set_stream_roc), and our receiver starts from the state
 * (ROC 3, seq 65000) given to the setter, then follows it over the next
 * wrap. Two ways: an index already seen (rtp_valid), and only an initial
 * ROC for a stream not seen yet.
 */
static void handover_case(struct __test_metadata *_metadata,
			  FIXTURE_DATA(xf) * self, bool valid)
{
	const struct rtp_shape sh = { .ssrc = 0xabcdef01, .payload = 160 };
	struct srtp_xform_stream_state st;
	uint8_t pkt[PKT_MAX], orig[PKT_MAX];
	uint8_t early[PKT_MAX];
	struct wrtc_err err = { 0 };
	int n, m, early_len = 0;
	srtp_t lib_out;
	uint32_t i;

	lib_out = lib_session(self->p, &self->ka, true, false);
	ASSERT_NE(NULL, lib_out);
	n = make_rtp(pkt, sizeof(pkt), &sh, 64990);
	ASSERT_LT(0, lib_protect(lib_out, pkt, n, false));
	ASSERT_EQ(0, (int)srtp_set_stream_roc(lib_out, sh.ssrc, 3));

	memset(&st, 0, sizeof(st));
	st.ssrc = sh.ssrc;
	st.roc = 3;
	st.seq = 65000;
	st.rtp_valid = valid;
	ASSERT_EQ(0, srtp_xform_stream_set(self->xa_in, &st, &err));
	for (i = 64991; i < 65536 + 300; i++) {
		uint16_t seq = (uint16_t)i;

		n = make_rtp(orig, sizeof(orig), &sh, seq);
		memcpy(pkt, orig, n);
		m = lib_protect(lib_out, pkt, n, false);
		ASSERT_LT(0, m);
		if (i < 65000) {
			/* Before the handover: not fed now. */
			memcpy(early, pkt, m);
			early_len = m;
			continue;
		}
		ASSERT_EQ(n,
			  srtp_xform_unprotect_rtp(self->xa_in, pkt, m, &err))
		TH_LOG("index %u: %s", i, err.msg);
		ASSERT_EQ(0, memcmp(orig, pkt, n));
	}
	st = state_of(self->xa_in, sh.ssrc);
	EXPECT_EQ(4u, st.roc);
	EXPECT_EQ(299, st.seq);
	/* 64999 of ROC 3 is now far behind the window. */
	EXPECT_EQ(-EALREADY, srtp_xform_unprotect_rtp(self->xa_in, early,
						      early_len, NULL));
	srtp_dealloc(lib_out);
}

TEST_F(xf, rtp_handover_roc3_seq65000)
{
	handover_case(_metadata, self, true);
}

TEST_F(xf, rtp_initial_roc3)
{
	handover_case(_metadata, self, false);
}

/*
 * Hand a live stream from one of our contexts to a fresh one (what moving
 * a leg into wrtc.ko does): both directions carry on exactly, replays of
 * packets seen before the move stay refused.
 */
TEST_F(xf, rtp_handover_between_contexts)
{
	const struct rtp_shape sh = { .ssrc = 0x600df00d, .payload = 160 };
	struct srtp_xform *in2, *out2;
	struct srtp_xform_stream_state st;
	uint8_t pkt[PKT_MAX], orig[PKT_MAX], theirs[PKT_MAX];
	uint8_t last[PKT_MAX];
	struct wrtc_err err = { 0 };
	int n, m, last_len = 0;
	unsigned int pos = 0;
	uint32_t i;

	ASSERT_EQ(0, srtp_xform_create(&in2, self->p, &self->ka,
				       SRTP_XFORM_INBOUND, &err));
	ASSERT_EQ(0, srtp_xform_create(&out2, self->p, &self->ka,
				       SRTP_XFORM_OUTBOUND, &err));
	for (i = 65400; i < 65536 + 400; i++) {
		struct srtp_xform *in = i < 65600 ? self->xa_in : in2;
		struct srtp_xform *out = i < 65600 ? self->xa_out : out2;

		if (i == 65600) {
			/* The move: every stream's state, as read. */
			while (srtp_xform_stream_next(self->xa_in, &pos, &st))
				ASSERT_EQ(0, srtp_xform_stream_set(in2, &st,
								   &err));
			ASSERT_EQ(0, srtp_xform_stream_get(self->xa_out,
							   sh.ssrc, &st));
			ASSERT_EQ(0, srtp_xform_stream_set(out2, &st, &err));
			ASSERT_EQ(-EALREADY,
				  srtp_xform_unprotect_rtp(in2, last, last_len,
							   NULL));
		}
		n = make_rtp(orig, sizeof(orig), &sh, (uint16_t)i);
		memcpy(pkt, orig, n);
		memcpy(theirs, orig, n);
		m = srtp_xform_protect_rtp(out, pkt, n, sizeof(pkt), &err);
		ASSERT_EQ(m, srtp_ref_protect_rtp(self->ra_out, theirs, n,
						  sizeof(theirs), NULL));
		ASSERT_EQ(0, memcmp(theirs, pkt, m));
		memcpy(last, pkt, m);
		last_len = m;
		ASSERT_EQ(n, srtp_xform_unprotect_rtp(in, pkt, m, &err))
		TH_LOG("index %u: %s", i, err.msg);
	}
	EXPECT_EQ(1u, state_of(in2, sh.ssrc).roc);
	srtp_xform_destroy(in2);
	srtp_xform_destroy(out2);
}

/*
 * Arrival order with duplicates, late packets inside the window and too
 * late ones: our verdict for each must be libsrtp2's, and the window edge
 * exactly 128 (127 behind accepted, 128 behind refused).
 */
TEST_F(xf, rtp_replay_window_like_libsrtp)
{
	const struct rtp_shape sh = { .ssrc = 0x0badcafe, .payload = 20 };
	static const uint16_t held[] = { 1050, 1072, 1073, 1100, 1173 };
	static const struct {
		uint16_t seq;
		int want;
	} late[] = {
		{ 1073, 0 },	     { 1072, -EALREADY }, { 1100, 0 },
		{ 1100, -EALREADY }, { 1050, -EALREADY }, { 1200, -EALREADY },
		{ 1199, -EALREADY }, { 1201, 0 },	  { 1201, -EALREADY },
		{ 1074, -EALREADY }, { 1300, 0 },	  { 1173, 0 },
		{ 1172, -EALREADY }, { 1173, -EALREADY },
	};
	static uint8_t sent[400][PKT_MAX];
	static int sent_len[400];
	uint8_t a[PKT_MAX], b[PKT_MAX];
	struct wrtc_err err = { 0 };
	size_t i, h;
	uint16_t s;

	for (s = 1000; s < 1400; s++) {
		int n = make_rtp(sent[s - 1000], PKT_MAX, &sh, s);

		sent_len[s - 1000] = srtp_ref_protect_rtp(
			self->ra_out, sent[s - 1000], n, PKT_MAX, NULL);
		ASSERT_LT(0, sent_len[s - 1000]);
	}
	for (s = 1000; s <= 1200; s++) {
		int ra, xa;

		for (h = 0; h < sizeof(held) / sizeof(held[0]); h++)
			if (held[h] == s)
				break;
		if (h < sizeof(held) / sizeof(held[0]))
			continue;
		memcpy(a, sent[s - 1000], sent_len[s - 1000]);
		memcpy(b, sent[s - 1000], sent_len[s - 1000]);
		xa = srtp_xform_unprotect_rtp(self->xa_in, a,
					      sent_len[s - 1000], &err);
		ra = srtp_ref_unprotect_rtp(self->ra_in, b, sent_len[s - 1000],
					    NULL);
		ASSERT_EQ(ra, xa)
		TH_LOG("seq %u: %s", s, err.msg);
		ASSERT_LT(0, xa);
	}
	for (i = 0; i < sizeof(late) / sizeof(late[0]); i++) {
		int k = late[i].seq - 1000, ra, xa;

		memcpy(a, sent[k], sent_len[k]);
		memcpy(b, sent[k], sent_len[k]);
		xa = srtp_xform_unprotect_rtp(self->xa_in, a, sent_len[k],
					      NULL);
		ra = srtp_ref_unprotect_rtp(self->ra_in, b, sent_len[k], NULL);
		EXPECT_EQ(late[i].want ? late[i].want :
					 sent_len[k] - self->p->srtp_tag_len,
			  xa)
		TH_LOG("late seq %u", late[i].seq);
		EXPECT_EQ(ra, xa)
		TH_LOG("late seq %u: libsrtp2 says %d", late[i].seq, ra);
	}
}

/* Flip one bit of a genuine packet at @at: refused, nothing moves. */
static void tamper_case(struct __test_metadata *_metadata,
			FIXTURE_DATA(xf) * self, uint32_t ssrc, uint16_t seq,
			size_t at, uint8_t bit)
{
	const struct rtp_shape sh = { .ssrc = ssrc, .payload = 160 };
	struct srtp_xform_stream_state before, after;
	uint8_t pkt[PKT_MAX], bad[PKT_MAX], orig[PKT_MAX];
	int n, m;

	n = make_rtp(orig, sizeof(orig), &sh, seq);
	memcpy(pkt, orig, n);
	m = srtp_ref_protect_rtp(self->ra_out, pkt, n, sizeof(pkt), NULL);
	ASSERT_LT(0, m);
	if (at >= (size_t)m)
		at = (size_t)m - 1; /* the last tag byte */
	memcpy(bad, pkt, m);
	bad[at] ^= bit;
	before = state_of(self->xa_in, ssrc);
	ASSERT_EQ(-EBADMSG, srtp_xform_unprotect_rtp(self->xa_in, bad, m, NULL))
	TH_LOG("byte %zu bit %02x", at, bit);
	after = state_of(self->xa_in, ssrc);
	ASSERT_TRUE(same_state(&before, &after));
	ASSERT_EQ(n, srtp_xform_unprotect_rtp(self->xa_in, pkt, m, NULL));
	ASSERT_EQ(0, memcmp(orig, pkt, n));
}

TEST_F(xf, rtp_tampered_refused_state_kept)
{
	struct srtp_xform_stream_state st;
	const struct rtp_shape sh = { .ssrc = 0x7777, .payload = 160 };
	uint8_t pkt[PKT_MAX];
	int n, m;

	/* On an unknown SSRC: no stream is created by a forgery. */
	tamper_case(_metadata, self, 0x1001, 4242, 20, 0x01); /* payload */
	/* On a known stream: its state does not move either. */
	n = make_rtp(pkt, sizeof(pkt), &sh, 4000);
	m = srtp_ref_protect_rtp(self->ra_out, pkt, n, sizeof(pkt), NULL);
	ASSERT_EQ(n, srtp_xform_unprotect_rtp(self->xa_in, pkt, m, NULL));
	/* Seqs 10 apart: a tampered seq (+-4) is never a replay. */
	tamper_case(_metadata, self, 0x7777, 4300, 20, 0x80); /* payload */
	tamper_case(_metadata, self, 0x7777, 4310, 4, 0x01); /* timestamp */
	tamper_case(_metadata, self, 0x7777, 4320, 1, 0x80); /* marker */
	tamper_case(_metadata, self, 0x7777, 4330, 3, 0x04); /* seq */
	tamper_case(_metadata, self, 0x7777, 4340, 99999, 0x01); /* tag */
	st = state_of(self->xa_in, 0x7777);
	EXPECT_EQ(4340, st.seq);
	EXPECT_EQ(0, srtp_xform_stream_get(self->xa_in, 0x1001, &st));
}

/* A forged packet for a new SSRC leaves no stream behind. */
TEST_F(xf, rtp_forgery_takes_no_slot)
{
	const struct rtp_shape sh = { .ssrc = 0xdead0001, .payload = 50 };
	struct srtp_xform_stream_state st;
	uint8_t pkt[PKT_MAX];
	int n, m;

	n = make_rtp(pkt, sizeof(pkt), &sh, 1);
	m = srtp_ref_protect_rtp(self->ra_out, pkt, n, sizeof(pkt), NULL);
	pkt[m - 1] ^= 0x10;
	EXPECT_EQ(-EBADMSG,
		  srtp_xform_unprotect_rtp(self->xa_in, pkt, m, NULL));
	EXPECT_EQ(-ENOENT, srtp_xform_stream_get(self->xa_in, sh.ssrc, &st));
	EXPECT_EQ(0u, srtp_xform_stream_count(self->xa_in));
}

TEST_HARNESS_MAIN
