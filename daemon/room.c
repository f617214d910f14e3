// SPDX-License-Identifier: GPL-2.0
/* Rooms and their peers (see room.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "room.h"

void room_table_init(struct room_table *t, unsigned int max_rooms,
		     unsigned int max_peers)
{
	list_init(&t->rooms);
	t->nrooms = 0;
	t->max_rooms = max_rooms;
	t->max_peers = max_peers;
	t->next_peer = 1;
}

void room_table_name_peer(struct room_table *t, struct peer *p)
{
	snprintf(p->id, sizeof(p->id), "P%" PRIu64, t->next_peer++);
}

bool room_name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n < 1 || n > ROOM_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

static struct room *room_find(struct room_table *t, const char *name)
{
	struct list_node *n;

	list_for_each(n, &t->rooms) {
		struct room *r = list_entry(n, struct room, node);

		if (!strcmp(r->name, name))
			return r;
	}
	return NULL;
}

int room_join(struct room_table *t, struct peer *p, const char *name)
{
	struct room *r = room_find(t, name);

	if (!r) {
		if (t->nrooms >= t->max_rooms)
			return -ENOSPC;
		r = calloc(1, sizeof(*r));
		if (!r)
			return -ENOMEM;
		snprintf(r->name, sizeof(r->name), "%s", name);
		list_init(&r->peers);
		list_add_tail(&r->node, &t->rooms);
		t->nrooms++;
	} else if (r->npeers >= t->max_peers) {
		return -EBUSY;
	}
	list_add_tail(&p->room_node, &r->peers);
	r->npeers++;
	p->room = r;
	return 0;
}

void room_leave(struct room_table *t, struct peer *p)
{
	struct room *r = p->room;

	if (!r)
		return;
	list_del(&p->room_node);
	p->room = NULL;
	if (--r->npeers)
		return;
	list_del(&r->node);
	t->nrooms--;
	free(r);
}

struct peer *room_find_peer(const struct room *r, const char *id)
{
	struct peer *p;

	room_for_each_peer(p, r) if (!strcmp(p->id, id)) return p;
	return NULL;
}
