/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers for the lib/dtls* tests: two of our connections wired back
 * to back in memory (each with its own certificate, as two processes), a
 * loop that shuttles datagrams and drives the timers, and the checks on
 * the keying material both ends export.
 */
#ifndef WRTC_TEST_DTLS_PAIR_H
#define WRTC_TEST_DTLS_PAIR_H

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dtls.h"
#include "kselftest_harness.h"

/*
 * The children the harness forks end with _exit(), so LeakSanitizer's exit
 * check never runs for a test: ask it at the end of each test instead.
 */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() ASSERT_EQ(0, __lsan_do_recoverable_leak_check())
#else
#define LEAK_CHECK() \
	do {         \
	} while (0)
#endif

#define ALL_FOUR                                                            \
	"AES_CM_128_HMAC_SHA1_80:AES_CM_128_HMAC_SHA1_32:AEAD_AES_256_GCM:" \
	"AEAD_AES_128_GCM"

/* The harness compares with -Wsign-compare; these enums are unsigned. */
static int state(const struct dtls_conn *c)
{
	return (int)dtls_conn_state(c);
}

static int role(const struct dtls_conn *c)
{
	return (int)dtls_conn_role(c);
}

/* ---- two of our connections, wired back to back ----------------------- */

struct pair_opts {
	const char *server_profiles, *client_profiles;
	bool server_no_fp, client_no_fp; /* remote SDP not there yet */
	bool server_bad_fp, client_bad_fp; /* one hex digit flipped */
	unsigned int mtu, initial_timeout_ms, max_retransmits;
	bool drop_first_server_flight;
};

struct pair {
	struct dtls_cert *scert, *ccert;
	struct dtls_conn *server, *client;
	struct pair_opts o;
	bool dropped;
	int server_ret, client_ret; /* first error a feed returned */
	unsigned int datagrams;
	size_t biggest;
};

/* The fingerprint the remote SDP would carry for @cert. */
static int sdp_fingerprint_of(struct dtls_cert *cert, bool flip,
			      struct dtls_fingerprint *fp)
{
	char value[DTLS_FINGERPRINT_STR_MAX];

	snprintf(value, sizeof(value), "%s", dtls_cert_fingerprint_value(cert));
	if (flip) /* one hex digit, to another hex digit */
		value[4] = value[4] == '0' ? '1' : '0';
	return dtls_fingerprint_parse(fp, dtls_cert_fingerprint_hash(cert),
				      value, NULL);
}

