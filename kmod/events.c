// SPDX-License-Identifier: GPL-2.0
/*
 * The notifications of the events multicast group (kmod/wrtc.yaml):
 * leg-idle-ntf, key-exhaust-ntf and auth-fail-ntf.
 *
 * The data path (XDP, softirq) sends nothing itself: it only leaves marks
 * (a key's packet count, its index_expired flag, WRTC_LEG_EV_AUTH in a
 * leg's events) and a delayed work item per namespace, run every
 * WRTC_EVENTS_PERIOD, walks the namespace's legs under wn->lock and sends
 * what is due with GFP_KERNEL. So a notification comes up to a period
 * after its cause, and auth-fail-ntf is at most one per leg per period
 * by construction (and per second by its timestamp).
 *
 * The work may send only while the family is registered: wrtc_nl_init()
 * enables sending after registering it, wrtc_nl_exit() disables it before
 * unregistering, under wrtc_events_sem so that no send is in flight then.
 * The work itself is cancelled at namespace exit (module unload too).
 */
#include <linux/jiffies.h>
#include <linux/rwsem.h>
#include <linux/ktime.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "netlink.h"

#define WRTC_EVENTS_PERIOD HZ

/* key-exhaust-ntf levels: a warning at 90% of the limit, then the limit. */
enum {
	WRTC_KEY_NTF_NONE,
	WRTC_KEY_NTF_WARN,
	WRTC_KEY_NTF_LIMIT,
};

static DECLARE_RWSEM(wrtc_events_sem);
static bool wrtc_events_on; /* under wrtc_events_sem */

void wrtc_events_enable(void)
{
	down_write(&wrtc_events_sem);
	wrtc_events_on = true;
	up_write(&wrtc_events_sem);
}

void wrtc_events_disable(void)
{
	down_write(&wrtc_events_sem);
	wrtc_events_on = false;
	up_write(&wrtc_events_sem);
}

/* The data path's test: no more packets under this key. */
bool wrtc_key_exhausted(const struct wrtc_key *key)
{
	return atomic64_read(&key->packets) >= key->packet_limit ||
	       READ_ONCE(key->index_expired);
}

static int wrtc_key_level(const struct wrtc_key *key)
{
	u64 n = atomic64_read(&key->packets);

	if (wrtc_key_exhausted(key))
		return WRTC_KEY_NTF_LIMIT;
	if (n >= key->packet_limit - key->packet_limit / 10)
		return WRTC_KEY_NTF_WARN;
	return WRTC_KEY_NTF_NONE;
}

static void wrtc_events_send(struct wrtc_net *wn, struct sk_buff *msg)
{
	/* No listener is no error: the state above is updated all the same. */
	genlmsg_multicast_netns(&wrtc_nl_family, wn->net, msg, 0, 0,
				GFP_KERNEL);
}

/* leg-idle-ntf or auth-fail-ntf about @leg: its id, timeout, counters. */
static void wrtc_events_leg_ntf(struct wrtc_net *wn, struct wrtc_leg *leg,
				u8 cmd)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &wrtc_nl_family, 0, cmd);
	if (!hdr || nla_put_u32(msg, WRTC_A_LEG_ID, leg->id) ||
	    (cmd == WRTC_CMD_LEG_IDLE_NTF &&
	     nla_put_u32(msg, WRTC_A_LEG_IDLE_TIMEOUT, leg->idle_timeout)) ||
	    wrtc_nl_put_stats(msg, leg)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	wrtc_events_send(wn, msg);
}

static void wrtc_events_key_ntf(struct wrtc_net *wn, struct wrtc_leg *leg,
				u32 dir, u32 slot, struct wrtc_key *key)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	void *hdr;

	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &wrtc_nl_family, 0,
			  WRTC_CMD_KEY_EXHAUST_NTF);
	if (!hdr || nla_put_u32(msg, WRTC_A_KEY_LEG_ID, leg->id) ||
	    nla_put_u32(msg, WRTC_A_KEY_DIRECTION, dir) ||
	    nla_put_u32(msg, WRTC_A_KEY_SLOT, slot) ||
	    nla_put_u64_64bit(msg, WRTC_A_KEY_PACKETS,
			      atomic64_read(&key->packets), WRTC_A_KEY_PAD) ||
	    nla_put_u64_64bit(msg, WRTC_A_KEY_PACKET_LIMIT, key->packet_limit,
			      WRTC_A_KEY_PAD)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	wrtc_events_send(wn, msg);
}

