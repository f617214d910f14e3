/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The daemon's state: the one libuv loop and everything that lives on it.
 * main.c builds it, loop.c runs and stops it; the other parts reach each
 * other through it.
 */
#ifndef WRTCD_WRTCD_H
#define WRTCD_WRTCD_H

#include <stdbool.h>
#include <uv.h>

#include "call.h"
#include "config.h"
#include "identity.h"
#include "media.h"
#include "ports.h"
#include "room.h"

struct lws_context;

struct wrtcd {
	uv_loop_t loop;
	const struct config *cfg;
	struct media_addrs media; /* where legs bind and what SDP advertises */
	struct port_pool ports;
	struct identity identity; /* the gateway's DTLS certificate */
	struct room_table rooms;
	struct call_table calls;
	struct lws_context *lws; /* set to NULL by lws once destroyed */
	struct fastpath *fastpath; /* the kernel data path, or NULL */
	uv_signal_t sigint, sigterm;
	bool stopping; /* shutting down: no more messages to peers */
};

/*
 * loop.c: catch SIGINT and SIGTERM (from before anything listens, so a
 * signal is never fatal), run until one arrives (0 after a clean stop),
 * and stop: close every socket, after which the loop runs dry.
 */
void wrtcd_catch_signals(struct wrtcd *gw);
int wrtcd_run(struct wrtcd *gw);
void wrtcd_stop(struct wrtcd *gw);

#endif /* WRTCD_WRTCD_H */
