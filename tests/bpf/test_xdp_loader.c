// SPDX-License-Identifier: GPL-2.0
/*
 * The XDP program's loader (bpf/wrtc_xdp.c): names tables, configuration,
 * expected sources, counters over repeated runs, kfuncs on and off, BPF
 * link attachment (on loopback of a namespace of the test's own) and map
 * pinning (on a bpffs of a mount namespace of its own).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "kselftest_harness.h"
#include "pkt.h"
#include "wrtc_xdp.h"

static bool module_loaded(void)
{
	return access("/sys/kernel/btf/wrtc", F_OK) == 0;
}

/* Run a STUN-or-whatever frame repeat times; returns the verdict. */
static int run(struct wrtc_xdp *x, const struct pkt_spec *s, int repeat)
{
	uint8_t frame[PKT_MAX];
	size_t len = pkt_build(s, frame);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame,
		    .data_size_in = len, .repeat = repeat);

	if (bpf_prog_test_run_opts(wrtc_xdp_prog_fd(x), &opts))
		return -errno;
	return (int)opts.retval;
}

TEST(names_cover_every_value)
{
	const char *
		seen[WRTC_XDP_C_MAX + WRTC_XDP_VERDICTS + WRTC_XDP_REASONS_MAX];
	unsigned int n = 0, i, j;
	int r;

	for (i = 0; i < WRTC_XDP_C_MAX; i++)
		seen[n++] = wrtc_xdp_class_name(i);
	for (i = 0; i < WRTC_XDP_VERDICTS; i++)
		seen[n++] = wrtc_xdp_verdict_name(i);
	for (r = 0; r >= WRTC_XDP_R_MIN; r--)
		seen[n++] = wrtc_xdp_reason_name(r);
	for (i = 0; i < n; i++) {
		ASSERT_NE(NULL, seen[i]);
		EXPECT_NE(0u, strlen(seen[i]));
	}
	/* Classes, verdicts and reasons apart; only "pass"/"drop" may not
	 * be reasons too, so all names are distinct within a table. */
	for (i = 0; i < WRTC_XDP_C_MAX; i++)
		for (j = i + 1; j < WRTC_XDP_C_MAX; j++)
			EXPECT_STRNE(seen[i], seen[j]);
	for (i = WRTC_XDP_C_MAX + WRTC_XDP_VERDICTS; i < n; i++)
		for (j = i + 1; j < n; j++)
			EXPECT_STRNE(seen[i], seen[j]);
	EXPECT_STREQ("stun", wrtc_xdp_class_name(WRTC_XDP_C_STUN));
	EXPECT_STREQ("redirect", wrtc_xdp_verdict_name(XDP_REDIRECT));
	EXPECT_STREQ("unexpected", wrtc_xdp_reason_name(WRTC_XDP_R_UNEXPECTED));
	EXPECT_STREQ("trunc_eth", wrtc_xdp_reason_name(WRTC_XDP_R_TRUNC_ETH));
	EXPECT_EQ(NULL, wrtc_xdp_class_name(WRTC_XDP_C_MAX));
	EXPECT_EQ(NULL, wrtc_xdp_verdict_name(WRTC_XDP_VERDICTS));
	EXPECT_EQ(NULL, wrtc_xdp_reason_name(WRTC_XDP_R_MIN - 1));
	EXPECT_EQ(NULL, wrtc_xdp_reason_name(1));
}

TEST(stats_key_layout)
{
	struct wrtc_xdp_stats st;

	/* The summed table is laid out as the map is indexed. */
	EXPECT_EQ((void *)&st.by_class[WRTC_XDP_C_RTCP][XDP_TX],
		  (void *)(&st.by_class[0][0] +
			   WRTC_XDP_STATS_KEY(WRTC_XDP_C_RTCP, XDP_TX)));
	EXPECT_EQ(24u, sizeof(struct wrtc_xdp_source));
	EXPECT_EQ(WRTC_XDP_REASONS_MAX,
		  (int)(sizeof(st.by_reason) / sizeof(st.by_reason[0])));
}

