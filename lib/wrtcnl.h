/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Client of wrtc.ko's generic netlink family (kmod/wrtc.yaml), on libmnl:
 * what wrtcd and wrtcctl use to manage legs and keys.
 *
 * Every call returns 0 (or a count) on success and a negative errno on
 * failure, and fills an optional struct wrtc_err with the reason: the
 * kernel's extack message when it sent one (and in err->offset the byte
 * offset of the offending attribute in the request), else strerror().
 * wrtcnl_extack() tells whether the kernel explained itself.
 *
 * A handle is one netlink socket: legs created through it belong to it and
 * go away when it is closed, unless created with WRTC_LEG_FLAGS_PERSISTENT.
 * Not thread-safe; use one handle per thread.
 */
#ifndef WRTC_WRTCNL_H
#define WRTC_WRTCNL_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../kmod/uapi/linux/wrtc.h"
#include "err.h"

struct nlmsghdr;
struct wrtcnl;

/* Buffer big enough for any request and for one part of a dump. */
#define WRTCNL_BUF_SIZE 32768

/* An address of either family; family is AF_INET or AF_INET6. */
struct wrtcnl_addr {
	int family;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
	uint16_t port; /* host byte order */
};

struct wrtcnl_stats {
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t auth_failures;
	uint64_t replay_drops;
	uint64_t last_rx; /* CLOCK_MONOTONIC ns of the guest kernel, 0 = never */
};

/* What the kernel tells of an installed key (never the key itself). */
struct wrtcnl_key_info {
	uint32_t direction; /* enum wrtc_direction */
	uint32_t slot; /* enum wrtc_key_slot */
	uint32_t profile; /* enum wrtc_srtp_profile */
	uint64_t packets;
	uint64_t packet_limit;
};

#define WRTCNL_MAX_KEYS ((WRTC_DIRECTION_MAX + 1) * (WRTC_KEY_SLOT_MAX + 1))

struct wrtcnl_leg {
	uint32_t id;
	struct wrtcnl_addr local;
	struct wrtcnl_addr remote;
	uint32_t flags; /* WRTC_LEG_FLAGS_* */
	uint32_t peer_id;
	uint32_t idle_timeout;
	uint32_t owner; /* netlink port id; 0 = persistent */
	struct wrtcnl_stats stats;
	unsigned int n_keys;
	struct wrtcnl_key_info keys[WRTCNL_MAX_KEYS];
};

/* Changes for wrtcnl_leg_set(): only the fields marked set are sent. */
struct wrtcnl_leg_change {
	bool set_flags, set_peer, set_idle_timeout;
	uint32_t flags;
	uint32_t peer_id; /* 0 unpeers */
	uint32_t idle_timeout;
};

/* Session keys of one packet kind; lengths follow the profile. */
struct wrtcnl_session_keys {
	uint8_t cipher_key[32];
	uint8_t auth_key[20];
	uint8_t salt[14];
};

/*
 * The state of a stream moved from another context (key-install): the
 * highest index done and, for SRTCP, the highest received (rx) or last
 * sent (tx). A stream that had no RTP (or no SRTCP) packet yet sets
 * no_seq (no_srtcp_index): the kernel then starts it fresh.
 */
struct wrtcnl_ssrc_state {
	uint32_t ssrc;
	uint32_t roc;
	uint16_t seq;
	uint32_t srtcp_index;
	bool no_seq;
	bool no_srtcp_index;
};

struct wrtcnl_key {
	uint32_t leg_id;
	uint32_t direction;
	uint32_t slot;
	uint32_t profile;
	struct wrtcnl_session_keys rtp;
	struct wrtcnl_session_keys rtcp;
	unsigned int n_ssrcs;
	struct wrtcnl_ssrc_state ssrcs[WRTC_MAX_SSRCS];
	uint64_t packet_limit; /* 0 = the profile's */
};

/* Open a generic netlink socket and look up the wrtc family. */
int wrtcnl_open(struct wrtcnl **nlp, struct wrtc_err *err);
void wrtcnl_close(struct wrtcnl *nl);
int wrtcnl_fd(const struct wrtcnl *nl);
uint32_t wrtcnl_portid(const struct wrtcnl *nl);
uint16_t wrtcnl_family_id(const struct wrtcnl *nl);
/* Multicast group id of WRTC_MCGRP_EVENTS (0 if the kernel has none). */
uint32_t wrtcnl_events_group(const struct wrtcnl *nl);

/* The extack message of the last failed request ("" when none). */
const char *wrtcnl_extack(const struct wrtcnl *nl);
/* The missing attribute the kernel named in the last failure, else 0. */
uint32_t wrtcnl_extack_missing(const struct wrtcnl *nl);

int wrtcnl_leg_new(struct wrtcnl *nl, const struct wrtcnl_leg *req,
		   struct wrtcnl_leg *reply, struct wrtc_err *err);
int wrtcnl_leg_set(struct wrtcnl *nl, uint32_t id,
		   const struct wrtcnl_leg_change *change,
		   struct wrtc_err *err);
int wrtcnl_leg_del(struct wrtcnl *nl, uint32_t id, struct wrtc_err *err);
int wrtcnl_leg_get(struct wrtcnl *nl, uint32_t id, struct wrtcnl_leg *leg,
		   struct wrtc_err *err);
/*
 * Call @fn for every leg of the namespace (a multi-part dump). A non-zero
 * return from @fn stops the walk and is returned. Returns the number of
 * legs otherwise.
 */
int wrtcnl_leg_dump(struct wrtcnl *nl,
		    int (*fn)(const struct wrtcnl_leg *leg, void *arg),
		    void *arg, struct wrtc_err *err);
