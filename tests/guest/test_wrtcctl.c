// SPDX-License-Identifier: GPL-2.0
/*
 * build/wrtcctl against wrtc.ko in the guest: legs and keys made with
 * wrtcnl, then what the tool prints checked against what wrtcnl reads:
 * `-j leg list` member for member (tuples, peers, flags, owners, keys by
 * profile name) with no member the format does not define and no byte of
 * key material in any form; `leg show` with its SSRC entries; `leg del`
 * of a missing leg failing with the kernel's message; `leg del` and
 * `leg flush` doing their work; `stats -j` per leg and totals with real
 * traffic (relayed with BPF_PROG_TEST_RUN, as test_wrtc_events.c does);
 * `monitor` printing leg-idle, key-exhaust and auth-fail events, in JSON
 * and in text, and exiting 0 on SIGINT and SIGTERM.
 *
 * The monitor cannot say when it has joined the events group: the tests
 * first wait for a leg-idle event, re-arming it (a new idle timeout makes
 * a leg idle anew) until one comes, and only then cause the others.
 */
#include <time.h>

#include "relay_fixture.h"
#include "wrtcctl_check.h"

#define MISSING_ID 999999u

WRTC_FIXTURE(ctl)

/*
 * Legs A (IPv4, three keys, two SSRC states) and B (IPv6, persistent,
 * idle timeout, peered with A, one key), with recognisable key bytes.
 */
static void make_ab(struct __test_metadata *_metadata, FIXTURE_DATA(ctl) * self,
		    struct wrtcnl_leg *a, struct wrtcnl_leg *b,
		    struct wrtcnl_key keys[4])
{
	struct wrtcnl_leg req = wrtc_leg4(1, 40000, 5004);

	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, a, &self->err))
	TH_LOG("%s", self->err.msg);
	req = wrtc_leg6(40002, 61000);
	req.flags = WRTC_LEG_FLAGS_PERSISTENT;
	req.idle_timeout = 30;
	req.peer_id = a->id;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, b, &self->err))
	TH_LOG("%s", self->err.msg);

	keys[0] = wrtc_test_key(a->id, WRTC_DIRECTION_RX, WRTC_KEY_SLOT_PRIMARY,
				WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80);
	keys[0].n_ssrcs = 2;
	keys[0].ssrcs[0] = (struct wrtcnl_ssrc_state){
		.ssrc = 0x11223344, .roc = 5, .seq = 65000, .srtcp_index = 9
	};
	keys[0].ssrcs[1] = (struct wrtcnl_ssrc_state){
		.ssrc = 0x55667788, .roc = 0, .seq = 1, .srtcp_index = 0
	};
	keys[1] = wrtc_test_key(a->id, WRTC_DIRECTION_RX,
				WRTC_KEY_SLOT_SECONDARY,
				WRTC_SRTP_PROFILE_AEAD_AES_256_GCM);
	keys[1].packet_limit = 1000;
	keys[2] = wrtc_test_key(a->id, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY,
				WRTC_SRTP_PROFILE_AEAD_AES_128_GCM);
	keys[3] = wrtc_test_key(b->id, WRTC_DIRECTION_TX, WRTC_KEY_SLOT_PRIMARY,
				WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32);
	for (int i = 0; i < 4; i++) {
		ASSERT_EQ(0, wrtcnl_key_install(self->nl, &keys[i], &self->err))
		TH_LOG("key %d: %s", i, self->err.msg);
	}
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, a->id, a, &self->err));
	ASSERT_EQ(0, wrtcnl_leg_get(self->nl, b->id, b, &self->err));
}

