/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What bench_gen and bench_sink share, part 1: the endpoint side of many
 * call legs over one UDP socket (struct bench_peer), and the command lines
 * they read on stdin. How the legs get their keys, and the commands every
 * such endpoint serves, are in bench_legs.h.
 *
 * Each leg is one call's endpoint: the address it sends to (the relay's
 * port for that leg, or the sink itself when the kernel forwards) and one
 * SRTP master key (the generator's protects, the sink's unprotects).
 */
#ifndef WRTC_BENCH_PEER_H
#define WRTC_BENCH_PEER_H

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

#include "dtls.h"
#include "srtp_profile.h"
#include "stun.h"

#define BENCH_CONSENT_MS 5000
#define BENCH_WINDOW 64 /* handshakes in flight */
#define BENCH_ICE_RTO_MS 200
#define BENCH_ICE_TRIES 25
#define BENCH_DGRAM_MAX 2048

enum bench_leg_state {
	BL_NONE = 0, /* not configured */
	BL_WAIT, /* "ice" given, not started */
	BL_ICE,
	BL_DTLS,
	BL_READY, /* keys in place */
	BL_FAILED,
};

struct bench_leg {
	enum bench_leg_state state;
	struct sockaddr_in to;
	bool ice; /* keys from ICE + DTLS, consent to keep */
	char user[200]; /* "GW_UFRAG:MY_UFRAG" */
	char pwd[160];
	struct dtls_fingerprint gw_fp;
	struct dtls_conn *dtls;
	uint8_t txid[STUN_TXID_LEN];
	unsigned int tries;
	uint64_t due_ms;
	const struct srtp_profile *profile;
	struct srtp_master_key tx, rx; /* what we protect / unprotect with */
	unsigned int key_gen; /* bumped on each new key */
	char why[160];
};

struct bench_peer {
	int fd;
	struct dtls_cert *cert;
	const char *profiles; /* DTLS-SRTP profiles we offer */
	unsigned int nlegs;
	struct bench_leg *legs;
	int32_t by_port[65536]; /* leg index + 1 by the gateway's port */
	unsigned int consent_next; /* next leg to send consent for */
	uint64_t consent_due_us;
	unsigned long consent_sent;
};

static inline uint64_t bench_now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline uint64_t bench_now_ms(void)
{
	return bench_now_ns(CLOCK_MONOTONIC) / 1000000u;
}

static void bench_send(struct bench_peer *bp, struct bench_leg *l,
		       const void *buf, size_t len)
{
	/* Datagrams of the handshake: a full buffer is a lost packet. */
	sendto(bp->fd, buf, len, MSG_DONTWAIT, (struct sockaddr *)&l->to,
	       sizeof(l->to));
}

static int bench_peer_init(struct bench_peer *bp, const char *prog,
			   const char *addr, unsigned int port, int bufsize)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	struct wrtc_err err = { "", 0 };

	memset(bp, 0, sizeof(*bp));
	sa.sin_port = htons((uint16_t)port);
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "%s: bad address %s\n", prog, addr);
		return -1;
	}
	bp->fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (bp->fd < 0 || bind(bp->fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(bp->fd, (struct sockaddr *)&sa, &len)) {
		fprintf(stderr, "%s: socket: %s\n", prog, strerror(errno));
		return -1;
	}
	/* Root may pass net.core.rmem_max: a step's burst must not drop here. */
	if (setsockopt(bp->fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufsize,
		       sizeof(bufsize)))
		setsockopt(bp->fd, SOL_SOCKET, SO_RCVBUF, &bufsize,
			   sizeof(bufsize));
	if (setsockopt(bp->fd, SOL_SOCKET, SO_SNDBUFFORCE, &bufsize,
		       sizeof(bufsize)))
		setsockopt(bp->fd, SOL_SOCKET, SO_SNDBUF, &bufsize,
			   sizeof(bufsize));
	if (dtls_cert_new(&bp->cert, &err)) {
		fprintf(stderr, "%s: certificate: %s\n", prog, err.msg);
		return -1;
	}
	printf("ready %u %s %s\n", ntohs(sa.sin_port),
	       dtls_cert_fingerprint_hash(bp->cert),
	       dtls_cert_fingerprint_value(bp->cert));
	return 0;
}

static void bench_peer_fini(struct bench_peer *bp)
{
	for (unsigned int i = 0; i < bp->nlegs; i++) {
		dtls_conn_free(bp->legs[i].dtls);
		srtp_master_key_wipe(&bp->legs[i].tx);
		srtp_master_key_wipe(&bp->legs[i].rx);
	}
	free(bp->legs);
	dtls_cert_unref(bp->cert);
	close(bp->fd);
}

static int bench_parse_to(struct bench_leg *l, const char *host,
			  unsigned int port)
{
	memset(&l->to, 0, sizeof(l->to));
	l->to.sin_family = AF_INET;
	l->to.sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &l->to.sin_addr) == 1 && port &&
			       port < 65536 ?
		       0 :
		       -1;
}

/* The first @n bytes of the hex string @hex. */
static int bench_hex(uint8_t *out, size_t n, const char *hex)
{
	if (strlen(hex) < 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (sscanf(hex + 2 * i, "%2hhx", &out[i]) != 1)
			return -1;
	return 0;
}

/*
 * Commands come in lines on stdin, read with read() rather than stdio: a
 * line stdio has buffered would not wake poll(). bench_line() takes the
 * next whole line out of the buffer (false when none is complete);
 * bench_fill() reads what stdin has (false at its end).
 */
static struct {
	char buf[1 << 16];
	size_t len;
} bench_in;

static bool bench_line(char *line, size_t cap)
{
	char *nl = memchr(bench_in.buf, '\n', bench_in.len);
	size_t n;

	if (!nl)
		return false;
	n = (size_t)(nl - bench_in.buf) + 1;
	snprintf(line, cap, "%.*s", (int)(n - 1), bench_in.buf);
	memmove(bench_in.buf, bench_in.buf + n, bench_in.len - n);
	bench_in.len -= n;
	return true;
}

static bool bench_fill(void)
{
	ssize_t n;

	if (bench_in.len == sizeof(bench_in.buf))
		bench_in.len = 0; /* a line this long is no command */
	n = read(0, bench_in.buf + bench_in.len,
		 sizeof(bench_in.buf) - bench_in.len);
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	bench_in.len += (size_t)n;
	return true;
}

/* Split "cmd args" in place. */
static char *bench_split(char *line)
{
	char *args;

	line[strcspn(line, "\r\n")] = '\0';
	args = line + strcspn(line, " ");
	if (*args)
		*args++ = '\0';
	return args;
}

#endif /* WRTC_BENCH_PEER_H */