int wrtcnl_leg_flush(struct wrtcnl *nl, struct wrtc_err *err);

int wrtcnl_key_install(struct wrtcnl *nl, const struct wrtcnl_key *key,
		       struct wrtc_err *err);
int wrtcnl_key_swap(struct wrtcnl *nl, uint32_t leg_id, uint32_t direction,
		    struct wrtc_err *err);
int wrtcnl_key_del(struct wrtcnl *nl, uint32_t leg_id, uint32_t direction,
		   uint32_t slot, struct wrtc_err *err);

/* One SSRC in one direction, as stats-get reports it. */
struct wrtcnl_ssrc_stats {
	uint32_t ssrc;
	uint32_t direction; /* enum wrtc_direction */
	uint32_t roc;
	bool has_seq; /* an RTP packet was seen: seq is meaningful */
	uint16_t seq; /* highest received (rx) or sent (tx) */
	bool has_srtcp_index; /* an SRTCP packet was seen */
	uint32_t srtcp_index; /* highest received (rx) or last sent (tx) */
	uint64_t packets;
	uint64_t bytes;
	uint64_t auth_failures;
	uint64_t replay_drops;
	uint64_t last_packet; /* CLOCK_MONOTONIC ns, 0 = never */
};

/* wrtc.ko keeps at most 32 SSRCs per key, i.e. per direction. */
#define WRTCNL_MAX_SSRC_STATS ((WRTC_DIRECTION_MAX + 1) * 32)

struct wrtcnl_leg_stats {
	uint32_t leg_id;
	struct wrtcnl_stats stats;
	unsigned int n_ssrcs; /* entries beyond WRTCNL_MAX_SSRC_STATS dropped */
	struct wrtcnl_ssrc_stats ssrcs[WRTCNL_MAX_SSRC_STATS];
};

/* Counters of one leg and its SSRCs (stats-get). */
int wrtcnl_stats_get(struct wrtcnl *nl, uint32_t leg_id,
		     struct wrtcnl_leg_stats *stats, struct wrtc_err *err);
/*
 * The same for every leg of the namespace: @fn as for wrtcnl_leg_dump().
 * Returns the number of legs, or the first non-zero return of @fn.
 */
int wrtcnl_stats_dump(struct wrtcnl *nl,
		      int (*fn)(const struct wrtcnl_leg_stats *stats,
				void *arg),
		      void *arg, struct wrtc_err *err);
/* The SSRC entry of @ssrc in direction @dir, NULL when none. */
const struct wrtcnl_ssrc_stats *
wrtcnl_find_ssrc(const struct wrtcnl_leg_stats *stats, uint32_t dir,
		 uint32_t ssrc);

/*
 * Notifications of the events multicast group (wrtcnl_event.c). They are
 * read on a socket of their own, never on the handle's: a notification
 * arriving in the middle of a request would be taken for part of its reply.
 */
struct wrtcnl_event {
	uint8_t cmd; /* WRTC_CMD_LEG_IDLE_NTF, _KEY_EXHAUST_NTF, _AUTH_FAIL_NTF */
	uint32_t leg_id;
	/* leg-idle: the leg's idle timeout in seconds */
	uint32_t idle_timeout;
	/* leg-idle and auth-fail: the leg's counters when it was sent */
	bool has_stats;
	struct wrtcnl_stats stats;
	/* key-exhaust: which key, and how far it got */
	uint32_t direction; /* enum wrtc_direction */
	uint32_t slot; /* enum wrtc_key_slot */
	uint64_t packets;
	uint64_t packet_limit;
};

/*
 * A netlink socket (close() it) that has joined @nl's WRTC_MCGRP_EVENTS
 * group: its file descriptor, or a negative errno (-EPERM without
 * CAP_NET_ADMIN, -ENOENT when the module has no such group).
 */
int wrtcnl_events_open(const struct wrtcnl *nl, struct wrtc_err *err);
/*
 * Read one datagram from @fd (wait for it with poll() first) and call @fn
 * for each notification of @family in it; other messages are skipped. A
 * non-zero return of @fn stops and is returned; else the number of
 * notifications. -ENOBUFS means the kernel dropped notifications because
 * the socket's buffer was full: the socket stays usable.
 */
int wrtcnl_events_read(int fd, uint16_t family,
		       int (*fn)(const struct wrtcnl_event *ev, void *arg),
		       void *arg, struct wrtc_err *err);
/*
 * Parse one notification (a genetlink message of the family). A command
 * other than the three above is returned with only @cmd and, when it has
 * one, @leg_id set. 0, or -EBADMSG when malformed.
 */
int wrtcnl_parse_event(const struct nlmsghdr *nlh, struct wrtcnl_event *ev);

/*
 * Lower level, for tools and tests that build their own requests: start a
 * request for @cmd in @buf (WRTCNL_BUF_SIZE bytes), then send it and
 * process every reply with @cb (may be NULL) until the ack or the end of
 * the dump.
 */
struct nlmsghdr *wrtcnl_msg(struct wrtcnl *nl, void *buf, uint8_t cmd,
			    uint16_t flags);
int wrtcnl_transact(struct wrtcnl *nl, struct nlmsghdr *nlh,
		    int (*cb)(const struct nlmsghdr *nlh, void *arg), void *arg,
		    struct wrtc_err *err);
/* Parse a leg-get reply (or dump part) into @leg. */
int wrtcnl_parse_leg(const struct nlmsghdr *nlh, struct wrtcnl_leg *leg);

#endif /* WRTC_WRTCNL_H */
