/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrtc's SRTP/SRTCP packet transform (RFC 3711, RFC 7714): the hot path of
 * both the userspace relay and wrtc.ko, checked packet for packet against
 * libsrtp2 (srtp_ref.h) in the tests.
 *
 * Profiles: AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32 (SRTCP keeps
 * an 80-bit tag), AEAD_AES_128_GCM and AEAD_AES_256_GCM; no MKI, key
 * derivation rate 0, SRTCP always sent encrypted (E = 1), though an
 * authenticated-only SRTCP packet (E = 0) is accepted as libsrtp2 does.
 *
 * A context is one direction of one leg: outbound contexts only protect,
 * inbound ones only unprotect. It holds the session keys (derived once from
 * the master key, by srtp_kdf in userspace) and per-SSRC stream state: the
 * ROC and highest sequence number, a replay window of SRTP_REPLAY_WINDOW
 * (128) packets, and the SRTCP index with its own window. On the outbound
 * side the window refuses to protect an index twice (as libsrtp2 does by
 * default): counter mode and GCM must never reuse a keystream or a nonce.
 *
 * Streams live in a fixed table inside the context: SRTP_XFORM_MAX_STREAMS
 * SSRCs in SRTP_XFORM_SLOTS slots, open addressing with linear probing
 * (the table is at most half full, so probes stay short even for
 * attacker-chosen SSRCs). An unprotected packet from an unknown SSRC takes
 * a slot only once it authenticates, so forged packets cannot fill the
 * table. A new SSRC beyond capacity fails with -ENOSPC ("stream table
 * full"); callers free slots with srtp_xform_stream_del().
 *
 * Packet calls transform in place, allocate nothing and count nothing (the
 * callers count). They return the new length or a negative errno:
 *   -EINVAL      malformed (too short, not version 2, CSRCs or extension
 *                past the end, no room for the SRTCP trailer), or the wrong
 *                direction for the context;
 *   -E2BIG       longer than SRTP_XFORM_MAX_PACKET;
 *   -ENOSPC      @cap leaves no room for the tag (and trailer), or the
 *                stream table is full;
 *   -EALREADY    a replay, or older than the window;
 *   -EBADMSG     authentication failed: stream state is unchanged; AES-CM
 *                leaves @buf intact, GCM leaves its encrypted part zeroed;
 *   -EKEYEXPIRED the 48-bit SRTP or 31-bit SRTCP index space is used up;
 *   -EIO         the crypto binding failed.
 * The replay check runs before authentication; the window and ROC move
 * only after a packet authenticated.
 *
 * Not thread-safe: use a context from one thread (CPU) at a time.
 * The core (srtp_xform.c, srtp_xform_rtcp.c, srtp_xform_stream.c,
 * srtp_replay.c) builds in the kernel too: it uses srtp_compat.h and the
 * srtp_crypto.h binding only.
 */
#ifndef WRTC_SRTP_XFORM_H
#define WRTC_SRTP_XFORM_H

#include "srtp_compat.h"
#include "srtp_replay.h"

#define SRTP_XFORM_MAX_STREAMS 32
#define SRTP_XFORM_SLOT_BITS 6
#define SRTP_XFORM_SLOTS (1 << SRTP_XFORM_SLOT_BITS) /* twice the streams */
#define SRTP_XFORM_MAX_PACKET 65535 /* protected or not: fits UDP */
#define SRTP_XFORM_KEY_MAX 32
#define SRTP_XFORM_SALT_MAX 14
#define SRTP_XFORM_AUTH_KEY_LEN 20
#define SRTP_XFORM_SRTCP_INDEX_MAX 0x7fffffffu

enum srtp_xform_dir {
	SRTP_XFORM_OUTBOUND = 1, /* protect */
	SRTP_XFORM_INBOUND, /* unprotect */
};

enum srtp_xform_cipher {
	SRTP_XFORM_AES_CM = 1, /* AES counter mode + HMAC-SHA1 */
	SRTP_XFORM_AES_GCM, /* AEAD */
};

/* One packet kind's (SRTP's or SRTCP's) session keys. */
struct srtp_xform_session_keys {
	uint8_t enc_key[SRTP_XFORM_KEY_MAX];
	uint8_t salt[SRTP_XFORM_SALT_MAX]; /* 14 bytes AES-CM, 12 GCM */
	uint8_t auth_key[SRTP_XFORM_AUTH_KEY_LEN]; /* AES-CM only */
};

/* Everything a context is made from; wipe it after srtp_xform_init(). */
struct srtp_xform_config {
	enum srtp_xform_dir dir;
	enum srtp_xform_cipher cipher;
	uint8_t key_len; /* 16 or 32 */
	uint8_t salt_len; /* 14 AES-CM, 12 GCM */
	uint8_t srtp_tag_len; /* AES-CM 4..20 (10 or 4); GCM 16 */
	uint8_t srtcp_tag_len; /* AES-CM 4..20 (10); GCM 16 */
	struct srtp_xform_session_keys rtp;
	struct srtp_xform_session_keys rtcp;
};

/*
 * The state of one SSRC, as read and set through srtp_xform_stream_get()
 * and _set(): setting what was read moves a live stream to another
 * context (for instance from the userspace relay to wrtc.ko) exactly.
 */
struct srtp_xform_stream_state {
	uint32_t ssrc;
	/*
	 * SRTP: with @rtp_valid, (@roc, @seq) is the highest index accepted
	 * (inbound) or protected (outbound), and bit i of @rtp_window says
	 * index - i was (see srtp_replay.h). Without it no packet was seen
	 * yet, and the first one takes ROC @roc (normally 0).
	 */
	bool rtp_valid;
	uint16_t seq;
	uint32_t roc;
	uint64_t rtp_window[SRTP_REPLAY_WORDS];
	/*
	 * SRTCP: inbound, with @rtcp_valid, the highest index accepted and
	 * its window. Outbound, the last index sent: the next packet gets
	 * @srtcp_index + 1 (so the first one gets 1, as with libsrtp2).
	 */
	bool rtcp_valid;
	uint32_t srtcp_index;
	uint64_t rtcp_window[SRTP_REPLAY_WORDS];
};

struct srtp_xform_crypto;

/* A slot of the stream table. */
struct srtp_xform_stream {
	struct srtp_xform_stream_state st;
	bool used;
};

/* One direction's context. Fields are private to srtp_xform*.c. */
struct srtp_xform {
	enum srtp_xform_dir dir;
	enum srtp_xform_cipher cipher;
	uint8_t srtp_tag_len;
	uint8_t srtcp_tag_len;
	uint8_t rtp_salt[SRTP_XFORM_SALT_MAX];
	uint8_t rtcp_salt[SRTP_XFORM_SALT_MAX];
	struct srtp_xform_crypto *rtp;
	struct srtp_xform_crypto *rtcp;
	unsigned int n_streams;
	struct srtp_xform_stream slots[SRTP_XFORM_SLOTS];
};

/*
 * Set up @x (caller-allocated) from @cfg: checks the lengths, keeps the
 * salts, and prepares the crypto binding with the keys. May allocate (in
 * the binding); the packet calls never do. Returns 0, -EINVAL, -ENOMEM,
 * -EIO. On failure @x needs no srtp_xform_fini().
 */
int srtp_xform_init(struct srtp_xform *x, const struct srtp_xform_config *cfg,
		    struct wrtc_err *err);

/* Free the crypto state and wipe keys, salts and streams. */
void srtp_xform_fini(struct srtp_xform *x);

static inline void srtp_xform_config_wipe(struct srtp_xform_config *cfg)
{
	srtp_memzero_explicit(cfg, sizeof(*cfg));
}

/* Bytes protect adds: the SRTP tag; the SRTCP E||index word and tag. */
size_t srtp_xform_rtp_overhead(const struct srtp_xform *x);
size_t srtp_xform_rtcp_overhead(const struct srtp_xform *x);

/*
 * Protect the @len-byte RTP packet in @buf in place (@cap bytes available)
 * and return the SRTP length; unprotect the @len-byte SRTP packet and
 * return the RTP length. The header (with CSRCs and extension) stays in
 * the clear; AES-CM encrypts what follows it, GCM also authenticates the
 * header as AAD. Errors: see the top of this file.
 */
int srtp_xform_protect_rtp(struct srtp_xform *x, uint8_t *buf, size_t len,
			   size_t cap, struct wrtc_err *err);
int srtp_xform_unprotect_rtp(struct srtp_xform *x, uint8_t *buf, size_t len,
			     struct wrtc_err *err);

/*
 * The same for a (compound) RTCP packet: everything after the first 8
 * bytes is encrypted, followed by E||SRTCP index and the tag (AES-CM), or
 * by the tag and then E||index (GCM, RFC 7714 §9.1).
 */
int srtp_xform_protect_rtcp(struct srtp_xform *x, uint8_t *buf, size_t len,
			    size_t cap, struct wrtc_err *err);
int srtp_xform_unprotect_rtcp(struct srtp_xform *x, uint8_t *buf, size_t len,
			      struct wrtc_err *err);

/* Per-SSRC state (srtp_xform_stream.c). */

/* Copy out the state of @ssrc. Returns 0 or -ENOENT. */
int srtp_xform_stream_get(const struct srtp_xform *x, uint32_t ssrc,
			  struct srtp_xform_stream_state *st);

/*
 * Create or replace the state of @st->ssrc. Returns 0, -EINVAL (an SRTCP
 * index above 2^31 - 1), -ENOSPC (table full).
 */
int srtp_xform_stream_set(struct srtp_xform *x,
			  const struct srtp_xform_stream_state *st,
			  struct wrtc_err *err);

/* Forget @ssrc (BYE, timeout). Returns 0 or -ENOENT. */
int srtp_xform_stream_del(struct srtp_xform *x, uint32_t ssrc);

/* Forget every stream. */
void srtp_xform_stream_clear(struct srtp_xform *x);

unsigned int srtp_xform_stream_count(const struct srtp_xform *x);

/*
 * Walk the streams: start with *@pos = 0; returns 1 and fills @st while
 * there is one more, then 0. The table must not change during the walk.
 */
int srtp_xform_stream_next(const struct srtp_xform *x, unsigned int *pos,
			   struct srtp_xform_stream_state *st);

#ifndef __KERNEL__
/* Userspace setup from a profile and master key (srtp_xform_user.c). */
struct srtp_profile;
struct srtp_master_key;

/*
 * Fill @cfg for profile @p and direction @dir with the session keys that
 * srtp_kdf derives from @m (what wrtc.ko is given, too). Returns 0,
 * -EINVAL, -EIO; on failure @cfg is wiped.
 */
int srtp_xform_config_from_master(struct srtp_xform_config *cfg,
				  const struct srtp_profile *p,
				  const struct srtp_master_key *m,
				  enum srtp_xform_dir dir,
				  struct wrtc_err *err);

/* Allocate and init a context (wiping the derived keys after). */
int srtp_xform_create(struct srtp_xform **out, const struct srtp_profile *p,
		      const struct srtp_master_key *m, enum srtp_xform_dir dir,
		      struct wrtc_err *err);

void srtp_xform_destroy(struct srtp_xform *x);
#endif

#endif /* WRTC_SRTP_XFORM_H */
