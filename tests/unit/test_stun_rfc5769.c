// SPDX-License-Identifier: GPL-2.0
/*
 * The STUN codec against the four RFC 5769 test vectors: each parses and
 * verifies, is written again byte for byte, and stops verifying when any
 * one of its bytes changes; unknown comprehension-optional attributes and
 * the content of padding bytes make no difference to what is read.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "stun.h"
#include "stun_test.h"
#include "kselftest_harness.h"

static const char lt_nonce[] = "f//499k954d6OL34oL9FSTvy64sA";
static const char lt_realm[] = "example.org";
/* What SASLprep makes of "The<U+00AD>M<U+00AA>tr<U+2168>". */
static const char lt_password[] = "TheMatrIX";

/* "マトリックス" in UTF-8, encoded here from its code points. */
static size_t lt_username(uint8_t out[18])
{
	static const uint16_t cps[] = { 0x30de, 0x30c8, 0x30ea,
					0x30c3, 0x30af, 0x30b9 };
	size_t i, n = 0;

	for (i = 0; i < 6; i++) {
		out[n++] = (uint8_t)(0xe0 | cps[i] >> 12);
		out[n++] = (uint8_t)(0x80 | (cps[i] >> 6 & 0x3f));
		out[n++] = (uint8_t)(0x80 | (cps[i] & 0x3f));
	}
	return n;
}

static const struct vector {
	const char *name;
	const uint8_t *buf;
	size_t len;
	bool long_term; /* key from stun_long_term_key(); no FINGERPRINT */
} vectors[] = {
	{ "2.1 request", rfc5769_request, sizeof(rfc5769_request), false },
	{ "2.2 IPv4 response", rfc5769_response_v4, sizeof(rfc5769_response_v4),
	  false },
	{ "2.3 IPv6 response", rfc5769_response_v6, sizeof(rfc5769_response_v6),
	  false },
	{ "2.4 long-term", rfc5769_long_term, sizeof(rfc5769_long_term), true },
};

/*
 * Does @m pass every check its vector has: MESSAGE-INTEGRITY, and
 * FINGERPRINT unless long-term? A missing attribute fails.
 */
static bool verifies(const struct stun_msg *m, const struct vector *v)
{
	if (v->long_term)
		return !stun_check_integrity(m, rfc5769_long_term_key, 16,
					     NULL);
	return !stun_check_integrity(m, rfc5769_password,
				     strlen(rfc5769_password), NULL) &&
	       !stun_check_fingerprint(m, NULL);
}

/* Are @x and @y the same attributes, values and order? */
static bool same_attrs(const struct stun_msg *x, const struct stun_msg *y)
{
	struct stun_attr a, b;
	size_t px = 0, py = 0;

	while (stun_attr_next(x, &px, &a))
		if (!stun_attr_next(y, &py, &b) || a.type != b.type ||
		    a.len != b.len || memcmp(a.val, b.val, a.len))
			return false;
	return !stun_attr_next(y, &py, &b);
}

