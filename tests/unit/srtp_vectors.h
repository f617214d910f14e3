/* SPDX-License-Identifier: GPL-2.0 */
/* Test helper: keys and packets shared by the SRTP tests. */
#ifndef WRTC_TEST_SRTP_VECTORS_H
#define WRTC_TEST_SRTP_VECTORS_H

#include <string.h>

#include "srtp_profile.h"
#include "unhex.h"

static const uint16_t all_ids[] = { 0x0001, 0x0002, 0x0007, 0x0008 };

static struct srtp_master_key master(const struct srtp_profile *p,
				     const char *key, const char *salt)
{
	struct srtp_master_key m = { .key_len = p->key_len,
				     .salt_len = p->salt_len };

	if (unhex(key, m.key, sizeof(m.key)) != p->key_len ||
	    unhex(salt, m.salt, sizeof(m.salt)) != p->salt_len)
		m.key_len = 0; /* makes srtp_ref_create fail loudly */
	return m;
}

/* A master key of the right size for @p: bytes 0x40, 0x41, ... */
static struct srtp_master_key pattern_master(const struct srtp_profile *p)
{
	struct srtp_master_key m = { .key_len = p->key_len,
				     .salt_len = p->salt_len };
	size_t i;

	for (i = 0; i < sizeof(m.key); i++)
		m.key[i] = (uint8_t)(0x40 + i);
	for (i = 0; i < sizeof(m.salt); i++)
		m.salt[i] = (uint8_t)(0x90 + i);
	return m;
}

static const char rtp_hdr_hex[] = "800f1234 decafbad cafebabe";
static const char rtcp_hdr_hex[] = "81c8000b cafebabe";

/* 12-byte RTP header (seq 0x1234 unless changed) + @n bytes of 0xab. */
static size_t vector_rtp(uint8_t *buf, size_t n, uint16_t seq)
{
	unhex(rtp_hdr_hex, buf, 12);
	buf[2] = seq >> 8;
	buf[3] = seq & 0xff;
	memset(buf + 12, 0xab, n);
	return 12 + n;
}

/* An SR with no report blocks: header, SSRC and 16 bytes of 0xab. */
static size_t vector_rtcp(uint8_t *buf)
{
	unhex(rtcp_hdr_hex, buf, 8);
	memset(buf + 8, 0xab, 16);
	return 24;
}

#endif /* WRTC_TEST_SRTP_VECTORS_H */
