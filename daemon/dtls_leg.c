// SPDX-License-Identifier: GPL-2.0
/* DTLS-SRTP per leg: connection, timer, keys to the relay (see dtls_leg.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "dtls_leg.h"
#include "fastpath.h"
#include "log.h"
#include "peer.h"
#include "relay.h"

struct dtls_leg {
	struct leg *leg;
	struct dtls_conn *conn; /* NULL until the SDP or a ClientHello */
	uv_timer_t timer; /* retransmissions; then, once, the failure */
	enum dtls_role role; /* of conn */
	bool has_fp; /* conn was given fp */
	struct dtls_fingerprint fp;
	bool keyed; /* the relay holds this association's keys */
	bool failing; /* the call ends on the next timer tick */
};

static const char *call_id(const struct leg *leg)
{
	return leg->call ? leg->call->id : "?";
}

static const char *peer_id(const struct leg *leg)
{
	return leg->peer ? leg->peer->id : "?";
}

static void on_timer(uv_timer_t *t);

static struct dtls_leg *ctx_get(struct leg *leg)
{
	struct dtls_leg *d = leg->dtls_ctx;

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d) {
		log_err("call %s: out of memory for DTLS", call_id(leg));
		return NULL;
	}
	d->leg = leg;
	uv_timer_init(leg->env->loop, &d->timer);
	d->timer.data = d;
	leg->dtls_ctx = d;
	return d;
}

/*
 * The leg failed: end the call from the timer, not from here, where we may
 * be in the middle of the leg's receive batch or of a signaling message.
 */
static void fail(struct dtls_leg *d, const char *why)
{
	struct leg *leg = d->leg;

	leg->dtls = DTLS_STATE_FAILED;
	if (d->failing)
		return;
	d->failing = true;
	log_warn("call %s: DTLS with %s (port %u) failed: %s", call_id(leg),
		 peer_id(leg), leg->port, why);
	uv_timer_start(&d->timer, on_timer, 0, 0);
}

static bool same_fp(const struct dtls_fingerprint *a,
		    const struct dtls_fingerprint *b)
{
	return a->hash == b->hash && a->len == b->len &&
	       !memcmp(a->digest, b->digest, a->len);
}

static int conn_new(struct dtls_leg *d, enum dtls_role role,
		    const struct dtls_fingerprint *fp)
{
	struct leg *leg = d->leg;
	struct dtls_config cfg = { .role = role, .remote_fingerprint = fp };
	struct wrtc_err err = { "", 0 };
	char profiles[256];
	int ret;

	config_srtp_profiles(leg->env->cfg, profiles, sizeof(profiles));
	cfg.srtp_profiles = profiles[0] ? profiles : NULL;
	ret = dtls_conn_new(&d->conn, leg->env->identity->cert, &cfg, &err);
	if (ret) {
		fail(d, err.msg);
		return ret;
	}
	d->role = role;
	d->has_fp = fp != NULL;
	if (fp)
		d->fp = *fp;
	d->keyed = false;
	leg->dtls = DTLS_STATE_NEW;
	return 0;
}

static void conn_drop(struct dtls_leg *d)
{
	uv_timer_stop(&d->timer);
	dtls_conn_free(d->conn);
	d->conn = NULL;
	if (d->keyed) {
		handover_leg_unkeyed(d->leg);
		relay_leg_drop_keys(d->leg);
		d->keyed = false;
	}
	d->leg->srtp = NULL;
}

/* Send what the connection queued: to the nominated address, or nowhere. */
static void pump(struct dtls_leg *d)
{
	static uint8_t out[65536]; /* one loop thread; larger than any MTU */
	struct leg *leg = d->leg;
	struct leg_socket *s = leg->remote_sock ? leg->remote_sock :
						  &leg->sock[0];
	int len;

	while ((len = dtls_conn_pull(d->conn, out, sizeof(out))) > 0) {
		/* With no address yet, the timer sends the flight again. */
		if (leg->remote.ss_family && leg->nsock)
			leg_send(s, out, (size_t)len,
				 (const struct sockaddr *)&leg->remote);
	}
}

static void install_keys(struct dtls_leg *d)
{
	struct leg *leg = d->leg;
	const struct srtp_profile *p = NULL;
	struct srtp_master_key local, remote;
	struct wrtc_err err = { "", 0 };
	int ret;

	ret = dtls_conn_srtp_keys(d->conn, &p, &local, &remote, &err);
	if (!ret)
		ret = relay_leg_keys(leg, p, &local, &remote, &err);
	if (ret) {
		srtp_master_key_wipe(&local);
		srtp_master_key_wipe(&remote);
		fail(d, err.msg);
		return;
	}
	d->keyed = true;
	leg->srtp = p;
	log_info("call %s: DTLS connected with %s (port %u) as %s, SRTP %s",
		 call_id(leg), peer_id(leg), leg->port,
		 d->role == DTLS_ROLE_CLIENT ? "client" : "server", p->suite);
	/* Last: with both legs keyed the call may move to the kernel. */
	handover_leg_keyed(leg, p, &local, &remote);
	srtp_master_key_wipe(&local);
	srtp_master_key_wipe(&remote);
}

