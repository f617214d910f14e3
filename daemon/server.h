/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTTP + WebSocket server: libwebsockets on wrtcd's libuv loop. One
 * lws protocol serves both kinds of connection; server.c hands each
 * callback to http.c (GET /, GET /api/calls, 404) or ws.c (GET /ws).
 */
#ifndef WRTCD_SERVER_H
#define WRTCD_SERVER_H

#include <stddef.h>

struct lws;
struct session;
struct wrtcd;

/* What lws keeps for us per connection (zeroed by lws). */
struct conn {
	struct session *session; /* a WebSocket, once established */
	/* An HTTP response being written. */
	const unsigned char *body;
	size_t body_len, body_off;
	char *owned; /* body memory to free, or NULL for static bodies */
};

/* Listen on --listen. Returns 0, or -1 after logging why. */
int server_start(struct wrtcd *gw);
/* Close the listener and every connection (asynchronously, on the loop). */
void server_stop(struct wrtcd *gw);

struct wrtcd *server_gw(struct lws *wsi);

/* http.c */
int http_on_request(struct lws *wsi, struct conn *c, const char *uri);
int http_on_writeable(struct lws *wsi, struct conn *c);
void http_on_closed(struct conn *c);

/* ws.c */
int ws_filter(struct lws *wsi);
int ws_on_open(struct lws *wsi, struct conn *c);
int ws_on_receive(struct lws *wsi, struct conn *c, const void *in, size_t len);
int ws_on_writeable(struct lws *wsi, struct conn *c);
void ws_on_closed(struct lws *wsi, struct conn *c);

#endif /* WRTCD_SERVER_H */
