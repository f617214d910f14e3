// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc.ko in the guest: every leg and key operation's happy path, socket
 * ownership, privileges, the max_legs limit and a table of 10,000 legs.
 */
#include <linux/capability.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "wrtc_test.h"

WRTC_FIXTURE(legs)

TEST_F(legs, new_get_ipv4)
{
	struct wrtcnl_leg req = wrtc_leg4(1, 40000, 5004), got, again;

	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &got, &self->err))
	TH_LOG("%s", self->err.msg);
	EXPECT_NE(0u, got.id);
	EXPECT_EQ(AF_INET, got.local.family);
	EXPECT_EQ(req.local.v4.s_addr, got.local.v4.s_addr);
	EXPECT_EQ(40000, got.local.port);
	EXPECT_EQ(req.remote.v4.s_addr, got.remote.v4.s_addr);
	EXPECT_EQ(5004, got.remote.port);
	EXPECT_EQ(0u, got.flags);
	EXPECT_EQ(0u, got.peer_id);
	EXPECT_EQ(wrtcnl_portid(self->nl), got.owner);
	EXPECT_EQ(0u, got.n_keys);
	EXPECT_EQ(0u, got.stats.rx_packets);
	EXPECT_EQ(0u, got.stats.last_rx);

	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, got.id, &again, &self->err));
	EXPECT_EQ(got.id, again.id);
	EXPECT_EQ(0, memcmp(&got.local, &again.local, sizeof(got.local)));
	EXPECT_EQ(0, memcmp(&got.remote, &again.remote, sizeof(got.remote)));
}

TEST_F(legs, new_get_ipv6)
{
	struct wrtcnl_leg req = wrtc_leg6(40002, 61000), got;

	req.idle_timeout = 30;
	req.flags = WRTC_LEG_FLAGS_PERSISTENT;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &got, &self->err))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(AF_INET6, got.local.family);
	EXPECT_EQ(0, memcmp(&req.local.v6, &got.local.v6, 16));
	EXPECT_EQ(0, memcmp(&req.remote.v6, &got.remote.v6, 16));
	EXPECT_EQ(61000, got.remote.port);
	EXPECT_EQ(30u, got.idle_timeout);
	EXPECT_EQ((uint32_t)WRTC_LEG_FLAGS_PERSISTENT, got.flags);
	EXPECT_EQ(0u, got.owner);
}

TEST_F(legs, set_peer_timeout_flags)
{
	struct wrtcnl_leg a, b, c, req;
	struct wrtcnl_leg_change ch = { 0 };

	req = wrtc_leg4(1, 40000, 5000);
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &a, &self->err));
	req = wrtc_leg4(2, 40000, 5000);
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &b, &self->err));
	/* Peered at creation, and the peering is mutual. */
	req = wrtc_leg4(3, 40000, 5000);
	req.peer_id = a.id;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &c, &self->err));
	EXPECT_EQ(a.id, c.peer_id);
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, a.id, &a, &self->err));
	EXPECT_EQ(c.id, a.peer_id);

	/* Peering a with b unpeers c. */
	ch.set_peer = true;
	ch.peer_id = b.id;
	ASSERT_EQ(0, wrtcnl_leg_set(self->nl, a.id, &ch, &self->err))
	TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, a.id, &a, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, b.id, &b, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, c.id, &c, &self->err));
	EXPECT_EQ(b.id, a.peer_id);
	EXPECT_EQ(a.id, b.peer_id);
	EXPECT_EQ(0u, c.peer_id);

	/* Idle timeout; persistent drops the owner, clearing it restores. */
	memset(&ch, 0, sizeof(ch));
	ch.set_idle_timeout = ch.set_flags = true;
	ch.idle_timeout = 86400;
	ch.flags = WRTC_LEG_FLAGS_PERSISTENT;
	ASSERT_EQ(0, wrtcnl_leg_set(self->nl, a.id, &ch, &self->err))
	TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, a.id, &a, &self->err));
	EXPECT_EQ(86400u, a.idle_timeout);
	EXPECT_EQ((uint32_t)WRTC_LEG_FLAGS_PERSISTENT, a.flags);
	EXPECT_EQ(0u, a.owner);
	ch.set_idle_timeout = false;
	ch.flags = 0;
	ASSERT_EQ(0, wrtcnl_leg_set(self->nl, a.id, &ch, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, a.id, &a, &self->err));
	EXPECT_EQ(0u, a.flags);
	EXPECT_EQ(wrtcnl_portid(self->nl), a.owner);

	/* Peer 0 unpeers both sides. */
	memset(&ch, 0, sizeof(ch));
	ch.set_peer = true;
	ASSERT_EQ(0, wrtcnl_leg_set(self->nl, b.id, &ch, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, a.id, &a, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, b.id, &b, &self->err));
	EXPECT_EQ(0u, a.peer_id);
	EXPECT_EQ(0u, b.peer_id);
}

