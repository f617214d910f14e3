// SPDX-License-Identifier: GPL-2.0
/*
 * RTCP compound packet iteration (RFC 3550 §6.1, §6.4, validity checks of
 * Appendix A.2) and the rtcp-mux RTP/RTCP split (RFC 5761 §4).
 *
 * The first-packet-is-SR-or-RR rule of A.2 is not enforced: reduced-size
 * RTCP (RFC 5506), which WebRTC endpoints may send, breaks it.
 */
#include <errno.h>
#include <string.h>

#include "rtp.h"

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void rtcp_iter_init(struct rtcp_iter *it, const uint8_t *buf, size_t len)
{
	it->buf = buf;
	it->len = buf ? len : 0;
	it->pos = 0;
}

/* Whether the body of a packet of type @pt starts with an SSRC. */
static bool rtcp_body_has_ssrc(uint8_t pt, uint8_t count)
{
	switch (pt) {
	case RTCP_SR:
	case RTCP_RR:
	case RTCP_APP:
	case RTCP_RTPFB:
	case RTCP_PSFB:
	case RTCP_XR:
		return true;
	case RTCP_SDES: /* first chunk's SSRC/CSRC */
	case RTCP_BYE: /* first SSRC leaving */
		return count > 0;
	default:
		return false;
	}
}

/* Fail and stop: later calls of rtcp_next() return 0. */
#define RTCP_FAIL(it, at, err, ...) \
	((it)->pos = (it)->len, wrtc_fail(err, -EBADMSG, at, __VA_ARGS__))

int rtcp_next(struct rtcp_iter *it, struct rtcp_pkt *p, struct wrtc_err *err)
{
	const uint8_t *h;
	size_t left, size, min;

	if (!it || !p)
		return wrtc_fail(err, -EINVAL, 0, "rtcp: NULL argument");
	if (!it->buf || it->pos >= it->len)
		return 0;
	memset(p, 0, sizeof(*p));
	left = it->len - it->pos;
	h = it->buf + it->pos;
	if (left < RTCP_HEADER_LEN)
		return RTCP_FAIL(it, it->pos, err,
				 "rtcp: %zu trailing bytes, not a header",
				 left);
	if (h[0] >> 6 != RTP_VERSION)
		return RTCP_FAIL(it, it->pos, err, "rtcp: version %u, not 2",
				 h[0] >> 6);
	p->padding = h[0] & 0x20;
	p->count = h[0] & 0x1f;
	p->pt = h[1];
	p->length = (uint16_t)(h[2] << 8 | h[3]);
	size = 4 * ((size_t)p->length + 1);
	if (size > left)
		return RTCP_FAIL(it, it->pos + 2, err,
				 "rtcp: packet of %zu bytes, %zu left", size,
				 left);
	p->offset = it->pos;
	p->size = size;
	p->body_offset = it->pos + RTCP_HEADER_LEN;

	if (p->padding) {
		/* RFC 3550 A.2: only the last packet of a compound may pad. */
		size_t pad = h[size - 1];

		if (size != left)
			return RTCP_FAIL(
				it, it->pos, err,
				"rtcp: padding before the last packet");
		if (pad == 0 || pad > size - RTCP_HEADER_LEN)
			return RTCP_FAIL(it, it->pos + size - 1, err,
					 "rtcp: padding %zu, body %zu", pad,
					 size - RTCP_HEADER_LEN);
		p->padding_len = pad;
	}
	p->body_len = size - RTCP_HEADER_LEN - p->padding_len;

	min = 0;
	if (p->pt == RTCP_SR)
		min = 4 + RTCP_SR_SENDER_INFO_LEN +
		      RTCP_REPORT_BLOCK_LEN * (size_t)p->count;
	else if (p->pt == RTCP_RR)
		min = 4 + RTCP_REPORT_BLOCK_LEN * (size_t)p->count;
	if (p->body_len < min)
		return RTCP_FAIL(
			it, it->pos + 2, err,
			"rtcp: PT %u with %u reports needs %zu bytes, has %zu",
			p->pt, p->count, min, p->body_len);

	if (rtcp_body_has_ssrc(p->pt, p->count) && p->body_len >= 4) {
		p->has_ssrc = true;
		p->ssrc = get32(it->buf + p->body_offset);
	}
	it->pos += size;
	return 1;
}

int rtcp_compound_check(const uint8_t *buf, size_t len, struct wrtc_err *err)
{
	struct rtcp_iter it;
	struct rtcp_pkt p;
	int n = 0, r;

	if (!buf || len == 0)
		return wrtc_fail(err, -EBADMSG, 0, "rtcp: empty compound");
	rtcp_iter_init(&it, buf, len);
	while ((r = rtcp_next(&it, &p, err)) > 0)
		if (++n == 0x7fffffff)
			return wrtc_fail(err, -E2BIG, it.pos,
					 "rtcp: too many packets");
	return r < 0 ? r : n;
}

int rtp_mux_classify(const uint8_t *buf, size_t len)
{
	if (!buf || len < 2 || buf[0] >> 6 != RTP_VERSION)
		return -EBADMSG;
	return rtcp_mux_is_rtcp_pt(buf[1]) ? RTP_MUX_RTCP : RTP_MUX_RTP;
}
