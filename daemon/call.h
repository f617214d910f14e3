/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Calls: two legs joined, one per peer; what arrives on one leg goes out
 * of the other. A call is made by the first offer between two peers in a
 * room, re-used by every later offer between them (renegotiation), and
 * torn down by a hangup or when either peer leaves.
 */
#ifndef WRTCD_CALL_H
#define WRTCD_CALL_H

#include <stdint.h>

#include "leg.h"
#include "list.h"

#define CALL_ID_MAX 23

enum call_state {
	CALL_STATE_OFFERED = 0, /* first offer forwarded, no answer yet */
	CALL_STATE_ACTIVE, /* answered at least once */
};

const char *call_state_name(enum call_state state);

struct call_table;

struct call {
	struct list_node node; /* in call_table.calls */
	struct call_table *table;
	char id[CALL_ID_MAX + 1];
	char room[65];
	/* leg[0] faces the peer that made the call, leg[1] the callee. */
	struct leg *leg[2];
	enum call_state state;
	/* The peer whose offer waits for an answer, or NULL. */
	struct peer *offerer;
};

struct call_table {
	struct list_node calls;
	unsigned int n, max;
	uint64_t next_id;
	struct leg_env env;
};

void call_table_init(struct call_table *t, unsigned int max,
		     const struct leg_env *env);

/*
 * A call between @caller and @callee (both in the same room), with a leg
 * for each. Returns 0, -EBUSY at the --max-calls limit, -EADDRINUSE when
 * the port range is used up, -ENOMEM.
 */
int call_create(struct call_table *t, struct peer *caller, struct peer *callee,
		struct call **out);

/* The call between @a and @b in either direction, or NULL. */
struct call *call_find(struct call_table *t, const struct peer *a,
		       const struct peer *b);

/* The first call @p is in, or NULL. */
struct call *call_find_by_peer(struct call_table *t, const struct peer *p);

/* @p's leg of @c, and the other one. */
struct leg *call_leg_of(struct call *c, const struct peer *p);
struct leg *call_other_leg(struct call *c, const struct peer *p);
/* The other peer of @c. */
struct peer *call_other_peer(struct call *c, const struct peer *p);

/* Close both legs (sockets, ports) and free the call. */
void call_destroy(struct call *c);

/*
 * The call cannot go on (e.g. ICE consent expired): log @reason, destroy
 * it, and tell each peer {"type":"hangup","from":<the other peer>}.
 */
void call_fail(struct call *c, const char *reason);

/* Every call, at shutdown. */
void call_table_destroy_all(struct call_table *t);

#endif /* WRTCD_CALL_H */
