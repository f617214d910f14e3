// SPDX-License-Identifier: GPL-2.0
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "crc32.h"
#include "stun.h"
#include "kselftest_harness.h"

/* --- RFC 5769 test vectors ------------------------------------------------ */

static const char rfc5769_password[] = "VOkJxbRl1RmTxUk/WvJxBt";
static const uint8_t rfc5769_txid[STUN_TXID_LEN] = {
	0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae,
};

/* 2.1: Binding request with ICE attributes; its padding bytes are spaces. */
static const uint8_t rfc5769_request[] = {
	0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01,
	0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10,
	0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73, 0x74, 0x20, 0x63, 0x6c,
	0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
	0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36,
	0x00, 0x06, 0x00, 0x09, 0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76,
	0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14, 0x9a, 0xea, 0xa7, 0x0c,
	0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
	0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf,
};

/* 2.2: success response, XOR-MAPPED-ADDRESS 192.0.2.1:32853. */
static const uint8_t rfc5769_response_v4[] = {
	0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01,
	0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b,
	0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63, 0x74, 0x6f, 0x72, 0x20,
	0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
	0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3,
	0x8c, 0x74, 0x89, 0xf9, 0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7,
	0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96,
};

/* 2.3: the same with [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
static const uint8_t rfc5769_response_v6[] = {
	0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01,
	0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b,
	0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63, 0x74, 0x6f, 0x72, 0x20,
	0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
	0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9,
	0x00, 0x08, 0x00, 0x14, 0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1,
	0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75, 0xbf, 0xe3, 0xed, 0x41,
	0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c,
};

static int parse(struct stun_msg *m, const uint8_t *buf, size_t len)
{
	struct wrtc_err err = { 0 };
	int r = stun_parse(m, buf, len, &err);

	if (r)
		fprintf(stderr, "# stun_parse: %s (offset %zu)\n", err.msg,
			err.offset);
	return r;
}

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

static struct sockaddr_in v4(const char *ip, uint16_t port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };

	inet_pton(AF_INET, ip, &sin.sin_addr);
	return sin;
}

static struct sockaddr_in6 v6(const char *ip, uint16_t port)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_port = htons(port) };

	inet_pton(AF_INET6, ip, &sin6.sin6_addr);
	return sin6;
}

/* Reads the RFC 5769 request: every attribute, and both checks. */
TEST(rfc5769_request_reads_and_verifies)
{
	struct stun_msg m;
	struct stun_attr a;
	struct wrtc_err err;
	uint32_t prio;
	uint64_t tie;
	size_t pos = 0;
	uint16_t order[8];
	unsigned int n = 0;

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
	ASSERT_EQ(16, a.len);
	EXPECT_EQ(0, memcmp("STUN test client", a.val, 16));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_USERNAME, &a));
	ASSERT_EQ(9, a.len);
	EXPECT_EQ(0, memcmp("evtj:h6vY", a.val, 9));
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

	ASSERT_EQ(0, parse(&m, buf, len));
	EXPECT_EQ(STUN_BINDING_SUCCESS, m.type);
	EXPECT_EQ(STUN_CLASS_SUCCESS, (int)m.cls);
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_SOFTWARE, &a));
	ASSERT_EQ(11, a.len);
	EXPECT_EQ(0, memcmp("test vector", a.val, 11));
	ASSERT_EQ(0, stun_attr_find(&m, STUN_ATTR_XOR_MAPPED_ADDRESS, &a));
	ASSERT_EQ(0, stun_attr_addr(&m, &a, &ss, NULL));
	EXPECT_EQ(0, memcmp(want, &ss, wantlen));
	EXPECT_EQ(0, stun_check_fingerprint(&m, NULL));
	EXPECT_EQ(0, stun_check_integrity(&m, rfc5769_password,
					  strlen(rfc5769_password), NULL));
}

TEST(rfc5769_responses_read_and_verify)
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

/* The writer reproduces the vectors byte for byte (padding with spaces). */
TEST(builder_writes_rfc5769_request)
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

TEST(builder_writes_rfc5769_responses)
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

/*
 * Change any one byte of the signed request: it no longer parses, or its
 * FINGERPRINT or MESSAGE-INTEGRITY fails; never does it pass both.
 */
TEST(every_single_byte_change_is_caught)
{
	uint8_t buf[sizeof(rfc5769_request)];
	struct stun_msg m;
	size_t i;
	int bit;

	for (i = 0; i < sizeof(buf); i++) {
		for (bit = 0; bit < 8; bit++) {
			memcpy(buf, rfc5769_request, sizeof(buf));
			buf[i] ^= 1u << bit;
			if (stun_parse(&m, buf, sizeof(buf), NULL))
				continue;
			EXPECT_FALSE(!stun_check_fingerprint(&m, NULL) &&
				     !stun_check_integrity(
					     &m, rfc5769_password,
					     strlen(rfc5769_password), NULL))
			{
				TH_LOG("byte %zu bit %d passed", i, bit);
			}
		}
	}
}

