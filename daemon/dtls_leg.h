/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DTLS-SRTP on a leg (RFC 5764, RFC 8842): one lib/dtls.h connection per
 * leg with the process certificate (identity.h), its retransmission timer
 * on the event loop, and the hand-over of the exported keys to the relay.
 *
 * Role: server unless the endpoint answered a=setup:passive (leg->role,
 * set by negotiate.c). A server waits for the endpoint's ClientHello; a
 * client sends its own once ICE has nominated the endpoint's address and
 * the endpoint's SDP is known. A ClientHello that beats the endpoint's SDP
 * (its answer still on its way over signaling) starts a server connection
 * at once; the fingerprint is checked when the SDP arrives.
 *
 * DTLS is accepted only from the address ICE nominated, and sent only
 * there; anything else counts in unexpected_source. The peer certificate
 * must match the endpoint's a=fingerprint. Any failure (mismatch,
 * handshake error, timeout) ends the call: both peers get a hangup, other
 * calls go on. A close_notify from the endpoint only stops the relay on
 * that leg (signaling ends the call).
 *
 * On connected: keys exported (dtls_conn_srtp_keys), leg->srtp set, the
 * relay's contexts made (inbound with the remote key, outbound with the
 * local one), the key material wiped.
 */
#ifndef WRTCD_DTLS_LEG_H
#define WRTCD_DTLS_LEG_H

#include "leg.h"

/* The on_dtls hook. */
void dtls_leg_on_dtls(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		      size_t len, const struct sockaddr *from);

/*
 * The endpoint's SDP was accepted (from on_negotiated): make the
 * connection, or give the one a ClientHello started its fingerprint, or
 * start over when the fingerprint or role changed (a new association).
 */
void dtls_leg_negotiated(struct leg *leg);

/* ICE nominated leg->remote: a client starts its handshake now. */
void dtls_leg_nominated(struct leg *leg);

/* The on_teardown part: close_notify if connected, free, stop the timer. */
void dtls_leg_teardown(struct leg *leg);

#endif /* WRTCD_DTLS_LEG_H */
