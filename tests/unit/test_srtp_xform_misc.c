// SPDX-License-Identifier: GPL-2.0
/*
 * srtp_xform beyond the libsrtp2 comparisons of test_srtp_xform.c:
 *  - known answers: libsrtp2's srtp_driver vectors (from master keys) and
 *    RFC 7714 §16.1, §16.2, §17.1 (from session keys, through
 *    srtp_xform_init directly);
 *  - the core's IVs equal srtp_kdf's and srtp_gcm's;
 *  - RFC 3711 Appendix A index estimation at its edges, and the replay
 *    window against a naive model of "seen" indices;
 *  - malformed input (-EINVAL), no room (-ENOSPC), too long (-E2BIG),
 *    wrong direction, bad configurations;
 *  - the SSRC table: capacity, deletion, and a random workload against a
 *    model; fini wipes the context.
 */
#include <stdlib.h>

#include "kselftest_harness.h"
#include "srtp_gcm.h"
#include "srtp_kdf.h"
#include "srtp_xform_int.h"
#include "srtp_xform_util.h"

/* Protect @plain_hex with a fresh outbound context; expect @want_hex. */
static void kat(struct __test_metadata *_metadata, struct srtp_xform *out,
		struct srtp_xform *in, bool rtcp, const char *plain_hex,
		const char *want_hex)
{
	uint8_t pkt[256], plain[256], want[256];
	struct wrtc_err err = { 0 };
	size_t n = unhex(plain_hex, plain, sizeof(plain));
	size_t w = unhex(want_hex, want, sizeof(want));
	int m;

	ASSERT_LT(0u, n);
	ASSERT_LT(n, w);
	memcpy(pkt, plain, n);
	m = rtcp ? srtp_xform_protect_rtcp(out, pkt, n, sizeof(pkt), &err) :
		   srtp_xform_protect_rtp(out, pkt, n, sizeof(pkt), &err);
	ASSERT_EQ((int)w, m)
	TH_LOG("%s", err.msg);
	EXPECT_EQ(0, memcmp(want, pkt, w));
	m = rtcp ? srtp_xform_unprotect_rtcp(in, pkt, w, &err) :
		   srtp_xform_unprotect_rtp(in, pkt, w, &err);
	ASSERT_EQ((int)n, m)
	TH_LOG("%s", err.msg);
	EXPECT_EQ(0, memcmp(plain, pkt, n));
}

static void kat_master(struct __test_metadata *_metadata, uint16_t id,
		       const char *key, const char *salt, const char *rtp,
		       const char *rtcp)
{
	const struct srtp_profile *p = srtp_profile_by_id(id);
	struct srtp_master_key m = master(p, key, salt);
	struct srtp_xform *out, *in;
	uint8_t buf[64];
	char plain[200];
	size_t n, i;

	ASSERT_EQ(0, srtp_xform_create(&out, p, &m, SRTP_XFORM_OUTBOUND, NULL));
	ASSERT_EQ(0, srtp_xform_create(&in, p, &m, SRTP_XFORM_INBOUND, NULL));
	n = vector_rtp(buf, 16, 0x1234);
	for (i = 0; i < n; i++)
		sprintf(plain + 2 * i, "%02x", buf[i]);
	kat(_metadata, out, in, false, plain, rtp);
	n = vector_rtcp(buf);
	for (i = 0; i < n; i++)
		sprintf(plain + 2 * i, "%02x", buf[i]);
	kat(_metadata, out, in, true, plain, rtcp);
	srtp_xform_destroy(out);
	srtp_xform_destroy(in);
}

/* libsrtp2 srtp_driver: srtp_validate() and srtp_validate_gcm(). */
TEST(known_answer_libsrtp_driver_cm_80)
{
	kat_master(_metadata, SRTP_PROFILE_AES128_CM_HMAC_SHA1_80,
		   "e1f97a0d3e018be0d64fa32c06de4139",
		   "0ec675ad498afeebb6960b3aabe6",
		   "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402"
		   "b78d6acc99ea179b8dbb",
		   "81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8"
		   "80000001 993e08cd54d6c1230798");
}

