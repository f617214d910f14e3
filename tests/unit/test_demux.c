// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 7983 §7 first-byte demultiplexing, every value 0–255, and the rtcp-mux
 * split (RFC 5761 §4) inside 128–191.
 */
#include <string.h>

#include "demux.h"
#include "kselftest_harness.h"

/* RFC 7983 §7, as the RFC's figure lists it. */
static const struct {
	int lo, hi;
	enum demux_class c;
} rfc7983[] = {
	{ 0, 3, DEMUX_STUN },	      { 16, 19, DEMUX_ZRTP },
	{ 20, 63, DEMUX_DTLS },	      { 64, 79, DEMUX_TURN_CHANNEL },
	{ 128, 191, DEMUX_RTP_RTCP },
};

/* As int: the harness compares with -Wsign-compare, and the enum is
 * unsigned while its constants are int. */
static int classify(const uint8_t *buf, size_t len)
{
	return (int)demux_classify(buf, len);
}

static int first_byte(int b)
{
	return (int)demux_first_byte((uint8_t)b);
}

static enum demux_class expected(int b)
{
	size_t i;

	for (i = 0; i < sizeof(rfc7983) / sizeof(rfc7983[0]); i++)
		if (b >= rfc7983[i].lo && b <= rfc7983[i].hi)
			return rfc7983[i].c;
	return DEMUX_OTHER; /* 4–15, 80–127, 192–255: drop */
}

TEST(every_first_byte)
{
	static const uint8_t seconds[] = { 0,	1,   0x7f, 0x80, 191,
					   192, 200, 223,  224,	 255 };
	int b, counts[8] = { 0 };
	size_t i;

	for (b = 0; b < 256; b++) {
		int want = expected(b);
		uint8_t pkt[2] = { (uint8_t)b, 0 };

		EXPECT_EQ(want, first_byte(b))
		TH_LOG("first byte %d", b);
		counts[want]++;
		for (i = 0; i < sizeof(seconds); i++) {
			int w = want;

			pkt[1] = seconds[i];
			if (want == DEMUX_RTP_RTCP)
				w = seconds[i] >= 192 && seconds[i] <= 223 ?
					    DEMUX_RTCP :
					    DEMUX_RTP;
			EXPECT_EQ(w, classify(pkt, 2))
			TH_LOG("bytes %d %d", b, seconds[i]);
		}
		/* One byte cannot be RTP or RTCP; the rest need only one. */
		EXPECT_EQ(want == DEMUX_RTP_RTCP ? DEMUX_OTHER : want,
			  classify(pkt, 1))
		TH_LOG("first byte %d alone", b);
	}
	EXPECT_EQ(4, counts[DEMUX_STUN]);
	EXPECT_EQ(4, counts[DEMUX_ZRTP]);
	EXPECT_EQ(44, counts[DEMUX_DTLS]);
	EXPECT_EQ(16, counts[DEMUX_TURN_CHANNEL]);
	EXPECT_EQ(64, counts[DEMUX_RTP_RTCP]);
	EXPECT_EQ(124, counts[DEMUX_OTHER]);
}

TEST(empty_is_other)
{
	uint8_t b = 0;

	EXPECT_EQ(DEMUX_OTHER, classify(&b, 0));
	EXPECT_EQ(DEMUX_OTHER, classify(NULL, 10));
}

TEST(real_packet_heads)
{
	/* STUN Binding request: type 0x0001, magic cookie 2112a442. */
	static const uint8_t stun[] = { 0x00, 0x01, 0x00, 0x00,
					0x21, 0x12, 0xa4, 0x42 };
	/* DTLS 1.2 handshake record (content type 22, version fefd). */
	static const uint8_t dtls[] = { 0x16, 0xfe, 0xfd, 0x00 };
	/* TURN ChannelData, channel 0x4000. */
	static const uint8_t turn[] = { 0x40, 0x00, 0x00, 0x04 };
	/* ZRTP packet: first byte 0x10 (RFC 6189 §5). */
	static const uint8_t zrtp[] = { 0x10, 0x00, 0x00, 0x01 };
	/* RTP PT 15 and PT 111 with the marker; RTCP SR, RR, PSFB. */
	static const uint8_t rtp[] = { 0x80, 0x0f, 0x12, 0x34 };
	static const uint8_t rtp_m[] = { 0x80, 0xef, 0x12, 0x34 };
	static const uint8_t sr[] = { 0x81, 0xc8, 0x00, 0x0c };
	static const uint8_t rr[] = { 0x80, 0xc9, 0x00, 0x01 };
	static const uint8_t psfb[] = { 0x81, 0xce, 0x00, 0x02 };

	EXPECT_EQ(DEMUX_STUN, classify(stun, sizeof(stun)));
	EXPECT_EQ(DEMUX_DTLS, classify(dtls, sizeof(dtls)));
	EXPECT_EQ(DEMUX_TURN_CHANNEL, classify(turn, sizeof(turn)));
	EXPECT_EQ(DEMUX_ZRTP, classify(zrtp, sizeof(zrtp)));
	EXPECT_EQ(DEMUX_RTP, classify(rtp, sizeof(rtp)));
	EXPECT_EQ(DEMUX_RTP, classify(rtp_m, sizeof(rtp_m)));
	EXPECT_EQ(DEMUX_RTCP, classify(sr, sizeof(sr)));
	EXPECT_EQ(DEMUX_RTCP, classify(rr, sizeof(rr)));
	EXPECT_EQ(DEMUX_RTCP, classify(psfb, sizeof(psfb)));
}

TEST(names)
{
	EXPECT_STREQ("stun", demux_class_name(DEMUX_STUN));
	EXPECT_STREQ("zrtp", demux_class_name(DEMUX_ZRTP));
	EXPECT_STREQ("dtls", demux_class_name(DEMUX_DTLS));
	EXPECT_STREQ("turn-channel", demux_class_name(DEMUX_TURN_CHANNEL));
	EXPECT_STREQ("rtp/rtcp", demux_class_name(DEMUX_RTP_RTCP));
	EXPECT_STREQ("rtp", demux_class_name(DEMUX_RTP));
	EXPECT_STREQ("rtcp", demux_class_name(DEMUX_RTCP));
	EXPECT_STREQ("other", demux_class_name(DEMUX_OTHER));
	EXPECT_STREQ("other", demux_class_name((enum demux_class)99));
}

TEST_HARNESS_MAIN
