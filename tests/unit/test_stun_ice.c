// SPDX-License-Identifier: GPL-2.0
/*
 * The STUN codec as ICE (RFC 8445) uses it: Binding requests captured from
 * Chromium, the success response a gateway sends back (checked without the
 * codec), error responses, and each ICE attribute written and read back.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "stun.h"
#include "stun_test.h"
#include "kselftest_harness.h"

static void check_chromium(struct __test_metadata *_metadata,
			   const uint8_t *buf, size_t len, bool nominate)
{
	const uint8_t netinfo[4] = { 0x00, 0x01, 0x00, 0x32 };
	struct stun_msg m;
	struct stun_attr a;
	struct wrtc_err err;
	uint32_t prio;
	uint64_t tie;

	ASSERT_TRUE(stun_is_message(buf, len));
	ASSERT_EQ(0, parse(&m, buf, len));
	EXPECT_EQ(STUN_BINDING_REQUEST, m.type);
	EXPECT_EQ(0u, m.nunknown);
	EXPECT_EQ(0, stun_check_fingerprint(&m, &err));
	EXPECT_EQ(0, stun_check_integrity(&m, gw_pwd, strlen(gw_pwd), &err));
	EXPECT_EQ(-EACCES, stun_check_integrity(&m, "Cy3Y2hSH73en+Xxmhw0KWV4k",
						24, &err));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_USERNAME, &a));
	ASSERT_EQ(13, a.len);
	EXPECT_EQ(0, memcmp("wrtcLITE:Mu1Y", a.val, 13));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_GOOG_NETWORK_INFO, &a));
	ASSERT_EQ(4, a.len);
	EXPECT_EQ(0, memcmp(netinfo, a.val, 4));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_ICE_CONTROLLING, &a));
	ASSERT_EQ(0, stun_attr_u64(&a, &tie, &err));
	EXPECT_EQ(0x700fb902fa223836ull, tie);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_PRIORITY, &a));
	ASSERT_EQ(0, stun_attr_u32(&a, &prio, &err));
	EXPECT_EQ(0x6e7f1effu, prio);
	EXPECT_EQ(nominate ? 0 : -ENOENT,
		  stun_attr_find(&m, STUN_ATTR_USE_CANDIDATE, &a));
	EXPECT_EQ(-ENOENT, stun_attr_find(&m, STUN_ATTR_ICE_CONTROLLED, &a));
}

TEST(chromium_checks_read_and_verify)
{
	check_chromium(_metadata, chromium_check, sizeof(chromium_check),
		       false);
	check_chromium(_metadata, chromium_nominate, sizeof(chromium_nominate),
		       true);
}

/* The writer puts Chromium's attributes in Chromium's bytes. */
TEST(builder_writes_chromium_checks)
{
	const uint8_t netinfo[4] = { 0x00, 0x01, 0x00, 0x32 };
	const uint8_t *want[] = { chromium_check, chromium_nominate };
	const size_t len[] = { sizeof(chromium_check),
			       sizeof(chromium_nominate) };
	uint8_t buf[128];
	struct stun_builder b;
	int i;

	for (i = 0; i < 2; i++) {
		stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
				want[i] + 8, NULL);
		stun_build_str(&b, STUN_ATTR_USERNAME, "wrtcLITE:Mu1Y");
		stun_build_attr(&b, STUN_ATTR_GOOG_NETWORK_INFO, netinfo, 4);
		stun_build_u64(&b, STUN_ATTR_ICE_CONTROLLING,
			       0x700fb902fa223836ull);
		if (i == 1)
			stun_build_flag(&b, STUN_ATTR_USE_CANDIDATE);
		stun_build_u32(&b, STUN_ATTR_PRIORITY, 0x6e7f1eff);
		stun_build_integrity(&b, gw_pwd, strlen(gw_pwd));
		ASSERT_EQ((int)len[i], stun_build_fingerprint(&b));
		EXPECT_EQ(0, memcmp(want[i], buf, len[i]));
	}
}

