/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DTLS-SRTP (RFC 5764, RFC 8842) for one call leg, as a state machine behind
 * memory buffers: the caller feeds each received datagram in whole, pulls
 * each datagram to send out whole, and drives the retransmission timer from
 * its own event loop. No sockets, no threads, no global state of ours.
 *
 * DTLS 1.2 only (OpenSSL 3.0 has no DTLS 1.3; Chromium falls back to 1.2).
 * There is no HelloVerifyRequest cookie exchange: by the time DTLS starts,
 * ICE connectivity checks (with MESSAGE-INTEGRITY) have proven the peer
 * owns its address, which is what the cookie would prove, and WebRTC peers
 * (Chromium included) do not expect one.
 *
 * States: new -> handshaking -> connected | failed | closed. "connected"
 * means the handshake finished, an SRTP profile was negotiated and the
 * peer's certificate matched the a=fingerprint of the remote SDP. The peer
 * certificate is self-signed, so chain verification is off; a certificate
 * is still required from the peer, and its DER digest is what is checked.
 *
 * Not thread-safe per connection; a struct dtls_cert may be shared by
 * connections on several threads (its reference count is atomic).
 */
#ifndef WRTC_DTLS_H
#define WRTC_DTLS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "srtp_profile.h"

/* ---- fingerprints (RFC 8122) ------------------------------------------ */

enum dtls_hash {
	DTLS_HASH_SHA1 = 1,
	DTLS_HASH_SHA256,
	DTLS_HASH_SHA384,
	DTLS_HASH_SHA512,
};

#define DTLS_DIGEST_MAX 64
/* "sha-512 " + 64 * "XX:" - 1 + NUL */
#define DTLS_FINGERPRINT_STR_MAX (8 + 3 * DTLS_DIGEST_MAX)

struct dtls_fingerprint {
	enum dtls_hash hash;
	size_t len; /* bytes in digest */
	uint8_t digest[DTLS_DIGEST_MAX];
};

/* "sha-256"... for a known hash, NULL otherwise. */
const char *dtls_hash_name(enum dtls_hash hash);

/*
 * Parse the two parts of an a=fingerprint value: @hash "sha-1", "sha-256",
 * "sha-384" or "sha-512" (case-insensitive), @value the digest as hex pairs
 * separated by ':' (either case), exactly as long as the hash's digest.
 * Returns 0, -EINVAL (NULL, bad hex, wrong length), -ENOTSUP (other hash).
 */
int dtls_fingerprint_parse(struct dtls_fingerprint *fp, const char *hash,
			   const char *value, struct wrtc_err *err);

/* The same from a whole attribute value: "sha-256 AB:CD:...". */
int dtls_fingerprint_parse_sdp(struct dtls_fingerprint *fp, const char *attr,
			       struct wrtc_err *err);

/*
 * Write "sha-256 AB:CD:..." (uppercase, NUL-terminated) into @buf. Returns
 * the string length, -EINVAL, or -ENOSPC when @cap is too small.
 */
int dtls_fingerprint_format(const struct dtls_fingerprint *fp, char *buf,
			    size_t cap);

/* ---- the local certificate -------------------------------------------- */

/*
 * One ECDSA P-256 self-signed certificate (valid from a day ago for a year,
 * CN=wrtc) and the DTLS context that presents it, made once per process and
 * shared by every connection. Reference counted: dtls_cert_new() returns
 * one reference; each connection holds its own.
 */
struct dtls_cert;

int dtls_cert_new(struct dtls_cert **out, struct wrtc_err *err);
struct dtls_cert *dtls_cert_ref(struct dtls_cert *cert);
void dtls_cert_unref(struct dtls_cert *cert); /* NULL is fine */

/* For the local a=fingerprint: "sha-256 AB:CD:...", uppercase. */
const char *dtls_cert_fingerprint(const struct dtls_cert *cert);
/* Its parts: "sha-256" and "AB:CD:...". */
const char *dtls_cert_fingerprint_hash(const struct dtls_cert *cert);
const char *dtls_cert_fingerprint_value(const struct dtls_cert *cert);

/*
 * The certificate in DER; returns its length and sets *der to memory owned
 * by @cert.
 */
size_t dtls_cert_der(const struct dtls_cert *cert, const uint8_t **der);

/* ---- a connection ----------------------------------------------------- */

