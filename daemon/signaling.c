// SPDX-License-Identifier: GPL-2.0
/*
 * Message dispatch, errors, and rooms: join, leave, and a peer's socket
 * closing (see signaling.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "room.h"
#include "signaling.h"
#include "wrtcd.h"

void signaling_error(struct peer *p, const char *code, const char *ref,
		     const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	log_info("peer %s: error %s (ref '%s'): %s", p->id, code, ref, text);
	peer_send(p, json_pack("{s:s, s:s, s:s, s:s}", "type", "error", "code",
			       code, "message", text, "ref", ref));
}

/* End @p's calls, take it out of its room, tell the others there. */
static void leave_room(struct peer *p)
{
	struct room *r = p->room;
	char room[ROOM_NAME_MAX + 1];
	bool last = r->npeers == 1; /* then room_leave() frees the room */
	struct peer *o;

	negotiate_end_calls(p);
	snprintf(room, sizeof(room), "%s", r->name);
	room_leave(&p->gw->rooms, p);
	log_info("peer %s left room %s (%u still there)", p->id, room,
		 last ? 0 : r->npeers);
	if (last)
		return;
	room_for_each_peer(o, r) peer_send(
		o, json_pack("{s:s, s:s}", "type", "peer-left", "id", p->id));
}

static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static void on_join(struct peer *p, json_t *msg)
{
	struct wrtcd *gw = p->gw;
	json_t *jname = json_object_get(msg, "name"), *peers;
	const char *room = json_string_value(json_object_get(msg, "room"));
	const char *name = "";
	struct peer *o;
	int ret;

	if (!room || !room_name_valid(room))
		return signaling_error(
			p, "bad-message", "join",
			"room must be 1-64 characters of A-Z a-z 0-9 _ . -");
	if (jname) {
		name = json_string_value(jname);
		if (!name || strlen(name) > PEER_NAME_MAX || !printable(name))
			return signaling_error(
				p, "bad-message", "join",
				"name must be a string of at most %d bytes, without control characters",
				PEER_NAME_MAX);
	}
	if (p->room)
		return signaling_error(p, "bad-message", "join",
				       "already in room %s: leave it first",
				       p->room->name);
	ret = room_join(&gw->rooms, p, room);
	if (ret == -EBUSY)
		return signaling_error(p, "busy", "join",
				       "room %s is full (%u peers)", room,
				       gw->rooms.max_peers);
	if (ret == -ENOSPC)
		return signaling_error(p, "busy", "join", "too many rooms (%u)",
				       gw->rooms.max_rooms);
	if (ret)
		return signaling_error(p, "internal", "join", "out of memory");
	snprintf(p->name, sizeof(p->name), "%s", name);

	peers = json_array();
	room_for_each_peer(o, p->room) if (o != p) json_array_append_new(
		peers, json_pack("{s:s, s:s}", "id", o->id, "name", o->name));
	peer_send(p, json_pack("{s:s, s:s, s:s, s:o}", "type", "welcome", "id",
			       p->id, "room", room, "peers", peers));
	room_for_each_peer(o, p->room) if (o != p)
		peer_send(o, json_pack("{s:s, s:s, s:s}", "type", "peer-joined",
				       "id", p->id, "name", p->name));
	log_info("peer %s (\"%s\") joined room %s (%u there now)", p->id,
		 p->name, room, p->room->npeers);
}

static void on_leave(struct peer *p, json_t *msg)
{
	if (!p->room)
		return signaling_error(p, "not-in-room", "leave",
				       "not in a room");
	leave_room(p);
}

static const struct {
	const char *type;
	void (*handle)(struct peer *p, json_t *msg);
} handlers[] = {
	{ "join", on_join },
	{ "leave", on_leave },
	{ "offer", negotiate_offer },
	{ "answer", negotiate_answer },
	{ "candidate", negotiate_candidate },
	{ "hangup", negotiate_hangup },
};

void signaling_on_text(struct peer *p, const char *buf, size_t len)
{
	json_error_t jerr;
	json_t *msg = json_loadb(buf, len, JSON_DECODE_ANY, &jerr);
	const char *type;

	if (!msg)
		return signaling_error(p, "bad-json", "",
				       "invalid JSON at line %d column %d: %s",
				       jerr.line, jerr.column, jerr.text);
	if (!json_is_object(msg)) {
		signaling_error(p, "bad-message", "",
				"a message is a JSON object");
		goto out;
	}
	type = json_string_value(json_object_get(msg, "type"));
	if (!type) {
		signaling_error(p, "bad-message", "",
				"a message needs a string member \"type\"");
		goto out;
	}
	for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		if (!strcmp(type, handlers[i].type)) {
			log_debug("peer %s: %s", p->id, type);
			handlers[i].handle(p, msg);
			goto out;
		}
	}
	signaling_error(p, "bad-message", type, "unknown message type");
out:
	json_decref(msg);
}

void signaling_on_bad_frame(struct peer *p, const char *why)
{
	signaling_error(p, "bad-message", "", "%s", why);
}

void signaling_peer_gone(struct peer *p)
{
	if (p->room)
		leave_room(p);
	log_info("peer %s disconnected", p->id);
}
