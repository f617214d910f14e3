// SPDX-License-Identifier: GPL-2.0
/*
 * The libsrtp2 wrapper's behaviour for all four profiles: replayed and
 * tampered packets rejected with the right error, RTP and RTCP round trips,
 * misuse refused, status mapping, and srtp_init() raced from many threads.
 * Known answers and the equivalence with srtp_kdf/srtp_gcm are in
 * test_srtp_ref.c.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "kselftest_harness.h"
#include "srtp_profile.h"
#include "srtp_ref.h"
#include "srtp_vectors.h"
#include "unhex.h"

struct pair {
	struct srtp_ref *tx, *rx;
};

static int make_pair(const struct srtp_profile *p, struct pair *pr)
{
	struct srtp_master_key m = pattern_master(p);
	int ret;

	ret = srtp_ref_create(&pr->tx, p, &m, SRTP_REF_OUTBOUND, NULL);
	if (ret)
		return ret;
	ret = srtp_ref_create(&pr->rx, p, &m, SRTP_REF_INBOUND, NULL);
	srtp_master_key_wipe(&m);
	return ret;
}

static void drop_pair(struct pair *pr)
{
	srtp_ref_destroy(pr->tx);
	srtp_ref_destroy(pr->rx);
}

TEST(replay_rejected_all_profiles)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		const struct srtp_profile *p = srtp_profile_by_id(all_ids[i]);
		uint8_t pkt[96], copy[96];
		struct wrtc_err err = { 0 };
		struct pair pr;
		int n;

		TH_LOG("%s", p->name);
		ASSERT_EQ(0, make_pair(p, &pr));
		n = srtp_ref_protect_rtp(pr.tx, pkt, vector_rtp(pkt, 20, 7),
					 sizeof(pkt), NULL);
		ASSERT_GT(n, 0);
		memcpy(copy, pkt, n);
		ASSERT_EQ(32, srtp_ref_unprotect_rtp(pr.rx, pkt, n, NULL));
		EXPECT_EQ(-EALREADY,
			  srtp_ref_unprotect_rtp(pr.rx, copy, n, &err));
		EXPECT_STREQ("libsrtp2 srtp_unprotect: replay_fail", err.msg);

		n = srtp_ref_protect_rtcp(pr.tx, pkt, vector_rtcp(pkt),
					  sizeof(pkt), NULL);
		ASSERT_GT(n, 0);
		memcpy(copy, pkt, n);
		ASSERT_EQ(24, srtp_ref_unprotect_rtcp(pr.rx, pkt, n, NULL));
		EXPECT_EQ(-EALREADY,
			  srtp_ref_unprotect_rtcp(pr.rx, copy, n, &err));
		EXPECT_STREQ("libsrtp2 srtp_unprotect_rtcp: replay_fail",
			     err.msg);
		drop_pair(&pr);
	}
}

/* Flip one bit at @at: unprotect must fail with auth_fail. */
static void expect_auth_fail(struct __test_metadata *_metadata,
			     struct srtp_ref *rx, const uint8_t *good, int n,
			     int at, bool rtcp)
{
	struct wrtc_err err = { 0 };
	uint8_t bad[128];

	memcpy(bad, good, n);
	bad[at] ^= 0x10;
	if (rtcp) {
		EXPECT_EQ(-EBADMSG, srtp_ref_unprotect_rtcp(rx, bad, n, &err));
		EXPECT_STREQ("libsrtp2 srtp_unprotect_rtcp: auth_fail",
			     err.msg);
	} else {
		EXPECT_EQ(-EBADMSG, srtp_ref_unprotect_rtp(rx, bad, n, &err));
		EXPECT_STREQ("libsrtp2 srtp_unprotect: auth_fail", err.msg);
	}
}

