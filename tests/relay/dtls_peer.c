// SPDX-License-Identifier: GPL-2.0
/*
 * A scripted WebRTC endpoint for the relay tests (relay.test.mjs),
 * so that ICE, DTLS-SRTP and the relay can be tested without a browser.
 *
 *   dtls_peer [--profiles LIST] [--ssrc BASE] [--bind IPV4] [--seq N]
 *
 * Its two SSRCs' first sequence numbers are 1000 and 5000, or N and N + 100
 * (near 65535: the ROC moves on within the first packets).
 * It binds a UDP socket on 127.0.0.1 (or IPV4), makes its own certificate
 * and prints "ready PORT HASH FINGERPRINT", then takes one command per line
 * on stdin and answers each with one line, "ok ..." or "error ...":
 *
 *   ice HOST PORT GW_UFRAG GW_PWD MY_UFRAG
 *       Binding requests with USE-CANDIDATE, ICE-CONTROLLING, PRIORITY,
 *       MESSAGE-INTEGRITY and FINGERPRINT until an authenticated success
 *       comes back: "ok ice MAPPED_ADDR sent=N" (N requests sent, in all
 *       ice commands so far).
 *   dtls client|server HASH FINGERPRINT [TIMEOUT_MS]
 *       The handshake (lib/dtls.h) with the gateway's certificate expected:
 *       "ok dtls PROFILE sent=N" (the SDES suite name; N DTLS datagrams
 *       sent so far, retransmissions included) or "error dtls REASON".
 *   send N_RTP N_RTCP
 *       For each of its two SSRCs, BASE+1 (audio: 40-199 payload bytes)
 *       and BASE+2 (video: 800-1199), N_RTP RTP packets and N_RTCP sender
 *       reports, protected with libsrtp2: "ok send COUNT BYTES" (BYTES: the
 *       SRTP and SRTCP datagrams' sizes added up).
 *   recv COUNT TIMEOUT_MS
 *       Read until COUNT packets were unprotected (libsrtp2) and matched
 *       what the other endpoint sent, or TIMEOUT_MS passed: "ok recv
 *       good=G rtp=R rtcp=C unprotect_failed=F mismatch=M bytes=B".
 *   tamper N      N new RTP packets per SSRC, one bit of the tag flipped
 *   replay N      the last N packets sent, again, byte for byte
 *   stray N       N new RTP packets per SSRC, validly protected, from a
 *                 socket of its own
 *   counts        "ok counts stun=N dtls=M": datagrams sent so far
 *   rebind        a new socket on a new port of the same address (the
 *                 endpoint moves: ice again to nominate it): "ok rebind
 *                 PORT"
 *   ipopts on|off IPv4 options (four NOPs' worth: NOP NOP NOP EOL) on what
 *                 it sends, or none
 *   pace N        send, tamper and stray pause 0.5 ms after every N
 *                 rounds (one RTP, and RTCP, per SSRC); default 8. Fewer
 *                 for a slow receiver: a veth ring holds 256 packets.
 *   quit
 *
 * SRTP is libsrtp2 (lib/srtp_ref.h), not the gateway's own transform: what
 * the gateway relays is checked against an independent implementation.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "demux.h"
#include "dtls.h"
#include "peer_media.h"
#include "srtp_ref.h"
#include "stun.h"

#define HISTORY 64
#define BUF_MAX 2048

static struct {
	int fd;
	struct in_addr bind_addr;
	struct sockaddr_in gw;
	unsigned int stun_sent, dtls_sent; /* datagrams, for the XDP counts */
	const char *profiles;
	uint32_t ssrc_base;
	struct dtls_cert *cert;
	struct dtls_conn *conn;
	struct srtp_ref *tx, *rx;
	uint16_t seq[2];
	uint32_t rtcp_n[2];
	/* protected packets sent, for replay */
	uint8_t hist[HISTORY][BUF_MAX];
	size_t hist_len[HISTORY];
	unsigned int hist_n;
} g;

/* Rounds of sending between pauses (the pace command). */
static unsigned int pace_rounds = 8;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * The next datagram from the gateway within @ms (others are ignored):
 * its length, or 0 on timeout.
 */
