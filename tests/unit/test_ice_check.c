// SPDX-License-Identifier: GPL-2.0
/*
 * The ICE-lite agent's decision on a request and its answer
 * (daemon/ice_check.c, pure logic over lib/stun.h, compiled in here):
 * Chromium's captured checks are valid and get the answer Chromium
 * accepted, and each way a request can be wrong gets the RFC 8489 / RFC
 * 8445 answer. Requests are signed and answers verified with the
 * reference HMAC and CRC of stun_test.h, not with the codec.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "stun.h"
#include "stun_test.h"
#include "kselftest_harness.h"

#include "ice_check.h"

static const struct ice_creds chromium_creds = {
	.local_ufrag = "wrtcLITE",
	.local_pwd = gw_pwd,
	.remote_ufrag = "Mu1Y",
};

/* A request written by hand: header, attributes, then signed. */
struct req {
	uint8_t buf[512];
	size_t len;
};

static void req_init(struct req *r, uint16_t type)
{
	memset(r, 0, sizeof(*r));
	ref_put16(r->buf, type);
	memcpy(r->buf + 4, "\x21\x12\xa4\x42", 4);
	memcpy(r->buf + 8, chromium_check + 8, STUN_TXID_LEN);
	r->len = STUN_HEADER_LEN;
}

static void req_attr(struct req *r, uint16_t type, const void *v, size_t n)
{
	ref_put16(r->buf + r->len, type);
	ref_put16(r->buf + r->len + 2, n);
	memcpy(r->buf + r->len + 4, v, n);
	r->len += 4 + ((n + 3) & ~(size_t)3);
	ref_put16(r->buf + 2, r->len - STUN_HEADER_LEN);
}

/* A Chromium-like check: USERNAME, ICE-CONTROLLING, PRIORITY. */
static void req_check(struct req *r, const char *username)
{
	req_init(r, STUN_BINDING_REQUEST);
	req_attr(r, STUN_ATTR_USERNAME, username, strlen(username));
	req_attr(r, STUN_ATTR_ICE_CONTROLLING,
		 "\x70\x0f\xb9\x02\xfa\x22\x38\x36", 8);
	req_attr(r, STUN_ATTR_PRIORITY, "\x6e\x7f\x1e\xff", 4);
}

/* MESSAGE-INTEGRITY keyed with @key (if not NULL), then FINGERPRINT. */
static void req_sign(struct req *r, const char *key, bool fp)
{
	uint32_t crc;

	if (key) {
		r->len += 24 + (fp ? 8 : 0);
		ref_sign(r->buf, r->len, key, strlen(key), fp);
		return;
	}
	if (!fp)
		return;
	ref_put16(r->buf + 2, r->len + 8 - STUN_HEADER_LEN);
	memcpy(r->buf + r->len, "\x80\x28\x00\x04", 4);
	crc = ref_crc32(r->buf, r->len) ^ 0x5354554e;
	ref_put16(r->buf + r->len + 4, crc >> 16);
	ref_put16(r->buf + r->len + 6, crc & 0xffff);
	r->len += 8;
}

static void decide(struct req *r, const struct ice_creds *c,
		   struct ice_check *chk)
{
	ice_check_request(r->buf, r->len, c, chk);
}