static void pair_new(struct __test_metadata *_metadata, struct pair *p,
		     const struct pair_opts *o)
{
	struct dtls_fingerprint sfp, cfp;
	struct dtls_config scfg = { 0 }, ccfg = { 0 };
	struct wrtc_err err = { 0 };

	memset(p, 0, sizeof(*p));
	p->o = *o;
	ASSERT_EQ(0, dtls_cert_new(&p->scert, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, dtls_cert_new(&p->ccert, &err)) TH_LOG("%s", err.msg);
	/* The server checks the client's certificate, and vice versa. */
	ASSERT_EQ(0, sdp_fingerprint_of(p->ccert, o->server_bad_fp, &sfp));
	ASSERT_EQ(0, sdp_fingerprint_of(p->scert, o->client_bad_fp, &cfp));
	scfg.role = DTLS_ROLE_SERVER;
	scfg.srtp_profiles = o->server_profiles;
	scfg.remote_fingerprint = o->server_no_fp ? NULL : &sfp;
	ccfg.role = DTLS_ROLE_CLIENT;
	ccfg.srtp_profiles = o->client_profiles;
	ccfg.remote_fingerprint = o->client_no_fp ? NULL : &cfp;
	scfg.mtu = ccfg.mtu = o->mtu;
	scfg.initial_timeout_ms = ccfg.initial_timeout_ms =
		o->initial_timeout_ms ? o->initial_timeout_ms : 50;
	scfg.max_retransmits = ccfg.max_retransmits = o->max_retransmits;
	ASSERT_EQ(0, dtls_conn_new(&p->server, p->scert, &scfg, &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ(0, dtls_conn_new(&p->client, p->ccert, &ccfg, &err))
	TH_LOG("%s", err.msg);
	EXPECT_EQ(DTLS_ROLE_SERVER, role(p->server));
	EXPECT_EQ(DTLS_ROLE_CLIENT, role(p->client));
	EXPECT_EQ(DTLS_STATE_NEW, state(p->server));
}

static void pair_free(struct pair *p)
{
	dtls_conn_free(p->server);
	dtls_conn_free(p->client);
	dtls_cert_unref(p->scert);
	dtls_cert_unref(p->ccert);
	memset(p, 0, sizeof(*p));
}

/* Move every queued datagram from @from to @to; returns how many. */
static unsigned int move(struct pair *p, struct dtls_conn *from,
			 struct dtls_conn *to, int *ret)
{
	uint8_t buf[65536];
	unsigned int n = 0;
	bool drop = false;
	int len, r;

	if (from == p->server && p->o.drop_first_server_flight && !p->dropped &&
	    dtls_conn_next_len(from)) {
		drop = true;
		p->dropped = true;
	}
	while ((len = dtls_conn_pull(from, buf, sizeof(buf))) > 0) {
		n++;
		p->datagrams++;
		if ((size_t)len > p->biggest)
			p->biggest = (size_t)len;
		if (drop)
			continue;
		r = dtls_conn_feed(to, buf, (size_t)len, NULL);
		if (r && !*ret)
			*ret = r;
	}
	return n;
}

static bool pending(struct dtls_conn *c)
{
	return state(c) == DTLS_STATE_NEW || state(c) == DTLS_STATE_HANDSHAKING;
}

/* Shuttle until nothing moves and no timer runs (or 10 s went by). */
static void pair_pump(struct __test_metadata *_metadata, struct pair *p)
{
	time_t start = time(NULL);
	long ts, tc, wait;
	unsigned int moved;

	while (time(NULL) - start < 10) {
		moved = move(p, p->client, p->server, &p->server_ret);
		moved += move(p, p->server, p->client, &p->client_ret);
		if (moved)
			continue;
		ts = dtls_conn_timeout_ms(p->server);
		tc = dtls_conn_timeout_ms(p->client);
		if (ts < 0 && tc < 0)
			return;
		wait = ts < 0 ? tc : tc < 0 ? ts : ts < tc ? ts : tc;
		usleep((useconds_t)wait * 1000);
		dtls_conn_handle_timeout(p->server, NULL);
		dtls_conn_handle_timeout(p->client, NULL);
	}
	ASSERT_FALSE(pending(p->server) || pending(p->client))
	TH_LOG("handshake still running after 10 s");
}

static void pair_run(struct __test_metadata *_metadata, struct pair *p)
{
	struct wrtc_err err = { 0 };

	ASSERT_EQ(0, dtls_conn_start(p->server, &err)) TH_LOG("%s", err.msg);
	ASSERT_EQ(0, dtls_conn_start(p->client, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(DTLS_STATE_HANDSHAKING, state(p->client));
	pair_pump(_metadata, p);
}

/* Both connected on profile @id with @len bytes of identical keying. */
static void check_keys(struct __test_metadata *_metadata, struct pair *p,
		       uint16_t id, size_t len, size_t key_len, size_t salt_len)
{
	uint8_t sm[128], cm[128], zero[128] = { 0 };
	struct srtp_master_key sl, sr, cl, cr;
	const struct srtp_profile *prof;
	struct wrtc_err err = { 0 };

	ASSERT_EQ(DTLS_STATE_CONNECTED, state(p->server))
	TH_LOG("server: %s", dtls_conn_reason(p->server));
	ASSERT_EQ(DTLS_STATE_CONNECTED, state(p->client))
	TH_LOG("client: %s", dtls_conn_reason(p->client));
	ASSERT_NE(NULL, dtls_conn_srtp_profile(p->server));
	ASSERT_NE(NULL, dtls_conn_srtp_profile(p->client));
	EXPECT_EQ(id, dtls_conn_srtp_profile(p->server)->id);
	EXPECT_EQ(id, dtls_conn_srtp_profile(p->client)->id);
	ASSERT_EQ((int)len,
		  dtls_conn_export_srtp(p->server, sm, sizeof(sm), &err))
	TH_LOG("%s", err.msg);
	ASSERT_EQ((int)len,
		  dtls_conn_export_srtp(p->client, cm, sizeof(cm), &err));
	EXPECT_EQ(0, memcmp(sm, cm, len));
	EXPECT_NE(0, memcmp(sm, zero, len));
	EXPECT_EQ(-ENOSPC, dtls_conn_export_srtp(p->server, sm, len - 1, NULL));

	/*
	 * RFC 5764 §4.2 layout: client key | server key | client salt |
	 * server salt. The client protects with the client_write pair.
	 */
	ASSERT_EQ(0, dtls_conn_srtp_keys(p->server, &prof, &sl, &sr, &err))
	TH_LOG("%s", err.msg);
	EXPECT_EQ(id, prof->id);
	ASSERT_EQ(0, dtls_conn_srtp_keys(p->client, &prof, &cl, &cr, &err));
	EXPECT_EQ(key_len, cl.key_len);
	EXPECT_EQ(salt_len, cl.salt_len);
	EXPECT_EQ(0, memcmp(cl.key, cm, key_len));
	EXPECT_EQ(0, memcmp(cr.key, cm + key_len, key_len));
	EXPECT_EQ(0, memcmp(cl.salt, cm + 2 * key_len, salt_len));
	EXPECT_EQ(0, memcmp(cr.salt, cm + 2 * key_len + salt_len, salt_len));
	EXPECT_EQ(0, memcmp(&sl, &cr, sizeof(sl)));
	EXPECT_EQ(0, memcmp(&sr, &cl, sizeof(sr)));
	srtp_master_key_wipe(&sl);
	srtp_master_key_wipe(&sr);
	srtp_master_key_wipe(&cl);
	srtp_master_key_wipe(&cr);
	srtp_wipe(sm, sizeof(sm));
	srtp_wipe(cm, sizeof(cm));
}

static void hex_colons(const uint8_t *md, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 3 * i, "%02X%s", md[i], i + 1 < n ? ":" : "");
}

#endif /* WRTC_TEST_DTLS_PAIR_H */
