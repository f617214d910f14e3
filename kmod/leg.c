// SPDX-License-Identifier: GPL-2.0
/*
 * The leg table: one per network namespace, legs keyed by 5-tuple in an
 * rhashtable (lock-free RCU lookups for the data path) and by id in an
 * xarray (netlink), with a list of non-persistent legs per owning socket.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/percpu.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/ktime.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "wrtc.h"

unsigned int wrtc_max_legs = 65536;
module_param_named(max_legs, wrtc_max_legs, uint, 0644);
MODULE_PARM_DESC(max_legs, "Most legs in one network namespace");

static unsigned int wrtc_net_id __read_mostly;

static const struct rhashtable_params wrtc_leg_params = {
	.key_len = sizeof(struct wrtc_tuple),
	.key_offset = offsetof(struct wrtc_leg, tuple),
	.head_offset = offsetof(struct wrtc_leg, node),
	.automatic_shrinking = true,
};

struct wrtc_net *wrtc_net(const struct net *net)
{
	return net_generic(net, wrtc_net_id);
}

static void wrtc_leg_free_rcu(struct rcu_head *rcu)
{
	struct wrtc_leg *leg = container_of(rcu, struct wrtc_leg, rcu);

	wrtc_leg_free_keys(leg);
	free_percpu(leg->stats);
	kfree(leg);
}

void wrtc_leg_put(struct wrtc_leg *leg)
{
	/* Readers found the leg under RCU: free it only after they are done. */
	if (refcount_dec_and_test(&leg->ref))
		call_rcu(&leg->rcu, wrtc_leg_free_rcu);
}

/*
 * The data path's lookup: the leg a packet with this tuple belongs to, with
 * a reference the caller drops with wrtc_leg_put(); NULL when none.
 */
struct wrtc_leg *wrtc_leg_find(const struct net *net,
			       const struct wrtc_tuple *tuple)
{
	struct wrtc_net *wn = wrtc_net(net);
	struct wrtc_leg *leg;

	rcu_read_lock();
	leg = rhashtable_lookup(&wn->table, tuple, wrtc_leg_params);
	if (leg && !refcount_inc_not_zero(&leg->ref))
		leg = NULL;
	rcu_read_unlock();
	return leg;
}

struct wrtc_leg *wrtc_leg_by_id(struct wrtc_net *wn, u32 id)
{
	lockdep_assert_held(&wn->lock);
	return xa_load(&wn->legs, id);
}

struct wrtc_leg *wrtc_leg_peer(const struct wrtc_leg *leg)
{
	return rcu_dereference_protected(leg->peer,
					 lockdep_is_held(&leg->wn->lock));
}

/* Make @leg's peer @peer (NULL: none), and @peer's @leg: peering is mutual. */
void wrtc_leg_set_peer(struct wrtc_leg *leg, struct wrtc_leg *peer)
{
	struct wrtc_leg *old = wrtc_leg_peer(leg);

	if (old == peer)
		return;
	if (old)
		RCU_INIT_POINTER(old->peer, NULL);
	if (peer) {
		struct wrtc_leg *theirs = wrtc_leg_peer(peer);

		if (theirs)
			RCU_INIT_POINTER(theirs->peer, NULL);
		rcu_assign_pointer(peer->peer, leg);
	}
	rcu_assign_pointer(leg->peer, peer);
}

static void wrtc_leg_disown(struct wrtc_leg *leg)
{
	struct wrtc_owner *owner = leg->owner;

	if (!owner)
		return;
	list_del(&leg->owner_node);
	leg->owner = NULL;
	if (list_empty(&owner->legs)) {
		xa_erase(&leg->wn->owners, owner->portid);
		kfree(owner);
	}
}

/* Give @leg to the socket with port id @portid; 0 makes it persistent. */
int wrtc_leg_set_owner(struct wrtc_leg *leg, u32 portid)
{
	struct wrtc_net *wn = leg->wn;
	struct wrtc_owner *owner;
	int err;

	lockdep_assert_held(&wn->lock);
	if (leg->owner && leg->owner->portid == portid)
		return 0;
	owner = portid ? xa_load(&wn->owners, portid) : NULL;
	if (portid && !owner) {
		owner = kzalloc(sizeof(*owner), GFP_KERNEL);
		if (!owner)
			return -ENOMEM;
		owner->portid = portid;
		INIT_LIST_HEAD(&owner->legs);
		err = xa_insert(&wn->owners, portid, owner, GFP_KERNEL);
		if (err) {
			kfree(owner);
			return err;
		}
	}
	wrtc_leg_disown(leg);
	if (owner) {
		list_add_tail(&leg->owner_node, &owner->legs);
		leg->owner = owner;
	}
	return 0;
}

/*
 * A new leg owned by @portid (0: persistent), in the table and visible to
 * the data path. The caller holds wn->lock.
 */
struct wrtc_leg *wrtc_leg_create(struct wrtc_net *wn,
				 const struct wrtc_tuple *tuple, u32 portid,
				 struct netlink_ext_ack *extack)
{
	struct wrtc_leg *leg;
	int cpu, err;

