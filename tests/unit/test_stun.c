// SPDX-License-Identifier: GPL-2.0
/*
 * The STUN codec's framing and rules: malformed input, attribute order,
 * decoders, the builder's limits, MESSAGE-INTEGRITY-SHA256, message types,
 * CRC-32 and UTF-8. The RFC 5769 vectors are in test_stun_rfc5769.c, the
 * ICE attributes and Chromium's checks in test_stun_ice.c.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "crc32.h"
#include "stun.h"
#include "stun_test.h"
#include "kselftest_harness.h"

/*
 * Append FINGERPRINT at buf[off] by hand, for messages the builder will not
 * write; sets the length field. Returns the message length.
 */
static size_t hand_fingerprint(uint8_t *buf, size_t off)
{
	uint32_t fp;

	memcpy(buf + off, "\x80\x28\x00\x04", 4);
	buf[2] = (uint8_t)((off + 8 - 20) >> 8);
	buf[3] = (uint8_t)(off + 8 - 20);
	fp = stun_fingerprint(buf, off);
	buf[off + 4] = fp >> 24;
	buf[off + 5] = fp >> 16;
	buf[off + 6] = fp >> 8;
	buf[off + 7] = fp;
	return off + 8;
}

/* Malformed messages, each rejected with its reason and offset. */
TEST(rejects_malformed_messages)
{
	static const struct {
		const char *what;
		size_t len;
		const char *bytes;
		size_t offset;
		const char *msg;
	} cases[] = {
		{ "short", 19,
		  "\x00\x01\x00\x00\x21\x12\xa4\x42"
		  "txid-txid-t",
		  19, "19 bytes, shorter than a STUN header (20)" },
		{ "top bits", 20,
		  "\x40\x01\x00\x00\x21\x12\xa4\x42"
		  "txid-txid-tx",
		  0,
		  "first byte 0x40: the two top bits of a STUN message "
		  "are zero" },
		{ "cookie", 20,
		  "\x00\x01\x00\x00\x21\x12\xa4\x43"
		  "txid-txid-tx",
		  4, "magic cookie 0x2112a443, not 0x2112a442" },
		{ "length not /4", 22,
		  "\x00\x01\x00\x02\x21\x12\xa4\x42"
		  "txid-txid-tx\0\0",
		  2, "message length 2 is not a multiple of 4" },
		{ "trailing bytes", 28,
		  "\x00\x01\x00\x04\x21\x12\xa4\x42"
		  "txid-txid-tx\x80\x22\x00\x00"
		  "more",
		  2, "message length 4, but 8 bytes follow the header" },
		{ "truncated", 24,
		  "\x00\x01\x00\x08\x21\x12\xa4\x42"
		  "txid-txid-tx\x80\x22\x00\x00",
		  2, "message length 8, but 4 bytes follow the header" },
		{ "value overruns", 28,
		  "\x00\x01\x00\x08\x21\x12\xa4\x42"
		  "txid-txid-tx\x00\x06\x00\x05"
		  "abcd",
		  20,
		  "USERNAME: 5-byte value (padded to 8) runs past the "
		  "end, 4 bytes left" },
		{ "after fingerprint", 36,
		  "\x00\x01\x00\x10\x21\x12\xa4\x42"
		  "txid-txid-tx\x80\x28\x00\x04"
		  "crc!\x00\x24\x00\x04prio",
		  28,
		  "PRIORITY after FINGERPRINT, which must be the last "
		  "attribute" },
		{ "fingerprint length", 32,
		  "\x00\x01\x00\x0c\x21\x12\xa4\x42"
		  "txid-txid-tx\x80\x28\x00\x08"
		  "crc-crc!",
		  20, "FINGERPRINT of 8 bytes, not 4" },
		{ "integrity length", 40,
		  "\x00\x01\x00\x14\x21\x12\xa4\x42"
		  "txid-txid-tx\x00\x08\x00\x10"
		  "0123456789abcdef",
		  20, "MESSAGE-INTEGRITY of 16 bytes, not 20" },
		{ "integrity-sha256 length", 36,
		  "\x00\x01\x00\x10\x21\x12\xa4\x42"
		  "txid-txid-tx\x00\x1c\x00\x0c"
		  "0123456789ab",
		  20,
		  "MESSAGE-INTEGRITY-SHA256 of 12 bytes, not 16, 20, 24, "
		  "28 or 32" },
		{ "unknown attribute overruns", 28,
		  "\x00\x01\x00\x08\x21\x12\xa4\x42"
		  "txid-txid-tx\x12\x34\xff\xff"
		  "abcd",
		  20,
		  "attribute 0x1234: 65535-byte value (padded to 65536) "
		  "runs past the end, 4 bytes left" },
	};
	struct stun_msg m;
	struct wrtc_err err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const uint8_t *p = (const uint8_t *)cases[i].bytes;

		wrtc_err_clear(&err);
		EXPECT_EQ(-EBADMSG, stun_parse(&m, p, cases[i].len, &err))
		{
			TH_LOG("case '%s'", cases[i].what);
		}
		EXPECT_STREQ(cases[i].msg, err.msg);
		EXPECT_EQ(cases[i].offset, err.offset)
		{
			TH_LOG("case '%s'", cases[i].what);
		}
		/* The quick test agrees where the header is at fault. */
		EXPECT_EQ(cases[i].offset >= STUN_HEADER_LEN,
			  stun_is_message(p, cases[i].len));
	}
	EXPECT_EQ(-EBADMSG, stun_parse(&m, NULL, 0, NULL));
}

