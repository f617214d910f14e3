// SPDX-License-Identifier: GPL-2.0
/*
 * The /api/calls document, member for member as SIGNALING.md shows it
 * (the counters summed over the userspace relay and wrtc.ko), then each
 * leg's drop counters beyond it (leg.h: unexpected_source, early_drops,
 * srtp_errors, send_drops, dropped) and each path's own counters. Values not known yet (the
 * remote address before ICE nominates one, the DTLS role before the
 * endpoint's SDP says, the SRTP profile before DTLS) are null.
 */
#include "api.h"
#include "fastpath.h"
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

static json_t *counters_json(uint64_t rx_packets, uint64_t rx_bytes,
			     uint64_t tx_packets, uint64_t tx_bytes,
			     uint64_t auth_failures, uint64_t replay_drops)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "rx_packets",
			 (json_int_t)rx_packets, "rx_bytes",
			 (json_int_t)rx_bytes, "tx_packets",
			 (json_int_t)tx_packets, "tx_bytes",
			 (json_int_t)tx_bytes, "auth_failures",
			 (json_int_t)auth_failures, "replay_drops",
			 (json_int_t)replay_drops);
}

/*
 * Each path's own counters, after the others: "user" as leg.h counts
 * them, "kernel" as wrtc.ko does (null when the leg never was a kernel
 * leg; "id" 0 once it is not one any more). wrtc.ko counts in rx only
 * what authenticated, so the sums above add its failures to rx_packets.
 */
static json_t *with_paths(json_t *o, const struct leg_stats *st, bool kernel,
			  const struct fastpath_stats *k)
{
	json_t *kj = json_null();

	if (!o)
		return NULL;
	if (kernel) {
		kj = counters_json(k->rx_packets, k->rx_bytes, k->tx_packets,
				   k->tx_bytes, k->auth_failures,
				   k->replay_drops);
		if (kj && json_object_set_new(kj, "id",
					      json_integer(k->kernel_id))) {
			json_decref(kj);
			kj = NULL;
		}
	}
	if (!kj || json_object_set_new(o, "kernel", kj) ||
	    json_object_set_new(o, "user",
				counters_json(st->rx_packets, st->rx_bytes,
					      st->tx_packets, st->tx_bytes,
					      st->auth_failures,
					      st->replay_drops))) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *leg_json(struct leg *leg)
{
	const struct leg_stats *u = &leg->stats;
	struct fastpath_stats k = { 0 };
	char local[64], remote[64];
	bool kernel;
	json_t *o;

	kernel = handover_leg_stats(leg, &k);
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
		"rx_packets",
		(json_int_t)(u->rx_packets + k.rx_packets + k.auth_failures +
			     k.replay_drops),
		"rx_bytes", (json_int_t)(u->rx_bytes + k.rx_bytes),
		"tx_packets", (json_int_t)(u->tx_packets + k.tx_packets),
		"tx_bytes", (json_int_t)(u->tx_bytes + k.tx_bytes),
		"auth_failures",
		(json_int_t)(u->auth_failures + k.auth_failures),
		"replay_drops", (json_int_t)(u->replay_drops + k.replay_drops));
	return with_paths(with_drops(o, u), u, kernel, &k);
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
