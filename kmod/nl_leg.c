// SPDX-License-Identifier: GPL-2.0
/* Leg operations of the wrtc family: new, set, del, get (do, dump), flush. */
#include <linux/in.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include "netlink.h"

/* One end of the 5-tuple: address (either family) and port. */
static int wrtc_nl_endpoint(struct genl_info *info, int a4, int a6, int port,
			    bool local, struct in6_addr *addr, __be16 *portp,
			    u8 *family)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;

	if (attrs[a4] && attrs[a6]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[a6],
				    "give one address family, not both");
		return -EINVAL;
	}
	if (attrs[a4]) {
		__be32 v4 = nla_get_in_addr(attrs[a4]);

		if (ipv4_is_zeronet(v4) || ipv4_is_multicast(v4) ||
		    ipv4_is_lbcast(v4)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[a4],
					    "address is not a unicast address");
			return -EINVAL;
		}
		ipv6_addr_set_v4mapped(v4, addr);
		*family = AF_INET;
	} else if (attrs[a6]) {
		*addr = nla_get_in6_addr(attrs[a6]);
		if (ipv6_addr_any(addr) || ipv6_addr_is_multicast(addr) ||
		    ipv6_addr_v4mapped(addr)) {
			NL_SET_ERR_MSG_ATTR(
				extack, attrs[a6],
				"address is not a unicast IPv6 address");
			return -EINVAL;
		}
		*family = AF_INET6;
	} else {
		NL_SET_ERR_ATTR_MISS(extack, NULL, a4);
		if (local)
			NL_SET_ERR_MSG(extack, "missing local address");
		else
			NL_SET_ERR_MSG(extack, "missing remote address");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, port)) {
		if (local)
			NL_SET_ERR_MSG(extack, "missing local port");
		else
			NL_SET_ERR_MSG(extack, "missing remote port");
		return -EINVAL;
	}
	*portp = nla_get_be16(attrs[port]);
	return 0;
}

static int wrtc_nl_tuple(struct genl_info *info, struct wrtc_tuple *t)
{
	u8 remote_family = 0;
	int err;

	memset(t, 0, sizeof(*t));
	err = wrtc_nl_endpoint(info, WRTC_A_LEG_LOCAL_IPV4,
			       WRTC_A_LEG_LOCAL_IPV6, WRTC_A_LEG_LOCAL_PORT,
			       true, &t->local, &t->local_port, &t->family);
	if (err)
		return err;
	err = wrtc_nl_endpoint(info, WRTC_A_LEG_REMOTE_IPV4,
			       WRTC_A_LEG_REMOTE_IPV6, WRTC_A_LEG_REMOTE_PORT,
			       false, &t->remote, &t->remote_port,
			       &remote_family);
	if (err)
		return err;
	if (remote_family != t->family) {
		NL_SET_ERR_MSG(info->extack,
			       "local and remote addresses differ in family");
		return -EINVAL;
	}
	return 0;
}