TEST_F(ctl, leg_list_json)
{
	struct wrtcnl_leg a, b;
	struct wrtcnl_key keys[4];
	struct legs dump = { 0 };
	struct wrtcctl_out o;
	json_t *j, *ja, *jb;
	unsigned int i;

	make_ab(_metadata, self, &a, &b, keys);
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "-j", "leg", "list")) TH_LOG("%s", o.err);
	EXPECT_STREQ("", o.err);
	ASSERT_EQ(2, wrtcnl_leg_dump(self->nl, collect, &dump, &self->err));
	j = parse(_metadata, o.out);
	ASSERT_NE(NULL, j);
	ASSERT_EQ(1u, json_object_size(j));
	ASSERT_EQ(2u, json_array_size(json_object_get(j, "legs")));
	for (i = 0; i < dump.n; i++) {
		json_t *e =
			by_id(json_object_get(j, "legs"), "id", dump.l[i].id);

		ASSERT_NE(NULL, e) TH_LOG("leg %u missing", dump.l[i].id);
		EXPECT_EQ(0, leg_matches(_metadata, e, &dump.l[i]));
	}
	/* The documented formats, spelled out. */
	ja = by_id(json_object_get(j, "legs"), "id", a.id);
	jb = by_id(json_object_get(j, "legs"), "id", b.id);
	ASSERT_NE(NULL, ja);
	ASSERT_NE(NULL, jb);
	EXPECT_STREQ("10.0.1.1:40000", wrtcctl_jstr(ja, "local"));
	EXPECT_STREQ("192.0.2.7:5004", wrtcctl_jstr(ja, "remote"));
	EXPECT_STREQ("[2001:db8::1]:40002", wrtcctl_jstr(jb, "local"));
	EXPECT_STREQ("[2001:db8:ffff::42]:61000", wrtcctl_jstr(jb, "remote"));
	EXPECT_EQ(b.id, wrtcctl_jint(ja, "peer"));
	EXPECT_EQ(a.id, wrtcctl_jint(jb, "peer"));
	EXPECT_EQ(wrtcnl_portid(self->nl), wrtcctl_jint(ja, "owner"));
	EXPECT_EQ(0, wrtcctl_jint(jb, "owner"));
	EXPECT_EQ(30, wrtcctl_jint(jb, "idle_timeout"));
	EXPECT_EQ(0u, json_array_size(json_object_get(ja, "flags")));
	EXPECT_STREQ("persistent", json_string_value(json_array_get(
					   json_object_get(jb, "flags"), 0)));
	EXPECT_STREQ("AES_CM_128_HMAC_SHA1_80",
		     profile_of(ja, "rx", "primary"));
	EXPECT_STREQ("AEAD_AES_256_GCM", profile_of(ja, "rx", "secondary"));
	EXPECT_STREQ("AEAD_AES_128_GCM", profile_of(ja, "tx", "primary"));
	EXPECT_STREQ("AES_CM_128_HMAC_SHA1_32",
		     profile_of(jb, "tx", "primary"));
	EXPECT_EQ(1000,
		  wrtcctl_jint(json_array_get(json_object_get(ja, "keys"), 1),
			       "packet_limit"));
	/* Nothing beyond the format; no key byte in any spelling. */
	EXPECT_EQ(0, unknown_members(_metadata, j, false));
	for (i = 0; i < 4; i++) {
		EXPECT_FALSE(key_leaks(o.out, &keys[i])) TH_LOG("key %u", i);
	}
	json_decref(j);
}

TEST_F(ctl, leg_list_text)
{
	struct wrtcnl_leg a, b;
	struct wrtcnl_key keys[4];
	struct wrtcctl_out o;
	char want[64];
	unsigned int i;

	make_ab(_metadata, self, &a, &b, keys);
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "leg", "list")) TH_LOG("%s", o.err);
	snprintf(want, sizeof(want), "leg %u\n", a.id);
	EXPECT_NE(NULL, strstr(o.out, want)) TH_LOG("%s", o.out);
	snprintf(want, sizeof(want), "leg %u\n", b.id);
	EXPECT_NE(NULL, strstr(o.out, want));
	EXPECT_NE(NULL, strstr(o.out, "10.0.1.1:40000"));
	EXPECT_NE(NULL, strstr(o.out, "[2001:db8:ffff::42]:61000"));
	EXPECT_NE(NULL, strstr(o.out, "persistent"));
	EXPECT_NE(NULL, strstr(o.out, "AEAD_AES_256_GCM"));
	EXPECT_NE(NULL, strstr(o.out, "AES_CM_128_HMAC_SHA1_32"));
	for (i = 0; i < 4; i++) {
		EXPECT_FALSE(key_leaks(o.out, &keys[i])) TH_LOG("key %u", i);
	}
}

