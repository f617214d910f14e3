// SPDX-License-Identifier: GPL-2.0
/*
 * DTLS on the wire: Chromium's captured ClientHellos answered, lost
 * flights retransmitted, handshakes given up, datagram boundaries and the
 * MTU, garbage and stray datagrams, close_notify.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "dtls.h"
#include "dtls_wire.h"
#include "pcap_read.h"
#include "kselftest_harness.h"
#include "dtls_pair.h"

/* ---- Chromium's ClientHello, from captures ---------------------------- */

struct capture {
	const char *file;
	size_t nsizes;
	size_t sizes[2]; /* the ClientHello datagrams, in capture order */
};

static const struct capture fragmented = {
	"chromium156-dtls-clienthello-fragmented.pcap",
	2,
	{ 1200, 263 },
};
static const struct capture nopqc = {
	"chromium156-dtls-clienthello-nopqc.pcap",
	1,
	{ 216 },
};

/* Whether use_srtp extension data @ext (RFC 5764 §4.1.1) lists @id. */
static bool use_srtp_lists(const uint8_t *ext, size_t len, uint16_t id)
{
	size_t n, i;

	if (len < 2)
		return false;
	n = wire_be16(ext);
	if (n + 2 > len || n % 2)
		return false;
	for (i = 0; i < n; i += 2)
		if (wire_be16(ext + 2 + i) == id)
			return true;
	return false;
}

