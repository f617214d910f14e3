/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol engines behind the leg hooks (leg.h): leg_hooks_engines
 * sends STUN to the ICE-lite agent (ice.c), DTLS to dtls_leg.c and
 * SRTP/SRTCP to the relay (relay.c),
 * and tells each engine when a leg is negotiated or torn down. The engines
 * call each other only through the functions here.
 */
#ifndef WRTCD_ENGINES_H
#define WRTCD_ENGINES_H

#include "leg.h"

extern const struct leg_hooks leg_hooks_engines;

/*
 * ICE nominated @leg's remote address (leg->remote, leg->remote_sock), or
 * moved it to another one. Called by the ICE-lite agent.
 */
void engines_on_ice_nominated(struct leg *leg);

#endif /* WRTCD_ENGINES_H */
