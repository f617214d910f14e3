/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrtc.ko internals: legs, their keys and the per-namespace leg table.
 *
 * Locking: everything that changes a namespace's legs (create, delete,
 * peer, owner, keys) holds wrtc_net.lock, a mutex; netlink handlers take it
 * around a whole request so a request is atomic. The data path (XDP kfuncs)
 * never takes it: it finds legs by 5-tuple in an rhashtable under RCU, takes
 * a reference with refcount_inc_not_zero(), and reads the peer and keys
 * through RCU pointers. A leg is freed one grace period after its last
 * reference is dropped. Each key's SRTP context has a spinlock that the
 * data path holds (bottom halves off) while it transforms a packet with it;
 * no two of them are ever held at once.
 */
#ifndef WRTC_WRTC_H
#define WRTC_WRTC_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/rhashtable-types.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/wrtc.h>

#include "srtp_xform.h"

struct net;

/*
 * Hash key of a leg: the addresses and ports of a UDP packet received on
 * it (destination = local). IPv4 addresses are stored v4-mapped so that
 * one key layout serves both families; the family byte keeps a v4-mapped
 * IPv6 leg apart from an IPv4 one. No padding holes: the key is hashed
 * and compared as bytes.
 */
struct wrtc_tuple {
	struct in6_addr local;
	struct in6_addr remote;
	__be16 local_port;
	__be16 remote_port;
	u8 family; /* AF_INET or AF_INET6 */
	u8 pad[3];
};

/* Per-CPU counters of a leg, written by the data path without locks. */
struct wrtc_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t auth_failures;
	u64_stats_t replay_drops;
	struct u64_stats_sync syncp;
};

/* The per-CPU counters summed, as netlink reports them. */
struct wrtc_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 auth_failures;
	u64 replay_drops;
	u64 last_rx; /* CLOCK_MONOTONIC ns, 0 = never */
};

/* Initial state of one SSRC, as key-install gives it. */
struct wrtc_ssrc_state {
	u32 ssrc;
	u32 roc;
	u32 srtcp_index;
	u16 seq;
	bool has_seq; /* seq names a packet already received or sent */
	bool has_srtcp_index; /* so does srtcp_index */
};

/* What key-install gives, before it becomes a struct wrtc_key. */
struct wrtc_key_params {
	u32 profile; /* enum wrtc_srtp_profile */
	u32 dir; /* enum wrtc_direction */
	u64 packet_limit;
	/* The session keys and their lengths: wiped on every path. */
	struct srtp_xform_config cfg;
	unsigned int n_ssrcs;
	struct wrtc_ssrc_state ssrcs[WRTC_MAX_SSRCS];
};

/*
 * Counters of one SSRC under one key, in a table laid out like the
 * transform's own SSRC table (SRTP_XFORM_SLOTS slots, at most
 * SRTP_XFORM_MAX_STREAMS used): an SSRC gets an entry once a packet of it
 * authenticated (or key-install named it), so forged SSRCs take no room.
 */
struct wrtc_ssrc_stats {
	u32 ssrc;
	bool used;
	u64 packets;
	u64 bytes;
	u64 auth_failures;
	u64 replay_drops;
	u64 last; /* CLOCK_MONOTONIC ns, 0 = never */
};

/*
 * Keys of one direction in one slot: an SRTP transform context (lib/
 * srtp_xform.h) keyed for that direction, holding the per-SSRC stream
 * state (ROC, highest sequence number, replay windows). Installed whole
 * and replaced whole (RCU); wiped when freed. The data path transforms
 * under @lock; netlink reads stream state and counters under it too.
 */
struct wrtc_key {
	struct rcu_head rcu;
	u32 profile; /* enum wrtc_srtp_profile */
	u32 dir; /* enum wrtc_direction */
	u64 packet_limit;
	atomic64_t packets;
	/* The transform ran out of indices (-EKEYEXPIRED): WRITE_ONCE. */
	bool index_expired;
	/* Events (events.c), under wn->lock: the key-exhaust-ntf level sent. */
	u8 ntf_level;
	spinlock_t lock;
	struct wrtc_ssrc_stats ssrc[SRTP_XFORM_SLOTS];
	struct srtp_xform xf;
};

struct wrtc_net;
struct wrtc_owner;

