// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP transform core: context setup and SRTP (RTP) protect/unprotect.
 * SRTCP is in srtp_xform_rtcp.c, the SSRC table in srtp_xform_stream.c.
 */
#include "srtp_xform_int.h"

static bool tag_len_ok(enum srtp_xform_cipher cipher, unsigned int len)
{
	if (cipher == SRTP_XFORM_AES_GCM)
		return len == SRTP_XFORM_GCM_TAG_LEN;
	return len >= 4 && len <= SRTP_XFORM_SHA1_LEN;
}

static int check_config(const struct srtp_xform_config *cfg,
			struct wrtc_err *err)
{
	bool gcm = cfg->cipher == SRTP_XFORM_AES_GCM;

	if (cfg->dir != SRTP_XFORM_OUTBOUND && cfg->dir != SRTP_XFORM_INBOUND)
		return srtp_fail(err, -EINVAL, 0, "srtp xform: direction %d",
				 cfg->dir);
	if (cfg->cipher != SRTP_XFORM_AES_CM && !gcm)
		return srtp_fail(err, -EINVAL, 0, "srtp xform: cipher %d",
				 cfg->cipher);
	if (cfg->key_len != 16 && cfg->key_len != 32)
		return srtp_fail(err, -EINVAL, 0, "srtp xform: %u-byte key",
				 cfg->key_len);
	if (cfg->salt_len != (gcm ? 12 : 14))
		return srtp_fail(err, -EINVAL, 0, "srtp xform: %u-byte salt",
				 cfg->salt_len);
	if (!tag_len_ok(cfg->cipher, cfg->srtp_tag_len) ||
	    !tag_len_ok(cfg->cipher, cfg->srtcp_tag_len))
		return srtp_fail(err, -EINVAL, 0,
				 "srtp xform: tags of %u and %u bytes",
				 cfg->srtp_tag_len, cfg->srtcp_tag_len);
	return 0;
}

int srtp_xform_init(struct srtp_xform *x, const struct srtp_xform_config *cfg,
		    struct wrtc_err *err)
{
	enum srtp_xform_crypto_alg alg;
	size_t auth_len;
	int ret;

	if (!x || !cfg)
		return srtp_fail(err, -EINVAL, 0, "srtp xform: NULL argument");
	memset(x, 0, sizeof(*x));
	ret = check_config(cfg, err);
	if (ret)
		return ret;
	x->dir = cfg->dir;
	x->cipher = cfg->cipher;
	x->srtp_tag_len = cfg->srtp_tag_len;
	x->srtcp_tag_len = cfg->srtcp_tag_len;
	memcpy(x->rtp_salt, cfg->rtp.salt, cfg->salt_len);
	memcpy(x->rtcp_salt, cfg->rtcp.salt, cfg->salt_len);
	if (cfg->cipher == SRTP_XFORM_AES_GCM) {
		alg = SRTP_XFORM_CRYPTO_AES_GCM;
		auth_len = 0;
	} else {
		alg = SRTP_XFORM_CRYPTO_AES_CM;
		auth_len = SRTP_XFORM_AUTH_KEY_LEN;
	}
	ret = srtp_xform_crypto_new(&x->rtp, alg, cfg->rtp.enc_key,
				    cfg->key_len,
				    auth_len ? cfg->rtp.auth_key : NULL,
				    auth_len, err);
	if (!ret)
		ret = srtp_xform_crypto_new(
			&x->rtcp, alg, cfg->rtcp.enc_key, cfg->key_len,
			auth_len ? cfg->rtcp.auth_key : NULL, auth_len, err);
	if (ret)
		srtp_xform_fini(x);
	return ret;
}

void srtp_xform_fini(struct srtp_xform *x)
{
	if (!x)
		return;
	srtp_xform_crypto_free(x->rtp);
	srtp_xform_crypto_free(x->rtcp);
	srtp_memzero_explicit(x, sizeof(*x));
}

size_t srtp_xform_rtp_overhead(const struct srtp_xform *x)
{
	return x ? x->srtp_tag_len : 0;
}

size_t srtp_xform_rtcp_overhead(const struct srtp_xform *x)
{
	return x ? 4 + (size_t)x->srtcp_tag_len : 0;
}

/*
 * Length of the RTP header (fixed part, CSRCs, extension) of the first
 * @len bytes at @buf, which must hold it: the rest is payload.
 */