TEST_F(ctl, leg_show_ssrcs)
{
	struct wrtcnl_leg_stats st;
	struct wrtcnl_leg a, b;
	struct wrtcnl_key keys[4];
	struct wrtcctl_out o;
	char id[16];
	json_t *j, *leg, *s;
	unsigned int i;

	make_ab(_metadata, self, &a, &b, keys);
	snprintf(id, sizeof(id), "%u", a.id);
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "-j", "leg", "show", id))
	TH_LOG("%s", o.err);
	ASSERT_EQ(0, wrtcnl_stats_get(self->nl, a.id, &st, &self->err));
	j = parse(_metadata, o.out);
	ASSERT_NE(NULL, j);
	leg = json_object_get(j, "leg");
	ASSERT_NE(NULL, leg);
	EXPECT_EQ(0, leg_matches(_metadata, leg, &a));
	EXPECT_EQ(a.id, wrtcctl_jint(leg, "id"));
	ASSERT_EQ(2u, st.n_ssrcs);
	ASSERT_EQ(st.n_ssrcs, json_array_size(json_object_get(leg, "ssrcs")));
	for (i = 0; i < st.n_ssrcs; i++) {
		s = by_id(json_object_get(leg, "ssrcs"), "ssrc",
			  st.ssrcs[i].ssrc);
		ASSERT_NE(NULL, s) TH_LOG("ssrc %#x", st.ssrcs[i].ssrc);
		EXPECT_STREQ("rx", wrtcctl_jstr(s, "direction"));
		EXPECT_EQ(st.ssrcs[i].roc, wrtcctl_jint(s, "roc"));
		EXPECT_EQ(st.ssrcs[i].seq, wrtcctl_jint(s, "seq"));
		EXPECT_EQ(0, wrtcctl_jint(s, "packets"));
		EXPECT_EQ(0, wrtcctl_jint(s, "last_packet_ns"));
		EXPECT_EQ(9u, json_object_size(s));
	}
	s = by_id(json_object_get(leg, "ssrcs"), "ssrc", 0x11223344);
	ASSERT_NE(NULL, s);
	EXPECT_EQ(5, wrtcctl_jint(s, "roc"));
	EXPECT_EQ(65000, wrtcctl_jint(s, "seq"));
	EXPECT_EQ(0, unknown_members(_metadata, j, false));
	for (i = 0; i < 4; i++) {
		EXPECT_FALSE(key_leaks(o.out, &keys[i])) TH_LOG("key %u", i);
	}
	json_decref(j);

	ASSERT_EQ(0, WRTCCTL_RUN(&o, "leg", "show", id)) TH_LOG("%s", o.err);
	EXPECT_NE(NULL, strstr(o.out, "0x11223344")) TH_LOG("%s", o.out);
	EXPECT_NE(NULL, strstr(o.out, "0x55667788"));
}

/* A leg that is not there: exit 1, the kernel's own words on stderr. */
TEST_F(ctl, missing_leg)
{
	struct wrtcctl_out o;
	char extack[256], want[512], id[16];
	struct wrtcnl_leg leg;

	snprintf(id, sizeof(id), "%u", MISSING_ID);
	ASSERT_EQ(-ENOENT, wrtcnl_leg_del(self->nl, MISSING_ID, &self->err));
	snprintf(extack, sizeof(extack), "%s", wrtcnl_extack(self->nl));
	ASSERT_NE(0, (int)strlen(extack));

	EXPECT_EQ(1, WRTCCTL_RUN(&o, "leg", "del", id));
	snprintf(want, sizeof(want),
		 "wrtcctl: leg del %u: no such leg (kernel: \"%s\")\n",
		 MISSING_ID, extack);
	EXPECT_STREQ(want, o.err);
	EXPECT_STREQ("", o.out);

	ASSERT_EQ(-ENOENT,
		  wrtcnl_leg_get(self->nl, MISSING_ID, &leg, &self->err));
	snprintf(extack, sizeof(extack), "%s", wrtcnl_extack(self->nl));
	EXPECT_EQ(1, WRTCCTL_RUN(&o, "-j", "leg", "show", id));
	snprintf(want, sizeof(want),
		 "wrtcctl: leg show %u: no such leg (kernel: \"%s\")\n",
		 MISSING_ID, extack);
	EXPECT_STREQ(want, o.err);
	EXPECT_STREQ("", o.out);
}

