// SPDX-License-Identifier: GPL-2.0
/*
 * The hooks legs run until ICE-lite, DTLS and the relay are wired in: each
 * datagram is counted as dropped and, at debug level, logged once per leg
 * and class, so a capture of a test call shows what arrived without
 * flooding the log.
 */
#include "call.h"
#include "leg.h"
#include "log.h"
#include "peer.h"

/* Bits in a per-leg mask of what was already logged. */
enum { SEEN_STUN = 1, SEEN_DTLS = 2, SEEN_MEDIA = 4 };

static void note(struct leg *leg, const struct sockaddr *from, const char *what,
		 unsigned int bit)
{
	char addr[64];

	leg->stats.dropped++;
	if (leg->stub_logged & bit)
		return;
	leg->stub_logged |= bit;
	sockaddr_text(from, addr, sizeof(addr));
	log_debug(
		"call %s: %s from %s on port %u dropped: %s is not implemented yet",
		leg->call ? leg->call->id : "?", what, addr, leg->port,
		bit == SEEN_STUN ? "ICE-lite" :
		bit == SEEN_DTLS ? "DTLS" :
				   "the media relay");
}

static void stub_stun(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		      size_t len, const struct sockaddr *from)
{
	note(leg, from, "STUN", SEEN_STUN);
}

void leg_stub_dtls(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		   size_t len, const struct sockaddr *from)
{
	note(leg, from, "DTLS", SEEN_DTLS);
}

void leg_stub_media(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		    size_t len, const struct sockaddr *from,
		    enum demux_class cls)
{
	note(leg, from, cls == DEMUX_RTCP ? "SRTCP" : "SRTP", SEEN_MEDIA);
}

static void stub_negotiated(struct leg *leg, bool ice_restart)
{
	if (ice_restart)
		log_debug("call %s: ICE restart on port %u",
			  leg->call ? leg->call->id : "?", leg->port);
}

static void stub_teardown(struct leg *leg)
{
	if (leg->stats.dropped)
		log_debug("call %s: port %u dropped %llu datagrams",
			  leg->call ? leg->call->id : "?", leg->port,
			  (unsigned long long)leg->stats.dropped);
}

const struct leg_hooks leg_hooks_stub = {
	.on_stun = stub_stun,
	.on_dtls = leg_stub_dtls,
	.on_media = leg_stub_media,
	.on_negotiated = stub_negotiated,
	.on_teardown = stub_teardown,
};