/* The answer to @r: an error of @code, keyed with @key or unsigned. */
static void expect_error(struct __test_metadata *_metadata, struct req *r,
			 const struct ice_check *chk, int code, const char *key)
{
	struct sockaddr_in from = v4("127.0.0.1", 34042);
	uint8_t out[ICE_REPLY_MAX];
	int n;

	ASSERT_EQ(ICE_ANSWER_ERROR, (int)chk->verdict);
	ASSERT_EQ(code, chk->code);
	EXPECT_EQ(key != NULL, chk->authenticated);
	n = ice_check_reply(r->buf, chk, (struct sockaddr *)&from, gw_pwd, out,
			    sizeof(out));
	ASSERT_GT(n, 0);
	/* Header: Binding error response, the request's transaction id. */
	EXPECT_EQ(0x01, out[0]);
	EXPECT_EQ(0x11, out[1]);
	EXPECT_EQ(0, memcmp(out + 8, r->buf + 8, STUN_TXID_LEN));
	/* ERROR-CODE first: class and number. */
	EXPECT_EQ(0x00, out[20]);
	EXPECT_EQ(0x09, out[21]);
	EXPECT_EQ(code / 100, out[26]);
	EXPECT_EQ(code % 100, out[27]);
	if (key) {
		EXPECT_TRUE(ref_verify(out, (size_t)n, key, strlen(key), true));
	} else {
		/* Only FINGERPRINT after the error: no MESSAGE-INTEGRITY. */
		uint8_t copy[ICE_REPLY_MAX];
		uint32_t crc = ref_crc32(out, (size_t)n - 8) ^ 0x5354554e;

		memcpy(copy, out, (size_t)n);
		EXPECT_EQ(0, memcmp(out + n - 8, "\x80\x28\x00\x04", 4));
		ref_put16(copy + n - 4, crc >> 16);
		ref_put16(copy + n - 2, crc & 0xffff);
		EXPECT_EQ(0, memcmp(copy, out, (size_t)n));
		for (int off = 20; off < n - 8;
		     off +=
		     4 + ((out[off + 2] << 8 | out[off + 3]) + 3) / 4 * 4)
			EXPECT_NE(STUN_ATTR_MESSAGE_INTEGRITY,
				  out[off] << 8 | out[off + 1]);
	}
}

/* Chromium's first check: valid, and answered as Chromium accepted. */
TEST(chromium_check_gets_the_answer_chromium_accepted)
{
	struct sockaddr_in from = v4("127.0.0.1", 34042);
	uint8_t out[ICE_REPLY_MAX];
	struct ice_check chk;

	ice_check_request(chromium_check, sizeof(chromium_check),
			  &chromium_creds, &chk);
	ASSERT_EQ(ICE_ANSWER_OK, (int)chk.verdict);
	EXPECT_TRUE(chk.authenticated);
	EXPECT_FALSE(chk.use_candidate);
	EXPECT_TRUE(chk.controlling);
	EXPECT_FALSE(chk.controlled);
	EXPECT_TRUE(chk.has_priority);
	EXPECT_EQ(0x6e7f1effu, chk.priority);
	EXPECT_EQ(0x700fb902fa223836ull, chk.tiebreaker);
	ASSERT_EQ((int)sizeof(gateway_answer),
		  ice_check_reply(chromium_check, &chk,
				  (struct sockaddr *)&from, gw_pwd, out,
				  sizeof(out)));
	EXPECT_EQ(0, memcmp(gateway_answer, out, sizeof(gateway_answer)));
}

TEST(chromium_nomination_is_valid_with_use_candidate)
{
	struct ice_check chk;

	ice_check_request(chromium_nominate, sizeof(chromium_nominate),
			  &chromium_creds, &chk);
	ASSERT_EQ(ICE_ANSWER_OK, (int)chk.verdict);
	EXPECT_TRUE(chk.use_candidate);
}

/* Before the endpoint's SDP: only our half of USERNAME is compared. */
TEST(unknown_remote_ufrag_checks_only_our_half)
{
	struct ice_creds c = chromium_creds;
	struct ice_check chk;
	struct req r;

	c.remote_ufrag = "";
	ice_check_request(chromium_check, sizeof(chromium_check), &c, &chk);
	EXPECT_EQ(ICE_ANSWER_OK, (int)chk.verdict);
	c.remote_ufrag = NULL;
	ice_check_request(chromium_check, sizeof(chromium_check), &c, &chk);
	EXPECT_EQ(ICE_ANSWER_OK, (int)chk.verdict);
	/* Our half must still match, and theirs be there. */
	req_check(&r, "wrtcLITE:");
	req_sign(&r, gw_pwd, true);
	decide(&r, &c, &chk);
	expect_error(_metadata, &r, &chk, 401, NULL);
	c.local_ufrag = "wrtcLITF";
	ice_check_request(chromium_check, sizeof(chromium_check), &c, &chk);
	EXPECT_EQ(ICE_ANSWER_ERROR, (int)chk.verdict);
	EXPECT_EQ(401, chk.code);
}

