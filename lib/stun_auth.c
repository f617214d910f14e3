// SPDX-License-Identifier: GPL-2.0
/*
 * STUN: the values of MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT, and
 * their checks; the long-term credential key.
 */
#include <errno.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "bytes.h"
#include "crc32.h"
#include "stun.h"

uint32_t stun_fingerprint(const uint8_t *msg, size_t off)
{
	return wrtc_crc32(0, msg, off) ^ STUN_FINGERPRINT_XOR;
}

int stun_integrity(const uint8_t *msg, size_t off, bool sha256, const void *key,
		   size_t keylen, uint8_t *mac, size_t maclen)
{
	uint8_t hdr[STUN_HEADER_LEN];
	uint8_t full[EVP_MAX_MD_SIZE];
	size_t fulllen = 0;
	OSSL_PARAM params[2];
	EVP_MAC *hmac;
	EVP_MAC_CTX *ctx = NULL;
	int ok;

	/* The length field counts the integrity attribute as the last. */
	memcpy(hdr, msg, sizeof(hdr));
	put_be16(hdr + 2, (uint16_t)(off - STUN_HEADER_LEN +
				     STUN_ATTR_HEADER_LEN + maclen));
	params[0] = OSSL_PARAM_construct_utf8_string(
		OSSL_MAC_PARAM_DIGEST, sha256 ? "SHA256" : "SHA1", 0);
	params[1] = OSSL_PARAM_construct_end();

	hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (hmac)
		ctx = EVP_MAC_CTX_new(hmac);
	/* A NULL key would mean "keep the previous one" to OpenSSL. */
	ok = ctx && EVP_MAC_init(ctx, key ? key : "", keylen, params) &&
	     EVP_MAC_update(ctx, hdr, sizeof(hdr)) &&
	     EVP_MAC_update(ctx, msg + STUN_HEADER_LEN,
			    off - STUN_HEADER_LEN) &&
	     EVP_MAC_final(ctx, full, &fulllen, sizeof(full)) &&
	     fulllen >= maclen;
	EVP_MAC_CTX_free(ctx);
	EVP_MAC_free(hmac);
	if (!ok)
		return -EIO;
	memcpy(mac, full, maclen);
	return 0;
}

int stun_check_fingerprint(const struct stun_msg *msg, struct wrtc_err *err)
{
	uint32_t want, have;

	if (!msg->fingerprint)
		return wrtc_fail(err, -ENOENT, msg->len, "no FINGERPRINT");
	have = get_be32(msg->buf + msg->fingerprint + STUN_ATTR_HEADER_LEN);
	want = stun_fingerprint(msg->buf, msg->fingerprint);
	if (have != want)
		return wrtc_fail(err, -EBADMSG, msg->fingerprint,
				 "FINGERPRINT 0x%08x, the message gives "
				 "0x%08x",
				 have, want);
	return 0;
}

static int check_mac(const struct stun_msg *msg, size_t off, bool sha256,
		     const void *key, size_t keylen, struct wrtc_err *err)
{
	const char *name = sha256 ? "MESSAGE-INTEGRITY-SHA256" :
				    "MESSAGE-INTEGRITY";
	uint8_t mac[STUN_INTEGRITY_SHA256_LEN];
	size_t maclen;

	if (!off)
		return wrtc_fail(err, -ENOENT, msg->len, "no %s", name);
	maclen = get_be16(msg->buf + off + 2);
	if (stun_integrity(msg->buf, off, sha256, key, keylen, mac, maclen))
		return wrtc_fail(err, -EIO, off, "%s: HMAC failed in OpenSSL",
				 name);
	if (CRYPTO_memcmp(mac, msg->buf + off + STUN_ATTR_HEADER_LEN, maclen))
		return wrtc_fail(err, -EACCES, off, "%s does not match the key",
				 name);
	return 0;
}

int stun_check_integrity(const struct stun_msg *msg, const void *key,
			 size_t keylen, struct wrtc_err *err)
{
	return check_mac(msg, msg->integrity, false, key, keylen, err);
}

int stun_check_integrity_sha256(const struct stun_msg *msg, const void *key,
				size_t keylen, struct wrtc_err *err)
{
	return check_mac(msg, msg->integrity_sha256, true, key, keylen, err);
}

int stun_long_term_key(const char *username, size_t ulen, const char *realm,
		       size_t rlen, const char *password, size_t plen,
		       uint8_t key[STUN_LONG_TERM_KEY_LEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int n = 0;
	int ok;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) &&
	     EVP_DigestUpdate(ctx, username, ulen) &&
	     EVP_DigestUpdate(ctx, ":", 1) &&
	     EVP_DigestUpdate(ctx, realm, rlen) &&
	     EVP_DigestUpdate(ctx, ":", 1) &&
	     EVP_DigestUpdate(ctx, password, plen) &&
	     EVP_DigestFinal_ex(ctx, key, &n) && n == STUN_LONG_TERM_KEY_LEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -EIO;
}
