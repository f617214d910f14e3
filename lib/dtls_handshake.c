// SPDX-License-Identifier: GPL-2.0
/*
 * Driving OpenSSL's DTLS 1.2 handshake for a connection: its callbacks
 * (alerts, retransmission timer, peer certificate), how its errors become
 * a state and a reason, and the checks that make a finished handshake
 * "connected" (an SRTP profile, the fingerprint).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/srtp.h>

#include "dtls_int.h"

/*
 * Remember why the connection is failing; the first reason wins, since
 * later errors (OpenSSL's "certificate verify failed" after our fingerprint
 * check said no) are consequences of it.
 */
static int __attribute__((format(printf, 3, 4)))
note_failure(struct dtls_conn *c, int code, const char *fmt, ...)
{
	va_list ap;

	if (c->error)
		return c->error;
	c->error = code;
	va_start(ap, fmt);
	vsnprintf(c->reason.msg, sizeof(c->reason.msg), fmt, ap);
	va_end(ap);
	return code;
}

/* Enter @state (failed or closed) for the reason noted, and report it. */
static int finish(struct dtls_conn *c, enum dtls_state state,
		  struct wrtc_err *err)
{
	if (c->state != DTLS_STATE_FAILED && c->state != DTLS_STATE_CLOSED)
		c->state = state;
	if (c->error)
		return wrtc_fail(err, c->error, 0, "%s", c->reason.msg);
	return 0;
}

void dtls_info_cb(const SSL *ssl, int where, int value)
{
	struct dtls_conn *c = SSL_get_app_data(ssl);

	if (!c || !(where & SSL_CB_ALERT))
		return;
	if (where & SSL_CB_READ)
		c->alert_recv = value;
	else
		c->alert_sent = value;
}

/*
 * OpenSSL's retransmission timer: called with 0 when a flight starts its
 * timer, and with the last duration each time that timer expired and the
 * flight is about to be sent again (RFC 6347 §4.2.4.1: double it, up to a
 * cap).
 */
unsigned int dtls_timer_cb(SSL *ssl, unsigned int timer_us)
{
	struct dtls_conn *c = SSL_get_app_data(ssl);

	if (!c)
		return 1000000;
	if (timer_us == 0) {
		c->flight_retransmits = 0;
		return c->initial_timeout_us;
	}
	c->flight_retransmits++;
	c->retransmits++;
	if (timer_us >= c->max_timeout_us / 2)
		return c->max_timeout_us;
	return 2 * timer_us;
}

int dtls_conn_check_peer(struct dtls_conn *c, X509 *peer)
{
	struct dtls_fingerprint got;
	const uint8_t *g = got.digest, *w = c->remote_fp.digest;

	if (!peer)
		return note_failure(c, -EACCES, "peer sent no certificate");
	if (dtls_fingerprint_x509(peer, c->remote_fp.hash, &got))
		return note_failure(c, -EACCES,
				    "cannot hash the peer certificate");
	if (dtls_fingerprint_equal(&got, &c->remote_fp))
		return 0;
	return note_failure(
		c, -EACCES,
		"peer certificate fingerprint mismatch: its %s is %02X:%02X:%02X:%02X:..., the remote a=fingerprint says %02X:%02X:%02X:%02X:...",
		dtls_hash_name(got.hash), g[0], g[1], g[2], g[3], w[0], w[1],
		w[2], w[3]);
}

int dtls_verify_cb(int preverify_ok, X509_STORE_CTX *store)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(
		store, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct dtls_conn *c = ssl ? SSL_get_app_data(ssl) : NULL;

	if (!c)
		return 0;
	/*
	 * Chain errors (self-signed, unknown issuer, validity) do not
	 * matter: only the leaf's digest authenticates the peer. Without
	 * the remote fingerprint yet, the check waits for it.
	 */
	if (X509_STORE_CTX_get_error_depth(store) != 0 || !c->have_remote_fp)
		return 1;
	if (dtls_conn_check_peer(c, X509_STORE_CTX_get_current_cert(store))) {
		/* OpenSSL answers with a bad_certificate alert. */
		X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
		return 0;
	}
	return 1;
}

/* Tell the peer we are done, where OpenSSL can (after the handshake). */
static void send_close_notify(struct dtls_conn *c)
{
	if (c->handshake_done)
		SSL_shutdown(c->ssl);
	ERR_clear_error();
}

