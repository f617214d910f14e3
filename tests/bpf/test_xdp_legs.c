// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc's XDP program with wrtc.ko's kfuncs: legs made over netlink in a
 * network namespace of the test's own, SRTP and SRTCP relayed from leg A
 * to its peer B (BPF_PROG_TEST_RUN, the frame "received" on a veth), the
 * output checked header by header and decrypted with B's keys here.
 *
 * Needs wrtc.ko loaded with BTF, which only the qemu guest can do: skipped
 * elsewhere (the host kernel has no modules).
 *
 *   browser A 10.9.0.3:5000 -> leg A 10.9.0.1:40000
 *   leg B 10.9.0.1:40002    -> browser B 10.9.0.2:6000 (02:00:00:00:00:22)
 *   leg C 10.8.0.1:40004 <- 10.8.0.3:5000, on a second device
 */
#include <errno.h>
#include <linux/bpf.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "legs.h"
#include "pkt.h"
#include "srtp_xform.h"
#include "wrtcnl.h"
#include "xdp_run.h"

#define LOCAL "10.9.0.1"
#define A_REMOTE "10.9.0.3"
#define B_REMOTE "10.9.0.2"
#define C_LOCAL "10.8.0.1"
#define C_REMOTE "10.8.0.3"
#define A_PORT 40000
#define B_PORT 40002
#define C_PORT 40004
#define A_RPORT 5000
#define B_RPORT 6000
static const uint8_t b_mac[6] = { 0x02, 0, 0, 0, 0, 0x22 };

static int sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(legs)
{
	struct wrtc_xdp *x;
	struct wrtcnl *nl;
	uint32_t a, b, c;
	int wl0, wl2;
	uint8_t wl0_mac[6];
	struct srtp_xform send_a; /* browser A's outbound context */
	struct srtp_xform recv_b; /* browser B's inbound context */
	bool xforms;
};

FIXTURE_SETUP(legs)
{
	struct wrtc_xdp_config cfg = { .port_lo = 40000, .port_hi = 40999 };
	struct wrtcnl_leg req, got;
	struct ifreq ifr = { 0 };
	int fd;

	self->x = NULL;
	self->nl = NULL;
	self->xforms = false;
	fill_keys(&a_rtp, 1);
	fill_keys(&a_rtcp, 60);
	fill_keys(&b_rtp, 120);
	fill_keys(&b_rtcp, 180);
	if (access("/sys/kernel/btf/wrtc", F_OK))
		SKIP(return, "wrtc.ko is not loaded (only the qemu guest can)");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	ASSERT_EQ(0, sh("ip link set lo up && "
			"ip link add wl0 type veth peer name wl1 && "
			"ip link add wl2 type veth peer name wl3 && "
			"ip addr add " LOCAL "/24 dev wl0 && "
			"ip addr add " C_LOCAL "/24 dev wl2 && "
			"ip link set wl0 up && ip link set wl1 up && "
			"ip link set wl2 up && ip link set wl3 up && "
			"ip neigh replace " B_REMOTE
			" lladdr 02:00:00:00:00:22 dev wl0 nud permanent && "
			"echo 1 > /proc/sys/net/ipv4/conf/all/forwarding"));
	self->wl0 = if_nametoindex("wl0");
	self->wl2 = if_nametoindex("wl2");
	ASSERT_LT(0, self->wl0);
	ASSERT_LT(0, self->wl2);
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	ASSERT_LE(0, fd);
	strcpy(ifr.ifr_name, "wl0");
	ASSERT_EQ(0, ioctl(fd, SIOCGIFHWADDR, &ifr));
	memcpy(self->wl0_mac, ifr.ifr_hwaddr.sa_data, 6);
	close(fd);

	ASSERT_EQ(0, wrtc_xdp_open(&self->x, NULL));
	ASSERT_TRUE(wrtc_xdp_has_kfuncs(self->x));
	ASSERT_EQ(0, wrtc_xdp_set_config(self->x, &cfg));

	ASSERT_EQ(0, wrtcnl_open(&self->nl, NULL));
	req = leg4(LOCAL, A_PORT, A_REMOTE, A_RPORT);
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &got, NULL));
	self->a = got.id;
	req = leg4(LOCAL, B_PORT, B_REMOTE, B_RPORT);
	req.peer_id = self->a;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &got, NULL));
	self->b = got.id;
	req = leg4(C_LOCAL, C_PORT, C_REMOTE, A_RPORT);
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &got, NULL));
	self->c = got.id;

	ASSERT_EQ(0,
		  xform(&self->send_a, SRTP_XFORM_OUTBOUND, &a_rtp, &a_rtcp));
	ASSERT_EQ(0, xform(&self->recv_b, SRTP_XFORM_INBOUND, &b_rtp, &b_rtcp));
	self->xforms = true;
}

