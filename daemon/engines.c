// SPDX-License-Identifier: GPL-2.0
/* The leg hooks that run the protocol engines (see engines.h). */
#include "dtls_leg.h"
#include "engines.h"
#include "fastpath.h"
#include "ice.h"
#include "relay.h"

void engines_on_ice_nominated(struct leg *leg)
{
	/*
	 * DTLS starts here when the gateway is the DTLS client
	 * (leg->role == DTLS_ROLE_CLIENT): the handshake goes to the
	 * nominated leg->remote through leg->remote_sock. As server it waits
	 * for the endpoint's ClientHello; a moved address only changes where
	 * DTLS and the relay send (both read leg->remote each time).
	 */
	dtls_leg_nominated(leg);
	/* A call on the kernel path follows the leg to its new 5-tuple. */
	handover_leg_nominated(leg);
}

static void engines_negotiated(struct leg *leg, bool ice_restart)
{
	ice_on_negotiated(leg, ice_restart);
	dtls_leg_negotiated(leg);
}

static void engines_teardown(struct leg *leg)
{
	ice_on_teardown(leg);
	dtls_leg_teardown(leg);
	handover_leg_teardown(leg);
	relay_teardown(leg);
}

const struct leg_hooks leg_hooks_engines = {
	.on_stun = ice_on_stun,
	.on_dtls = dtls_leg_on_dtls,
	.on_media = relay_on_media,
	.on_negotiated = engines_negotiated,
	.on_teardown = engines_teardown,
	.on_batch_end = relay_flush,
};
