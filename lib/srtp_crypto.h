/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cipher and MAC under the SRTP transform core, as a compile-time
 * binding: the core (srtp_xform*.c) calls these functions, and exactly one
 * file that implements them is linked with it:
 *   lib/srtp_crypto_ossl.c   userspace, OpenSSL EVP (AES-CTR, AES-GCM) and
 *                            HMAC-SHA1 from precomputed ipad/opad states;
 *   the kernel module's      skcipher ctr(aes), shash hmac(sha1), aead
 *   binding                  gcm(aes), under the same names.
 * A link-time binding rather than a table of function pointers: there is
 * one binding per build, and the kernel data path avoids an indirect call
 * (and its retpoline) per primitive per packet.
 *
 * One struct srtp_xform_crypto holds the session keys of one packet kind
 * (SRTP or SRTCP) of one direction, prepared once (key schedule, HMAC
 * inner/outer state) so that the per-packet calls do no key setup and no
 * allocation.
 * Setup may sleep and allocate; the packet calls may not. An object is used
 * by one thread (or CPU) at a time: the userspace binding keeps per-packet
 * cipher state in it.
 */
#ifndef WRTC_SRTP_CRYPTO_H
#define WRTC_SRTP_CRYPTO_H

#include "srtp_compat.h"

#define SRTP_XFORM_CTR_IV_LEN 16
#define SRTP_XFORM_GCM_IV_LEN 12
#define SRTP_XFORM_GCM_TAG_LEN 16
#define SRTP_XFORM_SHA1_LEN 20

enum srtp_xform_crypto_alg {
	SRTP_XFORM_CRYPTO_AES_CM = 1, /* RFC 3711: AES-CTR + HMAC-SHA1 */
	SRTP_XFORM_CRYPTO_AES_GCM, /* RFC 7714: AEAD, 16-byte tag */
};

struct srtp_xform_crypto;

/*
 * Prepare @alg under the cipher key @key (16 or 32 bytes) and, for AES-CM,
 * the 20-byte HMAC key @auth_key (NULL and 0 for GCM). The binding keeps
 * its own copies; the caller may wipe its buffers on return. Returns 0 and
 * sets *@out, or -EINVAL, -ENOMEM, -EIO (the library refused).
 */
int srtp_xform_crypto_new(struct srtp_xform_crypto **out,
			  enum srtp_xform_crypto_alg alg, const uint8_t *key,
			  size_t key_len, const uint8_t *auth_key,
			  size_t auth_key_len, struct wrtc_err *err);

/* Wipe the keys and all state derived from them, and free. NULL is fine. */
void srtp_xform_crypto_free(struct srtp_xform_crypto *c);

/*
 * AES-CM: XOR @len bytes at @buf, in place, with the AES-CTR keystream
 * whose first counter block is @iv (128-bit big-endian counter). Returns 0
 * or -EIO.
 */
int srtp_xform_crypto_ctr_xor(struct srtp_xform_crypto *c,
			      const uint8_t iv[SRTP_XFORM_CTR_IV_LEN],
			      uint8_t *buf, size_t len);

/*
 * HMAC-SHA1 under the auth key over @a (@a_len bytes) followed by @b
 * (@b_len bytes, may be 0): the SRTP authenticated portion is the packet
 * and then the ROC, which do not lie next to each other. Writes all 20
 * bytes to @mac. Returns 0 or -EIO.
 */
int srtp_xform_crypto_hmac_sha1(struct srtp_xform_crypto *c, const uint8_t *a,
				size_t a_len, const uint8_t *b, size_t b_len,
				uint8_t mac[SRTP_XFORM_SHA1_LEN]);

/*
 * AES-GCM seal in place: authenticate @aad then @aad2 (the associated data
 * in two pieces: SRTCP's is the first 8 octets and the E||index word that
 * follows the tag; @aad2 may be NULL with @aad2_len 0), encrypt @len bytes
 * at @buf, and write the 16-byte tag at @tag. In the core's use @tag is
 * always @buf + @len, so a binding may treat ciphertext || tag as one run.
 * Returns 0 or -EIO.
 */
int srtp_xform_crypto_gcm_seal(struct srtp_xform_crypto *c,
			       const uint8_t iv[SRTP_XFORM_GCM_IV_LEN],
			       const uint8_t *aad, size_t aad_len,
			       const uint8_t *aad2, size_t aad2_len,
			       uint8_t *buf, size_t len, uint8_t *tag);

/*
 * AES-GCM open in place, the inverse: @tag (= @buf + @len) is checked.
 * Returns 0, -EBADMSG (the tag does not verify: @buf then holds no
 * plaintext, it is zeroed), or -EIO.
 */
int srtp_xform_crypto_gcm_open(struct srtp_xform_crypto *c,
			       const uint8_t iv[SRTP_XFORM_GCM_IV_LEN],
			       const uint8_t *aad, size_t aad_len,
			       const uint8_t *aad2, size_t aad2_len,
			       uint8_t *buf, size_t len, const uint8_t *tag);

#endif /* WRTC_SRTP_CRYPTO_H */