FIXTURE_TEARDOWN(legs)
{
	if (self->xforms) {
		srtp_xform_fini(&self->send_a);
		srtp_xform_fini(&self->recv_b);
	}
	/* The legs go with the socket, the devices with the namespace. */
	if (self->nl)
		wrtcnl_close(self->nl);
	wrtc_xdp_close(self->x);
}

/*
 * Check a relayed frame: addressed from leg B to browser B, Ethernet
 * addresses from the FIB, lengths and checksums right (computed here),
 * and the payload decrypting with B's keys to plain[0..plain_len).
 */
static void check_relayed(struct __test_metadata *_metadata,
			  FIXTURE_DATA(legs) * self, uint8_t *out,
			  size_t out_len, bool rtcp, const uint8_t *plain,
			  size_t plain_len)
{
	uint8_t *ip = out + 14, *udp = ip + 20, addr[4];
	size_t ulen = out_len - 14 - 20;
	uint32_t sum;
	int n;

	ASSERT_LT(14u + 20 + 8, out_len);
	EXPECT_EQ(0, memcmp(out, b_mac, 6));
	EXPECT_EQ(0, memcmp(out + 6, self->wl0_mac, 6));
	EXPECT_EQ(0x0800, get16(out + 12));
	EXPECT_EQ(0x45, ip[0]);
	EXPECT_EQ(out_len - 14, get16(ip + 2));
	EXPECT_EQ(IPPROTO_UDP, ip[9]);
	EXPECT_LT(0, ip[8]);
	inet_pton(AF_INET, LOCAL, addr);
	EXPECT_EQ(0, memcmp(ip + 12, addr, 4));
	inet_pton(AF_INET, B_REMOTE, addr);
	EXPECT_EQ(0, memcmp(ip + 16, addr, 4));
	EXPECT_EQ(0, csum_fold(csum_add(0, ip, 20)));
	EXPECT_EQ(B_PORT, get16(udp));
	EXPECT_EQ(B_RPORT, get16(udp + 2));
	EXPECT_EQ(ulen, get16(udp + 4));
	sum = csum_add(0, ip + 12, 8) + IPPROTO_UDP + ulen;
	EXPECT_EQ(0, csum_fold(csum_add(sum, udp, ulen)));
	n = rtcp ? srtp_xform_unprotect_rtcp(&self->recv_b, udp + 8, ulen - 8,
					     NULL) :
		   srtp_xform_unprotect_rtp(&self->recv_b, udp + 8, ulen - 8,
					    NULL);
	ASSERT_EQ((int)plain_len, n);
	EXPECT_EQ(0, memcmp(plain, udp + 8, plain_len));
}

/* Run frame on ifindex and check verdict and counters; out as run_on(). */
static void expect_run(struct __test_metadata *_metadata,
		       FIXTURE_DATA(legs) * self, int ifindex,
		       const uint8_t *frame, size_t len, struct expect e,
		       uint8_t *out, size_t *out_len)
{
	struct wrtc_xdp_stats before, after;

	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &before));
	EXPECT_EQ(e.verdict, run_on(_metadata, self->x, ifindex, frame, len,
				    out, out_len));
	ASSERT_EQ(0, wrtc_xdp_read_stats(self->x, &after));
	check_counts(_metadata, &before, &after, &e, len);
}