TEST_F(legs, del_unpeers)
{
	struct wrtcnl_leg a, b, req = wrtc_leg4(1, 40000, 5000);

	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &a, &self->err));
	req = wrtc_leg4(2, 40000, 5000);
	req.peer_id = a.id;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &b, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_del(self->nl, b.id, &self->err));
	EXPECT_REJECT(ENOENT, wrtcnl_leg_get(self->nl, b.id, &b, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, a.id, &a, &self->err));
	EXPECT_EQ(0u, a.peer_id);
	/* The 5-tuple is free again. */
	req.peer_id = 0;
	EXPECT_EQ(0, wrtcnl_leg_new(self->nl, &req, &b, &self->err));
}

struct seen {
	uint32_t ids[8];
	unsigned int n;
};

static int collect(const struct wrtcnl_leg *leg, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->ids[s->n] = leg->id;
	s->n++;
	return 0;
}

TEST_F(legs, dump_and_flush)
{
	struct wrtcnl_leg got[3], req;
	struct seen seen = { 0 };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		req = wrtc_leg4(i, 40000, 5000);
		req.flags = i == 2 ? WRTC_LEG_FLAGS_PERSISTENT : 0;
		ASSERT_EQ(0,
			  wrtcnl_leg_new(self->nl, &req, &got[i], &self->err));
	}
	EXPECT_EQ(3, wrtcnl_leg_dump(self->nl, collect, &seen, &self->err));
	ASSERT_EQ(3u, seen.n);
	/* In id order. */
	for (i = 0; i < 3; i++)
		EXPECT_EQ(got[i].id, seen.ids[i]);
	/* Flush takes persistent legs too. */
	ASSERT_EQ(0, wrtcnl_leg_flush(self->nl, &self->err));
	EXPECT_EQ(0, wrtc_count_legs(self->nl));
}

