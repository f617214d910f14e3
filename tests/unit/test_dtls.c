// SPDX-License-Identifier: GPL-2.0
/*
 * DTLS-SRTP between two of our connections: handshakes on each SRTP
 * profile with the keying material both ends export, profile preference,
 * certificate fingerprints (ours, the peer's, mismatches, late ones), and
 * a peer without a certificate.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "dtls.h"
#include "kselftest_harness.h"
#include "dtls_pair.h"

static void handshake_with(struct __test_metadata *_metadata,
			   const char *server_profiles, uint16_t id, size_t len,
			   size_t key_len, size_t salt_len)
{
	struct pair_opts o = { .server_profiles = server_profiles,
			       .client_profiles = ALL_FOUR };
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	check_keys(_metadata, &p, id, len, key_len, salt_len);
	EXPECT_EQ(0, p.server_ret);
	EXPECT_EQ(0, p.client_ret);
	/* Every handshake datagram fits the default 1200-byte MTU. */
	EXPECT_GE(1200u, p.biggest);
	EXPECT_EQ(-1, dtls_conn_timeout_ms(p.server));
	EXPECT_EQ(-1, dtls_conn_timeout_ms(p.client));
	EXPECT_EQ(0u, dtls_conn_retransmits(p.server));
	pair_free(&p);
}

/* Lengths: RFC 5764 §4.1.2 (CM: 16 + 14), RFC 7714 §12 (GCM: 16|32 + 12). */
TEST(handshake_aes_cm_80_only)
{
	handshake_with(_metadata, "AES_CM_128_HMAC_SHA1_80", 0x0001, 60, 16,
		       14);
	LEAK_CHECK();
}

TEST(handshake_aes_cm_32_only)
{
	handshake_with(_metadata, "SRTP_AES128_CM_HMAC_SHA1_32", 0x0002, 60, 16,
		       14);
	LEAK_CHECK();
}

TEST(handshake_gcm_128_only)
{
	handshake_with(_metadata, "AEAD_AES_128_GCM", 0x0007, 56, 16, 12);
	LEAK_CHECK();
}

TEST(handshake_gcm_256_only)
{
	handshake_with(_metadata, "SRTP_AEAD_AES_256_GCM", 0x0008, 88, 32, 12);
	LEAK_CHECK();
}

TEST(handshake_each_profile_first)
{
	handshake_with(_metadata,
		       "AES_CM_128_HMAC_SHA1_32:AEAD_AES_128_GCM:"
		       "AEAD_AES_256_GCM:AES_CM_128_HMAC_SHA1_80",
		       0x0002, 60, 16, 14);
	handshake_with(_metadata, "AEAD_AES_256_GCM:AEAD_AES_128_GCM", 0x0008,
		       88, 32, 12);
	LEAK_CHECK();
}

/* ---- profile preference ----------------------------------------------- */

static uint16_t negotiated(struct __test_metadata *_metadata,
			   const char *server_profiles,
			   const char *client_profiles)
{
	struct pair_opts o = { .server_profiles = server_profiles,
			       .client_profiles = client_profiles };
	const struct srtp_profile *sp, *cp;
	uint16_t id = 0;
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	sp = dtls_conn_srtp_profile(p.server);
	cp = dtls_conn_srtp_profile(p.client);
	if (sp && cp && sp->id == cp->id)
		id = sp->id;
	pair_free(&p);
	return id;
}

TEST(server_preference_wins)
{
	/* The client lists GCM-128 last and CM-80 first: the server decides. */
	EXPECT_EQ(0x0007,
		  negotiated(_metadata,
			     "AEAD_AES_128_GCM:AEAD_AES_256_GCM:"
			     "AES_CM_128_HMAC_SHA1_80:AES_CM_128_HMAC_SHA1_32",
			     ALL_FOUR));
	EXPECT_EQ(
		0x0001,
		negotiated(_metadata,
			   "AES_CM_128_HMAC_SHA1_80:AEAD_AES_128_GCM:"
			   "AEAD_AES_256_GCM:AES_CM_128_HMAC_SHA1_32",
			   "AEAD_AES_128_GCM:AEAD_AES_256_GCM:"
			   "AES_CM_128_HMAC_SHA1_32:AES_CM_128_HMAC_SHA1_80"));
	/* Default order (NULL): GCM-128 first. */
	EXPECT_EQ(0x0007, negotiated(_metadata, NULL, ALL_FOUR));
	/* The server's first choice the client lacks: its next one. */
	EXPECT_EQ(0x0008,
		  negotiated(_metadata, "AEAD_AES_128_GCM:AEAD_AES_256_GCM",
			     "AES_CM_128_HMAC_SHA1_80:AEAD_AES_256_GCM"));
	LEAK_CHECK();
}