#define E(v, cls, why) \
	((struct expect){ XDP_##v, WRTC_XDP_C_##cls, WRTC_XDP_R_##why })

TEST_F(legs, rtp_relayed_then_replay_and_forgery_dropped)
{
	uint8_t srtp[PKT_MAX], plain[PKT_MAX], frame[PKT_MAX], out[PKT_MAX];
	size_t n, plain_len, len, out_len;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, install_keys(self->nl, self->a, self->b));
	n = srtp_from_a(&self->send_a, false, 1, srtp, sizeof(srtp), plain,
			&plain_len);
	ASSERT_LT(0u, n);
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtp, n, 0, 0);
	expect_run(_metadata, self, self->wl0, frame, len, E(TX, RTP, NONE),
		   out, &out_len);
	/* Same profile on both legs: the same length. */
	ASSERT_EQ(len, out_len);
	check_relayed(_metadata, self, out, out_len, false, plain, plain_len);

	/* The same packet again is a replay. */
	expect_run(_metadata, self, self->wl0, frame, len, E(DROP, RTP, REPLAY),
		   out, &out_len);

	/* A new one with a flipped bit fails authentication. */
	n = srtp_from_a(&self->send_a, false, 2, srtp, sizeof(srtp), plain,
			&plain_len);
	srtp[20] ^= 1;
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtp, n, 0, 0);
	expect_run(_metadata, self, self->wl0, frame, len, E(DROP, RTP, AUTH),
		   out, &out_len);
}

TEST_F(legs, rtcp_relayed)
{
	uint8_t srtcp[PKT_MAX], plain[PKT_MAX], frame[PKT_MAX], out[PKT_MAX];
	size_t n, plain_len, len, out_len;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, install_keys(self->nl, self->a, self->b));
	n = srtp_from_a(&self->send_a, true, 0, srtcp, sizeof(srtcp), plain,
			&plain_len);
	ASSERT_LT(0u, n);
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtcp, n, 0, 0);
	expect_run(_metadata, self, self->wl0, frame, len, E(TX, RTCP, NONE),
		   out, &out_len);
	ASSERT_EQ(len, out_len);
	check_relayed(_metadata, self, out, out_len, true, plain, plain_len);
}

/* Refusals before the transform leave the frame to the stack, intact. */
TEST_F(legs, refused_frames_pass_intact)
{
	uint8_t srtp[PKT_MAX], plain[PKT_MAX], frame[PKT_MAX], out[PKT_MAX];
	struct wrtcnl_leg_change unpeer = { .set_peer = true, .peer_id = 0 };
	size_t n, plain_len, len, out_len;

	RETURN_IF_SKIPPED();
	n = srtp_from_a(&self->send_a, false, 1, srtp, sizeof(srtp), plain,
			&plain_len);
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtp, n, 0, 0);
	/* Peered, no keys. */
	expect_run(_metadata, self, self->wl0, frame, len, E(PASS, RTP, NO_KEY),
		   out, &out_len);
	ASSERT_EQ(len, out_len);
	EXPECT_EQ(0, memcmp(frame, out, len));
	/* Keys, no peer. */
	ASSERT_EQ(0, install_keys(self->nl, self->a, self->b));
	ASSERT_EQ(0, wrtcnl_leg_set(self->nl, self->a, &unpeer, NULL));
	expect_run(_metadata, self, self->wl0, frame, len,
		   E(PASS, RTP, NO_PEER), out, &out_len);
	EXPECT_EQ(0, memcmp(frame, out, len));
	/* No leg from that port. */
	len = frame_to(frame, A_REMOTE, A_RPORT + 1, LOCAL, A_PORT, srtp, n, 0,
		       0);
	expect_run(_metadata, self, self->wl0, frame, len, E(PASS, RTP, NO_LEG),
		   out, &out_len);
	EXPECT_EQ(0, memcmp(frame, out, len));
}

/* What the relay kfunc does not take is not handed to it. */
TEST_F(legs, vlan_and_ip_options_not_relayed)
{
	uint8_t srtp[PKT_MAX], plain[PKT_MAX], frame[PKT_MAX], out[PKT_MAX];
	size_t n, plain_len, len, out_len;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, install_keys(self->nl, self->a, self->b));
	n = srtp_from_a(&self->send_a, false, 1, srtp, sizeof(srtp), plain,
			&plain_len);
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtp, n, 0,
		       0x8100);
	expect_run(_metadata, self, self->wl0, frame, len,
		   E(PASS, RTP, RELAY_UNSUPPORTED), out, &out_len);
	EXPECT_EQ(0, memcmp(frame, out, len));
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtp, n, 4, 0);
	expect_run(_metadata, self, self->wl0, frame, len,
		   E(PASS, RTP, RELAY_UNSUPPORTED), out, &out_len);
	EXPECT_EQ(0, memcmp(frame, out, len));
}