static int recv_gw(uint8_t *buf, size_t cap, long ms)
{
	long deadline = now_ms() + ms;
	struct sockaddr_in from;
	socklen_t flen;
	ssize_t n;

	for (;;) {
		struct pollfd pfd = { .fd = g.fd, .events = POLLIN };
		long left = deadline - now_ms();

		if (left < 0 || poll(&pfd, 1, (int)left) <= 0)
			return 0;
		flen = sizeof(from);
		n = recvfrom(g.fd, buf, cap, 0, (struct sockaddr *)&from,
			     &flen);
		if (n > 0 && from.sin_port == g.gw.sin_port &&
		    from.sin_addr.s_addr == g.gw.sin_addr.s_addr)
			return (int)n;
	}
}

static void send_gw(int fd, const uint8_t *buf, size_t len)
{
	if (sendto(fd, buf, len, 0, (struct sockaddr *)&g.gw, sizeof(g.gw)) < 0)
		fprintf(stderr, "dtls_peer: sendto: %s\n", strerror(errno));
}

static void cmd_ice(const char *args)
{
	char host[64], gufrag[257], gpwd[257], mufrag[257], user[520];
	uint8_t req[512], buf[BUF_MAX], txid[STUN_TXID_LEN];
	struct sockaddr_storage mapped;
	struct stun_builder b;
	struct stun_msg m;
	struct stun_attr a;
	unsigned int port;
	int len, n;

	if (sscanf(args, "%63s %u %256s %256s %256s", host, &port, gufrag, gpwd,
		   mufrag) != 5 ||
	    inet_pton(AF_INET, host, &g.gw.sin_addr) != 1) {
		printf("error ice: bad arguments\n");
		return;
	}
	g.gw.sin_family = AF_INET;
	g.gw.sin_port = htons((uint16_t)port);
	snprintf(user, sizeof(user), "%s:%s", gufrag, mufrag);
	stun_txid_random(txid);
	stun_build_init(&b, req, sizeof(req), STUN_BINDING_REQUEST, txid, NULL);
	stun_build_str(&b, STUN_ATTR_USERNAME, user);
	stun_build_u32(&b, STUN_ATTR_PRIORITY, 0x6e7f1effu);
	stun_build_u64(&b, STUN_ATTR_ICE_CONTROLLING, 0x1122334455667788ull);
	stun_build_flag(&b, STUN_ATTR_USE_CANDIDATE);
	stun_build_integrity(&b, gpwd, strlen(gpwd));
	len = stun_build_fingerprint(&b);
	if (len < 0) {
		printf("error ice: cannot build the request: %d\n", len);
		return;
	}
	for (int attempt = 0; attempt < 50; attempt++) {
		send_gw(g.fd, req, (size_t)len);
		g.stun_sent++;
		while ((n = recv_gw(buf, sizeof(buf), 100)) > 0) {
			if (stun_parse(&m, buf, (size_t)n, NULL) ||
			    m.type != STUN_BINDING_SUCCESS ||
			    memcmp(m.txid, txid, STUN_TXID_LEN) ||
			    stun_check_integrity(&m, gpwd, strlen(gpwd), NULL))
				continue;
			if (stun_attr_find(&m, STUN_ATTR_XOR_MAPPED_ADDRESS,
					   &a) ||
			    stun_attr_addr(&m, &a, &mapped, NULL)) {
				printf("error ice: no XOR-MAPPED-ADDRESS\n");
				return;
			}
			inet_ntop(AF_INET,
				  &((struct sockaddr_in *)&mapped)->sin_addr,
				  host, sizeof(host));
			printf("ok ice %s:%u sent=%u\n", host,
			       ntohs(((struct sockaddr_in *)&mapped)->sin_port),
			       g.stun_sent);
			return;
		}
	}
	printf("error ice: no authenticated Binding success in 5 s\n");
}

static void dtls_flush(void)
{
	uint8_t buf[BUF_MAX];
	int n;

	while ((n = dtls_conn_pull(g.conn, buf, sizeof(buf))) > 0) {
		send_gw(g.fd, buf, (size_t)n);
		g.dtls_sent++;
	}
}