TEST(no_common_profile_fails_both)
{
	struct pair_opts o = { .server_profiles = "AES_CM_128_HMAC_SHA1_32",
			       .client_profiles = "AEAD_AES_128_GCM" };
	uint8_t buf[128];
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	EXPECT_EQ(DTLS_STATE_FAILED, state(p.server));
	EXPECT_EQ(DTLS_STATE_FAILED, state(p.client));
	EXPECT_NE(NULL, strstr(dtls_conn_reason(p.server), "SRTP"))
	TH_LOG("%s", dtls_conn_reason(p.server));
	EXPECT_NE(NULL, strstr(dtls_conn_reason(p.client), "SRTP"))
	TH_LOG("%s", dtls_conn_reason(p.client));
	EXPECT_EQ(-EPROTO, dtls_conn_error(p.server));
	EXPECT_EQ(NULL, dtls_conn_srtp_profile(p.client));
	EXPECT_EQ(-ENOTCONN,
		  dtls_conn_export_srtp(p.client, buf, sizeof(buf), NULL));
	pair_free(&p);
	LEAK_CHECK();
}

TEST(profile_list_validation)
{
	static const char *const bad[] = {
		"",
		":",
		"AEAD_AES_128_GCM:",
		":AEAD_AES_128_GCM",
		"AEAD_AES_128_GCM::AEAD_AES_256_GCM",
		"SRTP_AES128_CM_SHA1_80", /* OpenSSL's spelling */
		"aead_aes_128_gcm",
		"AES_CM_128_HMAC_SHA1_80 ",
		"AEAD_AES_128_GCM:AEAD_AES_128_GCM",
		/* the same profile under its two names */
		"AEAD_AES_128_GCM:SRTP_AEAD_AES_128_GCM",
		"SRTP_NULL_HMAC_SHA1_80",
		"F8_128_HMAC_SHA1_80",
		"AEAD_AES_128_GCM:AEAD_AES_256_GCM:AES_CM_128_HMAC_SHA1_80:"
		"AES_CM_128_HMAC_SHA1_32:AEAD_AES_128_GCMXXXXXXXXXXXXXXXXXXXXX"
		"XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
	};
	struct dtls_config cfg = { 0 };
	struct wrtc_err err = { 0 };
	struct dtls_cert *cert;
	struct dtls_conn *c;
	size_t i;

	ASSERT_EQ(0, dtls_cert_new(&cert, NULL));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cfg.srtp_profiles = bad[i];
		c = (struct dtls_conn *)1;
		EXPECT_EQ(-EINVAL, dtls_conn_new(&c, cert, &cfg, &err))
		TH_LOG("accepted \"%s\"", bad[i]);
		EXPECT_EQ(NULL, c);
		EXPECT_NE(NULL, strstr(err.msg, "srtp profiles"));
	}
	cfg.srtp_profiles = "SRTP_AES128_CM_HMAC_SHA1_80:AEAD_AES_256_GCM";
	ASSERT_EQ(0, dtls_conn_new(&c, cert, &cfg, &err)) TH_LOG("%s", err.msg);
	dtls_conn_free(c);
	/* Other bad settings. */
	cfg.srtp_profiles = NULL;
	cfg.mtu = 100;
	EXPECT_EQ(-EINVAL, dtls_conn_new(&c, cert, &cfg, NULL));
	cfg.mtu = 0;
	cfg.max_retransmits = DTLS_MAX_RETRANSMITS_LIMIT + 1;
	EXPECT_EQ(-EINVAL, dtls_conn_new(&c, cert, &cfg, NULL));
	cfg.max_retransmits = 0;
	cfg.initial_timeout_ms = 2000;
	cfg.max_timeout_ms = 1000;
	EXPECT_EQ(-EINVAL, dtls_conn_new(&c, cert, &cfg, NULL));
	cfg.max_timeout_ms = 0;
	cfg.role = 7;
	EXPECT_EQ(-EINVAL, dtls_conn_new(&c, cert, &cfg, NULL));
	/* All defaults. */
	ASSERT_EQ(0, dtls_conn_new(&c, cert, NULL, NULL));
	EXPECT_EQ(DTLS_ROLE_SERVER, role(c));
	EXPECT_EQ(-1, dtls_conn_timeout_ms(c));
	dtls_conn_free(c);
	dtls_cert_unref(cert);
	LEAK_CHECK();
}

