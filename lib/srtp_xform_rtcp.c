// SPDX-License-Identifier: GPL-2.0
/*
 * SRTCP protect/unprotect (RFC 3711 §3.4, RFC 7714 §9). Layouts:
 *   AES-CM: header(8) | encrypted rest | E||index(4) | tag (over all before)
 *   GCM:    header(8) | ciphertext | tag(16) | E||index(4),
 *           AAD = header || E||index (RFC 7714 §9.1), or with E = 0 the
 *           whole packet before the tag || E||index (§9.2: nothing
 *           encrypted).
 * The SRTCP index is explicit, so there is no estimation: the window is
 * checked against it directly.
 */
#include "srtp_xform_int.h"

static int rtcp_header_ok(const uint8_t *buf, struct wrtc_err *err)
{
	if (buf[0] >> 6 != 2)
		return srtp_fail(err, -EINVAL, 0, "srtcp: RTCP version %u",
				 buf[0] >> 6);
	return 0;
}

int srtp_xform_protect_rtcp(struct srtp_xform *x, uint8_t *buf, size_t len,
			    size_t cap, struct wrtc_err *err)
{
	size_t over = x ? srtp_xform_rtcp_overhead(x) : 0;
	size_t tag = x ? x->srtcp_tag_len : 0;
	uint8_t iv[SRTP_XFORM_CTR_IV_LEN];
	uint8_t mac[SRTP_XFORM_SHA1_LEN];
	struct srtp_xform_stream *s;
	uint8_t word[4];
	uint32_t ssrc, index;
	int ret;

	if (!x || !buf)
		return srtp_fail(err, -EINVAL, 0, "srtcp: NULL argument");
	if (x->dir != SRTP_XFORM_OUTBOUND)
		return srtp_fail(err, -EINVAL, 0,
				 "srtcp: protect on an inbound context");
	if (len > SRTP_XFORM_MAX_PACKET - over)
		return srtp_fail(err, -E2BIG, 0, "srtcp: %zu bytes", len);
	if (len < SRTP_XFORM_RTCP_HDR)
		return srtp_fail(err, -EINVAL, 0,
				 "srtcp: %zu bytes, shorter than an RTCP "
				 "header and SSRC",
				 len);
	ret = rtcp_header_ok(buf, err);
	if (ret)
		return ret;
	if (cap < len || cap - len < over)
		return srtp_fail(err, -ENOSPC, len,
				 "srtcp: no room for the %zu-byte trailer",
				 over);
	ssrc = srtp_get_be32(buf + 4);
	s = srtp_xform_stream_find(x, ssrc);
	if (!s)
		s = srtp_xform_stream_add(x, ssrc);
	if (!s)
		return srtp_fail(err, -ENOSPC, 4,
				 "srtcp: stream table full, no room for SSRC "
				 "%08x",
				 ssrc);
	if (s->st.srtcp_index >= SRTP_XFORM_SRTCP_INDEX_MAX)
		return srtp_fail(err, -EKEYEXPIRED, 0,
				 "srtcp: SSRC %08x: SRTCP index exhausted",
				 ssrc);
	index = s->st.srtcp_index + 1;
	/* We always encrypt: E = 1. */
	srtp_put_be32(word, SRTP_XFORM_E_BIT | index);

	if (x->cipher == SRTP_XFORM_AES_GCM) {
		srtp_xform_gcm_iv(x->rtcp_salt, ssrc, index, iv);
		ret = srtp_xform_crypto_gcm_seal(x->rtcp, iv, buf,
						 SRTP_XFORM_RTCP_HDR, word, 4,
						 buf + SRTP_XFORM_RTCP_HDR,
						 len - SRTP_XFORM_RTCP_HDR,
						 buf + len);
		memcpy(buf + len + tag, word, 4);
	} else {
		srtp_xform_cm_iv(x->rtcp_salt, ssrc, index, iv);
		ret = srtp_xform_crypto_ctr_xor(x->rtcp, iv,
						buf + SRTP_XFORM_RTCP_HDR,
						len - SRTP_XFORM_RTCP_HDR);
		memcpy(buf + len, word, 4);
		if (!ret)
			ret = srtp_xform_crypto_hmac_sha1(x->rtcp, buf, len + 4,
							  NULL, 0, mac);
		if (!ret)
			memcpy(buf + len + 4, mac, tag);
	}
	if (ret)
		return srtp_fail(err, ret, 0, "srtcp: crypto failed");
	s->st.srtcp_index = index;
	s->st.rtcp_valid = true;
	return (int)(len + over);
}