TEST(known_answer_libsrtp_driver_gcm_128)
{
	kat_master(_metadata, SRTP_PROFILE_AEAD_AES_128_GCM,
		   "000102030405060708090a0b0c0d0e0f",
		   "a0a1a2a3a4a5a6a7a8a9aaab",
		   "800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e"
		   "d2976826f796b201df3131a127e8a392",
		   "81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025"
		   "c52c6fbea2b3b446ea31123ba88ce61e 80000001");
}

/* RFC 7714 §16, §17: session keys 00 01 .. and salt "Quid pro quo". */
static void rfc7714_pair(struct __test_metadata *_metadata, size_t key_len,
			 struct srtp_xform *out, struct srtp_xform *in)
{
	struct srtp_xform_config cfg;
	struct wrtc_err err = { 0 };
	size_t i;

	memset(&cfg, 0, sizeof(cfg));
	cfg.cipher = SRTP_XFORM_AES_GCM;
	cfg.key_len = (uint8_t)key_len;
	cfg.salt_len = 12;
	cfg.srtp_tag_len = 16;
	cfg.srtcp_tag_len = 16;
	for (i = 0; i < key_len; i++)
		cfg.rtp.enc_key[i] = cfg.rtcp.enc_key[i] = (uint8_t)i;
	ASSERT_EQ(12u, unhex("51756964 2070726f 2071756f", cfg.rtp.salt, 12));
	memcpy(cfg.rtcp.salt, cfg.rtp.salt, 12);
	cfg.dir = SRTP_XFORM_OUTBOUND;
	ASSERT_EQ(0, srtp_xform_init(out, &cfg, &err))
	TH_LOG("%s", err.msg);
	cfg.dir = SRTP_XFORM_INBOUND;
	ASSERT_EQ(0, srtp_xform_init(in, &cfg, &err));
}

static const char rfc7714_rtp[] =
	"8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973"
	"20646976 69736120 696e2070 61727465 73207472 6573";

TEST(known_answer_rfc7714_16_1_aes_128_gcm)
{
	static struct srtp_xform out, in;

	rfc7714_pair(_metadata, 16, &out, &in);
	kat(_metadata, &out, &in, false, rfc7714_rtp,
	    "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c"
	    "9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf"
	    "8833899d 7f27beb1 6a9152cf 765ee439 0cce");
	srtp_xform_fini(&out);
	srtp_xform_fini(&in);
}

TEST(known_answer_rfc7714_16_2_aes_256_gcm)
{
	static struct srtp_xform out, in;

	rfc7714_pair(_metadata, 32, &out, &in);
	kat(_metadata, &out, &in, false, rfc7714_rtp,
	    "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa"
	    "332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799"
	    "b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13");
	srtp_xform_fini(&out);
	srtp_xform_fini(&in);
}

/* §17.1: SRTCP index 0x5d4, reached through the state setter. */
TEST(known_answer_rfc7714_17_1_srtcp)
{
	static struct srtp_xform out, in;
	struct srtp_xform_stream_state st;

	rfc7714_pair(_metadata, 16, &out, &in);
	memset(&st, 0, sizeof(st));
	st.ssrc = 0x4d617273;
	st.srtcp_index = 0x5d3; /* the last one sent */
	ASSERT_EQ(0, srtp_xform_stream_set(&out, &st, NULL));
	kat(_metadata, &out, &in, true,
	    "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a"
	    "0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef"
	    "deadbeef",
	    "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99"
	    "7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded"
	    "0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4");
	EXPECT_EQ(0x5d4u, state_of(&in, 0x4d617273).srtcp_index);
	srtp_xform_fini(&out);
	srtp_xform_fini(&in);
}

