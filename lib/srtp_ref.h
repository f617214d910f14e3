/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A thin wrapper over libsrtp2: the reference our own SRTP transform is
 * checked against, packet for packet, and the fallback transform.
 *
 * Process-global state: libsrtp2 keeps its crypto kernel in globals that
 * srtp_init() sets up and that no call may race with. The wrapper calls
 * srtp_init() exactly once per process, through pthread_once(), the first
 * time a context is created (or srtp_ref_init() is called), from whatever
 * thread that is; it never calls srtp_shutdown(). Code that also uses
 * libsrtp2 directly must call srtp_ref_init() before touching it.
 *
 * A context (one direction of one leg: any SSRC, outbound or inbound, with
 * libsrtp2's default 128-packet replay window) is not thread-safe: use each
 * from one thread at a time. Distinct contexts may be used concurrently.
 */
#ifndef WRTC_SRTP_REF_H
#define WRTC_SRTP_REF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "srtp_profile.h"

enum srtp_ref_dir {
	SRTP_REF_OUTBOUND = 1, /* protect: ssrc_any_outbound */
	SRTP_REF_INBOUND, /* unprotect: ssrc_any_inbound */
};

struct srtp_ref;

/* Initialise libsrtp2 once per process. Returns 0 or -EIO. */
int srtp_ref_init(struct wrtc_err *err);

struct srtp_policy_t; /* libsrtp2's, from <srtp2/srtp.h> */

/*
 * Fill @pol's RTP and RTCP crypto policies for @p: RFC 5764 §4.1.2 and
 * RFC 7714 §14.2 (CM_32's SRTCP keeps the 80-bit tag). Returns 0, or
 * -EINVAL for NULL or a profile libsrtp2 has no policy for.
 */
int srtp_ref_policy(struct srtp_policy_t *pol, const struct srtp_profile *p);

/*
 * A context for @dir keyed with @m (key || salt, as long as @p says).
 * Returns 0 and sets *@out, or -EINVAL, -ENOMEM, -EIO.
 */
int srtp_ref_create(struct srtp_ref **out, const struct srtp_profile *p,
		    const struct srtp_master_key *m, enum srtp_ref_dir dir,
		    struct wrtc_err *err);

void srtp_ref_destroy(struct srtp_ref *s);

/* Bytes protect adds: the SRTP tag; SRTCP: E || index and the tag. */
size_t srtp_ref_rtp_overhead(const struct srtp_ref *s);
size_t srtp_ref_rtcp_overhead(const struct srtp_ref *s);

/*
 * Protect the @len-byte packet in @buf in place; @cap must leave room for
 * the overhead. Unprotect checks and strips it in place. Each returns the
 * new length, or a negative errno mapped from libsrtp2's status (see
 * srtp_ref_errno()), with "libsrtp2 <op>: <status name>" in @err. An
 * outbound context cannot unprotect, nor an inbound one protect (-EINVAL).
 */
int srtp_ref_protect_rtp(struct srtp_ref *s, uint8_t *buf, size_t len,
			 size_t cap, struct wrtc_err *err);
int srtp_ref_unprotect_rtp(struct srtp_ref *s, uint8_t *buf, size_t len,
			   struct wrtc_err *err);
int srtp_ref_protect_rtcp(struct srtp_ref *s, uint8_t *buf, size_t len,
			  size_t cap, struct wrtc_err *err);
int srtp_ref_unprotect_rtcp(struct srtp_ref *s, uint8_t *buf, size_t len,
			    struct wrtc_err *err);

/*
 * libsrtp2's srtp_err_status_t as a negative errno: auth_fail -EBADMSG,
 * replay_fail / replay_old / pkt_idx_old -EALREADY, key_expired
 * -EKEYEXPIRED, bad_param / parse_err / bad_mki -EINVAL, alloc_fail -ENOMEM,
 * no_ctx -ENOENT, anything else -EIO; ok is 0.
 */
int srtp_ref_errno(int status);

/* Its name without the prefix: "auth_fail", "replay_fail", ... */
const char *srtp_ref_status_name(int status);

#endif /* WRTC_SRTP_REF_H */
