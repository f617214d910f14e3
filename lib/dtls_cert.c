// SPDX-License-Identifier: GPL-2.0
/*
 * The gateway's DTLS identity: an ECDSA P-256 key, a self-signed
 * certificate over it, its sha-256 fingerprint for SDP, and the SSL_CTX
 * (DTLS 1.2, certificate required from the peer) that every connection is
 * made from.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "dtls_int.h"

#define CERT_CN "wrtc"
#define CERT_DAYS 365

/*
 * DTLS 1.2 suites with an ECDSA certificate, AEAD first. The CBC ones stay
 * for older peers; Chromium offers the GCM and ChaCha ones.
 */
#define CIPHERS                                                        \
	"ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" \
	"ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA:"        \
	"ECDHE-ECDSA-AES256-SHA"
#define GROUPS "X25519:P-256:P-384"

struct dtls_cert {
	int refs;
	EVP_PKEY *key;
	X509 *x509;
	uint8_t *der;
	size_t der_len;
	SSL_CTX *ctx;
	BIO_METHOD *bio_method;
	char fingerprint[DTLS_FINGERPRINT_STR_MAX];
	const char *fingerprint_value; /* inside fingerprint[] */
	char fingerprint_hash[8];
};

static int ssl_fail(struct wrtc_err *err, int code, const char *what)
{
	char buf[120];
	unsigned long e = ERR_get_error();

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	else
		strcpy(buf, "no detail");
	ERR_clear_error();
	return wrtc_fail(err, code, 0, "dtls cert: %s: %s", what, buf);
}

static X509 *make_x509(EVP_PKEY *key)
{
	X509 *x = X509_new();
	X509_NAME *name;
	BIGNUM *bn = NULL;
	uint8_t serial[8];
	int ok = 0;

	if (!x)
		return NULL;
	/* A positive, random 63-bit serial (RFC 5280 §4.1.2.2). */
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto out;
	serial[0] = (serial[0] & 0x7f) | 0x40;
	bn = BN_bin2bn(serial, sizeof(serial), NULL);
	if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)))
		goto out;
	/* Valid from a day ago, so that a peer with a slow clock takes it. */
	if (!X509_set_version(x, X509_VERSION_3) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), -24L * 3600) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), CERT_DAYS * 24L * 3600) ||
	    !X509_set_pubkey(x, key))
		goto out;
	name = X509_get_subject_name(x);
	if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
					(const unsigned char *)CERT_CN, -1, -1,
					0) ||
	    !X509_set_issuer_name(x, name))
		goto out;
	if (!X509_sign(x, key, EVP_sha256()))
		goto out;
	ok = 1;
out:
	BN_free(bn);
	if (!ok) {
		X509_free(x);
		x = NULL;
	}
	return x;
}

