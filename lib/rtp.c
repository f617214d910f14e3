// SPDX-License-Identifier: GPL-2.0
/*
 * RTP header parsing and writing (RFC 3550 §5.1, §5.3.1) and RFC 8285 header
 * extension elements. RTCP and the rtcp-mux split live in rtcp.c.
 */
#include <errno.h>
#include <string.h>

#include "rtp.h"

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

int rtp_parse(const uint8_t *buf, size_t len, struct rtp_packet *pkt,
	      struct wrtc_err *err)
{
	struct rtp_hdr *h;
	size_t off, i;

	if (!buf || !pkt)
		return wrtc_fail(err, -EINVAL, 0, "rtp: NULL argument");
	memset(pkt, 0, sizeof(*pkt));
	h = &pkt->hdr;
	if (len < RTP_HEADER_LEN)
		return wrtc_fail(err, -EBADMSG, len,
				 "rtp: %zu bytes, fixed header needs 12", len);
	if (buf[0] >> 6 != RTP_VERSION)
		return wrtc_fail(err, -EBADMSG, 0, "rtp: version %u, not 2",
				 buf[0] >> 6);
	h->padding = buf[0] & 0x20;
	h->extension = buf[0] & 0x10;
	h->csrc_count = buf[0] & 0x0f;
	h->marker = buf[1] & 0x80;
	h->pt = buf[1] & 0x7f;
	h->seq = get16(buf + 2);
	h->ts = get32(buf + 4);
	h->ssrc = get32(buf + 8);

	off = RTP_HEADER_LEN;
	if (len - off < 4u * h->csrc_count)
		return wrtc_fail(err, -EBADMSG, len,
				 "rtp: %u CSRCs run past %zu bytes",
				 h->csrc_count, len);
	for (i = 0; i < h->csrc_count; i++, off += 4)
		h->csrc[i] = get32(buf + off);

	if (h->extension) {
		size_t words;

		if (len - off < 4)
			return wrtc_fail(err, -EBADMSG, len,
					 "rtp: extension header past the end");
		pkt->ext_profile = get16(buf + off);
		words = get16(buf + off + 2);
		off += 4;
		if (len - off < 4 * words)
			return wrtc_fail(
				err, -EBADMSG, off - 2,
				"rtp: %zu-word extension runs past %zu bytes",
				words, len);
		pkt->ext_offset = off;
		pkt->ext_len = 4 * words;
		off += pkt->ext_len;
	}
	pkt->header_len = off;
	pkt->payload_offset = off;

	if (h->padding) {
		/* RFC 3550 §5.1: the last octet counts the padding, itself
		 * included, so 0 is meaningless; it cannot eat the header. */
		size_t pad = buf[len - 1];

		if (pad == 0)
			return wrtc_fail(err, -EBADMSG, len - 1,
					 "rtp: padding count 0");
		if (pad > len - off)
			return wrtc_fail(
				err, -EBADMSG, len - 1,
				"rtp: padding %zu > %zu bytes after header",
				pad, len - off);
		pkt->padding_len = pad;
	}
	pkt->payload_len = len - off - pkt->padding_len;
	return 0;
}

int rtp_ext_iter_init(struct rtp_ext_iter *it, const uint8_t *buf,
		      const struct rtp_packet *pkt, struct wrtc_err *err)
{
	if (!it || !buf || !pkt)
		return wrtc_fail(err, -EINVAL, 0, "rtp ext: NULL argument");
	memset(it, 0, sizeof(*it));
	if (!pkt->hdr.extension)
		return wrtc_fail(err, -ENOENT, 0, "rtp ext: no extension");
	if (pkt->ext_profile == RTP_EXT_PROFILE_ONE_BYTE)
		it->form = RTP_EXT_ONE_BYTE;
	else if ((pkt->ext_profile & RTP_EXT_PROFILE_TWO_BYTE_MASK) ==
		 RTP_EXT_PROFILE_TWO_BYTE)
		it->form = RTP_EXT_TWO_BYTE;
	else
		return wrtc_fail(err, -EOPNOTSUPP, pkt->ext_offset - 4,
				 "rtp ext: profile 0x%04x is not RFC 8285",
				 pkt->ext_profile);
	it->buf = buf;
	it->pos = pkt->ext_offset;
	it->end = pkt->ext_offset + pkt->ext_len;
	return 0;
}

static int ext_stop(struct rtp_ext_iter *it)
{
	it->pos = it->end;
	return 0;
}

int rtp_ext_next(struct rtp_ext_iter *it, struct rtp_ext_elem *el,
		 struct wrtc_err *err)
{
	const uint8_t *b;
	size_t hlen, dlen;
	uint8_t id;

	if (!it || !el)
		return wrtc_fail(err, -EINVAL, 0, "rtp ext: NULL argument");
	if (!it->buf)
		return 0;
	b = it->buf;
	/*
	 * RFC 8285 §4.1: zero bytes pad between and after elements. A one-byte
	 * header with ID 0 and a nonzero length is no valid element either;
	 * like libwebrtc, skip it as one byte of padding.
	 */
	while (it->pos < it->end &&
	       (b[it->pos] == 0 ||
		(it->form == RTP_EXT_ONE_BYTE && b[it->pos] >> 4 == 0)))
		it->pos++;
	if (it->pos >= it->end)
		return ext_stop(it);

