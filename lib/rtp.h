/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RTP and RTCP wire formats (RFC 3550), RTP header extensions (RFC 8285),
 * and the RTP/RTCP split on a multiplexed port (RFC 5761 §4).
 *
 * The parsers never copy: they report offsets into the caller's buffer, and
 * every offset + length they report lies within the buffer they were given.
 */
#ifndef WRTC_RTP_H
#define WRTC_RTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define RTP_VERSION 2
#define RTP_HEADER_LEN 12 /* fixed header, without CSRCs */
#define RTP_MAX_CSRC 15

/* RFC 8285 §4.2: the "defined by profile" value of one-byte extensions. */
#define RTP_EXT_PROFILE_ONE_BYTE 0xBEDE
/* RFC 8285 §4.3: 0x100 in the top 12 bits; the low 4 bits are appbits. */
#define RTP_EXT_PROFILE_TWO_BYTE 0x1000
#define RTP_EXT_PROFILE_TWO_BYTE_MASK 0xFFF0
/* RFC 8285 §4.2: one-byte ID 15 ends the extension block. */
#define RTP_EXT_ONE_BYTE_ID_STOP 15

struct rtp_hdr {
	bool padding;
	bool extension;
	bool marker;
	uint8_t csrc_count;
	uint8_t pt; /* 7 bits */
	uint16_t seq;
	uint32_t ts;
	uint32_t ssrc;
	uint32_t csrc[RTP_MAX_CSRC];
};

/* A parsed RTP packet: the header fields and where each part lies. */
struct rtp_packet {
	struct rtp_hdr hdr;
	uint16_t ext_profile; /* when hdr.extension */
	size_t ext_offset; /* extension data, after its 4-byte header */
	size_t ext_len; /* bytes: 4 * the extension length field */
	size_t header_len; /* fixed header + CSRCs + extension */
	size_t payload_offset;
	size_t payload_len; /* without padding */
	size_t padding_len; /* including the count octet; 0 without P */
};

/*
 * Parse an RTP packet of @len bytes. Checks version 2, that CSRCs and the
 * extension fit, and that a padding count is at least 1 and no larger than
 * what follows the header. Returns 0, or -EINVAL (NULL argument) or -EBADMSG.
 */
int rtp_parse(const uint8_t *buf, size_t len, struct rtp_packet *pkt,
	      struct wrtc_err *err);

/* Header extension elements (RFC 8285). */
enum rtp_ext_form {
	RTP_EXT_ONE_BYTE = 1,
	RTP_EXT_TWO_BYTE = 2,
};

struct rtp_ext_iter {
	const uint8_t *buf; /* the whole packet */
	size_t pos; /* next byte to read */
	size_t end; /* end of the extension data */
	enum rtp_ext_form form;
};

struct rtp_ext_elem {
	uint8_t id;
	size_t len; /* data bytes: 1..16 one-byte, 0..255 two-byte */
	size_t offset; /* of the data, in the packet */
	const uint8_t *data; /* buf + offset */
};

/*
 * Start iterating the extension elements of @pkt, parsed from @buf. Returns
 * 0, -ENOENT when the packet has no extension, -EOPNOTSUPP when its profile
 * is neither RFC 8285 form (the block is then opaque).
 */
int rtp_ext_iter_init(struct rtp_ext_iter *it, const uint8_t *buf,
		      const struct rtp_packet *pkt, struct wrtc_err *err);

/*
 * Next element: returns 1 and fills @el, 0 at the end (padding bytes are
 * skipped; a one-byte ID 15 ends the block), or -EBADMSG when an element
 * runs past the block. After 0 or an error it keeps returning 0.
 */
int rtp_ext_next(struct rtp_ext_iter *it, struct rtp_ext_elem *el,
		 struct wrtc_err *err);

/*
 * Write one extension element in @form at @buf. Returns the bytes written,
 * -EINVAL for an ID or length the form cannot carry, -ENOSPC.
 */
int rtp_ext_write_elem(enum rtp_ext_form form, uint8_t id, const uint8_t *data,
		       size_t len, uint8_t *buf, size_t cap,
		       struct wrtc_err *err);

/* What rtp_write() puts on the wire. */
struct rtp_out {
	struct rtp_hdr hdr; /* padding and extension bits come from below */
	bool extension; /* write an extension block */
	uint16_t ext_profile;
	const uint8_t *ext; /* extension data, a multiple of 4 bytes */
	size_t ext_len;
	const uint8_t *payload;
	size_t payload_len;
	uint8_t padding_len; /* 0: none; else count octet included */
};

/*
 * Write a whole RTP packet (for tests and the traffic generator). Padding
 * bytes are zero except the final count. Returns the packet length, or
 * -EINVAL (bad field), -ENOSPC (@cap too small).
 */
int rtp_write(const struct rtp_out *out, uint8_t *buf, size_t cap,
	      struct wrtc_err *err);

/* RTCP (RFC 3550 §6.4–6.6, RFC 4585 §6.1, RFC 3611). */
#define RTCP_HEADER_LEN 4
#define RTCP_SR 200
#define RTCP_RR 201
#define RTCP_SDES 202
#define RTCP_BYE 203
#define RTCP_APP 204
#define RTCP_RTPFB 205
#define RTCP_PSFB 206
#define RTCP_XR 207
#define RTCP_SR_SENDER_INFO_LEN 20
#define RTCP_REPORT_BLOCK_LEN 24

struct rtcp_pkt {
	bool padding;
	uint8_t count; /* RC / SC / FMT: 5 bits */
	uint8_t pt;
	uint16_t length; /* the length field: 32-bit words - 1 */
	size_t offset; /* of the common header, in the compound */
	size_t size; /* bytes, header and padding included */
	size_t body_offset; /* after the 4-byte common header */
	size_t body_len; /* without padding */
	size_t padding_len;
	bool has_ssrc; /* the body starts with an SSRC */
	uint32_t ssrc; /* sender SSRC for SR/RR/APP/RTPFB/PSFB/XR */
};

struct rtcp_iter {
	const uint8_t *buf;
	size_t len;
	size_t pos;
};

void rtcp_iter_init(struct rtcp_iter *it, const uint8_t *buf, size_t len);

/*
 * Next packet of a compound: returns 1 and fills @p, 0 at the end, or
 * -EBADMSG (bad version, length past the buffer, a trailing partial header,
 * padding on a packet other than the last, an SR/RR too short for its
 * report count). After 0 or an error it keeps returning 0.
 */
int rtcp_next(struct rtcp_iter *it, struct rtcp_pkt *p, struct wrtc_err *err);

/*
 * Walk a whole compound packet. Returns the number of packets (at least 1)
 * or -EBADMSG (an empty buffer is not a compound packet).
 */
int rtcp_compound_check(const uint8_t *buf, size_t len, struct wrtc_err *err);

/*
 * rtcp-mux (RFC 5761 §4): a version-2 packet whose second byte is 192–223 is
 * RTCP; otherwise RTP. Those values are RTP payload types 64–95 with the
 * marker bit set, which is why RTP must not use PTs 64–95 with rtcp-mux.
 */
enum rtp_mux_kind {
	RTP_MUX_RTP = 1,
	RTP_MUX_RTCP = 2,
};

static inline bool rtcp_mux_is_rtcp_pt(uint8_t second_byte)
{
	return second_byte >= 192 && second_byte <= 223;
}

/* Returns RTP_MUX_RTP or RTP_MUX_RTCP, or -EBADMSG (short, not version 2). */
int rtp_mux_classify(const uint8_t *buf, size_t len);

#endif /* WRTC_RTP_H */
