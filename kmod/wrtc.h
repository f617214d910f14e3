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
 * reference is dropped.
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
#include <linux/xarray.h>
#include <linux/wrtc.h>

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
};

/* Longest session keys of any profile. */
#define WRTC_CIPHER_KEY_MAX 32
#define WRTC_AUTH_KEY_LEN 20
#define WRTC_SALT_MAX 14

/* Session keys of one packet kind (SRTP or SRTCP). */
struct wrtc_session_keys {
	u8 cipher_key[WRTC_CIPHER_KEY_MAX];
	u8 auth_key[WRTC_AUTH_KEY_LEN]; /* AES-CM profiles only */
	u8 salt[WRTC_SALT_MAX];
};

/*
 * Keys of one direction in one slot. Immutable once installed except for
 * the packet count; replaced as a whole (RCU) and wiped when freed.
 */
struct wrtc_key {
	struct rcu_head rcu;
	u32 profile; /* enum wrtc_srtp_profile */
	u32 cipher_key_len;
	u32 salt_len;
	u64 packet_limit;
	atomic64_t packets;
	struct wrtc_session_keys rtp;
	struct wrtc_session_keys rtcp;
	unsigned int n_ssrcs;
	struct wrtc_ssrc_state ssrcs[WRTC_MAX_SSRCS];
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
	/* Data path. */
	struct wrtc_pcpu_stats __percpu *stats;
	u64 last_rx; /* CLOCK_MONOTONIC ns; WRITE_ONCE/READ_ONCE */
	struct rcu_head rcu;
};

/* One namespace's legs. */
struct wrtc_net {
	struct mutex lock;
	struct rhashtable table; /* legs by tuple */
	struct xarray legs; /* legs by id */
	struct xarray owners; /* struct wrtc_owner by netlink port id */
	u32 next_id;
	unsigned int count;
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
struct wrtc_leg *wrtc_leg_lookup(const struct net *net,
				 const struct wrtc_tuple *tuple);
void wrtc_leg_put(struct wrtc_leg *leg);

/* key.c */
struct wrtc_key *wrtc_key_alloc(u32 profile);
void wrtc_key_free(struct wrtc_key *key);
void wrtc_key_install(struct wrtc_leg *leg, u32 dir, u32 slot,
		      struct wrtc_key *key);
int wrtc_key_swap(struct wrtc_leg *leg, u32 dir);
int wrtc_key_del(struct wrtc_leg *leg, u32 dir, u32 slot);
struct wrtc_key *wrtc_leg_key(const struct wrtc_leg *leg, u32 dir, u32 slot);
void wrtc_leg_free_keys(struct wrtc_leg *leg);

/* netlink.c */
int wrtc_nl_init(void);
void wrtc_nl_exit(void);

#endif /* WRTC_WRTC_H */
