/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the lib/dtls*.c files; not part of the public API.
 */
#ifndef WRTC_DTLS_INT_H
#define WRTC_DTLS_INT_H

#include <openssl/bio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <stdbool.h>

#include "dtls.h"

/* The SSL_CTX every connection made with @cert is created from. */
SSL_CTX *dtls_cert_ssl_ctx(const struct dtls_cert *cert);
/* The BIO method of dtls_bio.c, one per struct dtls_cert. */
const BIO_METHOD *dtls_cert_bio_method(const struct dtls_cert *cert);

/* Digest of @x509's DER with @hash into @fp. Returns 0 or -EINVAL. */
int dtls_fingerprint_x509(X509 *x509, enum dtls_hash hash,
			  struct dtls_fingerprint *fp);
/* Same hash, same length, same bytes (constant time in the bytes). */
int dtls_fingerprint_equal(const struct dtls_fingerprint *a,
			   const struct dtls_fingerprint *b);

/*
 * Verify callback for the SSL_CTX: chain errors are ignored (WebRTC
 * certificates are self-signed), the leaf is checked against the
 * connection's expected fingerprint when it is known.
 */
int dtls_verify_cb(int preverify_ok, X509_STORE_CTX *store);

/*
 * The datagram BIO (dtls_bio.c). OpenSSL's BIO_s_mem merges writes, and
 * BIO_s_dgram_mem is OpenSSL 3.2+, so this one keeps datagrams apart: each
 * BIO_write is one datagram (OpenSSL's own buffering BIO packs records into
 * MTU-sized writes during the handshake and flushes at datagram ends), and
 * a read returns the one datagram being fed, whole.
 */
struct dtls_dgram {
	struct dtls_dgram *next;
	size_t len;
	uint8_t data[];
};

struct dtls_dgram_io {
	/* the datagram being fed; NULL once OpenSSL has read it */
	const uint8_t *in;
	size_t in_len;
	/* datagrams to send, oldest first */
	struct dtls_dgram *head, *tail;
	size_t count;
	unsigned int mtu;
};

/* Most datagrams kept for pull; more are dropped like a full socket's. */
#define DTLS_QUEUE_MAX 64

BIO_METHOD *dtls_bio_method_new(void);
/* A BIO of @method over @io (not owned: freeing the BIO leaves @io). */
BIO *dtls_bio_new(const BIO_METHOD *method, struct dtls_dgram_io *io);
void dtls_dgram_io_clear(struct dtls_dgram_io *io);

/*
 * Parse a ':'-separated profile list (see dtls.h) into the string OpenSSL's
 * SSL_set_tlsext_use_srtp() takes. Returns 0, -EINVAL (unknown, repeated,
 * empty or too long), with the reason in @err.
 */
int dtls_srtp_profiles_to_openssl(const char *list, char *out, size_t cap,
				  struct wrtc_err *err);

struct dtls_conn {
	struct dtls_cert *cert; /* a reference: keeps the BIO method alive */
	SSL *ssl;
	struct dtls_dgram_io io;
	enum dtls_role role;
	enum dtls_state state;
	/* OpenSSL finished the handshake; connected once the checks pass */
	bool handshake_done;
	bool have_remote_fp;
	struct dtls_fingerprint remote_fp;
	const struct srtp_profile *profile;
	unsigned int initial_timeout_us, max_timeout_us;
	unsigned int max_retransmits;
	unsigned int flight_retransmits; /* of the flight in the air */
	unsigned int retransmits; /* in all */
	int alert_recv, alert_sent; /* (level << 8 | desc), or 0 */
	int error; /* negative errno once failed */
	struct wrtc_err reason;
};

/* dtls_handshake.c */

/* Check the peer's certificate against the remote fingerprint. */
int dtls_conn_check_peer(struct dtls_conn *c, X509 *peer);
/* SSL info callback: records the alerts sent and received. */
void dtls_info_cb(const SSL *ssl, int where, int value);
/* DTLS_set_timer_cb(): initial timeout, doubling, retransmission count. */
unsigned int dtls_timer_cb(SSL *ssl, unsigned int timer_us);
/*
 * Let OpenSSL consume the datagram being fed (or send its first flight),
 * and move the connection's state along. Returns 0 or the error that
 * failed or closed it, with the reason in @err.
 */
int dtls_drive(struct dtls_conn *c, struct wrtc_err *err);
/* After the handshake: connected if the SRTP profile and fingerprint are. */
int dtls_check_connected(struct dtls_conn *c, struct wrtc_err *err);

#endif /* WRTC_DTLS_INT_H */