TEST_F(ctl, leg_del_and_flush)
{
	struct wrtcnl_leg legs[3], req, got;
	struct wrtcctl_out o;
	char id[16];
	int i;

	for (i = 0; i < 3; i++) {
		req = wrtc_leg4(i, 40000, 5000);
		req.flags = i == 2 ? WRTC_LEG_FLAGS_PERSISTENT : 0;
		ASSERT_EQ(0,
			  wrtcnl_leg_new(self->nl, &req, &legs[i], &self->err));
	}
	snprintf(id, sizeof(id), "%u", legs[1].id);
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "leg", "del", id)) TH_LOG("%s", o.err);
	EXPECT_STREQ("", o.out);
	EXPECT_EQ(-ENOENT, wrtcnl_leg_get(self->nl, legs[1].id, &got, NULL));
	EXPECT_EQ(0, wrtcnl_leg_get(self->nl, legs[0].id, &got, NULL));
	EXPECT_EQ(2, wrtc_count_legs(self->nl));
	/* Persistent legs too. */
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "leg", "flush")) TH_LOG("%s", o.err);
	EXPECT_STREQ("", o.out);
	EXPECT_EQ(0, wrtc_count_legs(self->nl));
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "-j", "leg", "list"));
	EXPECT_STREQ("{\"legs\":[]}\n", o.out);
}

/*
 * Wait for event @name about leg @leg on @p's JSON lines: the object, or
 * NULL when none came within @ms. Other lines are skipped.
 */
static json_t *await_event(struct __test_metadata *_metadata,
			   struct wrtcctl_proc *p, struct wrtcctl_out *o,
			   size_t *pos, const char *name, uint32_t leg, int ms)
{
	long end = wrtcctl_now_ms() + ms;
	char line[1024];
	json_t *j;

	while (wrtcctl_now_ms() < end) {
		if (wrtcctl_next_line(p, o, pos, line, sizeof(line),
				      (int)(end - wrtcctl_now_ms())) != 1)
			return NULL;
		j = parse(_metadata, line);
		if (!j)
			return NULL;
		if (!strcmp(wrtcctl_jstr(j, "event"), name) &&
		    wrtcctl_jint(j, "leg") == leg)
			return j;
		json_decref(j);
	}
	return NULL;
}

/*
 * A leg with a 1 s idle timeout, re-armed until @p reports it idle: then
 * the monitor is in the group. The event, or NULL after ~60 s.
 */
static json_t *sync_idle(struct __test_metadata *_metadata, struct wrtcnl *nl,
			 struct wrtcctl_proc *p, struct wrtcctl_out *o,
			 size_t *pos, uint32_t *id)
{
	struct wrtcnl_leg_change ch = { .set_idle_timeout = true,
					.idle_timeout = 1 };
	struct wrtcnl_leg req = wrtc_leg4(9, 41000, 5000), c;
	json_t *ev = NULL;
	int i;

	req.idle_timeout = 1;
	if (wrtcnl_leg_new(nl, &req, &c, NULL))
		return NULL;
	*id = c.id;
	for (i = 0; i < 15 && !ev; i++) {
		ev = await_event(_metadata, p, o, pos, "leg-idle", c.id, 4000);
		/* A new timeout makes the leg idle anew. */
		if (!ev && wrtcnl_leg_set(nl, c.id, &ch, NULL))
			return NULL;
	}
	return ev;
}