/*
 * Binding requests captured from Chromium 156 (headless, loopback, in a
 * network namespace) checking an ICE-lite answerer whose SDP said
 * a=ice-ufrag:wrtcLITE a=ice-pwd:wrtcLiteGatewayPassword0; Chromium's own
 * ufrag was Mu1Y. The first check, then the nominating one. Chromium's
 * port was 34042, and it accepted gateway_answer (written by this codec) and
 * went on to DTLS.
 */
static const char gw_pwd[] = "wrtcLiteGatewayPassword0";
static const uint8_t chromium_check[] = {
	0x00, 0x01, 0x00, 0x50, 0x21, 0x12, 0xa4, 0x42, 0x44, 0x66, 0x66, 0x6f,
	0x56, 0x68, 0x4d, 0x4c, 0x68, 0x43, 0x59, 0x2b, 0x00, 0x06, 0x00, 0x0d,
	0x77, 0x72, 0x74, 0x63, 0x4c, 0x49, 0x54, 0x45, 0x3a, 0x4d, 0x75, 0x31,
	0x59, 0x00, 0x00, 0x00, 0xc0, 0x57, 0x00, 0x04, 0x00, 0x01, 0x00, 0x32,
	0x80, 0x2a, 0x00, 0x08, 0x70, 0x0f, 0xb9, 0x02, 0xfa, 0x22, 0x38, 0x36,
	0x00, 0x24, 0x00, 0x04, 0x6e, 0x7f, 0x1e, 0xff, 0x00, 0x08, 0x00, 0x14,
	0xc1, 0xca, 0xdb, 0xde, 0x2a, 0x5d, 0x20, 0xe1, 0xe9, 0x23, 0xc1, 0xa4,
	0x35, 0x22, 0x29, 0x27, 0x2f, 0x46, 0x60, 0x05, 0x80, 0x28, 0x00, 0x04,
	0xdd, 0xc4, 0xda, 0x01,
};

static const uint8_t chromium_nominate[] = {
	0x00, 0x01, 0x00, 0x54, 0x21, 0x12, 0xa4, 0x42, 0x74, 0x62, 0x62, 0x41,
	0x55, 0x68, 0x6f, 0x6a, 0x57, 0x31, 0x30, 0x32, 0x00, 0x06, 0x00, 0x0d,
	0x77, 0x72, 0x74, 0x63, 0x4c, 0x49, 0x54, 0x45, 0x3a, 0x4d, 0x75, 0x31,
	0x59, 0x00, 0x00, 0x00, 0xc0, 0x57, 0x00, 0x04, 0x00, 0x01, 0x00, 0x32,
	0x80, 0x2a, 0x00, 0x08, 0x70, 0x0f, 0xb9, 0x02, 0xfa, 0x22, 0x38, 0x36,
	0x00, 0x25, 0x00, 0x00, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x7f, 0x1e, 0xff,
	0x00, 0x08, 0x00, 0x14, 0xa3, 0xbf, 0x67, 0xb4, 0x31, 0x5d, 0x7d, 0x71,
	0xca, 0x09, 0x40, 0x74, 0x65, 0xe2, 0x33, 0x41, 0x02, 0x1d, 0x25, 0x4a,
	0x80, 0x28, 0x00, 0x04, 0x64, 0x0a, 0x01, 0xea,
};

static const uint8_t gateway_answer[] = {
	0x01, 0x01, 0x00, 0x2c, 0x21, 0x12, 0xa4, 0x42, 0x44, 0x66, 0x66,
	0x6f, 0x56, 0x68, 0x4d, 0x4c, 0x68, 0x43, 0x59, 0x2b, 0x00, 0x20,
	0x00, 0x08, 0x00, 0x01, 0xa5, 0xe8, 0x5e, 0x12, 0xa4, 0x43, 0x00,
	0x08, 0x00, 0x14, 0x67, 0x8e, 0xf9, 0x1b, 0x64, 0x67, 0x20, 0xd2,
	0x8d, 0xb4, 0x80, 0x03, 0x82, 0x27, 0xf8, 0x9d, 0xa3, 0xce, 0xd6,
	0x04, 0x80, 0x28, 0x00, 0x04, 0xe8, 0x48, 0xc3, 0x76,
};

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

TEST(error_responses)
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

	/* 487 with its own phrase; the ERROR-CODE bytes as RFC 8489 lays them. */
	stun_build_reply(&b, buf, sizeof(buf), &m, STUN_CLASS_ERROR, NULL);
	stun_build_error_code(&b, STUN_ERR_ROLE_CONFLICT, "Role Conflict");
	EXPECT_EQ(0, memcmp("\x00\x09\x00\x11\x00\x00\x04\x57Role Conflict",
			    buf + 20, 21));
	ASSERT_EQ(0, parse(&e, buf, b.len));
	ASSERT_EQ(0, stun_attr_find(&e, STUN_ATTR_ERROR_CODE, &a));
	ASSERT_EQ(0, stun_attr_error_code(&a, &code, NULL, NULL, NULL));
	EXPECT_EQ(487, code);

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

TEST_HARNESS_MAIN
