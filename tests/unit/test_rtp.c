// SPDX-License-Identifier: GPL-2.0
/*
 * RTP header parsing and writing (RFC 3550), RFC 8285 header extensions,
 * RTCP compound iteration, rtcp-mux classification (RFC 5761 §4). Packets
 * are written out by hand from the RFC diagrams, not by rtp_write().
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "rtp.h"
#include "unhex.h"

TEST(rtp_minimal)
{
	uint8_t b[32];
	size_t n = unhex("800f1234 decafbad cafebabe abababab", b, sizeof(b));
	struct rtp_packet p;

	ASSERT_EQ(16u, n);
	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	EXPECT_FALSE(p.hdr.padding);
	EXPECT_FALSE(p.hdr.extension);
	EXPECT_FALSE(p.hdr.marker);
	EXPECT_EQ(0, p.hdr.csrc_count);
	EXPECT_EQ(15, p.hdr.pt);
	EXPECT_EQ(0x1234, p.hdr.seq);
	EXPECT_EQ(0xdecafbadu, p.hdr.ts);
	EXPECT_EQ(0xcafebabeu, p.hdr.ssrc);
	EXPECT_EQ(12u, p.header_len);
	EXPECT_EQ(12u, p.payload_offset);
	EXPECT_EQ(4u, p.payload_len);
	EXPECT_EQ(0u, p.padding_len);
}

TEST(rtp_csrcs_marker_padding)
{
	/* P, CC=2, M, PT 96; 5 payload bytes, 3 padding bytes. */
	uint8_t b[64];
	size_t n = unhex("a2e00001 00000002 00000003 11111111 22222222"
			 "0102030405 000003",
			 b, sizeof(b));
	struct rtp_packet p;

	ASSERT_EQ(28u, n);
	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	EXPECT_TRUE(p.hdr.padding);
	EXPECT_TRUE(p.hdr.marker);
	EXPECT_EQ(96, p.hdr.pt);
	EXPECT_EQ(2, p.hdr.csrc_count);
	EXPECT_EQ(0x11111111u, p.hdr.csrc[0]);
	EXPECT_EQ(0x22222222u, p.hdr.csrc[1]);
	EXPECT_EQ(20u, p.payload_offset);
	EXPECT_EQ(5u, p.payload_len);
	EXPECT_EQ(3u, p.padding_len);
}

TEST(rtp_padding_bounds)
{
	uint8_t b[32];
	struct wrtc_err err = { 0 };
	struct rtp_packet p;
	size_t n = unhex("a0000001 00000002 00000003 aabbcc04", b, sizeof(b));

	/* The padding may take the whole payload ... */
	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	EXPECT_EQ(0u, p.payload_len);
	EXPECT_EQ(4u, p.padding_len);
	/* ... but not more, */
	b[15] = 5;
	EXPECT_EQ(-EBADMSG, rtp_parse(b, n, &p, &err));
	EXPECT_EQ(15u, err.offset);
	b[15] = 0xff;
	EXPECT_EQ(-EBADMSG, rtp_parse(b, n, &p, NULL));
	/* and a count of 0 is no padding at all. */
	b[15] = 0;
	EXPECT_EQ(-EBADMSG, rtp_parse(b, n, &p, NULL));
	/* No room for even the count octet. */
	EXPECT_EQ(-EBADMSG, rtp_parse(b, 12, &p, NULL));
}

TEST(rtp_bad_version)
{
	uint8_t b[12] = { 0 };
	struct rtp_packet p;
	int v;

	for (v = 0; v < 4; v++) {
		b[0] = (uint8_t)(v << 6);
		EXPECT_EQ(v == 2 ? 0 : -EBADMSG, rtp_parse(b, 12, &p, NULL));
	}
	EXPECT_EQ(-EINVAL, rtp_parse(NULL, 12, &p, NULL));
}

/* CC=2, X with a one-byte extension of 2 words, 4 payload bytes. */
static const char full_hex[] = "92080001 00000002 00000003 11111111 22222222"
			       "bede0002 10aa0022 01020300 deadbeef";