static void answer_chromium(struct __test_metadata *_metadata,
			    const struct capture *cap, bool reverse)
{
	const char *dir = getenv("WRTC_TESTDATA");
	struct wire_msg *in = calloc(WIRE_SEQ_MAX, sizeof(*in));
	struct wire_msg *out = calloc(WIRE_SEQ_MAX, sizeof(*out));
	const struct pcap_udp *ch[2];
	const uint8_t *ext, *der, *b;
	struct wrtc_err err = { 0 };
	char path[512], want[300], hex[200];
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, ndgrams = 0;
	struct dtls_cert *cert;
	struct dtls_conn *c;
	struct pcap_file pf;
	size_t nch = 0, i, elen, der_len, seq;
	uint16_t chosen;
	uint8_t buf[2048];
	int n;

	ASSERT_NE(NULL, in);
	ASSERT_NE(NULL, out);
	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "tests/data",
		 cap->file);
	ASSERT_EQ(0, pcap_read(path, &pf)) TH_LOG("cannot read %s", path);
	/* DTLS (RFC 7983: 20..63) handshake records holding a ClientHello */
	for (i = 0; i < pf.n; i++) {
		b = pf.pkt[i].data;
		if (pf.pkt[i].len < 25 || b[0] != 22 || b[13] != 1)
			continue;
		ASSERT_GT(2u, nch);
		ch[nch++] = &pf.pkt[i];
	}
	ASSERT_EQ(cap->nsizes, nch);
	for (i = 0; i < nch; i++) {
		EXPECT_EQ(cap->sizes[i], ch[i]->len);
		ASSERT_LT(0, wire_collect(ch[i]->data, ch[i]->len, in));
	}
	/* What Chromium offered: the reassembled ClientHello. */
	ASSERT_TRUE(wire_complete(&in[0]));
	ASSERT_EQ(1, in[0].type);
	ASSERT_TRUE(wire_hello_ext(&in[0], 14, &ext, &elen));

	ASSERT_EQ(0, dtls_cert_new(&cert, NULL));
	ASSERT_EQ(0, dtls_conn_new(&c, cert, NULL, &err)) TH_LOG("%s", err.msg);
	for (i = 0; i < nch; i++) {
		const struct pcap_udp *u = ch[reverse ? nch - 1 - i : i];

		ASSERT_EQ(0, dtls_conn_feed(c, u->data, u->len, &err))
		TH_LOG("%s", err.msg);
		ASSERT_EQ(DTLS_STATE_HANDSHAKING, state(c))
		TH_LOG("%s", dtls_conn_reason(c));
	}
	while ((n = dtls_conn_pull(c, buf, sizeof(buf))) > 0) {
		ASSERT_GE(1200, n);
		if (!ndgrams++) {
			/* DTLS 1.2 handshake record, ServerHello first */
			ASSERT_LE(25, n);
			EXPECT_EQ(22, buf[0]);
			EXPECT_EQ(0xfe, buf[1]);
			EXPECT_EQ(0xfd, buf[2]);
			EXPECT_EQ(2, buf[13]);
		}
		ASSERT_LT(0, wire_collect(buf, (size_t)n, out));
	}
	ASSERT_LT(0u, ndgrams);
	EXPECT_EQ(DTLS_STATE_HANDSHAKING, state(c));
	/* The flight waits for an answer: its timer runs. */
	EXPECT_LE(0, dtls_conn_timeout_ms(c));

	/* ServerHello: DTLS 1.2, a suite and a profile Chromium offered. */
	ASSERT_TRUE(wire_complete(&out[0]));
	ASSERT_EQ(2, out[0].type);
	EXPECT_EQ(0xfefd, wire_be16(out[0].body));
	EXPECT_TRUE(
		wire_client_offers_suite(&in[0], wire_server_suite(&out[0])));
	ASSERT_TRUE(wire_hello_ext(&out[0], 14, &b, &elen));
	ASSERT_EQ(5u, elen); /* one profile, empty MKI */
	EXPECT_EQ(2, wire_be16(b));
	EXPECT_EQ(0, b[4]);
	chosen = wire_be16(b + 2);
	EXPECT_TRUE(use_srtp_lists(ext, (size_t)wire_be16(ext) + 2, chosen));
	/* Chromium offers GCM-128; it comes first in our default order. */
	EXPECT_EQ(0x0007, chosen);

	/* Certificate: ours, and its digest is our a=fingerprint. */
	ASSERT_TRUE(wire_complete(&out[1]));
	ASSERT_EQ(11, out[1].type);
	der_len = dtls_cert_der(cert, &der);
	ASSERT_LE(6 + der_len, out[1].len);
	EXPECT_EQ(der_len, wire_be24(out[1].body + 3));
	EXPECT_EQ(0, memcmp(der, out[1].body + 6, der_len));
	ASSERT_EQ(1, EVP_Digest(out[1].body + 6, der_len, md, &mdlen,
				EVP_sha256(), NULL));
	hex_colons(md, mdlen, hex);
	snprintf(want, sizeof(want), "sha-256 %s", hex);
	EXPECT_STREQ(want, dtls_cert_fingerprint(cert));

	/* Then ServerKeyExchange, CertificateRequest, ServerHelloDone. */
	for (seq = 2; seq < WIRE_SEQ_MAX && out[seq].seen; seq++)
		EXPECT_TRUE(wire_complete(&out[seq]));
	ASSERT_EQ(5u, seq);
	EXPECT_EQ(12, out[2].type);
	EXPECT_EQ(13, out[3].type); /* we ask for the peer's certificate */
	EXPECT_EQ(14, out[4].type);
	EXPECT_EQ(0u, out[4].len);

	dtls_conn_free(c);
	dtls_cert_unref(cert);
	pcap_free(&pf);
	free(in);
	free(out);
}

TEST(chromium_fragmented_clienthello)
{
	answer_chromium(_metadata, &fragmented, false);
	LEAK_CHECK();
}

TEST(chromium_fragmented_clienthello_out_of_order)
{
	answer_chromium(_metadata, &fragmented, true);
	LEAK_CHECK();
}

TEST(chromium_clienthello_without_pqc)
{
	answer_chromium(_metadata, &nopqc, false);
	LEAK_CHECK();
}

/* ---- loss and retransmission ------------------------------------------ */