static int make_srtp(void)
{
	const struct srtp_profile *p;
	struct srtp_master_key local, remote;
	struct wrtc_err err = { "", 0 };
	int ret;

	ret = dtls_conn_srtp_keys(g.conn, &p, &local, &remote, &err);
	if (!ret)
		ret = srtp_ref_create(&g.tx, p, &local, SRTP_REF_OUTBOUND,
				      &err);
	if (!ret)
		ret = srtp_ref_create(&g.rx, p, &remote, SRTP_REF_INBOUND,
				      &err);
	srtp_master_key_wipe(&local);
	srtp_master_key_wipe(&remote);
	if (ret)
		printf("error dtls: keys: %s\n", err.msg);
	else
		printf("ok dtls %s sent=%u\n", p->suite, g.dtls_sent);
	return ret;
}

static void cmd_dtls(const char *args)
{
	char role[16], hash[16], value[DTLS_FINGERPRINT_STR_MAX];
	struct dtls_config cfg = { .initial_timeout_ms = 200 };
	struct wrtc_err err = { "", 0 };
	struct dtls_fingerprint fp;
	uint8_t buf[BUF_MAX];
	long timeout = 5000, deadline, wait;
	int n;

	n = sscanf(args, "%15s %15s %199s %ld", role, hash, value, &timeout);
	if (n < 3 || dtls_fingerprint_parse(&fp, hash, value, &err) || g.conn) {
		printf("error dtls: bad arguments or already done %s\n",
		       err.msg);
		return;
	}
	cfg.role = strcmp(role, "client") ? DTLS_ROLE_SERVER : DTLS_ROLE_CLIENT;
	cfg.srtp_profiles = g.profiles;
	cfg.remote_fingerprint = &fp;
	if (dtls_conn_new(&g.conn, g.cert, &cfg, &err) ||
	    dtls_conn_start(g.conn, &err)) {
		printf("error dtls: %s\n", err.msg);
		return;
	}
	deadline = now_ms() + timeout;
	while (dtls_conn_state(g.conn) == DTLS_STATE_NEW ||
	       dtls_conn_state(g.conn) == DTLS_STATE_HANDSHAKING) {
		dtls_flush();
		wait = deadline - now_ms();
		if (wait <= 0)
			break;
		if (dtls_conn_timeout_ms(g.conn) >= 0 &&
		    dtls_conn_timeout_ms(g.conn) < wait)
			wait = dtls_conn_timeout_ms(g.conn);
		n = recv_gw(buf, sizeof(buf), wait);
		if (n > 0 && demux_classify(buf, (size_t)n) == DEMUX_DTLS)
			dtls_conn_feed(g.conn, buf, (size_t)n, NULL);
		else if (n <= 0)
			dtls_conn_handle_timeout(g.conn, NULL);
	}
	dtls_flush();
	if (dtls_conn_state(g.conn) == DTLS_STATE_CONNECTED)
		make_srtp();
	else
		printf("error dtls: %s: %s\n",
		       dtls_state_name(dtls_conn_state(g.conn)),
		       dtls_conn_reason(g.conn)[0] ? dtls_conn_reason(g.conn) :
						     "timed out");
}

static void remember(const uint8_t *buf, size_t len)
{
	unsigned int i = g.hist_n++ % HISTORY;

	memcpy(g.hist[i], buf, len);
	g.hist_len[i] = len;
}

/* Protect and send one packet of SSRC @k; returns its length or -1. */
static int send_one(int fd, unsigned int k, bool rtcp, bool tamper)
{
	uint32_t ssrc = g.ssrc_base + 1 + k;
	uint8_t buf[BUF_MAX];
	size_t len;
	int n;

	if (rtcp) {
		len = peer_make_rtcp(buf, ssrc, ++g.rtcp_n[k]);
		n = srtp_ref_protect_rtcp(g.tx, buf, len, sizeof(buf), NULL);
	} else {
		len = peer_make_rtp(buf, ssrc, g.seq[k]++);
		n = srtp_ref_protect_rtp(g.tx, buf, len, sizeof(buf), NULL);
	}
	if (n < 0)
		return -1;
	if (tamper)
		buf[n - 1] ^= 0x01; /* in the tag */
	send_gw(fd, buf, (size_t)n);
	if (!tamper && fd == g.fd)
		remember(buf, (size_t)n);
	return n;
}

