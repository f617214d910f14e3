// SPDX-License-Identifier: GPL-2.0
/*
 * The data path's SRTP step: unprotect a packet received on a leg with its
 * rx keys, protect one sent out of a leg with its tx keys, and count what
 * happened per leg, per key and per SSRC.
 *
 * Callers (xdp.c) hold rcu_read_lock() and have bottom halves disabled, so
 * the per-CPU counters and the per-CPU backup buffer below are theirs; each
 * key's transform runs under the key's spinlock, one key at a time.
 *
 * rx uses the primary slot and, when it fails to authenticate a packet,
 * the secondary one (a key rollover: packets under the other key are still
 * in flight). AES-CM leaves a packet that failed intact; GCM zeroes what it
 * could not authenticate, so with a secondary key present a GCM packet is
 * copied aside first (packets up to WRTC_BACKUP_MAX bytes; longer ones get
 * no second try). tx always uses the primary slot.
 *
 * A key that reached its packet limit, or whose transform ran out of SRTP
 * or SRTCP indices, transforms nothing more (-EKEYEXPIRED, in either
 * direction). Events for userspace are not sent from here (softirq): a
 * key's count and flag, and a leg's WRTC_LEG_EV_AUTH bit, are what
 * events.c's periodic work reads to send them.
 */
#include <linux/bottom_half.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/u64_stats_sync.h>

#include "wrtc.h"

#define WRTC_BACKUP_MAX 2048

static DEFINE_PER_CPU(u8 *, wrtc_backup);

int wrtc_srtp_init(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		u8 *b = kmalloc_node(WRTC_BACKUP_MAX, GFP_KERNEL,
				     cpu_to_node(cpu));

		if (!b) {
			wrtc_srtp_exit();
			return -ENOMEM;
		}
		per_cpu(wrtc_backup, cpu) = b;
	}
	return 0;
}

void wrtc_srtp_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		/* It held plaintext-to-be: wipe it. */
		kfree_sensitive(per_cpu(wrtc_backup, cpu));
		per_cpu(wrtc_backup, cpu) = NULL;
	}
}

/* What happened to one packet, for the counters. */
enum wrtc_verdict {
	WRTC_OK,
	WRTC_AUTH_FAIL,
	WRTC_REPLAY,
	WRTC_OTHER,
};

static enum wrtc_verdict wrtc_verdict(int ret)
{
	if (ret >= 0)
		return WRTC_OK;
	if (ret == -EBADMSG)
		return WRTC_AUTH_FAIL;
	if (ret == -EALREADY)
		return WRTC_REPLAY;
	return WRTC_OTHER;
}

/* The SSRC of an RTP or RTCP packet, 0 when too short to tell. */
static u32 wrtc_packet_ssrc(const u8 *buf, size_t len, bool rtcp)
{
	size_t at = rtcp ? 4 : 8;

	return len >= at + 4 ? get_unaligned_be32(buf + at) : 0;
}

/*
 * Run one key's transform on a packet and count per key and SSRC. @len is
 * the packet's length before, and the returned one after. An
 * authentication failure counts only on the @last_try: when another key
 * may still take the packet, it is not a failure yet.
 */
static int wrtc_key_run(struct wrtc_key *key, u8 *buf, size_t len, size_t cap,
			bool rtcp, bool last_try, u64 now)
{
	u32 ssrc = wrtc_packet_ssrc(buf, len, rtcp);
	struct srtp_xform *xf = &key->xf;
	struct wrtc_ssrc_stats *c;
	enum wrtc_verdict v;
	int ret;

	spin_lock(&key->lock);
	/*
	 * A key at its packet limit transforms nothing more (checked under
	 * the lock, so concurrent packets cannot overshoot it); events.c
	 * has told userspace to install the next one.
	 */
	if (wrtc_key_exhausted(key))
		ret = -EKEYEXPIRED;
	else if (key->dir == WRTC_DIRECTION_RX)
		ret = rtcp ? srtp_xform_unprotect_rtcp(xf, buf, len, NULL) :
			     srtp_xform_unprotect_rtp(xf, buf, len, NULL);
	else
		ret = rtcp ? srtp_xform_protect_rtcp(xf, buf, len, cap, NULL) :
			     srtp_xform_protect_rtp(xf, buf, len, cap, NULL);
	/* The transform's own index space ran out: as good as exhausted. */
	if (ret == -EKEYEXPIRED)
		WRITE_ONCE(key->index_expired, true);
	v = wrtc_verdict(ret);
	if (v == WRTC_AUTH_FAIL && !last_try)
		v = WRTC_OTHER;
	/* A new SSRC gets counters once its first packet went through. */
	c = v == WRTC_OTHER ? NULL :
			      wrtc_key_ssrc_stats(key, ssrc, v == WRTC_OK);
	if (c) {
		switch (v) {
		case WRTC_OK:
			c->packets++;
			/* The SRTP size: what was received, or is sent. */
			c->bytes += key->dir == WRTC_DIRECTION_RX ? len : ret;
			c->last = now;
			break;
		case WRTC_AUTH_FAIL:
			c->auth_failures++;
			break;
		case WRTC_REPLAY:
			c->replay_drops++;
			break;
		default:
			break;
		}
	}
	if (v == WRTC_OK)
		atomic64_inc(&key->packets);
	spin_unlock(&key->lock);
	return ret;
}