	lockdep_assert_held(&wn->lock);
	if (wn->count >= READ_ONCE(wrtc_max_legs)) {
		NL_SET_ERR_MSG(extack,
			       "leg table full (module parameter max_legs)");
		return ERR_PTR(-ENOSPC);
	}
	if (rhashtable_lookup_fast(&wn->table, tuple, wrtc_leg_params)) {
		NL_SET_ERR_MSG(extack, "a leg with this 5-tuple exists");
		return ERR_PTR(-EEXIST);
	}
	leg = kzalloc(sizeof(*leg), GFP_KERNEL);
	if (!leg)
		goto nomem;
	leg->stats = alloc_percpu(struct wrtc_pcpu_stats);
	if (!leg->stats)
		goto nomem;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(leg->stats, cpu)->syncp);
	leg->tuple = *tuple;
	leg->wn = wn;
	leg->created = ktime_get_ns();
	refcount_set(&leg->ref, 1);
	INIT_LIST_HEAD(&leg->owner_node);

	err = wrtc_leg_set_owner(leg, portid);
	if (err)
		goto fail;
	err = xa_alloc_cyclic(&wn->legs, &leg->id, leg, XA_LIMIT(1, INT_MAX),
			      &wn->next_id, GFP_KERNEL);
	if (err < 0) {
		NL_SET_ERR_MSG(extack, "no free leg id");
		goto fail_owner;
	}
	err = rhashtable_insert_fast(&wn->table, &leg->node, wrtc_leg_params);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot insert the leg into the table");
		goto fail_id;
	}
	wn->count++;
	return leg;

fail_id:
	xa_erase(&wn->legs, leg->id);
fail_owner:
	wrtc_leg_disown(leg);
fail:
	free_percpu(leg->stats);
	kfree(leg);
	return ERR_PTR(err);
nomem:
	kfree(leg);
	NL_SET_ERR_MSG(extack, "out of memory for a leg");
	return ERR_PTR(-ENOMEM);
}

/* Take @leg out of every index and unpeer it; freed after its last user. */
void wrtc_leg_delete(struct wrtc_leg *leg)
{
	struct wrtc_net *wn = leg->wn;

	lockdep_assert_held(&wn->lock);
	rhashtable_remove_fast(&wn->table, &leg->node, wrtc_leg_params);
	xa_erase(&wn->legs, leg->id);
	wrtc_leg_disown(leg);
	wrtc_leg_set_peer(leg, NULL);
	wn->count--;
	wrtc_leg_put(leg);
}

void wrtc_leg_flush(struct wrtc_net *wn)
{
	struct wrtc_leg *leg;
	unsigned long id;

	lockdep_assert_held(&wn->lock);
	xa_for_each(&wn->legs, id, leg) {
		wrtc_leg_delete(leg);
		/* A flush of many legs must not hog the CPU. */
		cond_resched();
	}
}

/* The socket @portid closed: its non-persistent legs go with it. */
void wrtc_owner_release(struct wrtc_net *wn, u32 portid)
{
	struct wrtc_owner *owner;

	/* Most netlink sockets own no leg: answer them without the lock. */
	if (!xa_load(&wn->owners, portid))
		return;
	mutex_lock(&wn->lock);
	/* Deleting the last leg frees the owner: look it up each time. */
	while ((owner = xa_load(&wn->owners, portid))) {
		wrtc_leg_delete(list_first_entry(&owner->legs, struct wrtc_leg,
						 owner_node));
		cond_resched();
	}
	mutex_unlock(&wn->lock);
}

void wrtc_leg_read_stats(const struct wrtc_leg *leg, struct wrtc_stats *st)
{
	int cpu;

	memset(st, 0, sizeof(*st));
	for_each_possible_cpu(cpu) {
		const struct wrtc_pcpu_stats *s = per_cpu_ptr(leg->stats, cpu);
		u64 rxp, rxb, txp, txb, af, rd;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rxp = u64_stats_read(&s->rx_packets);
			rxb = u64_stats_read(&s->rx_bytes);
			txp = u64_stats_read(&s->tx_packets);
			txb = u64_stats_read(&s->tx_bytes);
			af = u64_stats_read(&s->auth_failures);
			rd = u64_stats_read(&s->replay_drops);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		st->rx_packets += rxp;
		st->rx_bytes += rxb;
		st->tx_packets += txp;
		st->tx_bytes += txb;
		st->auth_failures += af;
		st->replay_drops += rd;
	}
	st->last_rx = READ_ONCE(leg->last_rx);
}

static int __net_init wrtc_net_init(struct net *net)
{
	struct wrtc_net *wn = wrtc_net(net);
	int err;

	mutex_init(&wn->lock);
	xa_init_flags(&wn->legs, XA_FLAGS_ALLOC1);
	xa_init(&wn->owners);
	wn->next_id = 1;
	err = rhashtable_init(&wn->table, &wrtc_leg_params);
	if (err)
		return err;
	wrtc_events_net_init(wn, net);
	return 0;
}

static void __net_exit wrtc_net_exit(struct net *net)
{
	struct wrtc_net *wn = wrtc_net(net);

	/* Before the legs go: the work walks them. */
	wrtc_events_net_exit(wn);
	mutex_lock(&wn->lock);
	wrtc_leg_flush(wn);
	mutex_unlock(&wn->lock);
	WARN_ON(!xa_empty(&wn->owners));
	rhashtable_destroy(&wn->table);
	xa_destroy(&wn->legs);
	xa_destroy(&wn->owners);
	mutex_destroy(&wn->lock);
}

static struct pernet_operations wrtc_net_ops = {
	.init = wrtc_net_init,
	.exit = wrtc_net_exit,
	.id = &wrtc_net_id,
	.size = sizeof(struct wrtc_net),
};

int wrtc_legs_init(void)
{
	return register_pernet_subsys(&wrtc_net_ops);
}

void wrtc_legs_exit(void)
{
	unregister_pernet_subsys(&wrtc_net_ops);
	/* Legs and keys are freed in RCU callbacks, which are module code. */
	rcu_barrier();
}
