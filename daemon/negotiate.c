// SPDX-License-Identifier: GPL-2.0
/*
 * Calls over signaling: offer, answer, candidate, hangup (SIGNALING.md).
 *
 * The first offer between two peers makes a call with a leg for each; the
 * offer goes on rewritten to the callee's leg, the answer comes back
 * rewritten to the caller's leg. Later offers between the same two peers,
 * in either direction, renegotiate that call: same legs and ports, and
 * the same ICE credentials unless the sender restarts ICE (a new ufrag in
 * its offer), in which case its leg gets fresh ones.
 *
 * DTLS roles: the gateway is the DTLS server wherever the endpoint lets
 * it. Offers it forwards say a=setup:actpass (the endpoint answers active
 * and the gateway serves, or passive and the gateway is the client);
 * answers it forwards say passive, unless the endpoint's offer said
 * passive, where the gateway must be the client and says active.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"
#include "log.h"
#include "room.h"
#include "signaling.h"
#include "wrtcd.h"

/* The peer a message is "to": in the sender's room, not the sender. */
static struct peer *target(struct peer *p, json_t *msg, const char *type)
{
	const char *to;
	struct peer *t;

	if (!p->room) {
		signaling_error(p, "not-in-room", type, "join a room first");
		return NULL;
	}
	to = json_string_value(json_object_get(msg, "to"));
	if (!to) {
		signaling_error(p, "bad-message", type,
				"%s needs a string member \"to\"", type);
		return NULL;
	}
	t = room_find_peer(p->room, to);
	if (!t) {
		signaling_error(p, "unknown-peer", type,
				"no peer %.32s in room %s", to, p->room->name);
		return NULL;
	}
	if (t == p) {
		signaling_error(p, "bad-message", type,
				"cannot send %s to yourself", type);
		return NULL;
	}
	return t;
}

/* The endpoint's SDP was accepted: remember what it says of its side. */
static void apply_remote(struct leg *leg, const struct anchor_remote *r,
			 enum anchor_kind kind)
{
	/* Only an offer restarts ICE; our answer then shows new credentials. */
	bool restart = kind == ANCHOR_OFFER && leg->remote_ufrag[0] &&
		       strcmp(leg->remote_ufrag, r->ufrag);

	if (restart) {
		leg_new_credentials(leg);
		leg->ice = ICE_STATE_NEW;
	}
	memcpy(leg->remote_ufrag, r->ufrag, sizeof(leg->remote_ufrag));
	memcpy(leg->remote_pwd, r->pwd, sizeof(leg->remote_pwd));
	leg->remote_fp = r->fp;
	leg->has_remote_fp = true;
	switch (r->setup) {
	case SDP_SETUP_ACTIVE:
		leg->role = DTLS_ROLE_SERVER;
		leg->role_known = true;
		break;
	case SDP_SETUP_PASSIVE:
		leg->role = DTLS_ROLE_CLIENT;
		leg->role_known = true;
		break;
	default:
		/* actpass: our choice, and we keep the role we have. */
		if (!leg->role_known) {
			leg->role = DTLS_ROLE_SERVER;
			leg->role_known = true;
		}
		break;
	}
	if (leg->env->hooks->on_negotiated)
		leg->env->hooks->on_negotiated(leg, restart);
}

/* Read a message's "sdp"; on failure the error has been sent. */
static int read_sdp(struct peer *p, json_t *msg, const char *type,
		    enum anchor_kind kind, struct sdp *sdp,
		    struct anchor_remote *r)
{
	json_t *js = json_object_get(msg, "sdp");
	const char *code;
	char why[256];

	if (!json_is_string(js)) {
		signaling_error(p, "bad-message", type,
				"%s needs a string member \"sdp\"", type);
		return -1;
	}
	if (anchor_read(sdp, json_string_value(js), json_string_length(js),
			kind, r, &code, why, sizeof(why))) {
		signaling_error(p, code, type, "%s", why);
		return -1;
	}
	return 0;
}

static int forward(struct peer *from, struct peer *to, const char *type,
		   struct sdp *sdp, struct leg *leg, enum sdp_setup setup)
{
	char why[256], *text;

	if (anchor_write(sdp, leg, setup, &from->gw->identity, &text, why,
			 sizeof(why))) {
		signaling_error(from, "internal", type, "%s", why);
		return -1;
	}
	peer_send(to, json_pack("{s:s, s:s, s:s}", "type", type, "from",
				from->id, "sdp", text));
	free(text);
	return 0;
}