/* Count a packet on @leg's per-CPU counters. */
static void wrtc_leg_count(struct wrtc_leg *leg, u32 dir, int ret, size_t len)
{
	struct wrtc_pcpu_stats *s = this_cpu_ptr(leg->stats);

	u64_stats_update_begin(&s->syncp);
	switch (wrtc_verdict(ret)) {
	case WRTC_OK:
		if (dir == WRTC_DIRECTION_RX) {
			u64_stats_inc(&s->rx_packets);
			u64_stats_add(&s->rx_bytes, len);
		} else {
			u64_stats_inc(&s->tx_packets);
			u64_stats_add(&s->tx_bytes, len);
		}
		break;
	case WRTC_AUTH_FAIL:
		u64_stats_inc(&s->auth_failures);
		break;
	case WRTC_REPLAY:
		u64_stats_inc(&s->replay_drops);
		break;
	default:
		break;
	}
	u64_stats_update_end(&s->syncp);
}

int wrtc_srtp_unprotect(struct wrtc_leg *leg, u8 *buf, size_t len, bool rtcp)
{
	struct wrtc_key *key, *alt;
	u64 now = ktime_get_ns();
	u8 *backup = NULL;
	int ret;

	key = rcu_dereference(
		leg->keys[WRTC_DIRECTION_RX][WRTC_KEY_SLOT_PRIMARY]);
	alt = rcu_dereference(
		leg->keys[WRTC_DIRECTION_RX][WRTC_KEY_SLOT_SECONDARY]);
	if (!key) {
		key = alt;
		alt = NULL;
	}
	if (!key)
		return -ENOKEY;
	if (alt && key->xf.cipher == SRTP_XFORM_AES_GCM) {
		if (len <= WRTC_BACKUP_MAX) {
			backup = this_cpu_read(wrtc_backup);
			memcpy(backup, buf, len);
		} else {
			alt = NULL;
		}
	}
	ret = wrtc_key_run(key, buf, len, len, rtcp, !alt, now);
	if (ret == -EBADMSG && alt) {
		if (backup)
			memcpy(buf, backup, len);
		ret = wrtc_key_run(alt, buf, len, len, rtcp, true, now);
	}
	wrtc_leg_count(leg, WRTC_DIRECTION_RX, ret, len);
	if (ret >= 0)
		WRITE_ONCE(leg->last_rx, now);
	/*
	 * The events work sends auth-fail-ntf (rate-limited) from process
	 * context; here only a flag, tested first so that a flood of
	 * forgeries does not keep writing the leg's cache line.
	 */
	else if (ret == -EBADMSG && !test_bit(WRTC_LEG_EV_AUTH, &leg->events))
		set_bit(WRTC_LEG_EV_AUTH, &leg->events);
	return ret;
}

int wrtc_srtp_protect(struct wrtc_leg *leg, u8 *buf, size_t len, size_t cap,
		      bool rtcp)
{
	struct wrtc_key *key;
	int ret;

	key = rcu_dereference(
		leg->keys[WRTC_DIRECTION_TX][WRTC_KEY_SLOT_PRIMARY]);
	if (!key)
		return -ENOKEY;
	ret = wrtc_key_run(key, buf, len, cap, rtcp, true, ktime_get_ns());
	wrtc_leg_count(leg, WRTC_DIRECTION_TX, ret, ret > 0 ? ret : 0);
	return ret;
}

/*
 * What the primary key of @leg's direction @dir adds to a packet (the tag;
 * for SRTCP also the E||index word), or -ENOKEY.
 */
int wrtc_srtp_overhead(struct wrtc_leg *leg, u32 dir, bool rtcp)
{
	struct wrtc_key *key =
		rcu_dereference(leg->keys[dir][WRTC_KEY_SLOT_PRIMARY]);

	if (!key)
		return -ENOKEY;
	return rtcp ? srtp_xform_rtcp_overhead(&key->xf) :
		      srtp_xform_rtp_overhead(&key->xf);
}