	if (it->form == RTP_EXT_ONE_BYTE) {
		id = b[it->pos] >> 4;
		if (id == RTP_EXT_ONE_BYTE_ID_STOP)
			return ext_stop(it);
		hlen = 1;
		dlen = (size_t)(b[it->pos] & 0x0f) + 1;
	} else {
		id = b[it->pos];
		if (it->end - it->pos < 2) {
			size_t at = it->pos;

			ext_stop(it);
			return wrtc_fail(
				err, -EBADMSG, at,
				"rtp ext: two-byte element %u has no length",
				id);
		}
		hlen = 2;
		dlen = b[it->pos + 1];
	}
	if (it->end - it->pos - hlen < dlen) {
		size_t at = it->pos;

		ext_stop(it);
		return wrtc_fail(
			err, -EBADMSG, at,
			"rtp ext: element %u of %zu bytes runs past the block",
			id, dlen);
	}
	el->id = id;
	el->len = dlen;
	el->offset = it->pos + hlen;
	el->data = b + el->offset;
	it->pos += hlen + dlen;
	return 1;
}

int rtp_ext_write_elem(enum rtp_ext_form form, uint8_t id, const uint8_t *data,
		       size_t len, uint8_t *buf, size_t cap,
		       struct wrtc_err *err)
{
	size_t hlen;

	if (!buf || (len && !data))
		return wrtc_fail(err, -EINVAL, 0, "rtp ext: NULL argument");
	if (form == RTP_EXT_ONE_BYTE) {
		if (id < 1 || id > 14 || len < 1 || len > 16)
			return wrtc_fail(
				err, -EINVAL, 0,
				"rtp ext: one-byte element id %u len %zu", id,
				len);
		hlen = 1;
	} else if (form == RTP_EXT_TWO_BYTE) {
		if (id < 1 || len > 255)
			return wrtc_fail(
				err, -EINVAL, 0,
				"rtp ext: two-byte element id %u len %zu", id,
				len);
		hlen = 2;
	} else {
		return wrtc_fail(err, -EINVAL, 0, "rtp ext: unknown form %d",
				 form);
	}
	if (cap < hlen + len)
		return wrtc_fail(err, -ENOSPC, cap,
				 "rtp ext: element needs %zu bytes, %zu left",
				 hlen + len, cap);
	if (form == RTP_EXT_ONE_BYTE) {
		buf[0] = (uint8_t)(id << 4 | (len - 1));
	} else {
		buf[0] = id;
		buf[1] = (uint8_t)len;
	}
	if (len)
		memcpy(buf + hlen, data, len);
	return (int)(hlen + len);
}

int rtp_write(const struct rtp_out *o, uint8_t *buf, size_t cap,
	      struct wrtc_err *err)
{
	const struct rtp_hdr *h;
	size_t total, off, i;

	if (!o || !buf)
		return wrtc_fail(err, -EINVAL, 0, "rtp write: NULL argument");
	h = &o->hdr;
	if (h->csrc_count > RTP_MAX_CSRC || h->pt > 127)
		return wrtc_fail(err, -EINVAL, 0,
				 "rtp write: csrc_count %u pt %u",
				 h->csrc_count, h->pt);
	if (o->extension && (o->ext_len % 4 || o->ext_len > 4 * 0xffffu ||
			     (o->ext_len && !o->ext)))
		return wrtc_fail(err, -EINVAL, 0,
				 "rtp write: extension of %zu bytes",
				 o->ext_len);
	if (o->payload_len && !o->payload)
		return wrtc_fail(err, -EINVAL, 0, "rtp write: NULL payload");

	/* Sum with each term bounded, so no overflow before the cap check. */
	total = RTP_HEADER_LEN + 4 * (size_t)h->csrc_count;
	if (o->extension)
		total += 4 + o->ext_len;
	if (total > cap || o->payload_len > cap - total ||
	    o->padding_len > cap - total - o->payload_len)
		return wrtc_fail(err, -ENOSPC, cap,
				 "rtp write: packet needs more than %zu bytes",
				 cap);
	total += o->payload_len + o->padding_len;
	if (total > 0x7fffffff)
		return wrtc_fail(err, -E2BIG, 0, "rtp write: %zu bytes", total);

	buf[0] = (uint8_t)(RTP_VERSION << 6 | (o->padding_len ? 0x20 : 0) |
			   (o->extension ? 0x10 : 0) | h->csrc_count);
	buf[1] = (uint8_t)((h->marker ? 0x80 : 0) | h->pt);
	put16(buf + 2, h->seq);
	put32(buf + 4, h->ts);
	put32(buf + 8, h->ssrc);
	off = RTP_HEADER_LEN;
	for (i = 0; i < h->csrc_count; i++, off += 4)
		put32(buf + off, h->csrc[i]);
	if (o->extension) {
		put16(buf + off, o->ext_profile);
		put16(buf + off + 2, (uint16_t)(o->ext_len / 4));
		off += 4;
		if (o->ext_len)
			memcpy(buf + off, o->ext, o->ext_len);
		off += o->ext_len;
	}
	if (o->payload_len)
		memcpy(buf + off, o->payload, o->payload_len);
	off += o->payload_len;
	if (o->padding_len) {
		memset(buf + off, 0, o->padding_len - 1u);
		off += o->padding_len;
		buf[off - 1] = o->padding_len;
	}
	return (int)off;
}