/* ---- fingerprints ------------------------------------------------------ */

TEST(cert_fingerprint_matches_x509_digest)
{
	unsigned char md[EVP_MAX_MD_SIZE], md2[EVP_MAX_MD_SIZE];
	char want[300], value[200];
	unsigned int n = 0, n2 = 0;
	struct dtls_cert *cert, *other;
	const uint8_t *der, *p;
	EVP_PKEY *key;
	size_t len;
	X509 *x;

	ASSERT_EQ(0, dtls_cert_new(&cert, NULL));
	len = dtls_cert_der(cert, &der);
	ASSERT_LT(100u, len);
	p = der;
	x = d2i_X509(NULL, &p, (long)len);
	ASSERT_NE(NULL, x);
	ASSERT_EQ(der + len, p);
	ASSERT_EQ(1, X509_digest(x, EVP_sha256(), md, &n));
	ASSERT_EQ(32u, n);
	ASSERT_EQ(1, EVP_Digest(der, len, md2, &n2, EVP_sha256(), NULL));
	ASSERT_EQ(0, memcmp(md, md2, 32));
	hex_colons(md, n, value);
	snprintf(want, sizeof(want), "sha-256 %s", value);
	EXPECT_STREQ(want, dtls_cert_fingerprint(cert));
	EXPECT_STREQ("sha-256", dtls_cert_fingerprint_hash(cert));
	EXPECT_STREQ(value, dtls_cert_fingerprint_value(cert));
	EXPECT_EQ(95u, strlen(dtls_cert_fingerprint_value(cert)));

	/* ECDSA P-256, self-signed (its own key verifies it). */
	key = X509_get0_pubkey(x);
	ASSERT_NE(NULL, key);
	EXPECT_TRUE(EVP_PKEY_is_a(key, "EC"));
	EXPECT_EQ(256, EVP_PKEY_get_bits(key));
	EXPECT_EQ(1, X509_verify(x, key));
	EXPECT_EQ(0, X509_NAME_cmp(X509_get_subject_name(x),
				   X509_get_issuer_name(x)));
	EXPECT_GT(0, X509_cmp_current_time(X509_get0_notBefore(x)));
	EXPECT_LT(0, X509_cmp_current_time(X509_get0_notAfter(x)));
	X509_free(x);

	/* A second certificate is a different one; references work. */
	ASSERT_EQ(0, dtls_cert_new(&other, NULL));
	EXPECT_STRNE(dtls_cert_fingerprint(cert), dtls_cert_fingerprint(other));
	EXPECT_EQ(other, dtls_cert_ref(other));
	dtls_cert_unref(other);
	EXPECT_NE(0u, strlen(dtls_cert_fingerprint(other)));
	dtls_cert_unref(other);
	dtls_cert_unref(cert);
	dtls_cert_unref(NULL);
	LEAK_CHECK();
}