TEST_F_TIMEOUT(ctl, monitor_leg_idle, 180)
{
	struct wrtcnl_leg_change ch = { .set_idle_timeout = true,
					.idle_timeout = 1 };
	struct wrtcnl_leg req = wrtc_leg4(8, 41000, 5000), c;
	struct wrtcctl_proc p;
	struct wrtcctl_out o = { 0 };
	char line[1024], want[64];
	size_t pos = 0;
	uint32_t id = 0;
	int i, got = 0;
	json_t *ev;

	ASSERT_EQ(0,
		  wrtcctl_spawn(&p, NULL, (char *[]){ "-j", "monitor", NULL }));
	ev = sync_idle(_metadata, self->nl, &p, &o, &pos, &id);
	ASSERT_NE(NULL, ev) TH_LOG("no leg-idle event; stderr: %s", o.err);
	EXPECT_EQ(1, wrtcctl_jint(ev, "idle_timeout"));
	EXPECT_EQ(0, wrtcctl_jint(ev, "stats.rx_packets"));
	EXPECT_EQ(0, wrtcctl_jint(ev, "stats.last_rx_ns"));
	EXPECT_EQ(4u, json_object_size(ev));
	EXPECT_EQ(7u, json_object_size(json_object_get(ev, "stats")));
	json_decref(ev);
	EXPECT_EQ(0, wrtcctl_stop(&p, &o, SIGINT)) TH_LOG("%s", o.err);

	/* Text, and SIGTERM. */
	ASSERT_EQ(0, wrtcnl_leg_flush(self->nl, &self->err));
	memset(&o, 0, sizeof(o));
	pos = 0;
	ASSERT_EQ(0, wrtcctl_spawn(&p, NULL, (char *[]){ "monitor", NULL }));
	req.idle_timeout = 1;
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &c, &self->err));
	snprintf(want, sizeof(want), "leg-idle leg %u: no packet for 1 s",
		 c.id);
	for (i = 0; i < 15 && !got; i++) {
		while (!got && wrtcctl_next_line(&p, &o, &pos, line,
						 sizeof(line), 4000) == 1)
			got = !strncmp(line, want, strlen(want));
		if (!got && wrtcnl_leg_set(self->nl, c.id, &ch, &self->err))
			break;
	}
	EXPECT_TRUE(got) TH_LOG("no \"%s\" in: %s", want, o.out);
	EXPECT_EQ(0, wrtcctl_stop(&p, &o, SIGTERM)) TH_LOG("%s", o.err);
}

/* --- with traffic: the relay fixture (legs A and B, XDP test runs) --- */

struct stat_legs {
	struct wrtcnl_stats st[8];
	uint32_t id[8];
	unsigned int n;
};

static int collect_stats(const struct wrtcnl_leg_stats *s, void *arg)
{
	struct stat_legs *sl = arg;

	if (sl->n < 8) {
		sl->id[sl->n] = s->leg_id;
		sl->st[sl->n++] = s->stats;
	}
	return 0;
}

static const char *const counters[] = { "rx_packets",	 "rx_bytes",
					"tx_packets",	 "tx_bytes",
					"auth_failures", "replay_drops" };

static uint64_t counter(const struct wrtcnl_stats *st, int i)
{
	const uint64_t v[] = { st->rx_packets,	  st->rx_bytes,
			       st->tx_packets,	  st->tx_bytes,
			       st->auth_failures, st->replay_drops };

	return v[i];
}

