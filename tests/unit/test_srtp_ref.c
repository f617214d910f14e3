// SPDX-License-Identifier: GPL-2.0
/*
 * The libsrtp2 wrapper, and our RFC 3711 / RFC 7714 machinery (srtp_kdf,
 * srtp_gcm) proven equal to what libsrtp2 does:
 *  - known answers through the wrapper: libsrtp2's own srtp_driver vectors
 *    (master key E1F97A0D.. for AES_CM_128_HMAC_SHA1_80, 000102..0f with
 *    salt a0..ab for AEAD_AES_128_GCM), RTP and RTCP;
 *  - libsrtp2's keystream (ciphertext XOR plaintext) equals our AES-CM
 *    keystream under our KDF's session key/salt, and its tag equals
 *    HMAC-SHA1(our auth key, authenticated portion || ROC) truncated;
 *  - libsrtp2's GCM output equals our KDF + EVP AES-GCM, for both key sizes
 *    (this checks our reading of RFC 7714 §11 and erratum 4938, for which
 *    no RFC publishes a vector).
 * Replay, tampering, round trips and misuse are in test_srtp_ops.c.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include <openssl/hmac.h>

#include "kselftest_harness.h"
#include "srtp_gcm.h"
#include "srtp_kdf.h"
#include "srtp_profile.h"
#include "srtp_ref.h"
#include "srtp_vectors.h"
#include "unhex.h"

TEST(known_answer_aes_cm_128_hmac_sha1_80)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0001);
	struct srtp_master_key m = master(p, "e1f97a0d3e018be0d64fa32c06de4139",
					  "0ec675ad498afeebb6960b3aabe6");
	struct srtp_ref *tx, *rx;
	uint8_t pkt[64], want[64], plain[64];
	struct wrtc_err err = { 0 };
	size_t n;

	ASSERT_EQ(0, srtp_ref_create(&tx, p, &m, SRTP_REF_OUTBOUND, &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(0, srtp_ref_create(&rx, p, &m, SRTP_REF_INBOUND, &err));

	n = vector_rtp(pkt, 16, 0x1234);
	memcpy(plain, pkt, n);
	ASSERT_EQ(38u, unhex("800f1234decafbadcafebabe"
			     "4e55dc4ce79978d88ca4d215949d2402"
			     "b78d6acc99ea179b8dbb",
			     want, sizeof(want)));
	ASSERT_EQ(38, srtp_ref_protect_rtp(tx, pkt, n, sizeof(pkt), &err));
	EXPECT_EQ(0, memcmp(want, pkt, 38));
	ASSERT_EQ(28, srtp_ref_unprotect_rtp(rx, pkt, 38, &err));
	EXPECT_EQ(0, memcmp(plain, pkt, 28));

	/* libsrtp2 srtp_driver's SRTCP vector: E set, SRTCP index 1. */
	n = vector_rtcp(pkt);
	memcpy(plain, pkt, n);
	ASSERT_EQ(38u, unhex("81c8000bcafebabe"
			     "7128035be487b9bdbef89041f977a5a8"
			     "80000001 993e08cd54d6c1230798",
			     want, sizeof(want)));
	ASSERT_EQ(38, srtp_ref_protect_rtcp(tx, pkt, n, sizeof(pkt), &err));
	EXPECT_EQ(0, memcmp(want, pkt, 38));
	ASSERT_EQ(24, srtp_ref_unprotect_rtcp(rx, pkt, 38, &err));
	EXPECT_EQ(0, memcmp(plain, pkt, 24));
	srtp_ref_destroy(tx);
	srtp_ref_destroy(rx);
}

/* libsrtp2 srtp_driver's srtp_validate_gcm() vector, master key + salt. */
TEST(known_answer_aead_aes_128_gcm)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0007);
	struct srtp_master_key m = master(p, "000102030405060708090a0b0c0d0e0f",
					  "a0a1a2a3a4a5a6a7a8a9aaab");
	struct srtp_ref *tx, *rx;
	uint8_t pkt[64], want[64], plain[64];
	size_t n;

	ASSERT_EQ(0, srtp_ref_create(&tx, p, &m, SRTP_REF_OUTBOUND, NULL));
	ASSERT_EQ(0, srtp_ref_create(&rx, p, &m, SRTP_REF_INBOUND, NULL));

	n = vector_rtp(pkt, 16, 0x1234);
	memcpy(plain, pkt, n);
	ASSERT_EQ(44u, unhex("800f1234decafbadcafebabe"
			     "c5002ede04cfdd2eb91159e0880aa06e"
			     "d2976826f796b201df3131a127e8a392",
			     want, sizeof(want)));
	ASSERT_EQ(44, srtp_ref_protect_rtp(tx, pkt, n, sizeof(pkt), NULL));
	EXPECT_EQ(0, memcmp(want, pkt, 44));
	ASSERT_EQ(28, srtp_ref_unprotect_rtp(rx, pkt, 44, NULL));
	EXPECT_EQ(0, memcmp(plain, pkt, 28));

	n = vector_rtcp(pkt);
	memcpy(plain, pkt, n);
	ASSERT_EQ(44u, unhex("81c8000bcafebabe"
			     "c98b8b5df0392a55852b6c21ac8e7025"
			     "c52c6fbea2b3b446ea31123ba88ce61e 80000001",
			     want, sizeof(want)));
	ASSERT_EQ(44, srtp_ref_protect_rtcp(tx, pkt, n, sizeof(pkt), NULL));
	EXPECT_EQ(0, memcmp(want, pkt, 44));
	ASSERT_EQ(24, srtp_ref_unprotect_rtcp(rx, pkt, 44, NULL));
	EXPECT_EQ(0, memcmp(plain, pkt, 24));
	srtp_ref_destroy(tx);
	srtp_ref_destroy(rx);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/*
 * Protect one AES-CM packet with libsrtp2 and check it against our pieces:
 * keystream = ciphertext ^ plaintext must be srtp_aes_cm_xor() under the
 * session key and salt srtp_kdf derived, at (SSRC, index); the tag must be
 * HMAC-SHA1(auth key, header || ciphertext || ROC) cut to the tag length.
 */
