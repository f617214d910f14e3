/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bench_gen and bench_sink share, part 2: how each leg gets its SRTP
 * key, set up the way a browser sets up its leg, and the commands for it.
 *
 * The key comes either from a DTLS-SRTP handshake (wrtcd: "ice" and then
 * "connect") or from SDES (rtpengine, and the kernel-forwarding reference:
 * "sdes").
 *
 * "connect" runs ICE and DTLS for every leg given with "ice", a window of
 * them at a time: Binding requests with USE-CANDIDATE (we are the
 * controlling full agent, the gateway is ICE-lite) until an authenticated
 * success, then a DTLS client handshake (lib/dtls.h) that checks the
 * gateway's a=fingerprint, then the keys from the exporter (RFC 5764).
 * After that, consent (RFC 7675): one Binding request per leg every
 * BENCH_CONSENT_MS, spread evenly over the legs, as a browser keeps
 * sending them; the gateway drops a leg without them.
 *
 * Commands (one per line on stdin, answered with one line "ok ..." or
 * "error ..."), besides each program's own:
 *
 *   legs N                        N legs, all unconfigured
 *   ice I HOST PORT UFRAG PWD MY_UFRAG HASH FINGERPRINT
 *                                 leg I: the gateway's ICE credentials and
 *                                 certificate, from the SDP it sent us
 *   sdes I HOST PORT SUITE HEXKEY leg I: an SDES key (key || salt, hex)
 *   connect TIMEOUT_MS            ICE + DTLS for the "ice" legs
 */
#ifndef WRTC_BENCH_LEGS_H
#define WRTC_BENCH_LEGS_H

#include "bench_peer.h"
#include "demux.h"

/* A Binding request: with USE-CANDIDATE to nominate, without for consent. */
static void bench_binding(struct bench_peer *bp, struct bench_leg *l,
			  bool nominate)
{
	uint8_t req[512];
	struct stun_builder b;
	int len;

	stun_txid_random(l->txid);
	stun_build_init(&b, req, sizeof(req), STUN_BINDING_REQUEST, l->txid,
			NULL);
	stun_build_str(&b, STUN_ATTR_USERNAME, l->user);
	stun_build_u32(&b, STUN_ATTR_PRIORITY, 0x6e7f1effu);
	stun_build_u64(&b, STUN_ATTR_ICE_CONTROLLING, 0x0123456789abcdefull);
	if (nominate)
		stun_build_flag(&b, STUN_ATTR_USE_CANDIDATE);
	stun_build_integrity(&b, l->pwd, strlen(l->pwd));
	len = stun_build_fingerprint(&b);
	if (len > 0)
		bench_send(bp, l, req, (size_t)len);
}

/* Keys of a finished handshake. */
static void bench_leg_keys(struct bench_leg *l)
{
	struct wrtc_err err = { "", 0 };

	if (dtls_conn_srtp_keys(l->dtls, &l->profile, &l->tx, &l->rx, &err)) {
		l->state = BL_FAILED;
		snprintf(l->why, sizeof(l->why), "keys: %.150s", err.msg);
		return;
	}
	l->state = BL_READY;
	l->key_gen++;
}

static void bench_dtls_flush(struct bench_peer *bp, struct bench_leg *l)
{
	uint8_t buf[BENCH_DGRAM_MAX];
	int n;

	while ((n = dtls_conn_pull(l->dtls, buf, sizeof(buf))) > 0)
		bench_send(bp, l, buf, (size_t)n);
	switch (dtls_conn_state(l->dtls)) {
	case DTLS_STATE_CONNECTED:
		if (l->state == BL_DTLS)
			bench_leg_keys(l);
		break;
	case DTLS_STATE_FAILED:
	case DTLS_STATE_CLOSED:
		l->state = BL_FAILED;
		snprintf(l->why, sizeof(l->why), "dtls: %s",
			 dtls_conn_reason(l->dtls));
		break;
	default:
		break;
	}
}

static void bench_dtls_start(struct bench_peer *bp, struct bench_leg *l)
{
	struct dtls_config cfg = {
		.role = DTLS_ROLE_CLIENT,
		.srtp_profiles = bp->profiles,
		.remote_fingerprint = &l->gw_fp,
		/* Many handshakes at once keep the gateway busy a while. */
		.initial_timeout_ms = 500,
	};
	struct wrtc_err err = { "", 0 };

	l->state = BL_DTLS;
	if (dtls_conn_new(&l->dtls, bp->cert, &cfg, &err) ||
	    dtls_conn_start(l->dtls, &err)) {
		l->state = BL_FAILED;
		snprintf(l->why, sizeof(l->why), "dtls: %.150s", err.msg);
		return;
	}
	bench_dtls_flush(bp, l);
}

