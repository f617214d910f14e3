// SPDX-License-Identifier: GPL-2.0
/*
 * The anchoring rewrite on the edges: an answer with a rejected section,
 * sections without c=, LF-only input without a final newline, generated
 * TCP candidates, bad transport input (which must leave the SDP as it was)
 * and results that would break the parser's limits.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "sdp.h"
#include "sdp_anchor_check.h"

#define HEAD "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
#define BLOCK(eol)                                                       \
	"a=ice-ufrag:GwU1" eol "a=ice-pwd:GatewayPassword0123456789" eol \
	"a=fingerprint:sha-256 " GW_FP eol "a=setup:actpass" eol         \
	"a=candidate:1 1 udp 2130706431 192.0.2.10 40002 typ host" eol   \
	"a=end-of-candidates" eol

static const char answer[] =
	"v=0\r\n"
	"o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"
	"s=-\r\n"
	"t=0 0\r\n"
	"a=group:BUNDLE 0\r\n"
	"a=msid-semantic: WMS\r\n"
	"m=audio 50000 UDP/TLS/RTP/SAVPF 111\r\n"
	"c=IN IP4 198.51.100.7\r\n"
	"a=rtcp:50000 IN IP4 198.51.100.7\r\n"
	"a=candidate:1467250027 1 udp 2122260223 198.51.100.7 50000 typ host "
	"generation 0\r\n"
	"a=ice-ufrag:Ans1\r\n"
	"a=ice-pwd:answerpasswordanswerpwd0\r\n"
	"a=ice-options:trickle\r\n"
	"a=fingerprint:sha-256 5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:"
	"5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A:5A\r\n"
	"a=setup:active\r\n"
	"a=tls-id:0123456789abcdef\r\n"
	"a=mid:0\r\n"
	"a=recvonly\r\n"
	"a=rtcp-mux\r\n"
	"a=rtpmap:111 opus/48000/2\r\n"
	"a=fmtp:111 minptime=10;useinbandfec=1\r\n"
	"m=video 0 UDP/TLS/RTP/SAVPF 96\r\n"
	"c=IN IP4 198.51.100.7\r\n"
	"a=rtcp:9 IN IP4 0.0.0.0\r\n"
	"a=ice-ufrag:Ans1\r\n"
	"a=mid:1\r\n"
	"a=inactive\r\n"
	"a=rtpmap:96 VP8/90000\r\n";

static const char *const answer_live[] = {
	"c=IN IP4 192.0.2.10",
	"a=rtcp:40002 IN IP4 192.0.2.10",
	"a=ice-ufrag:GwU1",
	"a=ice-pwd:GatewayPassword0123456789",
	"a=fingerprint:sha-256 " GW_FP,
	"a=setup:passive",
	"a=candidate:1 1 udp 2130706431 192.0.2.10 40002 typ host",
	"a=end-of-candidates",
	NULL,
};

static const char *const answer_rejected[] = { "c=IN IP4 192.0.2.10", NULL };

static const char *const answer_gone[] = {
	"Ans1",	      "answerpasswordanswerpwd0",
	"5A:5A",      "198.51.100.7",
	"1467250027", "tls-id",
	"50000",      "a=rtcp:9",
	NULL,
};

TEST(answer_with_rejected_section)
{
	struct sdp_transport t = gw();
	struct expect e = { none, answer_live, answer_rejected, "40002",
			    answer_gone };
	struct sdp sdp;
	char *out;

	t.setup = SDP_SETUP_PASSIVE;
	t.ice_lite = false;
	ASSERT_EQ(0, sdp_parse(&sdp, answer, strlen(answer), NULL));
	ASSERT_EQ(0, sdp_anchor(&sdp, &t, NULL));
	out = sdp_text(&sdp);
	ASSERT_NE(NULL, out);
	check(_metadata, answer, out, &e);
	EXPECT_NE(NULL, strstr(out, "\r\nm=video 0 UDP/TLS/RTP/SAVPF 96\r\n"));
	EXPECT_EQ(0, sdp.media[1].port);
	EXPECT_EQ(0, sdp_candidate_count(&sdp, 1));
	free(out);
	sdp_free(&sdp);
}

/* Whole-text expectations: where new lines go when there is no c=. */
static void anchor_text(struct __test_metadata *_metadata, const char *in,
			const char *want)
{
	struct sdp_transport t = gw();
	struct wrtc_err err = { 0 };
	struct sdp sdp;
	char *out;

	t.ice_lite = false;
	ASSERT_EQ(0, sdp_parse(&sdp, in, strlen(in), NULL));
	ASSERT_EQ(0, sdp_anchor(&sdp, &t, &err)) TH_LOG("%s", err.msg);
	out = sdp_text(&sdp);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ(want, out);
	free(out);
	sdp_free(&sdp);
}