/* The core's IVs are srtp_kdf's and srtp_gcm's. */
TEST(ivs_match_srtp_kdf_and_srtp_gcm)
{
	uint8_t salt[14], a[16], b[16];
	unsigned int seed = 7;
	int i, j;

	for (i = 0; i < 2000; i++) {
		uint32_t ssrc = (uint32_t)rand_r(&seed) * 2654435761u;
		uint32_t roc = (uint32_t)rand_r(&seed);
		uint16_t seq = (uint16_t)rand_r(&seed);
		uint32_t idx = (uint32_t)rand_r(&seed) & 0x7fffffff;
		uint64_t index = ((uint64_t)roc << 16 | seq) &
				 0xffffffffffffULL;

		if (i % 3 == 0)
			roc = UINT32_MAX - (uint32_t)i;
		for (j = 0; j < 14; j++)
			salt[j] = (uint8_t)rand_r(&seed);
		srtp_xform_cm_iv(salt, ssrc, index, a);
		srtp_aes_cm_iv(salt, ssrc, index, b);
		ASSERT_EQ(0, memcmp(a, b, 16));
		srtp_xform_gcm_iv(salt, ssrc, (uint64_t)roc << 16 | seq, a);
		srtp_gcm_rtp_iv(salt, ssrc, roc, seq, b);
		ASSERT_EQ(0, memcmp(a, b, 12));
		srtp_xform_gcm_iv(salt, ssrc, idx, a);
		srtp_gcm_rtcp_iv(salt, ssrc, idx | 0x80000000u, b);
		ASSERT_EQ(0, memcmp(a, b, 12));
	}
}

TEST(index_guess_rfc3711_appendix_a)
{
	static const struct {
		uint32_t roc;
		uint16_t s_l, seq;
		uint32_t want_roc;
		int32_t want_delta;
	} c[] = {
		{ 1, 100, 65500, 0, -136 }, /* late, before the wrap */
		{ 0, 65500, 10, 1, 46 }, /* early, after the wrap */
		{ 5, 40000, 7000, 6, 32536 },
		{ 5, 40000, 7231, 6, 32767 },
		{ 5, 40000, 7232, 5, -32768 }, /* s_l - 2^15 > SEQ fails */
		{ 5, 40000, 7233, 5, -32767 },
		{ 3, 10, 32778, 3, 32768 }, /* SEQ - s_l > 2^15 fails */
		{ 3, 10, 32779, 2, -32767 },
		{ 7, 1000, 1000, 7, 0 },
		{ 0xffffffff, 100, 200, 0xffffffff, 100 },
		/* libsrtp2: no ROC - 1 early in a stream's first cycle. */
		{ 0, 100, 65500, 0, 65400 },
		{ 0, 32768, 0, 0, -32768 },
		{ 0, 32769, 0, 1, 32767 },
	};
	uint32_t roc;
	int32_t delta;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		ASSERT_EQ(0, srtp_replay_index_guess(c[i].roc, c[i].s_l,
						     c[i].seq, &roc, &delta));
		EXPECT_EQ(c[i].want_roc, roc)
		TH_LOG("case %zu", i);
		EXPECT_EQ(c[i].want_delta, delta)
		TH_LOG("case %zu", i);
	}
	EXPECT_EQ(-ERANGE,
		  srtp_replay_index_guess(0xffffffff, 65535, 0, &roc, &delta));
}

/* The window against a model: accepted = newer, or close and unseen. */
TEST(replay_window_matches_model)
{
	static bool seen[1 << 20];
	uint64_t win[SRTP_REPLAY_WORDS] = { 0 };
	int64_t top = 100000, idx;
	unsigned int seed = 1;
	int i, want;

	seen[top] = true;
	srtp_replay_add(win, 0);
	for (i = 0; i < 50000; i++) {
		int r = rand_r(&seed);

		/* Mostly just behind the top, sometimes far either way. */
		idx = top + (r % 16 == 0 ? r % 401 - 300 : r % 200 - 170);
		want = idx > top || (top - idx < SRTP_REPLAY_WINDOW &&
				     !seen[idx]) ?
			       0 :
			       -EALREADY;
		ASSERT_EQ(want, srtp_replay_check(win, idx - top))
		TH_LOG("step %d: top %ld idx %ld", i, (long)top, (long)idx);
		if (want || (r >> 8) % 4 == 0)
			continue; /* sometimes checked but not accepted */
		srtp_replay_add(win, idx - top);
		seen[idx] = true;
		if (idx > top)
			top = idx;
		ASSERT_LT(top, (int64_t)(1 << 20) - 400);
	}
	/* The edges, exactly. */
	EXPECT_EQ(-EALREADY, srtp_replay_check(win, 0));
	EXPECT_EQ(-EALREADY, srtp_replay_check(win, -SRTP_REPLAY_WINDOW));
	EXPECT_EQ(0, srtp_replay_check(win, 1));
	EXPECT_EQ(0, srtp_replay_check(win, 1 << 30));
}

