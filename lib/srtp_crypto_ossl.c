// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace binding of srtp_crypto.h on OpenSSL 3.
 *
 * Ciphers: one EVP_CIPHER_CTX per object, keyed once; each packet only sets
 * a new IV (EVP_CipherInit_ex with NULL cipher and key keeps the key
 * schedule), so no per-packet allocation or key expansion.
 *
 * HMAC-SHA1: RFC 2104 with the SHA-1 states after the key XOR ipad and the
 * key XOR opad blocks computed once; a packet costs a struct copy, the
 * inner hash of its bytes and one outer compression. This is the fastest
 * HMAC OpenSSL offers for short messages (EVP_MAC and EVP_MD_CTX copies go
 * through the provider layer and allocate per packet), at the price of the
 * SHA1_* calls that OpenSSL 3.0 marks deprecated but still ships.
 * The stack copies need no wipe: after SHA1_Final their chaining values are
 * hash outputs, no longer the key-equivalent ipad/opad states.
 */
#define OPENSSL_SUPPRESS_DEPRECATED /* SHA1_Init/Update/Final, see above */

#include <errno.h>
#include <limits.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/sha.h>

#include "srtp_crypto.h"

#define HMAC_BLOCK 64 /* SHA-1 block size */

struct srtp_xform_crypto {
	enum srtp_xform_crypto_alg alg;
	EVP_CIPHER_CTX *cipher;
	SHA_CTX ipad; /* SHA-1 after (auth key XOR 0x36..) */
	SHA_CTX opad; /* SHA-1 after (auth key XOR 0x5c..) */
};

static const EVP_CIPHER *pick_cipher(enum srtp_xform_crypto_alg alg, size_t len)
{
	if (alg == SRTP_XFORM_CRYPTO_AES_CM)
		return len == 16 ? EVP_aes_128_ctr() :
		       len == 32 ? EVP_aes_256_ctr() :
				   NULL;
	if (alg == SRTP_XFORM_CRYPTO_AES_GCM)
		return len == 16 ? EVP_aes_128_gcm() :
		       len == 32 ? EVP_aes_256_gcm() :
				   NULL;
	return NULL;
}

static void hmac_prepare(struct srtp_xform_crypto *c, const uint8_t *key,
			 size_t len)
{
	uint8_t block[HMAC_BLOCK];
	size_t i;

	/* A 20-byte key is shorter than the block: pad it with zeros. */
	memset(block, 0, sizeof(block));
	memcpy(block, key, len);
	for (i = 0; i < sizeof(block); i++)
		block[i] ^= 0x36;
	SHA1_Init(&c->ipad);
	SHA1_Update(&c->ipad, block, sizeof(block));
	for (i = 0; i < sizeof(block); i++)
		block[i] ^= 0x36 ^ 0x5c;
	SHA1_Init(&c->opad);
	SHA1_Update(&c->opad, block, sizeof(block));
	OPENSSL_cleanse(block, sizeof(block));
}

int srtp_xform_crypto_new(struct srtp_xform_crypto **out,
			  enum srtp_xform_crypto_alg alg, const uint8_t *key,
			  size_t key_len, const uint8_t *auth_key,
			  size_t auth_key_len, struct wrtc_err *err)
{
	const EVP_CIPHER *cipher = pick_cipher(alg, key_len);
	bool cm = alg == SRTP_XFORM_CRYPTO_AES_CM;
	struct srtp_xform_crypto *c;

	if (!out || !key)
		return wrtc_fail(err, -EINVAL, 0, "srtp crypto: NULL argument");
	*out = NULL;
	if (!cipher)
		return wrtc_fail(err, -EINVAL, 0,
				 "srtp crypto: algorithm %d, %zu-byte key", alg,
				 key_len);
	if (cm && (!auth_key || auth_key_len != SRTP_XFORM_SHA1_LEN))
		return wrtc_fail(err, -EINVAL, 0,
				 "srtp crypto: %zu-byte HMAC-SHA1 key",
				 auth_key_len);
	c = OPENSSL_zalloc(sizeof(*c));
	if (!c)
		return wrtc_fail(err, -ENOMEM, 0, "srtp crypto: out of memory");
	c->alg = alg;
	c->cipher = EVP_CIPHER_CTX_new();
	if (!c->cipher ||
	    EVP_EncryptInit_ex(c->cipher, cipher, NULL, key, NULL) != 1) {
		srtp_xform_crypto_free(c);
		return wrtc_fail(err, -EIO, 0, "srtp crypto: EVP init failed");
	}
	if (cm)
		hmac_prepare(c, auth_key, auth_key_len);
	*out = c;
	return 0;
}

