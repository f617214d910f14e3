// SPDX-License-Identifier: GPL-2.0
/*
 * SDP parser and writer: round trips, line endings, limits and malformed
 * input, the writer's buffer handling, and the WebRTC accessors on the two
 * Chromium offers (expected values copied from the files by hand).
 */
#include <errno.h>
#include <string.h>

#include "kselftest_harness.h"
#include "sdp.h"
#include "sdp_test_util.h"

#define HEAD "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
#define AUDIO "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"

static void roundtrip(struct __test_metadata *_metadata, const char *text,
		      size_t len)
{
	struct wrtc_err err = { 0 };
	struct sdp sdp;
	char *out;

	ASSERT_EQ(0, sdp_parse(&sdp, text, len, &err)) TH_LOG("%s", err.msg);
	out = sdp_text(&sdp);
	ASSERT_NE(NULL, out);
	EXPECT_EQ(len, strlen(out));
	EXPECT_EQ(0, memcmp(text, out, len));
	free(out);
	sdp_free(&sdp);
}

TEST(chromium_default_bundle_round_trips)
{
	size_t len;
	char *text = load_testdata(CHROME_DEFAULT, &len);

	ASSERT_NE(NULL, text);
	ASSERT_EQ(5861u, len);
	roundtrip(_metadata, text, len);
	free(text);
}

TEST(chromium_max_bundle_round_trips)
{
	size_t len;
	char *text = load_testdata(CHROME_MAX, &len);

	ASSERT_NE(NULL, text);
	ASSERT_EQ(5631u, len);
	roundtrip(_metadata, text, len);
	free(text);
}

TEST(lf_only_input_is_preserved)
{
	size_t len, lflen;
	char *text = load_testdata(CHROME_DEFAULT, &len), *lf;

	ASSERT_NE(NULL, text);
	lf = crlf_to_lf(text, &lflen);
	ASSERT_EQ(len - 165, lflen); /* 165 lines, each one byte shorter */
	roundtrip(_metadata, lf, lflen);
	free(lf);
	free(text);
}

TEST(mixed_endings_and_missing_last_newline_are_preserved)
{
	static const char t1[] = "v=0\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\nt=0 0";
	static const char t2[] = HEAD AUDIO "a=mid:0";
	/* a leading zero in the port is kept as written */
	static const char t3[] = HEAD "m=audio 09/2 RTP/AVP 0\r\n";

	roundtrip(_metadata, t1, strlen(t1));
	roundtrip(_metadata, t2, strlen(t2));
	roundtrip(_metadata, t3, strlen(t3));
}

TEST(trailing_empty_lines_are_dropped)
{
	static const char in[] = HEAD AUDIO "\r\n\n\r\n";
	struct sdp sdp;
	char *out;

	ASSERT_EQ(0, sdp_parse(&sdp, in, strlen(in), NULL));
	out = sdp_text(&sdp);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ(HEAD AUDIO, out);
	free(out);
	sdp_free(&sdp);
}

TEST(model_fields)
{
	static const char in[] = HEAD "m=video 5004/2 RTP/AVP 96 97\r\n"
				      "i=cam\r\nc=IN IP6 ::1\r\na=rtcp-mux\r\n";
	struct sdp sdp;

	ASSERT_EQ(0, sdp_parse(&sdp, in, strlen(in), NULL));
	ASSERT_EQ(4u, sdp.session.n);
	EXPECT_EQ('o', sdp.session.line[1].type);
	EXPECT_STREQ("- 1 1 IN IP4 0.0.0.0", sdp.session.line[1].text);
	ASSERT_EQ(1u, sdp.nmedia);
	EXPECT_STREQ("video", sdp.media[0].media);
	EXPECT_EQ(5004, sdp.media[0].port);
	EXPECT_EQ(2, sdp.media[0].nports);
	EXPECT_STREQ("RTP/AVP", sdp.media[0].proto);
	EXPECT_STREQ("96 97", sdp.media[0].fmts);
	ASSERT_EQ(4u, sdp.media[0].s.n);
	EXPECT_EQ('m', sdp.media[0].s.line[0].type);
	EXPECT_STREQ("", sdp_media_attr(&sdp, 0, "rtcp-mux"));
	EXPECT_EQ(NULL, sdp_media_attr(&sdp, 0, "rtcp"));
	EXPECT_EQ(NULL, sdp_media_attr(&sdp, 1, "rtcp-mux"));
	sdp_free(&sdp);
	sdp_free(&sdp); /* harmless on a freed model */
}

struct bad {
	const char *name;
	const char *text;
	int code;
};

