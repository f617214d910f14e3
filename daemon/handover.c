// SPDX-License-Identifier: GPL-2.0
/*
 * Moving a call's media between the userspace relay and wrtc.ko (see
 * fastpath.h for when and why): kernel legs made and peered over netlink
 * with the keys and stream state of the relay's contexts, and that state
 * read back from the kernel when a call comes back.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "fastpath.h"
#include "log.h"
#include "peer.h"
#include "relay.h"
#include "srtp_xform.h"
#include "wrtcnl.h"

/*
 * Stragglers: media of a call on the kernel path that still reaches the
 * userspace relay (queued to its sockets before the kernel legs were
 * peered, or in the receive batch that keyed the call). More than
 * HANDOVER_STRAGGLERS_MAX of them, or one after HANDOVER_STRAGGLE_MS,
 * and the kernel is taken not to carry the call.
 */
#define HANDOVER_STRAGGLE_MS 200
#define HANDOVER_STRAGGLERS_MAX 1024
/*
 * How far SRTCP indices jump at each move, past the last one the other
 * side used: more than the stragglers it may still protect, so that no
 * index is ever protected twice under one key.
 * Receivers accept a jump (RFC 3711 3.3.2); 2^31 indices leave room for
 * half a million moves.
 */
#define HANDOVER_SRTCP_GAP 4096

/* What the kernel path knows of a leg (leg->kernel_ctx). */
struct kleg {
	bool keyed;
	uint32_t profile; /* enum wrtc_srtp_profile */
	/* The session keys of both directions; wiped when they go. */
	struct srtp_xform_config rx, tx;
	uint32_t id; /* the kernel leg, 0 when none */
	/* The call stays in userspace (the kernel did not carry it). */
	bool given_up;
	bool was_kernel; /* it has been a kernel leg: /api/calls says so */
	uint64_t handover_at; /* uv_now() of the move to the kernel */
	unsigned int stragglers;
	struct fastpath_stats base; /* of kernel legs deleted before */
};

static const char *call_id(const struct leg *leg)
{
	return leg->call ? leg->call->id : "?";
}

static const char *peer_id(const struct leg *leg)
{
	return leg->peer ? leg->peer->id : "?";
}

static struct fastpath *fp_of(const struct leg *leg)
{
	return fastpath_kernel(leg->env->fastpath) ? leg->env->fastpath : NULL;
}

static struct kleg *kleg_of(struct leg *leg, bool create)
{
	if (!leg->kernel_ctx && create)
		leg->kernel_ctx = calloc(1, sizeof(struct kleg));
	return leg->kernel_ctx;
}

static void kleg_wipe_keys(struct kleg *k)
{
	srtp_xform_config_wipe(&k->rx);
	srtp_xform_config_wipe(&k->tx);
	k->keyed = false;
}

static uint32_t nl_profile(const struct srtp_profile *p)
{
	switch (p->id) {
	case SRTP_PROFILE_AES128_CM_HMAC_SHA1_80:
		return WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80;
	case SRTP_PROFILE_AES128_CM_HMAC_SHA1_32:
		return WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32;
	case SRTP_PROFILE_AEAD_AES_128_GCM:
		return WRTC_SRTP_PROFILE_AEAD_AES_128_GCM;
	case SRTP_PROFILE_AEAD_AES_256_GCM:
		return WRTC_SRTP_PROFILE_AEAD_AES_256_GCM;
	}
	return 0;
}

static void nl_addr(struct wrtcnl_addr *out, const struct sockaddr_storage *sa)
{
	memset(out, 0, sizeof(*out));
	out->family = sa->ss_family;
	if (sa->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		out->v4 = s4->sin_addr;
		out->port = ntohs(s4->sin_port);
	} else {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		out->v6 = s6->sin6_addr;
		out->port = ntohs(s6->sin6_port);
	}
}

/* ---- into the kernel ----------------------------------------------- */

/* One direction's key and the state of the relay's streams under it. */
static int key_from(struct wrtcnl_key *key, uint32_t leg_id, uint32_t dir,
		    const struct kleg *k, const struct srtp_xform *x,
		    struct wrtc_err *err)
{
	const struct srtp_xform_config *cfg =
		dir == WRTC_DIRECTION_RX ? &k->rx : &k->tx;
	struct srtp_xform_stream_state st;
	unsigned int pos = 0;