void srtp_xform_crypto_free(struct srtp_xform_crypto *c)
{
	if (!c)
		return;
	EVP_CIPHER_CTX_free(c->cipher); /* cleanses the key schedule */
	OPENSSL_clear_free(c, sizeof(*c)); /* and the HMAC states */
}

int srtp_xform_crypto_ctr_xor(struct srtp_xform_crypto *c,
			      const uint8_t iv[SRTP_XFORM_CTR_IV_LEN],
			      uint8_t *buf, size_t len)
{
	int outl;

	/* Packets are at most 64 KiB (the core checks): len fits an int. */
	if (EVP_EncryptInit_ex(c->cipher, NULL, NULL, NULL, iv) != 1)
		return -EIO;
	if (len &&
	    (EVP_EncryptUpdate(c->cipher, buf, &outl, buf, (int)len) != 1 ||
	     (size_t)outl != len))
		return -EIO;
	return 0;
}

int srtp_xform_crypto_hmac_sha1(struct srtp_xform_crypto *c, const uint8_t *a,
				size_t a_len, const uint8_t *b, size_t b_len,
				uint8_t mac[SRTP_XFORM_SHA1_LEN])
{
	uint8_t inner[SHA_DIGEST_LENGTH];
	SHA_CTX s = c->ipad;

	SHA1_Update(&s, a, a_len);
	if (b_len)
		SHA1_Update(&s, b, b_len);
	SHA1_Final(inner, &s);
	s = c->opad;
	SHA1_Update(&s, inner, sizeof(inner));
	SHA1_Final(mac, &s);
	return 0;
}

/* One GCM pass over the prepared context; @enc: 1 seal, 0 open. */
static int gcm_run(struct srtp_xform_crypto *c, int enc, const uint8_t *iv,
		   const uint8_t *aad, size_t aad_len, const uint8_t *aad2,
		   size_t aad2_len, uint8_t *buf, size_t len, uint8_t *tag)
{
	/*
	 * The tag goes through OSSL_PARAMs directly: EVP_CIPHER_CTX_ctrl()
	 * builds the same array and costs more on small packets.
	 */
	OSSL_PARAM tag_param[2] = {
		OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
					SRTP_XFORM_GCM_TAG_LEN),
		OSSL_PARAM_END,
	};
	uint8_t fin[16];
	int outl;

	if (EVP_CipherInit_ex(c->cipher, NULL, NULL, NULL, iv, enc) != 1 ||
	    (aad_len && EVP_CipherUpdate(c->cipher, NULL, &outl, aad,
					 (int)aad_len) != 1) ||
	    (aad2_len && EVP_CipherUpdate(c->cipher, NULL, &outl, aad2,
					  (int)aad2_len) != 1) ||
	    (len &&
	     EVP_CipherUpdate(c->cipher, buf, &outl, buf, (int)len) != 1))
		return -EIO;
	if (!enc && EVP_CIPHER_CTX_set_params(c->cipher, tag_param) != 1)
		return -EIO;
	if (EVP_CipherFinal_ex(c->cipher, fin, &outl) != 1) {
		if (enc)
			return -EIO;
		/* No unauthenticated plaintext leaves here. */
		if (len)
			memset(buf, 0, len);
		return -EBADMSG;
	}
	if (enc && EVP_CIPHER_CTX_get_params(c->cipher, tag_param) != 1)
		return -EIO;
	return 0;
}

int srtp_xform_crypto_gcm_seal(struct srtp_xform_crypto *c,
			       const uint8_t iv[SRTP_XFORM_GCM_IV_LEN],
			       const uint8_t *aad, size_t aad_len,
			       const uint8_t *aad2, size_t aad2_len,
			       uint8_t *buf, size_t len, uint8_t *tag)
{
	return gcm_run(c, 1, iv, aad, aad_len, aad2, aad2_len, buf, len, tag);
}

int srtp_xform_crypto_gcm_open(struct srtp_xform_crypto *c,
			       const uint8_t iv[SRTP_XFORM_GCM_IV_LEN],
			       const uint8_t *aad, size_t aad_len,
			       const uint8_t *aad2, size_t aad2_len,
			       uint8_t *buf, size_t len, const uint8_t *tag)
{
	uint8_t t[SRTP_XFORM_GCM_TAG_LEN];

	/* EVP's SET_TAG takes a non-const pointer. */
	memcpy(t, tag, sizeof(t));
	return gcm_run(c, 0, iv, aad, aad_len, aad2, aad2_len, buf, len, t);
}
