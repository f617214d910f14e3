// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 8839 candidate attribute: host, server reflexive with raddr and
 * rport, relay, TCP with tcptype, IPv6 and mDNS addresses; writing back;
 * malformed candidates.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "sdp.h"

TEST(host)
{
	struct sdp_candidate c;

	ASSERT_EQ(0, sdp_candidate_parse(
			     "candidate:996678913 1 udp 2122260223 127.0.0.1 "
			     "40240 typ host generation 0 network-id 1 "
			     "network-cost 50",
			     &c, NULL));
	EXPECT_STREQ("996678913", c.foundation);
	EXPECT_EQ(1, c.component);
	EXPECT_STREQ("udp", c.transport);
	EXPECT_EQ(2122260223u, c.priority);
	EXPECT_STREQ("127.0.0.1", c.address);
	EXPECT_EQ(40240, c.port);
	EXPECT_STREQ("host", c.type);
	EXPECT_FALSE(c.has_raddr);
	EXPECT_FALSE(c.has_rport);
	EXPECT_STREQ("", c.tcptype);
	EXPECT_STREQ("generation 0 network-id 1 network-cost 50", c.ext);
}

TEST(srflx_with_raddr_rport)
{
	struct sdp_candidate c;

	/* the a= prefix is accepted too */
	ASSERT_EQ(0, sdp_candidate_parse(
			     "a=candidate:842163049 1 udp 1677729535 "
			     "203.0.113.5 61234 typ srflx raddr 192.168.1.10 "
			     "rport 54321 generation 0 ufrag Drwg",
			     &c, NULL));
	EXPECT_STREQ("842163049", c.foundation);
	EXPECT_EQ(1677729535u, c.priority);
	EXPECT_STREQ("203.0.113.5", c.address);
	EXPECT_EQ(61234, c.port);
	EXPECT_STREQ("srflx", c.type);
	EXPECT_TRUE(c.has_raddr);
	EXPECT_STREQ("192.168.1.10", c.raddr);
	EXPECT_TRUE(c.has_rport);
	EXPECT_EQ(54321, c.rport);
	EXPECT_STREQ("generation 0 ufrag Drwg", c.ext);
}

TEST(relay_ipv6_and_mdns)
{
	struct sdp_candidate c;

	/* no prefix at all, upper case transport, nothing after rport */
	ASSERT_EQ(0, sdp_candidate_parse("3 2 UDP 41885439 2001:db8::7 3478 "
					 "typ relay raddr 0.0.0.0 rport 0",
					 &c, NULL));
	EXPECT_EQ(2, c.component);
	EXPECT_STREQ("UDP", c.transport);
	EXPECT_STREQ("2001:db8::7", c.address);
	EXPECT_STREQ("relay", c.type);
	EXPECT_STREQ("0.0.0.0", c.raddr);
	EXPECT_EQ(0, c.rport);
	EXPECT_STREQ("", c.ext);

	ASSERT_EQ(0, sdp_candidate_parse(
			     "candidate:1 1 udp 2122260223 "
			     "8f0a1c2e-3b4d-4e5f-9a0b-1c2d3e4f5a6b.local 50000 "
			     "typ host",
			     &c, NULL));
	EXPECT_STREQ("8f0a1c2e-3b4d-4e5f-9a0b-1c2d3e4f5a6b.local", c.address);
	ASSERT_EQ(0, sdp_candidate_parse("+/Zz9 256 tcp 1 h 1 typ prflx", &c,
					 NULL));
	EXPECT_STREQ("+/Zz9", c.foundation);
	EXPECT_EQ(256, c.component);
	EXPECT_STREQ("h", c.address);
}

TEST(tcp_with_tcptype)
{
	struct sdp_candidate c;

	ASSERT_EQ(0, sdp_candidate_parse(
			     "candidate:3317877141 1 tcp 1518280447 127.0.0.1 "
			     "9 typ host tcptype active generation 0 "
			     "network-id 1 network-cost 50",
			     &c, NULL));
	EXPECT_STREQ("tcp", c.transport);
	EXPECT_EQ(9, c.port);
	EXPECT_STREQ("active", c.tcptype);
	EXPECT_STREQ("generation 0 network-id 1 network-cost 50", c.ext);

	/* tcptype anywhere among the extensions */
	ASSERT_EQ(0, sdp_candidate_parse("candidate:2 1 TCP 1 10.0.0.1 443 "
					 "typ srflx raddr 10.0.0.2 rport 9 "
					 "generation 0 tcptype passive",
					 &c, NULL));
	EXPECT_STREQ("passive", c.tcptype);
	EXPECT_STREQ("generation 0", c.ext);
	ASSERT_EQ(0, sdp_candidate_parse("candidate:2 1 tcp 1 10.0.0.1 9 typ "
					 "host tcptype so",
					 &c, NULL));
	EXPECT_STREQ("so", c.tcptype);
}

static void write_back(struct __test_metadata *_metadata, const char *text)
{
	struct sdp_candidate c;
	char buf[512];

	ASSERT_EQ(0, sdp_candidate_parse(text, &c, NULL));
	ASSERT_EQ((int)strlen(text),
		  sdp_candidate_write(&c, buf, sizeof(buf), NULL));
	EXPECT_STREQ(text, buf);
}

TEST(write_back_is_identical)
{
	write_back(_metadata, "candidate:996678913 1 udp 2122260223 127.0.0.1 "
			      "40240 typ host generation 0 network-id 1 "
			      "network-cost 50");
	write_back(_metadata, "candidate:842163049 1 udp 1677729535 "
			      "203.0.113.5 61234 typ srflx raddr 192.168.1.10 "
			      "rport 54321");
	write_back(_metadata, "candidate:3317877141 1 tcp 1518280447 ::1 9 typ "
			      "host tcptype active generation 0");
	write_back(_metadata, "candidate:1 1 udp 1 h 1 typ host rport 7");
}