TEST(config)
{
	struct wrtc_xdp_config c = { 1, 2, 3 }, bad;
	struct wrtc_xdp *x;

	ASSERT_EQ(0, wrtc_xdp_open(&x, NULL));
	/* Loaded all zero: no media port. */
	ASSERT_EQ(0, wrtc_xdp_get_config(x, &c));
	EXPECT_EQ(0, c.port_lo);
	EXPECT_EQ(0, c.port_hi);
	EXPECT_EQ(0u, c.flags);
	bad = (struct wrtc_xdp_config){ .port_lo = 2, .port_hi = 1 };
	EXPECT_EQ(-EINVAL, wrtc_xdp_set_config(x, &bad));
	bad = (struct wrtc_xdp_config){ .port_lo = 1,
					.port_hi = 2,
					.flags = 1u << 1 };
	EXPECT_EQ(-EINVAL, wrtc_xdp_set_config(x, &bad));
	c = (struct wrtc_xdp_config){ .port_lo = 1000,
				      .port_hi = 1000,
				      .flags = WRTC_XDP_F_DROP_UNEXPECTED };
	ASSERT_EQ(0, wrtc_xdp_set_config(x, &c));
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(0, wrtc_xdp_get_config(x, &c));
	EXPECT_EQ(1000, c.port_lo);
	EXPECT_EQ(1000, c.port_hi);
	EXPECT_EQ((__u32)WRTC_XDP_F_DROP_UNEXPECTED, c.flags);
	wrtc_xdp_close(x);
}

TEST(source_keys)
{
	static const uint8_t v4[4] = { 192, 0, 2, 7 };
	static const uint8_t mapped[16] = { 0, 0, 0,	0,    0,   0, 0, 0,
					    0, 0, 0xff, 0xff, 192, 0, 2, 7 };
	uint8_t v6[16];
	struct wrtc_xdp_source s;

	memset(&s, 0xaa, sizeof(s));
	ASSERT_EQ(0, wrtc_xdp_source_init(&s, AF_INET, v4, 40000, 5000));
	EXPECT_EQ(AF_INET, s.family);
	EXPECT_EQ(0, s.pad);
	EXPECT_EQ(0, s.pad2);
	EXPECT_EQ(htons(40000), s.local_port);
	EXPECT_EQ(htons(5000), s.remote_port);
	EXPECT_EQ(0, memcmp(mapped, s.remote, 16));
	inet_pton(AF_INET6, "2001:db8::7", v6);
	ASSERT_EQ(0, wrtc_xdp_source_init(&s, AF_INET6, v6, 1, 2));
	EXPECT_EQ(AF_INET6, s.family);
	EXPECT_EQ(0, memcmp(v6, s.remote, 16));
	EXPECT_EQ(-EAFNOSUPPORT, wrtc_xdp_source_init(&s, AF_UNIX, v6, 1, 2));
}

TEST(expected_sources)
{
	static const uint8_t a[4] = { 192, 0, 2, 1 };
	struct wrtc_xdp_config c = { .port_lo = 40000,
				     .port_hi = 40999,
				     .flags = WRTC_XDP_F_DROP_UNEXPECTED };
	struct pkt_spec rtp = { .ip = 4, RTP_PCMU };
	struct wrtc_xdp_expected e = { 0 };
	struct wrtc_xdp_source s;
	struct wrtc_xdp *x;

	ASSERT_EQ(0, wrtc_xdp_open(&x, NULL));
	ASSERT_EQ(0, wrtc_xdp_set_config(x, &c));
	ASSERT_EQ(0, wrtc_xdp_source_init(&s, AF_INET, a, 40000, 5000));
	EXPECT_EQ(-ENOENT, wrtc_xdp_expected(x, &s, &e));
	EXPECT_EQ(-ENOENT, wrtc_xdp_unexpect(x, &s));
	EXPECT_EQ(XDP_DROP, run(x, &rtp, 1));
	ASSERT_EQ(0, wrtc_xdp_expect(x, &s));
	EXPECT_EQ(XDP_PASS, run(x, &rtp, 3));
	ASSERT_EQ(0, wrtc_xdp_expected(x, &s, &e));
	EXPECT_EQ(3u, e.packets);
	/* Adding it again keeps its count. */
	ASSERT_EQ(0, wrtc_xdp_expect(x, &s));
	ASSERT_EQ(0, wrtc_xdp_expected(x, &s, &e));
	EXPECT_EQ(3u, e.packets);
	ASSERT_EQ(0, wrtc_xdp_unexpect(x, &s));
	EXPECT_EQ(-ENOENT, wrtc_xdp_expected(x, &s, &e));
	EXPECT_EQ(XDP_DROP, run(x, &rtp, 1));
	wrtc_xdp_close(x);
}