/* The ICE-lite answer: XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY, FINGERPRINT. */
TEST(ice_lite_answer)
{
	struct sockaddr_in from = v4("127.0.0.1", 34042);
	struct sockaddr_storage mapped;
	struct stun_builder b;
	struct stun_msg m, r;
	struct stun_attr a;
	uint8_t buf[128];

	ASSERT_EQ(0, parse(&m, chromium_check, sizeof(chromium_check)));
	stun_build_reply(&b, buf, sizeof(buf), &m, STUN_CLASS_SUCCESS, NULL);
	stun_build_addr(&b, STUN_ATTR_XOR_MAPPED_ADDRESS,
			(struct sockaddr *)&from);
	stun_build_integrity(&b, gw_pwd, strlen(gw_pwd));
	ASSERT_EQ((int)sizeof(gateway_answer), stun_build_fingerprint(&b));
	EXPECT_EQ(0, memcmp(gateway_answer, buf, sizeof(gateway_answer)));

	/* What Chromium checks in it. */
	ASSERT_EQ(0, parse(&r, buf, sizeof(gateway_answer)));
	EXPECT_EQ(STUN_BINDING_SUCCESS, r.type);
	EXPECT_EQ(0, memcmp(m.txid, r.txid, STUN_TXID_LEN));
	EXPECT_EQ(0, stun_check_fingerprint(&r, NULL));
	EXPECT_EQ(0, stun_check_integrity(&r, gw_pwd, strlen(gw_pwd), NULL));
	ASSERT_EQ(0, stun_attr_find(&r, STUN_ATTR_XOR_MAPPED_ADDRESS, &a));
	ASSERT_EQ(0, stun_attr_addr(&r, &a, &mapped, NULL));
	EXPECT_EQ(0, memcmp(&from, &mapped, sizeof(from)));
	/* On the wire the address is masked. */
	EXPECT_NE(0, memcmp(a.val + 4, &from.sin_addr, 4));
}