static int rtp_header_len(const uint8_t *buf, size_t len, struct wrtc_err *err)
{
	size_t n;

	if (len < SRTP_XFORM_RTP_HDR)
		return srtp_fail(err, -EINVAL, 0,
				 "srtp: %zu bytes, shorter than an RTP header",
				 len);
	if (buf[0] >> 6 != 2)
		return srtp_fail(err, -EINVAL, 0, "srtp: RTP version %u",
				 buf[0] >> 6);
	n = SRTP_XFORM_RTP_HDR + 4 * (size_t)(buf[0] & 0x0f);
	if (buf[0] & 0x10) {
		if (n + 4 > len)
			return srtp_fail(err, -EINVAL, n,
					 "srtp: extension header past the end");
		n += 4 + 4 * (size_t)srtp_get_be16(buf + n + 2);
	}
	if (n > len)
		return srtp_fail(err, -EINVAL, 0,
				 "srtp: %zu-byte header in %zu bytes", n, len);
	return (int)n;
}

/*
 * The index of a packet with @seq on stream @st: the ROC it belongs to and
 * its distance from the highest index so far (always "new" on a stream
 * that saw nothing yet). Checks the replay window.
 */
static int rtp_index(const struct srtp_xform_stream_state *st, uint16_t seq,
		     uint32_t *roc, int32_t *delta, struct wrtc_err *err)
{
	if (!st->rtp_valid) {
		*roc = st->roc;
		*delta = 1;
		return 0;
	}
	if (srtp_replay_index_guess(st->roc, st->seq, seq, roc, delta))
		return srtp_fail(err, -EKEYEXPIRED, 2,
				 "srtp: SSRC %08x: ROC would wrap", st->ssrc);
	if (srtp_replay_check(st->rtp_window, *delta))
		return srtp_fail(err, -EALREADY, 2,
				 "srtp: SSRC %08x: index %u:%u replayed or "
				 "older than the window",
				 st->ssrc, *roc, seq);
	return 0;
}

/* Record an accepted (or sent) index: the ROC and s_l move forward only. */
static void rtp_commit(struct srtp_xform_stream_state *st, uint32_t roc,
		       uint16_t seq, int32_t delta)
{
	if (!st->rtp_valid) {
		memset(st->rtp_window, 0, sizeof(st->rtp_window));
		st->rtp_valid = true;
		delta = 1;
		st->rtp_window[0] = 1;
	} else {
		srtp_replay_add(st->rtp_window, delta);
	}
	if (delta > 0) {
		st->roc = roc;
		st->seq = seq;
	}
}

int srtp_xform_protect_rtp(struct srtp_xform *x, uint8_t *buf, size_t len,
			   size_t cap, struct wrtc_err *err)
{
	size_t tag = x ? x->srtp_tag_len : 0;
	struct srtp_xform_stream *s;
	uint8_t iv[SRTP_XFORM_CTR_IV_LEN];
	uint8_t mac[SRTP_XFORM_SHA1_LEN];
	uint8_t roc_be[4];
	uint64_t index;
	uint32_t ssrc, roc;
	uint16_t seq;
	int32_t delta;
	int hdr, ret;

	if (!x || !buf)
		return srtp_fail(err, -EINVAL, 0, "srtp: NULL argument");
	if (x->dir != SRTP_XFORM_OUTBOUND)
		return srtp_fail(err, -EINVAL, 0,
				 "srtp: protect on an inbound context");
	if (len > SRTP_XFORM_MAX_PACKET - tag)
		return srtp_fail(err, -E2BIG, 0, "srtp: %zu bytes", len);
	if (cap < len || cap - len < tag)
		return srtp_fail(err, -ENOSPC, len,
				 "srtp: no room for a %zu-byte tag", tag);
	hdr = rtp_header_len(buf, len, err);
	if (hdr < 0)
		return hdr;
	seq = srtp_get_be16(buf + 2);
	ssrc = srtp_get_be32(buf + 8);
	s = srtp_xform_stream_find(x, ssrc);
	if (!s)
		s = srtp_xform_stream_add(x, ssrc);
	if (!s)
		return srtp_fail(err, -ENOSPC, 8,
				 "srtp: stream table full, no room for SSRC "
				 "%08x",
				 ssrc);
	ret = rtp_index(&s->st, seq, &roc, &delta, err);
	if (ret)
		return ret;
	index = (uint64_t)roc << 16 | seq;

	if (x->cipher == SRTP_XFORM_AES_GCM) {
		srtp_xform_gcm_iv(x->rtp_salt, ssrc, index, iv);
		ret = srtp_xform_crypto_gcm_seal(x->rtp, iv, buf, hdr, NULL, 0,
						 buf + hdr, len - hdr,
						 buf + len);
	} else {
		/* RFC 3711 §4.2: the tag covers the packet, then the ROC. */
		srtp_xform_cm_iv(x->rtp_salt, ssrc, index, iv);
		srtp_put_be32(roc_be, roc);
		ret = srtp_xform_crypto_ctr_xor(x->rtp, iv, buf + hdr,
						len - hdr);
		if (!ret)
			ret = srtp_xform_crypto_hmac_sha1(x->rtp, buf, len,
							  roc_be, 4, mac);
		if (!ret)
			memcpy(buf + len, mac, tag);
	}
	if (ret)
		return srtp_fail(err, ret, 0, "srtp: crypto failed");
	rtp_commit(&s->st, roc, seq, delta);
	return (int)(len + tag);
}