TEST(wrong_username_or_password_gets_401_unsigned)
{
	static const char *const bad_users[] = {
		"wrtcLITF:Mu1Y", "wrtcLIT:Mu1Y",   "wrtcLITE:Mu1Z",
		"wrtcLITE:Mu1",	 "wrtcLITE:Mu1YY", "wrtcLITEMu1Y",
		"Mu1Y:wrtcLITE",
	};
	struct ice_creds c = chromium_creds;
	struct ice_check chk;
	struct req r;

	for (size_t i = 0; i < sizeof(bad_users) / sizeof(bad_users[0]); i++) {
		req_check(&r, bad_users[i]);
		req_sign(&r, gw_pwd, true);
		decide(&r, &c, &chk);
		expect_error(_metadata, &r, &chk, 401, NULL);
	}
	/* The captured check under another password. */
	c.local_pwd = "wrtcLiteGatewayPassword1";
	ice_check_request(chromium_check, sizeof(chromium_check), &c, &chk);
	ASSERT_EQ(ICE_ANSWER_ERROR, (int)chk.verdict);
	EXPECT_EQ(401, chk.code);
	EXPECT_FALSE(chk.authenticated);
}

TEST(missing_fingerprint_username_or_integrity_gets_400)
{
	struct ice_check chk;
	struct req r;

	req_check(&r, "wrtcLITE:Mu1Y");
	req_sign(&r, gw_pwd, false);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, NULL);

	req_check(&r, "wrtcLITE:Mu1Y");
	req_sign(&r, NULL, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, NULL);

	req_init(&r, STUN_BINDING_REQUEST);
	req_attr(&r, STUN_ATTR_PRIORITY, "\x6e\x7f\x1e\xff", 4);
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, NULL);

	/* USERNAME that is not UTF-8. */
	req_check(&r, "wrtcLITE:\xff\xfe");
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, NULL);

	/* A sound header over attributes that do not parse. */
	req_check(&r, "wrtcLITE:Mu1Y");
	req_sign(&r, gw_pwd, true);
	ref_put16(r.buf + 22, 200); /* USERNAME's length runs past the end */
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, NULL);
}

TEST(ice_controlled_gets_487_signed)
{
	struct ice_check chk;
	struct req r;

	req_init(&r, STUN_BINDING_REQUEST);
	req_attr(&r, STUN_ATTR_USERNAME, "wrtcLITE:Mu1Y", 13);
	req_attr(&r, STUN_ATTR_ICE_CONTROLLED, "\0\0\0\0\0\0\0\1", 8);
	req_attr(&r, STUN_ATTR_USE_CANDIDATE, "", 0);
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 487, gw_pwd);
	EXPECT_TRUE(chk.controlled);

	/* Even with the smallest tie-breaker: a lite agent never controls. */
	req_init(&r, STUN_BINDING_REQUEST);
	req_attr(&r, STUN_ATTR_USERNAME, "wrtcLITE:Mu1Y", 13);
	req_attr(&r, STUN_ATTR_ICE_CONTROLLED, "\0\0\0\0\0\0\0\0", 8);
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 487, gw_pwd);
}

TEST(unknown_required_attribute_gets_420_listing_it)
{
	uint8_t out[ICE_REPLY_MAX];
	struct sockaddr_in from = v4("127.0.0.1", 1);
	struct ice_check chk;
	struct req r;
	int n;

	req_check(&r, "wrtcLITE:Mu1Y");
	req_attr(&r, 0x0031, "\1\2\3\4", 4);
	req_attr(&r, 0xc0de, "\1\2\3\4", 4); /* optional: ignored */
	req_attr(&r, 0x7f00, "", 0);
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 420, gw_pwd);
	n = ice_check_reply(r.buf, &chk, (struct sockaddr *)&from, gw_pwd, out,
			    sizeof(out));
	/* ERROR-CODE "Unknown Attribute" (4 + 4 + 17, padded: 28), then the
	 * list: 0x0031 and 0x7f00, not the optional 0xc0de. */
	ASSERT_GT(n, 20 + 4 + 24 + 8);
	EXPECT_EQ(0, memcmp(out + 48, "\x00\x0a\x00\x04\x00\x31\x7f\x00", 8));
}

