// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc.ko's kfuncs on real packets: three network namespaces joined by
 * veth pairs,
 *
 *   wrtc-a: pa 10.99.1.2, the sender
 *      |  veth
 *   wrtc-g: ga 10.99.1.1, XDP wrtc_relay_fwd (leg lookup, relay,
 *           bpf_fib_lookup, redirect out of gb); gb 10.99.2.1
 *      |  veth
 *   wrtc-b: pb 10.99.2.2, the receiver (XDP_PASS on pb)
 *
 * with legs A (ga:4000 <-> pa:5000) and B (gb:4002 <-> pb:6000) in the
 * gateway namespace. The sender protects RTP and RTCP with libsrtp2 under
 * A's master key and sends them over a UDP socket; the receiver's UDP
 * socket gets them from gb:4002 and libsrtp2 unprotects them under B's key
 * to what was sent. The receiving stack verifies the IP and UDP checksums
 * the relay wrote (an XDP frame turned skb has no checksum offload).
 */
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "wrtc_test.h"
#include "wrtc_xdp_test.h"

#ifndef XDP_FLAGS_DRV_MODE
#define XDP_FLAGS_DRV_MODE (1U << 2)
#endif

#define NS_A "wrtc-a"
#define NS_G "wrtc-g"
#define NS_B "wrtc-b"

/* Run a shell command quietly; its output only when it fails. */
static int run(const char *cmd)
{
	char buf[1024];
	int status;

	snprintf(buf, sizeof(buf), "{ %s; } >/tmp/wrtc-veth.log 2>&1", cmd);
	status = system(buf);
	if (status) {
		fprintf(stderr, "# command failed (%d): %s\n", status, cmd);
		system("sed 's/^/#   /' /tmp/wrtc-veth.log >&2");
	}
	return status;
}

static int enter_ns(const char *name)
{
	char path[64];
	int fd, ret;

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = setns(fd, CLONE_NEWNET) ? -errno : 0;
	close(fd);
	return ret;
}

static void teardown_ns(void)
{
	run("for n in " NS_A " " NS_G " " NS_B "; do "
	    "ip netns del $n 2>/dev/null; done; true");
}

static const char *const setup_cmds[] = {
	"ip netns add " NS_A,
	"ip netns add " NS_G,
	"ip netns add " NS_B,
	"ip -n " NS_G " link add ga address 02:00:00:00:01:01 type veth "
	"peer name pa address 02:00:00:00:01:02 netns " NS_A,
	"ip -n " NS_G " link add gb address 02:00:00:00:02:01 type veth "
	"peer name pb address 02:00:00:00:02:02 netns " NS_B,
	"ip -n " NS_A " addr add 10.99.1.2/24 dev pa",
	"ip -n " NS_G " addr add 10.99.1.1/24 dev ga",
	"ip -n " NS_G " addr add 10.99.2.1/24 dev gb",
	"ip -n " NS_B " addr add 10.99.2.2/24 dev pb",
	"ip -n " NS_A " link set pa up",
	"ip -n " NS_G " link set ga up",
	"ip -n " NS_G " link set gb up",
	"ip -n " NS_B " link set pb up",
	/* No ARP to wait for; bpf_fib_lookup wants a neighbour entry. */
	"ip -n " NS_A " neigh replace 10.99.1.1 lladdr 02:00:00:00:01:01 "
	"dev pa nud permanent",
	"ip -n " NS_G " neigh replace 10.99.2.2 lladdr 02:00:00:00:02:02 "
	"dev gb nud permanent",
	/* bpf_fib_lookup refuses to route where forwarding is off. */
	"ip netns exec " NS_G " sh -c "
	"'echo 1 >/proc/sys/net/ipv4/conf/all/forwarding'",
};

FIXTURE(veth)
{
	struct wrtcnl *nl; /* in wrtc-g */
	struct wrtc_err err;
	struct wrtc_bpf bpf;
	struct wrtcnl_leg a, b;
	int ga, pb; /* ifindexes, in their namespaces */
	int tx, rx; /* sockets in wrtc-a and wrtc-b */
};

static int udp_socket(const char *addr, uint16_t port, const char *to,
		      uint16_t to_port)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_port = htons(port) };
	struct timeval tv = { .tv_sec = 3 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	inet_pton(AF_INET, addr, &sin.sin_addr);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)))
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (to) {
		sin.sin_port = htons(to_port);
		inet_pton(AF_INET, to, &sin.sin_addr);
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)))
			goto fail;
	}
	return fd;
fail:
	close(fd);
	return -errno;
}