TEST(rtp_every_truncation_fails)
{
	uint8_t b[64];
	size_t n = unhex(full_hex, b, sizeof(b)), len;
	struct rtp_packet p;

	ASSERT_EQ(36u, n);
	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	ASSERT_EQ(32u, p.header_len);
	/* Cut anywhere inside the header (fixed, CSRCs, extension header,
	 * extension data): an error, never a read past the cut. */
	for (len = 0; len < p.header_len; len++)
		EXPECT_EQ(-EBADMSG, rtp_parse(b, len, &p, NULL))
	TH_LOG("length %zu", len);
	/* Past the header, a shorter payload is still a packet. */
	for (len = 32; len <= n; len++) {
		ASSERT_EQ(0, rtp_parse(b, len, &p, NULL));
		EXPECT_EQ(len - 32, p.payload_len);
	}
}

TEST(rtp_one_byte_extension)
{
	uint8_t b[64];
	size_t n = unhex(full_hex, b, sizeof(b));
	struct rtp_ext_elem el;
	struct rtp_ext_iter it;
	struct rtp_packet p;

	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	EXPECT_TRUE(p.hdr.extension);
	EXPECT_EQ(0xbede, p.ext_profile);
	EXPECT_EQ(24u, p.ext_offset);
	EXPECT_EQ(8u, p.ext_len);
	ASSERT_EQ(0, rtp_ext_iter_init(&it, b, &p, NULL));
	/* 10 aa | 00 pad | 22 01 02 03 | 00 pad */
	ASSERT_EQ(1, rtp_ext_next(&it, &el, NULL));
	EXPECT_EQ(1, el.id);
	EXPECT_EQ(1u, el.len);
	EXPECT_EQ(25u, el.offset);
	EXPECT_EQ(0xaa, el.data[0]);
	ASSERT_EQ(1, rtp_ext_next(&it, &el, NULL));
	EXPECT_EQ(2, el.id);
	EXPECT_EQ(3u, el.len);
	EXPECT_EQ(28u, el.offset);
	EXPECT_EQ(0, memcmp(el.data, "\x01\x02\x03", 3));
	EXPECT_EQ(0, rtp_ext_next(&it, &el, NULL));
	EXPECT_EQ(0, rtp_ext_next(&it, &el, NULL));
}

TEST(rtp_one_byte_id15_stops)
{
	uint8_t b[64];
	size_t n = unhex("90000001 00000002 00000003 bede0002"
			 "10aaf320 bb000000",
			 b, sizeof(b));
	struct rtp_ext_elem el;
	struct rtp_ext_iter it;
	struct rtp_packet p;

	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	ASSERT_EQ(0, rtp_ext_iter_init(&it, b, &p, NULL));
	ASSERT_EQ(1, rtp_ext_next(&it, &el, NULL));
	EXPECT_EQ(1, el.id);
	/* RFC 8285 §4.2: ID 15 ends it; the "20 bb" after it is ignored. */
	EXPECT_EQ(0, rtp_ext_next(&it, &el, NULL));
}

TEST(rtp_two_byte_extension)
{
	uint8_t b[64];
	size_t n = unhex("90000001 00000002 00000003 100f0002"
			 "01000002 03aabbcc",
			 b, sizeof(b));
	struct rtp_ext_elem el;
	struct rtp_ext_iter it;
	struct rtp_packet p;

	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	EXPECT_EQ(0x100f, p.ext_profile); /* appbits f */
	ASSERT_EQ(0, rtp_ext_iter_init(&it, b, &p, NULL));
	EXPECT_EQ(RTP_EXT_TWO_BYTE, (int)it.form);
	/* 01 00 (id 1, empty) | 00 pad | 02 03 aa bb cc */
	ASSERT_EQ(1, rtp_ext_next(&it, &el, NULL));
	EXPECT_EQ(1, el.id);
	EXPECT_EQ(0u, el.len);
	ASSERT_EQ(1, rtp_ext_next(&it, &el, NULL));
	EXPECT_EQ(2, el.id);
	EXPECT_EQ(3u, el.len);
	EXPECT_EQ(21u, el.offset);
	EXPECT_EQ(0, memcmp(el.data, "\xaa\xbb\xcc", 3));
	EXPECT_EQ(0, rtp_ext_next(&it, &el, NULL));
}

