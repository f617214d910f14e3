/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AEAD pieces of SRTP/SRTCP with AES-GCM (RFC 7714 §8, §9), on OpenSSL
 * EVP: the 12-byte IVs and one AES-GCM seal/open with a 16-byte tag. The
 * packet layout (what is AAD, where the tag and SRTCP index go) is the
 * caller's: for SRTP the AAD is the RTP header, for SRTCP it is the first 8
 * octets followed by the 4-octet E flag || SRTCP index word.
 */
#ifndef WRTC_SRTP_GCM_H
#define WRTC_SRTP_GCM_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define SRTP_GCM_IV_LEN 12
#define SRTP_GCM_SALT_LEN 12
#define SRTP_GCM_TAG_LEN 16

/* RFC 7714 §8.1: IV = salt XOR (00 00 || SSRC || ROC || SEQ). */
void srtp_gcm_rtp_iv(const uint8_t salt[SRTP_GCM_SALT_LEN], uint32_t ssrc,
		     uint32_t roc, uint16_t seq, uint8_t iv[SRTP_GCM_IV_LEN]);

/*
 * RFC 7714 §9.1: IV = salt XOR (00 00 || SSRC || 00 00 || 0 || 31-bit
 * SRTCP index); the top bit of @index is ignored.
 */
void srtp_gcm_rtcp_iv(const uint8_t salt[SRTP_GCM_SALT_LEN], uint32_t ssrc,
		      uint32_t index, uint8_t iv[SRTP_GCM_IV_LEN]);

/*
 * AES-GCM encrypt @len bytes of @in to @out (may be the same) under a 16- or
 * 32-byte key, authenticating @aad too; writes the 16-byte @tag. Returns 0,
 * -EINVAL, -EIO.
 */
int srtp_gcm_seal(const uint8_t *key, size_t key_len,
		  const uint8_t iv[SRTP_GCM_IV_LEN], const uint8_t *aad,
		  size_t aad_len, const uint8_t *in, uint8_t *out, size_t len,
		  uint8_t tag[SRTP_GCM_TAG_LEN], struct wrtc_err *err);

/*
 * Verify @tag and decrypt. Returns 0, -EBADMSG (authentication failed; @out
 * is then zeroed), -EINVAL, -EIO.
 */
int srtp_gcm_open(const uint8_t *key, size_t key_len,
		  const uint8_t iv[SRTP_GCM_IV_LEN], const uint8_t *aad,
		  size_t aad_len, const uint8_t *in, uint8_t *out, size_t len,
		  const uint8_t tag[SRTP_GCM_TAG_LEN], struct wrtc_err *err);

#endif /* WRTC_SRTP_GCM_H */
