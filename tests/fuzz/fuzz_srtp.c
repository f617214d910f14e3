// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP transform (srtp_xform) on arbitrary bytes, with a fixed key per
 * profile. The first input byte picks the case:
 *   bits 0-1  profile (CM-80, CM-32, GCM-128, GCM-256)
 *   bit 2     RTCP instead of RTP (modes 0 and 1)
 *   bits 3-4  mode:
 *     0  unprotect the rest; never crash, and when it authenticates,
 *        protecting the result again reproduces the input byte for byte
 *        (for SRTCP with the same index), and a second unprotect of the
 *        input is a replay;
 *     1  protect the rest, then unprotect: the original comes back, and
 *        the protected packet with one byte flipped is refused;
 *     2  the rest is a list of sequence numbers for one RTP stream:
 *        each is protected by us and by libsrtp2 (same verdict, same
 *        bytes) and unprotected by us; sender and receiver state stay
 *        equal. With bit 2 set, the first 4 bytes are an initial ROC
 *        (then libsrtp2 is left out: it cannot start there).
 * Every result must be a length or one of the documented errnos.
 */
#include <stdlib.h>
#include <string.h>

#include "srtp_profile.h"
#include "srtp_ref.h"
#include "srtp_xform.h"

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

#define N_PROFILES 4
#define BUF_MAX (SRTP_XFORM_MAX_PACKET + 64)
#define SEQ_MAX 256 /* packets per input in mode 2 */

static const uint16_t ids[N_PROFILES] = { 0x0001, 0x0002, 0x0007, 0x0008 };
static const struct srtp_profile *prof[N_PROFILES];
static struct srtp_master_key keys[N_PROFILES];
static struct srtp_xform *in[N_PROFILES], *out[N_PROFILES];
static uint8_t buf[BUF_MAX], buf2[BUF_MAX];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	size_t p, i;

	for (p = 0; p < N_PROFILES; p++) {
		prof[p] = srtp_profile_by_id(ids[p]);
		CHECK(prof[p]);
		/* The unit tests' pattern_master(): 0x40.., 0x90.. */
		keys[p].key_len = prof[p]->key_len;
		keys[p].salt_len = prof[p]->salt_len;
		for (i = 0; i < sizeof(keys[p].key); i++)
			keys[p].key[i] = (uint8_t)(0x40 + i);
		for (i = 0; i < sizeof(keys[p].salt); i++)
			keys[p].salt[i] = (uint8_t)(0x90 + i);
		CHECK(!srtp_xform_create(&in[p], prof[p], &keys[p],
					 SRTP_XFORM_INBOUND, NULL));
		CHECK(!srtp_xform_create(&out[p], prof[p], &keys[p],
					 SRTP_XFORM_OUTBOUND, NULL));
	}
	return 0;
}

static bool documented(int r)
{
	return r >= 0 || r == -EINVAL || r == -E2BIG || r == -ENOSPC ||
	       r == -EALREADY || r == -EBADMSG || r == -EKEYEXPIRED;
}

static int unprotect(int p, bool rtcp, uint8_t *b, size_t n)
{
	int r = rtcp ? srtp_xform_unprotect_rtcp(in[p], b, n, NULL) :
		       srtp_xform_unprotect_rtp(in[p], b, n, NULL);

	CHECK(documented(r));
	return r;
}

static int protect(int p, bool rtcp, uint8_t *b, size_t n)
{
	int r = rtcp ? srtp_xform_protect_rtcp(out[p], b, n, BUF_MAX, NULL) :
		       srtp_xform_protect_rtp(out[p], b, n, BUF_MAX, NULL);

	CHECK(documented(r));
	return r;
}

static void mode_unprotect(int p, bool rtcp, const uint8_t *d, size_t n)
{
	size_t over = rtcp ? srtp_xform_rtcp_overhead(in[p]) :
			     srtp_xform_rtp_overhead(in[p]);
	bool gcm = prof[p]->cipher == SRTP_CIPHER_AES_GCM;
	struct srtp_xform_stream_state st;
	int r;

	memcpy(buf, d, n);
	r = unprotect(p, rtcp, buf, n);
	if (r < 0)
		return;
	CHECK((size_t)r + over == n);
	memcpy(buf2, d, n);
	CHECK(unprotect(p, rtcp, buf2, n) == -EALREADY);
	if (rtcp) {
		size_t at = gcm ? n - 4 : n - prof[p]->srtcp_tag_len - 4;
		uint32_t word = get_be32(d + at);

		/* We send E = 1 only, and count indices from 1. */
		if (!(word & 0x80000000u) || !(word & 0x7fffffff))
			return;
		memset(&st, 0, sizeof(st));
		st.ssrc = get_be32(d + 4);
		st.srtcp_index = (word & 0x7fffffff) - 1;
		CHECK(!srtp_xform_stream_set(out[p], &st, NULL));
	}
	CHECK(protect(p, rtcp, buf, (size_t)r) == (int)n);
	CHECK(!memcmp(buf, d, n));
}

