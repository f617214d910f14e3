// SPDX-License-Identifier: GPL-2.0
/*
 * The event loop. libuv owns every socket and timer; libwebsockets runs
 * on the same loop as a guest. Nothing polls or spins: the process sleeps
 * in epoll until a socket, a timer or a signal wakes it.
 *
 * How things flow:
 *
 *   browser --WebSocket frame--> lws (on the uv loop) --> server.c callback
 *     --> ws.c: reassemble up to 64 KiB --> signaling.c: parse JSON, dispatch
 *       join/leave --> room.c                     (peer-joined, peer-left)
 *       offer/answer --> negotiate.c --> anchor.c (check, rewrite SDP)
 *                                    --> call.c / leg.c (legs, ports)
 *       --> peer_send(): queue JSON on the other peer's session,
 *           lws_callback_on_writable() --> written when its socket can take it
 *
 *   browser --UDP datagrams--> leg socket (uv_poll) --> leg_io.c on_poll():
 *     recvmmsg() up to 32 at a time, for each
 *     --> demux_classify() (RFC 7983 first byte) --> leg_on_datagram()
 *       STUN --> hooks.on_stun   (ice.c: ICE-lite, answers with leg_send())
 *       DTLS --> hooks.on_dtls   (dtls_leg.c: DTLS-SRTP handshake; keys to
 *                                 the relay once connected)
 *       SRTP/SRTCP --> hooks.on_media (relay.c: unprotect, protect into a
 *                                      send queue for the other leg)
 *     then hooks.on_batch_end: the queue goes out with sendmmsg() from the
 *     other leg's socket to its nominated address.
 *
 *   GET / and GET /api/calls --> http.c (page embedded in the binary; JSON
 *     from api.c)
 *
 *   SIGINT/SIGTERM --> uv_signal --> wrtcd_stop(): close every call's
 *     sockets, destroy the lws context (closes its listener and
 *     connections), close the signal handles; the loop then runs out of
 *     handles and uv_run() returns.
 */
#include <libwebsockets.h>
#include <signal.h>
#include <string.h>

#include "fastpath.h"
#include "log.h"
#include "server.h"
#include "wrtcd.h"

void wrtcd_stop(struct wrtcd *gw)
{
	if (gw->stopping)
		return;
	gw->stopping = true;
	/* Peers are not told: their sockets close next. */
	call_table_destroy_all(&gw->calls);
	fastpath_stop(gw->fastpath);
	server_stop(gw);
	uv_close((uv_handle_t *)&gw->sigint, NULL);
	uv_close((uv_handle_t *)&gw->sigterm, NULL);
}

static void on_signal(uv_signal_t *sig, int signum)
{
	struct wrtcd *gw = sig->data;

	log_info("%s: shutting down", strsignal(signum));
	wrtcd_stop(gw);
}

void wrtcd_catch_signals(struct wrtcd *gw)
{
	uv_signal_init(&gw->loop, &gw->sigint);
	uv_signal_init(&gw->loop, &gw->sigterm);
	gw->sigint.data = gw;
	gw->sigterm.data = gw;
	uv_signal_start(&gw->sigint, on_signal, SIGINT);
	uv_signal_start(&gw->sigterm, on_signal, SIGTERM);
}

int wrtcd_run(struct wrtcd *gw)
{
	uv_run(&gw->loop, UV_RUN_DEFAULT);

	/* lws normally finished inside the loop; if not, finish it now. */
	if (gw->lws) {
		lws_context_destroy(gw->lws);
		uv_run(&gw->loop, UV_RUN_DEFAULT);
	}
	return 0;
}