TEST(tampering_rejected_all_profiles)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		const struct srtp_profile *p = srtp_profile_by_id(all_ids[i]);
		uint8_t pkt[128];
		struct pair pr;
		int n;

		TH_LOG("%s", p->name);
		ASSERT_EQ(0, make_pair(p, &pr));
		n = srtp_ref_protect_rtp(pr.tx, pkt, vector_rtp(pkt, 40, 9),
					 sizeof(pkt), NULL);
		ASSERT_EQ(52 + p->srtp_tag_len, n);
		expect_auth_fail(_metadata, pr.rx, pkt, n, 12 + 5, false);
		expect_auth_fail(_metadata, pr.rx, pkt, n, n - 1, false);
		expect_auth_fail(_metadata, pr.rx, pkt, n, 52, false);
		expect_auth_fail(_metadata, pr.rx, pkt, n, 1, false); /* PT */
		/* Failures did not advance the replay window. */
		ASSERT_EQ(52, srtp_ref_unprotect_rtp(pr.rx, pkt, n, NULL));

		n = srtp_ref_protect_rtcp(pr.tx, pkt, vector_rtcp(pkt),
					  sizeof(pkt), NULL);
		ASSERT_EQ(24 + 4 + p->srtcp_tag_len, n);
		expect_auth_fail(_metadata, pr.rx, pkt, n, 10, true);
		expect_auth_fail(_metadata, pr.rx, pkt, n, n - 1, true);
		ASSERT_EQ(24, srtp_ref_unprotect_rtcp(pr.rx, pkt, n, NULL));
		drop_pair(&pr);
	}
}

TEST(round_trips_all_profiles)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 160, 1200 };
	size_t i, j, k;

	for (i = 0; i < 4; i++) {
		const struct srtp_profile *p = srtp_profile_by_id(all_ids[i]);
		uint8_t pkt[1300], plain[1300];
		struct pair pr;

		TH_LOG("%s", p->name);
		ASSERT_EQ(0, make_pair(p, &pr));
		EXPECT_EQ(p->srtp_tag_len, srtp_ref_rtp_overhead(pr.tx));
		EXPECT_EQ(4u + p->srtcp_tag_len, srtp_ref_rtcp_overhead(pr.rx));
		for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			size_t n =
				vector_rtp(pkt, sizes[j], (uint16_t)(100 + j));
			int r;

			for (k = 12; k < n; k++)
				pkt[k] = (uint8_t)(k ^ j);
			memcpy(plain, pkt, n);
			r = srtp_ref_protect_rtp(pr.tx, pkt, n, n + 16, NULL);
			ASSERT_EQ((int)(n + p->srtp_tag_len), r);
			if (sizes[j] >= 4)
				EXPECT_NE(0, memcmp(plain + 12, pkt + 12,
						    sizes[j]));
			ASSERT_EQ((int)n,
				  srtp_ref_unprotect_rtp(pr.rx, pkt, r, NULL));
			ASSERT_EQ(0, memcmp(plain, pkt, n));
		}
		/* An RTCP compound: empty RR + SDES CNAME "ab", 8 + 16. */
		for (j = 0; j < 3; j++) {
			size_t n = 24;
			int r;

			unhex("80c90001 cafebabe"
			      "81ca0003 cafebabe 01026162 00000000",
			      pkt, sizeof(pkt));
			pkt[17] = (uint8_t)('a' + j);
			memcpy(plain, pkt, n);
			r = srtp_ref_protect_rtcp(pr.tx, pkt, n, sizeof(pkt),
						  NULL);
			ASSERT_EQ((int)(n + 4 + p->srtcp_tag_len), r);
			ASSERT_EQ((int)n,
				  srtp_ref_unprotect_rtcp(pr.rx, pkt, r, NULL));
			ASSERT_EQ(0, memcmp(plain, pkt, n));
		}
		drop_pair(&pr);
	}
}

