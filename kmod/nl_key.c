// SPDX-License-Identifier: GPL-2.0
/* Key operations of the wrtc family (install, swap, del) and stats-get. */
#include <net/genetlink.h>
#include <net/sock.h>
#include <net/netlink.h>

#include "netlink.h"

/* Where each session key of a profile class is in its nest (0: absent). */
struct wrtc_key_layout {
	int nest;
	const char *name;
	const struct nla_policy *policy;
	unsigned int maxattr;
	int rtp_key, rtp_auth, rtp_salt;
	int rtcp_key, rtcp_auth, rtcp_salt;
};

static const struct wrtc_key_layout wrtc_layout_cm = {
	.nest = WRTC_A_KEY_AES_CM_128,
	.name = "aes-cm-128",
	.policy = wrtc_keys_aes_cm_128_nl_policy,
	.maxattr = WRTC_A_KEYS_AES_CM_128_MAX,
	.rtp_key = WRTC_A_KEYS_AES_CM_128_RTP_KEY,
	.rtp_auth = WRTC_A_KEYS_AES_CM_128_RTP_AUTH_KEY,
	.rtp_salt = WRTC_A_KEYS_AES_CM_128_RTP_SALT,
	.rtcp_key = WRTC_A_KEYS_AES_CM_128_RTCP_KEY,
	.rtcp_auth = WRTC_A_KEYS_AES_CM_128_RTCP_AUTH_KEY,
	.rtcp_salt = WRTC_A_KEYS_AES_CM_128_RTCP_SALT,
};

static const struct wrtc_key_layout wrtc_layout_gcm128 = {
	.nest = WRTC_A_KEY_AES_GCM_128,
	.name = "aes-gcm-128",
	.policy = wrtc_keys_aes_gcm_128_nl_policy,
	.maxattr = WRTC_A_KEYS_AES_GCM_128_MAX,
	.rtp_key = WRTC_A_KEYS_AES_GCM_128_RTP_KEY,
	.rtp_salt = WRTC_A_KEYS_AES_GCM_128_RTP_SALT,
	.rtcp_key = WRTC_A_KEYS_AES_GCM_128_RTCP_KEY,
	.rtcp_salt = WRTC_A_KEYS_AES_GCM_128_RTCP_SALT,
};

static const struct wrtc_key_layout wrtc_layout_gcm256 = {
	.nest = WRTC_A_KEY_AES_GCM_256,
	.name = "aes-gcm-256",
	.policy = wrtc_keys_aes_gcm_256_nl_policy,
	.maxattr = WRTC_A_KEYS_AES_GCM_256_MAX,
	.rtp_key = WRTC_A_KEYS_AES_GCM_256_RTP_KEY,
	.rtp_salt = WRTC_A_KEYS_AES_GCM_256_RTP_SALT,
	.rtcp_key = WRTC_A_KEYS_AES_GCM_256_RTCP_KEY,
	.rtcp_salt = WRTC_A_KEYS_AES_GCM_256_RTCP_SALT,
};

/* SRTP packets a key protects before key-exhaust-ntf, by default: 2^48
 * (RFC 3711 section 9.2) less room for the renegotiation to finish.
 */
#define WRTC_KEY_DEFAULT_LIMIT ((1ULL << 48) - (1ULL << 32))

static const struct wrtc_key_layout *wrtc_key_layout(u32 profile)
{
	switch (profile) {
	case WRTC_SRTP_PROFILE_AEAD_AES_128_GCM:
		return &wrtc_layout_gcm128;
	case WRTC_SRTP_PROFILE_AEAD_AES_256_GCM:
		return &wrtc_layout_gcm256;
	default:
		return &wrtc_layout_cm;
	}
}

/* Copy one session key out of @tb; its length was checked by the policy. */
static int wrtc_key_take(struct nlattr **tb, int type, struct nlattr *nest,
			 u8 *dst, int len, struct netlink_ext_ack *extack)
{
	if (!type)
		return 0;
	if (!tb[type]) {
		NL_SET_ERR_ATTR_MISS(extack, nest, type);
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "missing session key or salt");
		return -EINVAL;
	}
	nla_memcpy(dst, tb[type], len);
	return 0;
}