/*
 * RFC 8489 section 14.5: after MESSAGE-INTEGRITY only FINGERPRINT (and
 * MESSAGE-INTEGRITY-SHA256) count; anything else there is ignored, and the
 * HMAC covers only what precedes it.
 */
TEST(attributes_after_integrity_are_ignored)
{
	uint8_t buf[256];
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	size_t pos = 0, len;
	int n = 0;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	stun_build_str(&b, STUN_ATTR_USERNAME, "a:b");
	ASSERT_EQ(52, stun_build_integrity(&b, "pw", 2));
	/* The builder refuses to write past it; append PRIORITY, 0x0031. */
	EXPECT_EQ(-EINVAL, stun_build_u32(&b, STUN_ATTR_PRIORITY, 1));
	memcpy(buf + 52, "\x00\x24\x00\x04\x00\x00\x00\x01\x00\x31\x00\x00",
	       12);
	len = hand_fingerprint(buf, 64);

	ASSERT_EQ(0, parse(&m, buf, len));
	EXPECT_EQ(28u, m.integrity);
	EXPECT_EQ(64u, m.fingerprint);
	EXPECT_EQ(0u, m.nunknown);
	EXPECT_EQ(-ENOENT, stun_attr_find(&m, STUN_ATTR_PRIORITY, &a));
	while (stun_attr_next(&m, &pos, &a))
		n++;
	EXPECT_EQ(1, n);
	EXPECT_EQ(0, stun_check_integrity(&m, "pw", 2, NULL));
	EXPECT_EQ(0, stun_check_fingerprint(&m, NULL));
}

/* Duplicates: the first counts (RFC 8489 section 14). */
TEST(first_of_duplicates_counts)
{
	uint8_t buf[64];
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	uint32_t v;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	stun_build_u32(&b, STUN_ATTR_PRIORITY, 7);
	stun_build_u32(&b, STUN_ATTR_PRIORITY, 8);
	ASSERT_EQ(0, parse(&m, buf, b.len));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_PRIORITY, &a));
	ASSERT_EQ(0, stun_attr_u32(&a, &v, NULL));
	EXPECT_EQ(7u, v);
}

TEST(decoders_check_lengths)
{
	uint8_t buf[128];
	struct sockaddr_storage ss;
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	struct wrtc_err err;
	uint32_t v32;
	uint64_t v64;
	size_t n;
	uint16_t t;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_SUCCESS,
			rfc5769_txid, NULL);
	stun_build_attr(&b, STUN_ATTR_PRIORITY, "abc", 3);
	stun_build_u32(&b, STUN_ATTR_ICE_CONTROLLING, 1);
	stun_build_attr(&b, STUN_ATTR_XOR_MAPPED_ADDRESS,
			"\x00\x03\x00\x01\x01\x02\x03\x04", 8);
	stun_build_attr(&b, STUN_ATTR_MAPPED_ADDRESS,
			"\x00\x02\x00\x01\x01\x02\x03\x04", 8);
	stun_build_attr(&b, STUN_ATTR_ALTERNATE_SERVER, "\x00\x01", 2);
	stun_build_attr(&b, STUN_ATTR_UNKNOWN_ATTRIBUTES, "\x00\x01\x00", 3);
	ASSERT_EQ(0, parse(&m, buf, b.len));

	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_PRIORITY, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_u32(&a, &v32, &err));
	EXPECT_STREQ("PRIORITY of 3 bytes, not 4", err.msg);
	EXPECT_EQ(20u, err.offset);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_ICE_CONTROLLING, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_u64(&a, &v64, &err));
	EXPECT_STREQ("ICE-CONTROLLING of 4 bytes, not 8", err.msg);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_XOR_MAPPED_ADDRESS, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_addr(&m, &a, &ss, &err));
	EXPECT_STREQ("XOR-MAPPED-ADDRESS: address family 3, not 1 (IPv4) or "
		     "2 (IPv6)",
		     err.msg);
	EXPECT_EQ(a.off + 5, err.offset);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_MAPPED_ADDRESS, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_addr(&m, &a, &ss, &err));
	EXPECT_STREQ("MAPPED-ADDRESS of 8 bytes, not 20 for IPv6", err.msg);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_ALTERNATE_SERVER, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_addr(&m, &a, &ss, &err));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_UNKNOWN_ATTRIBUTES, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_unknown(&a, &t, 1, &n, &err));
}

