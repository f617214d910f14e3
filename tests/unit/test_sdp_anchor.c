// SPDX-License-Identifier: GPL-2.0
/*
 * The anchoring rewrite on the two Chromium offers, a Firefox-style offer
 * with session-level ICE/DTLS attributes, and an IPv6 media address.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "sdp.h"
#include "sdp_anchor_check.h"

/* priority = 126 << 24 | 65535 << 8 | 256 - 1 (RFC 8445 5.1.2.1) */
static const char *const chrome_live[] = {
	"c=IN IP4 192.0.2.10",
	"a=rtcp:40002 IN IP4 192.0.2.10",
	"a=ice-ufrag:GwU1",
	"a=ice-pwd:GatewayPassword0123456789",
	"a=fingerprint:sha-256 " GW_FP,
	"a=setup:actpass",
	"a=candidate:1 1 udp 2130706431 192.0.2.10 40002 typ host",
	"a=end-of-candidates",
	NULL,
};

static const char *const chrome_default_gone[] = {
	"Drwg",	       "XIeWvEUuJUvMtT9UhIq664l5",
	"E3:40:4E:40", "996678913",
	"3317877141",  "40240",
	"59281",       NULL,
};

static const char *const chrome_max_gone[] = {
	"VoR9",	       "cY108yIUy+9GoVIOV+Xo28mw",
	"D7:C9:D7:6F", "2776988583",
	"3679099199",  "43325",
	NULL,
};

