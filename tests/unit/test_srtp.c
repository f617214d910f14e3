// SPDX-License-Identifier: GPL-2.0
/*
 * SRTP keying without libsrtp2: the profile table, the RFC 5764 exporter
 * split, the RFC 3711 key derivation and AES-CM keystream (Appendix B.2,
 * B.3) and the RFC 7714 AES-GCM IVs and AEAD (§16, §17 vectors, which give
 * session keys, so they exercise srtp_gcm directly). The checks against
 * libsrtp2 are in test_srtp_ref.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kselftest_harness.h"
#include "srtp_gcm.h"
#include "srtp_kdf.h"
#include "srtp_profile.h"
#include "unhex.h"

static int all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return 0;
	return 1;
}

TEST(profile_table_matches_rfc5764_and_rfc7714)
{
	static const struct {
		uint16_t id;
		const char *name, *suite;
		enum srtp_cipher cipher;
		uint8_t key, salt, auth, tag, rtcp_tag;
		size_t exporter;
	} want[] = {
		{ 0x0001, "SRTP_AES128_CM_HMAC_SHA1_80",
		  "AES_CM_128_HMAC_SHA1_80", SRTP_CIPHER_AES_CM, 16, 14, 20, 10,
		  10, 60 },
		{ 0x0002, "SRTP_AES128_CM_HMAC_SHA1_32",
		  "AES_CM_128_HMAC_SHA1_32", SRTP_CIPHER_AES_CM, 16, 14, 20, 4,
		  10, 60 },
		{ 0x0007, "SRTP_AEAD_AES_128_GCM", "AEAD_AES_128_GCM",
		  SRTP_CIPHER_AES_GCM, 16, 12, 0, 16, 16, 56 },
		{ 0x0008, "SRTP_AEAD_AES_256_GCM", "AEAD_AES_256_GCM",
		  SRTP_CIPHER_AES_GCM, 32, 12, 0, 16, 16, 88 },
	};
	size_t i;

	ASSERT_EQ(4u, srtp_profile_count());
	for (i = 0; i < 4; i++) {
		const struct srtp_profile *p = srtp_profile_by_id(want[i].id);

		ASSERT_NE(NULL, p);
		EXPECT_EQ(p, srtp_profile_at(i));
		EXPECT_STREQ(want[i].name, p->name);
		EXPECT_STREQ(want[i].suite, p->suite);
		EXPECT_EQ(want[i].cipher, p->cipher);
		EXPECT_EQ(want[i].key, p->key_len);
		EXPECT_EQ(want[i].salt, p->salt_len);
		EXPECT_EQ(want[i].auth, p->auth_key_len);
		EXPECT_EQ(want[i].tag, p->srtp_tag_len);
		EXPECT_EQ(want[i].rtcp_tag, p->srtcp_tag_len);
		EXPECT_EQ(want[i].exporter, srtp_exporter_len(p));
		EXPECT_EQ(p, srtp_profile_by_name(want[i].name));
		EXPECT_EQ(p, srtp_profile_by_name(want[i].suite));
	}
	EXPECT_EQ(NULL, srtp_profile_at(4));
}

TEST(profile_lookup_misses)
{
	EXPECT_EQ(NULL, srtp_profile_by_id(0x0000));
	EXPECT_EQ(NULL, srtp_profile_by_id(0x0003)); /* NULL_HMAC_SHA1_80 */
	EXPECT_EQ(NULL, srtp_profile_by_id(0x0009));
	EXPECT_EQ(NULL, srtp_profile_by_name(NULL));
	EXPECT_EQ(NULL, srtp_profile_by_name(""));
	EXPECT_EQ(NULL, srtp_profile_by_name("srtp_aes128_cm_hmac_sha1_80"));
	EXPECT_EQ(NULL, srtp_profile_by_name("SRTP_AES128_CM_HMAC_SHA1_8"));
	EXPECT_EQ(0u, srtp_exporter_len(NULL));
}

/* Exporter output 1, 2, 3, ...: each byte says where it came from. */
static void counting(uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(i + 1);
}

static void expect_bytes_from(struct __test_metadata *_metadata,
			      const uint8_t *got, size_t len, size_t first)
{
	size_t i;

	for (i = 0; i < len; i++)
		ASSERT_EQ((uint8_t)(first + i + 1), got[i]);
}