TEST_F(relay, stats_totals)
{
	const uint32_t p80 = WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80;
	struct srtp_master_key ma = wrtc_master(p80, 210);
	struct wrtcnl_leg req = wrtc_leg4(5, 42000, 5000), c;
	uint8_t pkt[FRAME_MAX], srtp[FRAME_MAX];
	const struct wrtcnl_ssrc_stats *ss;
	struct stat_legs sl = { 0 };
	struct wrtcnl_leg_stats st;
	struct wrtcnl_key ka;
	struct wrtcctl_out o;
	uint64_t sum[6] = { 0 };
	uint32_t verdict;
	unsigned int i;
	char line[256], id[16];
	json_t *j, *e, *s;
	int k, n;

	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, make_keys(self, p80, p80, 210, 211));
	ASSERT_EQ(0, relay_stream(_metadata, self, 0x5eed, 1, 10));
	/* A forgery for the failure counters. */
	n = protect(self, pkt, wrtc_rtp(pkt, 0x5eed, 100, 80, 0), 0, srtp);
	ASSERT_LT(20, n);
	srtp[20] ^= 1;
	EXPECT_EQ(-EBADMSG, relay_raw(self, srtp, (size_t)n, &verdict));
	/* A third leg without traffic. */
	ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &c, &self->err));

	ASSERT_EQ(0, WRTCCTL_RUN(&o, "-j", "stats")) TH_LOG("%s", o.err);
	ASSERT_EQ(3,
		  wrtcnl_stats_dump(self->nl, collect_stats, &sl, &self->err));
	j = parse(_metadata, o.out);
	ASSERT_NE(NULL, j);
	EXPECT_TRUE(json_is_true(json_object_get(j, "module")));
	ASSERT_EQ(3u, json_array_size(json_object_get(j, "legs")));
	for (i = 0; i < sl.n; i++) {
		e = by_id(json_object_get(j, "legs"), "id", sl.id[i]);
		ASSERT_NE(NULL, e) TH_LOG("leg %u", sl.id[i]);
		EXPECT_EQ(7u, json_object_size(e));
		for (k = 0; k < 6; k++) {
			EXPECT_EQ((long long)counter(&sl.st[i], k),
				  wrtcctl_jint(e, counters[k]))
			TH_LOG("leg %u %s", sl.id[i], counters[k]);
			sum[k] += (uint64_t)wrtcctl_jint(e, counters[k]);
		}
	}
	for (k = 0; k < 6; k++) {
		snprintf(line, sizeof(line), "totals.%s", counters[k]);
		EXPECT_EQ((long long)sum[k], wrtcctl_jint(j, line))
		TH_LOG("%s", counters[k]);
	}
	/* Not all zero: the sums mean something. */
	e = by_id(json_object_get(j, "legs"), "id", self->a.id);
	ASSERT_NE(NULL, e);
	EXPECT_LE(11, wrtcctl_jint(e, "rx_packets")); /* 10 RTP, 1 RTCP */
	EXPECT_EQ(1, wrtcctl_jint(e, "auth_failures"));
	e = by_id(json_object_get(j, "legs"), "id", self->b.id);
	ASSERT_NE(NULL, e);
	EXPECT_EQ(11, wrtcctl_jint(e, "tx_packets"));
	EXPECT_TRUE(json_is_array(json_object_get(j, "xdp")));
	EXPECT_EQ(0, unknown_members(_metadata, j, false));
	json_decref(j);

	/* The text's total line says the same. */
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "stats")) TH_LOG("%s", o.err);
	{
		unsigned long long t[6] = { 0 };
		const char *tl = strstr(o.out, "  total ");

		ASSERT_NE(NULL, tl) TH_LOG("%s", o.out);
		EXPECT_EQ(6, sscanf(tl, " total %llu %llu %llu %llu %llu %llu",
				    &t[0], &t[1], &t[2], &t[3], &t[4], &t[5]));
		for (k = 0; k < 6; k++) {
			EXPECT_EQ(sum[k], t[k]) TH_LOG("%s", counters[k]);
		}
	}

	/* leg show: the stream's counters per SSRC, and no session key. */
	snprintf(id, sizeof(id), "%u", self->a.id);
	ASSERT_EQ(0, WRTCCTL_RUN(&o, "-j", "leg", "show", id));
	j = parse(_metadata, o.out);
	ASSERT_NE(NULL, j);
	ASSERT_EQ(0, wrtcnl_stats_get(self->nl, self->a.id, &st, &self->err));
	ss = wrtcnl_find_ssrc(&st, WRTC_DIRECTION_RX, 0x5eed);
	ASSERT_NE(NULL, ss);
	s = by_id(wrtcctl_jget(j, "leg.ssrcs"), "ssrc", 0x5eed);
	ASSERT_NE(NULL, s) TH_LOG("%s", o.out);
	EXPECT_STREQ("rx", wrtcctl_jstr(s, "direction"));
	EXPECT_LT(0, wrtcctl_jint(s, "packets"));
	EXPECT_EQ((long long)ss->packets, wrtcctl_jint(s, "packets"));
	EXPECT_EQ((long long)ss->bytes, wrtcctl_jint(s, "bytes"));
	EXPECT_EQ((long long)ss->auth_failures,
		  wrtcctl_jint(s, "auth_failures"));
	EXPECT_EQ((long long)ss->last_packet,
		  wrtcctl_jint(s, "last_packet_ns"));
	EXPECT_LT(0, wrtcctl_jint(s, "last_packet_ns"));
	json_decref(j);
	ASSERT_EQ(0, wrtc_key_from_master(&ka, self->a.id, WRTC_DIRECTION_RX,
					  WRTC_KEY_SLOT_PRIMARY, p80, &ma));
	EXPECT_FALSE(key_leaks(o.out, &ka));
}