TEST_F(xf, malformed_rtp_refused)
{
	size_t tag = self->p->srtp_tag_len;
	const struct rtp_shape sh = { .ssrc = 0x1234, .payload = 20 };
	static uint8_t big[SRTP_XFORM_MAX_PACKET + 64];
	struct wrtc_err err;
	uint8_t pkt[PKT_MAX], good[PKT_MAX];
	int n, m;

	n = make_rtp(good, sizeof(good), &sh, 10);
	memcpy(pkt, good, n);
	m = srtp_xform_protect_rtp(self->xa_out, pkt, n, sizeof(pkt), NULL);
	ASSERT_EQ(n + (int)tag, m);
	memcpy(good, pkt, m); /* a genuine SRTP packet */

#define REFUSED(code, call)               \
	do {                              \
		err.msg[0] = 0;           \
		EXPECT_EQ(code, call);    \
		EXPECT_NE(0, err.msg[0]); \
	} while (0)
	/* Unprotect: too short for a header, or for header + tag. */
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(self->xa_in, pkt, 0, &err));
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(self->xa_in, pkt, 11, &err));
	REFUSED(-EINVAL,
		srtp_xform_unprotect_rtp(self->xa_in, pkt, 11 + tag, &err));
	memcpy(pkt, good, m);
	pkt[0] = (pkt[0] & 0x3f) | 0x40; /* version 1 */
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(self->xa_in, pkt, m, &err));
	memcpy(pkt, good, m);
	pkt[0] |= 0x0f; /* 15 CSRCs: 60 bytes, past the end */
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(self->xa_in, pkt, m, &err));
	memcpy(pkt, good, m);
	pkt[0] |= 0x10; /* an extension of 0xffff words */
	pkt[14] = pkt[15] = 0xff;
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(self->xa_in, pkt, m, &err));
	memcpy(pkt, good, m);
	pkt[0] |= 0x10; /* the extension header itself past the end */
	REFUSED(-EINVAL,
		srtp_xform_unprotect_rtp(self->xa_in, pkt, 12 + 3 + tag, &err));
	REFUSED(-E2BIG,
		srtp_xform_unprotect_rtp(self->xa_in, big,
					 SRTP_XFORM_MAX_PACKET + 1, &err));
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(self->xa_out, good, m, &err));
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(NULL, good, m, &err));
	REFUSED(-EINVAL, srtp_xform_unprotect_rtp(self->xa_in, NULL, m, &err));
	/* Nothing of the above created a stream or moved one. */
	EXPECT_EQ(0u, srtp_xform_stream_count(self->xa_in));

	/* Protect. */
	REFUSED(-EINVAL, srtp_xform_protect_rtp(self->xa_out, pkt, 11,
						sizeof(pkt), &err));
	make_rtp(pkt, sizeof(pkt), &sh, 11);
	pkt[0] &= 0x3f; /* version 0 */
	REFUSED(-EINVAL, srtp_xform_protect_rtp(self->xa_out, pkt, n,
						sizeof(pkt), &err));
	make_rtp(pkt, sizeof(pkt), &sh, 11);
	pkt[0] |= 0x06; /* 6 CSRCs in a 32-byte packet */
	REFUSED(-EINVAL, srtp_xform_protect_rtp(self->xa_out, pkt, 32,
						sizeof(pkt), &err));
	make_rtp(pkt, sizeof(pkt), &sh, 11);
	REFUSED(-ENOSPC, srtp_xform_protect_rtp(self->xa_out, pkt, n,
						n + tag - 1, &err));
	REFUSED(-ENOSPC,
		srtp_xform_protect_rtp(self->xa_out, pkt, n, n - 1, &err));
	memcpy(big, good, 12);
	big[2] = 0;
	big[3] = 50; /* a seq not protected yet */
	REFUSED(-E2BIG, srtp_xform_protect_rtp(self->xa_out, big,
					       SRTP_XFORM_MAX_PACKET - tag + 1,
					       sizeof(big), &err));
	REFUSED(-EINVAL,
		srtp_xform_protect_rtp(self->xa_in, pkt, n, sizeof(pkt), &err));
	/* The largest packet that fits goes through. */
	memset(big + 12, 0x5a, SRTP_XFORM_MAX_PACKET - 12);
	EXPECT_EQ(SRTP_XFORM_MAX_PACKET,
		  srtp_xform_protect_rtp(self->xa_out, big,
					 SRTP_XFORM_MAX_PACKET - tag,
					 sizeof(big), NULL));
	EXPECT_EQ(SRTP_XFORM_MAX_PACKET - (int)tag,
		  srtp_xform_unprotect_rtp(self->xa_in, big,
					   SRTP_XFORM_MAX_PACKET, NULL));