static void check_cm_rtp(struct __test_metadata *_metadata, struct srtp_ref *tx,
			 const struct srtp_profile *p,
			 const struct srtp_session_keys *k, uint16_t seq,
			 uint32_t roc, size_t payload)
{
	uint8_t pkt[128], plain[128], ks[128], iv[16], mac[EVP_MAX_MD_SIZE];
	uint8_t auth[160];
	unsigned int maclen;
	size_t n = 12 + payload, i;

	vector_rtp(pkt, payload, seq);
	for (i = 12; i < n; i++)
		pkt[i] = (uint8_t)(i * 7);
	memcpy(plain, pkt, n);
	ASSERT_EQ((int)(n + p->srtp_tag_len),
		  srtp_ref_protect_rtp(tx, pkt, n, sizeof(pkt), NULL));
	ASSERT_EQ(0, memcmp(plain, pkt, 12)); /* header in the clear */

	srtp_aes_cm_iv(k->salt, 0xcafebabe, (uint64_t)roc << 16 | seq, iv);
	ASSERT_EQ(0, srtp_aes_cm_xor(k->enc_key, k->enc_key_len, iv, NULL, ks,
				     payload, NULL));
	for (i = 0; i < payload; i++)
		ASSERT_EQ(ks[i], (uint8_t)(pkt[12 + i] ^ plain[12 + i]))
	TH_LOG("seq 0x%04x keystream byte %zu", seq, i);

	/* RFC 3711 §4.2: M = Authenticated Portion || ROC. */
	memcpy(auth, pkt, n);
	put32(auth + n, roc);
	ASSERT_NE(NULL, HMAC(EVP_sha1(), k->auth_key, k->auth_key_len, auth,
			     n + 4, mac, &maclen));
	ASSERT_EQ(20u, maclen);
	EXPECT_EQ(0, memcmp(mac, pkt + n, p->srtp_tag_len))
	TH_LOG("seq 0x%04x tag", seq);
}

static void check_cm_rtcp(struct __test_metadata *_metadata,
			  struct srtp_ref *tx, const struct srtp_profile *p,
			  const struct srtp_session_keys *k, uint32_t index)
{
	uint8_t pkt[64], plain[64], ks[16], iv[16], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen;
	size_t n = vector_rtcp(pkt), i;
	uint8_t eidx[4];

	memcpy(plain, pkt, n);
	/* RFC 5764 §4.1.2: SRTCP's tag is 80 bits for both CM profiles. */
	ASSERT_EQ((int)(n + 4 + 10),
		  srtp_ref_protect_rtcp(tx, pkt, n, sizeof(pkt), NULL));
	ASSERT_EQ(0, memcmp(plain, pkt, 8));
	put32(eidx, 0x80000000u | index);
	ASSERT_EQ(0, memcmp(eidx, pkt + n, 4));

	srtp_aes_cm_iv(k->salt, 0xcafebabe, index, iv);
	ASSERT_EQ(0, srtp_aes_cm_xor(k->enc_key, 16, iv, NULL, ks, 16, NULL));
	for (i = 0; i < 16; i++)
		ASSERT_EQ(ks[i], (uint8_t)(pkt[8 + i] ^ plain[8 + i]));
	/* RFC 3711 §3.4: authenticated portion includes E || index. */
	ASSERT_NE(NULL, HMAC(EVP_sha1(), k->auth_key, k->auth_key_len, pkt,
			     n + 4, mac, &maclen));
	EXPECT_EQ(0, memcmp(mac, pkt + n + 4, 10));
	(void)p;
}