struct wrtc_leg {
	struct rhash_head node; /* in wrtc_net.table, by tuple */
	struct wrtc_tuple tuple;
	u32 id;
	refcount_t ref; /* the table holds one */
	struct wrtc_net *wn;
	/* Written under wn->lock, read by the data path under RCU. */
	struct wrtc_leg __rcu *peer;
	struct wrtc_key __rcu
		*keys[WRTC_DIRECTION_MAX + 1][WRTC_KEY_SLOT_MAX + 1];
	/* Under wn->lock only. */
	u32 flags; /* WRTC_LEG_FLAGS_* */
	u32 idle_timeout; /* seconds, 0 = none */
	struct wrtc_owner *owner; /* NULL when persistent */
	struct list_head owner_node;
	/* Events (events.c), under wn->lock. */
	u64 created; /* CLOCK_MONOTONIC ns: idle since then if no packet */
	u64 idle_ref; /* the last_rx (or created) leg-idle-ntf was sent for */
	u64 auth_ntf_at; /* when the last auth-fail-ntf was sent, 0 = never */
	/* Data path. */
	struct wrtc_pcpu_stats __percpu *stats;
	u64 last_rx; /* CLOCK_MONOTONIC ns; WRITE_ONCE/READ_ONCE */
	unsigned long events; /* WRTC_LEG_EV_* bits, set by the data path */
	struct rcu_head rcu;
};

/* Bits of wrtc_leg.events: what the events work has to look at. */
enum {
	WRTC_LEG_EV_AUTH, /* a packet failed authentication */
};

/* One namespace's legs. */
struct wrtc_net {
	struct mutex lock;
	struct rhashtable table; /* legs by tuple */
	struct xarray legs; /* legs by id */
	struct xarray owners; /* struct wrtc_owner by netlink port id */
	u32 next_id;
	unsigned int count;
	struct net *net; /* the namespace this is of (no reference) */
	struct delayed_work events; /* events.c: periodic scan of the legs */
};

/* The legs created by one netlink socket that are not persistent. */
struct wrtc_owner {
	u32 portid;
	struct list_head legs;
};

extern unsigned int wrtc_max_legs;

/* leg.c */
struct wrtc_net *wrtc_net(const struct net *net);
int wrtc_legs_init(void);
void wrtc_legs_exit(void);
struct wrtc_leg *wrtc_leg_create(struct wrtc_net *wn,
				 const struct wrtc_tuple *tuple, u32 portid,
				 struct netlink_ext_ack *extack);
struct wrtc_leg *wrtc_leg_by_id(struct wrtc_net *wn, u32 id);
void wrtc_leg_delete(struct wrtc_leg *leg);
void wrtc_leg_flush(struct wrtc_net *wn);
int wrtc_leg_set_owner(struct wrtc_leg *leg, u32 portid);
void wrtc_leg_set_peer(struct wrtc_leg *leg, struct wrtc_leg *peer);
struct wrtc_leg *wrtc_leg_peer(const struct wrtc_leg *leg);
void wrtc_owner_release(struct wrtc_net *wn, u32 portid);
void wrtc_leg_read_stats(const struct wrtc_leg *leg, struct wrtc_stats *st);
struct wrtc_leg *wrtc_leg_find(const struct net *net,
			       const struct wrtc_tuple *tuple);
void wrtc_leg_put(struct wrtc_leg *leg);

/* key.c */
int wrtc_key_params_init(struct wrtc_key_params *p, u32 profile, u32 dir);
struct wrtc_key *wrtc_key_create(const struct wrtc_key_params *p,
				 struct netlink_ext_ack *extack);
void wrtc_key_free(struct wrtc_key *key);
struct wrtc_ssrc_stats *wrtc_key_ssrc_stats(struct wrtc_key *key, u32 ssrc,
					    bool add);
void wrtc_key_install(struct wrtc_leg *leg, u32 dir, u32 slot,
		      struct wrtc_key *key);
int wrtc_key_swap(struct wrtc_leg *leg, u32 dir);
int wrtc_key_del(struct wrtc_leg *leg, u32 dir, u32 slot);
struct wrtc_key *wrtc_leg_key(const struct wrtc_leg *leg, u32 dir, u32 slot);
void wrtc_leg_free_keys(struct wrtc_leg *leg);

/* crypto.c: per-CPU buffers of the srtp_crypto.h binding */
int wrtc_crypto_init(void);
void wrtc_crypto_exit(void);

/* srtp.c: the data path's SRTP step, with its counters */
int wrtc_srtp_init(void);
void wrtc_srtp_exit(void);
int wrtc_srtp_unprotect(struct wrtc_leg *leg, u8 *buf, size_t len, bool rtcp);
int wrtc_srtp_protect(struct wrtc_leg *leg, u8 *buf, size_t len, size_t cap,
		      bool rtcp);
int wrtc_srtp_overhead(struct wrtc_leg *leg, u32 dir, bool rtcp);

/* xdp.c: kfuncs */
int wrtc_xdp_init(void);

/* netlink.c */
int wrtc_nl_init(void);
void wrtc_nl_exit(void);

/* events.c: the notifications of the events multicast group */
void wrtc_events_net_init(struct wrtc_net *wn, struct net *net);
void wrtc_events_net_exit(struct wrtc_net *wn);
void wrtc_events_enable(void);
void wrtc_events_disable(void);
void wrtc_events_leg_changed(struct wrtc_leg *leg);
bool wrtc_key_exhausted(const struct wrtc_key *key);

#endif /* WRTC_WRTC_H */
