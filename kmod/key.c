// SPDX-License-Identifier: GPL-2.0
/*
 * Key slots of a leg: per direction a primary key (used for new packets)
 * and a secondary one (the next key, or the previous one still needed for
 * packets in flight). Keys are replaced whole under the namespace lock and
 * read by the data path under RCU; a replaced key is wiped once no reader
 * can see it.
 */
#include <linux/slab.h>

#include "wrtc.h"

struct wrtc_key *wrtc_key_alloc(u32 profile)
{
	struct wrtc_key *key = kzalloc(sizeof(*key), GFP_KERNEL);

	if (!key)
		return NULL;
	key->profile = profile;
	switch (profile) {
	case WRTC_SRTP_PROFILE_AEAD_AES_256_GCM:
		key->cipher_key_len = 32;
		key->salt_len = 12;
		break;
	case WRTC_SRTP_PROFILE_AEAD_AES_128_GCM:
		key->cipher_key_len = 16;
		key->salt_len = 12;
		break;
	default:
		key->cipher_key_len = 16;
		key->salt_len = 14;
		break;
	}
	return key;
}

void wrtc_key_free(struct wrtc_key *key)
{
	kfree_sensitive(key);
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
