/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The userspace SRTP relay (DESIGN.md "Data paths"): SRTP and SRTCP that
 * arrive on one leg from its nominated remote are unprotected with that
 * leg's inbound context, protected with the other leg's outbound context,
 * and sent from the other leg's socket to its nominated remote.
 *
 * The transform is lib/srtp_xform.h (OpenSSL EVP), one context per
 * direction per leg, made from the keys DTLS exported (dtls_leg.c).
 * Packets are queued in a sendmmsg() batch as they are transformed and
 * the batch goes out at the end of each receive batch (on_batch_end), one
 * system call per destination socket.
 *
 * A call on the kernel path (fastpath.h) has its media relayed by wrtc.ko;
 * what still arrives here from a leg's remote is relayed all the same, and
 * handover.c is told (a straggler, or the kernel not carrying the call).
 *
 * Counting (struct leg_stats): rx_* on the receiving leg for every packet
 * from its nominated remote, before unprotect; then exactly one of
 * relayed (tx_* on the other leg once sendmmsg took it), auth_failures,
 * replay_drops, early_drops (either leg without keys, or the other leg
 * with no nominated remote yet), srtp_errors or send_drops. Packets from
 * any other source count in unexpected_source only.
 */
#ifndef WRTCD_RELAY_H
#define WRTCD_RELAY_H

#include "leg.h"

/*
 * Key @leg for relaying: an inbound context with @remote (the endpoint's
 * key) and an outbound one with @local. Replaces earlier keys. The caller
 * wipes @local and @remote. Returns 0, or a negative errno with @err.
 */
int relay_leg_keys(struct leg *leg, const struct srtp_profile *p,
		   const struct srtp_master_key *local,
		   const struct srtp_master_key *remote, struct wrtc_err *err);

/* Forget @leg's keys (a new DTLS association); packets then count early. */
void relay_leg_drop_keys(struct leg *leg);

/*
 * @leg's inbound (unprotect) or outbound (protect) context, NULL before
 * its keys: the stream state handover.c moves to and from the kernel.
 */
struct srtp_xform *relay_leg_xform(struct leg *leg, bool inbound);

/* The on_media hook. */
void relay_on_media(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		    size_t len, const struct sockaddr *from,
		    enum demux_class cls);

/* The on_batch_end hook: send the queued batch. */
void relay_flush(struct leg *leg);

/* The leg is closing: send what is queued, free and wipe its contexts. */
void relay_teardown(struct leg *leg);

#endif /* WRTCD_RELAY_H */