TEST(c_line_is_added_where_missing)
{
	anchor_text(_metadata,
		    HEAD "m=audio 9 RTP/AVP 0\r\ni=voice\r\nb=AS:64\r\n"
			 "a=mid:0\r\nm=video 9 RTP/AVP 96\r\n",
		    HEAD
		    "m=audio 40002 RTP/AVP 0\r\ni=voice\r\n"
		    "c=IN IP4 192.0.2.10\r\nb=AS:64\r\n" BLOCK(
			    "\r\n") "a=mid:0\r\nm=video 40002 RTP/AVP 96\r\n"
				    "c=IN IP4 192.0.2.10\r\n" BLOCK("\r\n"));
	/* a session-level c= is rewritten and then covers every section */
	anchor_text(_metadata, HEAD "c=IN IP6 ::1\r\nm=audio 9 RTP/AVP 0\r\n",
		    HEAD
		    "c=IN IP4 192.0.2.10\r\nm=audio 40002 RTP/AVP 0\r\n" BLOCK(
			    "\r\n"));
}

TEST(lf_input_without_final_newline)
{
	anchor_text(
		_metadata,
		"v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n"
		"m=audio 9 RTP/AVP 0\nc=IN IP4 0.0.0.0\na=ice-ufrag:abcd",
		"v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n"
		"m=audio 40002 RTP/AVP 0\nc=IN IP4 192.0.2.10\n" BLOCK("\n"));
}

TEST(generated_tcp_candidate_fields)
{
	struct sdp_transport t = gw();
	struct sdp_candidate c;
	struct sdp sdp;
	static const char in[] = HEAD "m=audio 9 RTP/AVP 0\r\n";

	strcpy(gw_cand[0].transport, "tcp");
	strcpy(gw_cand[0].tcptype, "passive");
	strcpy(gw_cand[0].ext, "generation 0");
	gw_cand[0].port = 443;
	strcpy(gw_cand[1].address, "192.0.2.11");
	strcpy(gw_cand[1].type, "srflx");
	gw_cand[1].component = 2;
	gw_cand[1].port = 40002;
	gw_cand[1].has_raddr = gw_cand[1].has_rport = true;
	strcpy(gw_cand[1].raddr, "10.0.0.1");
	gw_cand[1].rport = 5000;
	t.ncand = 2;
	ASSERT_EQ(0, sdp_parse(&sdp, in, strlen(in), NULL));
	ASSERT_EQ(0, sdp_anchor(&sdp, &t, NULL));
	ASSERT_EQ(2, sdp_candidate_count(&sdp, 0));
	EXPECT_STREQ("candidate:1 1 tcp 2130706431 192.0.2.10 443 typ host "
		     "tcptype passive generation 0",
		     sdp.media[0].s.line[6].text);
	/* 100 << 24 | 65534 << 8 | 256 - 2 */
	EXPECT_STREQ("candidate:2 2 udp 1694498558 192.0.2.11 40002 typ srflx "
		     "raddr 10.0.0.1 rport 5000",
		     sdp.media[0].s.line[7].text);
	ASSERT_EQ(0, sdp_candidate(&sdp, 0, 0, &c, NULL));
	EXPECT_STREQ("passive", c.tcptype);
	sdp_free(&sdp);
}

