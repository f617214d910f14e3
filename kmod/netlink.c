// SPDX-License-Identifier: GPL-2.0
/*
 * The wrtc generic netlink family: per-operation policies written from
 * kmod/wrtc.yaml (attribute for attribute, check for check), the operation
 * table, the events multicast group, and the socket-release notifier that
 * deletes the legs of a closed socket.
 *
 * Validation is strict (unknown and unexpected attributes are rejected);
 * every operation needs CAP_NET_ADMIN (GENL_ADMIN_PERM). Socket ownership
 * uses the NETLINK_URELEASE notifier rather than genl sock_priv, which 6.1
 * lacks, so one code path serves both kernels.
 */
#include <linux/module.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "netlink.h"

/*
 * Integer ranges beyond what a policy's s16 min/max holds (not const:
 * 6.1's policy points to them without const).
 */

static struct netlink_range_validation wrtc_idle_timeout_range = {
	.max = WRTC_MAX_IDLE_TIMEOUT,
};

static struct netlink_range_validation wrtc_srtcp_index_range = {
	.max = 0x7fffffff,
};

/* Nested types */

const struct nla_policy
	wrtc_keys_aes_cm_128_nl_policy[WRTC_A_KEYS_AES_CM_128_MAX + 1] = {
		[WRTC_A_KEYS_AES_CM_128_RTP_KEY] = NLA_POLICY_EXACT_LEN(16),
		[WRTC_A_KEYS_AES_CM_128_RTP_AUTH_KEY] =
			NLA_POLICY_EXACT_LEN(20),
		[WRTC_A_KEYS_AES_CM_128_RTP_SALT] = NLA_POLICY_EXACT_LEN(14),
		[WRTC_A_KEYS_AES_CM_128_RTCP_KEY] = NLA_POLICY_EXACT_LEN(16),
		[WRTC_A_KEYS_AES_CM_128_RTCP_AUTH_KEY] =
			NLA_POLICY_EXACT_LEN(20),
		[WRTC_A_KEYS_AES_CM_128_RTCP_SALT] = NLA_POLICY_EXACT_LEN(14),
	};

const struct nla_policy
	wrtc_keys_aes_gcm_128_nl_policy[WRTC_A_KEYS_AES_GCM_128_MAX + 1] = {
		[WRTC_A_KEYS_AES_GCM_128_RTP_KEY] = NLA_POLICY_EXACT_LEN(16),
		[WRTC_A_KEYS_AES_GCM_128_RTP_SALT] = NLA_POLICY_EXACT_LEN(12),
		[WRTC_A_KEYS_AES_GCM_128_RTCP_KEY] = NLA_POLICY_EXACT_LEN(16),
		[WRTC_A_KEYS_AES_GCM_128_RTCP_SALT] = NLA_POLICY_EXACT_LEN(12),
	};

const struct nla_policy
	wrtc_keys_aes_gcm_256_nl_policy[WRTC_A_KEYS_AES_GCM_256_MAX + 1] = {
		[WRTC_A_KEYS_AES_GCM_256_RTP_KEY] = NLA_POLICY_EXACT_LEN(32),
		[WRTC_A_KEYS_AES_GCM_256_RTP_SALT] = NLA_POLICY_EXACT_LEN(12),
		[WRTC_A_KEYS_AES_GCM_256_RTCP_KEY] = NLA_POLICY_EXACT_LEN(32),
		[WRTC_A_KEYS_AES_GCM_256_RTCP_SALT] = NLA_POLICY_EXACT_LEN(12),
	};

const struct nla_policy wrtc_ssrc_state_nl_policy[WRTC_A_SSRC_STATE_MAX + 1] = {
	[WRTC_A_SSRC_STATE_SSRC] = { .type = NLA_U32 },
	[WRTC_A_SSRC_STATE_ROC] = { .type = NLA_U32 },
	[WRTC_A_SSRC_STATE_SEQ] = { .type = NLA_U16 },
	[WRTC_A_SSRC_STATE_SRTCP_INDEX] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &wrtc_srtcp_index_range),
};

