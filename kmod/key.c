// SPDX-License-Identifier: GPL-2.0
/*
 * Key slots of a leg: per direction a primary key (used for new packets)
 * and a secondary one (the next key, or the previous one still needed for
 * packets in flight). Keys are replaced whole under the namespace lock and
 * read by the data path under RCU; a replaced key is wiped once no reader
 * can see it.
 */
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/slab.h>

#include "wrtc.h"

/* Lengths of @profile's session keys and tags, for direction @dir. */
int wrtc_key_params_init(struct wrtc_key_params *p, u32 profile, u32 dir)
{
	struct srtp_xform_config *cfg = &p->cfg;

	memset(p, 0, sizeof(*p));
	p->profile = profile;
	p->dir = dir;
	cfg->dir = dir == WRTC_DIRECTION_RX ? SRTP_XFORM_INBOUND :
					      SRTP_XFORM_OUTBOUND;
	switch (profile) {
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80:
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32:
		cfg->cipher = SRTP_XFORM_AES_CM;
		cfg->key_len = 16;
		cfg->salt_len = 14;
		/* RFC 5764 4.1.2: SRTCP keeps the 80-bit tag with _32. */
		cfg->srtp_tag_len =
			profile == WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80 ?
				10 :
				4;
		cfg->srtcp_tag_len = 10;
		return 0;
	case WRTC_SRTP_PROFILE_AEAD_AES_128_GCM:
	case WRTC_SRTP_PROFILE_AEAD_AES_256_GCM:
		cfg->cipher = SRTP_XFORM_AES_GCM;
		cfg->key_len =
			profile == WRTC_SRTP_PROFILE_AEAD_AES_128_GCM ? 16 : 32;
		cfg->salt_len = 12;
		cfg->srtp_tag_len = 16;
		cfg->srtcp_tag_len = 16;
		return 0;
	}
	return -EINVAL;
}

static unsigned int wrtc_ssrc_home(u32 ssrc)
{
	/* The transform's hash (srtp_xform_stream.c): as spread, as bounded. */
	return (ssrc * 2654435761u) >> (32 - SRTP_XFORM_SLOT_BITS);
}

/*
 * The counters of @ssrc under @key; with @add, a new entry when there is
 * none (NULL when the table is full). The caller holds key->lock, or owns
 * a key nobody else sees yet.
 */
struct wrtc_ssrc_stats *wrtc_key_ssrc_stats(struct wrtc_key *key, u32 ssrc,
					    bool add)
{
	unsigned int i = wrtc_ssrc_home(ssrc), n, used = 0;

	for (n = 0; n < SRTP_XFORM_SLOTS; n++) {
		struct wrtc_ssrc_stats *s = &key->ssrc[i];

		if (!s->used) {
			if (!add)
				return NULL;
			/* At most as many entries as transform streams. */
			for (n = 0; n < SRTP_XFORM_SLOTS; n++)
				used += key->ssrc[n].used;
			if (used >= SRTP_XFORM_MAX_STREAMS)
				return NULL;
			s->used = true;
			s->ssrc = ssrc;
			return s;
		}
		if (s->ssrc == ssrc)
			return s;
		i = (i + 1) % SRTP_XFORM_SLOTS;
	}
	return NULL;
}

/* The transform's state of one SSRC that key-install names. */
static void wrtc_key_stream(const struct wrtc_ssrc_state *in, u32 dir,
			    struct srtp_xform_stream_state *st)
{
	memset(st, 0, sizeof(*st));
	st->ssrc = in->ssrc;
	st->roc = in->roc;
	/*
	 * The state comes from another context that went on to the window
	 * below it, which the uAPI does not carry: take all of it as seen.
	 * A packet the other context handled is then never accepted (rx) or
	 * protected (tx) a second time; the cost is a late packet from just
	 * before the move, refused.
	 */
	if (in->has_seq) {
		st->rtp_valid = true;
		st->seq = in->seq;
		memset(st->rtp_window, 0xff, sizeof(st->rtp_window));
	}
	/*
	 * Outbound the SRTCP index is the last one sent (the next packet
	 * gets one more); inbound the highest received, if any.
	 */
	st->srtcp_index = in->srtcp_index;
	if (in->has_srtcp_index) {
		st->rtcp_valid = true;
		if (dir == WRTC_DIRECTION_RX)
			memset(st->rtcp_window, 0xff, sizeof(st->rtcp_window));
	}
}

/*
 * A key made from @p: its SRTP context keyed (the crypto API transforms
 * allocated, which may sleep) and its initial SSRC states set. The caller
 * wipes @p.
 */