	memset(key, 0, sizeof(*key));
	key->leg_id = leg_id;
	key->direction = dir;
	key->slot = WRTC_KEY_SLOT_PRIMARY;
	key->profile = k->profile;
	memcpy(key->rtp.cipher_key, cfg->rtp.enc_key, cfg->key_len);
	memcpy(key->rtp.auth_key, cfg->rtp.auth_key, SRTP_XFORM_AUTH_KEY_LEN);
	memcpy(key->rtp.salt, cfg->rtp.salt, cfg->salt_len);
	memcpy(key->rtcp.cipher_key, cfg->rtcp.enc_key, cfg->key_len);
	memcpy(key->rtcp.auth_key, cfg->rtcp.auth_key, SRTP_XFORM_AUTH_KEY_LEN);
	memcpy(key->rtcp.salt, cfg->rtcp.salt, cfg->salt_len);
	while (srtp_xform_stream_next(x, &pos, &st)) {
		struct wrtcnl_ssrc_state *s;

		if (key->n_ssrcs == WRTC_MAX_SSRCS)
			return wrtc_fail(err, -E2BIG, 0,
					 "more than %d streams in one direction",
					 WRTC_MAX_SSRCS);
		s = &key->ssrcs[key->n_ssrcs++];
		s->ssrc = st.ssrc;
		s->roc = st.roc;
		s->seq = st.seq;
		s->no_seq = !st.rtp_valid;
		s->srtcp_index = st.srtcp_index;
		s->no_srtcp_index = !st.rtcp_valid;
		/* The kernel takes over protecting: its indices start apart. */
		if (dir == WRTC_DIRECTION_TX) {
			s->srtcp_index += HANDOVER_SRTCP_GAP;
			s->no_srtcp_index = false;
		}
	}
	srtp_wipe(&st, sizeof(st));
	return 0;
}

static int install_key(struct wrtcnl *nl, struct leg *leg, uint32_t dir,
		       struct wrtc_err *err)
{
	struct kleg *k = leg->kernel_ctx;
	struct wrtcnl_key key;
	int ret;

	ret = key_from(&key, k->id, dir, k,
		       relay_leg_xform(leg, dir == WRTC_DIRECTION_RX), err);
	if (!ret)
		ret = wrtcnl_key_install(nl, &key, err);
	srtp_wipe(&key, sizeof(key));
	return ret;
}

static int new_leg(struct wrtcnl *nl, struct leg *leg, struct wrtc_err *err)
{
	struct wrtcnl_leg req = { 0 }, got;
	int ret;

	nl_addr(&req.local, &leg->remote_sock->local);
	nl_addr(&req.remote, &leg->remote);
	ret = wrtcnl_leg_new(nl, &req, &got, err);
	if (!ret)
		((struct kleg *)leg->kernel_ctx)->id = got.id;
	return ret;
}

static void del_leg(struct wrtcnl *nl, struct kleg *k)
{
	struct wrtc_err err = { "", 0 };

	if (k->id && wrtcnl_leg_del(nl, k->id, &err))
		log_warn("kernel leg %u: delete failed: %s", k->id, err.msg);
	k->id = 0;
}

/* Is the call ready for the kernel, and the kernel for it? */
static bool installable(struct call *c)
{
	for (int i = 0; i < 2; i++) {
		struct leg *l = c->leg[i];
		struct kleg *k = l ? l->kernel_ctx : NULL;

		if (!k || !k->keyed || k->given_up || k->id ||
		    !l->remote.ss_family || !l->remote_sock ||
		    !relay_leg_xform(l, true) || !relay_leg_xform(l, false))
			return false;
	}
	return true;
}

static void give_up(struct call *c)
{
	for (int i = 0; i < 2; i++)
		((struct kleg *)c->leg[i]->kernel_ctx)->given_up = true;
}