/* 420: the unknown comprehension-required types, each once. */
TEST(error_420_lists_unknown_attributes)
{
	const uint16_t unknown[] = { 0x0031, 0x7f00, 0x0004 };
	uint8_t req[64], buf[128];
	struct stun_builder b;
	struct stun_msg m, e;
	struct stun_attr a;
	const char *reason;
	size_t rlen, n;
	uint16_t types[8];
	int code;

	/* A request with three unknown comprehension-required attributes. */
	stun_build_init(&b, req, sizeof(req), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	stun_build_u32(&b, 0x0031, 1);
	stun_build_u32(&b, 0x7f00, 2);
	stun_build_u32(&b, 0x0031, 3); /* listed once */
	stun_build_u32(&b, 0xc0de, 4); /* comprehension-optional */
	ASSERT_EQ(20 + 5 * 8, stun_build_u32(&b, 0x0004, 5));
	ASSERT_EQ(0, parse(&m, req, b.len));
	ASSERT_EQ(3u, m.nunknown);
	EXPECT_EQ(0, memcmp(unknown, m.unknown, sizeof(unknown)));

	stun_build_reply(&b, buf, sizeof(buf), &m, STUN_CLASS_ERROR, NULL);
	stun_build_error_code(&b, STUN_ERR_UNKNOWN_ATTRIBUTE, NULL);
	stun_build_unknown(&b, m.unknown, m.nunknown);
	ASSERT_LT(0, stun_build_fingerprint(&b));
	ASSERT_EQ(0, parse(&e, buf, b.len));
	EXPECT_EQ(STUN_BINDING_ERROR, e.type);
	EXPECT_EQ(STUN_CLASS_ERROR, (int)e.cls);
	ASSERT_EQ(0, stun_attr_find(&e, STUN_ATTR_ERROR_CODE, &a));
	ASSERT_EQ(0, stun_attr_error_code(&a, &code, &reason, &rlen, NULL));
	EXPECT_EQ(420, code);
	ASSERT_EQ(strlen("Unknown Attribute"), rlen);
	EXPECT_EQ(0, memcmp("Unknown Attribute", reason, rlen));
	ASSERT_EQ(0, stun_attr_find(&e, STUN_ATTR_UNKNOWN_ATTRIBUTES, &a));
	EXPECT_EQ(6, a.len);
	ASSERT_EQ(0, stun_attr_unknown(&a, types, 8, &n, NULL));
	ASSERT_EQ(3u, n);
	EXPECT_EQ(0, memcmp(unknown, types, sizeof(unknown)));
	ASSERT_EQ(0, stun_attr_unknown(&a, types, 1, &n, NULL));
	EXPECT_EQ(3u, n);

	/* Codes outside 300..699 are neither written nor read. */
	stun_build_reply(&b, buf, sizeof(buf), &m, STUN_CLASS_ERROR, NULL);
	EXPECT_EQ(-EINVAL, stun_build_error_code(&b, 200, "OK"));
	stun_build_reply(&b, buf, sizeof(buf), &m, STUN_CLASS_ERROR, NULL);
	EXPECT_EQ(-EINVAL, stun_build_error_code(&b, 700, NULL));
	stun_build_reply(&b, buf, sizeof(buf), &m, STUN_CLASS_ERROR, NULL);
	stun_build_attr(&b, STUN_ATTR_ERROR_CODE, "\0\0\x07\x00", 4);
	ASSERT_EQ(0, parse(&e, buf, b.len));
	ASSERT_EQ(0, stun_attr_find(&e, STUN_ATTR_ERROR_CODE, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_error_code(&a, &code, NULL, NULL, NULL));
}

/*
 * The 200 answer to an ICE check, for an IPv4 and an IPv6 source, checked
 * without the codec: the XOR-MAPPED-ADDRESS bytes masked by hand, the
 * HMAC-SHA1 by OpenSSL's HMAC() over the bytes before MESSAGE-INTEGRITY
 * with the length field ending there, and the CRC-32 bit by bit.
 */
TEST(ice_success_response_checked_independently)
{
	struct sockaddr_in sin = v4("203.0.113.9", 50000);
	struct sockaddr_in6 sin6 = v6("2001:db8::5", 50001);
	const struct sockaddr *addrs[] = { (struct sockaddr *)&sin,
					   (struct sockaddr *)&sin6 };
	const size_t addrlen[] = { sizeof(sin), sizeof(sin6) };
	uint8_t buf[128], want[24];
	struct sockaddr_storage ss;
	struct stun_builder b;
	struct stun_msg req, m;
	struct stun_attr a;
	size_t i, k, vlen;

	ASSERT_EQ(0, parse(&req, chromium_check, sizeof(chromium_check)));
	for (i = 0; i < 2; i++) {
		vlen = i ? 20 : 8;
		/* Family, port ^ 0x2112, address ^ (cookie | txid). */
		memset(want, 0, sizeof(want));
		memcpy(want, "\x00\x20\x00", 3);
		want[3] = (uint8_t)vlen;
		want[5] = i ? 2 : 1;
		memcpy(want + 6,
		       i ? (void *)&sin6.sin6_port : (void *)&sin.sin_port, 2);
		memcpy(want + 8,
		       i ? (void *)&sin6.sin6_addr : (void *)&sin.sin_addr,
		       vlen - 4);
		for (k = 2; k < vlen; k++)
			want[4 + k] ^= chromium_check[4 + k - (k < 4 ? 2 : 4)];

		stun_build_reply(&b, buf, sizeof(buf), &req, STUN_CLASS_SUCCESS,
				 NULL);
		stun_build_addr(&b, STUN_ATTR_XOR_MAPPED_ADDRESS, addrs[i]);
		stun_build_integrity(&b, gw_pwd, strlen(gw_pwd));
		ASSERT_EQ((int)(20 + 4 + vlen + 24 + 8),
			  stun_build_fingerprint(&b));
		EXPECT_EQ(0x01, buf[0]);
		EXPECT_EQ(0x01, buf[1]);
		EXPECT_EQ(0, memcmp(chromium_check + 4, buf + 4, 16));
		EXPECT_EQ(0, memcmp(want, buf + 20, 4 + vlen));
		EXPECT_TRUE(
			ref_verify(buf, b.len, gw_pwd, strlen(gw_pwd), true));
		EXPECT_FALSE(ref_verify(buf, b.len, "wrtcLiteGatewayPassword1",
					24, true));

		ASSERT_EQ(0, parse(&m, buf, b.len));
		EXPECT_EQ(0, stun_check_integrity(&m, gw_pwd, strlen(gw_pwd),
						  NULL));
		EXPECT_EQ(0, stun_check_fingerprint(&m, NULL));
		ASSERT_EQ(0,
			  stun_attr_find(&m, STUN_ATTR_XOR_MAPPED_ADDRESS, &a));
		ASSERT_EQ(0, stun_attr_addr(&m, &a, &ss, NULL));
		EXPECT_EQ(0, memcmp(addrs[i], &ss, addrlen[i]));
	}
}

/*
 * Write @type/@val in a fresh message, parse it; *a is the attribute read
 * back. The bytes on the wire must be @wire (attribute header, value and
 * zero padding, @wirelen bytes).
 */
static void round_trip(struct __test_metadata *_metadata, uint8_t *buf,
		       int built, const void *wire, size_t wirelen,
		       uint16_t type, struct stun_msg *m, struct stun_attr *a)
{
	ASSERT_EQ((int)(STUN_HEADER_LEN + wirelen), built);
	EXPECT_EQ(0, memcmp(wire, buf + STUN_HEADER_LEN, wirelen));
	ASSERT_EQ(0, parse(m, buf, STUN_HEADER_LEN + wirelen));
	ASSERT_EQ(0, stun_attr_find(m, type, a));
	EXPECT_EQ((size_t)STUN_HEADER_LEN, a->off);
}

/* ERROR-CODE 400, 401 and 487: class, number and reason, both ways. */
TEST(error_code_round_trips)
{
	static const struct {
		int code;
		const char *reason; /* NULL: the standard phrase */
		const char *wire;
		size_t wirelen;
	} cases[] = {
		{ 400, NULL,
		  "\x00\x09\x00\x0f\x00\x00\x04\x00"
		  "Bad Request\x00",
		  20 },
		{ 400, "Bad Request: no USERNAME",
		  "\x00\x09\x00\x1c\x00\x00\x04\x00"
		  "Bad Request: no USERNAME",
		  32 },
		{ 401, NULL,
		  "\x00\x09\x00\x13\x00\x00\x04\x01"
		  "Unauthenticated\x00",
		  24 },
		{ 401, "Unauthorized",
		  "\x00\x09\x00\x10\x00\x00\x04\x01"
		  "Unauthorized",
		  20 },
		{ 487, NULL,
		  "\x00\x09\x00\x11\x00\x00\x04\x57"
		  "Role Conflict\x00\x00\x00",
		  24 },
		{ 487, "R\xc3\xb4le Conflict",
		  "\x00\x09\x00\x12\x00\x00\x04\x57"
		  "R\xc3\xb4le Conflict\x00\x00",
		  24 },
	};
	uint8_t buf[128];
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	const char *reason, *want;
	size_t i, rlen;
	int code;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_ERROR,
				rfc5769_txid, NULL);
		round_trip(_metadata, buf,
			   stun_build_error_code(&b, cases[i].code,
						 cases[i].reason),
			   cases[i].wire, cases[i].wirelen,
			   STUN_ATTR_ERROR_CODE, &m, &a);
		ASSERT_EQ(0, stun_attr_error_code(&a, &code, &reason, &rlen,
						  NULL));
		EXPECT_EQ(cases[i].code, code);
		EXPECT_EQ(cases[i].code / 100, a.val[2] & 7);
		EXPECT_EQ(cases[i].code % 100, a.val[3]);
		want = cases[i].reason ? cases[i].reason :
					 stun_error_reason(cases[i].code);
		ASSERT_EQ(strlen(want), rlen);
		EXPECT_EQ(0, memcmp(want, reason, rlen));
	}
	EXPECT_STREQ("Bad Request", stun_error_reason(400));
	EXPECT_STREQ("Unauthenticated", stun_error_reason(401));

	/* Reason phrases: UTF-8, fewer than 128 characters. */
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_ERROR, rfc5769_txid,
			NULL);
	EXPECT_EQ(-EINVAL, stun_build_error_code(&b, 400, "Bad \xff"));
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_ERROR, rfc5769_txid,
			NULL);
	EXPECT_EQ(-E2BIG,
		  stun_build_error_code(&b, 400,
					"0123456789012345678901234567890123456"
					"7890123456789012345678901234567890123"
					"4567890123456789012345678901234567890"
					"12345678901234567"));
}