/* A kernel leg expects its remote end, without a wrtc_expected entry. */
TEST_F(legs, legs_expect_their_remote)
{
	static const uint8_t dtls[] = { 0x16, 0xfe, 0xfd, 0, 0, 0, 0,
					0,    0,    0,	  0, 0, 0 };
	struct wrtc_xdp_config cfg = { .port_lo = 40000,
				       .port_hi = 40999,
				       .flags = WRTC_XDP_F_DROP_UNEXPECTED };
	uint8_t frame[PKT_MAX], out[PKT_MAX];
	size_t len, out_len;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, wrtc_xdp_set_config(self->x, &cfg));
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, dtls,
		       sizeof(dtls), 0, 0);
	expect_run(_metadata, self, self->wl0, frame, len, E(PASS, DTLS, NONE),
		   out, &out_len);
	len = frame_to(frame, "10.9.0.4", A_RPORT, LOCAL, A_PORT, dtls,
		       sizeof(dtls), 0, 0);
	expect_run(_metadata, self, self->wl0, frame, len,
		   E(DROP, DTLS, UNEXPECTED), out, &out_len);
}

/* Transformed but undeliverable: dropped with the FIB's reason. */
TEST_F(legs, no_neighbour_dropped)
{
	uint8_t srtp[PKT_MAX], plain[PKT_MAX], frame[PKT_MAX], out[PKT_MAX];
	size_t n, plain_len, len, out_len;

	RETURN_IF_SKIPPED();
	ASSERT_EQ(0, install_keys(self->nl, self->a, self->b));
	ASSERT_EQ(0, sh("ip neigh del " B_REMOTE " dev wl0"));
	n = srtp_from_a(&self->send_a, false, 1, srtp, sizeof(srtp), plain,
			&plain_len);
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtp, n, 0, 0);
	expect_run(_metadata, self, self->wl0, frame, len,
		   E(DROP, RTP, FIB_NO_NEIGH), out, &out_len);
}

/* Received on one device, sent out of another: a redirect. */
TEST_F(legs, other_device_redirected)
{
	struct wrtcnl_leg_change peer = { .set_peer = true };
	uint8_t srtp[PKT_MAX], plain[PKT_MAX], frame[PKT_MAX], out[PKT_MAX];
	size_t n, plain_len, len, out_len;

	RETURN_IF_SKIPPED();
	peer.peer_id = self->b;
	ASSERT_EQ(0, wrtcnl_leg_set(self->nl, self->c, &peer, NULL));
	ASSERT_EQ(0, install(self->nl, self->c, WRTC_DIRECTION_RX, &a_rtp,
			     &a_rtcp));
	ASSERT_EQ(0, install(self->nl, self->b, WRTC_DIRECTION_TX, &b_rtp,
			     &b_rtcp));
	n = srtp_from_a(&self->send_a, false, 1, srtp, sizeof(srtp), plain,
			&plain_len);
	len = frame_to(frame, C_REMOTE, A_RPORT, C_LOCAL, C_PORT, srtp, n, 0,
		       0);
	expect_run(_metadata, self, self->wl2, frame, len,
		   E(REDIRECT, RTP, NONE), out, &out_len);
	ASSERT_EQ(len, out_len);
	check_relayed(_metadata, self, out, out_len, false, plain, plain_len);
}

/*
 * bpf_fib_lookup() needs forwarding on the receiving device: without it
 * the relayed packet has nowhere to go. The loader tells beforehand.
 */
TEST_F(legs, no_forwarding_dropped)
{
	uint8_t srtp[PKT_MAX], plain[PKT_MAX], frame[PKT_MAX], out[PKT_MAX];
	size_t n, plain_len, len, out_len;

	RETURN_IF_SKIPPED();
	EXPECT_EQ(WRTC_XDP_FWD_IPV4,
		  wrtc_xdp_forwarding(self->wl0) & WRTC_XDP_FWD_IPV4);
	ASSERT_EQ(0, sh("echo 0 > /proc/sys/net/ipv4/conf/all/forwarding"));
	EXPECT_EQ(0, wrtc_xdp_forwarding(self->wl0) & WRTC_XDP_FWD_IPV4);
	ASSERT_EQ(0, install_keys(self->nl, self->a, self->b));
	n = srtp_from_a(&self->send_a, false, 1, srtp, sizeof(srtp), plain,
			&plain_len);
	len = frame_to(frame, A_REMOTE, A_RPORT, LOCAL, A_PORT, srtp, n, 0, 0);
	expect_run(_metadata, self, self->wl0, frame, len,
		   E(DROP, RTP, FIB_FWD_DISABLED), out, &out_len);
}

TEST_HARNESS_MAIN
