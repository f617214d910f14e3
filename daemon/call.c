// SPDX-License-Identifier: GPL-2.0
/* Calls and their two legs (see call.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "call.h"
#include "log.h"
#include "peer.h"
#include "room.h"

const char *call_state_name(enum call_state state)
{
	return state == CALL_STATE_ACTIVE ? "active" : "offered";
}

void call_table_init(struct call_table *t, unsigned int max,
		     const struct leg_env *env)
{
	list_init(&t->calls);
	t->n = 0;
	t->max = max;
	t->next_id = 1;
	t->env = *env;
}

int call_create(struct call_table *t, struct peer *caller, struct peer *callee,
		struct call **out)
{
	struct call *c;
	int ret;

	if (t->n >= t->max)
		return -EBUSY;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->table = t;
	snprintf(c->id, sizeof(c->id), "C%" PRIu64, t->next_id);
	snprintf(c->room, sizeof(c->room), "%s",
		 caller->room ? caller->room->name : "");
	ret = leg_open(&c->leg[0], &t->env, c, caller);
	if (ret)
		goto fail;
	ret = leg_open(&c->leg[1], &t->env, c, callee);
	if (ret) {
		leg_close(c->leg[0]);
		goto fail;
	}
	t->next_id++;
	c->state = CALL_STATE_OFFERED;
	list_add_tail(&c->node, &t->calls);
	t->n++;
	*out = c;
	return 0;
fail:
	free(c);
	return ret;
}

struct call *call_find(struct call_table *t, const struct peer *a,
		       const struct peer *b)
{
	struct list_node *n;

	list_for_each(n, &t->calls) {
		struct call *c = list_entry(n, struct call, node);
		const struct peer *p0 = c->leg[0]->peer, *p1 = c->leg[1]->peer;

		if ((p0 == a && p1 == b) || (p0 == b && p1 == a))
			return c;
	}
	return NULL;
}

struct call *call_find_by_peer(struct call_table *t, const struct peer *p)
{
	struct list_node *n;

	list_for_each(n, &t->calls) {
		struct call *c = list_entry(n, struct call, node);

		if (c->leg[0]->peer == p || c->leg[1]->peer == p)
			return c;
	}
	return NULL;
}

struct leg *call_leg_of(struct call *c, const struct peer *p)
{
	return c->leg[0]->peer == p ? c->leg[0] : c->leg[1];
}

struct leg *call_other_leg(struct call *c, const struct peer *p)
{
	return c->leg[0]->peer == p ? c->leg[1] : c->leg[0];
}

struct peer *call_other_peer(struct call *c, const struct peer *p)
{
	return call_other_leg(c, p)->peer;
}

void call_destroy(struct call *c)
{
	struct call_table *t = c->table;

	log_info("call %s ended (room %s, %s <-> %s, ports %u and %u released)",
		 c->id, c->room, c->leg[0]->peer->id, c->leg[1]->peer->id,
		 c->leg[0]->port, c->leg[1]->port);
	list_del(&c->node);
	t->n--;
	leg_close(c->leg[0]);
	leg_close(c->leg[1]);
	free(c);
}

void call_fail(struct call *c, const char *reason)
{
	/* call_destroy() unhooks the peers from the legs: keep them. */
	struct peer *p0 = c->leg[0]->peer, *p1 = c->leg[1]->peer;

	log_warn("call %s failed: %s; hanging up %s and %s", c->id, reason,
		 p0->id, p1->id);
	call_destroy(c);
	peer_send(p0,
		  json_pack("{s:s, s:s}", "type", "hangup", "from", p1->id));
	peer_send(p1,
		  json_pack("{s:s, s:s}", "type", "hangup", "from", p0->id));
}

void call_table_destroy_all(struct call_table *t)
{
	struct list_node *n, *tmp;

	list_for_each_safe(n, tmp, &t->calls)
		call_destroy(list_entry(n, struct call, node));
}