TEST(exporter_split_cm_both_roles)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0001);
	struct srtp_master_key local, remote;
	uint8_t mat[60];

	/* client_key 0–15 | server_key 16–31 | client_salt 32–45 |
	 * server_salt 46–59 (RFC 5764 §4.2) */
	counting(mat, sizeof(mat));
	ASSERT_EQ(0, srtp_keying_split(p, SRTP_DTLS_CLIENT, mat, sizeof(mat),
				       &local, &remote, NULL));
	EXPECT_TRUE(all_zero(mat, sizeof(mat)));
	ASSERT_EQ(16, local.key_len);
	ASSERT_EQ(14, local.salt_len);
	ASSERT_EQ(16, remote.key_len);
	ASSERT_EQ(14, remote.salt_len);
	expect_bytes_from(_metadata, local.key, 16, 0);
	expect_bytes_from(_metadata, remote.key, 16, 16);
	expect_bytes_from(_metadata, local.salt, 14, 32);
	expect_bytes_from(_metadata, remote.salt, 14, 46);

	counting(mat, sizeof(mat));
	ASSERT_EQ(0, srtp_keying_split(p, SRTP_DTLS_SERVER, mat, sizeof(mat),
				       &local, &remote, NULL));
	expect_bytes_from(_metadata, local.key, 16, 16);
	expect_bytes_from(_metadata, remote.key, 16, 0);
	expect_bytes_from(_metadata, local.salt, 14, 46);
	expect_bytes_from(_metadata, remote.salt, 14, 32);
	srtp_master_key_wipe(&local);
	EXPECT_TRUE(all_zero(&local, sizeof(local)));
}

TEST(exporter_split_gcm256)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0008);
	struct srtp_master_key local, remote;
	uint8_t mat[88];

	counting(mat, sizeof(mat));
	ASSERT_EQ(0, srtp_keying_split(p, SRTP_DTLS_SERVER, mat, sizeof(mat),
				       &local, &remote, NULL));
	ASSERT_EQ(32, local.key_len);
	ASSERT_EQ(12, local.salt_len);
	expect_bytes_from(_metadata, remote.key, 32, 0);
	expect_bytes_from(_metadata, local.key, 32, 32);
	expect_bytes_from(_metadata, remote.salt, 12, 64);
	expect_bytes_from(_metadata, local.salt, 12, 76);
}

TEST(exporter_split_rejects_and_wipes)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0001);
	struct srtp_master_key local, remote;
	struct wrtc_err err = { 0 };
	uint8_t mat[61];

	counting(mat, sizeof(mat));
	memset(&local, 0x55, sizeof(local));
	memset(&remote, 0x55, sizeof(remote));
	EXPECT_EQ(-EINVAL, srtp_keying_split(p, SRTP_DTLS_CLIENT, mat, 61,
					     &local, &remote, &err));
	EXPECT_NE(NULL, strstr(err.msg, "needs 60"));
	EXPECT_TRUE(all_zero(mat, sizeof(mat)));
	EXPECT_TRUE(all_zero(&local, sizeof(local)));
	EXPECT_TRUE(all_zero(&remote, sizeof(remote)));

	counting(mat, 60);
	EXPECT_EQ(-EINVAL, srtp_keying_split(p, (enum srtp_dtls_role)7, mat, 60,
					     &local, &remote, NULL));
	EXPECT_TRUE(all_zero(mat, 60));
	EXPECT_TRUE(all_zero(&local, sizeof(local)));
	EXPECT_EQ(-EINVAL, srtp_keying_split(NULL, SRTP_DTLS_CLIENT, mat, 60,
					     &local, &remote, NULL));
}

/* RFC 3711 Appendix B.3 */
static const char b3_key[] = "E1F97A0D3E018BE0D64FA32C06DE4139";
static const char b3_salt[] = "0EC675AD498AFEEBB6960B3AABE6";

