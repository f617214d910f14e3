// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcnl_parse_event() on notifications built here as wrtc.ko builds them
 * (kmod/events.c): each of the three kinds, a command newer than the
 * client, and malformed messages. Receiving them from the kernel is
 * tested in the guest (tests/guest/test_wrtcctl.c, through wrtcctl
 * monitor).
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <string.h>

#include "kselftest_harness.h"
#include "wrtcnl.h"

#define FAMILY 0x1234

static struct nlmsghdr *ntf(void *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAMILY;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = WRTC_FAMILY_VERSION;
	return nlh;
}

static void put_stats(struct nlmsghdr *nlh, uint64_t rx, uint64_t auth)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, WRTC_A_LEG_STATS);

	mnl_attr_put_u64(nlh, WRTC_A_STATS_RX_PACKETS, rx);
	mnl_attr_put_u64(nlh, WRTC_A_STATS_RX_BYTES, rx * 100);
	mnl_attr_put_u64(nlh, WRTC_A_STATS_AUTH_FAILURES, auth);
	mnl_attr_put_u64(nlh, WRTC_A_STATS_LAST_RX, 123456789);
	mnl_attr_nest_end(nlh, nest);
}

TEST(leg_idle)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = ntf(buf, WRTC_CMD_LEG_IDLE_NTF);
	struct wrtcnl_event ev;

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, 7);
	mnl_attr_put_u32(nlh, WRTC_A_LEG_IDLE_TIMEOUT, 30);
	put_stats(nlh, 12, 0);
	ASSERT_EQ(0, wrtcnl_parse_event(nlh, &ev));
	EXPECT_EQ(WRTC_CMD_LEG_IDLE_NTF, ev.cmd);
	EXPECT_EQ(7u, ev.leg_id);
	EXPECT_EQ(30u, ev.idle_timeout);
	EXPECT_TRUE(ev.has_stats);
	EXPECT_EQ(12u, ev.stats.rx_packets);
	EXPECT_EQ(1200u, ev.stats.rx_bytes);
	EXPECT_EQ(123456789u, ev.stats.last_rx);
}

TEST(key_exhaust)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = ntf(buf, WRTC_CMD_KEY_EXHAUST_NTF);
	struct wrtcnl_event ev;

	mnl_attr_put_u32(nlh, WRTC_A_KEY_LEG_ID, 3);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_DIRECTION, WRTC_DIRECTION_TX);
	mnl_attr_put_u32(nlh, WRTC_A_KEY_SLOT, WRTC_KEY_SLOT_SECONDARY);
	mnl_attr_put_u64(nlh, WRTC_A_KEY_PACKETS, 9);
	mnl_attr_put_u64(nlh, WRTC_A_KEY_PACKET_LIMIT, 10);
	ASSERT_EQ(0, wrtcnl_parse_event(nlh, &ev));
	EXPECT_EQ(WRTC_CMD_KEY_EXHAUST_NTF, ev.cmd);
	EXPECT_EQ(3u, ev.leg_id);
	EXPECT_EQ((uint32_t)WRTC_DIRECTION_TX, ev.direction);
	EXPECT_EQ((uint32_t)WRTC_KEY_SLOT_SECONDARY, ev.slot);
	EXPECT_EQ(9u, ev.packets);
	EXPECT_EQ(10u, ev.packet_limit);
	EXPECT_FALSE(ev.has_stats);
}

TEST(auth_fail)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = ntf(buf, WRTC_CMD_AUTH_FAIL_NTF);
	struct wrtcnl_event ev;

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, 9);
	put_stats(nlh, 1, 5);
	ASSERT_EQ(0, wrtcnl_parse_event(nlh, &ev));
	EXPECT_EQ(WRTC_CMD_AUTH_FAIL_NTF, ev.cmd);
	EXPECT_EQ(9u, ev.leg_id);
	EXPECT_TRUE(ev.has_stats);
	EXPECT_EQ(5u, ev.stats.auth_failures);
	EXPECT_EQ(0u, ev.idle_timeout);
}

/* A notification this client does not know: the command and the leg. */
TEST(unknown_command)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh = ntf(buf, WRTC_CMD_MAX + 1);
	struct wrtcnl_event ev;

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, 4);
	ASSERT_EQ(0, wrtcnl_parse_event(nlh, &ev));
	EXPECT_EQ(WRTC_CMD_MAX + 1, ev.cmd);
	EXPECT_EQ(4u, ev.leg_id);
}

TEST(malformed)
{
	char buf[1024] __attribute__((aligned(4)));
	struct nlmsghdr *nlh;
	struct wrtcnl_event ev;

	/* No leg id. */
	nlh = ntf(buf, WRTC_CMD_LEG_IDLE_NTF);
	mnl_attr_put_u32(nlh, WRTC_A_LEG_IDLE_TIMEOUT, 30);
	EXPECT_EQ(-EBADMSG, wrtcnl_parse_event(nlh, &ev));
	/* A leg id of the wrong size reads as none. */
	nlh = ntf(buf, WRTC_CMD_AUTH_FAIL_NTF);
	mnl_attr_put_u16(nlh, WRTC_A_LEG_ID, 9);
	EXPECT_EQ(-EBADMSG, wrtcnl_parse_event(nlh, &ev));
	/* No genetlink header. */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = FAMILY;
	EXPECT_EQ(-EBADMSG, wrtcnl_parse_event(nlh, &ev));
	/* An attribute running past the message. */
	nlh = ntf(buf, WRTC_CMD_AUTH_FAIL_NTF);
	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, 9);
	nlh->nlmsg_len -= 4;
	EXPECT_EQ(-EBADMSG, wrtcnl_parse_event(nlh, &ev));
}

TEST_HARNESS_MAIN