static void cmd_send(const char *args, const char *what)
{
	unsigned int n_rtp = 0, n_rtcp = 0, sent = 0, max;
	unsigned long bytes = 0;
	int n;
	bool tamper = !strcmp(what, "tamper"), stray = !strcmp(what, "stray");
	int fd = g.fd;

	if (!g.tx || sscanf(args, "%u %u", &n_rtp, &n_rtcp) < 1) {
		printf("error %s: no keys or bad arguments\n", what);
		return;
	}
	if (stray) {
		struct sockaddr_in any = { .sin_family = AF_INET };

		any.sin_addr = g.bind_addr;
		fd = socket(AF_INET, SOCK_DGRAM, 0);
		if (fd < 0 || bind(fd, (struct sockaddr *)&any, sizeof(any))) {
			printf("error stray: socket: %s\n", strerror(errno));
			return;
		}
	}
	max = n_rtp > n_rtcp ? n_rtp : n_rtcp;
	for (unsigned int i = 0; i < max; i++) {
		for (unsigned int k = 0; k < 2; k++) {
			if (i < n_rtp &&
			    (n = send_one(fd, k, false, tamper)) > 0)
				sent++, bytes += (unsigned long)n;
			if (i < n_rtcp &&
			    (n = send_one(fd, k, true, tamper)) > 0)
				sent++, bytes += (unsigned long)n;
		}
		/* A short breath now and then: loopback drops nothing then. */
		if (i % pace_rounds == pace_rounds - 1)
			usleep(500);
	}
	if (stray)
		close(fd);
	printf("ok %s %u %lu\n", what, sent, bytes);
}

static void cmd_replay(const char *args)
{
	unsigned int n = 0;

	if (sscanf(args, "%u", &n) != 1 || n > HISTORY || n > g.hist_n) {
		printf("error replay: bad count\n");
		return;
	}
	for (unsigned int i = g.hist_n - n; i < g.hist_n; i++)
		send_gw(g.fd, g.hist[i % HISTORY], g.hist_len[i % HISTORY]);
	printf("ok replay %u\n", n);
}

static int open_socket(uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int big = 4 << 20, fd;

	sa.sin_addr = g.bind_addr;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	*port = ntohs(sa.sin_port);
	return fd;
}

static void cmd_rebind(void)
{
	uint16_t port;
	int fd = open_socket(&port);

	if (fd < 0) {
		printf("error rebind: %s\n", strerror(errno));
		return;
	}
	close(g.fd);
	g.fd = fd;
	printf("ok rebind %u\n", port);
}

static void cmd_pace(const char *args)
{
	char *end;
	unsigned long n = strtoul(args, &end, 10);

	if (end == args || *end || n < 1 || n > 1000000) {
		printf("error pace: want a number of rounds, 1 or more\n");
		return;
	}
	pace_rounds = (unsigned int)n;
	printf("ok pace %u\n", pace_rounds);
}

static void cmd_ipopts(const char *args)
{
	static const uint8_t nops[4] = { 1, 1, 1, 0 }; /* NOP NOP NOP EOL */
	bool on = !strcmp(args, "on");

	if ((!on && strcmp(args, "off")) ||
	    setsockopt(g.fd, IPPROTO_IP, IP_OPTIONS, on ? nops : NULL,
		       on ? sizeof(nops) : 0)) {
		printf("error ipopts: %s\n", on || !strcmp(args, "off") ?
						     strerror(errno) :
						     "on or off");
		return;
	}
	printf("ok ipopts %s\n", args);
}

