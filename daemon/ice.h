/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ICE-lite agent of a leg (RFC 8445 lite, RFC 7675 consent freshness),
 * behind the leg hooks (engines.c calls these).
 *
 * The gateway never sends checks: it answers the endpoint's Binding
 * requests (what each request gets is in ice_check.h) and learns from the
 * valid ones where the endpoint is:
 *
 *   new        no check can come yet: the endpoint or its peer has not
 *              seen both descriptions
 *   checking   both SDPs are known (or a valid check came anyway): checks
 *              are expected and the consent clock runs
 *   connected  a valid check without USE-CANDIDATE: its source address is
 *              remembered as a valid pair, nothing is sent to it yet
 *   completed  USE-CANDIDATE nominated the source address: leg->remote and
 *              leg->remote_sock are set and engines_on_ice_nominated()
 *              runs; a later nomination of another address (the endpoint
 *              moved networks) switches them and runs it again
 *   failed /   no valid check for --consent-timeout seconds, before any
 *   disconnected  valid check (failed) or after one (disconnected): the
 *              call is torn down and both peers get a hangup
 *
 * One leg carries every m= section (the gateway anchors BUNDLE on one
 * port), so one nominated address serves all media.
 *
 * Consent (RFC 7675): a lite agent sends no consent checks of its own; it
 * takes each valid check as the endpoint's consent, which a full agent
 * renews at least every few seconds. The clock starts when both SDPs of
 * the call are known, not when the leg is made: a callee may take its time
 * to answer, and before the answer reaches the caller neither endpoint has
 * both sides' credentials to check with. An unanswered call is ended by
 * signaling (hangup, leave), not by ICE. Per packet the agent only stores
 * the loop's time; a repeating timer (a quarter of the timeout, at most a
 * second) compares it with the timeout, so expiry is noticed within
 * timeout + timeout / 4.
 *
 * An ICE restart (the endpoint's new ufrag; the leg already has fresh
 * credentials) forgets the valid pairs and gives the restart a full
 * consent period; media keeps going to the nominated address until a new
 * nomination moves it. Checks with the old credentials get 401.
 */
#ifndef WRTCD_ICE_H
#define WRTCD_ICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "leg.h"

void ice_on_stun(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		 size_t len, const struct sockaddr *from);
void ice_on_negotiated(struct leg *leg, bool ice_restart);
void ice_on_teardown(struct leg *leg);

#endif /* WRTCD_ICE_H */