TEST_F(legs, key_install_swap_del)
{
	struct wrtcnl_leg leg, req = wrtc_leg4(1, 40000, 5000);
	const struct wrtcnl_key_info *k;
	struct wrtcnl_key key;

	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &leg, &self->err));
	key = wrtc_test_key(leg.id, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80);
	key.n_ssrcs = 2;
	key.ssrcs[0] = (struct wrtcnl_ssrc_state){
		.ssrc = 0x11223344, .roc = 5, .seq = 65000, .srtcp_index = 9
	};
	key.ssrcs[1] = (struct wrtcnl_ssrc_state){
		.ssrc = 0x55667788, .roc = 0, .seq = 1, .srtcp_index = 0
	};
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err))
	TH_LOG("%s", self->err.msg);
	key = wrtc_test_key(leg.id, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_SECONDARY,
			    WRTC_SRTP_PROFILE_AEAD_AES_256_GCM);
	key.packet_limit = 1000;
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err))
	TH_LOG("%s", self->err.msg);
	key = wrtc_test_key(leg.id, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err))
	TH_LOG("%s", self->err.msg);

	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, leg.id, &leg, &self->err));
	ASSERT_EQ(3u, leg.n_keys);
	k = wrtc_find_key(&leg, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY);
	ASSERT_NE(NULL, k);
	EXPECT_EQ((uint32_t)WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
		  k->profile);
	EXPECT_EQ(0u, k->packets);
	/* The default limit: 2^48 less 2^32. */
	EXPECT_EQ((1ull << 48) - (1ull << 32), k->packet_limit);
	k = wrtc_find_key(&leg, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY);
	ASSERT_NE(NULL, k);
	EXPECT_EQ((uint32_t)WRTC_SRTP_PROFILE_AEAD_AES_128_GCM, k->profile);

	/* Swap: the GCM-256 key becomes primary. */
	ASSERT_EQ(0, wrtcnl_key_swap(self->nl, leg.id, WRTC_DIRECTION_RX,
				     &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, leg.id, &leg, &self->err));
	k = wrtc_find_key(&leg, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY);
	ASSERT_NE(NULL, k);
	EXPECT_EQ((uint32_t)WRTC_SRTP_PROFILE_AEAD_AES_256_GCM, k->profile);
	EXPECT_EQ(1000u, k->packet_limit);
	k = wrtc_find_key(&leg, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_SECONDARY);
	ASSERT_NE(NULL, k);
	EXPECT_EQ((uint32_t)WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
		  k->profile);

	/* Replacing a slot, then erasing one. */
	key = wrtc_test_key(leg.id, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32);
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err));
	ASSERT_EQ(0, wrtcnl_key_del(self->nl, leg.id, WRTC_DIRECTION_RX,
				    WRTC_KEY_SLOT_SECONDARY, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, leg.id, &leg, &self->err));
	EXPECT_EQ(2u, leg.n_keys);
	EXPECT_EQ(NULL, wrtc_find_key(&leg, WRTC_DIRECTION_RX,
				      WRTC_KEY_SLOT_SECONDARY));
	k = wrtc_find_key(&leg, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY);
	ASSERT_NE(NULL, k);
	EXPECT_EQ((uint32_t)WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32,
		  k->profile);
}

struct ssrc_reply {
	unsigned int n;
	uint32_t ssrc[4], roc[4];
	uint16_t seq[4];
	int has_stats;
};

static int ssrc_attr(const struct nlattr *a, void *arg)
{
	struct ssrc_reply *r = arg;
	const struct nlattr *in;
	unsigned int i = r->n;

	if (mnl_attr_get_type(a) == WRTC_A_LEG_STATS)
		r->has_stats = 1;
	if (mnl_attr_get_type(a) != WRTC_A_LEG_SSRC || i >= 4)
		return MNL_CB_OK;
	mnl_attr_for_each_nested(in, a)
	{
		switch (mnl_attr_get_type(in)) {
		case WRTC_A_SSRC_STATS_SSRC:
			r->ssrc[i] = mnl_attr_get_u32(in);
			break;
		case WRTC_A_SSRC_STATS_ROC:
			r->roc[i] = mnl_attr_get_u32(in);
			break;
		case WRTC_A_SSRC_STATS_SEQ:
			r->seq[i] = mnl_attr_get_u16(in);
			break;
		}
	}
	r->n++;
	return MNL_CB_OK;
}

static int on_stats(const struct nlmsghdr *nlh, void *arg)
{
	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), ssrc_attr, arg);
	return 0;
}

/*
 * stats-get reports the leg's counters and the SSRC states given: seq and
 * srtcp-index only for a state that names them (a stream moved from
 * another context), so that reading it back is exact.
 */
