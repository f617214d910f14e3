// SPDX-License-Identifier: GPL-2.0
/*
 * One DTLS-SRTP connection: OpenSSL's DTLS 1.2 state machine driven by the
 * caller's datagrams and timer (see dtls.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/srtp.h>

#include "dtls_int.h"

/* RFC 6347 §4.1: content type, version, epoch, sequence number, length. */
#define DTLS_RECORD_HEADER_LEN 13

#define MTU_MIN 256
#define MTU_MAX 65507 /* largest UDP payload over IPv4 */
#define TIMEOUT_MS_MAX (600 * 1000) /* fits OpenSSL's unsigned µs */

static int dead(const struct dtls_conn *c, struct wrtc_err *err)
{
	return wrtc_fail(err, -EPIPE, 0, "dtls: connection %s: %s",
			 dtls_state_name(c->state), c->reason.msg);
}

static int conn_config(struct dtls_conn *c, const struct dtls_config *cfg,
		       unsigned int *mtu, struct wrtc_err *err)
{
	unsigned int init = cfg->initial_timeout_ms, max = cfg->max_timeout_ms;

	c->role = cfg->role;
	if (c->role != DTLS_ROLE_SERVER && c->role != DTLS_ROLE_CLIENT)
		return wrtc_fail(err, -EINVAL, 0, "dtls: bad role %d", c->role);
	*mtu = cfg->mtu ? cfg->mtu : DTLS_MTU_DEFAULT;
	if (*mtu < MTU_MIN || *mtu > MTU_MAX)
		return wrtc_fail(err, -EINVAL, 0, "dtls: MTU %u outside %u..%u",
				 *mtu, MTU_MIN, MTU_MAX);
	init = init ? init : DTLS_INITIAL_TIMEOUT_MS_DEFAULT;
	max = max ? max : DTLS_MAX_TIMEOUT_MS_DEFAULT;
	if (max > TIMEOUT_MS_MAX || init > max)
		return wrtc_fail(
			err, -EINVAL, 0,
			"dtls: timeouts %u..%u ms: need initial <= max <= %u",
			init, max, TIMEOUT_MS_MAX);
	c->initial_timeout_us = init * 1000;
	c->max_timeout_us = max * 1000;
	c->max_retransmits = cfg->max_retransmits ?
				     cfg->max_retransmits :
				     DTLS_MAX_RETRANSMITS_DEFAULT;
	if (c->max_retransmits > DTLS_MAX_RETRANSMITS_LIMIT)
		return wrtc_fail(err, -EINVAL, 0,
				 "dtls: %u retransmissions, at most %u",
				 c->max_retransmits,
				 DTLS_MAX_RETRANSMITS_LIMIT);
	if (cfg->remote_fingerprint) {
		c->remote_fp = *cfg->remote_fingerprint;
		if (!dtls_hash_name(c->remote_fp.hash) ||
		    c->remote_fp.len > DTLS_DIGEST_MAX)
			return wrtc_fail(err, -EINVAL, 0,
					 "dtls: bad remote fingerprint");
		c->have_remote_fp = true;
	}
	return 0;
}

static int conn_ssl(struct dtls_conn *c, const char *profiles, unsigned int mtu,
		    struct wrtc_err *err)
{
	BIO *bio;

	ERR_clear_error();
	c->ssl = SSL_new(dtls_cert_ssl_ctx(c->cert));
	if (!c->ssl)
		return wrtc_fail(err, -ENOMEM, 0, "dtls: SSL_new failed");
	SSL_set_app_data(c->ssl, c);
	SSL_set_info_callback(c->ssl, dtls_info_cb);
	DTLS_set_timer_cb(c->ssl, dtls_timer_cb);
	/* Mind the inverted convention: 0 is success here. */
	if (SSL_set_tlsext_use_srtp(c->ssl, profiles)) {
		ERR_clear_error();
		return wrtc_fail(err, -EINVAL, 0,
				 "dtls: OpenSSL rejected SRTP profiles %s",
				 profiles);
	}
	c->io.mtu = mtu;
	bio = dtls_bio_new(dtls_cert_bio_method(c->cert), &c->io);
	if (!bio)
		return wrtc_fail(err, -ENOMEM, 0, "dtls: BIO_new failed");
	SSL_set_bio(c->ssl, bio, bio); /* one reference, owned by ssl */
	/* Our own MTU, not the kernel's guess (SSL_OP_NO_QUERY_MTU). */
	SSL_set_options(c->ssl, SSL_OP_NO_QUERY_MTU);
	if (!SSL_set_mtu(c->ssl, mtu)) {
		ERR_clear_error();
		return wrtc_fail(err, -EINVAL, 0, "dtls: MTU %u refused", mtu);
	}
	if (c->role == DTLS_ROLE_CLIENT)
		SSL_set_connect_state(c->ssl);
	else
		SSL_set_accept_state(c->ssl);
	return 0;
}