enum dtls_role {
	DTLS_ROLE_SERVER = 0, /* default: the remote is a=setup:active */
	DTLS_ROLE_CLIENT, /* the remote answered a=setup:passive */
};

enum dtls_state {
	DTLS_STATE_NEW = 0,
	DTLS_STATE_HANDSHAKING,
	DTLS_STATE_CONNECTED,
	DTLS_STATE_FAILED,
	DTLS_STATE_CLOSED,
};

/*
 * SRTP protection profiles in order of preference, separated by ':'. Names
 * are the RFC ones, as srtp_profile_by_name() knows them: the DTLS-SRTP
 * registry names (RFC 5764 / RFC 7714, "SRTP_AES128_CM_HMAC_SHA1_80",
 * "SRTP_AEAD_AES_128_GCM") or the SDES crypto-suite names
 * ("AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32",
 * "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"). OpenSSL's own spellings
 * ("SRTP_AES128_CM_SHA1_80") are not accepted. The server's order decides.
 * The default puts GCM first: it is cheaper per packet than AES-CM +
 * HMAC-SHA1 and authenticates with a full 16-byte tag.
 */
#define DTLS_SRTP_PROFILES_DEFAULT                                   \
	"AEAD_AES_128_GCM:AEAD_AES_256_GCM:AES_CM_128_HMAC_SHA1_80:" \
	"AES_CM_128_HMAC_SHA1_32"

#define DTLS_MTU_DEFAULT 1200 /* bytes of UDP payload */
#define DTLS_INITIAL_TIMEOUT_MS_DEFAULT 1000 /* RFC 6347 §4.2.4.1 */
#define DTLS_MAX_TIMEOUT_MS_DEFAULT 60000
#define DTLS_MAX_RETRANSMITS_DEFAULT 7
#define DTLS_MAX_RETRANSMITS_LIMIT 12 /* OpenSSL gives up after that */

struct dtls_config {
	enum dtls_role role;
	/* NULL: DTLS_SRTP_PROFILES_DEFAULT. Validated by dtls_conn_new(). */
	const char *srtp_profiles;
	/*
	 * The remote a=fingerprint, or NULL when the remote SDP has not
	 * arrived yet (see dtls_conn_set_remote_fingerprint()).
	 */
	const struct dtls_fingerprint *remote_fingerprint;
	unsigned int mtu; /* 0: DTLS_MTU_DEFAULT */
	/*
	 * 0: ..._DEFAULT; doubles at each retransmission. OpenSSL counts a
	 * timer with less than 15 ms left as due, so values below that
	 * retransmit at once.
	 */
	unsigned int initial_timeout_ms;
	unsigned int max_timeout_ms; /* 0: ..._DEFAULT */
	/*
	 * Retransmissions of one flight before the handshake fails, 0:
	 * DTLS_MAX_RETRANSMITS_DEFAULT, at most DTLS_MAX_RETRANSMITS_LIMIT.
	 */
	unsigned int max_retransmits;
};

struct dtls_conn;

/*
 * A connection using @cert (it takes its own reference). @cfg may be NULL
 * for all defaults (server role, no remote fingerprint yet). Returns 0,
 * -EINVAL (bad profile list, MTU or timeouts), -ENOMEM.
 */
int dtls_conn_new(struct dtls_conn **out, struct dtls_cert *cert,
		  const struct dtls_config *cfg, struct wrtc_err *err);
void dtls_conn_free(struct dtls_conn *c); /* NULL is fine */

/*
 * The remote fingerprint, when it was not in the config (an answer that
 * arrives after the peer's ClientHello). If the handshake already finished,
 * the peer's certificate is checked now: the connection becomes connected,
 * or fails with -EACCES. -EALREADY if one was set before.
 */
int dtls_conn_set_remote_fingerprint(struct dtls_conn *c,
				     const struct dtls_fingerprint *fp,
				     struct wrtc_err *err);

/*
 * Start the handshake: a client queues its ClientHello; a server starts
 * waiting for one. Feeding a datagram starts it too. Returns 0 or, like
 * dtls_conn_feed(), the error that failed the connection.
 */
int dtls_conn_start(struct dtls_conn *c, struct wrtc_err *err);

