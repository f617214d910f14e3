// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc.ko's notifications on the events multicast group, received on a
 * second netlink socket: leg-idle-ntf for a leg with an idle timeout and
 * no traffic (once per lull; none while packets flow), key-exhaust-ntf at
 * 90% of a key's packet limit and at the limit (after which the key
 * protects nothing more), auth-fail-ntf after forged packets with the
 * leg's failure count, and the group closed to a caller without
 * CAP_NET_ADMIN. Packets go through the relay fixture (BPF_PROG_TEST_RUN).
 * The kernel's events work runs once a second, and emulated time is slow:
 * deadlines are generous.
 */
#include <linux/capability.h>
#include <poll.h>
#include <sys/wait.h>
#include <time.h>

#include "relay_fixture.h"

#define EV_DEADLINE_MS 15000

/* One notification, whichever attributes it had. */
struct ev {
	uint8_t cmd;
	uint32_t id; /* leg id (leg-* and auth-*), or the key's leg id */
	uint32_t idle_timeout;
	uint32_t dir, slot;
	uint64_t packets, packet_limit;
	int has_stats;
	uint64_t rx_packets, auth_failures;
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A socket in the events group of @nl's family; NULL on failure. */
static struct mnl_socket *events_open(struct wrtcnl *nl)
{
	unsigned int grp = wrtcnl_events_group(nl);
	struct mnl_socket *s = mnl_socket_open(NETLINK_GENERIC);

	if (!s)
		return NULL;
	if (!grp || mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) ||
	    mnl_socket_setsockopt(s, NETLINK_ADD_MEMBERSHIP, &grp,
				  sizeof(grp))) {
		mnl_socket_close(s);
		return NULL;
	}
	return s;
}

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(a);

	if (type < 32)
		tb[type] = a;
	return MNL_CB_OK;
}

static uint64_t get_u64(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) == 8 ? mnl_attr_get_u64(a) : 0;
}

static void parse_ev(const struct nlmsghdr *nlh, struct ev *ev)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[32] = { 0 }, *st[32] = { 0 };

	memset(ev, 0, sizeof(*ev));
	ev->cmd = g->cmd;
	mnl_attr_parse(nlh, sizeof(*g), attr_cb, tb);
	if (ev->cmd == WRTC_CMD_KEY_EXHAUST_NTF) {
		if (tb[WRTC_A_KEY_LEG_ID])
			ev->id = mnl_attr_get_u32(tb[WRTC_A_KEY_LEG_ID]);
		if (tb[WRTC_A_KEY_DIRECTION])
			ev->dir = mnl_attr_get_u32(tb[WRTC_A_KEY_DIRECTION]);
		if (tb[WRTC_A_KEY_SLOT])
			ev->slot = mnl_attr_get_u32(tb[WRTC_A_KEY_SLOT]);
		ev->packets = get_u64(tb[WRTC_A_KEY_PACKETS]);
		ev->packet_limit = get_u64(tb[WRTC_A_KEY_PACKET_LIMIT]);
		return;
	}
	if (tb[WRTC_A_LEG_ID])
		ev->id = mnl_attr_get_u32(tb[WRTC_A_LEG_ID]);
	if (tb[WRTC_A_LEG_IDLE_TIMEOUT])
		ev->idle_timeout =
			mnl_attr_get_u32(tb[WRTC_A_LEG_IDLE_TIMEOUT]);
	if (tb[WRTC_A_LEG_STATS]) {
		ev->has_stats = 1;
		mnl_attr_parse_nested(tb[WRTC_A_LEG_STATS], attr_cb, st);
		ev->rx_packets = get_u64(st[WRTC_A_STATS_RX_PACKETS]);
		ev->auth_failures = get_u64(st[WRTC_A_STATS_AUTH_FAILURES]);
	}
}

/*
 * The next notification of @family within @timeout_ms: 1 and @ev, 0 on
 * timeout, -1 on error.
 */
static int ev_next(struct mnl_socket *s, uint16_t family, struct ev *ev,
		   int timeout_ms)
{
	static char buf[16384];
	long end = now_ms() + timeout_ms;

	for (;;) {
		struct pollfd p = { .fd = mnl_socket_get_fd(s),
				    .events = POLLIN };
		long left = end - now_ms();
		const struct nlmsghdr *nlh;
		ssize_t n;

		if (left < 0)
			left = 0;
		n = poll(&p, 1, (int)left);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		n = mnl_socket_recvfrom(s, buf, sizeof(buf));
		if (n < 0)
			return -1;
		nlh = (const struct nlmsghdr *)buf;
		/* The kernel multicasts one message per datagram. */
		if (mnl_nlmsg_ok(nlh, (int)n) && nlh->nlmsg_type == family &&
		    nlh->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN)) {
			parse_ev(nlh, ev);
			return 1;
		}
	}
}