FIXTURE_SETUP(veth)
{
	struct wrtcnl_leg req = { 0 };
	unsigned int i;
	int ret = wrtc_load();

	self->tx = self->rx = -1;
	if (ret == -ENOENT && !getenv("WRTC_KO"))
		SKIP(return, "WRTC_KO unset: run in the guest");
	ASSERT_EQ(0, ret) TH_LOG("load wrtc.ko: %s", strerror(-ret));
	ASSERT_EQ(0, srtp_ref_init(NULL));
	teardown_ns();
	for (i = 0; i < sizeof(setup_cmds) / sizeof(setup_cmds[0]); i++)
		ASSERT_EQ(0, run(setup_cmds[i]));
	ASSERT_EQ(0, wrtc_bpf_open(&self->bpf));

	/* The gateway: legs, and the relay on ga. */
	ASSERT_EQ(0, enter_ns(NS_G));
	memset(&self->err, 0, sizeof(self->err));
	ASSERT_EQ(0, wrtcnl_open(&self->nl, &self->err))
	TH_LOG("%s", self->err.msg);
	req.local.family = req.remote.family = AF_INET;
	inet_pton(AF_INET, "10.99.1.1", &req.local.v4);
	inet_pton(AF_INET, "10.99.1.2", &req.remote.v4);
	req.local.port = 4000;
	req.remote.port = 5000;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &self->a, &self->err))
	TH_LOG("%s", self->err.msg);
	inet_pton(AF_INET, "10.99.2.1", &req.local.v4);
	inet_pton(AF_INET, "10.99.2.2", &req.remote.v4);
	req.local.port = 4002;
	req.remote.port = 6000;
	req.peer_id = self->a.id;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &self->b, &self->err));
	self->ga = (int)if_nametoindex("ga");
	ASSERT_LT(0, self->ga);
	ret = bpf_xdp_attach(self->ga, self->bpf.fwd, XDP_FLAGS_DRV_MODE, NULL);
	ASSERT_EQ(0, ret) TH_LOG("attach to ga: %s", strerror(-ret));

	/* The receiver: veth hands redirected frames only to XDP. */
	ASSERT_EQ(0, enter_ns(NS_B));
	self->pb = (int)if_nametoindex("pb");
	ASSERT_LT(0, self->pb);
	ret = bpf_xdp_attach(self->pb, self->bpf.pass, XDP_FLAGS_DRV_MODE,
			     NULL);
	ASSERT_EQ(0, ret) TH_LOG("attach to pb: %s", strerror(-ret));
	self->rx = udp_socket("10.99.2.2", 6000, NULL, 0);
	ASSERT_LE(0, self->rx);

	ASSERT_EQ(0, enter_ns(NS_A));
	self->tx = udp_socket("10.99.1.2", 5000, "10.99.1.1", 4000);
	ASSERT_LE(0, self->tx);
}

FIXTURE_TEARDOWN(veth)
{
	if (self->tx >= 0)
		close(self->tx);
	if (self->rx >= 0)
		close(self->rx);
	/*
	 * Detach before the namespaces go: their devices are destroyed
	 * asynchronously, and an attached program keeps wrtc.ko in use.
	 */
	if (!enter_ns(NS_G) && self->ga > 0)
		bpf_xdp_detach(self->ga, XDP_FLAGS_DRV_MODE, NULL);
	if (!enter_ns(NS_B) && self->pb > 0)
		bpf_xdp_detach(self->pb, XDP_FLAGS_DRV_MODE, NULL);
	wrtc_bpf_close(&self->bpf);
	wrtcnl_close(self->nl);
	teardown_ns();
}

static int install_keys(FIXTURE_DATA(veth) * self, uint32_t pa, uint32_t pb,
			const struct srtp_master_key *ma,
			const struct srtp_master_key *mb)
{
	struct wrtcnl_key k;
	int ret;

	ret = wrtc_key_from_master(&k, self->a.id, WRTC_DIRECTION_RX,
				   WRTC_KEY_SLOT_PRIMARY, pa, ma);
	ret = ret ?: wrtcnl_key_install(self->nl, &k, &self->err);
	ret = ret   ?:
		      wrtc_key_from_master(&k, self->b.id, WRTC_DIRECTION_TX,
					   WRTC_KEY_SLOT_PRIMARY, pb, mb);
	return ret ?: wrtcnl_key_install(self->nl, &k, &self->err);
}

/*
 * Send @count RTP packets (an RTCP packet after every 10th) from wrtc-a
 * and check each one wrtc-b receives. Returns how many arrived intact.
 */
