// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <srtp2/srtp.h>

#include "srtp_ref.h"

struct srtp_ref {
	srtp_t session;
	const struct srtp_profile *profile;
	enum srtp_ref_dir dir;
};

/*
 * The one piece of global state in lib/, forced by libsrtp2's own (see the
 * header): the once-control and what srtp_init() returned.
 */
static pthread_once_t srtp_once = PTHREAD_ONCE_INIT;
static srtp_err_status_t srtp_init_status = srtp_err_status_init_fail;

static void srtp_init_once(void)
{
	srtp_init_status = srtp_init();
}

static const char *const status_names[] = {
	[srtp_err_status_ok] = "ok",
	[srtp_err_status_fail] = "fail",
	[srtp_err_status_bad_param] = "bad_param",
	[srtp_err_status_alloc_fail] = "alloc_fail",
	[srtp_err_status_dealloc_fail] = "dealloc_fail",
	[srtp_err_status_init_fail] = "init_fail",
	[srtp_err_status_terminus] = "terminus",
	[srtp_err_status_auth_fail] = "auth_fail",
	[srtp_err_status_cipher_fail] = "cipher_fail",
	[srtp_err_status_replay_fail] = "replay_fail",
	[srtp_err_status_replay_old] = "replay_old",
	[srtp_err_status_algo_fail] = "algo_fail",
	[srtp_err_status_no_such_op] = "no_such_op",
	[srtp_err_status_no_ctx] = "no_ctx",
	[srtp_err_status_cant_check] = "cant_check",
	[srtp_err_status_key_expired] = "key_expired",
	[srtp_err_status_socket_err] = "socket_err",
	[srtp_err_status_signal_err] = "signal_err",
	[srtp_err_status_nonce_bad] = "nonce_bad",
	[srtp_err_status_read_fail] = "read_fail",
	[srtp_err_status_write_fail] = "write_fail",
	[srtp_err_status_parse_err] = "parse_err",
	[srtp_err_status_encode_err] = "encode_err",
	[srtp_err_status_semaphore_err] = "semaphore_err",
	[srtp_err_status_pfkey_err] = "pfkey_err",
	[srtp_err_status_bad_mki] = "bad_mki",
	[srtp_err_status_pkt_idx_old] = "pkt_idx_old",
	[srtp_err_status_pkt_idx_adv] = "pkt_idx_adv",
};

const char *srtp_ref_status_name(int status)
{
	if (status < 0 ||
	    (size_t)status >= sizeof(status_names) / sizeof(status_names[0]) ||
	    !status_names[status])
		return "unknown";
	return status_names[status];
}

int srtp_ref_errno(int status)
{
	switch (status) {
	case srtp_err_status_ok:
		return 0;
	case srtp_err_status_auth_fail:
		return -EBADMSG;
	case srtp_err_status_replay_fail:
	case srtp_err_status_replay_old:
	case srtp_err_status_pkt_idx_old:
		return -EALREADY;
	case srtp_err_status_key_expired:
		return -EKEYEXPIRED;
	case srtp_err_status_bad_param:
	case srtp_err_status_parse_err:
	case srtp_err_status_bad_mki:
		return -EINVAL;
	case srtp_err_status_alloc_fail:
		return -ENOMEM;
	case srtp_err_status_no_ctx:
		return -ENOENT;
	default:
		return -EIO;
	}
}

int srtp_ref_init(struct wrtc_err *err)
{
	pthread_once(&srtp_once, srtp_init_once);
	if (srtp_init_status != srtp_err_status_ok)
		return wrtc_fail(err, -EIO, 0, "libsrtp2 srtp_init: %s",
				 srtp_ref_status_name(srtp_init_status));
	return 0;
}

