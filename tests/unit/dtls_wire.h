/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading DTLS 1.2 handshake flights off the wire, for tests: records
 * (RFC 6347 §4.1), handshake fragments reassembled by message_seq
 * (§4.2.2), and the hello extensions (RFC 5246 §7.4.1).
 */
#ifndef WRTC_TEST_DTLS_WIRE_H
#define WRTC_TEST_DTLS_WIRE_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define WIRE_MSG_MAX 8192
#define WIRE_SEQ_MAX 16

struct wire_msg {
	bool seen;
	uint8_t type;
	uint32_t len;
	uint8_t body[WIRE_MSG_MAX];
	uint8_t have[WIRE_MSG_MAX]; /* which body bytes arrived */
};

static uint32_t wire_be24(const uint8_t *p)
{
	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

static uint16_t wire_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Add the handshake fragments of one datagram's epoch-0 handshake records
 * to @msgs (indexed by message_seq). Other records are skipped. Returns
 * the number of fragments taken, or -1 when malformed.
 */
static int wire_collect(const uint8_t *d, size_t len, struct wire_msg *msgs)
{
	size_t off = 0, roff, rlen;
	uint32_t mlen, foff, flen;
	uint16_t seq;
	struct wire_msg *m;
	int n = 0;

	while (off < len) {
		if (len - off < 13)
			return -1;
		rlen = wire_be16(d + off + 11);
		if (len - off - 13 < rlen)
			return -1;
		roff = off + 13;
		off = roff + rlen;
		/* content type 22, epoch 0: a plaintext handshake record */
		if (d[roff - 13] != 22 || wire_be16(d + roff - 10) != 0)
			continue;
		while (roff < off) {
			if (off - roff < 12)
				return -1;
			mlen = wire_be24(d + roff + 1);
			seq = wire_be16(d + roff + 4);
			foff = wire_be24(d + roff + 6);
			flen = wire_be24(d + roff + 9);
			if (off - roff - 12 < flen || seq >= WIRE_SEQ_MAX ||
			    mlen > WIRE_MSG_MAX || foff > mlen ||
			    flen > mlen - foff)
				return -1;
			m = &msgs[seq];
			if (m->seen && (m->type != d[roff] || m->len != mlen))
				return -1;
			m->seen = true;
			m->type = d[roff];
			m->len = mlen;
			memcpy(m->body + foff, d + roff + 12, flen);
			memset(m->have + foff, 1, flen);
			roff += 12 + flen;
			n++;
		}
	}
	return n;
}

static bool wire_complete(const struct wire_msg *m)
{
	uint32_t i;

	if (!m->seen)
		return false;
	for (i = 0; i < m->len; i++)
		if (!m->have[i])
			return false;
	return true;
}

/*
 * Find extension @type in a ClientHello (type 1) or ServerHello (type 2)
 * body. Returns true and sets @ext/@elen, false when absent or malformed.
 */
static bool wire_hello_ext(const struct wire_msg *m, uint16_t type,
			   const uint8_t **ext, size_t *elen)
{
	const uint8_t *b = m->body;
	size_t len = m->len, off = 2 + 32, n, end;

	if (off + 1 > len)
		return false;
	off += 1 + b[off]; /* session_id */
	if (m->type == 1) {
		if (off + 1 > len)
			return false;
		off += 1 + b[off]; /* cookie */
		if (off + 2 > len)
			return false;
		off += 2 + wire_be16(b + off); /* cipher_suites */
		if (off + 1 > len)
			return false;
		off += 1 + b[off]; /* compression_methods */
	} else {
		off += 2 + 1; /* cipher_suite, compression_method */
	}
	if (off + 2 > len)
		return false;
	end = off + 2 + wire_be16(b + off);
	if (end > len)
		return false;
	for (off += 2; off + 4 <= end; off += 4 + n) {
		n = wire_be16(b + off + 2);
		if (off + 4 + n > end)
			return false;
		if (wire_be16(b + off) == type) {
			*ext = b + off + 4;
			*elen = n;
			return true;
		}
	}
	return false;
}

/* The cipher suite a ServerHello chose. */
static uint16_t wire_server_suite(const struct wire_msg *m)
{
	size_t off = 2 + 32;

	if (m->len < off + 1 || m->len < off + 1 + m->body[off] + 2)
		return 0;
	off += 1 + m->body[off];
	return wire_be16(m->body + off);
}

/* Whether a ClientHello offers cipher suite @suite. */
static bool wire_client_offers_suite(const struct wire_msg *m, uint16_t suite)
{
	const uint8_t *b = m->body;
	size_t off = 2 + 32, n, i;

	if (m->len < off + 1)
		return false;
	off += 1 + b[off];
	if (m->len < off + 1)
		return false;
	off += 1 + b[off];
	if (m->len < off + 2)
		return false;
	n = wire_be16(b + off);
	off += 2;
	if (m->len < off + n)
		return false;
	for (i = 0; i + 1 < n; i += 2)
		if (wire_be16(b + off + i) == suite)
			return true;
	return false;
}

#endif /* WRTC_TEST_DTLS_WIRE_H */
