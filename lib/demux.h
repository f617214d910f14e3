/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 7983 §7: what a datagram on a WebRTC media port is, from its first
 * byte; for the RTP/RTCP range, the rtcp-mux split of RFC 5761 §4 on the
 * second byte (see rtp.h).
 */
#ifndef WRTC_DEMUX_H
#define WRTC_DEMUX_H

#include <stddef.h>
#include <stdint.h>

enum demux_class {
	DEMUX_OTHER = 0, /* drop: no protocol of RFC 7983 starts so */
	DEMUX_STUN, /* 0–3 */
	DEMUX_ZRTP, /* 16–19 */
	DEMUX_DTLS, /* 20–63 */
	DEMUX_TURN_CHANNEL, /* 64–79 */
	DEMUX_RTP_RTCP, /* 128–191, from the first byte alone */
	DEMUX_RTP, /* 128–191, second byte not 192–223 */
	DEMUX_RTCP, /* 128–191, second byte 192–223 */
};

/* The RFC 7983 range of @b; 128–191 gives DEMUX_RTP_RTCP. */
enum demux_class demux_first_byte(uint8_t b);

/*
 * Classify a datagram: like demux_first_byte(), but 128–191 is split into
 * DEMUX_RTP or DEMUX_RTCP, which needs 2 bytes (a shorter one is
 * DEMUX_OTHER). An empty datagram is DEMUX_OTHER. Never reads past @len.
 */
enum demux_class demux_classify(const uint8_t *buf, size_t len);

/* "stun", "zrtp", "dtls", "turn-channel", "rtp/rtcp", "rtp", "rtcp", "other" */
const char *demux_class_name(enum demux_class c);

#endif /* WRTC_DEMUX_H */
