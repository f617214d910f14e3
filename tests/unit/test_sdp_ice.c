// SPDX-License-Identifier: GPL-2.0
/*
 * WebRTC accessors: on the two Chromium offers (every expected value below
 * was copied by hand from the files in tests/data), on a Firefox-style
 * offer with session-level ICE and DTLS attributes, and on bad values.
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "sdp.h"
#include "sdp_test_util.h"

#define HEAD "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
#define AUDIO "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"

static const uint8_t chrome_default_fp[32] = {
	0xE3, 0x40, 0x4E, 0x40, 0x96, 0x3C, 0xE9, 0x68, 0x67, 0xE0, 0x61,
	0xB6, 0xB9, 0xE9, 0xA1, 0x36, 0xF8, 0xDC, 0x8C, 0xDE, 0x73, 0x5C,
	0xCD, 0x46, 0xB2, 0xE1, 0x8D, 0x7D, 0x73, 0xB7, 0x1A, 0x04,
};

FIXTURE(chrome)
{
	struct sdp def, max;
};

FIXTURE_SETUP(chrome)
{
	size_t len;
	char *text = load_testdata(CHROME_DEFAULT, &len);

	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, sdp_parse(&self->def, text, len, NULL));
	free(text);
	text = load_testdata(CHROME_MAX, &len);
	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, sdp_parse(&self->max, text, len, NULL));
	free(text);
}

FIXTURE_TEARDOWN(chrome)
{
	sdp_free(&self->def);
	sdp_free(&self->max);
}

TEST_F(chrome, sections)
{
	ASSERT_EQ(2u, self->def.nmedia);
	EXPECT_EQ(7u, self->def.session.n);
	EXPECT_EQ(33u, self->def.media[0].s.n);
	EXPECT_EQ(125u, self->def.media[1].s.n);
	EXPECT_STREQ("audio", self->def.media[0].media);
	EXPECT_EQ(40240, self->def.media[0].port);
	EXPECT_EQ(0, self->def.media[0].nports);
	EXPECT_STREQ("UDP/TLS/RTP/SAVPF", self->def.media[0].proto);
	EXPECT_STREQ("111 63 9 0 8 13 110 126", self->def.media[0].fmts);
	EXPECT_STREQ("video", self->def.media[1].media);
	EXPECT_EQ(59281, self->def.media[1].port);
	EXPECT_STREQ("96 97 102 103 104 107 108 109 114 115 116 117 39 40 "
		     "45 46 98 99 100 101 118 119 120",
		     self->def.media[1].fmts);
	ASSERT_EQ(2u, self->max.nmedia);
	EXPECT_EQ(43325, self->max.media[0].port);
	EXPECT_EQ(9, self->max.media[1].port);
	EXPECT_EQ(123u, self->max.media[1].s.n);
}

TEST_F(chrome, ice_credentials)
{
	const char *v;
	size_t m;

	for (m = 0; m < 2; m++) {
		ASSERT_EQ(0, sdp_ice_ufrag(&self->def, m, &v, NULL));
		EXPECT_STREQ("Drwg", v);
		ASSERT_EQ(0, sdp_ice_pwd(&self->def, m, &v, NULL));
		EXPECT_STREQ("XIeWvEUuJUvMtT9UhIq664l5", v);
		ASSERT_EQ(0, sdp_ice_options(&self->def, m, &v, NULL));
		EXPECT_STREQ("trickle", v);
		ASSERT_EQ(0, sdp_ice_ufrag(&self->max, m, &v, NULL));
		EXPECT_STREQ("VoR9", v);
		ASSERT_EQ(0, sdp_ice_pwd(&self->max, m, &v, NULL));
		EXPECT_STREQ("cY108yIUy+9GoVIOV+Xo28mw", v);
	}
	EXPECT_FALSE(sdp_ice_lite(&self->def));
	EXPECT_FALSE(sdp_ice_lite(&self->max));
	EXPECT_EQ(-EINVAL, sdp_ice_ufrag(&self->def, 2, &v, NULL));
}

TEST_F(chrome, dtls)
{
	struct sdp_fingerprint fp;
	enum sdp_setup role = SDP_SETUP_NONE;

	ASSERT_EQ(0, sdp_fingerprint(&self->def, 1, &fp, NULL));
	EXPECT_STREQ("sha-256", fp.hash);
	EXPECT_STREQ("E3:40:4E:40:96:3C:E9:68:67:E0:61:B6:B9:E9:A1:36:"
		     "F8:DC:8C:DE:73:5C:CD:46:B2:E1:8D:7D:73:B7:1A:04",
		     fp.value);
	ASSERT_EQ(32u, fp.len);
	EXPECT_EQ(0, memcmp(chrome_default_fp, fp.digest, 32));
	ASSERT_EQ(0, sdp_fingerprint(&self->max, 0, &fp, NULL));
	EXPECT_STREQ("D7:C9:D7:6F:08:C8:E5:48:6F:6B:E2:ED:4F:B9:7F:81:"
		     "F7:DE:80:00:FA:BA:65:E6:2E:A1:FA:D2:AB:7D:4C:58",
		     fp.value);
	EXPECT_EQ(0xD7, fp.digest[0]);
	EXPECT_EQ(0x58, fp.digest[31]);
	ASSERT_EQ(0, sdp_setup(&self->def, 0, &role, NULL));
	EXPECT_EQ((int)SDP_SETUP_ACTPASS, (int)role);
	EXPECT_STREQ("actpass", sdp_setup_name(role));
	role = SDP_SETUP_NONE;
	ASSERT_EQ(0, sdp_setup(&self->max, 1, &role, NULL));
	EXPECT_EQ((int)SDP_SETUP_ACTPASS, (int)role);
}

TEST_F(chrome, mid_bundle_rtcp_mux)
{
	struct sdp_group g;
	const char *mid;

	ASSERT_EQ(0, sdp_mid(&self->def, 0, &mid, NULL));
	EXPECT_STREQ("0", mid);
	ASSERT_EQ(0, sdp_mid(&self->def, 1, &mid, NULL));
	EXPECT_STREQ("1", mid);
	ASSERT_EQ(0, sdp_group(&self->def, "BUNDLE", &g, NULL));
	EXPECT_STREQ("BUNDLE", g.semantics);
	ASSERT_EQ(2u, g.n);
	EXPECT_STREQ("0", g.tag[0]);
	EXPECT_STREQ("1", g.tag[1]);
	ASSERT_EQ(0, sdp_group(&self->max, "BUNDLE", &g, NULL));
	EXPECT_EQ(2u, g.n);
	EXPECT_EQ(-ENOENT, sdp_group(&self->def, "LS", &g, NULL));
	EXPECT_TRUE(sdp_rtcp_mux(&self->def, 0));
	EXPECT_TRUE(sdp_rtcp_mux(&self->def, 1));
	EXPECT_TRUE(sdp_rtcp_mux(&self->max, 1));
	EXPECT_FALSE(sdp_rtcp_mux(&self->def, 2));
	EXPECT_FALSE(sdp_end_of_candidates(&self->def, 0));
	EXPECT_STREQ("9 IN IP4 0.0.0.0", sdp_media_attr(&self->def, 0, "rtcp"));
	EXPECT_STREQ(" WMS 7a8e0da5-dc49-4a94-a6d0-d65e92d82223",
		     sdp_session_attr(&self->def, "msid-semantic"));
}

TEST_F(chrome, candidates)
{
	struct sdp_candidate c;

	ASSERT_EQ(2, sdp_candidate_count(&self->def, 0));
	ASSERT_EQ(2, sdp_candidate_count(&self->def, 1));
	ASSERT_EQ(2, sdp_candidate_count(&self->max, 0));
	ASSERT_EQ(0, sdp_candidate_count(&self->max, 1));
	EXPECT_EQ(-EINVAL, sdp_candidate_count(&self->max, 2));

	ASSERT_EQ(0, sdp_candidate(&self->def, 1, 0, &c, NULL));
	EXPECT_STREQ("996678913", c.foundation);
	EXPECT_EQ(1, c.component);
	EXPECT_STREQ("udp", c.transport);
	EXPECT_EQ(2122260223u, c.priority);
	EXPECT_STREQ("127.0.0.1", c.address);
	EXPECT_EQ(59281, c.port);
	EXPECT_STREQ("host", c.type);
	EXPECT_FALSE(c.has_raddr);
	EXPECT_STREQ("", c.tcptype);
	EXPECT_STREQ("generation 0 network-id 1 network-cost 50", c.ext);

	ASSERT_EQ(0, sdp_candidate(&self->max, 0, 1, &c, NULL));
	EXPECT_STREQ("3679099199", c.foundation);
	EXPECT_STREQ("tcp", c.transport);
	EXPECT_EQ(1518280447u, c.priority);
	EXPECT_EQ(9, c.port);
	EXPECT_STREQ("active", c.tcptype);
	EXPECT_STREQ("generation 0 network-id 1 network-cost 50", c.ext);
	EXPECT_EQ(-ENOENT, sdp_candidate(&self->max, 0, 2, &c, NULL));
	EXPECT_EQ(-ENOENT, sdp_candidate(&self->max, 1, 0, &c, NULL));
}

/* Firefox puts ICE credentials, options and the fingerprint at session
 * level; media-level values override them. */
