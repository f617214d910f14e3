// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc.ko in the guest: every kind of invalid request is refused with its
 * errno and an extack message, and changes nothing.
 */
#include "kselftest_harness.h"
#include "wrtc_test.h"

WRTC_FIXTURE(bad)

static int send_req(FIXTURE_DATA(bad) * self, struct nlmsghdr *nlh)
{
	return wrtcnl_transact(self->nl, nlh, NULL, NULL, &self->err);
}

/* A leg to aim key requests at. */
static uint32_t one_leg(FIXTURE_DATA(bad) * self)
{
	struct wrtcnl_leg req = wrtc_leg4(1, 41000, 5000), leg = { 0 };

	if (wrtcnl_leg_new(self->nl, &req, &leg, &self->err))
		return 0;
	return leg.id;
}

TEST_F(bad, leg_new_missing_attributes)
{
	struct nlmsghdr *nlh;

	/* No local port. */
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_NEW, 0);
	mnl_attr_put_u32(nlh, WRTC_A_LEG_LOCAL_IPV4, htonl(0x0a000001));
	mnl_attr_put_u32(nlh, WRTC_A_LEG_REMOTE_IPV4, htonl(0xc0000207));
	mnl_attr_put_u16(nlh, WRTC_A_LEG_REMOTE_PORT, htons(5000));
	EXPECT_REJECT(EINVAL, send_req(self, nlh));
	EXPECT_EQ((uint32_t)WRTC_A_LEG_LOCAL_PORT,
		  wrtcnl_extack_missing(self->nl));

	/* No remote address. */
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_NEW, 0);
	mnl_attr_put_u32(nlh, WRTC_A_LEG_LOCAL_IPV4, htonl(0x0a000001));
	mnl_attr_put_u16(nlh, WRTC_A_LEG_LOCAL_PORT, htons(41000));
	mnl_attr_put_u16(nlh, WRTC_A_LEG_REMOTE_PORT, htons(5000));
	EXPECT_REJECT(EINVAL, send_req(self, nlh));
	EXPECT_EQ((uint32_t)WRTC_A_LEG_REMOTE_IPV4,
		  wrtcnl_extack_missing(self->nl));

	/* Nothing at all. */
	EXPECT_REJECT(EINVAL, send_req(self, wrtcnl_msg(self->nl, self->buf,
							WRTC_CMD_LEG_NEW, 0)));
	EXPECT_EQ(0, wrtc_count_legs(self->nl));
}

TEST_F(bad, leg_new_bad_addresses)
{
	struct wrtcnl_leg req;
	struct nlmsghdr *nlh;
	struct in6_addr v6;

	/* Local IPv4, remote IPv6. */
	req = wrtc_leg4(1, 41000, 5000);
	req.remote.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::9", &req.remote.v6);
	EXPECT_REJECT(EINVAL, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));

	/* Both families for the local address. */
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_NEW, 0);
	wrtc_put_tuple4(nlh, 41000);
	inet_pton(AF_INET6, "2001:db8::1", &v6);
	mnl_attr_put(nlh, WRTC_A_LEG_LOCAL_IPV6, 16, &v6);
	EXPECT_REJECT(EINVAL, send_req(self, nlh));

	/* An IPv6 address of 15 bytes. */
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_NEW, 0);
	mnl_attr_put(nlh, WRTC_A_LEG_LOCAL_IPV6, 15, &v6);
	mnl_attr_put_u16(nlh, WRTC_A_LEG_LOCAL_PORT, htons(41000));
	mnl_attr_put(nlh, WRTC_A_LEG_REMOTE_IPV6, 16, &v6);
	mnl_attr_put_u16(nlh, WRTC_A_LEG_REMOTE_PORT, htons(5000));
	EXPECT_REJECT(ERANGE, send_req(self, nlh));

	/* v4-mapped IPv6: IPv4 legs use the IPv4 attributes. */
	req = wrtc_leg6(41000, 5000);
	inet_pton(AF_INET6, "::ffff:10.0.0.1", &req.local.v6);
	EXPECT_REJECT(EINVAL, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));

	/* Unspecified and multicast addresses. */
	req = wrtc_leg4(1, 41000, 5000);
	req.local.v4.s_addr = 0;
	EXPECT_REJECT(EINVAL, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	req = wrtc_leg4(1, 41000, 5000);
	req.remote.v4.s_addr = htonl(0xe0000001);
	EXPECT_REJECT(EINVAL, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));

	/* Port 0. */
	req = wrtc_leg4(1, 0, 5000);
	EXPECT_REJECT(ERANGE, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	EXPECT_EQ(0, wrtc_count_legs(self->nl));
}

