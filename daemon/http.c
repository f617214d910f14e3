// SPDX-License-Identifier: GPL-2.0
/*
 * Plain HTTP: GET / (the demo page, embedded in the binary), GET
 * /api/calls (JSON), and 404 for every other path. Bodies are written in
 * chunks as lws reports the socket writable.
 */
#include <stdlib.h>
#include <string.h>

#include <libwebsockets.h>

#include "api.h"
#include "log.h"
#include "server.h"
#include "wrtcd.h"
#include "www.h"

#define CHUNK 16384

static int respond(struct lws *wsi, struct conn *c, const char *type,
		   const unsigned char *body, size_t len, char *owned)
{
	unsigned char buf[LWS_PRE + 512], *start = buf + LWS_PRE, *p = start,
					  *end = buf + sizeof(buf) - 1;

	c->body = body;
	c->body_len = len;
	c->body_off = 0;
	c->owned = owned;
	if (lws_add_http_common_headers(wsi, HTTP_STATUS_OK, type, len, &p,
					end) ||
	    lws_add_http_header_by_token(wsi, WSI_TOKEN_HTTP_CACHE_CONTROL,
					 (const unsigned char *)"no-store", 8,
					 &p, end) ||
	    lws_finalize_write_http_header(wsi, start, &p, end))
		return 1;
	lws_callback_on_writable(wsi);
	return 0;
}

static int serve_calls(struct lws *wsi, struct conn *c)
{
	json_t *doc = api_calls(&server_gw(wsi)->calls);
	char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;

	json_decref(doc);
	if (!text)
		return lws_return_http_status(
			       wsi, HTTP_STATUS_INTERNAL_SERVER_ERROR, NULL) ||
		       lws_http_transaction_completed(wsi);
	return respond(wsi, c, "application/json", (unsigned char *)text,
		       strlen(text), text);
}

int http_on_request(struct lws *wsi, struct conn *c, const char *uri)
{
	bool get = lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0;
	int known = !strcmp(uri, "/") || !strcmp(uri, "/index.html") ||
		    !strcmp(uri, "/api/calls") || !strcmp(uri, "/ws");

	log_debug("HTTP %s %s", get ? "GET" : "(not GET)", uri);
	if (!known)
		return lws_return_http_status(wsi, HTTP_STATUS_NOT_FOUND,
					      NULL) ||
		       lws_http_transaction_completed(wsi);
	if (!get)
		return lws_return_http_status(
			       wsi, HTTP_STATUS_METHOD_NOT_ALLOWED, NULL) ||
		       lws_http_transaction_completed(wsi);
	if (!strcmp(uri, "/ws")) /* reached only without an Upgrade */
		return lws_return_http_status(wsi, HTTP_STATUS_BAD_REQUEST,
					      "/ws is a WebSocket") ||
		       lws_http_transaction_completed(wsi);
	if (!strcmp(uri, "/api/calls"))
		return serve_calls(wsi, c);
	return respond(wsi, c, "text/html; charset=utf-8", www_index_html,
		       www_index_html_len, NULL);
}

int http_on_writeable(struct lws *wsi, struct conn *c)
{
	unsigned char buf[LWS_PRE + CHUNK];
	size_t n;
	bool last;

	if (!c->body)
		return 0;
	n = c->body_len - c->body_off;
	if (n > CHUNK)
		n = CHUNK;
	last = c->body_off + n == c->body_len;
	memcpy(buf + LWS_PRE, c->body + c->body_off, n);
	if (lws_write(wsi, buf + LWS_PRE, n,
		      last ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP) != (int)n)
		return -1;
	c->body_off += n;
	if (!last) {
		lws_callback_on_writable(wsi);
		return 0;
	}
	http_on_closed(c);
	/* Keep-alive: ready for the next request, or close. */
	return lws_http_transaction_completed(wsi) ? -1 : 0;
}

void http_on_closed(struct conn *c)
{
	free(c->owned);
	c->owned = NULL;
	c->body = NULL;
}