static const struct bad bad_inputs[] = {
	{ "empty", "", -EBADMSG },
	{ "only newlines", "\r\n\r\n", -EBADMSG },
	{ "no v=", "o=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n", -EBADMSG },
	{ "v= not first", "o=- 1 1 IN IP4 0.0.0.0\r\nv=0\r\ns=-\r\nt=0 0\r\n",
	  -EBADMSG },
	{ "v=1", "v=1\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n",
	  -EBADMSG },
	{ "two v=", HEAD "v=0\r\n", -EBADMSG },
	{ "no o=", "v=0\r\ns=-\r\nt=0 0\r\n", -EBADMSG },
	{ "no s=", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\nt=0 0\r\n", -EBADMSG },
	{ "no t=", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n", -EBADMSG },
	{ "two s=", HEAD "s=x\r\n", -EBADMSG },
	{ "m= media only", HEAD "m=audio\r\n", -EBADMSG },
	{ "m= no proto", HEAD "m=audio 9\r\n", -EBADMSG },
	{ "m= no format", HEAD "m=audio 9 RTP/AVP\r\n", -EBADMSG },
	{ "m= empty format", HEAD "m=audio 9 RTP/AVP \r\n", -EBADMSG },
	{ "m= port not a number", HEAD "m=audio x RTP/AVP 0\r\n", -EBADMSG },
	{ "m= port negative", HEAD "m=audio -1 RTP/AVP 0\r\n", -EBADMSG },
	{ "m= port > 65535", HEAD "m=audio 65536 RTP/AVP 0\r\n", -EBADMSG },
	{ "m= port huge", HEAD "m=audio 99999999999999999999 RTP/AVP 0\r\n",
	  -EBADMSG },
	{ "m= count 0", HEAD "m=audio 9/0 RTP/AVP 0\r\n", -EBADMSG },
	{ "m= count empty", HEAD "m=audio 9/ RTP/AVP 0\r\n", -EBADMSG },
	{ "m= count bad", HEAD "m=audio 9/x RTP/AVP 0\r\n", -EBADMSG },
	{ "m= count > 65535", HEAD "m=audio 9/70000 RTP/AVP 0\r\n", -EBADMSG },
	{ "m= two slashes", HEAD "m=audio 9/2/2 RTP/AVP 0\r\n", -EBADMSG },
	{ "m= double space", HEAD "m=audio 9 RTP/AVP  0\r\n", -EBADMSG },
	{ "m= leading space", HEAD "m= audio 9 RTP/AVP 0\r\n", -EBADMSG },
	{ "no = sign", HEAD "hello\r\n", -EBADMSG },
	{ "colon not =", HEAD "a:rtcp-mux\r\n", -EBADMSG },
	{ "no type", HEAD "=foo\r\n", -EBADMSG },
	{ "two letter type", HEAD "ab=c\r\n", -EBADMSG },
	{ "unknown type", HEAD "x=foo\r\n", -EBADMSG },
	{ "upper case type", HEAD "A=foo\r\n", -EBADMSG },
	{ "t= after m=", HEAD AUDIO "t=0 0\r\n", -EBADMSG },
	{ "empty line inside", HEAD "\r\n" AUDIO, -EBADMSG },
	{ "bare CR", HEAD "a=foo\rbar\r\n", -EBADMSG },
	{ "CR at end", HEAD "a=foo\r", -EBADMSG },
	{ "no attribute name", HEAD "a=:foo\r\n", -EBADMSG },
	{ "empty attribute", HEAD "a=\r\n", -EBADMSG },
	{ "space in attribute name", HEAD "a=rtcp mux\r\n", -EBADMSG },
	{ "c= two fields", HEAD "c=IN IP4\r\n", -EBADMSG },
	{ "c= four fields", HEAD "c=IN IP4 1.2.3.4 x\r\n", -EBADMSG },
};

TEST(malformed_input_is_rejected_with_a_reason)
{
	struct wrtc_err err;
	struct sdp sdp;
	size_t i;

	for (i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]); i++) {
		const struct bad *b = &bad_inputs[i];

		memset(&err, 0, sizeof(err));
		EXPECT_EQ(b->code,
			  sdp_parse(&sdp, b->text, strlen(b->text), &err))
		TH_LOG("case \"%s\"", b->name);
		EXPECT_NE(0u, strlen(err.msg)) TH_LOG("case \"%s\"", b->name);
		EXPECT_EQ(0u, sdp.nmedia);
		EXPECT_EQ(NULL, sdp.session.line);
	}
}

TEST(nul_bytes_are_rejected_anywhere)
{
	static const char base[] = HEAD AUDIO "a=mid:0\r\n";
	size_t len = strlen(base), i;
	struct wrtc_err err;
	struct sdp sdp;
	char buf[sizeof(base)];

	/* At every offset, including the very first and the very last. */
	for (i = 0; i < len; i++) {
		memcpy(buf, base, len);
		buf[i] = '\0';
		memset(&err, 0, sizeof(err));
		ASSERT_EQ(-EBADMSG, sdp_parse(&sdp, buf, len, &err));
		EXPECT_NE(0u, strlen(err.msg));
		EXPECT_EQ(i, err.offset);
	}
}

/* A valid head followed by @n copies of @line. */
static char *repeat(const char *line, size_t n, size_t *len)
{
	size_t l = strlen(line), h = strlen(HEAD), i;
	char *buf = malloc(h + n * l + 1);

	if (!buf)
		abort();
	memcpy(buf, HEAD, h);
	for (i = 0; i < n; i++)
		memcpy(buf + h + i * l, line, l);
	*len = h + n * l;
	buf[*len] = '\0';
	return buf;
}