int srtp_xform_unprotect_rtp(struct srtp_xform *x, uint8_t *buf, size_t len,
			     struct wrtc_err *err)
{
	struct srtp_xform_stream_state fresh, *st;
	size_t tag = x ? x->srtp_tag_len : 0, end;
	struct srtp_xform_stream *s;
	uint8_t iv[SRTP_XFORM_CTR_IV_LEN];
	uint8_t mac[SRTP_XFORM_SHA1_LEN];
	uint8_t roc_be[4];
	uint64_t index;
	uint32_t ssrc, roc;
	uint16_t seq;
	int32_t delta;
	int hdr, ret;

	if (!x || !buf)
		return srtp_fail(err, -EINVAL, 0, "srtp: NULL argument");
	if (x->dir != SRTP_XFORM_INBOUND)
		return srtp_fail(err, -EINVAL, 0,
				 "srtp: unprotect on an outbound context");
	if (len > SRTP_XFORM_MAX_PACKET)
		return srtp_fail(err, -E2BIG, 0, "srtp: %zu bytes", len);
	if (len < SRTP_XFORM_RTP_HDR + tag)
		return srtp_fail(err, -EINVAL, 0,
				 "srtp: %zu bytes, shorter than header + tag",
				 len);
	end = len - tag; /* the tag follows the payload */
	hdr = rtp_header_len(buf, end, err);
	if (hdr < 0)
		return hdr;
	seq = srtp_get_be16(buf + 2);
	ssrc = srtp_get_be32(buf + 8);
	s = srtp_xform_stream_find(x, ssrc);
	if (s) {
		st = &s->st;
	} else {
		/* Take a slot only once the packet authenticates. */
		if (srtp_xform_table_full(x))
			return srtp_fail(err, -ENOSPC, 8,
					 "srtp: stream table full, no room "
					 "for SSRC %08x",
					 ssrc);
		memset(&fresh, 0, sizeof(fresh));
		fresh.ssrc = ssrc;
		st = &fresh;
	}
	ret = rtp_index(st, seq, &roc, &delta, err);
	if (ret)
		return ret;
	index = (uint64_t)roc << 16 | seq;

	if (x->cipher == SRTP_XFORM_AES_GCM) {
		srtp_xform_gcm_iv(x->rtp_salt, ssrc, index, iv);
		ret = srtp_xform_crypto_gcm_open(x->rtp, iv, buf, hdr, NULL, 0,
						 buf + hdr, end - hdr,
						 buf + end);
	} else {
		srtp_put_be32(roc_be, roc);
		ret = srtp_xform_crypto_hmac_sha1(x->rtp, buf, end, roc_be, 4,
						  mac);
		if (!ret && srtp_memneq(mac, buf + end, tag))
			ret = -EBADMSG;
		if (!ret) {
			srtp_xform_cm_iv(x->rtp_salt, ssrc, index, iv);
			ret = srtp_xform_crypto_ctr_xor(x->rtp, iv, buf + hdr,
							end - hdr);
		}
	}
	if (ret == -EBADMSG)
		return srtp_fail(err, ret, end,
				 "srtp: SSRC %08x seq %u: authentication "
				 "failed",
				 ssrc, seq);
	if (ret)
		return srtp_fail(err, ret, 0, "srtp: crypto failed");
	if (!s) {
		s = srtp_xform_stream_add(x, ssrc); /* not full: see above */
		if (!s)
			return srtp_fail(err, -ENOSPC, 8,
					 "srtp: stream table full");
	}
	rtp_commit(&s->st, roc, seq, delta);
	return (int)end;
}