TEST(rtp_extension_overruns)
{
	static const char *const bad[] = {
		/* one-byte: id 1 says 16 bytes, 3 follow */
		"90000001 00000002 00000003 bede0001 1f010203",
		/* two-byte: id 5 with no length byte */
		"90000001 00000002 00000003 10000001 00000005",
		/* two-byte: id 5 says 9 bytes, 2 follow */
		"90000001 00000002 00000003 10000001 05090102",
	};
	struct wrtc_err err = { 0 };
	struct rtp_ext_elem el;
	struct rtp_ext_iter it;
	struct rtp_packet p;
	uint8_t b[64];
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = unhex(bad[i], b, sizeof(b));
		ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
		ASSERT_EQ(0, rtp_ext_iter_init(&it, b, &p, NULL));
		EXPECT_EQ(-EBADMSG, rtp_ext_next(&it, &el, &err))
		TH_LOG("case %zu", i);
		EXPECT_EQ(0, rtp_ext_next(&it, &el, NULL));
	}
}

TEST(rtp_extension_not_iterable)
{
	uint8_t b[64];
	size_t n = unhex("90000001 00000002 00000003 abcd0001 01020304", b, 64);
	struct rtp_ext_iter it;
	struct rtp_packet p;

	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	EXPECT_EQ(0xabcd, p.ext_profile);
	EXPECT_EQ(4u, p.ext_len);
	EXPECT_EQ(-EOPNOTSUPP, rtp_ext_iter_init(&it, b, &p, NULL));
	/* An empty RFC 8285 block has no elements. */
	n = unhex("90000001 00000002 00000003 bede0000", b, 64);
	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	ASSERT_EQ(0, rtp_ext_iter_init(&it, b, &p, NULL));
	n = unhex("80000001 00000002 00000003", b, 64);
	ASSERT_EQ(0, rtp_parse(b, n, &p, NULL));
	EXPECT_EQ(-ENOENT, rtp_ext_iter_init(&it, b, &p, NULL));
}