TEST(bad_transport_leaves_sdp_unchanged)
{
	struct sdp_transport t;
	struct wrtc_err err;
	struct sdp sdp;
	char *before, *after;
	size_t len;
	int i;

	before = load_testdata(CHROME_DEFAULT, &len);
	ASSERT_NE(NULL, before);
	ASSERT_EQ(0, sdp_parse(&sdp, before, len, NULL));
	for (i = 0; i < 18; i++) {
		t = gw();
		switch (i) {
		case 0:
			t.ice_ufrag = "abc";
			break;
		case 1:
			t.ice_ufrag = "ab-cd";
			break;
		case 2:
			t.ice_pwd = "short";
			break;
		case 3:
			t.ice_pwd = NULL;
			break;
		case 4:
			t.ice_options = "trickle\r\na=x";
			break;
		case 5:
			t.fp_value = "0A:1";
			break;
		case 6:
			t.fp_hash = "sha 256";
			break;
		case 7:
			t.fp_value = GW_FP "\r\na=ice-lite";
			break;
		case 8:
			t.setup = SDP_SETUP_NONE;
			break;
		case 9:
			t.ncand = 0;
			break;
		case 10:
			t.ncand = SDP_MAX_CANDIDATES + 1;
			break;
		case 11:
			t.media_addr = "gateway.example";
			break;
		case 12:
			t.media_addr = "192.0.2.10\r\n";
			break;
		case 13:
			t.media_port = 0;
			break;
		case 14:
			strcpy(gw_cand[0].address, "host.local");
			break;
		case 15:
			gw_cand[0].port = 0;
			break;
		case 16:
			strcpy(gw_cand[0].ext, "odd");
			break;
		case 17:
			gw_cand[0].component = 300;
			break;
		}
		memset(&err, 0, sizeof(err));
		EXPECT_EQ(-EINVAL, sdp_anchor(&sdp, &t, &err))
		TH_LOG("case %d", i);
		EXPECT_NE(0u, strlen(err.msg)) TH_LOG("case %d", i);
	}
	after = sdp_text(&sdp);
	ASSERT_NE(NULL, after);
	EXPECT_STREQ(before, after);
	EXPECT_EQ(-EINVAL, sdp_anchor(&sdp, NULL, NULL));
	free(after);
	free(before);
	sdp_free(&sdp);
}

TEST(result_must_fit_the_limits)
{
	struct sdp_transport t = gw();
	struct sdp_candidate many[SDP_MAX_CANDIDATES];
	struct wrtc_err err = { 0 };
	size_t len = strlen(HEAD), i;
	struct sdp sdp;
	char *in, *before, *after;

	/* a section one line short of the limit cannot take the block */
	in = malloc(len + 32 + SDP_MAX_LINES * 5);
	ASSERT_NE(NULL, in);
	memcpy(in, HEAD "m=audio 9 RTP/AVP 0\r\n", len + 21);
	len += 21;
	for (i = 0; i < SDP_MAX_LINES - 2; i++, len += 5)
		memcpy(in + len, "a=x\r\n", 5);
	ASSERT_EQ(0, sdp_parse(&sdp, in, len, &err)) TH_LOG("%s", err.msg);
	before = sdp_text(&sdp);
	EXPECT_EQ(-E2BIG, sdp_anchor(&sdp, &t, &err));
	EXPECT_NE(0u, strlen(err.msg));
	after = sdp_text(&sdp);
	ASSERT_NE(NULL, after);
	EXPECT_STREQ(before, after);
	free(before);
	free(after);
	sdp_free(&sdp);
	free(in);

	/* the most candidates allowed */
	memset(many, 0, sizeof(many));
	for (i = 0; i < SDP_MAX_CANDIDATES; i++) {
		snprintf(many[i].address, sizeof(many[i].address),
			 "192.0.2.%zu", i + 1);
		many[i].port = 40002;
	}
	t.cand = many;
	t.ncand = SDP_MAX_CANDIDATES;
	ASSERT_EQ(0, sdp_parse(&sdp, answer, strlen(answer), NULL));
	ASSERT_EQ(0, sdp_anchor(&sdp, &t, NULL));
	EXPECT_EQ(SDP_MAX_CANDIDATES, sdp_candidate_count(&sdp, 0));
	sdp_free(&sdp);
}

TEST_HARNESS_MAIN
