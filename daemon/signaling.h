/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The v1 signaling protocol (SIGNALING.md) over a peer's messages: rooms
 * (join, leave) here, calls (offer, answer, candidate, hangup) in
 * negotiate.c. Every bad message gets an error reply with a code and the
 * offending type as "ref" ("" when the message had no readable type).
 */
#ifndef WRTCD_SIGNALING_H
#define WRTCD_SIGNALING_H

#include <jansson.h>
#include <stddef.h>

#include "peer.h"

/* One complete text message (not NUL-terminated). */
void signaling_on_text(struct peer *p, const char *buf, size_t len);

/* A message that cannot be read at all (too large, binary). */
void signaling_on_bad_frame(struct peer *p, const char *why);

/* The peer's socket closed: leave its room, end its calls. */
void signaling_peer_gone(struct peer *p);

/* {"type":"error","code":@code,"message":...,"ref":@ref} to @p. */
void signaling_error(struct peer *p, const char *code, const char *ref,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* negotiate.c */
void negotiate_offer(struct peer *p, json_t *msg);
void negotiate_answer(struct peer *p, json_t *msg);
void negotiate_candidate(struct peer *p, json_t *msg);
void negotiate_hangup(struct peer *p, json_t *msg);
/* End every call of @p, sending "hangup" from @p to the other sides. */
void negotiate_end_calls(struct peer *p);

#endif /* WRTCD_SIGNALING_H */