TEST_F(legs, stats_get_ssrc_state)
{
	struct wrtcnl_leg leg, req = wrtc_leg4(1, 40000, 5000);
	const struct wrtcnl_ssrc_stats *named, *fresh;
	static struct wrtcnl_leg_stats st;
	struct ssrc_reply r = { 0 };
	struct wrtcnl_key key;

	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &leg, &self->err));
	key = wrtc_test_key(leg.id, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	key.n_ssrcs = 1;
	key.ssrcs[0] = (struct wrtcnl_ssrc_state){
		.ssrc = 0xdeadbeef, .roc = 7, .seq = 4242, .srtcp_index = 3
	};
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err));
	key = wrtc_test_key(leg.id, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY,
			    WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	key.n_ssrcs = 1;
	key.ssrcs[0] = (struct wrtcnl_ssrc_state){
		.ssrc = 0xfeedface, .roc = 2, .no_seq = true,
		.no_srtcp_index = true
	};
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err));
	ASSERT_EQ(0, wrtcnl_stats_get(self->nl, leg.id, &st, &self->err));
	named = wrtcnl_find_ssrc(&st, WRTC_DIRECTION_RX, 0xdeadbeef);
	fresh = wrtcnl_find_ssrc(&st, WRTC_DIRECTION_TX, 0xfeedface);
	ASSERT_NE(NULL, named);
	ASSERT_NE(NULL, fresh);
	EXPECT_TRUE(named->has_seq);
	EXPECT_EQ(4242, named->seq);
	EXPECT_TRUE(named->has_srtcp_index);
	EXPECT_EQ(3u, named->srtcp_index);
	EXPECT_EQ(2u, fresh->roc);
	EXPECT_FALSE(fresh->has_seq);
	EXPECT_FALSE(fresh->has_srtcp_index);
	ASSERT_EQ(0,
		  wrtcnl_transact(self->nl,
				  wrtc_msg_leg_id(self->nl, self->buf,
						  WRTC_CMD_STATS_GET, leg.id),
				  on_stats, &r, &self->err))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(1, r.has_stats);
	ASSERT_EQ(2u, r.n); /* rx first, then tx */
	EXPECT_EQ(0xdeadbeefu, r.ssrc[0]);
	EXPECT_EQ(7u, r.roc[0]);
	EXPECT_EQ(4242, r.seq[0]);
}

/* Closing the socket that created legs deletes them, but not others. */
TEST_F(legs, owner_close_removes_legs)
{
	struct wrtcnl_leg req, kept, mine, got;
	struct wrtcnl *other;
	unsigned int i;

	ASSERT_EQ(0, wrtcnl_open(&other, &self->err));
	for (i = 0; i < 3; i++) {
		req = wrtc_leg4(i, 40000, 5000);
		ASSERT_EQ(0, wrtcnl_leg_new(other, &req, NULL, &self->err));
	}
	req = wrtc_leg4(10, 40000, 5000);
	req.flags = WRTC_LEG_FLAGS_PERSISTENT;
	ASSERT_EQ(0, wrtcnl_leg_new(other, &req, &kept, &self->err));
	req = wrtc_leg4(11, 40000, 5000);
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &mine, &self->err));
	/* Peered across owners: the survivor is unpeered. */
	req = wrtc_leg4(12, 40000, 5000);
	req.peer_id = mine.id;
	ASSERT_EQ(0, wrtcnl_leg_new(other, &req, NULL, &self->err));
	ASSERT_EQ(6, wrtc_count_legs(self->nl));

	wrtcnl_close(other);
	EXPECT_EQ(2, wrtc_count_legs(self->nl));
	EXPECT_EQ(0, wrtcnl_leg_get(self->nl, kept.id, &got, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, mine.id, &got, &self->err));
	EXPECT_EQ(0u, got.peer_id);
}

