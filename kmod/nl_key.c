// SPDX-License-Identifier: GPL-2.0
/* Key operations of the wrtc family: install, swap, del. */
#include <linux/slab.h>
#include <net/genetlink.h>
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

static int wrtc_nl_key_material(struct genl_info *info,
				struct wrtc_key_params *p)
{
	static const int nests[] = { WRTC_A_KEY_AES_CM_128,
				     WRTC_A_KEY_AES_GCM_128,
				     WRTC_A_KEY_AES_GCM_256 };
	const struct wrtc_key_layout *l = wrtc_key_layout(p->profile);
	struct srtp_xform_config *cfg = &p->cfg;
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
			{ l->rtp_key, cfg->rtp.enc_key, cfg->key_len },
			{ l->rtp_auth, cfg->rtp.auth_key,
			  SRTP_XFORM_AUTH_KEY_LEN },
			{ l->rtp_salt, cfg->rtp.salt, cfg->salt_len },
			{ l->rtcp_key, cfg->rtcp.enc_key, cfg->key_len },
			{ l->rtcp_auth, cfg->rtcp.auth_key,
			  SRTP_XFORM_AUTH_KEY_LEN },
			{ l->rtcp_salt, cfg->rtcp.salt, cfg->salt_len },
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
static int wrtc_nl_key_ssrcs(struct genl_info *info, struct wrtc_key_params *p)
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
		if (p->n_ssrcs == WRTC_MAX_SSRCS) {
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
		s = &p->ssrcs[p->n_ssrcs];
		s->ssrc = nla_get_u32(tb[WRTC_A_SSRC_STATE_SSRC]);
		for (i = 0; i < p->n_ssrcs; i++) {
			if (p->ssrcs[i].ssrc == s->ssrc) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "SSRC given twice");
				return -EINVAL;
			}
		}
		if (tb[WRTC_A_SSRC_STATE_ROC])
			s->roc = nla_get_u32(tb[WRTC_A_SSRC_STATE_ROC]);
		if (tb[WRTC_A_SSRC_STATE_SEQ]) {
			s->seq = nla_get_u16(tb[WRTC_A_SSRC_STATE_SEQ]);
			s->has_seq = true;
		}
		if (tb[WRTC_A_SSRC_STATE_SRTCP_INDEX]) {
			s->srtcp_index =
				nla_get_u32(tb[WRTC_A_SSRC_STATE_SRTCP_INDEX]);
			s->has_srtcp_index = true;
		}
		p->n_ssrcs++;
	}
	return 0;
}

int wrtc_nl_key_install(struct sk_buff *skb, struct genl_info *info)
{
	struct wrtc_net *wn = wrtc_net(genl_info_net(info));
	struct nlattr **attrs = info->attrs;
	struct wrtc_key_params *p;
	struct wrtc_key *key;
	struct wrtc_leg *leg;
	int err;

	if (WRTC_NL_REQUIRE(info, WRTC_A_KEY_LEG_ID, "missing leg id") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_DIRECTION, "missing direction") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_SLOT, "missing key slot") ||
	    WRTC_NL_REQUIRE(info, WRTC_A_KEY_PROFILE, "missing SRTP profile"))
		return -EINVAL;
	/* Not on the stack: it is large, and it is wiped whatever happens. */
	p = kmalloc(sizeof(*p), GFP_KERNEL);
	if (!p) {
		NL_SET_ERR_MSG(info->extack, "out of memory for a key");
		return -ENOMEM;
	}
	/* The policy checked profile and direction. */
	err = wrtc_key_params_init(p, nla_get_u32(attrs[WRTC_A_KEY_PROFILE]),
				   nla_get_u32(attrs[WRTC_A_KEY_DIRECTION]));
	err = err				    ?:
		      wrtc_nl_key_material(info, p) ?:
						      wrtc_nl_key_ssrcs(info, p);
	if (err)
		goto out;
	p->packet_limit = WRTC_KEY_DEFAULT_LIMIT;
	if (attrs[WRTC_A_KEY_PACKET_LIMIT] &&
	    nla_get_u64(attrs[WRTC_A_KEY_PACKET_LIMIT]))
		p->packet_limit = nla_get_u64(attrs[WRTC_A_KEY_PACKET_LIMIT]);
	/* Keyed outside the lock: the crypto API may sleep loading modules. */
	key = wrtc_key_create(p, info->extack);
	if (IS_ERR(key)) {
		err = PTR_ERR(key);
		goto out;
	}

	mutex_lock(&wn->lock);
	leg = wrtc_nl_leg(wn, info, WRTC_A_KEY_LEG_ID);
	if (leg)
		wrtc_key_install(leg, p->dir,
				 nla_get_u32(attrs[WRTC_A_KEY_SLOT]), key);
	mutex_unlock(&wn->lock);
	if (!leg) {
		wrtc_key_free(key);
		err = -ENOENT;
	}
out:
	kfree_sensitive(p);
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