TEST(priority_round_trip)
{
	static const uint32_t values[] = { 1, 0x6e0001ff, 0x7effffff,
					   0xffffffff };
	uint8_t buf[64], wire[8] = { 0x00, 0x24, 0x00, 0x04 };
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	uint32_t v;
	size_t i;

	for (i = 0; i < 4; i++) {
		wire[4] = (uint8_t)(values[i] >> 24);
		wire[5] = (uint8_t)(values[i] >> 16);
		wire[6] = (uint8_t)(values[i] >> 8);
		wire[7] = (uint8_t)values[i];
		stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
				rfc5769_txid, NULL);
		round_trip(_metadata, buf,
			   stun_build_u32(&b, STUN_ATTR_PRIORITY, values[i]),
			   wire, 8, STUN_ATTR_PRIORITY, &m, &a);
		ASSERT_EQ(0, stun_attr_u32(&a, &v, NULL));
		EXPECT_EQ(values[i], v);
	}
}

/* ICE-CONTROLLING and ICE-CONTROLLED: 64-bit tie-breakers, all bits. */
TEST(ice_role_round_trip)
{
	static const uint64_t ties[] = { 0, 0x0123456789abcdefull,
					 0xfedcba9876543210ull, ~0ull };
	static const uint16_t types[] = { STUN_ATTR_ICE_CONTROLLING,
					  STUN_ATTR_ICE_CONTROLLED };
	uint8_t buf[64], wire[12] = { 0x80, 0, 0x00, 0x08 };
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	uint64_t v;
	size_t i, t, k;

	for (t = 0; t < 2; t++) {
		for (i = 0; i < 4; i++) {
			wire[1] = t ? 0x29 : 0x2a;
			for (k = 0; k < 8; k++)
				wire[4 + k] =
					(uint8_t)(ties[i] >> (56 - 8 * k));
			stun_build_init(&b, buf, sizeof(buf),
					STUN_BINDING_REQUEST, rfc5769_txid,
					NULL);
			round_trip(_metadata, buf,
				   stun_build_u64(&b, types[t], ties[i]), wire,
				   12, types[t], &m, &a);
			ASSERT_EQ(0, stun_attr_u64(&a, &v, NULL));
			EXPECT_EQ(ties[i], v);
			EXPECT_EQ(-ENOENT, stun_attr_find(&m, types[!t], &a));
		}
	}
}