int wrtc_nl_put_stats(struct sk_buff *skb, const struct wrtc_leg *leg)
{
	struct wrtc_stats st;
	struct nlattr *nest;

	wrtc_leg_read_stats(leg, &st);
	nest = nla_nest_start(skb, WRTC_A_LEG_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, WRTC_A_STATS_RX_PACKETS, st.rx_packets,
			      WRTC_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_STATS_RX_BYTES, st.rx_bytes,
			      WRTC_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_STATS_TX_PACKETS, st.tx_packets,
			      WRTC_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_STATS_TX_BYTES, st.tx_bytes,
			      WRTC_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_STATS_AUTH_FAILURES, st.auth_failures,
			      WRTC_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_STATS_REPLAY_DROPS, st.replay_drops,
			      WRTC_A_STATS_PAD) ||
	    nla_put_u64_64bit(skb, WRTC_A_STATS_LAST_RX, st.last_rx,
			      WRTC_A_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Public facts of each installed key: never the key material. */
static int wrtc_nl_put_keys(struct sk_buff *skb, const struct wrtc_leg *leg)
{
	u32 dir, slot;

	for (dir = 0; dir <= WRTC_DIRECTION_MAX; dir++) {
		for (slot = 0; slot <= WRTC_KEY_SLOT_MAX; slot++) {
			struct wrtc_key *key = wrtc_leg_key(leg, dir, slot);
			struct nlattr *nest;

			if (!key)
				continue;
			nest = nla_nest_start(skb, WRTC_A_LEG_KEY);
			if (!nest ||
			    nla_put_u32(skb, WRTC_A_KEY_DIRECTION, dir) ||
			    nla_put_u32(skb, WRTC_A_KEY_SLOT, slot) ||
			    nla_put_u32(skb, WRTC_A_KEY_PROFILE,
					key->profile) ||
			    nla_put_u64_64bit(skb, WRTC_A_KEY_PACKETS,
					      atomic64_read(&key->packets),
					      WRTC_A_KEY_PAD) ||
			    nla_put_u64_64bit(skb, WRTC_A_KEY_PACKET_LIMIT,
					      key->packet_limit,
					      WRTC_A_KEY_PAD))
				return -EMSGSIZE;
			nla_nest_end(skb, nest);
		}
	}
	return 0;
}

static int wrtc_nl_put_endpoint(struct sk_buff *skb, u8 family,
				const struct in6_addr *addr, __be16 port,
				int a4, int a6, int aport)
{
	int err;

	if (family == AF_INET)
		err = nla_put_in_addr(skb, a4, addr->s6_addr32[3]);
	else
		err = nla_put_in6_addr(skb, a6, addr);
	return err ?: nla_put_be16(skb, aport, port);
}

/* One leg as leg-get reports it; the caller holds wn->lock. */
static int wrtc_nl_fill_leg(struct sk_buff *skb, const struct wrtc_leg *leg,
			    u32 portid, u32 seq, int flags, u8 cmd)
{
	const struct wrtc_tuple *t = &leg->tuple;
	struct wrtc_leg *peer = wrtc_leg_peer(leg);
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &wrtc_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, WRTC_A_LEG_ID, leg->id) ||
	    wrtc_nl_put_endpoint(skb, t->family, &t->local, t->local_port,
				 WRTC_A_LEG_LOCAL_IPV4, WRTC_A_LEG_LOCAL_IPV6,
				 WRTC_A_LEG_LOCAL_PORT) ||
	    wrtc_nl_put_endpoint(skb, t->family, &t->remote, t->remote_port,
				 WRTC_A_LEG_REMOTE_IPV4, WRTC_A_LEG_REMOTE_IPV6,
				 WRTC_A_LEG_REMOTE_PORT) ||
	    nla_put_u32(skb, WRTC_A_LEG_FLAGS, leg->flags) ||
	    nla_put_u32(skb, WRTC_A_LEG_PEER_ID, peer ? peer->id : 0) ||
	    nla_put_u32(skb, WRTC_A_LEG_IDLE_TIMEOUT, leg->idle_timeout) ||
	    nla_put_u32(skb, WRTC_A_LEG_OWNER,
			leg->owner ? leg->owner->portid : 0) ||
	    wrtc_nl_put_stats(skb, leg) || wrtc_nl_put_keys(skb, leg)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int wrtc_nl_reply_leg(struct genl_info *info, const struct wrtc_leg *leg)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	int err;

	if (!msg)
		return -ENOMEM;
	err = wrtc_nl_fill_leg(msg, leg, info->snd_portid, info->snd_seq, 0,
			       WRTC_CMD_LEG_GET);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * The leg that @info's peer-id names for @self_id (NULL for 0: unpeer), so
 * that a request is checked whole before it changes anything.
 */
static int wrtc_nl_find_peer(struct wrtc_net *wn, struct genl_info *info,
			     u32 self_id, struct wrtc_leg **peer)
{
	struct nlattr *attr = info->attrs[WRTC_A_LEG_PEER_ID];
	u32 id = nla_get_u32(attr);

	*peer = NULL;
	if (id && id == self_id) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "a leg cannot be its own peer");
		return -EINVAL;
	}
	if (id) {
		*peer = wrtc_leg_by_id(wn, id);
		if (!*peer) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "no leg with this peer id");
			return -ENOENT;
		}
	}
	return 0;
}