/* Per-operation request policies */

static const struct nla_policy wrtc_leg_new_nl_policy[WRTC_A_LEG_IDLE_TIMEOUT +
						      1] = {
	[WRTC_A_LEG_LOCAL_IPV4] = { .type = NLA_BE32 },
	[WRTC_A_LEG_LOCAL_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[WRTC_A_LEG_LOCAL_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
	[WRTC_A_LEG_REMOTE_IPV4] = { .type = NLA_BE32 },
	[WRTC_A_LEG_REMOTE_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[WRTC_A_LEG_REMOTE_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
	[WRTC_A_LEG_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, WRTC_LEG_FLAGS_PERSISTENT),
	[WRTC_A_LEG_PEER_ID] = { .type = NLA_U32 },
	[WRTC_A_LEG_IDLE_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &wrtc_idle_timeout_range),
};

static const struct nla_policy wrtc_leg_set_nl_policy[WRTC_A_LEG_IDLE_TIMEOUT +
						      1] = {
	[WRTC_A_LEG_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[WRTC_A_LEG_FLAGS] =
		NLA_POLICY_MASK(NLA_U32, WRTC_LEG_FLAGS_PERSISTENT),
	[WRTC_A_LEG_PEER_ID] = { .type = NLA_U32 },
	[WRTC_A_LEG_IDLE_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &wrtc_idle_timeout_range),
};

/* leg-del, leg-get and stats-get name one leg. */
static const struct nla_policy wrtc_leg_id_nl_policy[WRTC_A_LEG_ID + 1] = {
	[WRTC_A_LEG_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy
	wrtc_key_install_nl_policy[WRTC_A_KEY_PACKET_LIMIT + 1] = {
		[WRTC_A_KEY_LEG_ID] = NLA_POLICY_MIN(NLA_U32, 1),
		[WRTC_A_KEY_DIRECTION] =
			NLA_POLICY_MAX(NLA_U32, WRTC_DIRECTION_MAX),
		[WRTC_A_KEY_SLOT] = NLA_POLICY_MAX(NLA_U32, WRTC_KEY_SLOT_MAX),
		[WRTC_A_KEY_PROFILE] = NLA_POLICY_RANGE(
			NLA_U32, WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
			WRTC_SRTP_PROFILE_MAX),
		[WRTC_A_KEY_AES_CM_128] =
			NLA_POLICY_NESTED(wrtc_keys_aes_cm_128_nl_policy),
		[WRTC_A_KEY_AES_GCM_128] =
			NLA_POLICY_NESTED(wrtc_keys_aes_gcm_128_nl_policy),
		[WRTC_A_KEY_AES_GCM_256] =
			NLA_POLICY_NESTED(wrtc_keys_aes_gcm_256_nl_policy),
		[WRTC_A_KEY_SSRC] =
			NLA_POLICY_NESTED(wrtc_ssrc_state_nl_policy),
		[WRTC_A_KEY_PACKET_LIMIT] = { .type = NLA_U64 },
	};

static const struct nla_policy wrtc_key_swap_nl_policy[WRTC_A_KEY_DIRECTION +
						       1] = {
	[WRTC_A_KEY_LEG_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[WRTC_A_KEY_DIRECTION] = NLA_POLICY_MAX(NLA_U32, WRTC_DIRECTION_MAX),
};

static const struct nla_policy wrtc_key_del_nl_policy[WRTC_A_KEY_SLOT + 1] = {
	[WRTC_A_KEY_LEG_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[WRTC_A_KEY_DIRECTION] = NLA_POLICY_MAX(NLA_U32, WRTC_DIRECTION_MAX),
	[WRTC_A_KEY_SLOT] = NLA_POLICY_MAX(NLA_U32, WRTC_KEY_SLOT_MAX),
};

#define WRTC_OP_POLICY(p) .policy = (p), .maxattr = ARRAY_SIZE(p) - 1

static const struct genl_ops wrtc_nl_ops[] = {
	{
		.cmd = WRTC_CMD_LEG_NEW,
		.doit = wrtc_nl_leg_new,
		WRTC_OP_POLICY(wrtc_leg_new_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = WRTC_CMD_LEG_SET,
		.doit = wrtc_nl_leg_set,
		WRTC_OP_POLICY(wrtc_leg_set_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = WRTC_CMD_LEG_DEL,
		.doit = wrtc_nl_leg_del,
		WRTC_OP_POLICY(wrtc_leg_id_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = WRTC_CMD_LEG_GET,
		.doit = wrtc_nl_leg_get,
		.dumpit = wrtc_nl_leg_dump,
		WRTC_OP_POLICY(wrtc_leg_id_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
	{
		/* No attribute: without a policy the core rejects any. */
		.cmd = WRTC_CMD_LEG_FLUSH,
		.doit = wrtc_nl_leg_flush,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = WRTC_CMD_KEY_INSTALL,
		.doit = wrtc_nl_key_install,
		WRTC_OP_POLICY(wrtc_key_install_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = WRTC_CMD_KEY_SWAP,
		.doit = wrtc_nl_key_swap,
		WRTC_OP_POLICY(wrtc_key_swap_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = WRTC_CMD_KEY_DEL,
		.doit = wrtc_nl_key_del,
		WRTC_OP_POLICY(wrtc_key_del_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = WRTC_CMD_STATS_GET,
		.doit = wrtc_nl_stats_get,
		.start = wrtc_nl_stats_dump_start,
		.dumpit = wrtc_nl_stats_dump,
		WRTC_OP_POLICY(wrtc_leg_id_nl_policy),
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group wrtc_nl_mcgrps[] = {
	/* Events name legs and carry counters: for admins only. */
	{ .name = WRTC_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family wrtc_nl_family = {
	.name = WRTC_FAMILY_NAME,
	.version = WRTC_FAMILY_VERSION,
	.netnsok = true,
	/* Handlers lock the namespace's legs themselves. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = wrtc_nl_ops,
	.n_ops = ARRAY_SIZE(wrtc_nl_ops),
	/* .resv_start_op = 0: a new family, strict for every operation */
	.mcgrps = wrtc_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(wrtc_nl_mcgrps),
};

struct wrtc_leg *wrtc_nl_leg(struct wrtc_net *wn, struct genl_info *info,
			     int attr)
{
	struct wrtc_leg *leg;

	if (WRTC_NL_REQUIRE(info, attr, "missing leg id"))
		return NULL;
	leg = wrtc_leg_by_id(wn, nla_get_u32(info->attrs[attr]));
	if (!leg)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
				    "no leg with this id");
	return leg;
}

/* A generic netlink socket closed: delete the legs it owned. */
static int wrtc_nl_release(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event == NETLINK_URELEASE && n->protocol == NETLINK_GENERIC &&
	    n->portid)
		wrtc_owner_release(wrtc_net(n->net), n->portid);
	return NOTIFY_DONE;
}

static struct notifier_block wrtc_nl_notifier = {
	.notifier_call = wrtc_nl_release,
};

int wrtc_nl_init(void)
{
	int err;

	err = netlink_register_notifier(&wrtc_nl_notifier);
	if (err)
		return err;
	err = genl_register_family(&wrtc_nl_family);
	if (err) {
		netlink_unregister_notifier(&wrtc_nl_notifier);
		return err;
	}
	/* The events work may send from here on, until wrtc_nl_exit(). */
	wrtc_events_enable();
	return 0;
}

void wrtc_nl_exit(void)
{
	wrtc_events_disable();
	genl_unregister_family(&wrtc_nl_family);
	netlink_unregister_notifier(&wrtc_nl_notifier);
}