/* After the connection ran: send, follow its state, re-arm the timer. */
static void after_io(struct dtls_leg *d)
{
	struct leg *leg = d->leg;
	enum dtls_state st;
	long ms;

	pump(d);
	st = dtls_conn_state(d->conn);
	switch (st) {
	case DTLS_STATE_CONNECTED:
		leg->dtls = st;
		if (!d->keyed)
			install_keys(d);
		break;
	case DTLS_STATE_FAILED:
		fail(d, dtls_conn_reason(d->conn));
		return;
	case DTLS_STATE_CLOSED:
		if (leg->dtls != DTLS_STATE_CLOSED)
			log_info(
				"call %s: %s (port %u) closed DTLS: %s; no more media on that leg",
				call_id(leg), peer_id(leg), leg->port,
				dtls_conn_reason(d->conn));
		leg->dtls = st;
		if (d->keyed) {
			handover_leg_unkeyed(leg);
			relay_leg_drop_keys(leg);
			d->keyed = false;
		}
		break;
	default:
		leg->dtls = st;
		break;
	}
	if (d->failing)
		return;
	ms = dtls_conn_timeout_ms(d->conn);
	if (ms < 0)
		uv_timer_stop(&d->timer);
	else
		uv_timer_start(&d->timer, on_timer, (uint64_t)ms, 0);
}

static void on_timer(uv_timer_t *t)
{
	struct dtls_leg *d = t->data;
	struct leg *leg = d->leg;

	if (d->failing) {
		/* Tears this leg down too: @d is not to be touched after. */
		if (leg->call)
			call_fail(leg->call, "DTLS failed");
		return;
	}
	if (!d->conn)
		return;
	dtls_conn_handle_timeout(d->conn, NULL);
	after_io(d);
}

/* A client speaks first, once it knows where to and whom to expect. */
static void maybe_start(struct dtls_leg *d)
{
	struct leg *leg = d->leg;

	if (!d->conn || d->role != DTLS_ROLE_CLIENT ||
	    dtls_conn_state(d->conn) != DTLS_STATE_NEW ||
	    !leg->remote.ss_family)
		return;
	log_debug("call %s: port %u: DTLS handshake to %s starts (client)",
		  call_id(leg), leg->port, peer_id(leg));
	dtls_conn_start(d->conn, NULL);
	after_io(d);
}

void dtls_leg_negotiated(struct leg *leg)
{
	const struct dtls_fingerprint *fp =
		leg->has_remote_fp ? &leg->remote_fp : NULL;
	struct dtls_leg *d;

	if (!leg->role_known)
		return;
	d = ctx_get(leg);
	if (!d || d->failing)
		return;
	if (d->conn && d->role == leg->role) {
		if (!fp || (d->has_fp && same_fp(&d->fp, fp))) {
			maybe_start(d); /* same association */
			return;
		}
		if (!d->has_fp) {
			/* Started by a ClientHello: check the peer now. */
			d->has_fp = true;
			d->fp = *fp;
			dtls_conn_set_remote_fingerprint(d->conn, fp, NULL);
			after_io(d);
			return;
		}
	}
	if (d->conn) {
		/* RFC 8842 §5: a new fingerprint or role, a new association. */
		log_info("call %s: port %u: %s changed, DTLS starts over",
			 call_id(leg), leg->port,
			 d->role != leg->role ? "DTLS role" : "fingerprint");
		conn_drop(d);
	}
	if (!conn_new(d, leg->role, fp))
		maybe_start(d);
}

void dtls_leg_nominated(struct leg *leg)
{
	struct dtls_leg *d = leg->dtls_ctx;

	if (d && !d->failing)
		maybe_start(d);
}

void dtls_leg_on_dtls(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		      size_t len, const struct sockaddr *from)
{
	struct wrtc_err err = { "", 0 };
	struct dtls_leg *d;
	int ret;

	if (!leg_from_remote(leg, s, from)) {
		leg->stats.unexpected_source++;
		return;
	}
	d = ctx_get(leg);
	if (!d || d->failing) {
		leg->stats.dropped++;
		return;
	}
	/* Before the endpoint's SDP only a ClientHello can come: serve it. */
	if (!d->conn && conn_new(d, DTLS_ROLE_SERVER, NULL))
		return;
	ret = dtls_conn_feed(d->conn, buf, len, &err);
	if (ret == -EBADMSG || ret == -EPIPE) {
		/* Stray, or after the end: the connection is as it was. */
		leg->stats.dropped++;
		log_debug("call %s: port %u: DTLS datagram ignored: %s",
			  call_id(leg), leg->port, err.msg);
		return;
	}
	after_io(d);
}

static void on_timer_closed(uv_handle_t *h)
{
	free(h->data);
}

void dtls_leg_teardown(struct leg *leg)
{
	struct dtls_leg *d = leg->dtls_ctx;

	if (!d)
		return;
	if (d->conn && dtls_conn_state(d->conn) == DTLS_STATE_CONNECTED) {
		/* The endpoint learns at once that this association is over. */
		dtls_conn_close(d->conn);
		pump(d);
	}
	dtls_conn_free(d->conn); /* wipes the SSL state with it */
	d->conn = NULL;
	leg->dtls_ctx = NULL;
	uv_close((uv_handle_t *)&d->timer, on_timer_closed);
}