static const char firefox_style[] =
	"v=0\r\n"
	"o=mozilla...THIS_IS_SDPARTA-99.0 615035658151363 0 IN IP4 0.0.0.0\r\n"
	"s=-\r\n"
	"t=0 0\r\n"
	"a=fingerprint:sha-256 0a:0b:0c:0d:0e:0f:10:11:12:13:14:15:16:17:18:"
	"19:1a:1b:1c:1d:1e:1f:20:21:22:23:24:25:26:27:28:29\r\n"
	"a=group:BUNDLE 0 1\r\n"
	"a=ice-options:trickle ice2\r\n"
	"a=ice-ufrag:3c9b8f2e\r\n"
	"a=ice-pwd:a8f4c9d2e0b1c3d5e7f9a1b3c5d7e9f1\r\n"
	"a=msid-semantic:WMS *\r\n"
	"a=end-of-candidates\r\n"
	"m=audio 9 UDP/TLS/RTP/SAVPF 109\r\n"
	"c=IN IP4 0.0.0.0\r\n"
	"a=mid:0\r\n"
	"a=setup:actpass\r\n"
	"m=video 9 UDP/TLS/RTP/SAVPF 120\r\n"
	"c=IN IP4 0.0.0.0\r\n"
	"a=ice-ufrag:media1\r\n"
	"a=setup:passive\r\n"
	"a=mid:1\r\n";

