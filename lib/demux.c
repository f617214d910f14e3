// SPDX-License-Identifier: GPL-2.0
#include "demux.h"
#include "rtp.h"

enum demux_class demux_first_byte(uint8_t b)
{
	if (b <= 3)
		return DEMUX_STUN;
	if (b >= 16 && b <= 19)
		return DEMUX_ZRTP;
	if (b >= 20 && b <= 63)
		return DEMUX_DTLS;
	if (b >= 64 && b <= 79)
		return DEMUX_TURN_CHANNEL;
	if (b >= 128 && b <= 191)
		return DEMUX_RTP_RTCP;
	return DEMUX_OTHER;
}

enum demux_class demux_classify(const uint8_t *buf, size_t len)
{
	enum demux_class c;

	if (!buf || len == 0)
		return DEMUX_OTHER;
	c = demux_first_byte(buf[0]);
	if (c != DEMUX_RTP_RTCP)
		return c;
	/* 128–191 is exactly version 2, so the split is rtcp-mux's. */
	switch (rtp_mux_classify(buf, len)) {
	case RTP_MUX_RTP:
		return DEMUX_RTP;
	case RTP_MUX_RTCP:
		return DEMUX_RTCP;
	default:
		return DEMUX_OTHER;
	}
}

const char *demux_class_name(enum demux_class c)
{
	switch (c) {
	case DEMUX_STUN:
		return "stun";
	case DEMUX_ZRTP:
		return "zrtp";
	case DEMUX_DTLS:
		return "dtls";
	case DEMUX_TURN_CHANNEL:
		return "turn-channel";
	case DEMUX_RTP_RTCP:
		return "rtp/rtcp";
	case DEMUX_RTP:
		return "rtp";
	case DEMUX_RTCP:
		return "rtcp";
	case DEMUX_OTHER:
		break;
	}
	return "other";
}