static int wrtc_nl_key_material(struct genl_info *info, struct wrtc_key *key)
{
	static const int nests[] = { WRTC_A_KEY_AES_CM_128,
				     WRTC_A_KEY_AES_GCM_128,
				     WRTC_A_KEY_AES_GCM_256 };
	const struct wrtc_key_layout *l = wrtc_key_layout(key->profile);
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[WRTC_A_KEYS_AES_CM_128_MAX + 1];
	struct nlattr *nest;
	unsigned int i;
	int err;

	BUILD_BUG_ON((int)WRTC_A_KEYS_AES_GCM_128_MAX >
			     (int)WRTC_A_KEYS_AES_CM_128_MAX ||
		     (int)WRTC_A_KEYS_AES_GCM_256_MAX >
			     (int)WRTC_A_KEYS_AES_CM_128_MAX);
	for (i = 0; i < ARRAY_SIZE(nests); i++) {
		if (nests[i] != l->nest && info->attrs[nests[i]]) {
			NL_SET_ERR_MSG_ATTR(
				extack, info->attrs[nests[i]],
				"key nest does not match the profile");
			return -EINVAL;
		}
	}
	nest = info->attrs[l->nest];
	if (!nest) {
		NL_SET_ERR_ATTR_MISS(extack, NULL, l->nest);
		NL_SET_ERR_MSG(extack,
			       "missing the session keys the profile needs");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, l->maxattr, nest, l->policy, extack);
	if (err)
		return err;
	/* Each session key of the class, where it goes, how long it is. */
	{
		const struct {
			int type;
			u8 *dst;
			int len;
		} parts[] = {
			{ l->rtp_key, key->rtp.cipher_key,
			  key->cipher_key_len },
			{ l->rtp_auth, key->rtp.auth_key, WRTC_AUTH_KEY_LEN },
			{ l->rtp_salt, key->rtp.salt, key->salt_len },
			{ l->rtcp_key, key->rtcp.cipher_key,
			  key->cipher_key_len },
			{ l->rtcp_auth, key->rtcp.auth_key, WRTC_AUTH_KEY_LEN },
			{ l->rtcp_salt, key->rtcp.salt, key->salt_len },
		};

		for (i = 0; i < ARRAY_SIZE(parts); i++) {
			err = wrtc_key_take(tb, parts[i].type, nest,
					    parts[i].dst, parts[i].len, extack);
			if (err)
				return err;
		}
	}
	return 0;
}

/* The initial SSRC states: each ssrc attribute of the request, in order. */
static int wrtc_nl_key_ssrcs(struct genl_info *info, struct wrtc_key *key)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[WRTC_A_SSRC_STATE_MAX + 1];
	struct nlattr *a;
	unsigned int i;
	int rem, err;

	nla_for_each_attr(a, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		struct wrtc_ssrc_state *s;

		if (nla_type(a) != WRTC_A_KEY_SSRC)
			continue;
		if (key->n_ssrcs == WRTC_MAX_SSRCS) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many SSRC states");
			return -E2BIG;
		}
		err = nla_parse_nested(tb, WRTC_A_SSRC_STATE_MAX, a,
				       wrtc_ssrc_state_nl_policy, extack);
		if (err)
			return err;
		if (!tb[WRTC_A_SSRC_STATE_SSRC]) {
			NL_SET_ERR_ATTR_MISS(extack, a, WRTC_A_SSRC_STATE_SSRC);
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "SSRC state without ssrc");
			return -EINVAL;
		}
		s = &key->ssrcs[key->n_ssrcs];
		s->ssrc = nla_get_u32(tb[WRTC_A_SSRC_STATE_SSRC]);
		for (i = 0; i < key->n_ssrcs; i++) {
			if (key->ssrcs[i].ssrc == s->ssrc) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "SSRC given twice");
				return -EINVAL;
			}
		}
		if (tb[WRTC_A_SSRC_STATE_ROC])
			s->roc = nla_get_u32(tb[WRTC_A_SSRC_STATE_ROC]);
		if (tb[WRTC_A_SSRC_STATE_SEQ])
			s->seq = nla_get_u16(tb[WRTC_A_SSRC_STATE_SEQ]);
		if (tb[WRTC_A_SSRC_STATE_SRTCP_INDEX])
			s->srtcp_index =
				nla_get_u32(tb[WRTC_A_SSRC_STATE_SRTCP_INDEX]);
		key->n_ssrcs++;
	}
	return 0;
}

