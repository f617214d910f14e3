// SPDX-License-Identifier: GPL-2.0
/*
 * libwebsockets set up as a guest on wrtcd's libuv loop (a "foreign loop":
 * LWS_SERVER_OPTION_LIBUV + foreign_loops), so the signaling sockets, the
 * media sockets and every timer share one loop and one thread.
 */
#include <netdb.h>
#include <string.h>

#include <libwebsockets.h>

#include "log.h"
#include "server.h"
#include "wrtcd.h"

/* WebSocket messages are at most 64 KiB; lws hands them over in chunks. */
#define RX_CHUNK 16384

static int callback(struct lws *wsi, enum lws_callback_reasons reason,
		    void *user, void *in, size_t len)
{
	struct conn *c = user;

	switch (reason) {
	case LWS_CALLBACK_HTTP:
		return http_on_request(wsi, c, in);
	case LWS_CALLBACK_HTTP_WRITEABLE:
		return http_on_writeable(wsi, c);
	case LWS_CALLBACK_CLOSED_HTTP:
		/*
		 * Also comes for a connection closed before its first request
		 * (a browser's preconnect), which has no per-session data.
		 */
		if (c)
			http_on_closed(c);
		break;
	case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
		return ws_filter(wsi);
	case LWS_CALLBACK_ESTABLISHED:
		return ws_on_open(wsi, c);
	case LWS_CALLBACK_RECEIVE:
		return ws_on_receive(wsi, c, in, len);
	case LWS_CALLBACK_SERVER_WRITEABLE:
		return ws_on_writeable(wsi, c);
	case LWS_CALLBACK_CLOSED:
		ws_on_closed(wsi, c);
		break;
	default:
		break;
	}
	return lws_callback_http_dummy(wsi, reason, user, in, len);
}

/*
 * A WebSocket upgrade without Sec-WebSocket-Protocol (what browsers and
 * the ws package send by default) binds to the first protocol: this one.
 */
static const struct lws_protocols protocols[] = {
	{
		.name = "wrtc",
		.callback = callback,
		.per_session_data_size = sizeof(struct conn),
		.rx_buffer_size = RX_CHUNK,
	},
	{ NULL, NULL, 0, 0, 0, NULL, 0 },
};

/* Idle signaling sockets get a ping after 30 s, and are dropped at 60 s. */
static const lws_retry_bo_t retry = {
	.secs_since_valid_ping = 30,
	.secs_since_valid_hangup = 60,
};

struct wrtcd *server_gw(struct lws *wsi)
{
	return lws_context_user(lws_get_context(wsi));
}

/* lws binds to an interface name or an IP literal: resolve names here. */
static int resolve(const char *host, char *ip, size_t len, int *family)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
	int ret = getaddrinfo(host, NULL, &hints, &res);

	if (ret) {
		log_err("cannot resolve listen host '%s': %s", host,
			gai_strerror(ret));
		return -1;
	}
	*family = res->ai_family;
	ret = getnameinfo(res->ai_addr, res->ai_addrlen, ip, (socklen_t)len,
			  NULL, 0, NI_NUMERICHOST);
	freeaddrinfo(res);
	if (ret) {
		log_err("cannot use listen host '%s': %s", host,
			gai_strerror(ret));
		return -1;
	}
	return 0;
}

int server_start(struct wrtcd *gw)
{
	struct lws_context_creation_info info;
	void *loops[1] = { &gw->loop };
	char ip[INET6_ADDRSTRLEN + 8];
	int family;

	if (resolve(gw->cfg->listen_host, ip, sizeof(ip), &family))
		return -1;
	/*
	 * The vhost (the listener) is made separately: lws_create_context()
	 * succeeds even when its default vhost cannot bind, and we must not
	 * run without a listener.
	 */
	memset(&info, 0, sizeof(info));
	info.options = LWS_SERVER_OPTION_LIBUV |
		       LWS_SERVER_OPTION_UV_NO_SIGSEGV_SIGFPE_SPIN |
		       LWS_SERVER_OPTION_EXPLICIT_VHOSTS;
	if (family == AF_INET)
		info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
	info.foreign_loops = loops;
	info.user = gw;
	info.pcontext = &gw->lws;
	info.gid = -1;
	info.uid = -1;
	gw->lws = lws_create_context(&info);
	if (!gw->lws) {
		log_err("cannot start libwebsockets on the event loop (is its libuv plugin, Debian package libwebsockets-evlib-uv, installed?)");
		return -1;
	}
	info.iface = ip;
	info.port = gw->cfg->listen_port;
	info.protocols = protocols;
	info.vhost_name = "wrtcd";
	info.server_string = "wrtcd";
	info.retry_and_idle_policy = &retry;
	if (!lws_create_vhost(gw->lws, &info)) {
		log_err("cannot listen on %s port %u: address in use or not available",
			ip, gw->cfg->listen_port);
		return -1;
	}
	if (family == AF_INET6)
		log_info(
			"listening on http://[%s]:%u/ (signaling at ws://[%s]:%u/ws)",
			ip, gw->cfg->listen_port, ip, gw->cfg->listen_port);
	else
		log_info(
			"listening on http://%s:%u/ (signaling at ws://%s:%u/ws)",
			ip, gw->cfg->listen_port, ip, gw->cfg->listen_port);
	return 0;
}

void server_stop(struct wrtcd *gw)
{
	/*
	 * With a foreign loop this starts closing lws' handles; lws finishes
	 * (and sets gw->lws to NULL) from the loop, which keeps running
	 * until they are all closed.
	 */
	if (gw->lws)
		lws_context_destroy(gw->lws);
}