TEST(session_level_fallback)
{
	struct sdp_fingerprint fp;
	enum sdp_setup role;
	struct sdp sdp;
	const char *v;

	ASSERT_EQ(0,
		  sdp_parse(&sdp, firefox_style, strlen(firefox_style), NULL));
	ASSERT_EQ(0, sdp_ice_ufrag(&sdp, 0, &v, NULL));
	EXPECT_STREQ("3c9b8f2e", v);
	ASSERT_EQ(0, sdp_ice_ufrag(&sdp, 1, &v, NULL));
	EXPECT_STREQ("media1", v);
	ASSERT_EQ(0, sdp_ice_pwd(&sdp, 1, &v, NULL));
	EXPECT_STREQ("a8f4c9d2e0b1c3d5e7f9a1b3c5d7e9f1", v);
	ASSERT_EQ(0, sdp_ice_options(&sdp, 1, &v, NULL));
	EXPECT_STREQ("trickle ice2", v);
	ASSERT_EQ(0, sdp_fingerprint(&sdp, 1, &fp, NULL));
	EXPECT_STREQ("sha-256", fp.hash);
	ASSERT_EQ(32u, fp.len);
	EXPECT_EQ(0x0a, fp.digest[0]);
	EXPECT_EQ(0x29, fp.digest[31]);
	ASSERT_EQ(0, sdp_setup(&sdp, 1, &role, NULL));
	EXPECT_EQ((int)SDP_SETUP_PASSIVE, (int)role);
	EXPECT_TRUE(sdp_end_of_candidates(&sdp, 0));
	EXPECT_FALSE(sdp_rtcp_mux(&sdp, 0));
	EXPECT_EQ(0, sdp_candidate_count(&sdp, 0));
	sdp_free(&sdp);
}

struct bad_value {
	const char *lines; /* session-level lines */
	int (*get)(const struct sdp *sdp, struct wrtc_err *err);
	int code;
};

static int get_ufrag(const struct sdp *sdp, struct wrtc_err *err)
{
	const char *v;

	return sdp_ice_ufrag(sdp, 0, &v, err);
}

static int get_pwd(const struct sdp *sdp, struct wrtc_err *err)
{
	const char *v;

	return sdp_ice_pwd(sdp, 0, &v, err);
}

