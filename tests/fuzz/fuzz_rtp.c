// SPDX-License-Identifier: GPL-2.0
/*
 * Arbitrary bytes through the RFC 7983 demux, the RTP parser (and its
 * extension iterator, and rtp_write() back), and the RTCP compound
 * iterator. Every offset reported must lie inside the input and the parts
 * must add up; anything else aborts.
 */
#include <stdlib.h>
#include <string.h>

#include "demux.h"
#include "rtp.h"

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

static void fuzz_demux(const uint8_t *d, size_t n)
{
	enum demux_class c = demux_classify(d, n);
	int mux = rtp_mux_classify(d, n);

	CHECK(c <= DEMUX_RTCP && c != DEMUX_RTP_RTCP);
	if (n == 0) {
		CHECK(c == DEMUX_OTHER);
		return;
	}
	if (demux_first_byte(d[0]) != DEMUX_RTP_RTCP) {
		CHECK(c == demux_first_byte(d[0]));
		return;
	}
	/* 128–191 is version 2: the mux split must agree. */
	if (n < 2)
		CHECK(c == DEMUX_OTHER && mux < 0);
	else
		CHECK((c == DEMUX_RTP && mux == RTP_MUX_RTP) ||
		      (c == DEMUX_RTCP && mux == RTP_MUX_RTCP));
}

static void fuzz_rtp_ext(const uint8_t *d, const struct rtp_packet *p)
{
	struct rtp_ext_iter it;
	struct rtp_ext_elem el;
	size_t end = p->ext_offset + p->ext_len, prev = p->ext_offset, k = 0;
	int r;

	if (rtp_ext_iter_init(&it, d, p, NULL))
		return;
	while ((r = rtp_ext_next(&it, &el, NULL)) > 0) {
		CHECK(++k <= p->ext_len);
		CHECK(el.offset > prev && el.offset <= end);
		CHECK(el.len <= end - el.offset);
		CHECK(el.data == d + el.offset);
		CHECK(el.id != 0);
		if (it.form == RTP_EXT_ONE_BYTE)
			CHECK(el.id < 15 && el.len >= 1 && el.len <= 16);
		else
			CHECK(el.len <= 255);
		prev = el.offset + el.len - 1;
	}
	CHECK(rtp_ext_next(&it, &el, NULL) == 0);
}

static void fuzz_rtp(const uint8_t *d, size_t n)
{
	struct wrtc_err err = { 0 };
	struct rtp_packet p;
	struct rtp_out o;
	uint8_t *buf;
	int w;

	if (rtp_parse(d, n, &p, &err)) {
		CHECK(err.msg[0] != '\0' && err.offset <= n);
		return;
	}
	CHECK(p.header_len == RTP_HEADER_LEN + 4u * p.hdr.csrc_count +
				      (p.hdr.extension ? 4 + p.ext_len : 0));
	CHECK(p.payload_offset == p.header_len && p.header_len <= n);
	CHECK(p.payload_len <= n - p.payload_offset);
	CHECK(p.payload_offset + p.payload_len + p.padding_len == n);
	CHECK(p.hdr.padding == (p.padding_len > 0));
	if (p.hdr.extension)
		CHECK(p.ext_offset + p.ext_len == p.header_len);
	fuzz_rtp_ext(d, &p);

	/* Writing the parsed fields back gives the same bytes, except the
	 * padding, which rtp_write() fills with zeros. */
	memset(&o, 0, sizeof(o));
	o.hdr = p.hdr;
	o.extension = p.hdr.extension;
	o.ext_profile = p.ext_profile;
	o.ext = d + p.ext_offset;
	o.ext_len = p.ext_len;
	o.payload = d + p.payload_offset;
	o.payload_len = p.payload_len;
	o.padding_len = (uint8_t)p.padding_len;
	buf = malloc(n);
	CHECK(buf);
	w = rtp_write(&o, buf, n, NULL);
	CHECK(w >= 0 && (size_t)w == n);
	CHECK(!memcmp(buf, d, n - p.padding_len));
	CHECK(!p.padding_len || buf[n - 1] == d[n - 1]);
	if (n)
		CHECK(rtp_write(&o, buf, n - 1, NULL) < 0);
	free(buf);
}

static void fuzz_rtcp(const uint8_t *d, size_t n)
{
	struct rtcp_iter it;
	struct rtcp_pkt p;
	size_t at = 0;
	int r, k = 0, check;

	rtcp_iter_init(&it, d, n);
	while ((r = rtcp_next(&it, &p, NULL)) > 0) {
		k++;
		CHECK(p.offset == at);
		CHECK(p.size >= RTCP_HEADER_LEN && p.size % 4 == 0);
		CHECK(p.size <= n - p.offset);
		CHECK(p.body_offset == p.offset + RTCP_HEADER_LEN);
		CHECK(p.body_offset + p.body_len + p.padding_len ==
		      p.offset + p.size);
		CHECK(!p.padding_len || p.offset + p.size == n);
		if (p.has_ssrc)
			CHECK(p.body_len >= 4);
		at += p.size;
	}
	check = rtcp_compound_check(d, n, NULL);
	if (r == 0 && n > 0) {
		CHECK(at == n && check == k);
	} else {
		CHECK(check < 0);
	}
	CHECK(rtcp_next(&it, &p, NULL) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_demux(data, size);
	fuzz_rtp(data, size);
	fuzz_rtcp(data, size);
	return 0;
}
