/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A peer: one signaling WebSocket, seen from the protocol. It has an id
 * chosen by the gateway, a display name once it joins, and at most one
 * room. The transport (ws.c) owns the memory; rooms and calls point at it
 * and are told when it goes (signaling_peer_gone()).
 */
#ifndef WRTCD_PEER_H
#define WRTCD_PEER_H

#include <jansson.h>

#include "list.h"

#define PEER_ID_MAX 23
#define PEER_NAME_MAX 64

struct room;
struct session;
struct wrtcd;

struct peer {
	char id[PEER_ID_MAX + 1];
	char name[PEER_NAME_MAX + 1];
	struct room *room; /* NULL when in no room */
	struct list_node room_node; /* in room->peers */
	struct session *session;
	struct wrtcd *gw;
};

/*
 * Queue @msg (one JSON object; the reference is taken) for @p. Returns 0,
 * or -1 when the message could not be queued (the peer is going away or
 * does not read; it is then closed).
 */
int peer_send(struct peer *p, json_t *msg);

#endif /* WRTCD_PEER_H */
