/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helper for the SRTP transform tests: packets (RTP with CSRCs and a
 * header extension, compound SR+SDES), libsrtp2 sessions used directly
 * (for what the srtp_ref wrapper does not expose: the ROC setter,
 * authenticated-only SRTCP), and a fixture running every test once per
 * protection profile with our contexts and libsrtp2's for two keys.
 */
#ifndef WRTC_TEST_SRTP_XFORM_UTIL_H
#define WRTC_TEST_SRTP_XFORM_UTIL_H

#include <errno.h>
#include <string.h>

#include <srtp2/srtp.h>

#include "rtp.h"
#include "srtp_profile.h"
#include "srtp_ref.h"
#include "srtp_vectors.h"
#include "srtp_xform.h"

#define PKT_MAX 1600

/* A second master key, for leg B of the relay: bytes 0xc0.., 0x10.. */
static struct srtp_master_key other_master(const struct srtp_profile *p)
{
	struct srtp_master_key m = pattern_master(p);
	size_t i;

	for (i = 0; i < sizeof(m.key); i++)
		m.key[i] = (uint8_t)(0xc0 + 3 * i);
	for (i = 0; i < sizeof(m.salt); i++)
		m.salt[i] = (uint8_t)(0x10 + 7 * i);
	return m;
}

/* Shapes of RTP packet the tests go through. */
struct rtp_shape {
	uint32_t ssrc;
	size_t payload;
	uint8_t csrcs;
	bool ext; /* a two-word one-byte-form (RFC 8285) extension */
};

/*
 * Write an RTP packet of @shape with @seq; the payload bytes depend on
 * seq and position, so that a packet decrypted under the wrong index
 * cannot pass for the right one. Returns the length (> 0) or a negative
 * errno from rtp_write().
 */
static int make_rtp(uint8_t *buf, size_t cap, const struct rtp_shape *sh,
		    uint16_t seq)
{
	static const uint8_t ext[8] = { 0x10, 0xaa, 0x21, 0xbb, 0xcc, 0, 0, 0 };
	uint8_t payload[PKT_MAX];
	struct rtp_out o;
	size_t i;

	memset(&o, 0, sizeof(o));
	for (i = 0; i < sh->payload && i < sizeof(payload); i++)
		payload[i] = (uint8_t)(seq * 7 + i * 13 + 1);
	o.hdr.pt = 111;
	o.hdr.marker = seq % 5 == 0;
	o.hdr.seq = seq;
	o.hdr.ts = 160u * seq + 12345;
	o.hdr.ssrc = sh->ssrc;
	o.hdr.csrc_count = sh->csrcs;
	for (i = 0; i < sh->csrcs; i++)
		o.hdr.csrc[i] = 0x0c500000u + (uint32_t)i;
	o.extension = sh->ext;
	o.ext_profile = RTP_EXT_PROFILE_ONE_BYTE;
	o.ext = ext;
	o.ext_len = sh->ext ? sizeof(ext) : 0;
	o.payload = payload;
	o.payload_len = sh->payload;
	return rtp_write(&o, buf, cap, NULL);
}

/*
 * A compound RTCP packet: an SR with @rc report blocks, then an SDES with
 * one CNAME chunk of @cname_len bytes (RFC 3550 §6.4.1, §6.5). Returns the
 * length.
 */
static size_t make_rtcp(uint8_t *buf, uint32_t ssrc, unsigned int rc,
			size_t cname_len, uint32_t salt)
{
	size_t off = 0, i, sdes_start, chunk;

	/* SR: header, SSRC, sender info (20), report blocks (24 each). */
	buf[off++] = (uint8_t)(0x80 | rc);
	buf[off++] = RTCP_SR;
	put_be16(buf + off, (uint16_t)((8 + 20 + 24 * rc) / 4 - 1));
	off += 2;
	put_be32(buf + off, ssrc);
	off += 4;
	for (i = 0; i < 20 + 24 * rc; i++)
		buf[off++] = (uint8_t)(salt + i * 31);
	/* SDES: one chunk, CNAME item, END, padding to 32 bits. */
	sdes_start = off;
	buf[off++] = 0x81;
	buf[off++] = RTCP_SDES;
	off += 2; /* length, below */
	put_be32(buf + off, ssrc);
	off += 4;
	buf[off++] = 1; /* CNAME */
	buf[off++] = (uint8_t)cname_len;
	for (i = 0; i < cname_len; i++)
		buf[off++] = (uint8_t)('a' + (salt + i) % 26);
	chunk = 4 + 2 + cname_len;
	do {
		buf[off++] = 0; /* END, then padding */
		chunk++;
	} while (chunk % 4);
	put_be16(buf + sdes_start + 2, (uint16_t)((off - sdes_start) / 4 - 1));
	return off;
}

/*
 * A libsrtp2 session of our own; @rtcp_auth_only asks for SRTCP without
 * encryption (E = 0). Returns NULL on failure.
 */