TEST(lost_server_flight_is_retransmitted)
{
	struct pair_opts o = { .drop_first_server_flight = true,
			       .initial_timeout_ms = 40 };
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	EXPECT_TRUE(p.dropped);
	check_keys(_metadata, &p, 0x0007, 56, 16, 12);
	/* Only the server's flight was lost: its timer resent it. */
	EXPECT_LE(1u, dtls_conn_retransmits(p.server));
	pair_free(&p);
	LEAK_CHECK();
}

TEST(handshake_gives_up_after_max_retransmits)
{
	struct dtls_config cfg = { .role = DTLS_ROLE_CLIENT,
				   .initial_timeout_ms = 20,
				   .max_retransmits = 2 };
	uint8_t first[1200], buf[1200];
	struct wrtc_err err = { 0 };
	struct dtls_cert *cert;
	struct dtls_conn *c;
	unsigned int sent = 0, i;
	int n, first_len = 0, r = 0;
	long t;

	ASSERT_EQ(0, dtls_cert_new(&cert, NULL));
	ASSERT_EQ(0, dtls_conn_new(&c, cert, &cfg, &err)) TH_LOG("%s", err.msg);
	EXPECT_EQ(-1, dtls_conn_timeout_ms(c));
	ASSERT_EQ(0, dtls_conn_start(c, &err));
	/* Nobody answers. */
	for (i = 0; i < 20 && !r; i++) {
		while ((n = dtls_conn_pull(c, buf, sizeof(buf))) > 0) {
			sent++;
			if (!first_len) {
				first_len = n;
				memcpy(first, buf, (size_t)n);
			}
			/* The same ClientHello again (record seq aside). */
			ASSERT_EQ(first_len, n);
			EXPECT_EQ(0,
				  memcmp(first + 13, buf + 13, (size_t)n - 13));
		}
		t = dtls_conn_timeout_ms(c);
		ASSERT_LE(0, t);
		usleep((useconds_t)t * 1000);
		r = dtls_conn_handle_timeout(c, &err);
	}
	EXPECT_EQ(-ETIMEDOUT, r);
	EXPECT_EQ(DTLS_STATE_FAILED, state(c));
	EXPECT_NE(NULL, strstr(dtls_conn_reason(c), "retransmissions"))
	TH_LOG("%s", dtls_conn_reason(c));
	EXPECT_EQ(2u, dtls_conn_retransmits(c));
	EXPECT_EQ(3u, sent); /* the first and two more */
	EXPECT_EQ(0, dtls_conn_pull(c, buf, sizeof(buf)));
	EXPECT_EQ(-1, dtls_conn_timeout_ms(c));
	EXPECT_EQ(0, dtls_conn_handle_timeout(c, NULL));
	dtls_conn_free(c);
	dtls_cert_unref(cert);
	LEAK_CHECK();
}

TEST(timer_not_due_does_nothing)
{
	struct dtls_config cfg = { .role = DTLS_ROLE_CLIENT };
	struct dtls_cert *cert;
	struct dtls_conn *c;
	uint8_t buf[1200];
	long t;

	ASSERT_EQ(0, dtls_cert_new(&cert, NULL));
	ASSERT_EQ(0, dtls_conn_new(&c, cert, &cfg, NULL));
	ASSERT_EQ(0, dtls_conn_start(c, NULL));
	ASSERT_LT(0, dtls_conn_pull(c, buf, sizeof(buf)));
	/* Default: RFC 6347's one second. */
	t = dtls_conn_timeout_ms(c);
	EXPECT_LT(900, t);
	EXPECT_GE(1000, t);
	EXPECT_EQ(0, dtls_conn_handle_timeout(c, NULL));
	EXPECT_EQ(0, dtls_conn_pull(c, buf, sizeof(buf)));
	EXPECT_EQ(0u, dtls_conn_retransmits(c));
	dtls_conn_free(c);
	dtls_cert_unref(cert);
	LEAK_CHECK();
}

/* ---- datagrams --------------------------------------------------------- */