/* A datagram that arrived while connecting. */
static void bench_on_setup_dgram(struct bench_peer *bp, uint8_t *buf,
				 size_t len, const struct sockaddr_in *from)
{
	int32_t i = bp->by_port[ntohs(from->sin_port)] - 1;
	struct bench_leg *l = i >= 0 ? &bp->legs[i] : NULL;
	struct stun_msg m;

	if (!l || from->sin_addr.s_addr != l->to.sin_addr.s_addr)
		return;
	switch (demux_classify(buf, len)) {
	case DEMUX_STUN:
		if (l->state != BL_ICE || stun_parse(&m, buf, len, NULL) ||
		    m.type != STUN_BINDING_SUCCESS ||
		    memcmp(m.txid, l->txid, STUN_TXID_LEN) ||
		    stun_check_integrity(&m, l->pwd, strlen(l->pwd), NULL))
			return;
		bench_dtls_start(bp, l);
		break;
	case DEMUX_DTLS:
		if (l->state != BL_DTLS && l->state != BL_READY)
			return;
		dtls_conn_feed(l->dtls, buf, len, NULL);
		bench_dtls_flush(bp, l);
		break;
	default:
		break;
	}
}

/* Retransmissions, timeouts and new starts; returns legs in flight. */
static unsigned int bench_setup_timers(struct bench_peer *bp, uint64_t now)
{
	unsigned int busy = 0;

	for (unsigned int i = 0; i < bp->nlegs; i++) {
		struct bench_leg *l = &bp->legs[i];

		if (l->state == BL_ICE && now >= l->due_ms) {
			if (++l->tries > BENCH_ICE_TRIES) {
				l->state = BL_FAILED;
				snprintf(
					l->why, sizeof(l->why),
					"ice: no authenticated Binding success");
				continue;
			}
			bench_binding(bp, l, true);
			l->due_ms = now + BENCH_ICE_RTO_MS;
		} else if (l->state == BL_DTLS &&
			   dtls_conn_timeout_ms(l->dtls) == 0) {
			dtls_conn_handle_timeout(l->dtls, NULL);
			bench_dtls_flush(bp, l);
		}
		if (l->state == BL_WAIT && busy < BENCH_WINDOW) {
			l->state = BL_ICE;
			l->tries = 0;
			l->due_ms = now;
		}
		busy += l->state == BL_ICE || l->state == BL_DTLS;
	}
	return busy;
}

static void bench_connect(struct bench_peer *bp, long timeout_ms)
{
	struct mmsghdr msg[64];
	struct iovec iov[64];
	struct sockaddr_in from[64];
	static uint8_t buf[64][BENCH_DGRAM_MAX];
	uint64_t deadline = bench_now_ms() + (uint64_t)timeout_ms;
	unsigned int ready = 0, failed = 0, total = 0;
	const char *why = "";

	while (bench_now_ms() < deadline) {
		struct pollfd pfd = { .fd = bp->fd, .events = POLLIN };
		int n;

		if (!bench_setup_timers(bp, bench_now_ms()))
			break;
		if (poll(&pfd, 1, 10) <= 0)
			continue;
		for (int k = 0; k < 64; k++) {
			iov[k] = (struct iovec){ buf[k], BENCH_DGRAM_MAX };
			msg[k].msg_hdr = (struct msghdr){
				.msg_name = &from[k],
				.msg_namelen = sizeof(from[k]),
				.msg_iov = &iov[k],
				.msg_iovlen = 1,
			};
		}
		n = recvmmsg(bp->fd, msg, 64, MSG_DONTWAIT, NULL);
		for (int k = 0; k < n; k++)
			bench_on_setup_dgram(bp, buf[k], msg[k].msg_len,
					     &from[k]);
	}
	for (unsigned int i = 0; i < bp->nlegs; i++) {
		struct bench_leg *l = &bp->legs[i];

		if (!l->ice)
			continue;
		total++;
		if (l->state == BL_READY) {
			ready++;
			continue;
		}
		if (l->state != BL_FAILED)
			snprintf(l->why, sizeof(l->why), "timed out (%s)",
				 l->state == BL_DTLS ? "dtls" : "ice");
		l->state = BL_FAILED;
		if (!failed++)
			why = l->why;
	}
	/* Consent from now on, spread over one period. */
	bp->consent_next = 0;
	bp->consent_due_us = bench_now_ns(CLOCK_MONOTONIC) / 1000;
	if (failed)
		printf("error connect: %u of %u legs failed, first: %s\n",
		       failed, total, why);
	else
		printf("ok connect %u\n", ready);
}

