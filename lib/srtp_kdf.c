// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <openssl/evp.h>

#include "srtp_kdf.h"

static const EVP_CIPHER *aes_ctr(size_t key_len)
{
	if (key_len == 16)
		return EVP_aes_128_ctr();
	if (key_len == 32)
		return EVP_aes_256_ctr();
	return NULL;
}

int srtp_aes_cm_xor(const uint8_t *key, size_t key_len,
		    const uint8_t iv[SRTP_AES_BLOCK], const uint8_t *in,
		    uint8_t *out, size_t len, struct wrtc_err *err)
{
	const EVP_CIPHER *cipher = aes_ctr(key_len);
	EVP_CIPHER_CTX *ctx;
	size_t done = 0;
	int ret = 0;

	if (!key || !iv || (len && !out))
		return wrtc_fail(err, -EINVAL, 0, "aes-cm: NULL argument");
	if (!cipher)
		return wrtc_fail(err, -EINVAL, 0, "aes-cm: %zu-byte key",
				 key_len);
	if (!len)
		return 0;
	if (!in) {
		/* The keystream is the encryption of zeros. */
		memset(out, 0, len);
		in = out;
	}
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx)
		return wrtc_fail(err, -ENOMEM, 0, "aes-cm: no cipher context");
	if (EVP_EncryptInit_ex(ctx, cipher, NULL, key, iv) != 1) {
		ret = wrtc_fail(err, -EIO, 0, "aes-cm: EVP init failed");
		goto out;
	}
	/* EVP takes int lengths: go in chunks. */
	while (done < len) {
		size_t chunk = len - done;
		int outl;

		if (chunk > INT_MAX / 2)
			chunk = INT_MAX / 2;
		if (EVP_EncryptUpdate(ctx, out + done, &outl, in + done,
				      (int)chunk) != 1 ||
		    (size_t)outl != chunk) {
			ret = wrtc_fail(err, -EIO, done,
					"aes-cm: EVP update failed");
			goto out;
		}
		done += chunk;
	}
out:
	EVP_CIPHER_CTX_free(ctx); /* cleanses the key schedule */
	return ret;
}

int srtp_kdf(const uint8_t *key, size_t key_len, const uint8_t *salt,
	     size_t salt_len, uint8_t label, uint8_t *out, size_t out_len,
	     struct wrtc_err *err)
{
	uint8_t iv[SRTP_AES_BLOCK] = { 0 };
	int ret;

	if (!key || !salt || (out_len && !out))
		return wrtc_fail(err, -EINVAL, 0, "srtp kdf: NULL argument");
	if (salt_len != 14 && salt_len != 12)
		return wrtc_fail(err, -EINVAL, 0, "srtp kdf: %zu-byte salt",
				 salt_len);
	/*
	 * RFC 3711 §4.3.1: x = key_id XOR master_salt, key_id = label || r
	 * (56 bits, right-aligned in the 112-bit salt, so the label meets
	 * salt byte 7; r = 0 leaves bytes 8–13 alone); IV = x * 2^16. A
	 * 96-bit GCM salt is first multiplied by 2^16 (RFC 7714 erratum
	 * 4938), which is the zero padding of iv[12..13].
	 */
	memcpy(iv, salt, salt_len);
	iv[7] ^= label;
	ret = srtp_aes_cm_xor(key, key_len, iv, NULL, out, out_len, err);
	srtp_wipe(iv, sizeof(iv));
	return ret;
}

int srtp_kdf_session_keys(const struct srtp_profile *p,
			  const struct srtp_master_key *m, bool rtcp,
			  struct srtp_session_keys *out, struct wrtc_err *err)
{
	uint8_t base = rtcp ? SRTP_KDF_RTCP_ENC : SRTP_KDF_RTP_ENC;
	int ret;

	if (!p || !m || !out)
		return wrtc_fail(err, -EINVAL, 0, "srtp kdf: NULL argument");
	srtp_session_keys_wipe(out);
	if (m->key_len != p->key_len || m->salt_len != p->salt_len)
		return wrtc_fail(err, -EINVAL, 0,
				 "srtp kdf: %u-byte key, %u-byte salt for %s",
				 m->key_len, m->salt_len, p->name);
	/* Labels: base + 0 cipher key, + 1 auth key, + 2 salt. */
	ret = srtp_kdf(m->key, m->key_len, m->salt, m->salt_len, base,
		       out->enc_key, p->key_len, err);
	if (!ret)
		ret = srtp_kdf(m->key, m->key_len, m->salt, m->salt_len,
			       base + 2, out->salt, p->salt_len, err);
	if (!ret && p->auth_key_len)
		ret = srtp_kdf(m->key, m->key_len, m->salt, m->salt_len,
			       base + 1, out->auth_key, p->auth_key_len, err);
	if (ret) {
		srtp_session_keys_wipe(out);
		return ret;
	}
	out->enc_key_len = p->key_len;
	out->salt_len = p->salt_len;
	out->auth_key_len = p->auth_key_len;
	return 0;
}

void srtp_aes_cm_iv(const uint8_t salt[14], uint32_t ssrc, uint64_t index,
		    uint8_t iv[SRTP_AES_BLOCK])
{
	int i;

	memcpy(iv, salt, 14);
	iv[14] = 0;
	iv[15] = 0;
	for (i = 0; i < 4; i++)
		iv[4 + i] ^= (uint8_t)(ssrc >> (24 - 8 * i));
	for (i = 0; i < 6; i++)
		iv[8 + i] ^= (uint8_t)(index >> (40 - 8 * i));
}