/* Forged packets on A until @p reports auth-fail for it. */
static json_t *await_auth_fail(struct __test_metadata *_metadata,
			       FIXTURE_DATA(relay) * self,
			       struct wrtcctl_proc *p, struct wrtcctl_out *o,
			       size_t *pos)
{
	uint8_t pkt[FRAME_MAX], srtp[FRAME_MAX];
	uint32_t verdict = 0;
	json_t *ev = NULL;
	int i, n;

	for (i = 0; i < 10 && !ev; i++) {
		n = protect(self, pkt, wrtc_rtp(pkt, 0xbad, 50 + i, 80, 0), 0,
			    srtp);
		if (n <= 20)
			return NULL;
		srtp[20] ^= 0x40;
		relay_raw(self, srtp, (size_t)n, &verdict);
		ev = await_event(_metadata, p, o, pos, "auth-fail", self->a.id,
				 4000);
	}
	return ev;
}

TEST_F_TIMEOUT(relay, monitor_key_exhaust_auth_fail, 240)
{
	const uint32_t gcm = WRTC_SRTP_PROFILE_AEAD_AES_128_GCM;
	struct srtp_master_key mb = wrtc_master(gcm, 221);
	uint8_t pkt[FRAME_MAX];
	struct wrtcctl_proc p;
	struct wrtcctl_out o = { 0 };
	struct wrtcnl_key k;
	size_t pos = 0;
	uint32_t idle_id = 0;
	uint16_t seq;
	json_t *ev;

	ASSERT_EQ(0, make_legs(self, 0)) TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, make_keys(self, gcm, gcm, 220, 221));
	ASSERT_EQ(0, wrtc_key_from_master(&k, self->b.id, WRTC_DIRECTION_TX,
					  WRTC_KEY_SLOT_PRIMARY, gcm, &mb));
	k.packet_limit = 10;
	ASSERT_EQ(0, wrtcnl_key_install(self->nl, &k, &self->err));

	ASSERT_EQ(0,
		  wrtcctl_spawn(&p, NULL, (char *[]){ "-j", "monitor", NULL }));
	ev = sync_idle(_metadata, self->nl, &p, &o, &pos, &idle_id);
	ASSERT_NE(NULL, ev) TH_LOG("no leg-idle event; stderr: %s", o.err);
	json_decref(ev);

	/* 9 of 10 packets: the warning. */
	for (seq = 1; seq <= 9; seq++)
		ASSERT_EQ(0, relay_one(_metadata, self, pkt,
				       wrtc_rtp(pkt, 0xe0, seq, 100, 0), 0));
	ev = await_event(_metadata, &p, &o, &pos, "key-exhaust", self->b.id,
			 20000);
	ASSERT_NE(NULL, ev) TH_LOG("no key-exhaust event: %s", o.out);
	EXPECT_STREQ("tx", wrtcctl_jstr(ev, "direction"));
	EXPECT_STREQ("primary", wrtcctl_jstr(ev, "slot"));
	EXPECT_EQ(9, wrtcctl_jint(ev, "packets"));
	EXPECT_EQ(10, wrtcctl_jint(ev, "packet_limit"));
	EXPECT_EQ(6u, json_object_size(ev));
	json_decref(ev);

	ev = await_auth_fail(_metadata, self, &p, &o, &pos);
	ASSERT_NE(NULL, ev) TH_LOG("no auth-fail event: %s", o.out);
	EXPECT_LE(1, wrtcctl_jint(ev, "stats.auth_failures"));
	EXPECT_EQ(3u, json_object_size(ev));
	json_decref(ev);

	EXPECT_EQ(0, wrtcctl_stop(&p, &o, SIGINT)) TH_LOG("%s", o.err);
	/* Every line of it is JSON; no session key in any. */
	{
		char *save = NULL, *l;

		for (l = strtok_r(o.out, "\n", &save); l;
		     l = strtok_r(NULL, "\n", &save)) {
			json_t *j = parse(_metadata, l);

			EXPECT_NE(NULL, j);
			json_decref(j);
		}
	}
	EXPECT_FALSE(key_leaks(o.out, &k));
}

TEST_HARNESS_MAIN