/* The libsrtp2 policies of RFC 5764 §4.1.2 and RFC 7714 §14.2. */
int srtp_ref_policy(struct srtp_policy_t *pol, const struct srtp_profile *p)
{
	switch (p ? p->id : 0) {
	case SRTP_PROFILE_AES128_CM_HMAC_SHA1_80:
		srtp_crypto_policy_set_rtp_default(&pol->rtp);
		srtp_crypto_policy_set_rtcp_default(&pol->rtcp);
		return 0;
	case SRTP_PROFILE_AES128_CM_HMAC_SHA1_32:
		/* The 32-bit tag is for SRTP only; SRTCP keeps 80 bits. */
		srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&pol->rtp);
		srtp_crypto_policy_set_rtcp_default(&pol->rtcp);
		return 0;
	case SRTP_PROFILE_AEAD_AES_128_GCM:
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&pol->rtp);
		srtp_crypto_policy_set_aes_gcm_128_16_auth(&pol->rtcp);
		return 0;
	case SRTP_PROFILE_AEAD_AES_256_GCM:
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&pol->rtp);
		srtp_crypto_policy_set_aes_gcm_256_16_auth(&pol->rtcp);
		return 0;
	}
	return -EINVAL;
}

int srtp_ref_create(struct srtp_ref **out, const struct srtp_profile *p,
		    const struct srtp_master_key *m, enum srtp_ref_dir dir,
		    struct wrtc_err *err)
{
	uint8_t key[SRTP_KEY_LEN_MAX + SRTP_SALT_LEN_MAX];
	srtp_policy_t pol;
	srtp_err_status_t st;
	struct srtp_ref *s;
	int ret;

	if (!out || !p || !m)
		return wrtc_fail(err, -EINVAL, 0, "srtp_ref: NULL argument");
	*out = NULL;
	if (dir != SRTP_REF_OUTBOUND && dir != SRTP_REF_INBOUND)
		return wrtc_fail(err, -EINVAL, 0, "srtp_ref: direction %d",
				 dir);
	if (m->key_len != p->key_len || m->salt_len != p->salt_len)
		return wrtc_fail(err, -EINVAL, 0,
				 "srtp_ref: %u-byte key, %u-byte salt for %s",
				 m->key_len, m->salt_len, p->name);
	ret = srtp_ref_init(err);
	if (ret)
		return ret;

	memset(&pol, 0, sizeof(pol));
	if (srtp_ref_policy(&pol, p))
		return wrtc_fail(err, -EINVAL, 0, "srtp_ref: no policy for %s",
				 p->name);
	pol.ssrc.type = dir == SRTP_REF_OUTBOUND ? ssrc_any_outbound :
						   ssrc_any_inbound;
	/* libsrtp2 reads the master key and salt back to back. */
	memcpy(key, m->key, p->key_len);
	memcpy(key + p->key_len, m->salt, p->salt_len);
	pol.key = key;
	pol.window_size = 0; /* libsrtp2's default, 128 */
	pol.allow_repeat_tx = 0;
	pol.next = NULL;

	s = calloc(1, sizeof(*s));
	if (!s) {
		srtp_wipe(key, sizeof(key));
		return wrtc_fail(err, -ENOMEM, 0, "srtp_ref: out of memory");
	}
	st = srtp_create(&s->session, &pol);
	/* srtp_create() derived the session keys: the master is not kept. */
	srtp_wipe(key, sizeof(key));
	if (st != srtp_err_status_ok) {
		free(s);
		return wrtc_fail(err, srtp_ref_errno(st) ?: -EIO, 0,
				 "libsrtp2 srtp_create: %s",
				 srtp_ref_status_name(st));
	}
	s->profile = p;
	s->dir = dir;
	*out = s;
	return 0;
}

void srtp_ref_destroy(struct srtp_ref *s)
{
	if (!s)
		return;
	srtp_dealloc(s->session);
	free(s);
}

size_t srtp_ref_rtp_overhead(const struct srtp_ref *s)
{
	return s ? s->profile->srtp_tag_len : 0;
}

