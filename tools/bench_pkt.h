/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's RTP packets, as bench_gen writes them and bench_sink
 * reads them back.
 *
 * Stream i (one per call) has SSRC BENCH_SSRC_BASE + i. A run sends packet
 * j of the run to stream j % streams, as that stream's k = j / streams'th
 * packet of the run. Each packet carries, twice:
 *
 *   offset_ns  its scheduled send time, from the run's start (0 at maximum
 *              rate, where there is no schedule)
 *   run        the run's number, so that stragglers of an earlier run are
 *              not counted in the next one
 *   k          its index in the stream for this run
 *
 * once in a one-byte-header RTP extension element (RFC 8285, id 1, 16
 * bytes), which SRTP leaves in the clear (authenticated, not encrypted),
 * so the sink counts, orders and times every packet without decrypting
 * it; and once at the start of the payload, after a magic, followed by a
 * pattern that depends on SSRC, sequence number and position. The sink
 * decrypts a sample and checks that both copies and the pattern came
 * through: proof that the keys the endpoints got are the ones the relay
 * used.
 */
#ifndef WRTC_BENCH_PKT_H
#define WRTC_BENCH_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"

#define BENCH_SSRC_BASE 0x5eed0000u
#define BENCH_PT 96
#define BENCH_EXT_ID 1
#define BENCH_EXT_DATA 16 /* offset_ns, run, k */
/* 12 fixed + 4 extension header + 20 (1 + 16 bytes, padded) */
#define BENCH_HDR_LEN 36
#define BENCH_MAGIC "wrtcbnch"
#define BENCH_PAYLOAD_MIN 24 /* magic, offset_ns, run, k */
#define BENCH_PAYLOAD_MAX 1400
#define BENCH_PKT_MAX (BENCH_HDR_LEN + BENCH_PAYLOAD_MAX + 16)

struct bench_stamp {
	uint64_t offset_ns;
	uint32_t run;
	uint32_t k;
};

static inline uint8_t bench_pattern(uint32_t ssrc, uint16_t seq, size_t i)
{
	return (uint8_t)(ssrc * 29u + seq * 11u + i * 7u + (i >> 5));
}

static inline void bench_put_stamp(uint8_t *p, const struct bench_stamp *s)
{
	put_be64(p, s->offset_ns);
	put_be32(p + 8, s->run);
	put_be32(p + 12, s->k);
}

static inline void bench_get_stamp(const uint8_t *p, struct bench_stamp *s)
{
	s->offset_ns = get_be64(p);
	s->run = get_be32(p + 8);
	s->k = get_be32(p + 12);
}

/*
 * Write the RTP packet (not yet protected) into @p, which has room for
 * BENCH_HDR_LEN + @payload bytes. Returns its length.
 */
static inline size_t bench_make_rtp(uint8_t *p, uint32_t ssrc, uint16_t seq,
				    const struct bench_stamp *s, size_t payload)
{
	uint8_t *pl = p + BENCH_HDR_LEN;

	p[0] = 0x90; /* V=2, X=1 */
	p[1] = BENCH_PT;
	put_be16(p + 2, seq);
	put_be32(p + 4, (uint32_t)seq * 960u);
	put_be32(p + 8, ssrc);
	put_be16(p + 12, 0xBEDE);
	put_be16(p + 14, 5); /* words of extension data */
	p[16] = BENCH_EXT_ID << 4 | (BENCH_EXT_DATA - 1);
	bench_put_stamp(p + 17, s);
	memset(p + 17 + BENCH_EXT_DATA, 0, 3); /* padding */
	memcpy(pl, BENCH_MAGIC, 8);
	bench_put_stamp(pl + 8, s);
	for (size_t i = BENCH_PAYLOAD_MIN; i < payload; i++)
		pl[i] = bench_pattern(ssrc, seq, i);
	return BENCH_HDR_LEN + payload;
}

/*
 * The clear part of a received SRTP packet: its SSRC, sequence number and
 * stamp. False when it is not one of ours (no room, not our extension).
 */
static inline bool bench_read_header(const uint8_t *p, size_t len,
				     uint32_t *ssrc, uint16_t *seq,
				     struct bench_stamp *s)
{
	if (len < BENCH_HDR_LEN + BENCH_PAYLOAD_MIN || p[0] != 0x90 ||
	    (p[1] & 0x7f) != BENCH_PT || get_be16(p + 12) != 0xBEDE ||
	    get_be16(p + 14) != 5 ||
	    p[16] != (BENCH_EXT_ID << 4 | (BENCH_EXT_DATA - 1)))
		return false;
	*seq = get_be16(p + 2);
	*ssrc = get_be32(p + 8);
	bench_get_stamp(p + 17, s);
	return true;
}

/*
 * Check a decrypted packet of @len bytes: the header as bench_make_rtp()
 * wrote it, the payload's stamp equal to the extension's, the pattern.
 */
static inline bool bench_check_rtp(const uint8_t *p, size_t len)
{
	struct bench_stamp h, b;
	uint32_t ssrc;
	uint16_t seq;
	const uint8_t *pl = p + BENCH_HDR_LEN;

	if (!bench_read_header(p, len, &ssrc, &seq, &h) ||
	    get_be32(p + 4) != (uint32_t)seq * 960u ||
	    memcmp(pl, BENCH_MAGIC, 8))
		return false;
	bench_get_stamp(pl + 8, &b);
	if (b.offset_ns != h.offset_ns || b.run != h.run || b.k != h.k)
		return false;
	for (size_t i = BENCH_PAYLOAD_MIN; i < len - BENCH_HDR_LEN; i++)
		if (pl[i] != bench_pattern(ssrc, seq, i))
			return false;
	return true;
}

#endif /* WRTC_BENCH_PKT_H */
