// SPDX-License-Identifier: GPL-2.0
/*
 * Certificate fingerprints as SDP carries them (RFC 8122 §5): a hash
 * function name and the digest of the certificate's DER as uppercase hex
 * pairs joined by ':'.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "dtls_int.h"

static const struct {
	enum dtls_hash hash;
	const char *name;
	size_t len;
} hashes[] = {
	{ DTLS_HASH_SHA1, "sha-1", 20 },
	{ DTLS_HASH_SHA256, "sha-256", 32 },
	{ DTLS_HASH_SHA384, "sha-384", 48 },
	{ DTLS_HASH_SHA512, "sha-512", 64 },
};

#define NHASHES (sizeof(hashes) / sizeof(hashes[0]))

const char *dtls_hash_name(enum dtls_hash hash)
{
	size_t i;

	for (i = 0; i < NHASHES; i++)
		if (hashes[i].hash == hash)
			return hashes[i].name;
	return NULL;
}

static size_t hash_len(enum dtls_hash hash)
{
	size_t i;

	for (i = 0; i < NHASHES; i++)
		if (hashes[i].hash == hash)
			return hashes[i].len;
	return 0;
}

static const EVP_MD *hash_md(enum dtls_hash hash)
{
	switch (hash) {
	case DTLS_HASH_SHA1:
		return EVP_sha1();
	case DTLS_HASH_SHA256:
		return EVP_sha256();
	case DTLS_HASH_SHA384:
		return EVP_sha384();
	case DTLS_HASH_SHA512:
		return EVP_sha512();
	}
	return NULL;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_hash(const char *name, size_t len, enum dtls_hash *hash,
		      struct wrtc_err *err)
{
	size_t i;

	for (i = 0; i < NHASHES; i++) {
		if (strlen(hashes[i].name) == len &&
		    !strncasecmp(hashes[i].name, name, len)) {
			*hash = hashes[i].hash;
			return 0;
		}
	}
	return wrtc_fail(err, -ENOTSUP, 0,
			 "fingerprint: unsupported hash function \"%.*s\"",
			 (int)(len > 16 ? 16 : len), name);
}

/* @value: exactly "XX:XX:...:XX" of @want bytes, nothing around it. */
static int parse_hex(const char *value, size_t want, uint8_t *out,
		     struct wrtc_err *err)
{
	size_t i, off = 0;
	int hi, lo;

	for (i = 0; i < want; i++) {
		if (i > 0) {
			if (value[off] != ':')
				return wrtc_fail(
					err, -EINVAL, off,
					"fingerprint: expected ':' at offset %zu",
					off);
			off++;
		}
		hi = hex_digit(value[off]);
		lo = hi < 0 ? -1 : hex_digit(value[off + 1]);
		if (lo < 0)
			return wrtc_fail(
				err, -EINVAL, off,
				"fingerprint: bad hex pair at offset %zu (%zu of %zu bytes)",
				off, i, want);
		out[i] = (uint8_t)(hi << 4 | lo);
		off += 2;
	}
	if (value[off] != '\0')
		return wrtc_fail(err, -EINVAL, off,
				 "fingerprint: longer than %zu bytes", want);
	return 0;
}

int dtls_fingerprint_parse(struct dtls_fingerprint *fp, const char *hash,
			   const char *value, struct wrtc_err *err)
{
	struct dtls_fingerprint tmp = { 0 };
	int ret;

	if (!fp || !hash || !value)
		return wrtc_fail(err, -EINVAL, 0, "fingerprint: NULL argument");
	ret = parse_hash(hash, strlen(hash), &tmp.hash, err);
	if (ret)
		return ret;
	tmp.len = hash_len(tmp.hash);
	ret = parse_hex(value, tmp.len, tmp.digest, err);
	if (ret)
		return ret;
	*fp = tmp;
	return 0;
}

int dtls_fingerprint_parse_sdp(struct dtls_fingerprint *fp, const char *attr,
			       struct wrtc_err *err)
{
	struct dtls_fingerprint tmp = { 0 };
	const char *sp;
	size_t skip;
	int ret;

	if (!fp || !attr)
		return wrtc_fail(err, -EINVAL, 0, "fingerprint: NULL argument");
	/* RFC 8122: fingerprint-attribute = hash-func SP fingerprint */
	sp = strchr(attr, ' ');
	if (!sp)
		return wrtc_fail(
			err, -EINVAL, 0,
			"fingerprint: no space between hash and value");
	ret = parse_hash(attr, (size_t)(sp - attr), &tmp.hash, err);
	if (ret)
		return ret;
	tmp.len = hash_len(tmp.hash);
	skip = (size_t)(sp + 1 - attr);
	ret = parse_hex(sp + 1, tmp.len, tmp.digest, err);
	if (ret) {
		if (err)
			err->offset += skip;
		return ret;
	}
	*fp = tmp;
	return 0;
}

int dtls_fingerprint_format(const struct dtls_fingerprint *fp, char *buf,
			    size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *name;
	size_t i, n, need;

	if (!fp || !buf)
		return -EINVAL;
	name = dtls_hash_name(fp->hash);
	if (!name || fp->len != hash_len(fp->hash))
		return -EINVAL;
	n = strlen(name);
	need = n + 1 + 3 * fp->len; /* the last ':' becomes the NUL */
	if (cap < need)
		return -ENOSPC;
	memcpy(buf, name, n);
	buf[n++] = ' ';
	for (i = 0; i < fp->len; i++) {
		buf[n++] = hex[fp->digest[i] >> 4];
		buf[n++] = hex[fp->digest[i] & 15];
		buf[n++] = ':';
	}
	buf[--n] = '\0';
	return (int)n;
}

int dtls_fingerprint_x509(X509 *x509, enum dtls_hash hash,
			  struct dtls_fingerprint *fp)
{
	const EVP_MD *md = hash_md(hash);
	unsigned int n = 0;

	if (!x509 || !md || !fp)
		return -EINVAL;
	memset(fp, 0, sizeof(*fp));
	/* X509_digest hashes the DER encoding, which is what RFC 8122 asks. */
	if (!X509_digest(x509, md, fp->digest, &n) || n != hash_len(hash))
		return -EINVAL;
	fp->hash = hash;
	fp->len = n;
	return 0;
}

int dtls_fingerprint_equal(const struct dtls_fingerprint *a,
			   const struct dtls_fingerprint *b)
{
	return a->hash == b->hash && a->len == b->len &&
	       a->len <= sizeof(a->digest) &&
	       !CRYPTO_memcmp(a->digest, b->digest, a->len);
}