/*
 * Wait for a notification @cmd about leg @id: 1 and @ev, 0 on timeout.
 * Other notifications are skipped, but one of @cmd about another leg is
 * counted in *@others (may be NULL).
 */
static int ev_wait(struct mnl_socket *s, struct wrtcnl *nl, uint8_t cmd,
		   uint32_t id, struct ev *ev, int timeout_ms,
		   unsigned int *others)
{
	long end = now_ms() + timeout_ms;
	int ret;

	for (;;) {
		long left = end - now_ms();

		ret = ev_next(s, wrtcnl_family_id(nl), ev,
			      left > 0 ? (int)left : 0);
		if (ret <= 0)
			return ret;
		if (ev->cmd != cmd)
			continue;
		if (ev->id == id)
			return 1;
		if (others)
			(*others)++;
	}
}

/* @pkt protected by A's remote end and then tampered with. */
static int forged(FIXTURE_DATA(relay) * self, uint16_t seq, uint8_t *srtp)
{
	uint8_t pkt[FRAME_MAX];
	int n = protect(self, pkt, wrtc_rtp(pkt, 0xbad, seq, 80, 0), 0, srtp);

	if (n > 20)
		srtp[20] ^= 0x40;
	return n;
}

/*
 * A leg with a 1 s idle timeout and no packet is reported once, with its
 * timeout and counters; legs without a timeout are not.
 */
TEST_F(relay, idle_leg_reported)
{
	struct wrtcnl_leg req = wrtc_leg4(2, 41000, 5000), c;
	struct mnl_socket *ev_sock;
	unsigned int others = 0;
	struct ev ev;

	ev_sock = events_open(self->nl);
	ASSERT_NE(NULL, ev_sock) TH_LOG("join events: %s", strerror(errno));
	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	req.idle_timeout = 1;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &c, &self->err));
	ASSERT_EQ(1u, c.idle_timeout);

	ASSERT_EQ(1, ev_wait(ev_sock, self->nl, WRTC_CMD_LEG_IDLE_NTF, c.id,
			     &ev, EV_DEADLINE_MS, &others))
	TH_LOG("no leg-idle-ntf within %d ms", EV_DEADLINE_MS);
	EXPECT_EQ(1u, ev.idle_timeout);
	EXPECT_TRUE(ev.has_stats);
	EXPECT_EQ(0u, ev.rx_packets);
	/* Once per lull: nothing more while it stays idle. */
	EXPECT_EQ(0, ev_wait(ev_sock, self->nl, WRTC_CMD_LEG_IDLE_NTF, c.id,
			     &ev, 3000, &others));
	/* A and B have no idle timeout. */
	EXPECT_EQ(0u, others);
	mnl_socket_close(ev_sock);
}

/*
 * Packets every 100 ms keep a leg with a 1 s timeout from being idle;
 * when they stop, it is reported, and again after traffic resumed and
 * stopped once more.
 */
TEST_F(relay, traffic_keeps_leg_active)
{
	struct wrtcnl_leg_change ch = { .set_idle_timeout = true,
					.idle_timeout = 1 };
	uint8_t pkt[FRAME_MAX];
	struct mnl_socket *ev_sock;
	unsigned int sent = 0, idle = 0;
	uint16_t seq = 1;
	struct ev ev;
	long end;

	ev_sock = events_open(self->nl);
	ASSERT_NE(NULL, ev_sock) TH_LOG("join events: %s", strerror(errno));
	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, make_keys(self, WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
			       WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80, 180,
			       181));
	ASSERT_EQ(0, relay_one(_metadata, self, pkt,
			       wrtc_rtp(pkt, 0xacce, seq++, 60, 0), 0));
	sent++;
	ASSERT_EQ(0, wrtcnl_leg_set(self->nl, self->a.id, &ch, &self->err));

	end = now_ms() + 3500;
	while (now_ms() < end) {
		ASSERT_EQ(0, relay_one(_metadata, self, pkt,
				       wrtc_rtp(pkt, 0xacce, seq++, 60, 0), 0));
		sent++;
		/* The pause between packets; an idle A is a failure. */
		idle += ev_wait(ev_sock, self->nl, WRTC_CMD_LEG_IDLE_NTF,
				self->a.id, &ev, 100, NULL) == 1;
	}
	EXPECT_EQ(0u, idle) TH_LOG("leg-idle-ntf while packets flow");

	ASSERT_EQ(1, ev_wait(ev_sock, self->nl, WRTC_CMD_LEG_IDLE_NTF,
			     self->a.id, &ev, EV_DEADLINE_MS, NULL))
	TH_LOG("no leg-idle-ntf after the traffic stopped");
	EXPECT_EQ(sent, ev.rx_packets);

	/* Traffic resumes: the next lull is reported too. */
	ASSERT_EQ(0, relay_one(_metadata, self, pkt,
			       wrtc_rtp(pkt, 0xacce, seq++, 60, 0), 0));
	ASSERT_EQ(1, ev_wait(ev_sock, self->nl, WRTC_CMD_LEG_IDLE_NTF,
			     self->a.id, &ev, EV_DEADLINE_MS, NULL));
	EXPECT_EQ(sent + 1, ev.rx_packets);
	mnl_socket_close(ev_sock);
}