static void anchor_file(struct __test_metadata *_metadata, const char *name,
			const char *const *gone)
{
	struct sdp_transport t = gw();
	struct expect e = { ice_lite, chrome_live, none, "40002", gone };
	struct wrtc_err err = { 0 };
	struct sdp sdp, again;
	char *text, *out, *out2;
	size_t len;

	text = load_testdata(name, &len);
	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, sdp_parse(&sdp, text, len, NULL));
	ASSERT_EQ(0, sdp_anchor(&sdp, &t, &err)) TH_LOG("%s", err.msg);
	out = sdp_text(&sdp);
	ASSERT_NE(NULL, out);
	check(_metadata, text, out, &e);
	/* CRLF kept; the output parses, round trips, and anchoring it again
	 * changes nothing */
	EXPECT_EQ(NULL, strstr(out, "\n\n"));
	EXPECT_EQ(0, strncmp(out + strlen(out) - 2, "\r\n", 2));
	ASSERT_EQ(0, sdp_parse(&again, out, strlen(out), &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(0, sdp_anchor(&again, &t, &err));
	out2 = sdp_text(&again);
	ASSERT_NE(NULL, out2);
	EXPECT_STREQ(out, out2);
	EXPECT_TRUE(sdp_ice_lite(&again));
	free(out2);
	sdp_free(&again);
	free(out);
	free(text);
	sdp_free(&sdp);
}

TEST(chromium_default_bundle)
{
	anchor_file(_metadata, CHROME_DEFAULT, chrome_default_gone);
}

TEST(chromium_max_bundle)
{
	anchor_file(_metadata, CHROME_MAX, chrome_max_gone);
}

static const char firefox_style[] =
	"v=0\r\n"
	"o=mozilla...THIS_IS_SDPARTA-99.0 6150356581513633361 0 IN IP4 "
	"0.0.0.0\r\n"
	"s=-\r\n"
	"t=0 0\r\n"
	"a=fingerprint:sha-256 6B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:"
	"35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\r\n"
	"a=group:BUNDLE 0 1\r\n"
	"a=ice-options:trickle\r\n"
	"a=ice-ufrag:3c9b8f2e\r\n"
	"a=ice-pwd:a8f4c9d2e0b1c3d5e7f9a1b3c5d7e9f1\r\n"
	"a=msid-semantic:WMS *\r\n"
	"m=audio 54321 UDP/TLS/RTP/SAVPF 109 9 0 8 101\r\n"
	"c=IN IP4 192.168.1.10\r\n"
	"a=candidate:0 1 UDP 2122252543 192.168.1.10 54321 typ host\r\n"
	"a=candidate:1 1 UDP 1686052863 203.0.113.5 54321 typ srflx raddr "
	"192.168.1.10 rport 54321\r\n"
	"a=sendrecv\r\n"
	"a=end-of-candidates\r\n"
	"a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
	"a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level\r\n"
	"a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
	"a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1\r\n"
	"a=fmtp:101 0-15\r\n"
	"a=mid:0\r\n"
	"a=msid:{5f0d0c4e-7d8e-4a4b-9c57-0d1e2f3a4b5c} "
	"{8e3f1a2b-4c5d-6e7f-8091-a2b3c4d5e6f7}\r\n"
	"a=rtcp-mux\r\n"
	"a=rtpmap:109 opus/48000/2\r\n"
	"a=rtpmap:9 G722/8000/1\r\n"
	"a=rtpmap:0 PCMU/8000\r\n"
	"a=rtpmap:8 PCMA/8000\r\n"
	"a=rtpmap:101 telephone-event/8000\r\n"
	"a=setup:actpass\r\n"
	"a=ssrc:2655508255 cname:{a1b2c3d4-e5f6-4789-abcd-ef0123456789}\r\n"
	"m=video 54321 UDP/TLS/RTP/SAVPF 120 124\r\n"
	"c=IN IP4 192.168.1.10\r\n"
	"a=sendrecv\r\n"
	"a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
	"a=fmtp:120 max-fs=12288;max-fr=60\r\n"
	"a=fmtp:124 apt=120\r\n"
	"a=mid:1\r\n"
	"a=rid:h send\r\n"
	"a=rid:l send\r\n"
	"a=simulcast:send h;l\r\n"
	"a=rtcp-fb:120 nack\r\n"
	"a=rtcp-fb:120 nack pli\r\n"
	"a=rtcp-fb:120 ccm fir\r\n"
	"a=rtcp-mux\r\n"
	"a=rtcp-rsize\r\n"
	"a=rtpmap:120 VP8/90000\r\n"
	"a=rtpmap:124 rtx/90000\r\n"
	"a=setup:actpass\r\n"
	"a=ssrc-group:FID 1111 2222\r\n"
	"a=ssrc:1111 cname:{a1b2c3d4-e5f6-4789-abcd-ef0123456789}\r\n";

static const char *const firefox_live[] = {
	"c=IN IP4 192.0.2.10",
	"a=ice-ufrag:GwU1",
	"a=ice-pwd:GatewayPassword0123456789",
	"a=ice-options:trickle",
	"a=fingerprint:sha-256 " GW_FP,
	"a=setup:actpass",
	"a=candidate:1 1 udp 2130706431 192.0.2.10 40002 typ host",
	"a=end-of-candidates",
	NULL,
};

static const char *const firefox_gone[] = {
	"3c9b8f2e",    "a8f4c9d2e0b1c3d5e7f9a1b3c5d7e9f1",
	"6B:8B:F0:65", "192.168.1.10",
	"203.0.113.5", "54321",
	NULL,
};

TEST(firefox_style_session_level_attributes)
{
	struct sdp_transport t = gw();
	struct expect e = { ice_lite, firefox_live, none, "40002",
			    firefox_gone };
	struct sdp sdp;
	const char *v;
	char *out;

	t.ice_options = "trickle";
	ASSERT_EQ(0,
		  sdp_parse(&sdp, firefox_style, strlen(firefox_style), NULL));
	ASSERT_EQ(0, sdp_anchor(&sdp, &t, NULL));
	out = sdp_text(&sdp);
	ASSERT_NE(NULL, out);
	check(_metadata, firefox_style, out, &e);
	/* ice-lite took the place of the session-level fingerprint */
	EXPECT_NE(NULL, strstr(out, "t=0 0\r\na=ice-lite\r\na=group:BUNDLE"));
	EXPECT_EQ(NULL, sdp_session_attr(&sdp, "ice-ufrag"));
	EXPECT_EQ(0, sdp_ice_ufrag(&sdp, 1, &v, NULL));
	EXPECT_STREQ("GwU1", v);
	free(out);
	sdp_free(&sdp);
}

static const char *const ipv6_live[] = {
	"c=IN IP6 2001:db8::10",
	"a=rtcp:40002 IN IP6 2001:db8::10",
	"a=ice-ufrag:GwU1",
	"a=ice-pwd:GatewayPassword0123456789",
	"a=fingerprint:sha-256 " GW_FP,
	"a=setup:passive",
	"a=candidate:1 1 udp 2130706431 2001:db8::10 40002 typ host",
	"a=candidate:gw4 1 udp 12345 192.0.2.10 40002 typ host",
	"a=end-of-candidates",
	NULL,
};

TEST(ipv6_media_address)
{
	struct sdp_transport t = gw();
	struct expect e = { none, ipv6_live, none, "40002",
			    chrome_default_gone };
	struct sdp_fingerprint fp;
	enum sdp_setup role;
	struct sdp sdp;
	char *text, *out;
	size_t len;

	strcpy(gw_cand[0].address, "2001:db8::10");
	strcpy(gw_cand[1].address, "192.0.2.10");
	strcpy(gw_cand[1].foundation, "gw4");
	gw_cand[1].port = 40002;
	gw_cand[1].priority = 12345;
	t.ncand = 2;
	t.media_addr = "2001:db8::10";
	t.setup = SDP_SETUP_PASSIVE;
	t.ice_lite = false;
	text = load_testdata(CHROME_DEFAULT, &len);
	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, sdp_parse(&sdp, text, len, NULL));
	ASSERT_EQ(0, sdp_anchor(&sdp, &t, NULL));
	out = sdp_text(&sdp);
	ASSERT_NE(NULL, out);
	check(_metadata, text, out, &e);
	EXPECT_FALSE(sdp_ice_lite(&sdp));
	ASSERT_EQ(0, sdp_fingerprint(&sdp, 1, &fp, NULL));
	EXPECT_EQ(0x0A, fp.digest[0]);
	ASSERT_EQ(0, sdp_setup(&sdp, 1, &role, NULL));
	EXPECT_EQ((int)SDP_SETUP_PASSIVE, (int)role);
	EXPECT_EQ(2, sdp_candidate_count(&sdp, 1));
	EXPECT_TRUE(sdp_end_of_candidates(&sdp, 1));
	free(out);
	free(text);
	sdp_free(&sdp);
}

TEST_HARNESS_MAIN