/* Reads the request: every attribute, and both checks. */
TEST(request_reads_and_verifies)
{
	struct stun_msg m;
	struct stun_attr a;
	struct wrtc_err err;
	const char *s;
	uint16_t order[8];
	unsigned int n = 0;
	size_t pos = 0, len;
	uint32_t prio;
	uint64_t tie;

	ASSERT_EQ(0, parse(&m, rfc5769_request, sizeof(rfc5769_request)));
	EXPECT_EQ(STUN_BINDING_REQUEST, m.type);
	EXPECT_EQ(STUN_METHOD_BINDING, m.method);
	EXPECT_EQ(STUN_CLASS_REQUEST, (int)m.cls);
	EXPECT_EQ(0, memcmp(rfc5769_txid, m.txid, STUN_TXID_LEN));
	EXPECT_EQ(0u, m.nunknown);
	EXPECT_EQ(76u, m.integrity);
	EXPECT_EQ(0u, m.integrity_sha256);
	EXPECT_EQ(100u, m.fingerprint);
	EXPECT_EQ(m.integrity, m.attrs_end);

	while (stun_attr_next(&m, &pos, &a) && n < 8)
		order[n++] = a.type;
	ASSERT_EQ(4u, n);
	EXPECT_EQ(STUN_ATTR_SOFTWARE, order[0]);
	EXPECT_EQ(STUN_ATTR_PRIORITY, order[1]);
	EXPECT_EQ(STUN_ATTR_ICE_CONTROLLED, order[2]);
	EXPECT_EQ(STUN_ATTR_USERNAME, order[3]);

	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_SOFTWARE, &a));
	ASSERT_EQ(0, stun_attr_text(&a, &s, &len, NULL));
	ASSERT_EQ(16u, len);
	EXPECT_EQ(0, memcmp("STUN test client", s, 16));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_USERNAME, &a));
	ASSERT_EQ(0, stun_attr_text(&a, &s, &len, NULL));
	ASSERT_EQ(9u, len);
	EXPECT_EQ(0, memcmp("evtj:h6vY", s, 9));
	EXPECT_EQ(60u, a.off);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_PRIORITY, &a));
	ASSERT_EQ(0, stun_attr_u32(&a, &prio, NULL));
	EXPECT_EQ(0x6e0001ffu, prio);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_ICE_CONTROLLED, &a));
	ASSERT_EQ(0, stun_attr_u64(&a, &tie, NULL));
	EXPECT_EQ(0x932ff9b151263b36ull, tie);
	EXPECT_EQ(-ENOENT, stun_attr_find(&m, STUN_ATTR_USE_CANDIDATE, &a));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_FINGERPRINT, &a));
	EXPECT_EQ(100u, a.off);

	EXPECT_EQ(0, stun_check_fingerprint(&m, &err));
	EXPECT_EQ(0, stun_check_integrity(&m, rfc5769_password,
					  strlen(rfc5769_password), &err));
	EXPECT_EQ(-EACCES,
		  stun_check_integrity(&m, "VOkJxbRl1RmTxUk/WvJxBT", 22, &err));
	EXPECT_STREQ("MESSAGE-INTEGRITY does not match the key", err.msg);
	EXPECT_EQ(76u, err.offset);
	EXPECT_EQ(-ENOENT, stun_check_integrity_sha256(&m, "k", 1, NULL));
}

static void check_response(struct __test_metadata *_metadata,
			   const uint8_t *buf, size_t len,
			   const struct sockaddr *want, socklen_t wantlen)
{
	struct sockaddr_storage ss;
	struct stun_msg m;
	struct stun_attr a;
	const char *s;
	size_t slen;

	ASSERT_EQ(0, parse(&m, buf, len));
	EXPECT_EQ(STUN_BINDING_SUCCESS, m.type);
	EXPECT_EQ(STUN_CLASS_SUCCESS, (int)m.cls);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_SOFTWARE, &a));
	ASSERT_EQ(0, stun_attr_text(&a, &s, &slen, NULL));
	ASSERT_EQ(11u, slen);
	EXPECT_EQ(0, memcmp("test vector", s, 11));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_XOR_MAPPED_ADDRESS, &a));
	ASSERT_EQ(0, stun_attr_addr(&m, &a, &ss, NULL));
	EXPECT_EQ(0, memcmp(want, &ss, wantlen));
	EXPECT_EQ(0, stun_check_fingerprint(&m, NULL));
	EXPECT_EQ(0, stun_check_integrity(&m, rfc5769_password,
					  strlen(rfc5769_password), NULL));
}

TEST(responses_read_and_verify)
{
	struct sockaddr_in sin = v4("192.0.2.1", 32853);
	struct sockaddr_in6 sin6 =
		v6("2001:db8:1234:5678:11:2233:4455:6677", 32853);

	check_response(_metadata, rfc5769_response_v4,
		       sizeof(rfc5769_response_v4), (struct sockaddr *)&sin,
		       sizeof(sin));
	check_response(_metadata, rfc5769_response_v6,
		       sizeof(rfc5769_response_v6), (struct sockaddr *)&sin6,
		       sizeof(sin6));
}