TEST(write_checks_fields_and_space)
{
	static const char text[] = "candidate:1 1 udp 2130706431 192.0.2.1 "
				   "40000 typ host";
	struct sdp_candidate c;
	struct wrtc_err err = { 0 };
	char buf[128];
	int n;

	ASSERT_EQ(0, sdp_candidate_parse(text, &c, NULL));
	n = sdp_candidate_write(&c, buf, sizeof(buf), NULL);
	ASSERT_EQ((int)strlen(text), n);
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ(-ENOSPC, sdp_candidate_write(&c, buf, n, &err));
	EXPECT_NE(0u, strlen(err.msg));
	EXPECT_EQ('x', buf[0]);
	EXPECT_EQ(n, sdp_candidate_write(&c, buf, n + 1, NULL));

	/* a space smuggled into a field would change the meaning */
	strcpy(c.address, "192.0.2.1 9 typ relay");
	EXPECT_EQ(-EINVAL, sdp_candidate_write(&c, buf, sizeof(buf), NULL));
	strcpy(c.address, "192.0.2.1");
	strcpy(c.ext, "tcptype active");
	EXPECT_EQ(-EINVAL, sdp_candidate_write(&c, buf, sizeof(buf), NULL));
	c.ext[0] = '\0';
	c.component = 0;
	EXPECT_EQ(-EINVAL, sdp_candidate_write(&c, buf, sizeof(buf), NULL));
	c.component = 1;
	memset(c.foundation, 'a', sizeof(c.foundation));
	EXPECT_EQ(-EINVAL, sdp_candidate_write(&c, buf, sizeof(buf), NULL));
}

static const char *const malformed[] = {
	"",
	"candidate:",
	"candidate:1",
	"candidate:1 1 udp 1 1.2.3.4 5",
	"candidate:1 1 udp 1 1.2.3.4 5 typ",
	"candidate:1 1 udp 1 1.2.3.4 5 host",
	"candidate:1 1 udp 1 1.2.3.4 5 type host",
	"candidate:1 0 udp 1 1.2.3.4 5 typ host",
	"candidate:1 257 udp 1 1.2.3.4 5 typ host",
	"candidate:1 0001 udp 1 1.2.3.4 5 typ host",
	"candidate:1 x udp 1 1.2.3.4 5 typ host",
	"candidate:1 1 udp 0 1.2.3.4 5 typ host",
	"candidate:1 1 udp 2147483648 1.2.3.4 5 typ host",
	"candidate:1 1 udp 99999999999 1.2.3.4 5 typ host",
	"candidate:1 1 udp -1 1.2.3.4 5 typ host",
	"candidate:1 1 udp 1 1.2.3.4 65536 typ host",
	"candidate:1 1 udp 1 1.2.3.4 -1 typ host",
	"candidate:1 1 udp 1 1.2.3.4 5x typ host",
	"candidate:123456789012345678901234567890123 1 udp 1 1.2.3.4 5 typ host",
	"candidate:a-b 1 udp 1 1.2.3.4 5 typ host",
	"candidate:1 1 u:dp 1 1.2.3.4 5 typ host",
	"candidate:1 1 udp 1 1.2.3.4 5 typ ho:st",
	"candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr",
	"candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.1.1.1 rport",
	"candidate:1 1 udp 1 1.2.3.4 5 typ srflx raddr 1.1.1.1 rport x",
	"candidate:1 1 udp 1 1.2.3.4 5 typ srflx rport 70000",
	"candidate:1 1 tcp 1 1.2.3.4 5 typ host tcptype bogus",
	"candidate:1 1 tcp 1 1.2.3.4 5 typ host tcptype",
	"candidate:1 1 tcp 1 1.2.3.4 5 typ host tcptype active tcptype so",
	"candidate:1 1 udp 1 1.2.3.4 5 typ host generation",
	"candidate:1 1 udp 1 1.2.3.4 5 typ host gen:eration 0",
	"candidate:1  1 udp 1 1.2.3.4 5 typ host",
	"candidate:1 1 udp 1 1.2.3.4 5 typ host ",
	"candidate: 1 1 udp 1 1.2.3.4 5 typ host",
	"candidate:1 1 udp 1 1.2.3.4\t5 typ host",
	"candidate:1 1 udp 1 1.2.\x01.4 5 typ host",
};

TEST(malformed_candidates_are_rejected)
{
	struct wrtc_err err;
	struct sdp_candidate c;
	size_t i;

	for (i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		memset(&err, 0, sizeof(err));
		EXPECT_EQ(-EBADMSG, sdp_candidate_parse(malformed[i], &c, &err))
		TH_LOG("case \"%s\"", malformed[i]);
		EXPECT_NE(0u, strlen(err.msg));
	}
	EXPECT_EQ(-EINVAL, sdp_candidate_parse(NULL, &c, NULL));
}

TEST(long_extensions)
{
	char text[SDP_MAX_LINE + 64], *p;
	struct sdp_candidate c;

	p = text + sprintf(text, "candidate:1 1 udp 1 1.2.3.4 5 typ host");
	while (p - text < SDP_CAND_EXT_MAX + 40)
		p += sprintf(p, " k v");
	EXPECT_EQ(-E2BIG, sdp_candidate_parse(text, &c, NULL));
	memset(p, 'v', text + sizeof(text) - 1 - p);
	text[sizeof(text) - 1] = '\0';
	EXPECT_EQ(-E2BIG, sdp_candidate_parse(text, &c, NULL));
}

TEST_HARNESS_MAIN