#undef REFUSED
}

TEST(bad_config_refused_and_fini_wipes)
{
	static struct srtp_xform x;
	struct srtp_xform_config cfg, bad;
	static const uint8_t zero[sizeof(struct srtp_xform)];

	memset(&cfg, 0xaa, sizeof(cfg));
	cfg.dir = SRTP_XFORM_INBOUND;
	cfg.cipher = SRTP_XFORM_AES_CM;
	cfg.key_len = 16;
	cfg.salt_len = 14;
	cfg.srtp_tag_len = 10;
	cfg.srtcp_tag_len = 10;
	ASSERT_EQ(0, srtp_xform_init(&x, &cfg, NULL));
	srtp_xform_fini(&x);
	EXPECT_EQ(0, memcmp(zero, &x, sizeof(x)));

	bad = cfg, bad.dir = 0;
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad = cfg, bad.cipher = 3;
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad = cfg, bad.key_len = 24;
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad = cfg, bad.salt_len = 12;
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad = cfg, bad.srtp_tag_len = 21;
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad = cfg, bad.srtcp_tag_len = 3;
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad = cfg, bad.cipher = SRTP_XFORM_AES_GCM; /* salt 14, tag 10 */
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad.salt_len = 12;
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, &bad, NULL));
	bad.srtp_tag_len = bad.srtcp_tag_len = 16;
	EXPECT_EQ(0, srtp_xform_init(&x, &bad, NULL));
	srtp_xform_fini(&x);
	EXPECT_EQ(-EINVAL, srtp_xform_init(&x, NULL, NULL));
	EXPECT_EQ(-EINVAL, srtp_xform_init(NULL, &cfg, NULL));
}

/* Outbound: 32 SSRCs fit, the 33rd does not until one is deleted. */
TEST(stream_table_capacity)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0001);
	struct srtp_master_key k = pattern_master(p);
	struct srtp_xform *out, *in;
	struct srtp_xform_stream_state st;
	struct wrtc_err err = { 0 };
	uint8_t pkt[PKT_MAX], saved[PKT_MAX];
	int n, m, saved_len = 0;
	uint32_t i;

	ASSERT_EQ(0, srtp_xform_create(&out, p, &k, SRTP_XFORM_OUTBOUND, NULL));
	ASSERT_EQ(0, srtp_xform_create(&in, p, &k, SRTP_XFORM_INBOUND, NULL));
	for (i = 1; i <= SRTP_XFORM_MAX_STREAMS + 1; i++) {
		struct rtp_shape sh = { .ssrc = i * 0x01000193u, .payload = 8 };

		n = make_rtp(pkt, sizeof(pkt), &sh, 1);
		m = srtp_xform_protect_rtp(out, pkt, n, sizeof(pkt), &err);
		if (i <= SRTP_XFORM_MAX_STREAMS) {
			ASSERT_EQ(n + 10, m);
			ASSERT_EQ(n,
				  srtp_xform_unprotect_rtp(in, pkt, m, NULL));
			continue;
		}
		EXPECT_EQ(-ENOSPC, m);
		EXPECT_NE(NULL, strstr(err.msg, "table full"));
		/* A genuine packet the inbound side has no room for. */
		ASSERT_EQ(0, srtp_xform_stream_del(out, 0x01000193u));
		m = srtp_xform_protect_rtp(out, pkt, n, sizeof(pkt), NULL);
		ASSERT_EQ(n + 10, m);
		memcpy(saved, pkt, m);
		saved_len = m;
		EXPECT_EQ(-ENOSPC, srtp_xform_unprotect_rtp(in, pkt, m, &err));
		EXPECT_NE(NULL, strstr(err.msg, "table full"));
	}
	EXPECT_EQ((unsigned int)SRTP_XFORM_MAX_STREAMS,
		  srtp_xform_stream_count(in));
	EXPECT_EQ(-ENOENT, srtp_xform_stream_del(in, 0xdeadbeef));
	ASSERT_EQ(0, srtp_xform_stream_del(in, 5 * 0x01000193u));
	EXPECT_EQ(-ENOENT, srtp_xform_stream_get(in, 5 * 0x01000193u, &st));
	EXPECT_EQ(saved_len - 10,
		  srtp_xform_unprotect_rtp(in, saved, saved_len, NULL));
	EXPECT_EQ((unsigned int)SRTP_XFORM_MAX_STREAMS,
		  srtp_xform_stream_count(in));
	memset(&st, 0, sizeof(st));
	st.srtcp_index = 0x80000000u;
	EXPECT_EQ(-EINVAL, srtp_xform_stream_set(in, &st, NULL));
	srtp_xform_stream_clear(in);
	EXPECT_EQ(0u, srtp_xform_stream_count(in));
	srtp_xform_destroy(out);
	srtp_xform_destroy(in);
}