/* MAPPED-ADDRESS is plain; XOR-MAPPED-ADDRESS masked, and both read back. */
TEST(address_attributes)
{
	struct sockaddr_in sin = v4("203.0.113.7", 40001);
	struct sockaddr_in6 sin6 = v6("2001:db8::1", 40002);
	struct sockaddr other = { .sa_family = AF_UNIX };
	struct sockaddr_storage ss;
	uint8_t buf[128];
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_SUCCESS,
			rfc5769_txid, NULL);
	stun_build_addr(&b, STUN_ATTR_MAPPED_ADDRESS, (struct sockaddr *)&sin);
	stun_build_addr(&b, STUN_ATTR_XOR_MAPPED_ADDRESS,
			(struct sockaddr *)&sin6);
	ASSERT_EQ(20 + 12 + 24, (int)b.len);
	EXPECT_EQ(0, memcmp("\x00\x01\x00\x08\x00\x01\x9c\x41\xcb\x00\x71\x07",
			    buf + 20, 12));
	ASSERT_EQ(0, parse(&m, buf, b.len));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_MAPPED_ADDRESS, &a));
	ASSERT_EQ(0, stun_attr_addr(&m, &a, &ss, NULL));
	EXPECT_EQ(0, memcmp(&sin, &ss, sizeof(sin)));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_XOR_MAPPED_ADDRESS, &a));
	ASSERT_EQ(0, stun_attr_addr(&m, &a, &ss, NULL));
	EXPECT_EQ(0, memcmp(&sin6, &ss, sizeof(sin6)));

	EXPECT_EQ(-EAFNOSUPPORT,
		  stun_build_addr(&b, STUN_ATTR_MAPPED_ADDRESS, &other));
}

TEST(builder_enforces_order_and_space)
{
	uint8_t buf[64];
	struct stun_builder b;
	struct wrtc_err err;

	/* Nothing after FINGERPRINT; the first failure sticks. */
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	ASSERT_EQ(28, stun_build_fingerprint(&b));
	EXPECT_EQ(-EINVAL, stun_build_u32(&b, STUN_ATTR_PRIORITY, 1));
	EXPECT_STREQ("PRIORITY 0x0024 after FINGERPRINT", err.msg);
	EXPECT_EQ(28u, err.offset);
	EXPECT_EQ(-EINVAL, stun_build_fingerprint(&b));
	EXPECT_STREQ("PRIORITY 0x0024 after FINGERPRINT", err.msg);

	/* MESSAGE-INTEGRITY once, before FINGERPRINT. */
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	ASSERT_EQ(44, stun_build_integrity(&b, "k", 1));
	EXPECT_EQ(-EINVAL, stun_build_integrity(&b, "k", 1));
	EXPECT_STREQ("MESSAGE-INTEGRITY after MESSAGE-INTEGRITY", err.msg);
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	stun_build_fingerprint(&b);
	EXPECT_EQ(-EINVAL, stun_build_integrity(&b, "k", 1));
	EXPECT_STREQ("MESSAGE-INTEGRITY after FINGERPRINT", err.msg);

	/* Integrity and fingerprint only through their own calls. */
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	EXPECT_EQ(-EINVAL,
		  stun_build_attr(&b, STUN_ATTR_FINGERPRINT, "abcd", 4));
	EXPECT_STREQ("FINGERPRINT is written by its own stun_build_ call",
		     err.msg);

	/* Space: 64 bytes hold a header and 44 bytes of attributes. */
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	EXPECT_EQ(64,
		  stun_build_attr(&b, STUN_ATTR_SOFTWARE, rfc5769_request, 40));
	EXPECT_EQ(-ENOSPC, stun_build_flag(&b, STUN_ATTR_USE_CANDIDATE));
	EXPECT_STREQ("USE-CANDIDATE 0x0025: 4 more bytes, 0 left in the buffer",
		     err.msg);
	EXPECT_EQ(64u, b.len);
	EXPECT_EQ(-ENOSPC, stun_build_init(&b, buf, 19, STUN_BINDING_REQUEST,
					   rfc5769_txid, &err));
	EXPECT_EQ(-ENOSPC, stun_build_u32(&b, STUN_ATTR_PRIORITY, 1));
	EXPECT_EQ(-EINVAL, stun_build_init(&b, buf, sizeof(buf), 0x4001,
					   rfc5769_txid, NULL));
}

