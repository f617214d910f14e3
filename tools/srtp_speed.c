// SPDX-License-Identifier: GPL-2.0
/*
 * srtp_speed: per-packet cost of the relay's SRTP work, unprotect with leg
 * A's key then protect with leg B's, for wrtc's transform (srtp_xform) and
 * for libsrtp2 (srtp_ref), on one core. No assertion: it prints numbers.
 *
 *   make build/srtp_speed
 *   build/srtp_speed [seconds per case, default 1]
 *
 * Packets are RTP with a 12-byte header and a payload of 160 or 1200
 * bytes, one SSRC, in order. A batch of them is protected beforehand; each
 * timed round copies a packet into a work buffer, unprotects it (A) and
 * protects it again (B). Between rounds the contexts start over (ours:
 * stream tables cleared; libsrtp2: new sessions), outside the timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rtp.h"
#include "srtp_profile.h"
#include "srtp_ref.h"
#include "srtp_xform.h"

#define BATCH 4096
#define PKT_MAX 1400

static uint8_t batch[BATCH][PKT_MAX];
static int batch_len[BATCH];

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct srtp_master_key key_of(const struct srtp_profile *p, int leg)
{
	struct srtp_master_key k = { .key_len = p->key_len,
				     .salt_len = p->salt_len };
	size_t i;

	for (i = 0; i < sizeof(k.key); i++)
		k.key[i] = (uint8_t)(leg * 0x40 + i);
	for (i = 0; i < sizeof(k.salt); i++)
		k.salt[i] = (uint8_t)(leg * 0x11 + 0x90 + i);
	return k;
}

/* The batch, protected under leg A by libsrtp2 (which ours accepts). */
static int make_batch(const struct srtp_profile *p, size_t payload)
{
	struct srtp_master_key ka = key_of(p, 1);
	static uint8_t pl[PKT_MAX];
	struct srtp_ref *out;
	struct rtp_out o;
	int i, n;

	if (srtp_ref_create(&out, p, &ka, SRTP_REF_OUTBOUND, NULL))
		return -1;
	memset(&o, 0, sizeof(o));
	memset(pl, 0x5a, sizeof(pl));
	o.hdr.pt = 111;
	o.hdr.ssrc = 0xcafebabe;
	o.payload = pl;
	o.payload_len = payload;
	for (i = 0; i < BATCH; i++) {
		o.hdr.seq = (uint16_t)i;
		o.hdr.ts = 160u * i;
		n = rtp_write(&o, batch[i], PKT_MAX, NULL);
		batch_len[i] =
			srtp_ref_protect_rtp(out, batch[i], n, PKT_MAX, NULL);
		if (batch_len[i] < 0)
			return -1;
	}
	srtp_ref_destroy(out);
	return 0;
}

/* ns per packet (unprotect + protect) of wrtc's transform, best round. */
static double run_ours(const struct srtp_profile *p, double secs)
{
	struct srtp_master_key ka = key_of(p, 1), kb = key_of(p, 2);
	struct srtp_xform *a, *b;
	double best = 1e30, t0, t, end;
	uint8_t work[PKT_MAX + 32];
	int i, n;

	if (srtp_xform_create(&a, p, &ka, SRTP_XFORM_INBOUND, NULL) ||
	    srtp_xform_create(&b, p, &kb, SRTP_XFORM_OUTBOUND, NULL))
		return -1;
	end = now() + secs;
	do {
		srtp_xform_stream_clear(a);
		srtp_xform_stream_clear(b);
		t0 = now();
		for (i = 0; i < BATCH; i++) {
			memcpy(work, batch[i], batch_len[i]);
			n = srtp_xform_unprotect_rtp(a, work, batch_len[i],
						     NULL);
			if (n < 0 ||
			    srtp_xform_protect_rtp(b, work, n, sizeof(work),
						   NULL) < 0)
				return -1;
		}
		t = (now() - t0) / BATCH * 1e9;
		if (t < best)
			best = t;
	} while (now() < end);
	srtp_xform_destroy(a);
	srtp_xform_destroy(b);
	return best;
}

/* The same through libsrtp2. */
static double run_ref(const struct srtp_profile *p, double secs)
{
	struct srtp_master_key ka = key_of(p, 1), kb = key_of(p, 2);
	double best = 1e30, t0, t, end;
	uint8_t work[PKT_MAX + 32];
	struct srtp_ref *a, *b;
	int i, n;

	end = now() + secs;
	do {
		if (srtp_ref_create(&a, p, &ka, SRTP_REF_INBOUND, NULL) ||
		    srtp_ref_create(&b, p, &kb, SRTP_REF_OUTBOUND, NULL))
			return -1;
		t0 = now();
		for (i = 0; i < BATCH; i++) {
			memcpy(work, batch[i], batch_len[i]);
			n = srtp_ref_unprotect_rtp(a, work, batch_len[i], NULL);
			if (n < 0 ||
			    srtp_ref_protect_rtp(b, work, n, sizeof(work),
						 NULL) < 0)
				return -1;
		}
		t = (now() - t0) / BATCH * 1e9;
		if (t < best)
			best = t;
		srtp_ref_destroy(a);
		srtp_ref_destroy(b);
	} while (now() < end);
	return best;
}

int main(int argc, char **argv)
{
	static const uint16_t ids[] = { 0x0001, 0x0002, 0x0007, 0x0008 };
	static const size_t sizes[] = { 160, 1200 };
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	size_t i, j;

	printf("%-28s %7s %12s %12s %7s\n", "profile", "payload", "wrtc ns/pkt",
	       "libsrtp2", "ratio");
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			const struct srtp_profile *p =
				srtp_profile_by_id(ids[i]);
			double ours, ref;

			if (make_batch(p, sizes[j])) {
				fprintf(stderr, "%s: setup failed\n", p->name);
				return 1;
			}
			ours = run_ours(p, secs);
			ref = run_ref(p, secs);
			if (ours < 0 || ref < 0) {
				fprintf(stderr, "%s: a packet failed\n",
					p->name);
				return 1;
			}
			printf("%-28s %7zu %12.0f %12.0f %6.1fx\n", p->suite,
			       sizes[j], ours, ref, ref / ours);
		}
	return 0;
}
