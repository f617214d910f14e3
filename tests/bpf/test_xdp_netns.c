// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc's XDP program on a real device: two network namespaces of the
 * test's own joined by a veth pair, the program attached in native mode to
 * the receiving end. UDP sent from one namespace to the other (STUN-,
 * DTLS-, RTP- and RTCP-like to media ports, other traffic elsewhere) must
 * arrive, and be counted by class; with WRTC_XDP_F_DROP_UNEXPECTED a
 * source must be dropped until it is expected.
 *
 * The namespaces are named after the test process (wrtcx<pid>a/b) and
 * removed by the fixture's teardown, and again at exit or on SIGINT /
 * SIGTERM in case a test died before its teardown. Needs root and ip(8).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "pkt.h"
#include "xdp_run.h"
#include "wrtc_xdp.h"

#define ADDR_A "10.203.0.1"
#define ADDR_B "10.203.0.2"
#define ADDR6_A "fd00:203::1"
#define ADDR6_B "fd00:203::2"
#define MEDIA_LO 40000
#define MEDIA_HI 40099
#define SRC_PORT 5000

static pid_t main_pid;
static char ns_a[32], ns_b[32], dev_a[IFNAMSIZ], dev_b[IFNAMSIZ];

/* Run a shell command, quietly; returns its exit status. */
static int sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void remove_namespaces(void)
{
	sh("ip netns del %s 2>/dev/null", ns_a);
	sh("ip netns del %s 2>/dev/null", ns_b);
}

static void at_exit(void)
{
	if (getpid() == main_pid)
		remove_namespaces();
}

static void on_signal(int sig)
{
	remove_namespaces();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void __attribute__((constructor)) names(void)
{
	main_pid = getpid();
	snprintf(ns_a, sizeof(ns_a), "wrtcx%da", (int)main_pid);
	snprintf(ns_b, sizeof(ns_b), "wrtcx%db", (int)main_pid);
	snprintf(dev_a, sizeof(dev_a), "wx%da", (int)main_pid);
	snprintf(dev_b, sizeof(dev_b), "wx%db", (int)main_pid);
	atexit(at_exit);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

/* Enter a namespace by name; returns 0 or -errno. */
static int enter(const char *ns)
{
	char path[64];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (setns(fd, CLONE_NEWNET))
		err = -errno;
	close(fd);
	return err;
}

/* A UDP socket in namespace ns bound to addr:port (family by address). */
static int udp_socket(const char *ns, const char *addr, uint16_t port)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	bool v6 = strchr(addr, ':');
	int fd;

	if (enter(ns))
		return -1;
	fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (v6) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		inet_pton(AF_INET6, addr, &sin6->sin6_addr);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		inet_pton(AF_INET, addr, &sin->sin_addr);
	}
	if (bind(fd, (struct sockaddr *)&ss,
		 v6 ? sizeof(*sin6) : sizeof(*sin))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send payload from fd to addr:port; 0 or -errno. */
static int send_to(int fd, const char *addr, uint16_t port, const void *p,
		   size_t n)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6,
				     .sin6_port = htons(port) };
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	ssize_t r;

	if (strchr(addr, ':')) {
		inet_pton(AF_INET6, addr, &sin6.sin6_addr);
		r = sendto(fd, p, n, 0, (struct sockaddr *)&sin6, sizeof(sin6));
	} else {
		inet_pton(AF_INET, addr, &sin.sin_addr);
		r = sendto(fd, p, n, 0, (struct sockaddr *)&sin, sizeof(sin));
	}
	return r == (ssize_t)n ? 0 : -errno;
}

/* Receive within ms milliseconds: the length, or -1 when nothing came. */
static ssize_t recv_within(int fd, void *buf, size_t cap, int ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, ms) != 1)
		return -1;
	return recv(fd, buf, cap, MSG_DONTWAIT);
}