struct wrtc_key *wrtc_key_create(const struct wrtc_key_params *p,
				 struct netlink_ext_ack *extack)
{
	struct srtp_xform_stream_state st;
	struct wrtc_key *key;
	unsigned int i;
	int err;

	key = kvzalloc(sizeof(*key), GFP_KERNEL);
	if (!key) {
		NL_SET_ERR_MSG(extack, "out of memory for a key");
		return ERR_PTR(-ENOMEM);
	}
	key->profile = p->profile;
	key->dir = p->dir;
	key->packet_limit = p->packet_limit;
	spin_lock_init(&key->lock);
	err = srtp_xform_init(&key->xf, &p->cfg, NULL);
	if (err) {
		if (err == -ENOMEM)
			NL_SET_ERR_MSG(extack,
				       "out of memory for the SRTP context");
		else
			NL_SET_ERR_MSG(extack,
				       "the kernel crypto API refused the keys "
				       "(ctr(aes), hmac(sha1) or gcm(aes))");
		kvfree_sensitive(key, sizeof(*key));
		return ERR_PTR(err);
	}
	for (i = 0; i < p->n_ssrcs; i++) {
		wrtc_key_stream(&p->ssrcs[i], p->dir, &st);
		/* At most WRTC_MAX_SSRCS (16): the table holds 32. */
		err = srtp_xform_stream_set(&key->xf, &st, NULL);
		memzero_explicit(&st, sizeof(st));
		if (err || !wrtc_key_ssrc_stats(key, p->ssrcs[i].ssrc, true)) {
			NL_SET_ERR_MSG(extack, "cannot set an SSRC state");
			wrtc_key_free(key);
			return ERR_PTR(err ?: -ENOSPC);
		}
	}
	return key;
}

void wrtc_key_free(struct wrtc_key *key)
{
	if (!key)
		return;
	/* Frees the crypto API transforms and wipes salts and streams. */
	srtp_xform_fini(&key->xf);
	kvfree_sensitive(key, sizeof(*key));
}

static void wrtc_key_free_rcu(struct rcu_head *rcu)
{
	wrtc_key_free(container_of(rcu, struct wrtc_key, rcu));
}

static struct wrtc_key *wrtc_key_slot(const struct wrtc_leg *leg, u32 dir,
				      u32 slot)
{
	return rcu_dereference_protected(leg->keys[dir][slot],
					 lockdep_is_held(&leg->wn->lock));
}

struct wrtc_key *wrtc_leg_key(const struct wrtc_leg *leg, u32 dir, u32 slot)
{
	return wrtc_key_slot(leg, dir, slot);
}

/* Put @key into a slot of @leg, replacing (and later wiping) the old one. */
void wrtc_key_install(struct wrtc_leg *leg, u32 dir, u32 slot,
		      struct wrtc_key *key)
{
	struct wrtc_key *old = wrtc_key_slot(leg, dir, slot);

	rcu_assign_pointer(leg->keys[dir][slot], key);
	if (old)
		call_rcu(&old->rcu, wrtc_key_free_rcu);
}

int wrtc_key_swap(struct wrtc_leg *leg, u32 dir)
{
	struct wrtc_key *primary =
		wrtc_key_slot(leg, dir, WRTC_KEY_SLOT_PRIMARY);
	struct wrtc_key *secondary =
		wrtc_key_slot(leg, dir, WRTC_KEY_SLOT_SECONDARY);

	if (!primary && !secondary)
		return -ENOENT;
	rcu_assign_pointer(leg->keys[dir][WRTC_KEY_SLOT_PRIMARY], secondary);
	rcu_assign_pointer(leg->keys[dir][WRTC_KEY_SLOT_SECONDARY], primary);
	return 0;
}

int wrtc_key_del(struct wrtc_leg *leg, u32 dir, u32 slot)
{
	struct wrtc_key *old = wrtc_key_slot(leg, dir, slot);

	if (!old)
		return -ENOENT;
	RCU_INIT_POINTER(leg->keys[dir][slot], NULL);
	call_rcu(&old->rcu, wrtc_key_free_rcu);
	return 0;
}

/* From the leg's RCU callback: no reader is left, free at once. */
void wrtc_leg_free_keys(struct wrtc_leg *leg)
{
	u32 dir, slot;

	for (dir = 0; dir <= WRTC_DIRECTION_MAX; dir++)
		for (slot = 0; slot <= WRTC_KEY_SLOT_MAX; slot++)
			wrtc_key_free(rcu_dereference_protected(
				leg->keys[dir][slot], 1));
}