size_t srtp_ref_rtcp_overhead(const struct srtp_ref *s)
{
	return s ? SRTP_SRTCP_INDEX_LEN + s->profile->srtcp_tag_len : 0;
}

enum op { PROTECT_RTP, UNPROTECT_RTP, PROTECT_RTCP, UNPROTECT_RTCP };

static const char *const op_names[] = {
	[PROTECT_RTP] = "srtp_protect",
	[UNPROTECT_RTP] = "srtp_unprotect",
	[PROTECT_RTCP] = "srtp_protect_rtcp",
	[UNPROTECT_RTCP] = "srtp_unprotect_rtcp",
};

static int run(struct srtp_ref *s, enum op op, uint8_t *buf, size_t len,
	       size_t cap, struct wrtc_err *err)
{
	bool rtcp = op == PROTECT_RTCP || op == UNPROTECT_RTCP;
	bool protect = op == PROTECT_RTP || op == PROTECT_RTCP;
	size_t over, hdr = rtcp ? 8 : 12;
	srtp_err_status_t st;
	int n;

	if (!s || !buf)
		return wrtc_fail(err, -EINVAL, 0, "%s: NULL argument",
				 op_names[op]);
	if (protect != (s->dir == SRTP_REF_OUTBOUND))
		return wrtc_fail(err, -EINVAL, 0, "%s: %s context",
				 op_names[op],
				 protect ? "inbound" : "outbound");
	over = rtcp ? srtp_ref_rtcp_overhead(s) : srtp_ref_rtp_overhead(s);
	/* libsrtp2 counts in int; keep len + overhead in range. */
	if (len > INT_MAX - over)
		return wrtc_fail(err, -E2BIG, 0, "%s: %zu bytes", op_names[op],
				 len);
	if (len < hdr + (protect ? 0 : over))
		return wrtc_fail(err, -EINVAL, len,
				 "%s: %zu bytes is too short", op_names[op],
				 len);
	if (protect && cap - len < over)
		return wrtc_fail(err, -ENOSPC, cap,
				 "%s: needs %zu bytes of room, has %zu",
				 op_names[op], over, cap - len);
	n = (int)len;
	switch (op) {
	case PROTECT_RTP:
		st = srtp_protect(s->session, buf, &n);
		break;
	case UNPROTECT_RTP:
		st = srtp_unprotect(s->session, buf, &n);
		break;
	case PROTECT_RTCP:
		st = srtp_protect_rtcp(s->session, buf, &n);
		break;
	default:
		st = srtp_unprotect_rtcp(s->session, buf, &n);
		break;
	}
	if (st != srtp_err_status_ok)
		return wrtc_fail(err, srtp_ref_errno(st) ?: -EIO, 0,
				 "libsrtp2 %s: %s", op_names[op],
				 srtp_ref_status_name(st));
	return n;
}

int srtp_ref_protect_rtp(struct srtp_ref *s, uint8_t *buf, size_t len,
			 size_t cap, struct wrtc_err *err)
{
	if (cap < len)
		return wrtc_fail(err, -EINVAL, 0, "srtp_protect: cap < len");
	return run(s, PROTECT_RTP, buf, len, cap, err);
}

int srtp_ref_unprotect_rtp(struct srtp_ref *s, uint8_t *buf, size_t len,
			   struct wrtc_err *err)
{
	return run(s, UNPROTECT_RTP, buf, len, len, err);
}

int srtp_ref_protect_rtcp(struct srtp_ref *s, uint8_t *buf, size_t len,
			  size_t cap, struct wrtc_err *err)
{
	if (cap < len)
		return wrtc_fail(err, -EINVAL, 0,
				 "srtp_protect_rtcp: cap < len");
	return run(s, PROTECT_RTCP, buf, len, cap, err);
}

int srtp_ref_unprotect_rtcp(struct srtp_ref *s, uint8_t *buf, size_t len,
			    struct wrtc_err *err)
{
	return run(s, UNPROTECT_RTCP, buf, len, len, err);
}
