// SPDX-License-Identifier: GPL-2.0
/*
 * Signaling WebSockets: one session (and one peer) per connection. Incoming
 * messages are reassembled from however many frames and chunks they come
 * in, up to 64 KiB; a longer one is skipped to its end and answered with
 * an error, so the session stays usable. Outgoing messages wait in a
 * per-session queue until lws says the socket is writable; a peer that
 * lets the queue grow past WS_MAX_QUEUE is disconnected.
 */
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "log.h"
#include "server.h"
#include "signaling.h"
#include "wrtcd.h"

#define WS_MAX_MESSAGE (64 * 1024)
#define WS_MAX_QUEUE (1024 * 1024)
/* A reassembly buffer this small is kept for the next message. */
#define WS_KEEP_RX 4096

struct tx_msg {
	struct list_node node;
	size_t len;
	unsigned char data[]; /* LWS_PRE bytes of headroom, then len */
};

struct session {
	struct lws *wsi;
	struct peer peer;
	char *rx;
	size_t rx_len, rx_cap;
	size_t rx_total; /* bytes of the current message, kept or not */
	bool rx_binary;
	struct list_node txq;
	size_t tx_bytes;
	bool kill; /* close once lws lets us write */
};

int ws_filter(struct lws *wsi)
{
	char uri[64] = "";

	if (lws_hdr_copy(wsi, uri, sizeof(uri), WSI_TOKEN_GET_URI) < 0 ||
	    strcmp(uri, "/ws")) {
		log_debug("WebSocket upgrade refused on %s", uri);
		return -1;
	}
	if (server_gw(wsi)->stopping)
		return -1;
	return 0;
}

int ws_on_open(struct lws *wsi, struct conn *c)
{
	struct wrtcd *gw = server_gw(wsi);
	struct session *s = calloc(1, sizeof(*s));
	char addr[64] = "?";

	if (!s)
		return -1;
	s->wsi = wsi;
	list_init(&s->txq);
	s->peer.session = s;
	s->peer.gw = gw;
	room_table_name_peer(&gw->rooms, &s->peer);
	c->session = s;
	lws_get_peer_simple(wsi, addr, sizeof(addr));
	log_info("peer %s connected from %s", s->peer.id, addr);
	return 0;
}

static int rx_append(struct session *s, const void *in, size_t len)
{
	if (s->rx_len + len > s->rx_cap) {
		size_t cap = s->rx_cap ? s->rx_cap : 1024;
		char *rx;

		while (cap < s->rx_len + len)
			cap *= 2;
		if (cap > WS_MAX_MESSAGE)
			cap = WS_MAX_MESSAGE;
		rx = realloc(s->rx, cap + 1);
		if (!rx)
			return -1;
		s->rx = rx;
		s->rx_cap = cap;
	}
	memcpy(s->rx + s->rx_len, in, len);
	s->rx_len += len;
	return 0;
}

static void rx_reset(struct session *s)
{
	if (s->rx_cap > WS_KEEP_RX) {
		free(s->rx);
		s->rx = NULL;
		s->rx_cap = 0;
	}
	s->rx_len = 0;
	s->rx_total = 0;
}

int ws_on_receive(struct lws *wsi, struct conn *c, const void *in, size_t len)
{
	struct session *s = c->session;
	bool fits;

	if (!s)
		return -1;
	if (lws_is_first_fragment(wsi)) {
		rx_reset(s);
		s->rx_binary = lws_frame_is_binary(wsi);
	}
	s->rx_total += len;
	fits = s->rx_total <= WS_MAX_MESSAGE;
	if (fits && rx_append(s, in, len)) {
		log_err("peer %s: out of memory for a message", s->peer.id);
		return -1;
	}
	if (!lws_is_final_fragment(wsi))
		return 0;
	if (!fits)
		signaling_on_bad_frame(&s->peer, "message larger than 64 KiB");
	else if (s->rx_binary)
		signaling_on_bad_frame(&s->peer,
				       "binary frame: messages are JSON text");
	else
		signaling_on_text(&s->peer, s->rx, s->rx_len);
	rx_reset(s);
	return 0;
}

int peer_send(struct peer *p, json_t *msg)
{
	struct session *s = p->session;
	struct tx_msg *m;
	char *text;
	size_t len;

	if (!msg)
		return -1;
	if (!s || s->kill || p->gw->stopping) {
		json_decref(msg);
		return -1;
	}
	text = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!text)
		return -1;
	len = strlen(text);
	if (s->tx_bytes + len > WS_MAX_QUEUE) {
		log_warn(
			"peer %s does not read its messages (%zu bytes queued): disconnecting",
			p->id, s->tx_bytes);
		free(text);
		s->kill = true;
		lws_callback_on_writable(s->wsi);
		return -1;
	}
	m = malloc(sizeof(*m) + LWS_PRE + len);
	if (!m) {
		free(text);
		return -1;
	}
	m->len = len;
	memcpy(m->data + LWS_PRE, text, len);
	free(text);
	list_add_tail(&m->node, &s->txq);
	s->tx_bytes += len;
	lws_callback_on_writable(s->wsi);
	return 0;
}

int ws_on_writeable(struct lws *wsi, struct conn *c)
{
	struct session *s = c->session;
	struct tx_msg *m;
	int n;

	if (!s)
		return -1;
	if (s->kill) {
		lws_close_reason(wsi, LWS_CLOSE_STATUS_POLICY_VIOLATION,
				 (unsigned char *)"too slow", 8);
		return -1;
	}
	if (list_empty(&s->txq))
		return 0;
	m = list_entry(s->txq.next, struct tx_msg, node);
	list_del(&m->node);
	s->tx_bytes -= m->len;
	n = lws_write(wsi, m->data + LWS_PRE, m->len, LWS_WRITE_TEXT);
	free(m);
	if (n < 0)
		return -1;
	if (!list_empty(&s->txq))
		lws_callback_on_writable(wsi);
	return 0;
}

void ws_on_closed(struct lws *wsi, struct conn *c)
{
	struct session *s = c->session;
	struct list_node *n, *tmp;

	if (!s)
		return;
	c->session = NULL;
	signaling_peer_gone(&s->peer);
	s->peer.session = NULL;
	list_for_each_safe(n, tmp, &s->txq)
		free(list_entry(n, struct tx_msg, node));
	free(s->rx);
	free(s);
}
