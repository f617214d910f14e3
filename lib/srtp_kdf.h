/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SRTP key derivation (RFC 3711 §4.3 with the AES-CM PRF of §4.3.3; the
 * AES-256 PRF of RFC 6188 §2 for 256-bit master keys; 96-bit GCM master
 * salts per RFC 7714 §11 and its erratum 4938) and the AES counter-mode
 * keystream of RFC 3711 §4.1.1, on OpenSSL EVP.
 *
 * The key derivation rate is 0 (RFC 5764 §4.1.2 fixes it so for DTLS-SRTP):
 * each session key is derived once per master key, with r = index DIV kdr
 * taken as 0.
 */
#ifndef WRTC_SRTP_KDF_H
#define WRTC_SRTP_KDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "srtp_profile.h"

/* RFC 3711 §4.3.2 labels. */
enum srtp_kdf_label {
	SRTP_KDF_RTP_ENC = 0x00,
	SRTP_KDF_RTP_AUTH = 0x01,
	SRTP_KDF_RTP_SALT = 0x02,
	SRTP_KDF_RTCP_ENC = 0x03,
	SRTP_KDF_RTCP_AUTH = 0x04,
	SRTP_KDF_RTCP_SALT = 0x05,
};

#define SRTP_AES_BLOCK 16

/*
 * PRF output for @label: AES-CM under the master key (16 or 32 bytes) with
 * IV = ((master salt XOR (label << 48)) * 2^16), the salt being 14 bytes or
 * 12 bytes taken as 12 || 00 00. Writes @out_len bytes. Returns 0, -EINVAL,
 * -EIO (OpenSSL failed).
 */
int srtp_kdf(const uint8_t *key, size_t key_len, const uint8_t *salt,
	     size_t salt_len, uint8_t label, uint8_t *out, size_t out_len,
	     struct wrtc_err *err);

/* One stream's (SRTP's or SRTCP's) session keys. */
struct srtp_session_keys {
	uint8_t enc_key[SRTP_KEY_LEN_MAX];
	uint8_t salt[SRTP_SALT_LEN_MAX];
	uint8_t auth_key[SRTP_AUTH_KEY_LEN_MAX];
	uint8_t enc_key_len; /* = profile key_len */
	uint8_t salt_len; /* = profile salt_len: 14 CM, 12 GCM */
	uint8_t auth_key_len; /* 20 for HMAC-SHA1, 0 for AEAD */
};

/*
 * Derive the session keys of @p for SRTP (@rtcp false: labels 0, 1, 2) or
 * SRTCP (labels 3, 4, 5) from master key @m. On failure @out is wiped.
 */
int srtp_kdf_session_keys(const struct srtp_profile *p,
			  const struct srtp_master_key *m, bool rtcp,
			  struct srtp_session_keys *out, struct wrtc_err *err);

static inline void srtp_session_keys_wipe(struct srtp_session_keys *k)
{
	srtp_wipe(k, sizeof(*k));
}

/*
 * RFC 3711 §4.1.1 counter-mode IV: (salt * 2^16) XOR (SSRC * 2^64) XOR
 * (index * 2^16), with the 14-byte session salt; @index is the 48-bit SRTP
 * packet index (ROC * 65536 + SEQ) or the 31-bit SRTCP index.
 */
void srtp_aes_cm_iv(const uint8_t salt[14], uint32_t ssrc, uint64_t index,
		    uint8_t iv[SRTP_AES_BLOCK]);

/*
 * AES-CM (AES-CTR, 128-bit counter starting at @iv) under a 16- or 32-byte
 * key: out = in XOR keystream. With @in NULL, writes the keystream itself.
 * @in and @out may be the same buffer. Returns 0, -EINVAL, -EIO.
 */
int srtp_aes_cm_xor(const uint8_t *key, size_t key_len,
		    const uint8_t iv[SRTP_AES_BLOCK], const uint8_t *in,
		    uint8_t *out, size_t len, struct wrtc_err *err);

#endif /* WRTC_SRTP_KDF_H */