TEST(small_mtu_fragments_the_flights)
{
	struct pair_opts o = { .mtu = 300 };
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	check_keys(_metadata, &p, 0x0007, 56, 16, 12);
	EXPECT_GE(300u, p.biggest);
	EXPECT_LT(6u, p.datagrams);
	pair_free(&p);
	LEAK_CHECK();
}

TEST(pull_keeps_a_datagram_that_does_not_fit)
{
	struct dtls_config cfg = { .role = DTLS_ROLE_CLIENT };
	struct dtls_cert *cert;
	struct dtls_conn *c;
	uint8_t buf[1500];
	size_t len;

	ASSERT_EQ(0, dtls_cert_new(&cert, NULL));
	ASSERT_EQ(0, dtls_conn_new(&c, cert, &cfg, NULL));
	EXPECT_EQ(0u, dtls_conn_next_len(c));
	EXPECT_EQ(0, dtls_conn_pull(c, buf, sizeof(buf)));
	ASSERT_EQ(0, dtls_conn_start(c, NULL));
	len = dtls_conn_next_len(c);
	ASSERT_LT(25u, len);
	EXPECT_EQ(-ENOSPC, dtls_conn_pull(c, buf, len - 1));
	EXPECT_EQ(len, dtls_conn_next_len(c));
	EXPECT_EQ((int)len, dtls_conn_pull(c, buf, len));
	EXPECT_EQ(22, buf[0]);
	EXPECT_EQ(1, buf[13]); /* ClientHello */
	EXPECT_EQ(0u, dtls_conn_next_len(c));
	dtls_conn_free(c);
	dtls_cert_unref(cert);
	LEAK_CHECK();
}

TEST(garbage_does_not_kill_a_session)
{
	static const uint8_t text[] = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
	static const uint8_t stun[20] = { 0x00, 0x01, 0x00, 0x00,
					  0x21, 0x12, 0xa4, 0x42 };
	static const uint8_t rtp[24] = { 0x80, 0x60, 0x00, 0x01 };
	struct pair_opts o = { 0 };
	struct wrtc_err err = { 0 };
	uint8_t junk[300];
	struct pair p;
	size_t i;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	ASSERT_EQ(DTLS_STATE_CONNECTED, state(p.server));
	/* Not DTLS at all (RFC 7983): refused before OpenSSL sees it. */
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.server, text, sizeof(text), &err));
	EXPECT_NE(NULL, strstr(err.msg, "not a DTLS")) TH_LOG("%s", err.msg);
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.server, stun, sizeof(stun), NULL));
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.server, rtp, sizeof(rtp), NULL));
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.server, junk, 0, NULL));
	junk[0] = 22;
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.server, junk, 12, NULL));
	/* DTLS-looking junk: dropped by the record layer (bad MAC etc.). */
	for (i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	junk[0] = 23; /* application data, epoch 1 */
	junk[1] = 0xfe;
	junk[2] = 0xfd;
	junk[3] = 0;
	junk[4] = 1;
	junk[11] = 0x01;
	junk[12] = 0x1f; /* 287 bytes */
	EXPECT_EQ(0, dtls_conn_feed(p.server, junk, sizeof(junk), &err))
	TH_LOG("%s", err.msg);
	junk[12] = 0xff; /* longer than the datagram */
	EXPECT_EQ(0, dtls_conn_feed(p.server, junk, sizeof(junk), NULL));
	junk[0] = 22; /* a handshake record of epoch 0, after the handshake */
	junk[4] = 0;
	junk[12] = 0x1f;
	EXPECT_EQ(0, dtls_conn_feed(p.server, junk, sizeof(junk), NULL));
	junk[0] = 21; /* an alert nobody can decrypt */
	junk[4] = 1;
	EXPECT_EQ(0, dtls_conn_feed(p.server, junk, sizeof(junk), NULL));
	EXPECT_EQ(DTLS_STATE_CONNECTED, state(p.server))
	TH_LOG("%s", dtls_conn_reason(p.server));
	EXPECT_EQ(0, dtls_conn_next_len(p.server) != 0);
	/* Still the same session with the same keys. */
	check_keys(_metadata, &p, 0x0007, 56, 16, 12);
	pair_free(&p);
	LEAK_CHECK();
}