TEST_F(bad, leg_new_bad_values)
{
	struct wrtcnl_leg req = wrtc_leg4(1, 41000, 5000);
	struct nlmsghdr *nlh;

	/* An unknown flag bit. */
	req.flags = 2;
	EXPECT_REJECT(EINVAL, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	/* Idle timeout past the maximum. */
	req.flags = 0;
	req.idle_timeout = WRTC_MAX_IDLE_TIMEOUT + 1;
	EXPECT_REJECT(ERANGE, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	/* An unknown peer. */
	req.idle_timeout = 0;
	req.peer_id = 999999;
	EXPECT_REJECT(ENOENT, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	/* A read-only attribute (owner) in a request. */
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_NEW, 0);
	wrtc_put_tuple4(nlh, 41000);
	mnl_attr_put_u32(nlh, WRTC_A_LEG_OWNER, 1);
	EXPECT_REJECT(EINVAL, send_req(self, nlh));
	/* An attribute this operation does not take (id in leg-new). */
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_NEW, 0);
	wrtc_put_tuple4(nlh, 41000);
	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, 5);
	EXPECT_REJECT(EINVAL, send_req(self, nlh));
	/* A u32 attribute of 2 bytes. */
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_NEW, 0);
	wrtc_put_tuple4(nlh, 41000);
	mnl_attr_put_u16(nlh, WRTC_A_LEG_IDLE_TIMEOUT, 5);
	EXPECT_REJECT(EINVAL, send_req(self, nlh));
	EXPECT_EQ(0, wrtc_count_legs(self->nl));
}

TEST_F(bad, leg_new_duplicate_tuple)
{
	struct wrtcnl_leg req = wrtc_leg4(1, 41000, 5000);

	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	EXPECT_REJECT(EEXIST, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	/* Even when the first is persistent and the second is not. */
	req.flags = WRTC_LEG_FLAGS_PERSISTENT;
	EXPECT_REJECT(EEXIST, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	EXPECT_EQ(1, wrtc_count_legs(self->nl));
}

TEST_F(bad, unknown_leg)
{
	struct wrtcnl_leg_change ch = { .set_idle_timeout = true };
	struct wrtcnl_key key =
		wrtc_test_key(424242, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY,
			      WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80);
	struct wrtcnl_leg leg;

	EXPECT_REJECT(ENOENT,
		      wrtcnl_leg_get(self->nl, 424242, &leg, &self->err));
	EXPECT_REJECT(ENOENT, wrtcnl_leg_del(self->nl, 424242, &self->err));
	EXPECT_REJECT(ENOENT,
		      wrtcnl_leg_set(self->nl, 424242, &ch, &self->err));
	EXPECT_REJECT(ENOENT, wrtcnl_key_install(self->nl, &key, &self->err));
	EXPECT_REJECT(ENOENT, wrtcnl_key_swap(self->nl, 424242, 0, &self->err));
	EXPECT_REJECT(ENOENT,
		      wrtcnl_key_del(self->nl, 424242, 0, 0, &self->err));
	EXPECT_REJECT(ENOENT,
		      send_req(self,
			       wrtc_msg_leg_id(self->nl, self->buf,
					       WRTC_CMD_STATS_GET, 424242)));
	/* Id 0 is never a leg: the policy refuses it. */
	EXPECT_REJECT(ERANGE, wrtcnl_leg_del(self->nl, 0, &self->err));
}

TEST_F(bad, leg_id_missing)
{
	EXPECT_REJECT(EINVAL, send_req(self, wrtcnl_msg(self->nl, self->buf,
							WRTC_CMD_LEG_DEL, 0)));
	EXPECT_EQ((uint32_t)WRTC_A_LEG_ID, wrtcnl_extack_missing(self->nl));
	EXPECT_REJECT(EINVAL, send_req(self, wrtcnl_msg(self->nl, self->buf,
							WRTC_CMD_LEG_SET, 0)));
	EXPECT_REJECT(EINVAL, send_req(self, wrtcnl_msg(self->nl, self->buf,
							WRTC_CMD_LEG_GET, 0)));
}

TEST_F(bad, leg_set_bad_peer)
{
	struct wrtcnl_leg_change ch = { .set_peer = true };
	uint32_t id = one_leg(self);
	struct wrtcnl_leg leg;

	ASSERT_NE(0u, id);
	ch.peer_id = id;
	EXPECT_REJECT(EINVAL, wrtcnl_leg_set(self->nl, id, &ch, &self->err));
	ch.peer_id = id + 1000;
	EXPECT_REJECT(ENOENT, wrtcnl_leg_set(self->nl, id, &ch, &self->err));
	/* A refused request changes nothing, not even its valid parts. */
	ch.set_flags = ch.set_idle_timeout = true;
	ch.flags = WRTC_LEG_FLAGS_PERSISTENT;
	ch.idle_timeout = 60;
	EXPECT_REJECT(ENOENT, wrtcnl_leg_set(self->nl, id, &ch, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, id, &leg, &self->err));
	EXPECT_EQ(0u, leg.flags);
	EXPECT_EQ(0u, leg.idle_timeout);
	EXPECT_EQ(wrtcnl_portid(self->nl), leg.owner);
}

TEST_F(bad, flush_takes_no_attribute)
{
	struct nlmsghdr *nlh =
		wrtcnl_msg(self->nl, self->buf, WRTC_CMD_LEG_FLUSH, 0);

	ASSERT_NE(0u, one_leg(self));
	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, 1);
	EXPECT_REJECT(EINVAL, send_req(self, nlh));
	EXPECT_EQ(1, wrtc_count_legs(self->nl));
}

/* A key-install request with the CM session keys at the given lengths. */
static struct nlmsghdr *cm_key_req(FIXTURE_DATA(bad) * self, uint32_t leg,
				   uint32_t profile, size_t key_len,
				   size_t auth_len, size_t salt_len)
{
	static const uint8_t zeros[64];
	struct nlmsghdr *nlh =
		wrtcnl_msg(self->nl, self->buf, WRTC_CMD_KEY_INSTALL, 0);
	struct nlattr *nest;

	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, leg);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, WRTC_DIRECTION_TX);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_SLOT, WRTC_KEY_SLOT_PRIMARY);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_PROFILE, profile);
	nest = mnl_attr_nest_start(nlh, WRTC_A_KEY_AES_CM_128);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTP_KEY, key_len, zeros);
	if (auth_len)
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTP_AUTH_KEY, auth_len,
			     zeros);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTP_SALT, salt_len, zeros);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTCP_KEY, 16, zeros);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTCP_AUTH_KEY, 20, zeros);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_CM_128_RTCP_SALT, 14, zeros);
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