TEST(rtp_write_matches_hand_written)
{
	uint8_t ext[8], want[64], buf[64];
	struct rtp_out o = {
		.hdr = { .marker = false,
			 .pt = 8,
			 .seq = 1,
			 .ts = 2,
			 .ssrc = 3,
			 .csrc_count = 2,
			 .csrc = { 0x11111111, 0x22222222 } },
		.extension = true,
		.ext_profile = RTP_EXT_PROFILE_ONE_BYTE,
		.ext = ext,
		.ext_len = 8,
		.payload = (const uint8_t *)"\xde\xad\xbe\xef",
		.payload_len = 4,
	};
	size_t n = unhex(full_hex, want, sizeof(want)), cap;
	int e;

	/* Build the extension elements as full_hex has them. */
	memset(ext, 0, sizeof(ext));
	ASSERT_EQ(2,
		  rtp_ext_write_elem(RTP_EXT_ONE_BYTE, 1,
				     (const uint8_t *)"\xaa", 1, ext, 8, NULL));
	ASSERT_EQ(4, rtp_ext_write_elem(RTP_EXT_ONE_BYTE, 2,
					(const uint8_t *)"\x01\x02\x03", 3,
					ext + 3, 5, NULL));
	ASSERT_EQ((int)n, rtp_write(&o, buf, sizeof(buf), NULL));
	EXPECT_EQ(0, memcmp(want, buf, n));
	for (cap = 0; cap < n; cap++)
		EXPECT_EQ(-ENOSPC, rtp_write(&o, buf, cap, NULL));

	/* Padding: P set, zeros, count last. */
	o.padding_len = 3;
	ASSERT_EQ((int)n + 3, rtp_write(&o, buf, sizeof(buf), NULL));
	EXPECT_EQ(0xb2, buf[0]);
	EXPECT_EQ(0, memcmp(buf + n, "\x00\x00\x03", 3));

	o.ext_len = 6;
	EXPECT_EQ(-EINVAL, rtp_write(&o, buf, sizeof(buf), NULL));
	o.ext_len = 8;
	o.hdr.csrc_count = 16;
	EXPECT_EQ(-EINVAL, rtp_write(&o, buf, sizeof(buf), NULL));
	o.hdr.csrc_count = 0;
	o.hdr.pt = 128;
	EXPECT_EQ(-EINVAL, rtp_write(&o, buf, sizeof(buf), NULL));

	/* Element writer limits (RFC 8285 §4.2, §4.3). */
	e = rtp_ext_write_elem(RTP_EXT_ONE_BYTE, 15, buf, 1, buf, 8, NULL);
	EXPECT_EQ(-EINVAL, e);
	EXPECT_EQ(-EINVAL, rtp_ext_write_elem(RTP_EXT_ONE_BYTE, 0, buf, 1, buf,
					      8, NULL));
	EXPECT_EQ(-EINVAL, rtp_ext_write_elem(RTP_EXT_ONE_BYTE, 1, buf, 17,
					      buf + 20, 40, NULL));
	EXPECT_EQ(-EINVAL, rtp_ext_write_elem(RTP_EXT_ONE_BYTE, 1, buf, 0, buf,
					      8, NULL));
	EXPECT_EQ(-EINVAL, rtp_ext_write_elem(RTP_EXT_TWO_BYTE, 0, NULL, 0, buf,
					      8, NULL));
	EXPECT_EQ(2, rtp_ext_write_elem(RTP_EXT_TWO_BYTE, 200, NULL, 0, buf, 8,
					NULL));
	EXPECT_EQ(0, memcmp(buf, "\xc8\x00", 2));
	EXPECT_EQ(-ENOSPC, rtp_ext_write_elem(RTP_EXT_TWO_BYTE, 1, buf + 10, 3,
					      buf, 4, NULL));
}

/* SR (1 report block) + SDES (CNAME "ab") + BYE with 4 bytes padding. */
static const char compound_hex[] =
	"81c8000c 11111111 00000001 00000002 00000003 00000004 00000005"
	"22222222 00000000 00000000 00000000 00000000 00000000"
	"81ca0003 11111111 01026162 00000000"
	"a1cb0002 11111111 00000004";

TEST(rtcp_compound_iteration)
{
	uint8_t b[128];
	size_t n = unhex(compound_hex, b, sizeof(b));
	struct rtcp_iter it;
	struct rtcp_pkt p;

	ASSERT_EQ(80u, n);
	rtcp_iter_init(&it, b, n);
	ASSERT_EQ(1, rtcp_next(&it, &p, NULL));
	EXPECT_EQ(RTCP_SR, p.pt);
	EXPECT_EQ(1, p.count);
	EXPECT_EQ(12, p.length);
	EXPECT_EQ(0u, p.offset);
	EXPECT_EQ(52u, p.size);
	EXPECT_EQ(4u, p.body_offset);
	EXPECT_EQ(48u, p.body_len);
	EXPECT_TRUE(p.has_ssrc);
	EXPECT_EQ(0x11111111u, p.ssrc);

	ASSERT_EQ(1, rtcp_next(&it, &p, NULL));
	EXPECT_EQ(RTCP_SDES, p.pt);
	EXPECT_EQ(52u, p.offset);
	EXPECT_EQ(16u, p.size);
	EXPECT_TRUE(p.has_ssrc);

	ASSERT_EQ(1, rtcp_next(&it, &p, NULL));
	EXPECT_EQ(RTCP_BYE, p.pt);
	EXPECT_TRUE(p.padding);
	EXPECT_EQ(68u, p.offset);
	EXPECT_EQ(12u, p.size);
	EXPECT_EQ(4u, p.padding_len);
	EXPECT_EQ(4u, p.body_len);
	EXPECT_EQ(0x11111111u, p.ssrc);
	EXPECT_EQ(0, rtcp_next(&it, &p, NULL));
	EXPECT_EQ(3, rtcp_compound_check(b, n, NULL));
}