TEST(limits)
{
	struct wrtc_err err = { 0 };
	struct sdp sdp;
	size_t len;
	char *buf;

	/* 1 MiB line: over the total size limit */
	buf = repeat("a", 1 << 20, &len);
	buf[strlen(HEAD)] = 'a';
	buf[strlen(HEAD) + 1] = '=';
	EXPECT_EQ(-E2BIG, sdp_parse(&sdp, buf, len, &err));
	EXPECT_NE(0u, strlen(err.msg));
	free(buf);

	/* SDP_MAX_LINE + 1 bytes: over the line limit, under the size one */
	buf = repeat("x", SDP_MAX_LINE + 1, &len);
	memcpy(buf + strlen(HEAD), "a=", 2);
	EXPECT_EQ(-E2BIG, sdp_parse(&sdp, buf, len, &err));
	/* SDP_MAX_LINE exactly is fine */
	EXPECT_EQ(0, sdp_parse(&sdp, buf, len - 1, &err)) TH_LOG("%s", err.msg);
	sdp_free(&sdp);
	free(buf);

	/* 10,000 m= sections, then exactly the limit and one more */
	buf = repeat("m=audio 9 RTP/AVP 0\r\n", 10000, &len);
	EXPECT_EQ(-E2BIG, sdp_parse(&sdp, buf, len, &err));
	EXPECT_NE(0u, strlen(err.msg));
	free(buf);
	buf = repeat("m=audio 9 RTP/AVP 0\r\n", SDP_MAX_MEDIA, &len);
	EXPECT_EQ(0, sdp_parse(&sdp, buf, len, &err));
	EXPECT_EQ((size_t)SDP_MAX_MEDIA, sdp.nmedia);
	sdp_free(&sdp);
	free(buf);
	buf = repeat("m=audio 9 RTP/AVP 0\r\n", SDP_MAX_MEDIA + 1, &len);
	EXPECT_EQ(-E2BIG, sdp_parse(&sdp, buf, len, &err));
	free(buf);

	/* Attributes per section: HEAD has 4 lines */
	buf = repeat("a=x\r\n", SDP_MAX_LINES - 4, &len);
	EXPECT_EQ(0, sdp_parse(&sdp, buf, len, &err));
	sdp_free(&sdp);
	free(buf);
	buf = repeat("a=x\r\n", SDP_MAX_LINES - 3, &len);
	EXPECT_EQ(-E2BIG, sdp_parse(&sdp, buf, len, &err));
	free(buf);

	/* Total size: one byte over */
	buf = repeat("a", SDP_MAX_SIZE + 1 - strlen(HEAD), &len);
	EXPECT_EQ((size_t)SDP_MAX_SIZE + 1, len);
	EXPECT_EQ(-E2BIG, sdp_parse(&sdp, buf, len, &err));
	free(buf);
}

TEST(writer_never_overruns)
{
	size_t len, need, k;
	char *text = load_testdata(CHROME_MAX, &len), *buf;
	struct wrtc_err err;
	struct sdp sdp;

	ASSERT_NE(NULL, text);
	ASSERT_EQ(0, sdp_parse(&sdp, text, len, NULL));
	need = sdp_write_size(&sdp);
	ASSERT_EQ(len, need);
	buf = malloc(need + 64);
	ASSERT_NE(NULL, buf);
	for (k = 0; k <= need; k += (k < 8 || k + 8 > need) ? 1 : 97) {
		memset(buf, 0x5a, need + 64);
		memset(&err, 0, sizeof(err));
		EXPECT_EQ(-ENOSPC, sdp_write(&sdp, buf, k, &err));
		EXPECT_NE(0u, strlen(err.msg));
		EXPECT_EQ(0x5a, (unsigned char)buf[k]);
		EXPECT_EQ(0x5a, (unsigned char)buf[need + 63]);
	}
	EXPECT_EQ(-ENOSPC, sdp_write(&sdp, NULL, 0, NULL));
	memset(buf, 0x5a, need + 64);
	ASSERT_EQ((int)need, sdp_write(&sdp, buf, need + 1, NULL));
	EXPECT_EQ('\0', buf[need]);
	EXPECT_EQ(0x5a, (unsigned char)buf[need + 1]);
	EXPECT_EQ(0, memcmp(text, buf, len));
	free(buf);
	free(text);
	sdp_free(&sdp);
}

TEST(clone_is_deep)
{
	static const char in[] = HEAD AUDIO "a=mid:0\r\n";
	struct sdp a, b;
	char *out;

	ASSERT_EQ(0, sdp_parse(&a, in, strlen(in), NULL));
	ASSERT_EQ(0, sdp_clone(&b, &a));
	sdp_free(&a);
	out = sdp_text(&b);
	ASSERT_NE(NULL, out);
	EXPECT_STREQ(in, out);
	free(out);
	sdp_free(&b);
}

TEST_HARNESS_MAIN