/* Idle: nothing authenticated since the timeout, reported once per lull. */
static void wrtc_events_idle(struct wrtc_net *wn, struct wrtc_leg *leg, u64 now)
{
	u64 ref = READ_ONCE(leg->last_rx) ?: leg->created;

	if (!leg->idle_timeout || leg->idle_ref == ref ||
	    now - ref < (u64)leg->idle_timeout * NSEC_PER_SEC)
		return;
	leg->idle_ref = ref;
	wrtc_events_leg_ntf(wn, leg, WRTC_CMD_LEG_IDLE_NTF);
}

/* Auth failures since the last look, at most one message a second. */
static void wrtc_events_auth(struct wrtc_net *wn, struct wrtc_leg *leg, u64 now)
{
	if (!test_bit(WRTC_LEG_EV_AUTH, &leg->events) ||
	    (leg->auth_ntf_at && now - leg->auth_ntf_at < NSEC_PER_SEC))
		return;
	/* Failures after this are flagged anew for the next message. */
	clear_bit(WRTC_LEG_EV_AUTH, &leg->events);
	smp_mb__after_atomic();
	leg->auth_ntf_at = now;
	wrtc_events_leg_ntf(wn, leg, WRTC_CMD_AUTH_FAIL_NTF);
}

static void wrtc_events_keys(struct wrtc_net *wn, struct wrtc_leg *leg)
{
	u32 dir, slot;

	for (dir = 0; dir <= WRTC_DIRECTION_MAX; dir++) {
		for (slot = 0; slot <= WRTC_KEY_SLOT_MAX; slot++) {
			struct wrtc_key *key = wrtc_leg_key(leg, dir, slot);
			int level;

			if (!key)
				continue;
			level = wrtc_key_level(key);
			if (level <= key->ntf_level)
				continue;
			key->ntf_level = level;
			wrtc_events_key_ntf(wn, leg, dir, slot, key);
		}
	}
}

static void wrtc_events_work(struct work_struct *work)
{
	struct wrtc_net *wn =
		container_of(to_delayed_work(work), struct wrtc_net, events);
	struct wrtc_leg *leg;
	unsigned long id;
	u64 now;

	down_read(&wrtc_events_sem);
	if (wrtc_events_on) {
		mutex_lock(&wn->lock);
		now = ktime_get_ns();
		xa_for_each(&wn->legs, id, leg) {
			wrtc_events_idle(wn, leg, now);
			wrtc_events_auth(wn, leg, now);
			wrtc_events_keys(wn, leg);
			cond_resched();
		}
		mutex_unlock(&wn->lock);
	}
	up_read(&wrtc_events_sem);
	/* cancel_delayed_work_sync() stops this re-arming at exit. */
	queue_delayed_work(system_power_efficient_wq, &wn->events,
			   WRTC_EVENTS_PERIOD);
}

void wrtc_events_net_init(struct wrtc_net *wn, struct net *net)
{
	wn->net = net;
	INIT_DELAYED_WORK(&wn->events, wrtc_events_work);
	queue_delayed_work(system_power_efficient_wq, &wn->events,
			   WRTC_EVENTS_PERIOD);
}

void wrtc_events_net_exit(struct wrtc_net *wn)
{
	cancel_delayed_work_sync(&wn->events);
}

/* @leg's idle timeout changed (wn->lock held): report it idle anew. */
void wrtc_events_leg_changed(struct wrtc_leg *leg)
{
	lockdep_assert_held(&leg->wn->lock);
	leg->idle_ref = 0;
}