TEST_F(bad, key_wrong_lengths)
{
	const uint32_t cm80 = WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80;
	uint32_t id = one_leg(self);
	struct wrtcnl_leg leg;

	ASSERT_NE(0u, id);
	/* The request builder is right: exact lengths pass. */
	ASSERT_EQ(0, send_req(self, cm_key_req(self, id, cm80, 16, 20, 14)))
	TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, wrtcnl_key_del(self->nl, id, WRTC_DIRECTION_TX,
				    WRTC_KEY_SLOT_PRIMARY, &self->err));
	EXPECT_REJECT(ERANGE,
		      send_req(self, cm_key_req(self, id, cm80, 15, 20, 14)));
	EXPECT_REJECT(ERANGE,
		      send_req(self, cm_key_req(self, id, cm80, 32, 20, 14)));
	EXPECT_REJECT(ERANGE,
		      send_req(self, cm_key_req(self, id, cm80, 16, 19, 14)));
	EXPECT_REJECT(ERANGE,
		      send_req(self, cm_key_req(self, id, cm80, 16, 20, 12)));
	/* A missing auth key inside the nest. */
	EXPECT_REJECT(EINVAL,
		      send_req(self, cm_key_req(self, id, cm80, 16, 0, 14)));
	EXPECT_EQ((uint32_t)WRTC_A_KEYS_AES_CM_128_RTP_AUTH_KEY,
		  wrtcnl_extack_missing(self->nl));
	/* Nothing was installed. */
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, id, &leg, &self->err));
	EXPECT_EQ(0u, leg.n_keys);
}