/*
 * B's tx key with a packet limit of 10: key-exhaust-ntf at 9 packets
 * (90%) and at 10, then the key protects no more packets.
 */
TEST_F(relay, key_exhaust)
{
	const uint32_t p = WRTC_SRTP_PROFILE_AEAD_AES_128_GCM;
	struct srtp_master_key mb = wrtc_master(p, 191);
	uint8_t pkt[FRAME_MAX], srtp[FRAME_MAX];
	struct mnl_socket *ev_sock;
	const struct wrtcnl_key_info *ki;
	struct wrtcnl_leg leg;
	struct wrtcnl_key k;
	uint32_t verdict = 0;
	uint16_t seq;
	struct ev ev;
	int n;

	ev_sock = events_open(self->nl);
	ASSERT_NE(NULL, ev_sock) TH_LOG("join events: %s", strerror(errno));
	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, make_keys(self, p, p, 190, 191));
	/* The same key again, with a limit: libsrtp2's side still matches. */
	ASSERT_EQ(0, wrtc_key_from_master(&k, self->b.id, WRTC_DIRECTION_TX,
					  WRTC_KEY_SLOT_PRIMARY, p, &mb));
	k.packet_limit = 10;
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &k, &self->err))
	TH_LOG("%s", self->err.msg);

	for (seq = 1; seq <= 9; seq++)
		ASSERT_EQ(0, relay_one(_metadata, self, pkt,
				       wrtc_rtp(pkt, 0xe0, seq, 100, 0), 0));
	ASSERT_EQ(1, ev_wait(ev_sock, self->nl, WRTC_CMD_KEY_EXHAUST_NTF,
			     self->b.id, &ev, EV_DEADLINE_MS, NULL))
	TH_LOG("no key-exhaust-ntf at 90%% of the limit");
	EXPECT_EQ((uint32_t)WRTC_DIRECTION_TX, ev.dir);
	EXPECT_EQ((uint32_t)WRTC_KEY_SLOT_PRIMARY, ev.slot);
	EXPECT_EQ(9u, ev.packets);
	EXPECT_EQ(10u, ev.packet_limit);

	ASSERT_EQ(0, relay_one(_metadata, self, pkt,
			       wrtc_rtp(pkt, 0xe0, seq++, 100, 0), 0));
	ASSERT_EQ(1, ev_wait(ev_sock, self->nl, WRTC_CMD_KEY_EXHAUST_NTF,
			     self->b.id, &ev, EV_DEADLINE_MS, NULL))
	TH_LOG("no key-exhaust-ntf at the limit");
	EXPECT_EQ(10u, ev.packets);
	EXPECT_EQ(10u, ev.packet_limit);

	/* At the limit: refused, and nothing is sent again for the slot. */
	n = protect(self, pkt, wrtc_rtp(pkt, 0xe0, seq++, 100, 0), 0, srtp);
	ASSERT_LT(0, n);
	EXPECT_EQ(-EKEYEXPIRED, relay_raw(self, srtp, (size_t)n, &verdict));
	n = protect(self, pkt, wrtc_rtcp(pkt, 0xe0, 1), 1, srtp);
	ASSERT_LT(0, n);
	EXPECT_EQ(-EKEYEXPIRED, relay_raw(self, srtp, (size_t)n, &verdict));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, self->b.id, &leg, &self->err));
	ki = wrtc_find_key(&leg, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY);
	ASSERT_NE(NULL, ki);
	EXPECT_EQ(10u, ki->packets);
	EXPECT_EQ(0, ev_wait(ev_sock, self->nl, WRTC_CMD_KEY_EXHAUST_NTF,
			     self->b.id, &ev, 2500, NULL));

	/* A new key in the slot goes on, with a new budget. */
	k.packet_limit = 0;
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &k, &self->err));
	EXPECT_EQ(0, relay_one(_metadata, self, pkt,
			       wrtc_rtp(pkt, 0xe1, 1, 100, 0), 0));
	mnl_socket_close(ev_sock);
}

