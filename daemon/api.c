// SPDX-License-Identifier: GPL-2.0
/*
 * The /api/calls document, member for member as SIGNALING.md shows it.
 * Values not known yet (the remote address before ICE nominates one, the
 * DTLS role before the endpoint's SDP says, the SRTP profile before DTLS)
 * are null.
 */
#include "api.h"
#include "peer.h"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static const char *role_name(const struct leg *leg)
{
	if (!leg->role_known)
		return NULL;
	return leg->role == DTLS_ROLE_SERVER ? "server" : "client";
}

static json_t *leg_json(const struct leg *leg)
{
	char local[64], remote[64];

	leg_local_text(leg, local, sizeof(local));
	leg_remote_text(leg, remote, sizeof(remote));
	return json_pack(
		"{s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:s, s:I, s:I, s:I, s:I, s:I, s:I}",
		"peer", leg->peer->id, "local", local, "remote",
		str_or_null(remote), "ice", ice_state_name(leg->ice), "dtls",
		dtls_state_name(leg->dtls), "role", str_or_null(role_name(leg)),
		"srtp_profile",
		str_or_null(leg->srtp ? leg->srtp->suite : NULL), "datapath",
		leg->datapath == LEG_DATAPATH_KERNEL ? "kernel" : "user",
		"rx_packets", (json_int_t)leg->stats.rx_packets, "rx_bytes",
		(json_int_t)leg->stats.rx_bytes, "tx_packets",
		(json_int_t)leg->stats.tx_packets, "tx_bytes",
		(json_int_t)leg->stats.tx_bytes, "auth_failures",
		(json_int_t)leg->stats.auth_failures, "replay_drops",
		(json_int_t)leg->stats.replay_drops);
}

json_t *api_calls(struct call_table *t)
{
	json_t *calls = json_array();
	struct list_node *n;

	if (!calls)
		return NULL;
	list_for_each(n, &t->calls) {
		struct call *c = list_entry(n, struct call, node);
		json_t *call = json_pack("{s:s, s:s, s:s, s:[o, o]}", "id",
					 c->id, "room", c->room, "state",
					 call_state_name(c->state), "legs",
					 leg_json(c->leg[0]),
					 leg_json(c->leg[1]));

		if (!call || json_array_append_new(calls, call)) {
			json_decref(calls);
			return NULL;
		}
	}
	return json_pack("{s:o}", "calls", calls);
}