TEST(kdf_rfc3711_b3)
{
	uint8_t key[16], salt[14], want[94], got[94];

	ASSERT_EQ(16u, unhex(b3_key, key, sizeof(key)));
	ASSERT_EQ(14u, unhex(b3_salt, salt, sizeof(salt)));

	ASSERT_EQ(16u, unhex("C61E7A93744F39EE10734AFE3FF7A087", want, 94));
	ASSERT_EQ(0,
		  srtp_kdf(key, 16, salt, 14, SRTP_KDF_RTP_ENC, got, 16, NULL));
	EXPECT_EQ(0, memcmp(want, got, 16));

	/* The AES-CM output is 30CBBC08863D8C85D49DB34A9AE17AC6; the
	 * salt is its first 14 bytes. */
	ASSERT_EQ(16u, unhex("30CBBC08863D8C85D49DB34A9AE17AC6", want, 94));
	ASSERT_EQ(0, srtp_kdf(key, 16, salt, 14, SRTP_KDF_RTP_SALT, got, 16,
			      NULL));
	EXPECT_EQ(0, memcmp(want, got, 16));

	/* The full 94-octet auth key of B.3 (HMAC-SHA1 uses the first 20). */
	ASSERT_EQ(94u, unhex("CEBE321F6FF7716B6FD4AB49AF256A15"
			     "6D38BAA48F0A0ACF3C34E2359E6CDBCE"
			     "E049646C43D9327AD175578EF7227098"
			     "6371C10C9A369AC2F94A8C5FBCDDDC25"
			     "6D6E919A48B610EF17C2041E47403576"
			     "6B68642C59BBFC2F34DB60DBDFB2",
			     want, 94));
	ASSERT_EQ(0, srtp_kdf(key, 16, salt, 14, SRTP_KDF_RTP_AUTH, got, 94,
			      NULL));
	EXPECT_EQ(0, memcmp(want, got, 94));
}

TEST(kdf_session_keys_rfc3711_b3)
{
	const struct srtp_profile *p = srtp_profile_by_id(0x0001);
	struct srtp_master_key m = { .key_len = 16, .salt_len = 14 };
	struct srtp_session_keys k;
	uint8_t want[20];

	ASSERT_EQ(16u, unhex(b3_key, m.key, sizeof(m.key)));
	ASSERT_EQ(14u, unhex(b3_salt, m.salt, sizeof(m.salt)));
	ASSERT_EQ(0, srtp_kdf_session_keys(p, &m, false, &k, NULL));
	ASSERT_EQ(16, k.enc_key_len);
	ASSERT_EQ(14, k.salt_len);
	ASSERT_EQ(20, k.auth_key_len);
	unhex("C61E7A93744F39EE10734AFE3FF7A087", want, 20);
	EXPECT_EQ(0, memcmp(want, k.enc_key, 16));
	unhex("30CBBC08863D8C85D49DB34A9AE1", want, 20);
	EXPECT_EQ(0, memcmp(want, k.salt, 14));
	unhex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", want, 20);
	EXPECT_EQ(0, memcmp(want, k.auth_key, 20));

	/* SRTCP labels (3, 4, 5) give different keys. */
	ASSERT_EQ(0, srtp_kdf_session_keys(p, &m, true, &k, NULL));
	EXPECT_NE(0, memcmp(want, k.auth_key, 20));
	srtp_session_keys_wipe(&k);
	EXPECT_TRUE(all_zero(&k, sizeof(k)));

	m.salt_len = 12;
	EXPECT_EQ(-EINVAL, srtp_kdf_session_keys(p, &m, false, &k, NULL));
}

TEST(kdf_rejects_bad_lengths)
{
	uint8_t key[32] = { 0 }, salt[14] = { 0 }, out[16];

	EXPECT_EQ(-EINVAL, srtp_kdf(key, 24, salt, 14, 0, out, 16, NULL));
	EXPECT_EQ(-EINVAL, srtp_kdf(key, 16, salt, 13, 0, out, 16, NULL));
	EXPECT_EQ(-EINVAL, srtp_kdf(NULL, 16, salt, 14, 0, out, 16, NULL));
	EXPECT_EQ(0, srtp_kdf(key, 32, salt, 12, 0, out, 16, NULL));
}