/*
 * Forged packets on A: auth-fail-ntf for A carrying its failure count,
 * rate-limited (fewer messages than forgeries is fine; the last one
 * counts them all), and nothing once the forgeries stop.
 */
TEST_F(relay, auth_fail_burst)
{
	uint8_t pkt[FRAME_MAX], srtp[FRAME_MAX];
	struct mnl_socket *ev_sock;
	unsigned int i, msgs = 0;
	uint64_t last = 0;
	uint32_t verdict = 0;
	uint16_t seq = 1;
	struct ev ev;
	int n;

	ev_sock = events_open(self->nl);
	ASSERT_NE(NULL, ev_sock) TH_LOG("join events: %s", strerror(errno));
	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, make_keys(self, WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
			       WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32, 200,
			       201));
	ASSERT_EQ(0, relay_one(_metadata, self, pkt,
			       wrtc_rtp(pkt, 0xbad, seq++, 80, 0), 0));
	for (i = 0; i < 5; i++) {
		n = forged(self, seq++, srtp);
		ASSERT_LT(20, n);
		EXPECT_EQ(-EBADMSG, relay_raw(self, srtp, (size_t)n, &verdict));
	}
	while (last < 5) {
		ASSERT_EQ(1, ev_wait(ev_sock, self->nl, WRTC_CMD_AUTH_FAIL_NTF,
				     self->a.id, &ev, EV_DEADLINE_MS, NULL))
		TH_LOG("no auth-fail-ntf (count so far %llu)",
		       (unsigned long long)last);
		ASSERT_TRUE(ev.has_stats);
		EXPECT_LT(last, ev.auth_failures);
		last = ev.auth_failures;
		msgs++;
	}
	EXPECT_EQ(5u, last);
	EXPECT_GE(5u, msgs);
	/* No new failure, no message. */
	EXPECT_EQ(0, ev_wait(ev_sock, self->nl, WRTC_CMD_AUTH_FAIL_NTF,
			     self->a.id, &ev, 2500, NULL));

	/* A second burst right after: counted on from the first. */
	for (i = 0; i < 3; i++) {
		n = forged(self, seq++, srtp);
		ASSERT_LT(20, n);
		EXPECT_EQ(-EBADMSG, relay_raw(self, srtp, (size_t)n, &verdict));
	}
	while (last < 8) {
		ASSERT_EQ(1, ev_wait(ev_sock, self->nl, WRTC_CMD_AUTH_FAIL_NTF,
				     self->a.id, &ev, EV_DEADLINE_MS, NULL));
		EXPECT_LT(last, ev.auth_failures);
		last = ev.auth_failures;
	}
	EXPECT_EQ(8u, last);
	mnl_socket_close(ev_sock);
}

/* Without CAP_NET_ADMIN, joining the events group is refused. */
TEST_F(relay, unprivileged_cannot_join)
{
	unsigned int grp = wrtcnl_events_group(self->nl);
	struct mnl_socket *s;
	int status;
	pid_t pid;

	ASSERT_NE(0u, grp);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct __user_cap_header_struct hdr = {
			.version = _LINUX_CAPABILITY_VERSION_3,
		};
		struct __user_cap_data_struct data[2] = { { 0 } };

		if (syscall(SYS_capset, &hdr, data))
			_exit(10);
		s = mnl_socket_open(NETLINK_GENERIC);
		if (!s || mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID))
			_exit(11);
		if (!mnl_socket_setsockopt(s, NETLINK_ADD_MEMBERSHIP, &grp,
					   sizeof(grp)))
			_exit(12);
		_exit(errno == EPERM ? 0 : 13);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* And with it, joining works. */
	s = events_open(self->nl);
	EXPECT_NE(NULL, s);
	if (s)
		mnl_socket_close(s);
}

TEST_HARNESS_MAIN