/* Send the consent checks that are due (call often; cheap when none). */
static void bench_consent(struct bench_peer *bp, uint64_t now_us)
{
	uint64_t step =
		BENCH_CONSENT_MS * 1000ull / (bp->nlegs ? bp->nlegs : 1);

	if (!bp->nlegs || now_us < bp->consent_due_us)
		return;
	for (unsigned int n = 0; n < bp->nlegs && now_us >= bp->consent_due_us;
	     n++) {
		struct bench_leg *l = &bp->legs[bp->consent_next];

		if (l->ice && l->state == BL_READY) {
			bench_binding(bp, l, false);
			bp->consent_sent++;
		}
		bp->consent_next = (bp->consent_next + 1) % bp->nlegs;
		bp->consent_due_us += step;
	}
	if (now_us > bp->consent_due_us + BENCH_CONSENT_MS * 1000ull)
		bp->consent_due_us = now_us; /* we were away: do not burst */
}

static void bench_cmd_legs(struct bench_peer *bp, const char *args)
{
	unsigned int n;

	if (sscanf(args, "%u", &n) != 1 || !n || n > 100000 || bp->legs) {
		printf("error legs: bad count or already set\n");
		return;
	}
	bp->legs = calloc(n, sizeof(*bp->legs));
	if (!bp->legs) {
		printf("error legs: out of memory\n");
		return;
	}
	bp->nlegs = n;
	printf("ok legs %u\n", n);
}

static struct bench_leg *bench_leg_arg(struct bench_peer *bp, const char **args)
{
	unsigned int i;
	int used;

	if (sscanf(*args, "%u%n", &i, &used) != 1 || i >= bp->nlegs)
		return NULL;
	*args += used;
	return &bp->legs[i];
}

static void bench_cmd_ice(struct bench_peer *bp, const char *args)
{
	char host[64], ufrag[64], pwd[160], mine[64], hash[16],
		fp[DTLS_FINGERPRINT_STR_MAX];
	struct bench_leg *l = bench_leg_arg(bp, &args);
	unsigned int port;

	if (!l ||
	    sscanf(args, "%63s %u %63s %159s %63s %15s %199s", host, &port,
		   ufrag, pwd, mine, hash, fp) != 7 ||
	    bench_parse_to(l, host, port) ||
	    dtls_fingerprint_parse(&l->gw_fp, hash, fp, NULL)) {
		printf("error ice: bad arguments\n");
		return;
	}
	snprintf(l->user, sizeof(l->user), "%s:%s", ufrag, mine);
	snprintf(l->pwd, sizeof(l->pwd), "%s", pwd);
	dtls_conn_free(l->dtls);
	l->dtls = NULL;
	l->ice = true;
	l->state = BL_WAIT;
	bp->by_port[port] = (int32_t)(l - bp->legs) + 1;
	printf("ok ice\n");
}

static void bench_cmd_sdes(struct bench_peer *bp, const char *args, bool sender)
{
	char host[64], suite[64], hex[128];
	struct bench_leg *l = bench_leg_arg(bp, &args);
	struct srtp_master_key *k;
	unsigned int port;

	if (!l ||
	    sscanf(args, "%63s %u %63s %127s", host, &port, suite, hex) != 4 ||
	    bench_parse_to(l, host, port) ||
	    !(l->profile = srtp_profile_by_name(suite))) {
		printf("error sdes: bad arguments\n");
		return;
	}
	k = sender ? &l->tx : &l->rx;
	k->key_len = l->profile->key_len;
	k->salt_len = l->profile->salt_len;
	if (strlen(hex) != 2u * (k->key_len + k->salt_len) ||
	    bench_hex(k->key, k->key_len, hex) ||
	    bench_hex(k->salt, k->salt_len, hex + 2 * k->key_len)) {
		printf("error sdes: key is not %u hex bytes\n",
		       k->key_len + k->salt_len);
		return;
	}
	l->ice = false;
	l->state = BL_READY;
	l->key_gen++;
	printf("ok sdes\n");
}

/*
 * The shared commands; @sender: the SDES key is ours to protect with.
 * Returns true when @cmd was one of them.
 */
static bool bench_peer_command(struct bench_peer *bp, const char *cmd,
			       const char *args, bool sender)
{
	if (!strcmp(cmd, "legs"))
		bench_cmd_legs(bp, args);
	else if (!bp->legs && (!strcmp(cmd, "ice") || !strcmp(cmd, "sdes") ||
			       !strcmp(cmd, "connect")))
		printf("error %s: no legs yet\n", cmd);
	else if (!strcmp(cmd, "ice"))
		bench_cmd_ice(bp, args);
	else if (!strcmp(cmd, "sdes"))
		bench_cmd_sdes(bp, args, sender);
	else if (!strcmp(cmd, "connect"))
		bench_connect(bp, atol(args) > 0 ? atol(args) : 30000);
	else
		return false;
	return true;
}
#endif /* WRTC_BENCH_LEGS_H */