/* Random sets, gets and deletes against a model of the table. */
TEST(stream_table_random_workload)
{
	static struct srtp_xform x;
	struct srtp_xform_config cfg;
	uint32_t pool[48], val[48];
	bool in[48] = { 0 };
	unsigned int seed = 3, count = 0, pos;
	struct srtp_xform_stream_state st;
	int i, j, seen;

	memset(&cfg, 0, sizeof(cfg));
	cfg.dir = SRTP_XFORM_INBOUND;
	cfg.cipher = SRTP_XFORM_AES_CM;
	cfg.key_len = 16;
	cfg.salt_len = 14;
	cfg.srtp_tag_len = cfg.srtcp_tag_len = 10;
	ASSERT_EQ(0, srtp_xform_init(&x, &cfg, NULL));
	/*
	 * SSRCs in two clusters under the table's hash (copied here), for
	 * long probe runs and deletions in the middle of them.
	 */
	for (i = 0, j = 1; i < 48; j++)
		if ((((uint32_t)j * 2654435761u) >> 26) < 2)
			pool[i++] = (uint32_t)j;
	for (i = 0; i < 100000; i++) {
		int k = rand_r(&seed) % 48, op = rand_r(&seed) % 3;

		if (op == 0 && !in[k] && count == SRTP_XFORM_MAX_STREAMS) {
			memset(&st, 0, sizeof(st));
			st.ssrc = pool[k];
			ASSERT_EQ(-ENOSPC,
				  srtp_xform_stream_set(&x, &st, NULL));
		} else if (op == 0) {
			memset(&st, 0, sizeof(st));
			st.ssrc = pool[k];
			st.srtcp_index = val[k] = (uint32_t)i;
			ASSERT_EQ(0, srtp_xform_stream_set(&x, &st, NULL));
			count += !in[k];
			in[k] = true;
		} else if (op == 1) {
			ASSERT_EQ(in[k] ? 0 : -ENOENT,
				  srtp_xform_stream_del(&x, pool[k]));
			count -= in[k];
			in[k] = false;
		}
		for (j = 0; j < 48; j++) {
			int r = srtp_xform_stream_get(&x, pool[j], &st);

			ASSERT_EQ(in[j] ? 0 : -ENOENT, r)
			TH_LOG("step %d ssrc %d", i, j);
			if (in[j])
				ASSERT_EQ(val[j], st.srtcp_index);
		}
		ASSERT_EQ(count, srtp_xform_stream_count(&x));
	}
	for (pos = 0, seen = 0; srtp_xform_stream_next(&x, &pos, &st); seen++)
		;
	EXPECT_EQ((int)count, seen);
	srtp_xform_fini(&x);
}

TEST_HARNESS_MAIN