/* RFC 3711 Appendix B.2: the whole 1044512-octet keystream segment. */
TEST(aes_cm_keystream_rfc3711_b2)
{
	static const struct {
		size_t block;
		const char *hex;
	} want[] = {
		{ 0x0000, "E03EAD0935C95E80E166B16DD92B4EB4" },
		{ 0x0001, "D23513162B02D0F72A43A2FE4A5F97AB" },
		{ 0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0" },
		{ 0xfeff, "EC8CDF7398607CB0F2D21675EA9EA1E4" },
		{ 0xff00, "362B7C3C6773516318A077D7FC5073AE" },
		{ 0xff01, "6A2CC3787889374FBEB4C81B17BA6C44" },
	};
	const size_t seg = 1044512;
	uint8_t key[16], salt[14], iv[16], ivwant[16], block[16];
	uint8_t *ks;
	size_t i;

	ASSERT_EQ(seg, 65282u * 16);
	ASSERT_EQ(16u, unhex("2B7E151628AED2A6ABF7158809CF4F3C", key, 16));
	/* "F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000 (already shifted)" */
	ASSERT_EQ(14u, unhex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD", salt, 14));
	ASSERT_EQ(16u, unhex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000", ivwant, 16));
	srtp_aes_cm_iv(salt, 0, 0, iv);
	ASSERT_EQ(0, memcmp(ivwant, iv, 16));

	ks = malloc(seg);
	ASSERT_NE(NULL, ks);
	ASSERT_EQ(0, srtp_aes_cm_xor(key, 16, iv, NULL, ks, seg, NULL));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		ASSERT_EQ(16u, unhex(want[i].hex, block, 16));
		EXPECT_EQ(0, memcmp(block, ks + 16 * want[i].block, 16))
		TH_LOG("keystream block 0x%04zx", want[i].block);
	}
	/* XOR mode over data gives data ^ keystream, in place too. */
	memset(block, 0x5a, 16);
	ASSERT_EQ(0, srtp_aes_cm_xor(key, 16, iv, block, block, 16, NULL));
	for (i = 0; i < 16; i++)
		ASSERT_EQ((uint8_t)(0x5a ^ ks[i]), block[i]);
	free(ks);
	EXPECT_EQ(-EINVAL, srtp_aes_cm_xor(key, 24, iv, NULL, block, 16, NULL));
}

TEST(aes_cm_iv_places_ssrc_and_index)
{
	uint8_t salt[14] = { 0 }, iv[16], want[16];

	/* RFC 3711 §4.1.1: SSRC * 2^64 and index * 2^16 into 128 bits. */
	srtp_aes_cm_iv(salt, 0xcafebabe, 0x123456789abcULL, iv);
	ASSERT_EQ(16u, unhex("00000000 cafebabe 123456789abc 0000", want, 16));
	EXPECT_EQ(0, memcmp(want, iv, 16));
	memset(salt, 0xff, sizeof(salt));
	srtp_aes_cm_iv(salt, 0xcafebabe, 0x123456789abcULL, iv);
	ASSERT_EQ(16u, unhex("ffffffff 35014541 edcba9876543 0000", want, 16));
	EXPECT_EQ(0, memcmp(want, iv, 16));
}

/*
 * RFC 7714 §16: session key 00 01 .. 0f (or .. 1f), salt "Quid pro quo",
 * the RTP packet "Gallia est omnis divisa in partes tres" with SSRC
 * 5501a0b2, SEQ f17b, ROC 0; §16.1.1 and §16.2.1 give the protected packets.
 */
static const char rfc7714_rtp[] =
	"8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973"
	"20646976 69736120 696e2070 61727465 73207472 6573";
static const char rfc7714_salt[] = "51756964 2070726f 2071756f";

static void rfc7714_rtp_case(struct __test_metadata *_metadata, size_t key_len,
			     const char *protected_hex)
{
	uint8_t key[32], salt[12], iv[12], want_iv[12], pkt[64], want[80];
	uint8_t out[64], tag[16];
	size_t i, n;

	for (i = 0; i < key_len; i++)
		key[i] = (uint8_t)i;
	ASSERT_EQ(12u, unhex(rfc7714_salt, salt, 12));
	ASSERT_EQ(12u, unhex("51753c65 80c2726f 20718414", want_iv, 12));
	srtp_gcm_rtp_iv(salt, 0x5501a0b2, 0, 0xf17b, iv);
	ASSERT_EQ(0, memcmp(want_iv, iv, 12));

	n = unhex(rfc7714_rtp, pkt, sizeof(pkt));
	ASSERT_EQ(50u, n);
	ASSERT_EQ(n + 16, unhex(protected_hex, want, sizeof(want)));
	/* AAD: the 12-byte RTP header; the payload is encrypted. */
	ASSERT_EQ(0, srtp_gcm_seal(key, key_len, iv, pkt, 12, pkt + 12, out,
				   n - 12, tag, NULL));
	EXPECT_EQ(0, memcmp(want + 12, out, n - 12));
	EXPECT_EQ(0, memcmp(want + n, tag, 16));

	/* §16.1.2 / §16.2.2: decryption gives the packet back. */
	ASSERT_EQ(0, srtp_gcm_open(key, key_len, iv, want, 12, want + 12, out,
				   n - 12, want + n, NULL));
	EXPECT_EQ(0, memcmp(pkt + 12, out, n - 12));

	want[12] ^= 1;
	EXPECT_EQ(-EBADMSG, srtp_gcm_open(key, key_len, iv, want, 12, want + 12,
					  out, n - 12, want + n, NULL));
	EXPECT_TRUE(all_zero(out, n - 12));
	want[12] ^= 1;
	want[2] ^= 0x80; /* the header is authenticated too */
	EXPECT_EQ(-EBADMSG, srtp_gcm_open(key, key_len, iv, want, 12, want + 12,
					  out, n - 12, want + n, NULL));
}

TEST(gcm_rfc7714_16_1_aes_128)
{
	rfc7714_rtp_case(_metadata, 16,
			 "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c"
			 "9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf"
			 "8833899d 7f27beb1 6a9152cf 765ee439 0cce");
}

TEST(gcm_rfc7714_16_2_aes_256)
{
	rfc7714_rtp_case(_metadata, 32,
			 "8040f17b 8041f8d3 5501a0b2 32b1de78 a822fe12 ef9f78fa"
			 "332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799"
			 "b87b7aa3 db36dfff d6b0f9bb 7878d7a7 6c13");
}

/*
 * RFC 7714 §17.1: SRTCP with AEAD_AES_128_GCM, SSRC 4d617273, SRTCP index
 * 5d4, E set. AAD = first 8 octets || E+index word; the packet goes out as
 * header || ciphertext || tag || E+index.
 */
TEST(gcm_rfc7714_17_1_srtcp)
{
	uint8_t key[16], salt[12], iv[12], want_iv[12], pkt[64], want[96];
	uint8_t aad[12], out[64], tag[16];
	size_t i, n, body;

	for (i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	ASSERT_EQ(12u, unhex(rfc7714_salt, salt, 12));
	ASSERT_EQ(12u, unhex("51752405 5203726f 207170bb", want_iv, 12));
	srtp_gcm_rtcp_iv(salt, 0x4d617273, 0x800005d4, iv); /* E ignored */
	ASSERT_EQ(0, memcmp(want_iv, iv, 12));

	n = unhex("81c8000d 4d617273 4e545031 4e545032 52545020 0000042a"
		  "0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef"
		  "deadbeef",
		  pkt, sizeof(pkt));
	ASSERT_EQ(52u, n);
	body = n - 8;
	ASSERT_EQ(n + 16 + 4,
		  unhex("81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99"
			"7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded"
			"0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4",
			want, sizeof(want)));
	memcpy(aad, pkt, 8);
	memcpy(aad + 8, want + n + 16, 4);
	ASSERT_EQ(0, srtp_gcm_seal(key, 16, iv, aad, 12, pkt + 8, out, body,
				   tag, NULL));
	EXPECT_EQ(0, memcmp(want + 8, out, body));
	EXPECT_EQ(0, memcmp(want + n, tag, 16));
	ASSERT_EQ(0, srtp_gcm_open(key, 16, iv, aad, 12, want + 8, out, body,
				   want + n, NULL));
	EXPECT_EQ(0, memcmp(pkt + 8, out, body));
	aad[11] ^= 1; /* the index is authenticated */
	EXPECT_EQ(-EBADMSG, srtp_gcm_open(key, 16, iv, aad, 12, want + 8, out,
					  body, want + n, NULL));
}

TEST(gcm_rejects_bad_key_length)
{
	uint8_t key[24] = { 0 }, iv[12] = { 0 }, tag[16], buf[4] = { 0 };

	EXPECT_EQ(-EINVAL,
		  srtp_gcm_seal(key, 24, iv, NULL, 0, buf, buf, 4, tag, NULL));
	EXPECT_EQ(-EINVAL,
		  srtp_gcm_open(key, 16, iv, NULL, 0, buf, buf, 4, NULL, NULL));
}

TEST_HARNESS_MAIN
