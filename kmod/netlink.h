/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink handlers of the wrtc family (kmod/wrtc.yaml). */
#ifndef WRTC_NETLINK_H
#define WRTC_NETLINK_H

#include <net/genetlink.h>

#include "wrtc.h"

extern struct genl_family wrtc_nl_family;

/* Nested policies that the handlers parse again (netlink.c). */
extern const struct nla_policy
	wrtc_keys_aes_cm_128_nl_policy[WRTC_A_KEYS_AES_CM_128_MAX + 1];
extern const struct nla_policy
	wrtc_keys_aes_gcm_128_nl_policy[WRTC_A_KEYS_AES_GCM_128_MAX + 1];
extern const struct nla_policy
	wrtc_keys_aes_gcm_256_nl_policy[WRTC_A_KEYS_AES_GCM_256_MAX + 1];
extern const struct nla_policy
	wrtc_ssrc_state_nl_policy[WRTC_A_SSRC_STATE_MAX + 1];

/*
 * A required attribute is missing: say which (NLMSGERR_ATTR_MISS_TYPE) and
 * why in words. Evaluates to true when it is missing.
 */
#define WRTC_NL_REQUIRE(info, attr, msg)                          \
	({                                                        \
		bool __missing = GENL_REQ_ATTR_CHECK(info, attr); \
		if (__missing)                                    \
			NL_SET_ERR_MSG((info)->extack, msg);      \
		__missing;                                        \
	})

/* The leg named by @attr of the request, or NULL with an extack message. */
struct wrtc_leg *wrtc_nl_leg(struct wrtc_net *wn, struct genl_info *info,
			     int attr);

/* nl_leg.c */
int wrtc_nl_put_stats(struct sk_buff *skb, const struct wrtc_leg *leg);
int wrtc_nl_leg_new(struct sk_buff *skb, struct genl_info *info);
int wrtc_nl_leg_set(struct sk_buff *skb, struct genl_info *info);
int wrtc_nl_leg_del(struct sk_buff *skb, struct genl_info *info);
int wrtc_nl_leg_get(struct sk_buff *skb, struct genl_info *info);
int wrtc_nl_leg_dump(struct sk_buff *skb, struct netlink_callback *cb);
int wrtc_nl_leg_flush(struct sk_buff *skb, struct genl_info *info);

/* nl_key.c */
int wrtc_nl_key_install(struct sk_buff *skb, struct genl_info *info);
int wrtc_nl_key_swap(struct sk_buff *skb, struct genl_info *info);
int wrtc_nl_key_del(struct sk_buff *skb, struct genl_info *info);

/* nl_stats.c */
int wrtc_nl_stats_get(struct sk_buff *skb, struct genl_info *info);
int wrtc_nl_stats_dump_start(struct netlink_callback *cb);
int wrtc_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb);

#endif /* WRTC_NETLINK_H */
