// SPDX-License-Identifier: GPL-2.0
/*
 * stats-get of the wrtc family: a leg's counters and, per direction, the
 * state and counters of each SSRC its primary key has seen (the secondary
 * slot's streams are not reported: it holds either a key not in use yet or
 * one on its way out).
 */
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "netlink.h"

/* One SSRC entry, and a whole reply with every SSRC of both directions. */
#define WRTC_NL_SSRC_SIZE                                      \
	(nla_total_size(0) + 4 * nla_total_size(sizeof(u32)) + \
	 nla_total_size(sizeof(u16)) + 5 * nla_total_size_64bit(sizeof(u64)))
#define WRTC_NL_STATS_SIZE                                                    \
	(NLMSG_GOODSIZE + (WRTC_DIRECTION_MAX + 1) * SRTP_XFORM_MAX_STREAMS * \
				  WRTC_NL_SSRC_SIZE)

static int wrtc_nl_put_ssrc(struct sk_buff *skb, u32 dir,
			    const struct srtp_xform_stream_state *st,
			    const struct wrtc_ssrc_stats *c)
{
	static const struct wrtc_ssrc_stats none;
	struct nlattr *nest = nla_nest_start(skb, WRTC_A_LEG_SSRC);

	if (!c)
		c = &none;
	/*
	 * Before the first packet: the ROC the stream starts with and no seq
	 * (nor SRTCP index): what is present names a packet, so that the
	 * state can be moved to another context exactly.
	 */
	if (!nest || nla_put_u32(skb, WRTC_A_SSRC_STATS_SSRC, st->ssrc) ||
	    nla_put_u32(skb, WRTC_A_SSRC_STATS_DIRECTION, dir) ||
	    nla_put_u32(skb, WRTC_A_SSRC_STATS_ROC, st->roc) ||
	    (st->rtp_valid &&
	     nla_put_u16(skb, WRTC_A_SSRC_STATS_SEQ, st->seq)) ||
	    (st->rtcp_valid && nla_put_u32(skb, WRTC_A_SSRC_STATS_SRTCP_INDEX,
					   st->srtcp_index)) ||
	    nla_put_u64_64bit(skb, WRTC_A_SSRC_STATS_PACKETS, c->packets,
			      WRTC_A_SSRC_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_SSRC_STATS_BYTES, c->bytes,
			      WRTC_A_SSRC_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_SSRC_STATS_AUTH_FAILURES,
			      c->auth_failures, WRTC_A_SSRC_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_SSRC_STATS_REPLAY_DROPS,
			      c->replay_drops, WRTC_A_SSRC_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_SSRC_STATS_LAST_PACKET, c->last,
			      WRTC_A_SSRC_STATS_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Every SSRC of @leg's primary keys, read under each key's lock. */
static int wrtc_nl_put_ssrcs(struct sk_buff *skb, const struct wrtc_leg *leg)
{
	struct srtp_xform_stream_state st;
	unsigned int pos;
	int err = 0;
	u32 dir;

	for (dir = 0; dir <= WRTC_DIRECTION_MAX && !err; dir++) {
		struct wrtc_key *key =
			wrtc_leg_key(leg, dir, WRTC_KEY_SLOT_PRIMARY);

		if (!key)
			continue;
		pos = 0;
		spin_lock_bh(&key->lock);
		while (!err && srtp_xform_stream_next(&key->xf, &pos, &st))
			err = wrtc_nl_put_ssrc(skb, dir, &st,
					       wrtc_key_ssrc_stats(key, st.ssrc,
								   false));
		spin_unlock_bh(&key->lock);
	}
	/* The windows are not secret, but nothing else needs them either. */
	memzero_explicit(&st, sizeof(st));
	return err;
}

static int wrtc_nl_fill_stats(struct sk_buff *skb, const struct wrtc_leg *leg,
			      u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &wrtc_nl_family, flags,
			  WRTC_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, WRTC_A_LEG_ID, leg->id) ||
	    wrtc_nl_put_stats(skb, leg) || wrtc_nl_put_ssrcs(skb, leg)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int wrtc_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct wrtc_leg *leg;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(WRTC_NL_STATS_SIZE, GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}
	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_LEG_ID);
	if (leg)
		err = wrtc_nl_fill_stats(msg, leg, info->snd_portid,
					 info->snd_seq, 0);
	else
		err = info->attrs[WRTC_A_LEG_ID] ? -ENOENT : -EINVAL;
	mutex_unlock(&wn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Dump messages big enough for a leg with every SSRC slot in use. */
int wrtc_nl_stats_dump_start(struct netlink_callback *cb)
{
	cb->min_dump_alloc = WRTC_NL_STATS_SIZE;
	return 0;
}

int wrtc_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct wrtc_net *wn = wrtc_net(sock_net(skb->sk));
	unsigned long id = cb->args[0];
	struct wrtc_leg *leg;
	int err = 0;

	mutex_lock(&wn->lock);
	xa_for_each_start(&wn->legs, id, leg, cb->args[0]) {
		err = wrtc_nl_fill_stats(skb, leg, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
		cb->args[0] = id + 1;
	}
	mutex_unlock(&wn->lock);
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