TEST_F(bad, key_profile_and_enums)
{
	uint32_t id = one_leg(self);
	struct wrtcnl_key key;
	struct nlmsghdr *nlh;

	ASSERT_NE(0u, id);
	/* Unknown profiles, below and above the range. */
	EXPECT_REJECT(ERANGE,
		      send_req(self, cm_key_req(self, id, 0, 16, 20, 14)));
	EXPECT_REJECT(ERANGE,
		      send_req(self, cm_key_req(self, id, 5, 16, 20, 14)));
	/* A GCM profile with CM keys: the nest does not match the profile. */
	EXPECT_REJECT(EINVAL,
		      send_req(self,
			       cm_key_req(self, id,
					  WRTC_SRTP_PROFILE_AEAD_AES_128_GCM,
					  16, 20, 14)));
	/* AES-256-GCM keys of 16 bytes (an AES-128 key in the 256 nest). */
	key = wrtc_test_key(id, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_KEY_INSTALL, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, id);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_SLOT, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_PROFILE,
			 WRTC_SRTP_PROFILE_AEAD_AES_256_GCM);
	{
		struct nlattr *nest =
			mnl_attr_nest_start(nlh, WRTC_A_KEY_AES_GCM_256);

		mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_256_RTP_KEY, 16,
			     key.rtp.cipher_key);
		mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_256_RTP_SALT, 12,
			     key.rtp.salt);
		mnl_attr_nest_end(nlh, nest);
	}
	EXPECT_REJECT(ERANGE, send_req(self, nlh));
	/* Direction and slot out of range. */
	key.direction = 2;
	EXPECT_REJECT(ERANGE, wrtcnl_key_install(self->nl, &key, &self->err));
	key.direction = 0;
	key.slot = 2;
	EXPECT_REJECT(ERANGE, wrtcnl_key_install(self->nl, &key, &self->err));
	/* SRTCP index past 2^31 - 1. */
	key.slot = 0;
	key.n_ssrcs = 1;
	key.ssrcs[0].srtcp_index = 0x80000000u;
	EXPECT_REJECT(ERANGE, wrtcnl_key_install(self->nl, &key, &self->err));
}

TEST_F(bad, key_ssrc_states)
{
	uint32_t id = one_leg(self);
	struct wrtcnl_key key;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	ASSERT_NE(0u, id);
	key = wrtc_test_key(id, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	/* The same SSRC twice. */
	key.n_ssrcs = 2;
	key.ssrcs[0].ssrc = key.ssrcs[1].ssrc = 1234;
	EXPECT_REJECT(EINVAL, wrtcnl_key_install(self->nl, &key, &self->err));
	/* An SSRC state without its SSRC. */
	key.n_ssrcs = 0;
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_KEY_INSTALL, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, id);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_SLOT, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_PROFILE,
			 WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	nest = mnl_attr_nest_start(nlh, WRTC_A_KEY_AES_GCM_128);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTP_KEY, 16,
		     key.rtp.cipher_key);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTP_SALT, 12, key.rtp.salt);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTCP_KEY, 16,
		     key.rtcp.cipher_key);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTCP_SALT, 12, key.rtcp.salt);
	mnl_attr_nest_end(nlh, nest);
	nest = mnl_attr_nest_start(nlh, WRTC_A_KEY_SSRC);
	mnl_attr_put_u32(nlh, WRTC_A_SSRC_STATE_ROC, 1);
	mnl_attr_nest_end(nlh, nest);
	EXPECT_REJECT(EINVAL, send_req(self, nlh));
	EXPECT_EQ((uint32_t)WRTC_A_SSRC_STATE_SSRC,
		  wrtcnl_extack_missing(self->nl));
}

TEST_F(bad, too_many_ssrcs)
{
	uint32_t id = one_leg(self);
	struct wrtcnl_key key;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	unsigned int i;

	ASSERT_NE(0u, id);
	key = wrtc_test_key(id, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	nlh = wrtcnl_msg(self->nl, self->buf, WRTC_CMD_KEY_INSTALL, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, id);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_SLOT, 0);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_PROFILE,
			 WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	nest = mnl_attr_nest_start(nlh, WRTC_A_KEY_AES_GCM_128);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTP_KEY, 16,
		     key.rtp.cipher_key);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTP_SALT, 12, key.rtp.salt);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTCP_KEY, 16,
		     key.rtcp.cipher_key);
	mnl_attr_put(nlh, WRTC_A_KEYS_AES_GCM_128_RTCP_SALT, 12, key.rtcp.salt);
	mnl_attr_nest_end(nlh, nest);
	for (i = 0; i <= WRTC_MAX_SSRCS; i++) {
		nest = mnl_attr_nest_start(nlh, WRTC_A_KEY_SSRC);
		mnl_attr_put_u32(nlh, WRTC_A_SSRC_STATE_SSRC, 100 + i);
		mnl_attr_nest_end(nlh, nest);
	}
	EXPECT_REJECT(E2BIG, send_req(self, nlh));
}

TEST_F(bad, key_swap_del_empty)
{
	uint32_t id = one_leg(self);

	ASSERT_NE(0u, id);
	EXPECT_REJECT(ENOENT, wrtcnl_key_swap(self->nl, id, WRTC_DIRECTION_TX,
					      &self->err));
	EXPECT_REJECT(ENOENT,
		      wrtcnl_key_del(self->nl, id, WRTC_DIRECTION_TX,
				     WRTC_KEY_SLOT_SECONDARY, &self->err));
	/* Missing direction. */
	EXPECT_REJECT(EINVAL, send_req(self, wrtcnl_msg(self->nl, self->buf,
							WRTC_CMD_KEY_SWAP, 0)));
}

TEST_HARNESS_MAIN