int wrtc_nl_leg_new(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct wrtc_leg *leg, *peer = NULL;
	struct wrtc_tuple tuple;
	u32 flags = 0;
	int err;

	err = wrtc_nl_tuple(info, &tuple);
	if (err)
		return err;
	if (attrs[WRTC_A_LEG_FLAGS])
		flags = nla_get_u32(attrs[WRTC_A_LEG_FLAGS]);

	mutex_lock(&wn->lock);
	if (attrs[WRTC_A_LEG_PEER_ID]) {
		err = wrtc_nl_find_peer(wn, info, 0, &peer);
		if (err)
			goto out;
	}
	leg = wrtc_leg_create(
		wn, &tuple,
		flags & WRTC_LEG_FLAGS_PERSISTENT ? 0 : info->snd_portid,
		info->extack);
	if (IS_ERR(leg)) {
		err = PTR_ERR(leg);
		goto out;
	}
	leg->flags = flags;
	if (attrs[WRTC_A_LEG_IDLE_TIMEOUT])
		leg->idle_timeout = nla_get_u32(attrs[WRTC_A_LEG_IDLE_TIMEOUT]);
	if (peer)
		wrtc_leg_set_peer(leg, peer);
	err = wrtc_nl_reply_leg(info, leg);
	if (err) {
		wrtc_leg_delete(leg);
		if (!info->extack->_msg)
			NL_SET_ERR_MSG(info->extack, "cannot send the reply");
	}
out:
	mutex_unlock(&wn->lock);
	return err;
}

int wrtc_nl_leg_set(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct wrtc_leg *leg, *peer = NULL;
	int err = 0;

	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_LEG_ID);
	if (!leg) {
		err = info->attrs[WRTC_A_LEG_ID] ? -ENOENT : -EINVAL;
		goto out;
	}
	if (attrs[WRTC_A_LEG_PEER_ID]) {
		err = wrtc_nl_find_peer(wn, info, leg->id, &peer);
		if (err)
			goto out;
	}
	if (attrs[WRTC_A_LEG_FLAGS]) {
		u32 flags = nla_get_u32(attrs[WRTC_A_LEG_FLAGS]);

		/* Clearing persistent hands the leg to the caller's socket. */
		err = wrtc_leg_set_owner(leg,
					 flags & WRTC_LEG_FLAGS_PERSISTENT ?
						 0 :
						 info->snd_portid);
		if (err) {
			NL_SET_ERR_MSG(info->extack,
				       "out of memory for the owner");
			goto out;
		}
		leg->flags = flags;
	}
	/* Nothing fails from here on. */
	if (attrs[WRTC_A_LEG_PEER_ID])
		wrtc_leg_set_peer(leg, peer);
	if (attrs[WRTC_A_LEG_IDLE_TIMEOUT]) {
		leg->idle_timeout = nla_get_u32(attrs[WRTC_A_LEG_IDLE_TIMEOUT]);
		/* A new timeout: the leg may be reported idle again. */
		wrtc_events_leg_changed(leg);
	}
out:
	mutex_unlock(&wn->lock);
	/*
	 * A relay that read the old peer may still be counting its packet on
	 * another CPU. Reply only once it is done, so that a caller unpeering
	 * to take a call back reads final counters and stream state.
	 */
	if (!err && attrs[WRTC_A_LEG_PEER_ID])
		synchronize_net();
	return err;
}

int wrtc_nl_leg_del(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct wrtc_leg *leg;
	int err = 0;

	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_LEG_ID);
	if (leg)
		wrtc_leg_delete(leg);
	else
		err = info->attrs[WRTC_A_LEG_ID] ? -ENOENT : -EINVAL;
	mutex_unlock(&wn->lock);
	return err;
}

int wrtc_nl_leg_get(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct wrtc_leg *leg;
	int err;

	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_LEG_ID);
	if (leg)
		err = wrtc_nl_reply_leg(info, leg);
	else
		err = info->attrs[WRTC_A_LEG_ID] ? -ENOENT : -EINVAL;
	mutex_unlock(&wn->lock);
	return err;
}

/*
 * Legs in id order, as many per message as fit; cb->args[0] is the next id
 * to send, so a dump resumes where the last message ended even when legs
 * come and go in between.
 */
int wrtc_nl_leg_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct wrtc_net *wn = wrtc_net(sock_net(skb->sk));
	unsigned long id = cb->args[0];
	struct wrtc_leg *leg;
	int err = 0;

	mutex_lock(&wn->lock);
	xa_for_each_start(&wn->legs, id, leg, cb->args[0]) {
		err = wrtc_nl_fill_leg(skb, leg, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       WRTC_CMD_LEG_GET);
		if (err)
			break;
		cb->args[0] = id + 1;
	}
	mutex_unlock(&wn->lock);
	/* A full message ends this part; an empty one ends the dump. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

int wrtc_nl_leg_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));

	mutex_lock(&wn->lock);
	wrtc_leg_flush(wn);
	mutex_unlock(&wn->lock);
	return 0;
}