TEST(malformed_ice_attributes_get_400_signed)
{
	struct ice_check chk;
	struct req r;

	req_init(&r, STUN_BINDING_REQUEST);
	req_attr(&r, STUN_ATTR_USERNAME, "wrtcLITE:Mu1Y", 13);
	req_attr(&r, STUN_ATTR_PRIORITY, "\1\2", 2);
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, gw_pwd);

	req_check(&r, "wrtcLITE:Mu1Y");
	req_attr(&r, STUN_ATTR_USE_CANDIDATE, "\1", 1);
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, gw_pwd);

	req_check(&r, "wrtcLITE:Mu1Y"); /* ICE-CONTROLLING, and: */
	req_attr(&r, STUN_ATTR_ICE_CONTROLLED, "\0\0\0\0\0\0\0\1", 8);
	req_sign(&r, gw_pwd, true);
	decide(&r, &chromium_creds, &chk);
	expect_error(_metadata, &r, &chk, 400, gw_pwd);
}

TEST(what_is_dropped)
{
	uint8_t buf[sizeof(chromium_check)];
	static const uint8_t rtp[24] = { 0x80, 0x60, 0x00, 0x01 };
	struct ice_check chk;
	struct req r;

	/* A FINGERPRINT that does not match: not STUN (RFC 8489 7.3). */
	memcpy(buf, chromium_check, sizeof(buf));
	buf[sizeof(buf) - 1] ^= 1;
	ice_check_request(buf, sizeof(buf), &chromium_creds, &chk);
	EXPECT_EQ(ICE_DROP, (int)chk.verdict);
	EXPECT_EQ(ICE_DROP_FINGERPRINT, (int)chk.drop);

	/* Indications and responses: a lite agent has no transactions. */
	req_init(&r, STUN_BINDING_INDICATION);
	req_sign(&r, NULL, true);
	decide(&r, &chromium_creds, &chk);
	EXPECT_EQ(ICE_DROP, (int)chk.verdict);
	EXPECT_EQ(ICE_DROP_NOT_REQUEST, (int)chk.drop);
	ice_check_request(gateway_answer, sizeof(gateway_answer),
			  &chromium_creds, &chk);
	EXPECT_EQ(ICE_DROP_NOT_REQUEST, (int)chk.drop);

	/* An Allocate request: no TURN on a media port. */
	req_init(&r, 0x0003);
	req_sign(&r, NULL, true);
	decide(&r, &chromium_creds, &chk);
	EXPECT_EQ(ICE_DROP, (int)chk.verdict);
	EXPECT_EQ(ICE_DROP_METHOD, (int)chk.drop);

	/* Not STUN at all, or cut short. */
	ice_check_request(rtp, sizeof(rtp), &chromium_creds, &chk);
	EXPECT_EQ(ICE_DROP_NOT_STUN, (int)chk.drop);
	ice_check_request(chromium_check, sizeof(chromium_check) - 4,
			  &chromium_creds, &chk);
	EXPECT_EQ(ICE_DROP_NOT_STUN, (int)chk.drop);
	EXPECT_EQ(-EINVAL, ice_check_reply(chromium_check, &chk, NULL, gw_pwd,
					   buf, sizeof(buf)));
}

/* IPv6 source: XOR-MAPPED-ADDRESS of 20 bytes, masked with the txid. */
TEST(ipv6_source_is_mapped)
{
	struct sockaddr_in6 from = v6("2001:db8::1", 5000);
	uint8_t out[ICE_REPLY_MAX], want[20] = { 0, 2 };
	struct ice_check chk;
	int n;

	ice_check_request(chromium_check, sizeof(chromium_check),
			  &chromium_creds, &chk);
	ASSERT_EQ(ICE_ANSWER_OK, (int)chk.verdict);
	n = ice_check_reply(chromium_check, &chk, (struct sockaddr *)&from,
			    gw_pwd, out, sizeof(out));
	ASSERT_EQ(20 + 24 + 24 + 8, n);
	EXPECT_EQ(0, memcmp(out + 20, "\x00\x20\x00\x14", 4));
	ref_put16(want + 2, 5000 ^ 0x2112);
	memcpy(want + 4, &from.sin6_addr, 16);
	for (int i = 0; i < 16; i++)
		want[4 + i] ^= chromium_check[4 + i];
	EXPECT_EQ(0, memcmp(out + 24, want, 20));
	EXPECT_TRUE(ref_verify(out, (size_t)n, gw_pwd, strlen(gw_pwd), true));
}

TEST_HARNESS_MAIN