/* USE-CANDIDATE: present and empty. */
TEST(use_candidate_round_trip)
{
	uint8_t buf[64];
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	struct wrtc_err err;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	round_trip(_metadata, buf, stun_build_flag(&b, STUN_ATTR_USE_CANDIDATE),
		   "\x00\x25\x00\x00", 4, STUN_ATTR_USE_CANDIDATE, &m, &a);
	EXPECT_EQ(0, a.len);
	EXPECT_EQ(0, stun_attr_flag(&a, NULL));

	/* A value where there should be none is malformed. */
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	stun_build_u32(&b, STUN_ATTR_USE_CANDIDATE, 1);
	ASSERT_EQ(0, parse(&m, buf, b.len));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_USE_CANDIDATE, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_flag(&a, &err));
	EXPECT_STREQ("USE-CANDIDATE of 4 bytes, not 0", err.msg);
	EXPECT_EQ(20u, err.offset);
}

/* USERNAME, REALM and NONCE: the text, its padding, and the limits. */
TEST(text_round_trips)
{
	static uint8_t buf[2048], big[800];
	static const struct {
		uint16_t type;
		const char *text;
		const char *wire;
		size_t wirelen;
	} cases[] = {
		{ STUN_ATTR_USERNAME, "wrtcLITE:Mu1Y",
		  "\x00\x06\x00\x0dwrtcLITE:Mu1Y\x00\x00\x00", 20 },
		{ STUN_ATTR_REALM, "example.org",
		  "\x00\x14\x00\x0b"
		  "example.org\x00",
		  16 },
		{ STUN_ATTR_NONCE, "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA",
		  "\x00\x15\x00\x29obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"
		  "\x00\x00\x00",
		  48 },
	};
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	struct wrtc_err err;
	const char *s;
	size_t i, len;

	for (i = 0; i < 3; i++) {
		stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
				rfc5769_txid, NULL);
		round_trip(_metadata, buf,
			   stun_build_str(&b, cases[i].type, cases[i].text),
			   cases[i].wire, cases[i].wirelen, cases[i].type, &m,
			   &a);
		ASSERT_EQ(0, stun_attr_text(&a, &s, &len, NULL));
		ASSERT_EQ(strlen(cases[i].text), len);
		EXPECT_EQ(0, memcmp(cases[i].text, s, len));
	}

	/* USERNAME: fewer than 509 bytes. */
	memset(big, 'u', sizeof(big));
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	EXPECT_EQ(20 + 4 + 508,
		  stun_build_text(&b, STUN_ATTR_USERNAME, (char *)big, 508));
	EXPECT_EQ(-E2BIG,
		  stun_build_text(&b, STUN_ATTR_USERNAME, (char *)big, 509));
	EXPECT_STREQ("USERNAME of 509 bytes, more than 508", err.msg);
	/* REALM, NONCE: fewer than 128 characters, however many bytes. */
	for (i = 0; i < 127; i++)
		memcpy(big + 3 * i, "\xe3\x82\xa2", 3); /* U+30A2 */
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	EXPECT_EQ(20 + 4 + 384,
		  stun_build_text(&b, STUN_ATTR_REALM, (char *)big, 381));
	EXPECT_EQ(-E2BIG, stun_build_text(&b, STUN_ATTR_NONCE, (char *)big,
					  3 * 127 + 1));
	EXPECT_STREQ("NONCE of 128 characters, more than 127", err.msg);
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, &err);
	EXPECT_EQ(-EINVAL,
		  stun_build_text(&b, STUN_ATTR_REALM, (char *)big, 380));
	EXPECT_STREQ("REALM: byte 378 of the text is not UTF-8", err.msg);

	/* A reader takes up to 763 bytes of UTF-8. */
	memset(big, 'n', sizeof(big));
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	stun_build_attr(&b, STUN_ATTR_NONCE, big, 763);
	stun_build_attr(&b, STUN_ATTR_REALM, big, 764);
	stun_build_attr(&b, STUN_ATTR_USERNAME, "ab\xed\xa0\x80", 5);
	ASSERT_EQ(0, parse(&m, buf, b.len));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_NONCE, &a));
	EXPECT_EQ(0, stun_attr_text(&a, NULL, &len, NULL));
	EXPECT_EQ(763u, len);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_REALM, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_text(&a, &s, &len, &err));
	EXPECT_STREQ("REALM of 764 bytes, more than 763", err.msg);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_USERNAME, &a));
	EXPECT_EQ(-EBADMSG, stun_attr_text(&a, &s, &len, &err));
	EXPECT_STREQ("USERNAME: byte 3 of the value is not UTF-8", err.msg);
	EXPECT_EQ(a.off + 4 + 3, err.offset);
}

TEST_HARNESS_MAIN
