// SPDX-License-Identifier: GPL-2.0
/*
 * The per-context SSRC table: SRTP_XFORM_SLOTS slots, linear probing,
 * deletion by backward shift (no tombstones, so lookups never slow down
 * as streams come and go). The table never holds more than
 * SRTP_XFORM_MAX_STREAMS, half the slots, so every probe ends at an empty
 * slot within a few steps on average and within SRTP_XFORM_SLOTS always.
 */
#include "srtp_xform_int.h"

#define SLOT_MASK (SRTP_XFORM_SLOTS - 1)

/*
 * Multiplicative hashing: SSRCs are random, but a peer may pick them to
 * collide; the table bound above keeps the worst case small anyway.
 */
static unsigned int home(uint32_t ssrc)
{
	return (ssrc * 2654435761u) >> (32 - SRTP_XFORM_SLOT_BITS);
}

struct srtp_xform_stream *srtp_xform_stream_find(struct srtp_xform *x,
						 uint32_t ssrc)
{
	unsigned int i = home(ssrc), n;

	for (n = 0; n < SRTP_XFORM_SLOTS; n++, i = (i + 1) & SLOT_MASK) {
		struct srtp_xform_stream *s = &x->slots[i];

		if (!s->used)
			return NULL;
		if (s->st.ssrc == ssrc)
			return s;
	}
	return NULL;
}

struct srtp_xform_stream *srtp_xform_stream_add(struct srtp_xform *x,
						uint32_t ssrc)
{
	unsigned int i = home(ssrc);

	if (srtp_xform_table_full(x))
		return NULL;
	/* Less than half full: an empty slot comes before a full circle. */
	while (x->slots[i].used)
		i = (i + 1) & SLOT_MASK;
	memset(&x->slots[i], 0, sizeof(x->slots[i]));
	x->slots[i].used = true;
	x->slots[i].st.ssrc = ssrc;
	x->n_streams++;
	return &x->slots[i];
}

int srtp_xform_stream_get(const struct srtp_xform *x, uint32_t ssrc,
			  struct srtp_xform_stream_state *st)
{
	const struct srtp_xform_stream *s =
		srtp_xform_stream_find((struct srtp_xform *)x, ssrc);

	if (!s)
		return -ENOENT;
	*st = s->st;
	return 0;
}

int srtp_xform_stream_set(struct srtp_xform *x,
			  const struct srtp_xform_stream_state *st,
			  struct wrtc_err *err)
{
	struct srtp_xform_stream *s;

	if (!x || !st)
		return srtp_fail(err, -EINVAL, 0, "srtp stream: NULL argument");
	if (st->srtcp_index > SRTP_XFORM_SRTCP_INDEX_MAX)
		return srtp_fail(err, -EINVAL, 0,
				 "srtp stream: SRTCP index %u is over 31 bits",
				 st->srtcp_index);
	s = srtp_xform_stream_find(x, st->ssrc);
	if (!s)
		s = srtp_xform_stream_add(x, st->ssrc);
	if (!s)
		return srtp_fail(err, -ENOSPC, 0,
				 "srtp stream: table full (%u SSRCs), no room "
				 "for SSRC %08x",
				 SRTP_XFORM_MAX_STREAMS, st->ssrc);
	s->st = *st;
	return 0;
}

int srtp_xform_stream_del(struct srtp_xform *x, uint32_t ssrc)
{
	struct srtp_xform_stream *s = srtp_xform_stream_find(x, ssrc);
	unsigned int hole, i;

	if (!s)
		return -ENOENT;
	hole = (unsigned int)(s - x->slots);
	/*
	 * Backward shift: move later members of the probe run into the hole
	 * when their home slot does not lie (cyclically) after the hole, so
	 * that every remaining SSRC stays reachable from its home.
	 */
	for (i = (hole + 1) & SLOT_MASK; x->slots[i].used;
	     i = (i + 1) & SLOT_MASK) {
		unsigned int h = home(x->slots[i].st.ssrc);

		if (((i - h) & SLOT_MASK) >= ((i - hole) & SLOT_MASK)) {
			x->slots[hole] = x->slots[i];
			hole = i;
		}
	}
	srtp_memzero_explicit(&x->slots[hole], sizeof(x->slots[hole]));
	x->n_streams--;
	return 0;
}

void srtp_xform_stream_clear(struct srtp_xform *x)
{
	srtp_memzero_explicit(x->slots, sizeof(x->slots));
	x->n_streams = 0;
}

unsigned int srtp_xform_stream_count(const struct srtp_xform *x)
{
	return x->n_streams;
}

int srtp_xform_stream_next(const struct srtp_xform *x, unsigned int *pos,
			   struct srtp_xform_stream_state *st)
{
	while (*pos < SRTP_XFORM_SLOTS) {
		const struct srtp_xform_stream *s = &x->slots[(*pos)++];

		if (s->used) {
			*st = s->st;
			return 1;
		}
	}
	return 0;
}