static void cmd_recv(const char *args)
{
	unsigned int count = 0, good = 0, rtp = 0, rtcp = 0, failed = 0,
		     mismatch = 0;
	unsigned long bytes = 0;
	long timeout = 0, deadline;
	uint8_t buf[BUF_MAX];
	int n, r;

	if (!g.rx || sscanf(args, "%u %ld", &count, &timeout) != 2) {
		printf("error recv: no keys or bad arguments\n");
		return;
	}
	deadline = now_ms() + timeout;
	while (good < count || !count) {
		n = recv_gw(buf, sizeof(buf), deadline - now_ms());
		if (n <= 0)
			break;
		if (demux_classify(buf, (size_t)n) != DEMUX_DTLS)
			bytes += (unsigned long)n;
		switch (demux_classify(buf, (size_t)n)) {
		case DEMUX_DTLS: /* a retransmitted flight: answer it */
			dtls_conn_feed(g.conn, buf, (size_t)n, NULL);
			dtls_flush();
			break;
		case DEMUX_RTP:
			r = srtp_ref_unprotect_rtp(g.rx, buf, (size_t)n, NULL);
			if (r < 0)
				failed++;
			else if (!peer_check_rtp(buf, (size_t)r))
				mismatch++;
			else
				good++, rtp++;
			break;
		case DEMUX_RTCP:
			r = srtp_ref_unprotect_rtcp(g.rx, buf, (size_t)n, NULL);
			if (r < 0)
				failed++;
			else if (!peer_check_rtcp(buf, (size_t)r))
				mismatch++;
			else
				good++, rtcp++;
			break;
		default:
			break;
		}
	}
	printf("ok recv good=%u rtp=%u rtcp=%u unprotect_failed=%u mismatch=%u bytes=%lu\n",
	       good, rtp, rtcp, failed, mismatch, bytes);
}

static int setup(void)
{
	struct wrtc_err err = { "", 0 };
	uint16_t port;

	g.fd = open_socket(&port);
	if (g.fd < 0) {
		fprintf(stderr, "dtls_peer: socket: %s\n", strerror(errno));
		return -1;
	}
	if (dtls_cert_new(&g.cert, &err) || srtp_ref_init(&err)) {
		fprintf(stderr, "dtls_peer: %s\n", err.msg);
		return -1;
	}
	printf("ready %u %s %s\n", port,
	       dtls_cert_fingerprint_hash(g.cert),
	       dtls_cert_fingerprint_value(g.cert));
	return 0;
}

int main(int argc, char **argv)
{
	char line[1024], *args;
	uint16_t seq = 1000;

	setvbuf(stdout, NULL, _IOLBF, 0);
	g.ssrc_base = 0xA0000000u;
	g.bind_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--profiles")) {
			g.profiles = argv[i + 1];
		} else if (!strcmp(argv[i], "--ssrc")) {
			g.ssrc_base = (uint32_t)strtoul(argv[i + 1], NULL, 0);
		} else if (!strcmp(argv[i], "--seq")) {
			seq = (uint16_t)strtoul(argv[i + 1], NULL, 0);
		} else if (!strcmp(argv[i], "--bind")) {
			if (inet_pton(AF_INET, argv[i + 1], &g.bind_addr) != 1) {
				fprintf(stderr, "dtls_peer: --bind %s: not an IPv4 address\n",
					argv[i + 1]);
				return 2;
			}
		}
	}
	g.seq[0] = seq;
	g.seq[1] = (uint16_t)(seq == 1000 ? 5000 : seq + 100);
	if (setup())
		return 1;
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\r\n")] = '\0';
		args = line + strcspn(line, " ");
		if (*args)
			*args++ = '\0';
		if (!strcmp(line, "ice"))
			cmd_ice(args);
		else if (!strcmp(line, "dtls"))
			cmd_dtls(args);
		else if (!strcmp(line, "send") || !strcmp(line, "tamper") ||
			 !strcmp(line, "stray"))
			cmd_send(args, line);
		else if (!strcmp(line, "replay"))
			cmd_replay(args);
		else if (!strcmp(line, "recv"))
			cmd_recv(args);
		else if (!strcmp(line, "rebind"))
			cmd_rebind();
		else if (!strcmp(line, "ipopts"))
			cmd_ipopts(args);
		else if (!strcmp(line, "pace"))
			cmd_pace(args);
		else if (!strcmp(line, "counts"))
			printf("ok counts stun=%u dtls=%u\n", g.stun_sent,
			       g.dtls_sent);
		else if (!strcmp(line, "quit"))
			break;
		else
			printf("error unknown command '%s'\n", line);
	}
	srtp_ref_destroy(g.tx);
	srtp_ref_destroy(g.rx);
	dtls_conn_free(g.conn);
	dtls_cert_unref(g.cert);
	close(g.fd);
	return 0;
}