TEST(libsrtp2_cm_equals_our_kdf_keystream_and_hmac)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		const struct srtp_profile *p = srtp_profile_by_id(all_ids[i]);
		struct srtp_master_key m =
			master(p, "E1F97A0D3E018BE0D64FA32C06DE4139",
			       "0EC675AD498AFEEBB6960B3AABE6");
		struct srtp_session_keys k, kc;
		struct srtp_ref *tx;

		TH_LOG("%s", p->name);
		ASSERT_EQ(0, srtp_kdf_session_keys(p, &m, false, &k, NULL));
		ASSERT_EQ(0, srtp_kdf_session_keys(p, &m, true, &kc, NULL));

		ASSERT_EQ(0,
			  srtp_ref_create(&tx, p, &m, SRTP_REF_OUTBOUND, NULL));
		check_cm_rtp(_metadata, tx, p, &k, 0x1234, 0, 16);
		check_cm_rtcp(_metadata, tx, p, &kc, 1);
		check_cm_rtcp(_metadata, tx, p, &kc, 2);
		srtp_ref_destroy(tx);

		/* Across a sequence number wrap: ROC 0 -> 1, odd lengths. */
		ASSERT_EQ(0,
			  srtp_ref_create(&tx, p, &m, SRTP_REF_OUTBOUND, NULL));
		check_cm_rtp(_metadata, tx, p, &k, 0xfffe, 0, 37);
		check_cm_rtp(_metadata, tx, p, &k, 0xffff, 0, 1);
		check_cm_rtp(_metadata, tx, p, &k, 0x0000, 1, 100);
		check_cm_rtp(_metadata, tx, p, &k, 0x0001, 1, 0);
		srtp_ref_destroy(tx);
	}
}

/*
 * GCM: libsrtp2's packet equals header || AES-GCM(our KDF's session key,
 * IV = our salt XOR (SSRC, ROC, SEQ), AAD = header) || tag; SRTCP likewise
 * with AAD = first 8 octets || E+index.
 */
TEST(libsrtp2_gcm_equals_our_kdf_and_evp)
{
	static const char *const keys[] = {
		"000102030405060708090a0b0c0d0e0f",
		"000102030405060708090a0b0c0d0e0f"
		"101112131415161718191a1b1c1d1e1f",
	};
	size_t i;

	for (i = 0; i < 2; i++) {
		const struct srtp_profile *p =
			srtp_profile_by_id(all_ids[2 + i]);
		struct srtp_master_key m =
			master(p, keys[i], "a0a1a2a3a4a5a6a7a8a9aaab");
		uint8_t pkt[96], plain[96], iv[12], ct[64], tag[16], aad[12];
		struct srtp_session_keys k;
		struct srtp_ref *tx;
		uint16_t seq;
		size_t n;

		TH_LOG("%s", p->name);
		ASSERT_EQ(0,
			  srtp_ref_create(&tx, p, &m, SRTP_REF_OUTBOUND, NULL));
		ASSERT_EQ(0, srtp_kdf_session_keys(p, &m, false, &k, NULL));
		ASSERT_EQ(12, k.salt_len);
		for (seq = 0xfffe; seq != 2; seq++) {
			uint32_t roc = seq < 0x8000;

			n = vector_rtp(pkt, 16 + seq % 5, seq);
			memcpy(plain, pkt, n);
			ASSERT_EQ((int)n + 16,
				  srtp_ref_protect_rtp(tx, pkt, n, sizeof(pkt),
						       NULL));
			srtp_gcm_rtp_iv(k.salt, 0xcafebabe, roc, seq, iv);
			ASSERT_EQ(0, srtp_gcm_seal(k.enc_key, k.enc_key_len, iv,
						   plain, 12, plain + 12, ct,
						   n - 12, tag, NULL));
			EXPECT_EQ(0, memcmp(ct, pkt + 12, n - 12))
			TH_LOG("seq 0x%04x ciphertext", seq);
			EXPECT_EQ(0, memcmp(tag, pkt + n, 16));
		}

		ASSERT_EQ(0, srtp_kdf_session_keys(p, &m, true, &k, NULL));
		n = vector_rtcp(pkt);
		memcpy(plain, pkt, n);
		ASSERT_EQ((int)n + 20,
			  srtp_ref_protect_rtcp(tx, pkt, n, sizeof(pkt), NULL));
		memcpy(aad, plain, 8);
		put32(aad + 8, 0x80000001u);
		EXPECT_EQ(0, memcmp(aad + 8, pkt + n + 16, 4));
		srtp_gcm_rtcp_iv(k.salt, 0xcafebabe, 1, iv);
		ASSERT_EQ(0,
			  srtp_gcm_seal(k.enc_key, k.enc_key_len, iv, aad, 12,
					plain + 8, ct, n - 8, tag, NULL));
		EXPECT_EQ(0, memcmp(ct, pkt + 8, n - 8));
		EXPECT_EQ(0, memcmp(tag, pkt + n, 16));
		srtp_ref_destroy(tx);
		srtp_session_keys_wipe(&k);
	}
}

TEST_HARNESS_MAIN