static void try_install(struct call *c)
{
	struct wrtcnl *nl = fastpath_nl(c->leg[0]->env->fastpath);
	struct leg *a = c->leg[0], *b = c->leg[1];
	struct wrtcnl_leg_change peer = { .set_peer = true };
	struct wrtc_err err = { "", 0 };
	struct kleg *ka, *kb;
	uint64_t now;
	int ret;

	if (!installable(c))
		return;
	ka = a->kernel_ctx;
	kb = b->kernel_ctx;
	if (a->remote.ss_family != b->remote.ss_family) {
		/* wrtc.ko rewrites headers in place: same family only. */
		log_info("call %s: its legs are of different address families: it stays in userspace",
			 c->id);
		give_up(c);
		return;
	}
	ret = new_leg(nl, a, &err) ?: new_leg(nl, b, &err);
	for (int i = 0; i < 2 && !ret; i++) {
		ret = install_key(nl, c->leg[i], WRTC_DIRECTION_RX, &err) ?:
			      install_key(nl, c->leg[i], WRTC_DIRECTION_TX,
					  &err);
	}
	/* Peering is what makes the kernel relay: last. */
	peer.peer_id = kb->id;
	if (!ret)
		ret = wrtcnl_leg_set(nl, ka->id, &peer, &err);
	if (ret) {
		log_warn("call %s: cannot move to the kernel path: %s; it stays in userspace",
			 c->id, err.msg);
		del_leg(nl, ka);
		del_leg(nl, kb);
		give_up(c);
		return;
	}
	now = uv_now(a->env->loop);
	for (int i = 0; i < 2; i++) {
		struct kleg *k = c->leg[i]->kernel_ctx;

		c->leg[i]->datapath = LEG_DATAPATH_KERNEL;
		k->was_kernel = true;
		k->handover_at = now;
		k->stragglers = 0;
	}
	log_info("call %s: media on the kernel path: %s (port %u, kernel leg %u) <-> %s (port %u, kernel leg %u), %u+%u streams moved",
		 c->id, peer_id(a), a->port, ka->id, peer_id(b), b->port,
		 kb->id, srtp_xform_stream_count(relay_leg_xform(a, true)),
		 srtp_xform_stream_count(relay_leg_xform(b, true)));
}

/* ---- back to userspace --------------------------------------------- */

static void add_stats(struct fastpath_stats *to, const struct wrtcnl_stats *s)
{
	to->rx_packets += s->rx_packets;
	to->rx_bytes += s->rx_bytes;
	to->tx_packets += s->tx_packets;
	to->tx_bytes += s->tx_bytes;
	to->auth_failures += s->auth_failures;
	to->replay_drops += s->replay_drops;
}

/*
 * The kernel's state of one stream into the relay's context. Everything up
 * to the highest index is taken as seen (the window is not reported), and
 * outbound SRTCP goes on HANDOVER_SRTCP_GAP past the kernel's.
 */
static int stream_back(struct srtp_xform *x, const struct wrtcnl_ssrc_stats *s,
		       struct wrtc_err *err)
{
	struct srtp_xform_stream_state st = { .ssrc = s->ssrc, .roc = s->roc };
	int ret;

	if (s->has_seq) {
		st.rtp_valid = true;
		st.seq = s->seq;
		memset(st.rtp_window, 0xff, sizeof(st.rtp_window));
	}
	if (s->direction == WRTC_DIRECTION_TX) {
		st.rtcp_valid = true;
		st.srtcp_index = (s->has_srtcp_index ? s->srtcp_index : 0) +
				 HANDOVER_SRTCP_GAP;
		if (st.srtcp_index > SRTP_XFORM_SRTCP_INDEX_MAX)
			return wrtc_fail(err, -EKEYEXPIRED, 0,
					 "SRTCP index space used up");
	} else if (s->has_srtcp_index) {
		st.rtcp_valid = true;
		st.srtcp_index = s->srtcp_index;
		memset(st.rtcp_window, 0xff, sizeof(st.rtcp_window));
	}
	ret = srtp_xform_stream_set(x, &st, err);
	srtp_wipe(&st, sizeof(st));
	return ret;
}