static unsigned int send_and_check(struct __test_metadata *_metadata,
				   FIXTURE_DATA(veth) * self, uint32_t pa,
				   uint32_t pb, uint32_t ssrc,
				   unsigned int count)
{
	struct srtp_master_key ma = wrtc_master(pa, (uint8_t)(ssrc + 1));
	struct srtp_master_key mb = wrtc_master(pb, (uint8_t)(ssrc + 2));
	struct srtp_ref *sender, *receiver;
	unsigned int i, k, ok = 0;

	if (install_keys(self, pa, pb, &ma, &mb)) {
		TH_LOG("key install: %s", self->err.msg);
		return 0;
	}
	sender = wrtc_ref(pa, &ma, SRTP_REF_OUTBOUND);
	receiver = wrtc_ref(pb, &mb, SRTP_REF_INBOUND);
	for (i = 0; sender && receiver && i < count; i++) {
		for (k = 0; k < (i % 10 == 9 ? 2u : 1u); k++) {
			uint8_t pkt[1500], buf[1500], got[1500];
			struct sockaddr_in from;
			socklen_t flen = sizeof(from);
			size_t len = k ? wrtc_rtcp(pkt, ssrc, i) :
					 wrtc_rtp(pkt, ssrc, (uint16_t)(i + 1),
						  40 + (i * 53) % 1100, i & 1);
			ssize_t n;
			int m;

			memcpy(buf, pkt, len);
			m = k ? srtp_ref_protect_rtcp(sender, buf, len,
						      sizeof(buf), NULL) :
				srtp_ref_protect_rtp(sender, buf, len,
						     sizeof(buf), NULL);
			if (m < 0 || send(self->tx, buf, (size_t)m, 0) != m) {
				TH_LOG("protect or send %u failed", i);
				goto out;
			}
			n = recvfrom(self->rx, got, sizeof(got), 0,
				     (struct sockaddr *)&from, &flen);
			if (n < 0) {
				TH_LOG("packet %u (%s, %zu bytes) not received: "
				       "%s; wrtc_xdp_relay %d",
				       i, k ? "RTCP" : "RTP", len,
				       strerror(errno),
				       wrtc_bpf_last_ret(&self->bpf));
				goto out;
			}
			if (from.sin_addr.s_addr != htonl(0x0a630201) ||
			    from.sin_port != htons(4002)) {
				TH_LOG("packet %u not from 10.99.2.1:4002", i);
				goto out;
			}
			m = k ? srtp_ref_unprotect_rtcp(receiver, got,
							(size_t)n, &self->err) :
				srtp_ref_unprotect_rtp(receiver, got, (size_t)n,
						       &self->err);
			if (m < 0 || (size_t)m != len ||
			    memcmp(got, pkt, len)) {
				TH_LOG("packet %u (%s): %s", i,
				       k ? "RTCP" : "RTP",
				       m < 0 ? self->err.msg : "differs");
				goto out;
			}
		}
		ok++;
	}
out:
	srtp_ref_destroy(sender);
	srtp_ref_destroy(receiver);
	return ok;
}

/*
 * Same profile on both legs, a longer tag out (AES-CM 80 -> GCM), a
 * shorter one (GCM -> AES-CM 32): the frame grows into veth's tailroom
 * and shrinks.
 */
TEST_F(veth, relay_between_namespaces)
{
	static const uint32_t pairs[][2] = {
		{ WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
		  WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80 },
		{ WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
		  WRTC_SRTP_PROFILE_AEAD_AES_256_GCM },
		{ WRTC_SRTP_PROFILE_AEAD_AES_128_GCM,
		  WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32 },
	};
	struct wrtc_relay_result r;
	struct wrtcnl_leg_stats sa, sb;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		EXPECT_EQ(30u, send_and_check(_metadata, self, pairs[i][0],
					      pairs[i][1], 0x70 + i, 30))
		TH_LOG("%s -> %s", wrtc_srtp_profile(pairs[i][0])->name,
		       wrtc_srtp_profile(pairs[i][1])->name);
	}

	/* 3 x (30 RTP + 3 RTCP), each relayed once. */
	ASSERT_EQ(0, wrtc_bpf_result(&self->bpf, &r));
	EXPECT_EQ(99u, r.relayed);
	EXPECT_EQ(0u, r.failed);
	EXPECT_EQ(0u, r.fib_failed)
	TH_LOG("bpf_fib_lookup: %llu", (unsigned long long)r.fib_ret);
	ASSERT_EQ(0, wrtcnl_stats_get(self->nl, self->a.id, &sa, &self->err));
	ASSERT_EQ(0, wrtcnl_stats_get(self->nl, self->b.id, &sb, &self->err));
	EXPECT_EQ(99u, sa.stats.rx_packets);
	EXPECT_EQ(99u, sb.stats.tx_packets);
	EXPECT_EQ(0u, sa.stats.auth_failures + sa.stats.replay_drops);
}

TEST_HARNESS_MAIN