TEST(fingerprint_parse_and_format)
{
	/* RFC 8122 §5 example, sha-1, written in lowercase here. */
	static const char sha1[] =
		"4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:3e:5d:49:6b:19:e5:7c:ab";
	static const uint8_t sha1_bytes[20] = {
		0x4a, 0xad, 0xb9, 0xb1, 0x3f, 0x82, 0x18, 0x3b, 0x54, 0x02,
		0x12, 0xdf, 0x3e, 0x5d, 0x49, 0x6b, 0x19, 0xe5, 0x7c, 0xab,
	};
	struct dtls_fingerprint fp, fp2;
	struct wrtc_err err = { 0 };
	char s512[200], buf[DTLS_FINGERPRINT_STR_MAX];
	int i;

	ASSERT_EQ(0, dtls_fingerprint_parse(&fp, "SHA-1", sha1, &err))
	TH_LOG("%s", err.msg);
	EXPECT_EQ(DTLS_HASH_SHA1, (int)fp.hash);
	EXPECT_EQ(20u, fp.len);
	EXPECT_EQ(0, memcmp(sha1_bytes, fp.digest, 20));
	EXPECT_EQ(65, dtls_fingerprint_format(&fp, buf, sizeof(buf)));
	EXPECT_STREQ("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:"
		     "19:E5:7C:AB",
		     buf);
	EXPECT_EQ(-ENOSPC, dtls_fingerprint_format(&fp, buf, 65));
	EXPECT_EQ(65, dtls_fingerprint_format(&fp, buf, 66));
	EXPECT_EQ(0, dtls_fingerprint_parse_sdp(&fp2, buf, &err));
	EXPECT_EQ(0, memcmp(&fp, &fp2, sizeof(fp)));

	for (i = 0; i < 64; i++)
		sprintf(s512 + 3 * i, "%02x%s", i * 3, i < 63 ? ":" : "");
	ASSERT_EQ(0, dtls_fingerprint_parse(&fp, "sha-512", s512, &err));
	EXPECT_EQ(64u, fp.len);
	EXPECT_EQ(189, fp.digest[63]);
	EXPECT_EQ(-EINVAL, dtls_fingerprint_parse(&fp, "sha-384", s512, &err));
	EXPECT_EQ(-EINVAL, dtls_fingerprint_parse(&fp, "sha-256", s512, &err));

	/* Errors: other hashes, bad hex, lengths, separators. */
	EXPECT_EQ(-ENOTSUP, dtls_fingerprint_parse(&fp, "md5", sha1, &err));
	EXPECT_EQ(-ENOTSUP,
		  dtls_fingerprint_parse(&fp, "sha-2566", sha1, &err));
	EXPECT_EQ(-EINVAL, dtls_fingerprint_parse(&fp, "sha-1", "", &err));
	EXPECT_EQ(-EINVAL,
		  dtls_fingerprint_parse(&fp, "sha-1",
					 "4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:"
					 "3e:5d:49:6b:19:e5:7c",
					 &err));
	EXPECT_EQ(-EINVAL,
		  dtls_fingerprint_parse(&fp, "sha-1",
					 "4a:ad:b9:b1:3f:82:18:3b:54:02:12:df:"
					 "3e:5d:49:6b:19:e5:7c:ab:",
					 &err));
	EXPECT_EQ(-EINVAL,
		  dtls_fingerprint_parse(&fp, "sha-1",
					 "4a-ad:b9:b1:3f:82:18:3b:54:02:12:df:"
					 "3e:5d:49:6b:19:e5:7c:ab",
					 &err));
	EXPECT_EQ(-EINVAL,
		  dtls_fingerprint_parse(&fp, "sha-1",
					 "4g:ad:b9:b1:3f:82:18:3b:54:02:12:df:"
					 "3e:5d:49:6b:19:e5:7c:ab",
					 &err));
	EXPECT_EQ(-EINVAL,
		  dtls_fingerprint_parse(&fp, "sha-1",
					 "4:aad:b9:b1:3f:82:18:3b:54:02:12:df:"
					 "3e:5d:49:6b:19:e5:7c:ab",
					 &err));
	EXPECT_EQ(-EINVAL, dtls_fingerprint_parse(&fp, NULL, sha1, &err));
	EXPECT_EQ(-EINVAL, dtls_fingerprint_parse_sdp(&fp, "sha-1", &err));
	EXPECT_EQ(-EINVAL, dtls_fingerprint_parse_sdp(&fp, "sha-1  4A", &err));
	fp.hash = 99;
	EXPECT_EQ(-EINVAL, dtls_fingerprint_format(&fp, buf, sizeof(buf)));
	LEAK_CHECK();
}