static int get_options(const struct sdp *sdp, struct wrtc_err *err)
{
	const char *v;

	return sdp_ice_options(sdp, 0, &v, err);
}

static int get_fp(const struct sdp *sdp, struct wrtc_err *err)
{
	struct sdp_fingerprint fp;

	return sdp_fingerprint(sdp, 0, &fp, err);
}

static int get_setup(const struct sdp *sdp, struct wrtc_err *err)
{
	enum sdp_setup role;

	return sdp_setup(sdp, 0, &role, err);
}

static int get_bundle(const struct sdp *sdp, struct wrtc_err *err)
{
	struct sdp_group g;

	return sdp_group(sdp, "BUNDLE", &g, err);
}

static const struct bad_value bad_values[] = {
	{ "", get_ufrag, -ENOENT },
	{ "a=ice-ufrag:abc\r\n", get_ufrag, -EBADMSG },
	{ "a=ice-ufrag:ab-cd\r\n", get_ufrag, -EBADMSG },
	{ "a=ice-pwd:tooshorttooshorttoosh\r\n", get_pwd, -EBADMSG },
	{ "", get_pwd, -ENOENT },
	{ "a=ice-options:\r\n", get_options, -EBADMSG },
	{ "a=ice-options:trickle  ice2\r\n", get_options, -EBADMSG },
	{ "", get_fp, -ENOENT },
	{ "a=fingerprint:sha-256\r\n", get_fp, -EBADMSG },
	{ "a=fingerprint:sha-256 \r\n", get_fp, -EBADMSG },
	{ "a=fingerprint:sha-256 AB:C\r\n", get_fp, -EBADMSG },
	{ "a=fingerprint:sha-256 AB:\r\n", get_fp, -EBADMSG },
	{ "a=fingerprint:sha-256 AB:CD:\r\n", get_fp, -EBADMSG },
	{ "a=fingerprint:sha-256 ABCD\r\n", get_fp, -EBADMSG },
	{ "a=fingerprint:sha-256 GG\r\n", get_fp, -EBADMSG },
	{ "a=setup:server\r\n", get_setup, -EBADMSG },
	{ "", get_setup, -ENOENT },
	{ "a=group:BUNDLE 0  1\r\n", get_bundle, -EBADMSG },
	{ "a=group:BUNDLE 0 \r\n", get_bundle, -EBADMSG },
	{ "a=group:BUNDLE 012345678901234567890123456789012\r\n", get_bundle,
	  -E2BIG },
	{ "a=group:LS 0 1\r\n", get_bundle, -ENOENT },
	{ "a=group:BUNDLEX 0 1\r\n", get_bundle, -ENOENT },
};

TEST(bad_attribute_values)
{
	struct wrtc_err err;
	struct sdp sdp;
	char text[512];
	size_t i;

	for (i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++) {
		snprintf(text, sizeof(text), HEAD "%s" AUDIO,
			 bad_values[i].lines);
		ASSERT_EQ(0, sdp_parse(&sdp, text, strlen(text), NULL));
		memset(&err, 0, sizeof(err));
		EXPECT_EQ(bad_values[i].code, bad_values[i].get(&sdp, &err))
		TH_LOG("case %zu: %s", i, bad_values[i].lines);
		EXPECT_NE(0u, strlen(err.msg));
		sdp_free(&sdp);
	}
}

TEST(empty_bundle_group_and_flags)
{
	static const char text[] = HEAD "a=group:BUNDLE\r\na=ice-lite\r\n" AUDIO
					"a=rtcp-mux:x\r\na=mid:a b\r\n";
	struct sdp_group g;
	struct sdp sdp;
	const char *mid;

	ASSERT_EQ(0, sdp_parse(&sdp, text, strlen(text), NULL));
	ASSERT_EQ(0, sdp_group(&sdp, "BUNDLE", &g, NULL));
	EXPECT_EQ(0u, g.n);
	EXPECT_TRUE(sdp_ice_lite(&sdp));
	/* a flag attribute with a value is not the flag */
	EXPECT_FALSE(sdp_rtcp_mux(&sdp, 0));
	EXPECT_EQ(-EBADMSG, sdp_mid(&sdp, 0, &mid, NULL));
	sdp_free(&sdp);
}

TEST_HARNESS_MAIN
