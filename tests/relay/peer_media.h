/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The media dtls_peer sends and checks: RTP packets whose payload is a
 * function of (SSRC, sequence number) and RTCP sender reports whose fields
 * are functions of a counter, so the receiving endpoint can tell, packet by
 * packet, that what it decrypted is exactly what the other endpoint sent
 * before the gateway re-encrypted it.
 */
#ifndef WRTC_TEST_PEER_MEDIA_H
#define WRTC_TEST_PEER_MEDIA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"

/*
 * Two kinds of stream, told apart by the SSRC's low bit: odd SSRCs are
 * audio (payload type 111, 40-199 payload bytes), even ones video (type
 * 96, 800-1199 bytes), so a relay is checked on both sizes of packet.
 */
#define PEER_RTP_PT_AUDIO 111
#define PEER_RTP_PT_VIDEO 96
#define PEER_RTP_MAX (12 + 1200)
#define PEER_RTCP_SR_LEN 28

static inline bool peer_is_video(uint32_t ssrc)
{
	return !(ssrc & 1);
}

static inline uint8_t peer_pattern(uint32_t ssrc, uint16_t seq, size_t i)
{
	return (uint8_t)(ssrc * 31u + seq * 7u + i * 13u + (i >> 3));
}

/* Payload sizes vary with the sequence number within the kind's range. */
static inline size_t peer_rtp_len(uint32_t ssrc, uint16_t seq)
{
	return peer_is_video(ssrc) ? 12 + 800 + seq % 400 : 12 + 40 + seq % 160;
}

static inline uint8_t peer_rtp_pt(uint32_t ssrc)
{
	return peer_is_video(ssrc) ? PEER_RTP_PT_VIDEO : PEER_RTP_PT_AUDIO;
}

static inline size_t peer_make_rtp(uint8_t *p, uint32_t ssrc, uint16_t seq)
{
	size_t len = peer_rtp_len(ssrc, seq);

	p[0] = 0x80; /* V=2, no padding, extension or CSRC */
	p[1] = peer_rtp_pt(ssrc);
	put_be16(p + 2, seq);
	put_be32(p + 4, seq * 960u);
	put_be32(p + 8, ssrc);
	for (size_t i = 12; i < len; i++)
		p[i] = peer_pattern(ssrc, seq, i);
	return len;
}

static inline bool peer_check_rtp(const uint8_t *p, size_t len)
{
	uint16_t seq;
	uint32_t ssrc;

	if (len < 12 || p[0] != 0x80)
		return false;
	seq = get_be16(p + 2);
	ssrc = get_be32(p + 8);
	if (p[1] != peer_rtp_pt(ssrc) || len != peer_rtp_len(ssrc, seq) ||
	    get_be32(p + 4) != seq * 960u)
		return false;
	for (size_t i = 12; i < len; i++)
		if (p[i] != peer_pattern(ssrc, seq, i))
			return false;
	return true;
}

/* A sender report (RFC 3550 §6.4.1) without report blocks. */
static inline size_t peer_make_rtcp(uint8_t *p, uint32_t ssrc, uint32_t n)
{
	p[0] = 0x80;
	p[1] = 200;
	put_be16(p + 2, PEER_RTCP_SR_LEN / 4 - 1);
	put_be32(p + 4, ssrc);
	put_be32(p + 8, n); /* NTP seconds */
	put_be32(p + 12, ~n); /* NTP fraction */
	put_be32(p + 16, n * 960u);
	put_be32(p + 20, n);
	put_be32(p + 24, n * 100u);
	return PEER_RTCP_SR_LEN;
}

static inline bool peer_check_rtcp(const uint8_t *p, size_t len)
{
	uint32_t n;

	if (len != PEER_RTCP_SR_LEN || p[0] != 0x80 || p[1] != 200 ||
	    get_be16(p + 2) != PEER_RTCP_SR_LEN / 4 - 1)
		return false;
	n = get_be32(p + 8);
	return get_be32(p + 12) == ~n && get_be32(p + 16) == n * 960u &&
	       get_be32(p + 20) == n && get_be32(p + 24) == n * 100u;
}

#endif /* WRTC_TEST_PEER_MEDIA_H */