TEST(fingerprint_mismatch_client_side)
{
	struct pair_opts o = { .client_bad_fp = true };
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	/* The client sees the server's certificate first and refuses it. */
	EXPECT_EQ(DTLS_STATE_FAILED, state(p.client));
	EXPECT_EQ(-EACCES, dtls_conn_error(p.client));
	EXPECT_EQ(-EACCES, p.client_ret);
	EXPECT_NE(NULL, strstr(dtls_conn_reason(p.client), "fingerprint"))
	TH_LOG("%s", dtls_conn_reason(p.client));
	/* Its bad_certificate alert fails the server. */
	EXPECT_EQ(DTLS_STATE_FAILED, state(p.server));
	EXPECT_EQ(-ECONNRESET, dtls_conn_error(p.server));
	EXPECT_NE(NULL, strstr(dtls_conn_reason(p.server), "bad certificate"))
	TH_LOG("%s", dtls_conn_reason(p.server));
	EXPECT_EQ(NULL, dtls_conn_srtp_profile(p.server));
	pair_free(&p);
	LEAK_CHECK();
}

TEST(fingerprint_mismatch_server_side)
{
	struct pair_opts o = { .server_bad_fp = true };
	uint8_t buf[128];
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	EXPECT_EQ(DTLS_STATE_FAILED, state(p.server));
	EXPECT_EQ(-EACCES, dtls_conn_error(p.server));
	EXPECT_NE(NULL, strstr(dtls_conn_reason(p.server), "fingerprint"))
	TH_LOG("%s", dtls_conn_reason(p.server));
	EXPECT_EQ(DTLS_STATE_FAILED, state(p.client));
	EXPECT_NE(NULL, strstr(dtls_conn_reason(p.client), "alert"))
	TH_LOG("%s", dtls_conn_reason(p.client));
	EXPECT_EQ(-ENOTCONN,
		  dtls_conn_export_srtp(p.server, buf, sizeof(buf), NULL));
	/* A failed connection takes nothing more. */
	buf[0] = 22;
	memset(buf + 1, 0, 20);
	EXPECT_EQ(-EPIPE, dtls_conn_feed(p.server, buf, 21, NULL));
	EXPECT_EQ(-EPIPE, dtls_conn_start(p.server, NULL));
	pair_free(&p);
	LEAK_CHECK();
}

