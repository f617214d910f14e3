// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcnl: wrtc.ko's notifications (the events multicast group). A socket
 * of its own joins the group: multicast messages carry sequence number 0
 * and port id 0, which libmnl's reply checks let through, so on the
 * handle's socket a notification could be taken for a reply.
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wrtcnl.h"
#include "wrtcnl_int.h"

/*
 * Notifications are small (under 200 bytes) but come in bursts when many
 * legs go idle in the same second: a roomy buffer makes drops unlikely.
 */
#define WRTCNL_EVENTS_RCVBUF (1 << 20)

int wrtcnl_events_open(const struct wrtcnl *nl, struct wrtc_err *err)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	unsigned int grp = wrtcnl_events_group(nl);
	int fd, size = WRTCNL_EVENTS_RCVBUF, ret;

	if (!grp)
		return wrtc_fail(err, -ENOENT, 0,
				 "wrtc.ko has no '%s' multicast group",
				 WRTC_MCGRP_EVENTS);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return wrtc_fail(err, -errno, 0, "netlink socket: %s",
				 strerror(errno));
	/* Best effort: the default buffer works, only with less headroom. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		ret = wrtc_fail(err, -errno, 0, "netlink bind: %s",
				strerror(errno));
		goto fail;
	}
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp))) {
		ret = -errno;
		wrtc_fail(err, ret, 0, "join the '%s' group: %s%s",
			  WRTC_MCGRP_EVENTS, strerror(errno),
			  errno == EPERM ? " (needs CAP_NET_ADMIN)" : "");
		goto fail;
	}
	return fd;
fail:
	close(fd);
	return ret;
}

struct wrtcnl_event_tb {
	const struct nlattr *a[32];
};

static int wrtcnl_event_tb_put(const struct nlattr *attr, void *data)
{
	struct wrtcnl_event_tb *tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type < 32 && !tb->a[type])
		tb->a[type] = attr;
	return MNL_CB_OK;
}

/* 0 when absent or of the wrong size, as everywhere in wrtcnl. */
static uint32_t wrtcnl_event_u32(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U32) == 0 ?
		       mnl_attr_get_u32(a) :
		       0;
}

static uint64_t wrtcnl_event_u64(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U64) == 0 ?
		       mnl_attr_get_u64(a) :
		       0;
}

int wrtcnl_parse_event(const struct nlmsghdr *nlh, struct wrtcnl_event *ev)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	struct wrtcnl_event_tb tb = { 0 };

	memset(ev, 0, sizeof(*ev));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    mnl_attr_parse(nlh, sizeof(*genl), wrtcnl_event_tb_put, &tb) < 0)
		return -EBADMSG;
	ev->cmd = genl->cmd;
	switch (ev->cmd) {
	case WRTC_CMD_KEY_EXHAUST_NTF:
		ev->leg_id = wrtcnl_event_u32(tb.a[WRTC_A_KEY_LEG_ID]);
		ev->direction = wrtcnl_event_u32(tb.a[WRTC_A_KEY_DIRECTION]);
		ev->slot = wrtcnl_event_u32(tb.a[WRTC_A_KEY_SLOT]);
		ev->packets = wrtcnl_event_u64(tb.a[WRTC_A_KEY_PACKETS]);
		ev->packet_limit =
			wrtcnl_event_u64(tb.a[WRTC_A_KEY_PACKET_LIMIT]);
		break;
	case WRTC_CMD_LEG_IDLE_NTF:
		ev->idle_timeout =
			wrtcnl_event_u32(tb.a[WRTC_A_LEG_IDLE_TIMEOUT]);
		/* fall through */
	case WRTC_CMD_AUTH_FAIL_NTF:
		ev->leg_id = wrtcnl_event_u32(tb.a[WRTC_A_LEG_ID]);
		ev->has_stats = tb.a[WRTC_A_LEG_STATS] != NULL;
		wrtcnl_parse_stats(tb.a[WRTC_A_LEG_STATS], &ev->stats);
		break;
	default:
		/* A notification newer than this client: name the leg. */
		ev->leg_id = wrtcnl_event_u32(tb.a[WRTC_A_LEG_ID]);
		return 0;
	}
	return ev->leg_id ? 0 : -EBADMSG;
}

int wrtcnl_events_read(int fd, uint16_t family,
		       int (*fn)(const struct wrtcnl_event *ev, void *arg),
		       void *arg, struct wrtc_err *err)
{
	char buf[16384] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct sockaddr_nl from;
	socklen_t flen = sizeof(from);
	const struct nlmsghdr *nlh;
	struct wrtcnl_event ev;
	int count = 0, len, ret;
	ssize_t n;

	n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	if (n < 0) {
		if (errno == ENOBUFS)
			return wrtc_fail(err, -ENOBUFS, 0,
					 "notifications lost: the socket's "
					 "receive buffer overflowed");
		return wrtc_fail(err, -errno, 0, "netlink receive: %s",
				 strerror(errno));
	}
	/* Only the kernel sends to the group. */
	if (flen < sizeof(from) || from.nl_pid != 0)
		return 0;
	len = (int)n;
	for (nlh = (const struct nlmsghdr *)buf; mnl_nlmsg_ok(nlh, len);
	     nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type != family)
			continue;
		if (wrtcnl_parse_event(nlh, &ev))
			return wrtc_fail(err, -EBADMSG, 0,
					 "malformed notification");
		count++;
		ret = fn ? fn(&ev, arg) : 0;
		if (ret)
			return ret;
	}
	return count;
}
