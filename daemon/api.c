// SPDX-License-Identifier: GPL-2.0
/*
 * The /api/calls document, member for member as SIGNALING.md shows it,
 * then each leg's drop counters beyond it (leg.h: unexpected_source,
 * early_drops, srtp_errors, send_drops, dropped). Values not known yet (the
 * remote address before ICE nominates one, the DTLS role before the
 * endpoint's SDP says, the SRTP profile before DTLS) are null.
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

/*
 * Beyond SIGNALING.md's members: the drop counters of leg.h, so that
 * rx_packets adds up (relayed + auth_failures + replay_drops + these).
 */
static json_t *with_drops(json_t *o, const struct leg_stats *st)
{
	json_t *extra;

	if (!o)
		return NULL;
	extra = json_pack("{s:I, s:I, s:I, s:I, s:I}", "unexpected_source",
			  (json_int_t)st->unexpected_source, "early_drops",
			  (json_int_t)st->early_drops, "srtp_errors",
			  (json_int_t)st->srtp_errors, "send_drops",
			  (json_int_t)st->send_drops, "dropped",
			  (json_int_t)st->dropped);
	if (!extra || json_object_update(o, extra)) {
		json_decref(extra);
		json_decref(o);
		return NULL;
	}
	json_decref(extra);
	return o;
}

static json_t *leg_json(const struct leg *leg)
{
	char local[64], remote[64];
	json_t *o;

	leg_local_text(leg, local, sizeof(local));
	leg_remote_text(leg, remote, sizeof(remote));
	o = json_pack(
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
	return with_drops(o, &leg->stats);
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