FIXTURE(veth)
{
	struct wrtc_xdp *x;
	int media_b, media6_b, other_b; /* receivers in B */
	int tx_a, tx6_a; /* senders in A */
};

FIXTURE_SETUP(veth)
{
	struct wrtc_xdp_config cfg = { .port_lo = MEDIA_LO,
				       .port_hi = MEDIA_HI };
	int ifindex;

	self->x = NULL;
	if (geteuid())
		SKIP(return, "needs root");
	if (sh("ip -V >/dev/null 2>&1"))
		SKIP(return, "no ip(8)");
	remove_namespaces();
	ASSERT_EQ(0, sh("ip netns add %s && ip netns add %s", ns_a, ns_b));
	ASSERT_EQ(0, sh("ip link add %s netns %s type veth peer name %s "
			"netns %s",
			dev_a, ns_a, dev_b, ns_b));
	ASSERT_EQ(0, sh("ip -n %s addr add %s/24 dev %s && "
			"ip -n %s addr add %s/64 dev %s nodad && "
			"ip -n %s link set %s up && ip -n %s link set lo up",
			ns_a, ADDR_A, dev_a, ns_a, ADDR6_A, dev_a, ns_a, dev_a,
			ns_a));
	ASSERT_EQ(0, sh("ip -n %s addr add %s/24 dev %s && "
			"ip -n %s addr add %s/64 dev %s nodad && "
			"ip -n %s link set %s up && ip -n %s link set lo up",
			ns_b, ADDR_B, dev_b, ns_b, ADDR6_B, dev_b, ns_b, dev_b,
			ns_b));

	ASSERT_EQ(0, wrtc_xdp_open(&self->x, NULL));
	ASSERT_EQ(0, wrtc_xdp_set_config(self->x, &cfg));
	ASSERT_EQ(0, enter(ns_b));
	ifindex = if_nametoindex(dev_b);
	ASSERT_LT(0, ifindex);
	ASSERT_EQ(0, wrtc_xdp_attach(self->x, ifindex, XDP_FLAGS_DRV_MODE));

	self->media_b = udp_socket(ns_b, ADDR_B, MEDIA_LO);
	self->media6_b = udp_socket(ns_b, ADDR6_B, MEDIA_HI);
	self->other_b = udp_socket(ns_b, ADDR_B, 6000);
	self->tx_a = udp_socket(ns_a, ADDR_A, SRC_PORT);
	self->tx6_a = udp_socket(ns_a, ADDR6_A, SRC_PORT);
	ASSERT_LE(0, self->media_b);
	ASSERT_LE(0, self->media6_b);
	ASSERT_LE(0, self->other_b);
	ASSERT_LE(0, self->tx_a);
	ASSERT_LE(0, self->tx6_a);
}

FIXTURE_TEARDOWN(veth)
{
	/* Sockets and the program's link go with the process. */
	wrtc_xdp_close(self->x);
	remove_namespaces();
}

/* Send p from A to B, expect it (or not) at rx; returns 0 if as expected. */
static int deliver(int tx, const char *to, uint16_t port, int rx,
		   const struct pkt_spec *p, bool arrives)
{
	uint8_t buf[PKT_MAX];
	ssize_t n;

	if (send_to(tx, to, port, p->payload, p->payload_len))
		return -1;
	n = recv_within(rx, buf, sizeof(buf), arrives ? 2000 : 300);
	if (!arrives)
		return n < 0 ? 0 : -1;
	return n == (ssize_t)p->payload_len &&
			       !memcmp(buf, p->payload, p->payload_len) ?
		       0 :
		       -1;
}

#define CLASS(st, c, v) ((st).by_class[WRTC_XDP_C_##c][XDP_##v].packets)
#define REASON(st, r) ((st).by_reason[-WRTC_XDP_R_##r].packets)