/* USERNAME, NONCE and REALM, and MESSAGE-INTEGRITY with the MD5 key. */
TEST(long_term_reads_and_verifies)
{
	/* The password as typed, before SASLprep: it must not work. */
	static const char raw[] = "The\xc2\xadM\xc2\xaatr\xe2\x85\xa8";
	uint8_t user[18], key[STUN_LONG_TERM_KEY_LEN];
	const char *u, *r, *s;
	size_t ulen, rlen, len;
	struct stun_msg m;
	struct stun_attr a;

	ASSERT_EQ(18u, lt_username(user));
	ASSERT_EQ(0, parse(&m, rfc5769_long_term, sizeof(rfc5769_long_term)));
	EXPECT_EQ(STUN_BINDING_REQUEST, m.type);
	EXPECT_EQ(0, memcmp(rfc5769_long_term + 8, m.txid, STUN_TXID_LEN));
	EXPECT_EQ(0u, m.nunknown);
	EXPECT_EQ(92u, m.integrity);
	EXPECT_EQ(0u, m.fingerprint);
	EXPECT_EQ(92u, m.attrs_end);

	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_USERNAME, &a));
	ASSERT_EQ(0, stun_attr_text(&a, &u, &ulen, NULL));
	ASSERT_EQ(18u, ulen);
	EXPECT_EQ(0, memcmp(user, u, 18));
	EXPECT_EQ(6, stun_utf8_chars(u, ulen, NULL));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_NONCE, &a));
	ASSERT_EQ(0, stun_attr_text(&a, &s, &len, NULL));
	ASSERT_EQ(strlen(lt_nonce), len);
	EXPECT_EQ(0, memcmp(lt_nonce, s, len));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_REALM, &a));
	ASSERT_EQ(0, stun_attr_text(&a, &r, &rlen, NULL));
	ASSERT_EQ(strlen(lt_realm), rlen);
	EXPECT_EQ(0, memcmp(lt_realm, r, rlen));

	/* The key from the message's own USERNAME and REALM. */
	ASSERT_EQ(0, stun_long_term_key(u, ulen, r, rlen, lt_password,
					strlen(lt_password), key));
	EXPECT_EQ(0, memcmp(rfc5769_long_term_key, key, sizeof(key)));
	EXPECT_EQ(0, stun_check_integrity(&m, key, sizeof(key), NULL));
	EXPECT_EQ(-ENOENT, stun_check_fingerprint(&m, NULL));

	ASSERT_EQ(0,
		  stun_long_term_key(u, ulen, r, rlen, raw, strlen(raw), key));
	EXPECT_EQ(-EACCES, stun_check_integrity(&m, key, sizeof(key), NULL));
	/* Nor does the password as a short-term key. */
	EXPECT_EQ(-EACCES, stun_check_integrity(&m, lt_password,
						strlen(lt_password), NULL));
}

/* The writer reproduces the request byte for byte (padding with spaces). */
TEST(builder_writes_request)
{
	uint8_t buf[200];
	struct stun_builder b;

	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_txid, NULL);
	b.pad = ' ';
	stun_build_str(&b, STUN_ATTR_SOFTWARE, "STUN test client");
	stun_build_u32(&b, STUN_ATTR_PRIORITY, 0x6e0001ff);
	stun_build_u64(&b, STUN_ATTR_ICE_CONTROLLED, 0x932ff9b151263b36ull);
	stun_build_str(&b, STUN_ATTR_USERNAME, "evtj:h6vY");
	stun_build_integrity(&b, rfc5769_password, strlen(rfc5769_password));
	ASSERT_EQ((int)sizeof(rfc5769_request), stun_build_fingerprint(&b));
	EXPECT_EQ(0, memcmp(rfc5769_request, buf, sizeof(rfc5769_request)));
}

TEST(builder_writes_responses)
{
	struct sockaddr_in sin = v4("192.0.2.1", 32853);
	struct sockaddr_in6 sin6 =
		v6("2001:db8:1234:5678:11:2233:4455:6677", 32853);
	const struct {
		const struct sockaddr *addr;
		const uint8_t *want;
		size_t len;
	} cases[] = {
		{ (struct sockaddr *)&sin, rfc5769_response_v4,
		  sizeof(rfc5769_response_v4) },
		{ (struct sockaddr *)&sin6, rfc5769_response_v6,
		  sizeof(rfc5769_response_v6) },
	};
	struct stun_builder b;
	struct stun_msg req;
	uint8_t buf[200];
	size_t i;

	ASSERT_EQ(0, parse(&req, rfc5769_request, sizeof(rfc5769_request)));
	for (i = 0; i < 2; i++) {
		stun_build_reply(&b, buf, sizeof(buf), &req, STUN_CLASS_SUCCESS,
				 NULL);
		b.pad = ' ';
		stun_build_str(&b, STUN_ATTR_SOFTWARE, "test vector");
		stun_build_addr(&b, STUN_ATTR_XOR_MAPPED_ADDRESS,
				cases[i].addr);
		stun_build_integrity(&b, rfc5769_password,
				     strlen(rfc5769_password));
		ASSERT_EQ((int)cases[i].len, stun_build_fingerprint(&b));
		EXPECT_EQ(0, memcmp(cases[i].want, buf, cases[i].len));
	}
}