/* Read a kernel leg's streams and counters back, then delete it. */
static int leg_back(struct wrtcnl *nl, struct leg *leg, struct wrtc_err *err)
{
	static struct wrtcnl_leg_stats st; /* large; one loop thread */
	struct kleg *k = leg->kernel_ctx;
	int ret;

	ret = wrtcnl_stats_get(nl, k->id, &st, err);
	if (!ret) {
		add_stats(&k->base, &st.stats);
		for (unsigned int i = 0; i < st.n_ssrcs && !ret; i++) {
			struct srtp_xform *x = relay_leg_xform(
				leg, st.ssrcs[i].direction == WRTC_DIRECTION_RX);

			/* A leg whose keys are going has no contexts. */
			if (x)
				ret = stream_back(x, &st.ssrcs[i], err);
		}
	}
	del_leg(nl, k);
	leg->datapath = LEG_DATAPATH_USER;
	return ret;
}

/*
 * The call's media back to the userspace relay: unpeer (the kernel stops
 * relaying and passes the packets up; it replies once the relays in flight
 * on other CPUs are counted), read each leg's state back, delete the
 * kernel legs. When the state cannot be had the relay cannot go on
 * safely (it would reuse SRTCP indices): the call ends.
 */
static void move_back(struct call *c, bool for_good, const char *why)
{
	struct wrtcnl *nl = fastpath_nl(c->leg[0]->env->fastpath);
	struct kleg *ka = c->leg[0]->kernel_ctx;
	struct wrtcnl_leg_change unpeer = { .set_peer = true, .peer_id = 0 };
	struct wrtc_err err = { "", 0 };
	int ret;

	ret = wrtcnl_leg_set(nl, ka->id, &unpeer, &err);
	for (int i = 0; i < 2; i++) {
		if (!ret)
			ret = leg_back(nl, c->leg[i], &err);
		else
			del_leg(nl, c->leg[i]->kernel_ctx);
		c->leg[i]->datapath = LEG_DATAPATH_USER;
	}
	if (for_good)
		give_up(c);
	if (ret) {
		log_warn("call %s: back from the kernel path (%s), but its kernel state is lost: %s",
			 c->id, why, err.msg);
		call_fail(c, "the kernel legs' stream state could not be read back");
		return;
	}
	log_info("call %s: media back in userspace: %s%s", c->id, why,
		 for_good ? "; it stays there" : "");
}

static bool on_kernel(const struct leg *leg)
{
	const struct kleg *k = leg->kernel_ctx;

	return k && k->id;
}

/* ---- the engines' calls -------------------------------------------- */

void handover_leg_keyed(struct leg *leg, const struct srtp_profile *p,
			const struct srtp_master_key *local,
			const struct srtp_master_key *remote)
{
	struct wrtc_err err = { "", 0 };
	struct kleg *k;

	if (!fp_of(leg) || !leg->call)
		return;
	k = kleg_of(leg, true);
	if (!k) {
		log_warn("call %s: out of memory: it stays in userspace",
			 call_id(leg));
		return;
	}
	if (on_kernel(leg)) {
		move_back(leg->call, false, "new DTLS keys");
		/* A failed move back ended the call (and freed @k). */
		if (!leg->call)
			return;
	}
	kleg_wipe_keys(k);
	k->profile = nl_profile(p);
	if (!k->profile ||
	    srtp_xform_config_from_master(&k->rx, p, remote,
					  SRTP_XFORM_INBOUND, &err) ||
	    srtp_xform_config_from_master(&k->tx, p, local,
					  SRTP_XFORM_OUTBOUND, &err)) {
		log_warn("call %s: no kernel keys for %s: %s", call_id(leg),
			 p->suite, err.msg[0] ? err.msg : "unknown profile");
		kleg_wipe_keys(k);
		return;
	}
	k->keyed = true;
	try_install(leg->call);
}

void handover_leg_unkeyed(struct leg *leg)
{
	struct kleg *k = leg->kernel_ctx;

	if (!k)
		return;
	if (on_kernel(leg) && leg->call) {
		char why[96];

		snprintf(why, sizeof(why), "the DTLS keys of %s are gone",
			 peer_id(leg));
		move_back(leg->call, false, why);
		/* A failed move back ended the call (and freed @k). */
		if (!leg->call)
			return;
	}
	kleg_wipe_keys(k);
}

