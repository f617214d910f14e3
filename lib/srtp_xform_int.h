/* SPDX-License-Identifier: GPL-2.0 */
/* Internals shared by the srtp_xform*.c files (and their tests). */
#ifndef WRTC_SRTP_XFORM_INT_H
#define WRTC_SRTP_XFORM_INT_H

#include "srtp_crypto.h"
#include "srtp_xform.h"

#define SRTP_XFORM_RTP_HDR 12
#define SRTP_XFORM_RTCP_HDR 8
#define SRTP_XFORM_E_BIT 0x80000000u

/*
 * RFC 3711 §4.1.1 counter-mode IV: (salt * 2^16) XOR (SSRC * 2^64) XOR
 * (index * 2^16), @index the 48-bit SRTP index or the 31-bit SRTCP index.
 * The same as srtp_aes_cm_iv() in srtp_kdf.c, which the kernel cannot
 * link (it is an OpenSSL file); the tests check that both agree.
 */
static inline void srtp_xform_cm_iv(const uint8_t salt[14], uint32_t ssrc,
				    uint64_t index, uint8_t iv[16])
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

/*
 * RFC 7714 §8.1 / §9.1 IV: salt XOR (00 00 || SSRC || 48 bits), the 48
 * bits being ROC || SEQ for SRTP and 00 00 || 0 || 31-bit index for SRTCP:
 * in both cases the packet index. srtp_gcm_rtp_iv() / _rtcp_iv() (in
 * srtp_gcm.c) compute the same.
 */
static inline void srtp_xform_gcm_iv(const uint8_t salt[12], uint32_t ssrc,
				     uint64_t index, uint8_t iv[12])
{
	int i;

	memcpy(iv, salt, 12);
	for (i = 0; i < 4; i++)
		iv[2 + i] ^= (uint8_t)(ssrc >> (24 - 8 * i));
	for (i = 0; i < 6; i++)
		iv[6 + i] ^= (uint8_t)(index >> (40 - 8 * i));
}

/* srtp_xform_stream.c: the SSRC table. */
struct srtp_xform_stream *srtp_xform_stream_find(struct srtp_xform *x,
						 uint32_t ssrc);
/* A fresh slot for @ssrc (not in the table); NULL when full. */
struct srtp_xform_stream *srtp_xform_stream_add(struct srtp_xform *x,
						uint32_t ssrc);

static inline bool srtp_xform_table_full(const struct srtp_xform *x)
{
	return x->n_streams >= SRTP_XFORM_MAX_STREAMS;
}

#endif /* WRTC_SRTP_XFORM_INT_H */