/*
 * Before the peer's first flight, OpenSSL would fail the handshake on any
 * unexpected record: such datagrams are refused without reaching it.
 */
TEST(stray_datagrams_before_the_handshake_are_refused)
{
	struct pair_opts o = { 0 };
	struct wrtc_err err = { 0 };
	uint8_t junk[64];
	struct pair p;
	int type;

	pair_new(_metadata, &p, &o);
	memset(junk, 0, sizeof(junk));
	junk[1] = 0xfe;
	junk[2] = 0xfd;
	junk[12] = sizeof(junk) - 13;
	for (type = 20; type <= 63; type++) {
		junk[0] = (uint8_t)type;
		junk[13] = 2; /* a ServerHello, if it were a handshake */
		EXPECT_EQ(-EBADMSG,
			  dtls_conn_feed(p.server, junk, sizeof(junk), &err))
		TH_LOG("type %d", type);
	}
	EXPECT_NE(NULL, strstr(err.msg, "content type")) TH_LOG("%s", err.msg);
	EXPECT_EQ(DTLS_STATE_NEW, state(p.server));
	/* A ClientHello of another epoch is not one either. */
	junk[0] = 22;
	junk[4] = 1;
	junk[13] = 1;
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.server, junk, sizeof(junk), NULL));

	ASSERT_EQ(0, dtls_conn_start(p.client, NULL));
	junk[4] = 0;
	junk[13] = 1; /* a ClientHello, to a client */
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.client, junk, sizeof(junk), &err));
	EXPECT_NE(NULL, strstr(err.msg, "ServerHello")) TH_LOG("%s", err.msg);
	junk[0] = 23;
	EXPECT_EQ(-EBADMSG, dtls_conn_feed(p.client, junk, sizeof(junk), NULL));
	EXPECT_EQ(DTLS_STATE_HANDSHAKING, state(p.client));
	EXPECT_EQ(0u, dtls_conn_next_len(p.server));

	/* The real handshake still goes through. */
	pair_run(_metadata, &p);
	check_keys(_metadata, &p, 0x0007, 56, 16, 12);
	pair_free(&p);
	LEAK_CHECK();
}

TEST(close_notify_closes_the_peer)
{
	struct pair_opts o = { 0 };
	uint8_t buf[128];
	struct pair p;

	pair_new(_metadata, &p, &o);
	pair_run(_metadata, &p);
	ASSERT_EQ(DTLS_STATE_CONNECTED, state(p.client));
	dtls_conn_close(p.client);
	EXPECT_EQ(DTLS_STATE_CLOSED, state(p.client));
	EXPECT_STREQ("closed locally", dtls_conn_reason(p.client));
	EXPECT_EQ(0, dtls_conn_error(p.client));
	ASSERT_LT(0u, dtls_conn_next_len(p.client));
	pair_pump(_metadata, &p);
	EXPECT_EQ(DTLS_STATE_CLOSED, state(p.server));
	EXPECT_EQ(-ECONNRESET, dtls_conn_error(p.server));
	EXPECT_EQ(-ECONNRESET, p.server_ret);
	EXPECT_NE(NULL, strstr(dtls_conn_reason(p.server), "close_notify"))
	TH_LOG("%s", dtls_conn_reason(p.server));
	/* The server answered with its own close_notify (§7.2.1). */
	EXPECT_EQ(-EPIPE, p.client_ret);
	EXPECT_EQ(-ENOTCONN,
		  dtls_conn_export_srtp(p.server, buf, sizeof(buf), NULL));
	dtls_conn_close(p.server); /* nothing more to do */
	EXPECT_EQ(0u, dtls_conn_next_len(p.server));
	pair_free(&p);
	LEAK_CHECK();
}

TEST_HARNESS_MAIN
