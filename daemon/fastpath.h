/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel data path (DESIGN.md "Data paths"): wrtc_xdp on the
 * --xdp-iface devices and wrtc.ko's legs, set up over generic netlink.
 *
 * fastpath.c decides at start-up which path media takes and why, and owns
 * the process-wide pieces: the XDP program (loaded through its bpftool
 * skeleton, attached through BPF links, so a wrtcd that dies, however it
 * dies, leaves no program behind) and the netlink socket that owns the
 * kernel legs (the module deletes them when it closes). handover.c moves
 * calls between the paths.
 *
 *   --datapath user    userspace relay only; no XDP, no netlink.
 *   --datapath auto    the kernel path when wrtc.ko (with its kfuncs) is
 *                      loaded, XDP attaches to every device it needs and
 *                      they forward; else the userspace relay, with a log
 *                      line saying why. The devices are --xdp-iface, or
 *                      those that carry the media addresses (loopback
 *                      never). Without the module the program is still
 *                      attached where --xdp-iface names a device: it
 *                      classifies and counts (wrtcctl stats) and passes.
 *   --datapath kernel  the same, but start-up fails when the kernel path
 *                      cannot be had.
 *
 * The handover (handover.c): once DTLS gave both legs of a call their
 * keys and ICE nominated both remotes, each leg becomes a kernel leg (its
 * 5-tuple, its rx key with the state of the streams the userspace relay
 * already unprotected, its tx key with the state of those it protected)
 * and the two are peered: from then on wrtc_xdp relays the call's SRTP
 * and SRTCP, and STUN (consent) and DTLS still come to wrtcd. Packets
 * already queued to wrtcd's sockets at that moment are relayed in
 * userspace (stragglers); the kernel's SRTCP indices start
 * HANDOVER_SRTCP_GAP past userspace's, so the two never protect under the
 * same index. Media of a kernel call that reaches wrtcd after
 * HANDOVER_STRAGGLE_MS means the kernel does not see or declined that
 * traffic (no XDP on the device it arrives on, a VLAN tag, IPv4
 * options...): the call is moved back to userspace for good, its stream
 * state read back from the kernel. A new nominated address moves it back
 * and then into the kernel again on the new 5-tuple; a new DTLS
 * association (or its end) moves it back until the new keys are there.
 * Teardown deletes the kernel legs.
 */
#ifndef WRTCD_FASTPATH_H
#define WRTCD_FASTPATH_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "leg.h"
#include "media.h"

struct fastpath;
struct wrtcnl;
struct wrtcnl_event;
struct call;
struct call_table;

/*
 * Decide the data path (see above), logging what was chosen and why.
 * Returns 0 with *@out set (NULL: userspace only), or -1 after logging
 * why --datapath kernel cannot be had.
 */
int fastpath_init(struct fastpath **out, const struct config *cfg,
		  const struct media_addrs *media);

/* Detach the program, close the netlink socket (the kernel legs go). */
void fastpath_free(struct fastpath *fp);

/*
 * Listen to wrtc.ko's events on @loop (kernel path only): auth-failure
 * bursts and key exhaustion of @calls' kernel legs are logged, and a call
 * whose key is used up is ended (the kernel relays nothing more under
 * it). fastpath_stop() closes the listener, before the loop ends.
 */
int fastpath_start(struct fastpath *fp, uv_loop_t *loop,
		   struct call_table *calls);
void fastpath_stop(struct fastpath *fp);

/* Does @fp relay in the kernel (wrtc.ko and XDP both there)? */
bool fastpath_kernel(const struct fastpath *fp);

/* The netlink handle of the kernel legs (fastpath_kernel() only). */
struct wrtcnl *fastpath_nl(struct fastpath *fp);

/* What /api/calls and the logs say of a leg on the kernel path. */
struct fastpath_stats {
	uint32_t kernel_id; /* the kernel leg now, 0 when none */
	uint64_t rx_packets, rx_bytes; /* authenticated, as wrtc.ko counts */
	uint64_t tx_packets, tx_bytes;
	uint64_t auth_failures, replay_drops;
};

/* handover.c: called by the engines (dtls_leg.c, ice.c via engines.c). */

/*
 * DTLS gave @leg its keys (the relay has them too): keep the session keys
 * for the kernel and move the call there if the other leg is ready.
 * @local protects what goes to the endpoint, @remote unprotects what it
 * sends. The caller wipes both.
 */
void handover_leg_keyed(struct leg *leg, const struct srtp_profile *p,
			const struct srtp_master_key *local,
			const struct srtp_master_key *remote);

/* @leg's keys are gone (a new DTLS association, or its end). */
void handover_leg_unkeyed(struct leg *leg);

/* ICE nominated @leg's remote address (again, or a new one). */
void handover_leg_nominated(struct leg *leg);

/*
 * The relay got SRTP/SRTCP from @leg's remote while the call is on the
 * kernel path: a straggler, or the sign that the kernel does not carry
 * it (the call then moves back). The relay relays it either way.
 */
void handover_user_media(struct leg *leg);

/* The leg is closing: delete its kernel leg, wipe its keys. */
void handover_leg_teardown(struct leg *leg);

/* A notification of wrtc.ko about one of @calls' kernel legs. */
void handover_event(struct call_table *calls, const struct wrtcnl_event *ev);

/*
 * The kernel's counters of @leg (the kernel leg now, plus those it had
 * before a move), for /api/calls. False when it never was a kernel leg.
 */
bool handover_leg_stats(struct leg *leg, struct fastpath_stats *st);

#endif /* WRTCD_FASTPATH_H */