static void mode_protect(int p, bool rtcp, const uint8_t *d, size_t n)
{
	size_t over = rtcp ? srtp_xform_rtcp_overhead(out[p]) :
			     srtp_xform_rtp_overhead(out[p]);
	int r, f;

	if (n > SRTP_XFORM_MAX_PACKET)
		return;
	memcpy(buf, d, n);
	r = protect(p, rtcp, buf, n);
	if (r < 0)
		return;
	CHECK((size_t)r == n + over);
	/* One flipped byte (picked by the data): refused, no harm done. */
	memcpy(buf2, buf, r);
	buf2[(n ? d[n - 1] * 131u : 0) % (unsigned int)r] ^= 0x21;
	f = unprotect(p, rtcp, buf2, (size_t)r);
	CHECK(f == -EBADMSG || f == -EINVAL);
	CHECK(unprotect(p, rtcp, buf, (size_t)r) == (int)n);
	CHECK(!memcmp(buf, d, n));
}

static bool same_rtp_state(const struct srtp_xform_stream_state *a,
			   const struct srtp_xform_stream_state *b)
{
	return a->rtp_valid == b->rtp_valid && a->roc == b->roc &&
	       a->seq == b->seq &&
	       !memcmp(a->rtp_window, b->rtp_window, sizeof(a->rtp_window));
}

static void mode_sequence(int p, bool set_roc, const uint8_t *d, size_t n)
{
	static const uint8_t hdr[12] = { 0x80, 0x60, 0,	   0,	 0,    0,
					 0,    1,    0x12, 0x34, 0x56, 0x78 };
	struct srtp_xform_stream_state st_in, st_out;
	struct srtp_ref *ref = NULL;
	size_t i, len = sizeof(hdr) + 33;
	int a, b, u;

	if (set_roc) {
		if (n < 4)
			return;
		memset(&st_in, 0, sizeof(st_in));
		st_in.ssrc = get_be32(hdr + 8);
		st_in.roc = get_be32(d);
		CHECK(!srtp_xform_stream_set(in[p], &st_in, NULL));
		CHECK(!srtp_xform_stream_set(out[p], &st_in, NULL));
		d += 4;
		n -= 4;
	} else {
		CHECK(!srtp_ref_create(&ref, prof[p], &keys[p],
				       SRTP_REF_OUTBOUND, NULL));
	}
	for (i = 0; i + 1 < n && i / 2 < SEQ_MAX; i += 2) {
		memcpy(buf, hdr, sizeof(hdr));
		buf[2] = d[i];
		buf[3] = d[i + 1];
		memset(buf + sizeof(hdr), d[i] ^ 0x5a, len - sizeof(hdr));
		memcpy(buf2, buf, len);
		a = protect(p, false, buf, len);
		if (ref) {
			b = srtp_ref_protect_rtp(ref, buf2, len, BUF_MAX, NULL);
			CHECK(a == b);
			CHECK(a < 0 || !memcmp(buf, buf2, a));
		}
		if (a < 0) {
			CHECK(a == -EALREADY || a == -EKEYEXPIRED);
			continue;
		}
		/* Receiver and sender guess alike: it goes through. */
		u = unprotect(p, false, buf, a);
		CHECK(u == (int)len);
		CHECK(!srtp_xform_stream_get(in[p], get_be32(hdr + 8), &st_in));
		CHECK(!srtp_xform_stream_get(out[p], get_be32(hdr + 8),
					     &st_out));
		CHECK(same_rtp_state(&st_in, &st_out));
	}
	srtp_ref_destroy(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int p, mode;
	bool rtcp;

	if (size < 1)
		return 0;
	p = data[0] & 3;
	rtcp = data[0] & 4;
	mode = (data[0] >> 3) & 3;
	data++;
	size--;
	if (size > SRTP_XFORM_MAX_PACKET + 1)
		size = SRTP_XFORM_MAX_PACKET + 1;
	/* Each input starts from empty stream tables. */
	srtp_xform_stream_clear(in[p]);
	srtp_xform_stream_clear(out[p]);
	switch (mode) {
	case 1:
		mode_protect(p, rtcp, data, size);
		break;
	case 2:
		mode_sequence(p, rtcp, data, size);
		break;
	default:
		mode_unprotect(p, rtcp, data, size);
		break;
	}
	return 0;
}