TEST(rtcp_rr_sender_ssrc)
{
	uint8_t b[64];
	size_t n = unhex("80c90001 33333333", b, sizeof(b));
	struct rtcp_iter it;
	struct rtcp_pkt p;

	rtcp_iter_init(&it, b, n);
	ASSERT_EQ(1, rtcp_next(&it, &p, NULL));
	EXPECT_EQ(RTCP_RR, p.pt);
	EXPECT_EQ(0, p.count);
	EXPECT_TRUE(p.has_ssrc);
	EXPECT_EQ(0x33333333u, p.ssrc);
	/* An empty BYE (SC 0) names no SSRC. */
	n = unhex("80cb0000", b, sizeof(b));
	rtcp_iter_init(&it, b, n);
	ASSERT_EQ(1, rtcp_next(&it, &p, NULL));
	EXPECT_FALSE(p.has_ssrc);
}

TEST(rtcp_every_truncation)
{
	uint8_t b[128];
	size_t n = unhex(compound_hex, b, sizeof(b)), len;
	int want;

	/* Only cuts at packet boundaries (52, 68) leave a valid compound;
	 * the padded BYE must be last, which it still is at 80. */
	for (len = 1; len < n; len++) {
		want = len == 52 ? 1 : len == 68 ? 2 : -EBADMSG;
		EXPECT_EQ(want, rtcp_compound_check(b, len, NULL))
		TH_LOG("length %zu", len);
	}
	EXPECT_EQ(-EBADMSG, rtcp_compound_check(b, 0, NULL));
}

TEST(rtcp_bad_packets)
{
	static const char *const bad[] = {
		"80c90002 33333333", /* length past the end */
		"80c90001 33333333 80", /* trailing partial header */
		"40c90001 33333333", /* version 1 */
		"81c80006 11111111 00000000 00000000 00000000 00000000"
		"00000000", /* SR, RC 1, no report block */
		"81c90001 33333333", /* RR, RC 1, no report block */
		"80c80001 11111111", /* SR without sender info */
		"a0c90002 33333333 00000004 80c90001 33333333",
		/* padding not in the last */
		"a0c90002 33333333 00000000", /* padding count 0 */
		"a0c90001 33333309", /* padding past the body */
	};
	struct wrtc_err err = { 0 };
	uint8_t b[64];
	size_t i, n;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = unhex(bad[i], b, sizeof(b));
		ASSERT_NE(0u, n);
		EXPECT_EQ(-EBADMSG, rtcp_compound_check(b, n, &err))
		TH_LOG("case %zu", i);
		EXPECT_NE(0u, strlen(err.msg));
	}
}

TEST(rtcp_mux_split_rfc5761)
{
	uint8_t b[2] = { 0x80, 0 };
	int v;

	/* RFC 5761 §4: 192–223 is RTCP (SR 200, RR 201, ... ); that is RTP
	 * PT 64–95 with the marker bit, so those PTs are not used by RTP. */
	for (v = 0; v < 256; v++) {
		b[1] = (uint8_t)v;
		EXPECT_EQ(v >= 192 && v <= 223 ? RTP_MUX_RTCP : RTP_MUX_RTP,
			  rtp_mux_classify(b, 2))
		TH_LOG("second byte %d", v);
	}
	b[1] = 0x80 | 72; /* marker + PT 72 = 200: reads as an SR */
	EXPECT_EQ(RTP_MUX_RTCP, rtp_mux_classify(b, 2));
	b[1] = 0x80 | 96; /* marker + PT 96 = 224: RTP */
	EXPECT_EQ(RTP_MUX_RTP, rtp_mux_classify(b, 2));
	b[0] = 0x40;
	EXPECT_EQ(-EBADMSG, rtp_mux_classify(b, 2));
	b[0] = 0x80;
	EXPECT_EQ(-EBADMSG, rtp_mux_classify(b, 1));
}

TEST_HARNESS_MAIN