/* The long-term request, padded with zeros, from its fields and the key. */
TEST(builder_writes_long_term)
{
	uint8_t buf[200], user[18], key[STUN_LONG_TERM_KEY_LEN];
	struct stun_builder b;

	ASSERT_EQ(0, stun_long_term_key((char *)user, lt_username(user),
					lt_realm, strlen(lt_realm), lt_password,
					strlen(lt_password), key));
	stun_build_init(&b, buf, sizeof(buf), STUN_BINDING_REQUEST,
			rfc5769_long_term + 8, NULL);
	stun_build_text(&b, STUN_ATTR_USERNAME, (char *)user, sizeof(user));
	stun_build_str(&b, STUN_ATTR_NONCE, lt_nonce);
	stun_build_str(&b, STUN_ATTR_REALM, lt_realm);
	ASSERT_EQ((int)sizeof(rfc5769_long_term),
		  stun_build_integrity(&b, key, sizeof(key)));
	EXPECT_EQ(0, memcmp(rfc5769_long_term, buf, sizeof(rfc5769_long_term)));
}

/*
 * Change any one byte of any vector to any other value: the message no
 * longer parses, or its integrity or fingerprint fails. Never does it
 * parse and pass every check its vector has.
 */
TEST(every_single_byte_change_is_caught)
{
	uint8_t buf[128];
	struct stun_msg m;
	size_t i, v, unparsed, caught;
	unsigned int x;

	for (v = 0; v < sizeof(vectors) / sizeof(vectors[0]); v++) {
		const struct vector *vec = &vectors[v];

		ASSERT_GE(sizeof(buf), vec->len);
		ASSERT_EQ(0, parse(&m, vec->buf, vec->len));
		ASSERT_TRUE(verifies(&m, vec));
		unparsed = caught = 0;
		for (i = 0; i < vec->len; i++) {
			for (x = 1; x < 256; x++) {
				memcpy(buf, vec->buf, vec->len);
				buf[i] ^= (uint8_t)x;
				if (stun_parse(&m, buf, vec->len, NULL)) {
					unparsed++;
					continue;
				}
				EXPECT_FALSE(verifies(&m, vec))
				{
					TH_LOG("%s: byte %zu ^ 0x%02x passed",
					       vec->name, i, x);
				}
				caught++;
			}
		}
		EXPECT_EQ(vec->len * 255, unparsed + caught);
		TH_LOG("%s: %zu changes, %zu fail to parse, %zu fail a check",
		       vec->name, vec->len * 255, unparsed, caught);
	}
}

/*
 * Insert an attribute of @type with a 5-byte value into a copy of the
 * request, before MESSAGE-INTEGRITY, and sign it again (ref_sign()).
 * Returns the new length.
 */
static size_t insert_attr(uint8_t *buf, uint16_t type)
{
	size_t mi = 76, len = sizeof(rfc5769_request) + 12;

	memcpy(buf, rfc5769_request, mi);
	buf[mi] = (uint8_t)(type >> 8);
	buf[mi + 1] = (uint8_t)type;
	memcpy(buf + mi + 2, "\x00\x05hello\x00\x00\x00", 10);
	ref_sign(buf, len, rfc5769_password, strlen(rfc5769_password), true);
	return len;
}

/* RFC 8489 section 15: comprehension-optional attributes are skipped. */
TEST(unknown_optional_attribute_is_skipped)
{
	uint8_t buf[128];
	struct stun_msg orig, m;
	struct stun_attr a;
	size_t len = insert_attr(buf, 0x8055), pos = 0;
	unsigned int n = 0;

	ASSERT_EQ(0, parse(&orig, rfc5769_request, sizeof(rfc5769_request)));
	ASSERT_EQ(0, parse(&m, buf, len));
	EXPECT_EQ(0u, m.nunknown);
	EXPECT_EQ(88u, m.integrity);
	EXPECT_EQ(0, stun_check_integrity(&m, rfc5769_password,
					  strlen(rfc5769_password), NULL));
	EXPECT_EQ(0, stun_check_fingerprint(&m, NULL));
	/* The known attributes read as in the vector; the new one is last. */
	while (stun_attr_next(&orig, &pos, &a)) {
		struct stun_attr b;

		ASSERT_EQ(0, stun_attr_find(&m, a.type, &b));
		EXPECT_EQ(a.off, b.off);
		EXPECT_EQ(a.len, b.len);
		EXPECT_EQ(0, memcmp(a.val, b.val, a.len));
		n++;
	}
	EXPECT_EQ(4u, n);
	ASSERT_EQ(0, stun_attr_find(&m, 0x8055, &a));
	EXPECT_EQ(76u, a.off);
	/* The vector's own MAC does not cover the insertion. */
	memcpy(buf + 92, rfc5769_request + 80, 20);
	EXPECT_EQ(-EACCES,
		  stun_check_integrity(&m, rfc5769_password,
				       strlen(rfc5769_password), NULL));
}