/* A caller without CAP_NET_ADMIN is refused every operation. */
TEST_F(legs, unprivileged_refused)
{
	struct wrtcnl_leg req = wrtc_leg4(1, 40000, 5000), leg;
	pid_t pid;
	int status;

	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &leg, &self->err));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct __user_cap_header_struct hdr = {
			.version = _LINUX_CAPABILITY_VERSION_3,
		};
		struct __user_cap_data_struct data[2] = { { 0 } };
		struct wrtcnl_leg r2 = wrtc_leg4(2, 40000, 5000), got;
		struct wrtcnl *nl;
		int fails = 0;

		/* Drop every capability, effective and permitted. */
		if (syscall(SYS_capset, &hdr, data))
			_exit(10);
		if (wrtcnl_open(&nl, NULL))
			_exit(11);
		fails += wrtcnl_leg_new(nl, &r2, NULL, NULL) != -EPERM;
		fails += wrtcnl_leg_get(nl, leg.id, &got, NULL) != -EPERM;
		fails += wrtcnl_leg_dump(nl, NULL, NULL, NULL) != -EPERM;
		fails += wrtcnl_leg_del(nl, leg.id, NULL) != -EPERM;
		fails += wrtcnl_leg_flush(nl, NULL) != -EPERM;
		fails += wrtcnl_key_swap(nl, leg.id, 0, NULL) != -EPERM;
		wrtcnl_close(nl);
		_exit(fails);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* Nothing was changed. */
	EXPECT_EQ(1, wrtc_count_legs(self->nl));
}

TEST_F(legs, max_legs)
{
	struct wrtcnl_leg req;
	unsigned int i;
	int ret;

	ASSERT_EQ(0, wrtc_set_max_legs(3));
	for (i = 0; i < 3; i++) {
		req = wrtc_leg4(i, 40000, 5000);
		ret = wrtcnl_leg_new(self->nl, &req, NULL, &self->err);
		EXPECT_EQ(0, ret) TH_LOG("leg %u: %s", i, self->err.msg);
	}
	req = wrtc_leg4(3, 40000, 5000);
	EXPECT_REJECT(ENOSPC, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
	EXPECT_EQ(0, wrtc_set_max_legs(65536));
	EXPECT_EQ(0, wrtcnl_leg_new(self->nl, &req, NULL, &self->err));
}

struct many {
	unsigned char *seen;
	unsigned int n, dup, bad;
	uint32_t first_id;
};

static int mark(const struct wrtcnl_leg *leg, void *arg)
{
	struct many *m = arg;
	uint32_t i = leg->id - m->first_id;

	if (i >= 10000)
		m->bad++;
	else if (m->seen[i]++)
		m->dup++;
	m->n++;
	return 0;
}

/* 10,000 legs: created, dumped in many parts (each leg once), flushed. */
TEST_F(legs, ten_thousand)
{
	struct many m = { .seen = calloc(10000, 1) };
	struct wrtcnl_leg req, got;
	struct timespec t0, t1;
	unsigned int i;

	ASSERT_NE(NULL, m.seen);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 10000; i++) {
		req = wrtc_leg4(i / 100, (uint16_t)(40000 + i % 100), 5000);
		ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &got, &self->err))
		TH_LOG("leg %u: %s", i, self->err.msg);
		if (i == 0)
			m.first_id = got.id;
		/* Ids are handed out in order. */
		ASSERT_EQ(m.first_id + i, got.id);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	TH_LOG("10000 leg-new in %.2f s (emulated)",
	       (double)(t1.tv_sec - t0.tv_sec) +
		       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	/* Each reply is > 100 bytes: 10,000 need many 32 KiB parts. */
	EXPECT_EQ(10000, wrtcnl_leg_dump(self->nl, mark, &m, &self->err))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(10000u, m.n);
	EXPECT_EQ(0u, m.dup);
	EXPECT_EQ(0u, m.bad);
	ASSERT_EQ(0, wrtcnl_leg_flush(self->nl, &self->err));
	EXPECT_EQ(0, wrtc_count_legs(self->nl));
	free(m.seen);
}

TEST_HARNESS_MAIN