static int ssl_error(struct dtls_conn *c, int r, struct wrtc_err *err)
{
	int e = SSL_get_error(c->ssl, r);
	unsigned long code = ERR_peek_error();
	const char *detail = code ? ERR_reason_error_string(code) : NULL;
	char buf[64];

	if (!detail) {
		snprintf(buf, sizeof(buf), "error %d", e);
		detail = buf;
	}
	switch (e) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		ERR_clear_error();
		return 0;
	case SSL_ERROR_ZERO_RETURN:
		ERR_clear_error();
		note_failure(c, -ECONNRESET, "peer sent close_notify");
		/* RFC 5246 §7.2.1: answer with our own close_notify. */
		send_close_notify(c);
		return finish(c, DTLS_STATE_CLOSED, err);
	}
	if (c->alert_recv >> 8 == SSL3_AL_FATAL)
		note_failure(c, -ECONNRESET, "peer sent fatal alert: %s",
			     SSL_alert_desc_string_long(c->alert_recv));
	else if (c->alert_sent)
		note_failure(c, -EPROTO, "%s failed: %s (sent alert: %s)",
			     c->handshake_done ? "DTLS" : "DTLS handshake",
			     detail, SSL_alert_desc_string_long(c->alert_sent));
	else
		note_failure(c, e == SSL_ERROR_SYSCALL ? -ENOMEM : -EPROTO,
			     "%s failed: %s",
			     c->handshake_done ? "DTLS" : "DTLS handshake",
			     detail);
	ERR_clear_error();
	return finish(c, DTLS_STATE_FAILED, err);
}

/* The handshake is over: connected once the fingerprint and SRTP agree. */
int dtls_check_connected(struct dtls_conn *c, struct wrtc_err *err)
{
	SRTP_PROTECTION_PROFILE *sp;

	if (!c->profile) {
		sp = SSL_get_selected_srtp_profile(c->ssl);
		c->profile = sp ? srtp_profile_by_id((uint16_t)sp->id) : NULL;
		if (!c->profile) {
			note_failure(
				c, -EPROTO,
				"no SRTP profile negotiated (use_srtp: no common profile)");
			send_close_notify(c);
			return finish(c, DTLS_STATE_FAILED, err);
		}
	}
	if (!c->have_remote_fp)
		return 0; /* dtls_conn_set_remote_fingerprint() finishes */
	if (dtls_conn_check_peer(c, SSL_get0_peer_certificate(c->ssl))) {
		send_close_notify(c);
		return finish(c, DTLS_STATE_FAILED, err);
	}
	c->state = DTLS_STATE_CONNECTED;
	return 0;
}

/* Let OpenSSL consume the datagram being fed, or send what it has to. */
int dtls_drive(struct dtls_conn *c, struct wrtc_err *err)
{
	uint8_t sink[2048];
	int r, ret;

	ERR_clear_error();
	if (!c->handshake_done) {
		r = SSL_do_handshake(c->ssl);
		if (r != 1)
			return ssl_error(c, r, err);
		c->handshake_done = true;
		ret = dtls_check_connected(c, err);
		if (ret)
			return ret;
	}
	/*
	 * After the handshake: records that came in the same datagram, the
	 * peer's retransmitted last flight (OpenSSL answers it), alerts.
	 * Application data has no use here (no data channels): dropped.
	 */
	for (;;) {
		r = SSL_read(c->ssl, sink, sizeof(sink));
		if (r <= 0)
			break;
	}
	OPENSSL_cleanse(sink, sizeof(sink));
	return ssl_error(c, r, err);
}

long dtls_conn_timeout_ms(struct dtls_conn *c)
{
	struct timeval tv;

	if (!c || c->state != DTLS_STATE_HANDSHAKING)
		return -1;
	if (!DTLSv1_get_timeout(c->ssl, &tv))
		return -1;
	/* Round up, so that a loop sleeping this long finds it due. */
	return (long)tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
}

int dtls_conn_handle_timeout(struct dtls_conn *c, struct wrtc_err *err)
{
	struct timeval tv;
	int r;

	if (!c)
		return wrtc_fail(err, -EINVAL, 0, "dtls: NULL argument");
	if (c->state != DTLS_STATE_HANDSHAKING ||
	    !DTLSv1_get_timeout(c->ssl, &tv) || tv.tv_sec || tv.tv_usec)
		return 0;
	if (c->flight_retransmits >= c->max_retransmits) {
		note_failure(
			c, -ETIMEDOUT,
			"DTLS handshake timed out: no answer after %u retransmissions",
			c->flight_retransmits);
		return finish(c, DTLS_STATE_FAILED, err);
	}
	ERR_clear_error();
	r = DTLSv1_handle_timeout(c->ssl);
	if (r < 0)
		return ssl_error(c, r, err);
	return 0;
}

void dtls_conn_close(struct dtls_conn *c)
{
	if (!c || c->state == DTLS_STATE_FAILED ||
	    c->state == DTLS_STATE_CLOSED)
		return;
	send_close_notify(c);
	c->state = DTLS_STATE_CLOSED;
	snprintf(c->reason.msg, sizeof(c->reason.msg), "closed locally");
}