TEST(fingerprint_after_handshake)
{
	struct pair_opts o = { .server_no_fp = true };
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	char attr[DTLS_FINGERPRINT_STR_MAX];
	const uint8_t *der;
	size_t der_len;
	struct dtls_fingerprint fp, peer;
	struct wrtc_err err = { 0 };
	uint8_t buf[128];
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	/* The handshake is over, but without the SDP nothing is trusted. */
	EXPECT_EQ(DTLS_STATE_CONNECTED, state(p.client));
	EXPECT_EQ(DTLS_STATE_HANDSHAKING, state(p.server));
	EXPECT_EQ(-ENOTCONN,
		  dtls_conn_export_srtp(p.server, buf, sizeof(buf), NULL));
	EXPECT_EQ(-1, dtls_conn_timeout_ms(p.server));
	/* What each saw of the other is the other's certificate. */
	ASSERT_EQ(0, dtls_conn_peer_fingerprint(p.server, DTLS_HASH_SHA256,
						&peer));
	ASSERT_EQ(0, sdp_fingerprint_of(p.ccert, false, &fp));
	EXPECT_EQ(0, memcmp(&fp, &peer, sizeof(fp)));
	ASSERT_EQ(0, dtls_conn_peer_fingerprint(p.client, DTLS_HASH_SHA256,
						&peer));
	ASSERT_EQ(0, sdp_fingerprint_of(p.scert, false, &fp));
	EXPECT_EQ(0, memcmp(&fp, &peer, sizeof(fp)));
	/*
	 * The answer arrives, with a sha-512 fingerprint in lowercase: the
	 * digest of the client's DER, computed here.
	 */
	der_len = dtls_cert_der(p.ccert, &der);
	ASSERT_EQ(1, EVP_Digest(der, der_len, md, &mdlen, EVP_sha512(), NULL));
	ASSERT_EQ(64u, mdlen);
	strcpy(attr, "SHA-512 ");
	for (i = 0; i < mdlen; i++)
		sprintf(attr + 8 + 3 * i, "%02x%s", md[i],
			i + 1 < mdlen ? ":" : "");
	ASSERT_EQ(0, dtls_fingerprint_parse_sdp(&fp, attr, &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(0, dtls_conn_set_remote_fingerprint(p.server, &fp, &err))
	TH_LOG("%s", err.msg);
	EXPECT_EQ(-EALREADY,
		  dtls_conn_set_remote_fingerprint(p.server, &fp, NULL));
	check_keys(_metadata, &p, 0x0007, 56, 16, 12);
	pair_free(&p);

	/* The same with a sha-384 fingerprint that does not match. */
	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	ASSERT_EQ(0,
		  dtls_conn_peer_fingerprint(p.server, DTLS_HASH_SHA384, &fp));
	EXPECT_EQ(48u, fp.len);
	fp.digest[47] ^= 1;
	EXPECT_EQ(-EACCES,
		  dtls_conn_set_remote_fingerprint(p.server, &fp, &err));
	EXPECT_NE(NULL, strstr(err.msg, "fingerprint")) TH_LOG("%s", err.msg);
	EXPECT_EQ(DTLS_STATE_FAILED, state(p.server));
	/* It says goodbye: the client learns it is closed. */
	pair_pump(_metadata, &p);
	EXPECT_EQ(DTLS_STATE_CLOSED, state(p.client));
	pair_free(&p);
	LEAK_CHECK();
}

TEST(certificate_freed_before_connections)
{
	struct pair_opts o = { 0 };
	struct pair p;

	pair_new(_metadata, &p, &o);
	/* Each connection holds its own reference. */
	dtls_cert_unref(p.scert);
	dtls_cert_unref(p.ccert);
	p.scert = p.ccert = NULL;
	pair_run(_metadata, &p);
	check_keys(_metadata, &p, 0x0007, 56, 16, 12);
	pair_free(&p);
	LEAK_CHECK();
}

/* ---- a peer that is not us --------------------------------------------- */

/*
 * A plain OpenSSL DTLS client that sends no certificate: the server must
 * refuse it (SSL_VERIFY_FAIL_IF_NO_PEER_CERT), since without a certificate
 * there is nothing to match the fingerprint against.
 */
TEST(client_without_certificate_is_refused)
{
	struct dtls_cert *cert;
	struct dtls_conn *server;
	uint8_t buf[4096];
	SSL_CTX *ctx;
	BIO *rb, *wb;
	SSL *ssl;
	int i, n;

	ASSERT_EQ(0, dtls_cert_new(&cert, NULL));
	ASSERT_EQ(0, dtls_conn_new(&server, cert, NULL, NULL));
	ctx = SSL_CTX_new(DTLS_client_method());
	ASSERT_NE(NULL, ctx);
	ASSERT_EQ(0, SSL_CTX_set_tlsext_use_srtp(ctx, "SRTP_AEAD_AES_128_GCM"));
	ssl = SSL_new(ctx);
	ASSERT_NE(NULL, ssl);
	rb = BIO_new(BIO_s_mem());
	wb = BIO_new(BIO_s_mem());
	BIO_set_mem_eof_return(rb, -1);
	SSL_set_bio(ssl, rb, wb);
	SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
	SSL_set_mtu(ssl, 1200);
	SSL_set_connect_state(ssl);
	for (i = 0; i < 10 && state(server) != DTLS_STATE_FAILED; i++) {
		SSL_do_handshake(ssl);
		/* Records stay whole even when BIO_s_mem merges them. */
		while ((n = BIO_read(wb, buf, sizeof(buf))) > 0)
			dtls_conn_feed(server, buf, (size_t)n, NULL);
		while ((n = dtls_conn_pull(server, buf, sizeof(buf))) > 0)
			BIO_write(rb, buf, n);
	}
	EXPECT_EQ(DTLS_STATE_FAILED, state(server));
	EXPECT_NE(NULL, strstr(dtls_conn_reason(server), "certificate"))
	TH_LOG("%s", dtls_conn_reason(server));
	SSL_free(ssl);
	SSL_CTX_free(ctx);
	dtls_conn_free(server);
	dtls_cert_unref(cert);
	LEAK_CHECK();
}

TEST_HARNESS_MAIN