TEST(builder_stops_at_largest_message)
{
	static uint8_t buf[STUN_MAX_LEN + 64], val[0x10000];
	struct stun_builder b;
	struct stun_msg m;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	EXPECT_EQ(-EMSGSIZE,
		  stun_build_attr(&b, STUN_ATTR_SOFTWARE, val, sizeof(val)));
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	/* 0xFFF8 = 4 + 0xFFF4: the largest body, in one attribute. */
	ASSERT_EQ((int)STUN_MAX_LEN,
		  stun_build_attr(&b, STUN_ATTR_SOFTWARE, val, 0xfff5));
	ASSERT_EQ(0, parse(&m, buf, b.len));
	EXPECT_EQ(-EMSGSIZE, stun_build_flag(&b, STUN_ATTR_USE_CANDIDATE));
}

/* MESSAGE-INTEGRITY-SHA256, checked against HMAC computed another way. */
TEST(integrity_sha256)
{
	uint8_t buf[128], copy[128], mac[32];
	struct stun_builder b;
	struct stun_msg m;
	unsigned int maclen = 0;
	size_t off;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	stun_build_str(&b, STUN_ATTR_USERNAME, "user");
	stun_build_integrity(&b, "key", 3);
	off = b.len;
	stun_build_integrity_sha256(&b, "key", 3);
	ASSERT_EQ((int)off + 36 + 8, stun_build_fingerprint(&b));

	/* One-shot HMAC over the prefix with its length field adjusted. */
	memcpy(copy, buf, off);
	copy[2] = 0;
	copy[3] = (uint8_t)(off + 36 - 20);
	ASSERT_NE(NULL, HMAC(EVP_sha256(), "key", 3, copy, off, mac, &maclen));
	ASSERT_EQ(32u, maclen);
	EXPECT_EQ(0, memcmp(mac, buf + off + 4, 32));

	ASSERT_EQ(0, parse(&m, buf, b.len));
	EXPECT_EQ(off, m.integrity_sha256);
	EXPECT_EQ(0, stun_check_integrity_sha256(&m, "key", 3, NULL));
	EXPECT_EQ(-EACCES, stun_check_integrity_sha256(&m, "kez", 3, NULL));
	EXPECT_EQ(0, stun_check_integrity(&m, "key", 3, NULL));
	EXPECT_EQ(0, stun_check_fingerprint(&m, NULL));

	/* Truncated to 16 bytes, as RFC 8489 allows. */
	buf[off + 3] = 16;
	ASSERT_EQ(0, stun_integrity(buf, off, true, "key", 3, mac, 16));
	memcpy(buf + off + 4, mac, 16);
	ASSERT_EQ(0, parse(&m, buf, hand_fingerprint(buf, off + 20)));
	EXPECT_EQ(0, stun_check_integrity(&m, "key", 3, NULL));
	EXPECT_EQ(0, stun_check_integrity_sha256(&m, "key", 3, NULL));
	EXPECT_EQ(0, stun_check_fingerprint(&m, NULL));
}

/* An empty key is a key: HMAC with zero bytes, as OpenSSL's HMAC() does. */
TEST(empty_key)
{
	uint8_t buf[64], mac[20];
	unsigned int maclen;
	struct stun_builder b;
	struct stun_msg m;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	ASSERT_EQ(44, stun_build_integrity(&b, NULL, 0));
	buf[3] = 24;
	ASSERT_NE(NULL, HMAC(EVP_sha1(), "", 0, buf, 20, mac, &maclen));
	EXPECT_EQ(0, memcmp(mac, buf + 24, 20));
	ASSERT_EQ(0, parse(&m, buf, 44));
	EXPECT_EQ(0, stun_check_integrity(&m, "", 0, NULL));
	EXPECT_EQ(-EACCES, stun_check_integrity(&m, "x", 1, NULL));
	EXPECT_EQ(-ENOENT, stun_check_fingerprint(&m, NULL));
}