TEST(counters_add_up_over_repeats)
{
	struct wrtc_xdp_config c = { .port_lo = 40000, .port_hi = 40999 };
	struct pkt_spec stun = { .ip = 6, STUN_BINDING };
	struct pkt_spec rtp = { .ip = 4, RTP_PCMU };
	struct wrtc_xdp_stats st;
	uint8_t frame[PKT_MAX];
	struct wrtc_xdp *x;
	int why;

	ASSERT_EQ(0, wrtc_xdp_open(&x, NULL));
	ASSERT_EQ(0, wrtc_xdp_set_config(x, &c));
	EXPECT_EQ(XDP_PASS, run(x, &stun, 100));
	EXPECT_EQ(XDP_PASS, run(x, &rtp, 7));
	ASSERT_EQ(0, wrtc_xdp_read_stats(x, &st));
	EXPECT_EQ(100u, st.by_class[WRTC_XDP_C_STUN][XDP_PASS].packets);
	EXPECT_EQ(100u * pkt_build(&stun, frame),
		  st.by_class[WRTC_XDP_C_STUN][XDP_PASS].bytes);
	EXPECT_EQ(7u, st.by_class[WRTC_XDP_C_RTP][XDP_PASS].packets);
	why = wrtc_xdp_has_kfuncs(x) ? WRTC_XDP_R_NO_LEG : WRTC_XDP_R_NO_MODULE;
	EXPECT_EQ(7u, st.by_reason[-why].packets);
	EXPECT_EQ(0u, st.by_class[WRTC_XDP_C_STUN][XDP_DROP].packets);
	wrtc_xdp_close(x);
}

TEST(kfuncs_follow_the_module)
{
	struct wrtc_xdp_opts off = { .kfuncs = WRTC_XDP_KFUNCS_OFF };
	struct wrtc_xdp_config c = { .port_lo = 40000, .port_hi = 40999 };
	struct pkt_spec rtp = { .ip = 4, RTP_PCMU };
	struct wrtc_xdp_stats st;
	struct wrtc_xdp *x;

	ASSERT_EQ(0, wrtc_xdp_open(&x, NULL));
	EXPECT_EQ(module_loaded(), wrtc_xdp_has_kfuncs(x));
	wrtc_xdp_close(x);

	/* Off: RTP goes to the stack as without the module. */
	ASSERT_EQ(0, wrtc_xdp_open(&x, &off));
	EXPECT_FALSE(wrtc_xdp_has_kfuncs(x));
	ASSERT_EQ(0, wrtc_xdp_set_config(x, &c));
	EXPECT_EQ(XDP_PASS, run(x, &rtp, 1));
	ASSERT_EQ(0, wrtc_xdp_read_stats(x, &st));
	EXPECT_EQ(1u, st.by_reason[-WRTC_XDP_R_NO_MODULE].packets);
	wrtc_xdp_close(x);
}