TEST(wrapper_rejects_misuse)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0001);
	struct srtp_master_key m = pattern_master(p);
	struct wrtc_err err = { 0 };
	struct srtp_ref *s = (void *)1;
	uint8_t pkt[64];
	struct pair pr;

	m.salt_len = 12;
	EXPECT_EQ(-EINVAL, srtp_ref_create(&s, p, &m, SRTP_REF_OUTBOUND, &err));
	EXPECT_EQ(NULL, s);
	m = pattern_master(p);
	EXPECT_EQ(-EINVAL,
		  srtp_ref_create(&s, p, &m, (enum srtp_ref_dir)0, NULL));
	EXPECT_EQ(-EINVAL,
		  srtp_ref_create(&s, NULL, &m, SRTP_REF_INBOUND, NULL));

	ASSERT_EQ(0, make_pair(p, &pr));
	vector_rtp(pkt, 16, 1);
	EXPECT_EQ(-EINVAL, srtp_ref_protect_rtp(pr.rx, pkt, 28, 64, &err));
	EXPECT_EQ(-EINVAL, srtp_ref_unprotect_rtp(pr.tx, pkt, 28, NULL));
	EXPECT_EQ(-ENOSPC, srtp_ref_protect_rtp(pr.tx, pkt, 28, 37, &err));
	EXPECT_EQ(-EINVAL, srtp_ref_protect_rtp(pr.tx, pkt, 11, 64, NULL));
	EXPECT_EQ(-EINVAL, srtp_ref_unprotect_rtp(pr.rx, pkt, 21, NULL));
	EXPECT_EQ(-EINVAL, srtp_ref_protect_rtcp(pr.tx, pkt, 7, 64, NULL));
	EXPECT_EQ(-EINVAL, srtp_ref_unprotect_rtcp(pr.rx, pkt, 8 + 13, NULL));
	EXPECT_EQ(38, srtp_ref_protect_rtp(pr.tx, pkt, 28, 38, NULL));
	srtp_ref_destroy(NULL);
	drop_pair(&pr);
}

TEST(status_mapping)
{
	EXPECT_EQ(0, srtp_ref_errno(0));
	EXPECT_EQ(-EBADMSG, srtp_ref_errno(7)); /* auth_fail */
	EXPECT_EQ(-EALREADY, srtp_ref_errno(9)); /* replay_fail */
	EXPECT_EQ(-EALREADY, srtp_ref_errno(10)); /* replay_old */
	EXPECT_EQ(-EKEYEXPIRED, srtp_ref_errno(15));
	EXPECT_EQ(-EINVAL, srtp_ref_errno(2)); /* bad_param */
	EXPECT_EQ(-ENOMEM, srtp_ref_errno(3));
	EXPECT_EQ(-EIO, srtp_ref_errno(8)); /* cipher_fail */
	EXPECT_STREQ("auth_fail", srtp_ref_status_name(7));
	EXPECT_STREQ("replay_old", srtp_ref_status_name(10));
	EXPECT_STREQ("pkt_idx_adv", srtp_ref_status_name(27));
	EXPECT_STREQ("unknown", srtp_ref_status_name(28));
	EXPECT_STREQ("unknown", srtp_ref_status_name(-1));
}

/*
 * Each test runs in its own process, so here the threads race to be first
 * to call srtp_init(): pthread_once must let exactly one through and make
 * the others wait for it.
 */
static void *thread_round_trip(void *arg)
{
	const struct srtp_profile *p = arg;
	uint8_t pkt[64];
	struct pair pr;
	long bad = 0;
	int i, n;

	if (make_pair(p, &pr))
		return (void *)1L;
	for (i = 0; i < 200; i++) {
		n = srtp_ref_protect_rtp(pr.tx, pkt,
					 vector_rtp(pkt, 20, (uint16_t)i),
					 sizeof(pkt), NULL);
		if (n < 0 || srtp_ref_unprotect_rtp(pr.rx, pkt, n, NULL) != 32)
			bad++;
	}
	drop_pair(&pr);
	return (void *)bad;
}

TEST(first_use_from_many_threads)
{
	pthread_t t[8];
	void *ret;
	int i;

	for (i = 0; i < 8; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, thread_round_trip,
					    (void *)srtp_profile_at(i % 4)));
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(0, pthread_join(t[i], &ret));
		EXPECT_EQ(NULL, ret);
	}
	EXPECT_EQ(0, srtp_ref_init(NULL));
}

TEST_HARNESS_MAIN