void handover_leg_nominated(struct leg *leg)
{
	char why[128], addr[64];

	if (!fp_of(leg) || !leg->call)
		return;
	if (on_kernel(leg)) {
		leg_remote_text(leg, addr, sizeof(addr));
		snprintf(why, sizeof(why), "%s moved to %s", peer_id(leg),
			 addr);
		move_back(leg->call, false, why);
		/* A failed move back ends the call. */
		if (!leg->call)
			return;
	}
	try_install(leg->call);
}

void handover_user_media(struct leg *leg)
{
	struct kleg *k = leg->kernel_ctx;
	char why[192];

	if (!on_kernel(leg))
		return;
	if (uv_now(leg->env->loop) - k->handover_at <= HANDOVER_STRAGGLE_MS &&
	    k->stragglers < HANDOVER_STRAGGLERS_MAX) {
		k->stragglers++;
		return;
	}
	snprintf(why, sizeof(why),
		 "media from %s still reaches wrtcd (its device without XDP, a VLAN tag, IP options? wrtcctl stats tells)",
		 peer_id(leg));
	move_back(leg->call, true, why);
}

void handover_leg_teardown(struct leg *leg)
{
	struct kleg *k = leg->kernel_ctx;

	if (!k)
		return;
	if (k->id)
		del_leg(fastpath_nl(leg->env->fastpath), k);
	kleg_wipe_keys(k);
	free(k);
	leg->kernel_ctx = NULL;
}

/* The leg of @calls whose kernel leg is @id, or NULL. */
static struct leg *leg_by_kernel_id(struct call_table *calls, uint32_t id)
{
	struct list_node *n;

	list_for_each(n, &calls->calls) {
		struct call *c = list_entry(n, struct call, node);

		for (int i = 0; i < 2; i++) {
			struct kleg *k = c->leg[i]->kernel_ctx;

			if (k && k->id == id)
				return c->leg[i];
		}
	}
	return NULL;
}

void handover_event(struct call_table *calls, const struct wrtcnl_event *ev)
{
	struct leg *leg = leg_by_kernel_id(calls, ev->leg_id);
	char why[160];

	if (!leg) /* gone meanwhile, or not ours */
		return;
	switch (ev->cmd) {
	case WRTC_CMD_AUTH_FAIL_NTF:
		log_warn("call %s: packets from %s (port %u) fail SRTP authentication on the kernel path: %llu so far",
			 call_id(leg), peer_id(leg), leg->port,
			 (unsigned long long)ev->stats.auth_failures);
		break;
	case WRTC_CMD_KEY_EXHAUST_NTF:
		if (ev->packets < ev->packet_limit) {
			log_warn("call %s: the %s key of %s's leg has done %llu of its %llu packets",
				 call_id(leg),
				 ev->direction == WRTC_DIRECTION_RX ? "rx" : "tx",
				 peer_id(leg), (unsigned long long)ev->packets,
				 (unsigned long long)ev->packet_limit);
			break;
		}
		snprintf(why, sizeof(why),
			 "the %s SRTP key of %s's leg is used up (%llu packets)",
			 ev->direction == WRTC_DIRECTION_RX ? "rx" : "tx",
			 peer_id(leg), (unsigned long long)ev->packets);
		call_fail(leg->call, why);
		break;
	default:
		log_debug("call %s: kernel leg %u: event %u", call_id(leg),
			  ev->leg_id, ev->cmd);
		break;
	}
}

bool handover_leg_stats(struct leg *leg, struct fastpath_stats *out)
{
	static struct wrtcnl_leg_stats st;
	struct kleg *k = leg->kernel_ctx;
	struct wrtc_err err = { "", 0 };

	if (!k || !k->was_kernel)
		return false;
	*out = k->base;
	out->kernel_id = k->id;
	if (!k->id)
		return true;
	if (wrtcnl_stats_get(fastpath_nl(leg->env->fastpath), k->id, &st,
			     &err)) {
		log_warn("call %s: kernel leg %u: no counters: %s",
			 call_id(leg), k->id, err.msg);
		return true;
	}
	add_stats(out, &st.stats);
	return true;
}