/* Attach to lo of a network namespace of this test's own. */
TEST(attach_and_detach)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	struct bpf_prog_info info = { 0 };
	__u32 info_len = sizeof(info);
	struct wrtc_xdp *x;
	int lo;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	lo = if_nametoindex("lo");
	ASSERT_LT(0, lo);
	ASSERT_EQ(0, wrtc_xdp_open(&x, NULL));
	ASSERT_EQ(0, bpf_obj_get_info_by_fd(wrtc_xdp_prog_fd(x), &info,
					    &info_len));
	EXPECT_EQ(-EINVAL, wrtc_xdp_attach(x, 0, 0));
	EXPECT_EQ(-EINVAL, wrtc_xdp_attach(x, lo, XDP_FLAGS_REPLACE));
	/* lo has no native XDP: generic (SKB) mode. */
	ASSERT_EQ(0, wrtc_xdp_attach(x, lo, XDP_FLAGS_SKB_MODE));
	EXPECT_EQ(-EEXIST, wrtc_xdp_attach(x, lo, XDP_FLAGS_SKB_MODE));
	ASSERT_EQ(0, bpf_xdp_query(lo, XDP_FLAGS_SKB_MODE, &q));
	EXPECT_EQ(info.id, q.skb_prog_id);
	EXPECT_EQ(0, wrtc_xdp_detach(x, lo, 0));
	EXPECT_EQ(-ENOENT, wrtc_xdp_detach(x, lo, 0));
	ASSERT_EQ(0, bpf_xdp_query(lo, XDP_FLAGS_SKB_MODE, &q));
	EXPECT_EQ(0u, q.skb_prog_id);
	/* Closing the handle detaches too. */
	ASSERT_EQ(0, wrtc_xdp_attach(x, lo, XDP_FLAGS_SKB_MODE));
	wrtc_xdp_close(x);
	ASSERT_EQ(0, bpf_xdp_query(lo, XDP_FLAGS_SKB_MODE, &q));
	EXPECT_EQ(0u, q.skb_prog_id);
}

/* Forwarding, as the loader reads it, in a namespace of the test's own. */
TEST(forwarding)
{
	int lo;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	lo = if_nametoindex("lo");
	ASSERT_LT(0, lo);
	EXPECT_EQ(-ENODEV, wrtc_xdp_forwarding(0));
	EXPECT_EQ(0, wrtc_xdp_forwarding(lo) & WRTC_XDP_FWD_IPV4);
	ASSERT_EQ(0, system("echo 1 > /proc/sys/net/ipv4/conf/all/forwarding"));
	EXPECT_EQ(WRTC_XDP_FWD_IPV4,
		  wrtc_xdp_forwarding(lo) & WRTC_XDP_FWD_IPV4);
}

/* Pin on a bpffs of a mount namespace of this test's own; read back. */
TEST(pinned_maps)
{
	char dir[] = "/tmp/wrtc-bpffs.XXXXXX", path[64];
	struct wrtc_xdp_config c = { .port_lo = 40000, .port_hi = 40999 };
	struct pkt_spec dtls = { .ip = 4, DTLS_HELLO };
	struct wrtc_xdp_stats st;
	struct wrtc_xdp *x;
	int sfd, rfd;

	if (geteuid())
		SKIP(return, "needs root");
	ASSERT_EQ(0, unshare(CLONE_NEWNS));
	ASSERT_EQ(0, mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, mount("bpf", dir, "bpf", 0, NULL));
	ASSERT_EQ(0, wrtc_xdp_open(&x, NULL));
	ASSERT_EQ(0, wrtc_xdp_set_config(x, &c));
	EXPECT_EQ(0, wrtc_xdp_pin_maps(x, dir));
	EXPECT_EQ(XDP_PASS, run(x, &dtls, 2));
	snprintf(path, sizeof(path), "%s/wrtc_stats", dir);
	sfd = bpf_obj_get(path);
	snprintf(path, sizeof(path), "%s/wrtc_reasons", dir);
	rfd = bpf_obj_get(path);
	EXPECT_LE(0, sfd);
	EXPECT_LE(0, rfd);
	EXPECT_EQ(0, wrtc_xdp_read_stats_fds(sfd, rfd, &st));
	EXPECT_EQ(2u, st.by_class[WRTC_XDP_C_DTLS][XDP_PASS].packets);
	snprintf(path, sizeof(path), "%s/wrtc_expected", dir);
	EXPECT_EQ(0, access(path, F_OK));
	close(sfd);
	close(rfd);
	wrtc_xdp_close(x);
	EXPECT_EQ(0, umount(dir));
	EXPECT_EQ(0, rmdir(dir));
}

TEST_HARNESS_MAIN