int dtls_conn_new(struct dtls_conn **out, struct dtls_cert *cert,
		  const struct dtls_config *cfg, struct wrtc_err *err)
{
	static const struct dtls_config defaults;
	char profiles[128];
	struct dtls_conn *c;
	unsigned int mtu = DTLS_MTU_DEFAULT;
	int ret;

	if (!out || !cert)
		return wrtc_fail(err, -EINVAL, 0, "dtls: NULL argument");
	*out = NULL;
	if (!cfg)
		cfg = &defaults;
	ret = dtls_srtp_profiles_to_openssl(cfg->srtp_profiles, profiles,
					    sizeof(profiles), err);
	if (ret)
		return ret;
	c = calloc(1, sizeof(*c));
	if (!c)
		return wrtc_fail(err, -ENOMEM, 0, "dtls: out of memory");
	c->cert = dtls_cert_ref(cert);
	ret = conn_config(c, cfg, &mtu, err);
	if (!ret)
		ret = conn_ssl(c, profiles, mtu, err);
	if (ret) {
		dtls_conn_free(c);
		return ret;
	}
	*out = c;
	return 0;
}

void dtls_conn_free(struct dtls_conn *c)
{
	if (!c)
		return;
	SSL_free(c->ssl); /* and the BIO; the queue is ours */
	dtls_dgram_io_clear(&c->io);
	dtls_cert_unref(c->cert);
	OPENSSL_cleanse(c, sizeof(*c));
	free(c);
}

int dtls_conn_set_remote_fingerprint(struct dtls_conn *c,
				     const struct dtls_fingerprint *fp,
				     struct wrtc_err *err)
{
	if (!c || !fp || !dtls_hash_name(fp->hash) || fp->len > DTLS_DIGEST_MAX)
		return wrtc_fail(err, -EINVAL, 0, "dtls: bad fingerprint");
	if (c->have_remote_fp)
		return wrtc_fail(err, -EALREADY, 0,
				 "dtls: remote fingerprint already set");
	c->remote_fp = *fp;
	c->have_remote_fp = true;
	if (c->state == DTLS_STATE_HANDSHAKING && c->handshake_done)
		return dtls_check_connected(c, err);
	return 0;
}

int dtls_conn_start(struct dtls_conn *c, struct wrtc_err *err)
{
	if (!c)
		return wrtc_fail(err, -EINVAL, 0, "dtls: NULL argument");
	if (c->state == DTLS_STATE_FAILED || c->state == DTLS_STATE_CLOSED)
		return dead(c, err);
	if (c->state != DTLS_STATE_NEW)
		return 0;
	c->state = DTLS_STATE_HANDSHAKING;
	/* A server has nothing to say until the ClientHello. */
	return c->role == DTLS_ROLE_CLIENT ? dtls_drive(c, err) : 0;
}

/*
 * OpenSSL fails the handshake on any well-formed record it did not expect,
 * so one stray datagram (a late packet of an earlier session, a spoofed
 * one) before the peer's first flight would kill the leg. Until then,
 * only what can start a handshake goes in: a ClientHello for a server;
 * a ServerHello, HelloVerifyRequest or alert for a client.
 */