int wrtc_nl_key_install(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct wrtc_key *key;
	struct wrtc_leg *leg;
	u32 dir, slot;
	int err;

	if (WRTC_NL_REQUIRE(info, WRTC_A_KEY_LEG_ID, "missing leg id") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_DIRECTION, "missing direction") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_SLOT, "missing key slot") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_PROFILE, "missing SRTP profile"))
		return -EINVAL;
	dir = nla_get_u32(attrs[WRTC_A_KEY_DIRECTION]);
	slot = nla_get_u32(attrs[WRTC_A_KEY_SLOT]);
	key = wrtc_key_alloc(nla_get_u32(attrs[WRTC_A_KEY_PROFILE]));
	if (!key) {
		NL_SET_ERR_MSG(info->extack, "out of memory for a key");
		return -ENOMEM;
	}
	err = wrtc_nl_key_material(info, key) ?: wrtc_nl_key_ssrcs(info, key);
	if (err)
		goto fail;
	key->packet_limit = WRTC_KEY_DEFAULT_LIMIT;
	if (attrs[WRTC_A_KEY_PACKET_LIMIT] &&
	    nla_get_u64(attrs[WRTC_A_KEY_PACKET_LIMIT]))
		key->packet_limit = nla_get_u64(attrs[WRTC_A_KEY_PACKET_LIMIT]);

	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_KEY_LEG_ID);
	if (leg)
		wrtc_key_install(leg, dir, slot, key);
	mutex_unlock(&wn->lock);
	if (leg)
		return 0;
	err = -ENOENT;
fail:
	wrtc_key_free(key);
	return err;
}

int wrtc_nl_key_swap(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct wrtc_leg *leg;
	int err = -ENOENT;

	if (WRTC_NL_REQUIRE(info, WRTC_A_KEY_LEG_ID, "missing leg id") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_DIRECTION, "missing direction"))
		return -EINVAL;
	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_KEY_LEG_ID);
	if (leg) {
		err = wrtc_key_swap(
			leg, nla_get_u32(info->attrs[WRTC_A_KEY_DIRECTION]));
		if (err)
			NL_SET_ERR_MSG(info->extack, "no key in either slot");
	}
	mutex_unlock(&wn->lock);
	return err;
}

int wrtc_nl_key_del(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct wrtc_leg *leg;
	int err = -ENOENT;

	if (WRTC_NL_REQUIRE(info, WRTC_A_KEY_LEG_ID, "missing leg id") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_DIRECTION, "missing direction") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_SLOT, "missing key slot"))
		return -EINVAL;
	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_KEY_LEG_ID);
	if (leg) {
		err = wrtc_key_del(leg,
				   nla_get_u32(attrs[WRTC_A_KEY_DIRECTION]),
				   nla_get_u32(attrs[WRTC_A_KEY_SLOT]));
		if (err)
			NL_SET_ERR_MSG(info->extack, "the key slot is empty");
	}
	mutex_unlock(&wn->lock);
	return err;
}

/*
 * Per-SSRC entries: for now the states the primary keys were installed
 * with; the SRTP transform keeps them current and counts per SSRC.
 */
static int wrtc_nl_put_ssrcs(struct sk_buff *skb, const struct wrtc_leg *leg)
{
	u32 dir;
	unsigned int i;

	for (dir = 0; dir <= WRTC_DIRECTION_MAX; dir++) {
		struct wrtc_key *key =
			wrtc_leg_key(leg, dir, WRTC_KEY_SLOT_PRIMARY);

		for (i = 0; key && i < key->n_ssrcs; i++) {
			const struct wrtc_ssrc_state *s = &key->ssrcs[i];
			struct nlattr *nest =
				nla_nest_start(skb, WRTC_A_LEG_SSRC);

			if (!nest ||
			    nla_put_u32(skb, WRTC_A_SSRC_STATS_SSRC, s->ssrc) ||
			    nla_put_u32(skb, WRTC_A_SSRC_STATS_DIRECTION,
					dir) ||
			    nla_put_u32(skb, WRTC_A_SSRC_STATS_ROC, s->roc) ||
			    nla_put_u16(skb, WRTC_A_SSRC_STATS_SEQ, s->seq))
				return -EMSGSIZE;
			nla_nest_end(skb, nest);
		}
	}
	return 0;
}

static int wrtc_nl_fill_stats(struct sk_buff *skb, const struct wrtc_leg *leg,
			      u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &wrtc_nl_family, flags,
			  WRTC_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, WRTC_A_LEG_ID, leg->id))
		goto cancel;
	if (wrtc_nl_put_stats(skb, leg))
		goto cancel;
	if (wrtc_nl_put_ssrcs(skb, leg))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int wrtc_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct wrtc_leg *leg;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
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