static SSL_CTX *make_ctx(X509 *x509, EVP_PKEY *key, struct wrtc_err *err)
{
	SSL_CTX *ctx = SSL_CTX_new(DTLS_method());

	if (!ctx) {
		ssl_fail(err, -ENOMEM, "SSL_CTX_new");
		return NULL;
	}
	/*
	 * Renegotiation could change the keys under the SRTP contexts, and
	 * there is no session to resume: each leg runs one full handshake.
	 */
	SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION |
					 SSL_OP_CIPHER_SERVER_PREFERENCE |
					 SSL_OP_NO_QUERY_MTU);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	/*
	 * Peers present self-signed certificates, so the chain cannot be
	 * verified; requiring one and matching its digest against the SDP
	 * fingerprint is what authenticates the peer (RFC 8122 §5).
	 */
	SSL_CTX_set_verify(ctx,
			   SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
			   dtls_verify_cb);
	if (!SSL_CTX_set_min_proto_version(ctx, DTLS1_2_VERSION) ||
	    !SSL_CTX_set_max_proto_version(ctx, DTLS1_2_VERSION) ||
	    !SSL_CTX_set_cipher_list(ctx, CIPHERS) ||
	    !SSL_CTX_set1_groups_list(ctx, GROUPS) ||
	    !SSL_CTX_use_certificate(ctx, x509) ||
	    !SSL_CTX_use_PrivateKey(ctx, key) ||
	    !SSL_CTX_check_private_key(ctx)) {
		ssl_fail(err, -EINVAL, "SSL_CTX setup");
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static int set_fingerprint(struct dtls_cert *c, struct wrtc_err *err)
{
	struct dtls_fingerprint fp;
	const char *name = dtls_hash_name(DTLS_HASH_SHA256);
	int n;

	if (dtls_fingerprint_x509(c->x509, DTLS_HASH_SHA256, &fp))
		return ssl_fail(err, -EINVAL, "fingerprint");
	n = dtls_fingerprint_format(&fp, c->fingerprint,
				    sizeof(c->fingerprint));
	if (n < 0)
		return wrtc_fail(err, n, 0, "dtls cert: fingerprint format");
	strcpy(c->fingerprint_hash, name);
	c->fingerprint_value = c->fingerprint + strlen(name) + 1;
	return 0;
}

int dtls_cert_new(struct dtls_cert **out, struct wrtc_err *err)
{
	struct dtls_cert *c;
	int len, ret;

	if (!out)
		return wrtc_fail(err, -EINVAL, 0, "dtls cert: NULL argument");
	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return wrtc_fail(err, -ENOMEM, 0, "dtls cert: out of memory");
	c->refs = 1;
	ERR_clear_error();
	c->key = EVP_EC_gen("P-256");
	if (!c->key) {
		ret = ssl_fail(err, -ENOMEM, "P-256 key generation");
		goto fail;
	}
	c->x509 = make_x509(c->key);
	if (!c->x509) {
		ret = ssl_fail(err, -ENOMEM, "certificate");
		goto fail;
	}
	len = i2d_X509(c->x509, &c->der);
	if (len <= 0) {
		ret = ssl_fail(err, -ENOMEM, "DER encoding");
		goto fail;
	}
	c->der_len = (size_t)len;
	ret = set_fingerprint(c, err);
	if (ret)
		goto fail;
	c->ctx = make_ctx(c->x509, c->key, err);
	if (!c->ctx) {
		ret = -ENOMEM;
		goto fail;
	}
	c->bio_method = dtls_bio_method_new();
	if (!c->bio_method) {
		ret = wrtc_fail(err, -ENOMEM, 0, "dtls cert: BIO method");
		goto fail;
	}
	*out = c;
	return 0;
fail:
	dtls_cert_unref(c);
	return ret;
}

struct dtls_cert *dtls_cert_ref(struct dtls_cert *cert)
{
	if (cert)
		__atomic_add_fetch(&cert->refs, 1, __ATOMIC_RELAXED);
	return cert;
}

void dtls_cert_unref(struct dtls_cert *cert)
{
	if (!cert || __atomic_sub_fetch(&cert->refs, 1, __ATOMIC_ACQ_REL))
		return;
	BIO_meth_free(cert->bio_method);
	SSL_CTX_free(cert->ctx);
	OPENSSL_free(cert->der);
	X509_free(cert->x509);
	EVP_PKEY_free(cert->key);
	free(cert);
}

const char *dtls_cert_fingerprint(const struct dtls_cert *cert)
{
	return cert->fingerprint;
}

const char *dtls_cert_fingerprint_hash(const struct dtls_cert *cert)
{
	return cert->fingerprint_hash;
}

const char *dtls_cert_fingerprint_value(const struct dtls_cert *cert)
{
	return cert->fingerprint_value;
}

size_t dtls_cert_der(const struct dtls_cert *cert, const uint8_t **der)
{
	if (der)
		*der = cert->der;
	return cert->der_len;
}

SSL_CTX *dtls_cert_ssl_ctx(const struct dtls_cert *cert)
{
	return cert->ctx;
}

const BIO_METHOD *dtls_cert_bio_method(const struct dtls_cert *cert)
{
	return cert->bio_method;
}