static int check_first_record(const struct dtls_conn *c, const uint8_t *d,
			      size_t len, struct wrtc_err *err)
{
	OSSL_HANDSHAKE_STATE st = SSL_get_state(c->ssl);
	bool hs = d[0] == 22 && len >= DTLS_RECORD_HEADER_LEN + 12 &&
		  d[3] == 0 && d[4] == 0; /* epoch 0 */

	/* DTLS 1.2 knows content types 20..23 (24, heartbeat, is off). */
	if (d[0] > 23)
		return wrtc_fail(err, -EBADMSG, 0,
				 "dtls: record content type %u", d[0]);
	if (c->role == DTLS_ROLE_SERVER && st == TLS_ST_BEFORE &&
	    !(hs && d[13] == 1))
		return wrtc_fail(
			err, -EBADMSG, 0,
			"dtls: expected a ClientHello, got content type %u",
			d[0]);
	if (c->role == DTLS_ROLE_CLIENT &&
	    (st == TLS_ST_BEFORE || st == TLS_ST_CW_CLNT_HELLO) &&
	    !(hs && (d[13] == 2 || d[13] == 3)) && d[0] != 21)
		return wrtc_fail(
			err, -EBADMSG, 0,
			"dtls: expected a ServerHello, got content type %u",
			d[0]);
	return 0;
}

int dtls_conn_feed(struct dtls_conn *c, const uint8_t *dgram, size_t len,
		   struct wrtc_err *err)
{
	int ret;

	if (!c || !dgram)
		return wrtc_fail(err, -EINVAL, 0, "dtls: NULL argument");
	if (c->state == DTLS_STATE_FAILED || c->state == DTLS_STATE_CLOSED)
		return dead(c, err);
	/* RFC 7983 §7: DTLS is what starts with 20..63. */
	if (len < DTLS_RECORD_HEADER_LEN || dgram[0] < 20 || dgram[0] > 63)
		return wrtc_fail(
			err, -EBADMSG, 0,
			"dtls: not a DTLS datagram (%zu bytes, first byte %u)",
			len, len ? dgram[0] : 0u);
	ret = check_first_record(c, dgram, len, err);
	if (ret)
		return ret;
	if (c->state == DTLS_STATE_NEW)
		c->state = DTLS_STATE_HANDSHAKING;
	c->io.in = dgram;
	c->io.in_len = len;
	ret = dtls_drive(c, err);
	/* One call, one datagram: nothing of it is read later. */
	c->io.in = NULL;
	c->io.in_len = 0;
	return ret;
}

int dtls_conn_pull(struct dtls_conn *c, uint8_t *buf, size_t cap)
{
	struct dtls_dgram *d = c ? c->io.head : NULL;
	int len;

	if (!d)
		return 0;
	if (!buf || cap < d->len)
		return -ENOSPC;
	memcpy(buf, d->data, d->len);
	len = (int)d->len;
	c->io.head = d->next;
	if (!c->io.head)
		c->io.tail = NULL;
	c->io.count--;
	free(d);
	return len;
}

size_t dtls_conn_next_len(const struct dtls_conn *c)
{
	return c && c->io.head ? c->io.head->len : 0;
}

enum dtls_state dtls_conn_state(const struct dtls_conn *c)
{
	return c->state;
}

const char *dtls_state_name(enum dtls_state state)
{
	switch (state) {
	case DTLS_STATE_NEW:
		return "new";
	case DTLS_STATE_HANDSHAKING:
		return "handshaking";
	case DTLS_STATE_CONNECTED:
		return "connected";
	case DTLS_STATE_FAILED:
		return "failed";
	case DTLS_STATE_CLOSED:
		return "closed";
	}
	return "?";
}

enum dtls_role dtls_conn_role(const struct dtls_conn *c)
{
	return c->role;
}

const char *dtls_conn_reason(const struct dtls_conn *c)
{
	return c->reason.msg;
}

int dtls_conn_error(const struct dtls_conn *c)
{
	return c->error;
}

unsigned int dtls_conn_retransmits(const struct dtls_conn *c)
{
	return c->retransmits;
}

int dtls_conn_peer_fingerprint(const struct dtls_conn *c, enum dtls_hash hash,
			       struct dtls_fingerprint *fp)
{
	X509 *peer;

	if (!c || !fp || !dtls_hash_name(hash))
		return -EINVAL;
	peer = SSL_get0_peer_certificate(c->ssl);
	if (!peer)
		return -ENOENT;
	return dtls_fingerprint_x509(peer, hash, fp);
}

const struct srtp_profile *dtls_conn_srtp_profile(const struct dtls_conn *c)
{
	return c->state == DTLS_STATE_CONNECTED ? c->profile : NULL;
}