/*
 * One received datagram, whole. Returns 0 (the datagram was processed;
 * records DTLS rejects, such as a bad MAC, are dropped silently as RFC 6347
 * §4.1.2.7 says), -EBADMSG when it is not DTLS 1.2 at all (RFC 7983: first
 * byte outside 20..63, a content type DTLS 1.2 does not have, shorter than
 * a record header) or cannot start the handshake (a server takes only a
 * ClientHello first; a client waiting for the ServerHello takes only that,
 * a HelloVerifyRequest or an alert): the connection is left as it was, so a
 * stray packet does not kill a leg. -EPIPE when the connection had already
 * failed or closed, or
 * the error that this datagram caused the connection to fail or close with
 * (the reason is in @err and in dtls_conn_reason()):
 *   -EACCES       the peer's certificate does not match the fingerprint
 *   -ECONNRESET   the peer sent close_notify or a fatal alert
 *   -EPROTO       handshake failure (including no common SRTP profile)
 *   -ENOMEM
 */
int dtls_conn_feed(struct dtls_conn *c, const uint8_t *dgram, size_t len,
		   struct wrtc_err *err);

/*
 * Take the next datagram to send into @buf. Returns its length, 0 when
 * none is queued, -ENOSPC when @cap is smaller than the datagram (it stays
 * queued; dtls_conn_next_len() tells the size). Datagrams are never larger
 * than the MTU during the handshake. If the caller lets more than a few
 * dozen pile up, the newest are dropped, as a full socket buffer would.
 */
int dtls_conn_pull(struct dtls_conn *c, uint8_t *buf, size_t cap);
size_t dtls_conn_next_len(const struct dtls_conn *c);

/*
 * Milliseconds until dtls_conn_handle_timeout() has work to do: -1 when no
 * timer runs (not started, or the handshake is over), 0 when it is due.
 */
long dtls_conn_timeout_ms(struct dtls_conn *c);

/*
 * Call when the timer is due: retransmits the last flight (queued for
 * pull). Once max_retransmits retransmissions went unanswered, the next
 * expiry fails the connection with -ETIMEDOUT. Returns 0 when there was
 * nothing to do or the flight was queued again.
 */
int dtls_conn_handle_timeout(struct dtls_conn *c, struct wrtc_err *err);

/*
 * Send close_notify (queued for pull) if connected and move to closed.
 * Nothing to do in the failed or closed state.
 */
void dtls_conn_close(struct dtls_conn *c);

enum dtls_state dtls_conn_state(const struct dtls_conn *c);
const char *dtls_state_name(enum dtls_state state);
enum dtls_role dtls_conn_role(const struct dtls_conn *c);
/* Why it failed or closed, "" otherwise. */
const char *dtls_conn_reason(const struct dtls_conn *c);
/* The negative errno it failed or closed with, 0 otherwise. */
int dtls_conn_error(const struct dtls_conn *c);
/* Retransmissions done so far (timer expiries that resent a flight). */
unsigned int dtls_conn_retransmits(const struct dtls_conn *c);

/*
 * The peer certificate's digest with @hash, once the peer sent one.
 * Returns 0, -ENOENT (none yet), -EINVAL.
 */
int dtls_conn_peer_fingerprint(const struct dtls_conn *c, enum dtls_hash hash,
			       struct dtls_fingerprint *fp);

/* The negotiated profile once connected, NULL before. */
const struct srtp_profile *dtls_conn_srtp_profile(const struct dtls_conn *c);

/*
 * RFC 5764 §4.2 keying material: the exporter with label
 * "EXTRACTOR-dtls_srtp", no context, 2 * (key + salt) bytes for the
 * profile, written to @out. Returns the length, -ENOTCONN before the
 * connected state, -ENOSPC. The caller wipes @out (srtp_wipe()).
 */
int dtls_conn_export_srtp(struct dtls_conn *c, uint8_t *out, size_t cap,
			  struct wrtc_err *err);

/*
 * The same, split for our role (srtp_keying_split()): @local protects what
 * we send, @remote unprotects what we receive. The raw material is wiped
 * before returning; the caller wipes @local and @remote after installing
 * them (srtp_master_key_wipe()). Returns 0 or -ENOTCONN.
 */
int dtls_conn_srtp_keys(struct dtls_conn *c,
			const struct srtp_profile **profile,
			struct srtp_master_key *local,
			struct srtp_master_key *remote, struct wrtc_err *err);

#endif /* WRTC_DTLS_H */