/* A comprehension-required one is listed, and answered with a 420. */
TEST(unknown_required_attribute_is_reported)
{
	uint8_t buf[128], out[128];
	struct stun_builder b;
	struct stun_msg m, e;
	struct stun_attr a;
	const char *reason;
	size_t len = insert_attr(buf, 0x7ffe), rlen, n;
	uint16_t types[4];
	int code;

	ASSERT_EQ(0, parse(&m, buf, len));
	ASSERT_EQ(1u, m.nunknown);
	EXPECT_EQ(0x7ffe, m.unknown[0]);
	EXPECT_EQ(0, stun_check_integrity(&m, rfc5769_password,
					  strlen(rfc5769_password), NULL));

	stun_build_reply(&b, out, sizeof(out), &m, STUN_CLASS_ERROR, NULL);
	stun_build_error_code(&b, STUN_ERR_UNKNOWN_ATTRIBUTE, NULL);
	stun_build_unknown(&b, m.unknown, m.nunknown);
	stun_build_integrity(&b, rfc5769_password, strlen(rfc5769_password));
	ASSERT_LT(0, stun_build_fingerprint(&b));
	EXPECT_TRUE(ref_verify(out, b.len, rfc5769_password,
			       strlen(rfc5769_password), true));
	ASSERT_EQ(0, parse(&e, out, b.len));
	EXPECT_EQ(STUN_BINDING_ERROR, e.type);
	EXPECT_EQ(0, memcmp(rfc5769_txid, e.txid, STUN_TXID_LEN));
	ASSERT_EQ(0, stun_attr_find(&e, STUN_ATTR_ERROR_CODE, &a));
	ASSERT_EQ(0, stun_attr_error_code(&a, &code, &reason, &rlen, NULL));
	EXPECT_EQ(420, code);
	EXPECT_EQ(0, memcmp("Unknown Attribute", reason, rlen));
	ASSERT_EQ(0, stun_attr_find(&e, STUN_ATTR_UNKNOWN_ATTRIBUTES, &a));
	ASSERT_EQ(0, stun_attr_unknown(&a, types, 4, &n, NULL));
	ASSERT_EQ(1u, n);
	EXPECT_EQ(0x7ffe, types[0]);
}

/*
 * RFC 8489 section 14: padding content is ignored. Every padding byte of
 * each vector is set to another value and the message signed again (the
 * padding is under MESSAGE-INTEGRITY and FINGERPRINT); it reads the same
 * attributes as the vector, and verifies.
 */
TEST(padding_content_is_ignored)
{
	static const uint8_t fills[] = { 0x00, 0x20, 0xa5, 0xff };
	uint8_t buf[128];
	struct stun_msg orig, m;
	struct stun_attr a;
	size_t v, f, pos, p, npad;

	for (v = 0; v < sizeof(vectors) / sizeof(vectors[0]); v++) {
		const struct vector *vec = &vectors[v];
		const void *key = vec->long_term ?
					  (const void *)rfc5769_long_term_key :
					  rfc5769_password;
		size_t keylen = vec->long_term ? 16 : strlen(rfc5769_password);

		ASSERT_EQ(0, parse(&orig, vec->buf, vec->len));
		for (f = 0; f < sizeof(fills); f++) {
			memcpy(buf, vec->buf, vec->len);
			pos = 0;
			npad = 0;
			while (stun_attr_next(&orig, &pos, &a)) {
				p = a.off + STUN_ATTR_HEADER_LEN + a.len;
				for (; p < pos; p++, npad++)
					buf[p] = fills[f];
			}
			ASSERT_LT(0u, npad);
			ref_sign(buf, vec->len, key, keylen, !vec->long_term);
			ASSERT_EQ(0, parse(&m, buf, vec->len));
			EXPECT_TRUE(same_attrs(&orig, &m))
			{
				TH_LOG("%s, padding 0x%02x", vec->name,
				       fills[f]);
			}
			EXPECT_EQ(orig.nunknown, m.nunknown);
			EXPECT_TRUE(verifies(&m, vec));
		}
	}
}

TEST_HARNESS_MAIN
