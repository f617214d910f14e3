/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rooms: named sets of peers who can see and call each other. A room
 * exists while it has a peer; the table bounds how many rooms there are
 * and how many peers one holds.
 */
#ifndef WRTCD_ROOM_H
#define WRTCD_ROOM_H

#include <stdbool.h>
#include <stdint.h>

#include "list.h"
#include "peer.h"

#define ROOM_NAME_MAX 64

struct room {
	struct list_node node; /* in room_table.rooms */
	char name[ROOM_NAME_MAX + 1];
	struct list_node peers; /* struct peer.room_node, in join order */
	unsigned int npeers;
};

struct room_table {
	struct list_node rooms;
	unsigned int nrooms;
	unsigned int max_rooms, max_peers;
	uint64_t next_peer; /* for peer ids */
};

void room_table_init(struct room_table *t, unsigned int max_rooms,
		     unsigned int max_peers);

/* Give @p a fresh id ("P1", "P2"...), unique for the process lifetime. */
void room_table_name_peer(struct room_table *t, struct peer *p);

/* 1-64 characters of [A-Za-z0-9_.-]. */
bool room_name_valid(const char *name);

/*
 * Put @p (in no room yet) into room @name, made if needed. Returns 0,
 * -EBUSY when the room is full, -ENOSPC when there are already max_rooms
 * rooms, -ENOMEM.
 */
int room_join(struct room_table *t, struct peer *p, const char *name);

/* Take @p out of its room, freeing the room when it empties. */
void room_leave(struct room_table *t, struct peer *p);

/* The peer with id @id in @r, or NULL. */
struct peer *room_find_peer(const struct room *r, const char *id);

#define room_for_each_peer(p, r)                                \
	for (struct list_node *_n = (r)->peers.next;            \
	     _n != &(r)->peers &&                               \
	     ((p) = list_entry(_n, struct peer, room_node), 1); \
	     _n = _n->next)

#endif /* WRTCD_ROOM_H */
