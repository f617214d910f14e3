// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <openssl/evp.h>

#include "srtp_gcm.h"

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static void xor_salt(const uint8_t *salt, uint8_t *iv)
{
	int i;

	for (i = 0; i < SRTP_GCM_IV_LEN; i++)
		iv[i] ^= salt[i];
}

void srtp_gcm_rtp_iv(const uint8_t salt[SRTP_GCM_SALT_LEN], uint32_t ssrc,
		     uint32_t roc, uint16_t seq, uint8_t iv[SRTP_GCM_IV_LEN])
{
	iv[0] = 0;
	iv[1] = 0;
	put32(iv + 2, ssrc);
	put32(iv + 6, roc);
	iv[10] = seq >> 8;
	iv[11] = seq & 0xff;
	xor_salt(salt, iv);
}

void srtp_gcm_rtcp_iv(const uint8_t salt[SRTP_GCM_SALT_LEN], uint32_t ssrc,
		      uint32_t index, uint8_t iv[SRTP_GCM_IV_LEN])
{
	iv[0] = 0;
	iv[1] = 0;
	put32(iv + 2, ssrc);
	iv[6] = 0;
	iv[7] = 0;
	put32(iv + 8, index & 0x7fffffff);
	xor_salt(salt, iv);
}

static const EVP_CIPHER *aes_gcm(size_t key_len)
{
	if (key_len == 16)
		return EVP_aes_128_gcm();
	if (key_len == 32)
		return EVP_aes_256_gcm();
	return NULL;
}

/*
 * One GCM pass; @enc selects seal or open. @tag is written (seal) or
 * checked (open).
 */
static int gcm_crypt(int enc, const uint8_t *key, size_t key_len,
		     const uint8_t *iv, const uint8_t *aad, size_t aad_len,
		     const uint8_t *in, uint8_t *out, size_t len, uint8_t *tag,
		     struct wrtc_err *err)
{
	const EVP_CIPHER *cipher = aes_gcm(key_len);
	EVP_CIPHER_CTX *ctx;
	uint8_t fin[16]; /* GCM's final step outputs nothing */
	int outl, ret = 0;

	if (!key || !iv || !tag || (aad_len && !aad) || (len && (!in || !out)))
		return wrtc_fail(err, -EINVAL, 0, "aes-gcm: NULL argument");
	if (!cipher)
		return wrtc_fail(err, -EINVAL, 0, "aes-gcm: %zu-byte key",
				 key_len);
	if (len > INT_MAX || aad_len > INT_MAX)
		return wrtc_fail(err, -EINVAL, 0, "aes-gcm: %zu bytes", len);
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return wrtc_fail(err, -ENOMEM, 0, "aes-gcm: no cipher context");
	/* The 12-byte IV is GCM's default: no IVLEN control needed. */
	if (EVP_CipherInit_ex(ctx, cipher, NULL, key, iv, enc) != 1 ||
	    (aad_len &&
	     EVP_CipherUpdate(ctx, NULL, &outl, aad, (int)aad_len) != 1) ||
	    (len && EVP_CipherUpdate(ctx, out, &outl, in, (int)len) != 1)) {
		ret = wrtc_fail(err, -EIO, 0, "aes-gcm: EVP failed");
		goto out;
	}
	if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG,
					SRTP_GCM_TAG_LEN, tag) != 1) {
		ret = wrtc_fail(err, -EIO, 0, "aes-gcm: cannot set tag");
		goto out;
	}
	if (EVP_CipherFinal_ex(ctx, fin, &outl) != 1) {
		if (enc) {
			ret = wrtc_fail(err, -EIO, 0, "aes-gcm: EVP final");
		} else {
			/* No unauthenticated plaintext leaves here. */
			if (len)
				memset(out, 0, len);
			ret = wrtc_fail(err, -EBADMSG, 0,
					"aes-gcm: authentication failed");
		}
		goto out;
	}
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG,
				       SRTP_GCM_TAG_LEN, tag) != 1)
		ret = wrtc_fail(err, -EIO, 0, "aes-gcm: cannot get tag");
out:
	EVP_CIPHER_CTX_free(ctx);
	return ret;
}

int srtp_gcm_seal(const uint8_t *key, size_t key_len,
		  const uint8_t iv[SRTP_GCM_IV_LEN], const uint8_t *aad,
		  size_t aad_len, const uint8_t *in, uint8_t *out, size_t len,
		  uint8_t tag[SRTP_GCM_TAG_LEN], struct wrtc_err *err)
{
	return gcm_crypt(1, key, key_len, iv, aad, aad_len, in, out, len, tag,
			 err);
}

int srtp_gcm_open(const uint8_t *key, size_t key_len,
		  const uint8_t iv[SRTP_GCM_IV_LEN], const uint8_t *aad,
		  size_t aad_len, const uint8_t *in, uint8_t *out, size_t len,
		  const uint8_t tag[SRTP_GCM_TAG_LEN], struct wrtc_err *err)
{
	uint8_t t[SRTP_GCM_TAG_LEN];

	if (!tag)
		return wrtc_fail(err, -EINVAL, 0, "aes-gcm: NULL tag");
	/* EVP's SET_TAG takes a non-const pointer. */
	memcpy(t, tag, sizeof(t));
	return gcm_crypt(0, key, key_len, iv, aad, aad_len, in, out, len, t,
			 err);
}