void negotiate_offer(struct peer *p, json_t *msg)
{
	struct wrtcd *gw = p->gw;
	struct peer *to = target(p, msg, "offer");
	struct anchor_remote r;
	struct sdp sdp;
	struct call *c;
	bool created = false;
	int ret;

	if (!to || read_sdp(p, msg, "offer", ANCHOR_OFFER, &sdp, &r))
		return;
	c = call_find(&gw->calls, p, to);
	if (!c) {
		ret = call_create(&gw->calls, p, to, &c);
		if (ret == -EBUSY || ret == -EADDRINUSE) {
			signaling_error(
				p, "busy", "offer", "%s",
				ret == -EBUSY ?
					"too many calls" :
					"no free media port in the range");
			goto out;
		}
		if (ret) {
			signaling_error(p, "internal", "offer",
					"cannot make a call: %s",
					strerror(-ret));
			goto out;
		}
		created = true;
		log_info(
			"call %s created in room %s: %s (port %u) -> %s (port %u)",
			c->id, c->room, p->id, c->leg[0]->port, to->id,
			c->leg[1]->port);
	}
	if (forward(p, to, "offer", &sdp, call_leg_of(c, to),
		    SDP_SETUP_ACTPASS)) {
		if (created)
			call_destroy(c);
		goto out;
	}
	apply_remote(call_leg_of(c, p), &r, ANCHOR_OFFER);
	c->offerer = p;
	log_info("call %s: %s offer %s -> %s forwarded", c->id,
		 created ? "new" : "renegotiation", p->id, to->id);
out:
	sdp_free(&sdp);
}

void negotiate_answer(struct peer *p, json_t *msg)
{
	struct wrtcd *gw = p->gw;
	struct peer *to = target(p, msg, "answer");
	struct anchor_remote r;
	struct leg *to_leg;
	struct sdp sdp;
	struct call *c;

	if (!to)
		return;
	c = call_find(&gw->calls, p, to);
	if (!c || c->offerer != to)
		return signaling_error(p, "bad-message", "answer",
				       "no offer from %s waits for an answer",
				       to->id);
	if (read_sdp(p, msg, "answer", ANCHOR_ANSWER, &sdp, &r))
		return;
	to_leg = call_leg_of(c, to);
	if (forward(p, to, "answer", &sdp, to_leg,
		    to_leg->role == DTLS_ROLE_CLIENT ? SDP_SETUP_ACTIVE :
						       SDP_SETUP_PASSIVE))
		goto out;
	apply_remote(call_leg_of(c, p), &r, ANCHOR_ANSWER);
	c->offerer = NULL;
	c->state = CALL_STATE_ACTIVE;
	log_info("call %s: answer %s -> %s forwarded, call active", c->id,
		 p->id, to->id);
out:
	sdp_free(&sdp);
}

void negotiate_candidate(struct peer *p, json_t *msg)
{
	struct peer *to = target(p, msg, "candidate");
	json_t *cand;

	if (!to)
		return;
	cand = json_object_get(msg, "candidate");
	if (!json_is_object(cand) && !json_is_null(cand))
		return signaling_error(p, "bad-message", "candidate",
				       "candidate must be an object (or null)");
	/*
	 * Not forwarded: the other peer only ever talks to the gateway, and
	 * the gateway (ICE-lite) learns this peer's address from its checks.
	 */
	log_debug("peer %s: candidate for %s not forwarded (ICE-lite)", p->id,
		  to->id);
}

void negotiate_hangup(struct peer *p, json_t *msg)
{
	struct peer *to = target(p, msg, "hangup");
	struct call *c;

	if (!to)
		return;
	c = call_find(&p->gw->calls, p, to);
	if (c) {
		log_info("call %s hung up by %s", c->id, p->id);
		call_destroy(c);
	}
	peer_send(to, json_pack("{s:s, s:s}", "type", "hangup", "from", p->id));
}

void negotiate_end_calls(struct peer *p)
{
	struct call_table *t = &p->gw->calls;
	struct call *c;

	while ((c = call_find_by_peer(t, p))) {
		struct peer *o = call_other_peer(c, p);

		log_info("call %s: %s is leaving, hanging up", c->id, p->id);
		call_destroy(c);
		peer_send(o, json_pack("{s:s, s:s}", "type", "hangup", "from",
				       p->id));
	}
}