static srtp_t lib_session(const struct srtp_profile *p,
			  const struct srtp_master_key *m, bool outbound,
			  bool rtcp_auth_only)
{
	uint8_t key[SRTP_KEY_LEN_MAX + SRTP_SALT_LEN_MAX];
	srtp_policy_t pol;
	srtp_t s = NULL;

	if (srtp_ref_init(NULL))
		return NULL;
	memset(&pol, 0, sizeof(pol));
	if (srtp_ref_policy(&pol, p))
		return NULL;
	if (rtcp_auth_only)
		pol.rtcp.sec_serv = sec_serv_auth;
	pol.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
	memcpy(key, m->key, p->key_len);
	memcpy(key + p->key_len, m->salt, p->salt_len);
	pol.key = key;
	if (srtp_create(&s, &pol) != srtp_err_status_ok)
		return NULL;
	return s;
}

/* libsrtp2 in place, as a length or -1. */
static int lib_protect(srtp_t s, uint8_t *buf, size_t len, bool rtcp)
{
	int n = (int)len;
	srtp_err_status_t st = rtcp ? srtp_protect_rtcp(s, buf, &n) :
				      srtp_protect(s, buf, &n);

	return st == srtp_err_status_ok ? n : -1;
}

/* The state of @ssrc in @x, or a zeroed one when there is none. */
static struct srtp_xform_stream_state state_of(const struct srtp_xform *x,
					       uint32_t ssrc)
{
	struct srtp_xform_stream_state st;

	memset(&st, 0, sizeof(st));
	if (srtp_xform_stream_get(x, ssrc, &st))
		memset(&st, 0, sizeof(st));
	return st;
}

static bool same_state(const struct srtp_xform_stream_state *a,
		       const struct srtp_xform_stream_state *b)
{
	return a->ssrc == b->ssrc && a->rtp_valid == b->rtp_valid &&
	       a->seq == b->seq && a->roc == b->roc &&
	       !memcmp(a->rtp_window, b->rtp_window, sizeof(a->rtp_window)) &&
	       a->rtcp_valid == b->rtcp_valid &&
	       a->srtcp_index == b->srtcp_index &&
	       !memcmp(a->rtcp_window, b->rtcp_window, sizeof(a->rtcp_window));
}

/*
 * Every test of the fixture runs once per profile, with two legs' keys:
 * ours (x_) and libsrtp2's through srtp_ref (r_), each in both directions.
 */
FIXTURE(xf)
{
	const struct srtp_profile *p;
	struct srtp_master_key ka, kb;
	struct srtp_xform *xa_in, *xa_out, *xb_in, *xb_out;
	struct srtp_ref *ra_in, *ra_out, *rb_in, *rb_out;
};

FIXTURE_VARIANT(xf)
{
	uint16_t id;
};

FIXTURE_VARIANT_ADD(xf, cm_80){
	.id = SRTP_PROFILE_AES128_CM_HMAC_SHA1_80,
};

FIXTURE_VARIANT_ADD(xf, cm_32){
	.id = SRTP_PROFILE_AES128_CM_HMAC_SHA1_32,
};

FIXTURE_VARIANT_ADD(xf, gcm_128){
	.id = SRTP_PROFILE_AEAD_AES_128_GCM,
};

FIXTURE_VARIANT_ADD(xf, gcm_256){
	.id = SRTP_PROFILE_AEAD_AES_256_GCM,
};

FIXTURE_SETUP(xf)
{
	struct wrtc_err err = { 0 };

	self->p = srtp_profile_by_id(variant->id);
	ASSERT_NE(NULL, self->p);
	self->ka = pattern_master(self->p);
	self->kb = other_master(self->p);
	ASSERT_EQ(0, srtp_xform_create(&self->xa_in, self->p, &self->ka,
				       SRTP_XFORM_INBOUND, &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(0, srtp_xform_create(&self->xa_out, self->p, &self->ka,
				       SRTP_XFORM_OUTBOUND, &err));
	ASSERT_EQ(0, srtp_xform_create(&self->xb_in, self->p, &self->kb,
				       SRTP_XFORM_INBOUND, &err));
	ASSERT_EQ(0, srtp_xform_create(&self->xb_out, self->p, &self->kb,
				       SRTP_XFORM_OUTBOUND, &err));
	ASSERT_EQ(0, srtp_ref_create(&self->ra_in, self->p, &self->ka,
				     SRTP_REF_INBOUND, &err));
	ASSERT_EQ(0, srtp_ref_create(&self->ra_out, self->p, &self->ka,
				     SRTP_REF_OUTBOUND, &err));
	ASSERT_EQ(0, srtp_ref_create(&self->rb_in, self->p, &self->kb,
				     SRTP_REF_INBOUND, &err));
	ASSERT_EQ(0, srtp_ref_create(&self->rb_out, self->p, &self->kb,
				     SRTP_REF_OUTBOUND, &err));
}

FIXTURE_TEARDOWN(xf)
{
	srtp_xform_destroy(self->xa_in);
	srtp_xform_destroy(self->xa_out);
	srtp_xform_destroy(self->xb_in);
	srtp_xform_destroy(self->xb_out);
	srtp_ref_destroy(self->ra_in);
	srtp_ref_destroy(self->ra_out);
	srtp_ref_destroy(self->rb_in);
	srtp_ref_destroy(self->rb_out);
}

#endif /* WRTC_TEST_SRTP_XFORM_UTIL_H */