TEST_F(veth, classified_and_passed)
{
	struct pkt_spec stun = { STUN_BINDING }, dtls = { DTLS_HELLO },
			rtp = { RTP_PCMU }, rtcp = { RTCP_SR },
			other = { TURN_CHANNEL };
	struct wrtc_xdp_stats st;
	int no_leg;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &stun,
			     true));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &dtls,
			     true));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &rtp,
			     true));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &rtcp,
			     true));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b,
			     &other, true));
	ASSERT_EQ(0, deliver(self->tx6_a, ADDR6_B, MEDIA_HI, self->media6_b,
			     &rtp, true));
	ASSERT_EQ(0, deliver(self->tx6_a, ADDR6_B, MEDIA_HI, self->media6_b,
			     &stun, true));
	/* RTP-like to a port that is not a media port. */
	ASSERT_EQ(0,
		  deliver(self->tx_a, ADDR_B, 6000, self->other_b, &rtp, true));

	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &st));
	EXPECT_EQ(2u, CLASS(st, STUN, PASS));
	EXPECT_EQ(1u, CLASS(st, DTLS, PASS));
	EXPECT_EQ(2u, CLASS(st, RTP, PASS));
	EXPECT_EQ(1u, CLASS(st, RTCP, PASS));
	EXPECT_EQ(1u, CLASS(st, OTHER, PASS));
	/* ARP, neighbour discovery and the port-6000 datagram at least. */
	EXPECT_LE(1u, CLASS(st, NOT_MEDIA, PASS));
	no_leg = wrtc_xdp_has_kfuncs(self->x) ? -WRTC_XDP_R_NO_LEG :
						-WRTC_XDP_R_NO_MODULE;
	EXPECT_EQ(3u, st.by_reason[no_leg].packets);
	EXPECT_EQ(0u, CLASS(st, RTP, DROP) + CLASS(st, STUN, DROP) +
			      CLASS(st, NOT_MEDIA, DROP) +
			      CLASS(st, UNPARSED, DROP));
}

TEST_F(veth, unexpected_sources_dropped)
{
	struct wrtc_xdp_config cfg = { .port_lo = MEDIA_LO,
				       .port_hi = MEDIA_HI,
				       .flags = WRTC_XDP_F_DROP_UNEXPECTED };
	struct pkt_spec stun = { STUN_BINDING }, dtls = { DTLS_HELLO },
			rtp = { RTP_PCMU };
	struct wrtc_xdp_source src;
	struct wrtc_xdp_stats st;
	uint8_t a[4];

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, wrtc_xdp_set_config(self->x, &cfg));
	/* Unknown source: STUN passes, the rest is dropped. */
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &stun,
			     true));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &dtls,
			     false));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &rtp,
			     false));
	/* Not a media port: not filtered. */
	ASSERT_EQ(0,
		  deliver(self->tx_a, ADDR_B, 6000, self->other_b, &rtp, true));
	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &st));
	EXPECT_EQ(1u, CLASS(st, STUN, PASS));
	EXPECT_EQ(1u, CLASS(st, DTLS, DROP));
	EXPECT_EQ(1u, CLASS(st, RTP, DROP));
	EXPECT_EQ(2u, REASON(st, UNEXPECTED));

	/* Once ICE has validated it, it is expected. */
	inet_pton(AF_INET, ADDR_A, a);
	ASSERT_EQ(0,
		  wrtc_xdp_source_init(&src, AF_INET, a, MEDIA_LO, SRC_PORT));
	ASSERT_EQ(0, wrtc_xdp_expect(self->x, &src));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &dtls,
			     true));
	ASSERT_EQ(0, deliver(self->tx_a, ADDR_B, MEDIA_LO, self->media_b, &rtp,
			     true));
	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &st));
	EXPECT_EQ(1u, CLASS(st, DTLS, PASS));
	EXPECT_EQ(1u, CLASS(st, RTP, PASS));
	EXPECT_EQ(2u, REASON(st, UNEXPECTED));
}

TEST_HARNESS_MAIN