int srtp_xform_unprotect_rtcp(struct srtp_xform *x, uint8_t *buf, size_t len,
			      struct wrtc_err *err)
{
	size_t over = x ? srtp_xform_rtcp_overhead(x) : 0;
	size_t tag = x ? x->srtcp_tag_len : 0, body, word_at;
	struct srtp_xform_stream_state fresh, *st;
	uint8_t iv[SRTP_XFORM_CTR_IV_LEN];
	uint8_t mac[SRTP_XFORM_SHA1_LEN];
	struct srtp_xform_stream *s;
	uint32_t ssrc, word, index;
	int64_t delta = 1;
	bool encrypted;
	int ret;

	if (!x || !buf)
		return srtp_fail(err, -EINVAL, 0, "srtcp: NULL argument");
	if (x->dir != SRTP_XFORM_INBOUND)
		return srtp_fail(err, -EINVAL, 0,
				 "srtcp: unprotect on an outbound context");
	if (len > SRTP_XFORM_MAX_PACKET)
		return srtp_fail(err, -E2BIG, 0, "srtcp: %zu bytes", len);
	if (len < SRTP_XFORM_RTCP_HDR + over)
		return srtp_fail(err, -EINVAL, 0,
				 "srtcp: %zu bytes, no room for header, "
				 "E||index and tag",
				 len);
	ret = rtcp_header_ok(buf, err);
	if (ret)
		return ret;
	/* What precedes the trailer: the header and the (encrypted) rest. */
	body = len - over - SRTP_XFORM_RTCP_HDR;
	word_at = x->cipher == SRTP_XFORM_AES_GCM ? len - 4 : len - tag - 4;
	word = srtp_get_be32(buf + word_at);
	index = word & SRTP_XFORM_SRTCP_INDEX_MAX;
	encrypted = word & SRTP_XFORM_E_BIT;
	ssrc = srtp_get_be32(buf + 4);
	s = srtp_xform_stream_find(x, ssrc);
	if (s) {
		st = &s->st;
	} else {
		if (srtp_xform_table_full(x))
			return srtp_fail(err, -ENOSPC, 4,
					 "srtcp: stream table full, no room "
					 "for SSRC %08x",
					 ssrc);
		memset(&fresh, 0, sizeof(fresh));
		fresh.ssrc = ssrc;
		st = &fresh;
	}
	if (st->rtcp_valid) {
		delta = (int64_t)index - st->srtcp_index;
		if (srtp_replay_check(st->rtcp_window, delta))
			return srtp_fail(err, -EALREADY, word_at,
					 "srtcp: SSRC %08x: index %u "
					 "replayed or older than the window",
					 ssrc, index);
	}

	if (x->cipher == SRTP_XFORM_AES_GCM) {
		uint8_t *tagp = buf + SRTP_XFORM_RTCP_HDR + body;

		srtp_xform_gcm_iv(x->rtcp_salt, ssrc, index, iv);
		if (encrypted)
			ret = srtp_xform_crypto_gcm_open(
				x->rtcp, iv, buf, SRTP_XFORM_RTCP_HDR,
				buf + word_at, 4, buf + SRTP_XFORM_RTCP_HDR,
				body, tagp);
		else
			ret = srtp_xform_crypto_gcm_open(
				x->rtcp, iv, buf, SRTP_XFORM_RTCP_HDR + body,
				buf + word_at, 4, tagp, 0, tagp);
	} else {
		ret = srtp_xform_crypto_hmac_sha1(x->rtcp, buf, len - tag, NULL,
						  0, mac);
		if (!ret && srtp_memneq(mac, buf + len - tag, tag))
			ret = -EBADMSG;
		if (!ret && encrypted) {
			srtp_xform_cm_iv(x->rtcp_salt, ssrc, index, iv);
			ret = srtp_xform_crypto_ctr_xor(
				x->rtcp, iv, buf + SRTP_XFORM_RTCP_HDR, body);
		}
	}
	if (ret == -EBADMSG)
		return srtp_fail(err, ret, len - tag,
				 "srtcp: SSRC %08x index %u: authentication "
				 "failed",
				 ssrc, index);
	if (ret)
		return srtp_fail(err, ret, 0, "srtcp: crypto failed");
	if (!s) {
		s = srtp_xform_stream_add(x, ssrc); /* not full: see above */
		if (!s)
			return srtp_fail(err, -ENOSPC, 4,
					 "srtcp: stream table full");
	}
	if (!s->st.rtcp_valid) {
		memset(s->st.rtcp_window, 0, sizeof(s->st.rtcp_window));
		s->st.rtcp_valid = true;
		delta = 1;
	}
	srtp_replay_add(s->st.rtcp_window, delta);
	if (delta > 0)
		s->st.srtcp_index = index;
	return (int)(SRTP_XFORM_RTCP_HDR + body);
}