TEST(message_type_encoding)
{
	unsigned int method, cls;

	EXPECT_EQ(STUN_BINDING_REQUEST,
		  stun_type(STUN_METHOD_BINDING, STUN_CLASS_REQUEST));
	EXPECT_EQ(STUN_BINDING_INDICATION,
		  stun_type(STUN_METHOD_BINDING, STUN_CLASS_INDICATION));
	EXPECT_EQ(STUN_BINDING_SUCCESS,
		  stun_type(STUN_METHOD_BINDING, STUN_CLASS_SUCCESS));
	EXPECT_EQ(STUN_BINDING_ERROR,
		  stun_type(STUN_METHOD_BINDING, STUN_CLASS_ERROR));
	/* TURN Allocate error response (RFC 8656): 0x0113. */
	EXPECT_EQ(0x0113, stun_type(0x003, STUN_CLASS_ERROR));
	for (method = 0; method < 0x1000; method++) {
		for (cls = 0; cls < 4; cls++) {
			uint16_t t = stun_type(method, cls);

			ASSERT_EQ(0, t & 0xc000);
			ASSERT_EQ(method, stun_type_method(t));
			ASSERT_EQ(cls, stun_type_class(t));
		}
	}
}

TEST(crc32_check_value)
{
	EXPECT_EQ(0xcbf43926u, wrtc_crc32(0, "123456789", 9));
	EXPECT_EQ(0xcbf43926u,
		  wrtc_crc32(wrtc_crc32(0, "1234", 4), "56789", 5));
	EXPECT_EQ(0u, wrtc_crc32(0, "", 0));
}

TEST(names)
{
	EXPECT_STREQ("USERNAME", stun_attr_name(STUN_ATTR_USERNAME));
	EXPECT_STREQ("GOOG-NETWORK-INFO",
		     stun_attr_name(STUN_ATTR_GOOG_NETWORK_INFO));
	EXPECT_EQ(NULL, stun_attr_name(0x0031));
	EXPECT_STREQ("success response", stun_class_name(STUN_CLASS_SUCCESS));
	EXPECT_STREQ("Role Conflict", stun_error_reason(487));
	EXPECT_EQ(NULL, stun_error_reason(499));
}

TEST(random_txids_differ)
{
	uint8_t a[STUN_TXID_LEN], b[STUN_TXID_LEN];

	ASSERT_EQ(0, stun_txid_random(a));
	ASSERT_EQ(0, stun_txid_random(b));
	EXPECT_NE(0, memcmp(a, b, STUN_TXID_LEN));
}

/* RFC 3629: what is UTF-8 and what is not, and where it goes wrong. */
TEST(utf8)
{
	static const struct {
		const char *s;
		size_t len;
		ssize_t chars; /* or -EILSEQ */
		size_t bad;
	} cases[] = {
		{ "", 0, 0, 0 },
		{ "evtj:h6vY", 9, 9, 0 },
		{ "a\0b", 3, 3, 0 },
		{ "\xc3\xb4\xe2\x85\xa8\xf0\x9f\x98\x80", 9, 3, 0 },
		{ "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf", 11, 5, 0 },
		{ "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 8, 2, 0 },
		{ "ab\x80", 3, -EILSEQ, 2 }, /* lone continuation */
		{ "\xc0\xaf", 2, -EILSEQ, 0 }, /* overlong '/' */
		{ "\xc1\xbf", 2, -EILSEQ, 0 }, /* overlong */
		{ "\xe0\x9f\xbf", 3, -EILSEQ, 1 }, /* overlong */
		{ "\xf0\x8f\xbf\xbf", 4, -EILSEQ, 1 }, /* overlong */
		{ "\xed\xa0\x80", 3, -EILSEQ, 1 }, /* surrogate U+D800 */
		{ "\xed\xbf\xbf", 3, -EILSEQ, 1 }, /* surrogate U+DFFF */
		{ "\xf4\x90\x80\x80", 4, -EILSEQ, 1 }, /* U+110000 */
		{ "\xf5\x80\x80\x80", 4, -EILSEQ, 0 },
		{ "\xff", 1, -EILSEQ, 0 },
		{ "x\xe3\x82", 3, -EILSEQ, 1 }, /* cut short */
		{ "\xe3\x82x", 3, -EILSEQ, 2 },
	};
	size_t i, bad;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = 99;
		EXPECT_EQ(cases[i].chars,
			  stun_utf8_chars(cases[i].s, cases[i].len, &bad))
		{
			TH_LOG("case %zu", i);
		}
		if (cases[i].chars < 0)
			EXPECT_EQ(cases[i].bad, bad);
	}
	EXPECT_EQ(-EILSEQ, stun_utf8_chars("\xff", 1, NULL));
}

TEST_HARNESS_MAIN
