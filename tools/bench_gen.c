// SPDX-License-Identifier: GPL-2.0
/*
 * bench_gen: the benchmark's traffic generator, the sending endpoint of
 * many calls (bench/README.md). One UDP socket, one leg per call; see
 * bench_legs.h for how legs get their keys and for the shared commands.
 *
 *   bench_gen [--addr IP] [--port N] [--profiles LIST]
 *
 * Prints "ready PORT HASH FINGERPRINT", then serves commands on stdin:
 *
 *   run RUN RATE COUNT SIZE [TAMPER]
 *       COUNT packets with SIZE-byte payloads, packet j to leg j % legs,
 *       at RATE packets/s (0: as fast as sendmmsg() takes them). Every
 *       packet is built and SRTP-protected before the first is sent, so
 *       what is measured is the relay, not this program's crypto; the
 *       schedule is then kept with clock_nanosleep() and sendmmsg()
 *       batches. Answers "ok run sent=N errors=E t0=NS secs=S
 *       late_max_us=L error=NAME": errors are datagrams sendmmsg()
 *       refused (NAME: the first one's errno, "none"); t0 is the run's start on CLOCK_REALTIME (the
 *       sink's receive timestamps are on that clock), secs the time from
 *       the first send to the last, late_max_us how far behind schedule
 *       the sender ever was. With TAMPER 1, one bit of every packet's
 *       authentication tag is flipped after protection: a relay that
 *       authenticates what it re-encrypts lets none of them through.
 *   quit
 *
 * SRTP here is wrtc's own transform (srtp_xform.h): fast to prepare, and
 * the sink checks its samples with libsrtp2, an implementation of its own.
 */
#include <sys/prctl.h>

#include "bench_legs.h"
#include "bench_pkt.h"
#include "srtp_xform.h"

#define BATCH 64
/* Room for a packet of @size payload bytes once protected, cache-aligned. */
#define SLOT(size) ((BENCH_HDR_LEN + (size) + 16 + 63) & ~(size_t)63)
#define PREPARED_MAX (4ull << 30) /* bytes of prepared packets per run */

struct gen_leg {
	struct srtp_xform *ctx;
	unsigned int key_gen;
	uint16_t seq;
};

static struct bench_peer bp;
static struct gen_leg *gl;

/* Outbound contexts for legs whose key is new; NULL or the failing reason. */
static const char *gen_contexts(void)
{
	static char why[200];
	struct wrtc_err err = { "", 0 };

	for (unsigned int i = 0; i < bp.nlegs; i++) {
		struct bench_leg *l = &bp.legs[i];

		if (l->state != BL_READY) {
			snprintf(why, sizeof(why), "leg %u has no key", i);
			return why;
		}
		if (gl[i].ctx && gl[i].key_gen == l->key_gen)
			continue;
		srtp_xform_destroy(gl[i].ctx);
		gl[i].ctx = NULL;
		if (srtp_xform_create(&gl[i].ctx, l->profile, &l->tx,
				      SRTP_XFORM_OUTBOUND, &err)) {
			snprintf(why, sizeof(why), "leg %u: %s", i, err.msg);
			return why;
		}
		gl[i].key_gen = l->key_gen;
	}
	return NULL;
}

/* Build and protect the whole run into @buf (COUNT slots). */
static int gen_prepare(uint8_t *buf, uint16_t *len, uint32_t run, uint64_t rate,
		       uint64_t count, size_t size, bool tamper)
{
	for (uint64_t j = 0; j < count; j++) {
		unsigned int i = (unsigned int)(j % bp.nlegs);
		struct bench_stamp s = {
			.offset_ns = rate ? j * 1000000000ull / rate : 0,
			.run = run,
			.k = (uint32_t)(j / bp.nlegs),
		};
		uint8_t *p = buf + j * SLOT(size);
		size_t n = bench_make_rtp(p, BENCH_SSRC_BASE + i, gl[i].seq++,
					  &s, size);
		int r = srtp_xform_protect_rtp(gl[i].ctx, p, n, SLOT(size),
					       NULL);

		if (r < 0)
			return r;
		if (tamper)
			p[r - 1] ^= 0x01;
		len[j] = (uint16_t)r;
	}
	return 0;
}

static void sleep_until(uint64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000u),
			       .tv_nsec = (long)(ns % 1000000000u) };

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

static void cmd_run(const char *args)
{
	unsigned long long rate, count, size;
	uint64_t t0, t0_real, last = 0, late_max = 0, sent = 0, errors = 0;
	int first_errno = 0;
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	const char *why;
	uint16_t *len;
	uint8_t *buf;
	unsigned int run, tamper = 0;

	if (sscanf(args, "%u %llu %llu %llu %u", &run, &rate, &count, &size,
		   &tamper) < 4 ||
	    !count || size < BENCH_PAYLOAD_MIN || size > BENCH_PAYLOAD_MAX ||
	    count > PREPARED_MAX / SLOT(size)) {
		printf("error run: bad arguments (at most %llu bytes of packets)\n",
		       PREPARED_MAX);
		return;
	}
	if ((why = gen_contexts())) {
		printf("error run: %s\n", why);
		return;
	}
	buf = malloc(count * SLOT(size));
	len = malloc(count * sizeof(*len));
	if (!buf || !len) {
		free(buf);
		free(len);
		printf("error run: out of memory for %llu packets\n", count);
		return;
	}
	if (gen_prepare(buf, len, run, rate, count, size, tamper)) {
		printf("error run: protect failed\n");
		goto out;
	}
	t0 = bench_now_ns(CLOCK_MONOTONIC);
	t0_real = bench_now_ns(CLOCK_REALTIME);
	for (uint64_t j = 0; j < count;) {
		uint64_t now = bench_now_ns(CLOCK_MONOTONIC), due = count;
		unsigned int m;
		int r;

		bench_consent(&bp, now / 1000);
		if (rate) {
			uint64_t sched = t0 + j * 1000000000ull / rate;

			if (now < sched) {
				sleep_until(sched);
				continue;
			}
			if (now - sched > late_max)
				late_max = now - sched;
			/* Packet j is due; so is every later one by now. */
			due = (now - t0) * rate / 1000000000ull + 1;
			if (due <= j)
				due = j + 1;
			if (due > count)
				due = count;
		}
		m = due - j < BATCH ? (unsigned int)(due - j) : BATCH;
		for (unsigned int b = 0; b < m; b++) {
			struct bench_leg *l = &bp.legs[(j + b) % bp.nlegs];

			iov[b].iov_base = buf + (j + b) * SLOT(size);
			iov[b].iov_len = len[j + b];
			msg[b].msg_hdr = (struct msghdr){
				.msg_name = &l->to,
				.msg_namelen = sizeof(l->to),
				.msg_iov = &iov[b],
				.msg_iovlen = 1,
			};
		}
		r = sendmmsg(bp.fd, msg, m, 0);
		if (r > 0) {
			j += (unsigned int)r;
			sent += (unsigned int)r;
		} else if (errno != EINTR) {
			/* That one datagram failed (e.g. ENOBUFS): skip it. */
			if (!errors++)
				first_errno = r < 0 ? errno : 0;
			j++;
		}
		last = bench_now_ns(CLOCK_MONOTONIC);
	}
	printf("ok run sent=%llu errors=%llu t0=%llu secs=%.6f late_max_us=%llu error=%s\n",
	       (unsigned long long)sent, (unsigned long long)errors,
	       (unsigned long long)t0_real, (double)(last - t0) / 1e9,
	       (unsigned long long)(late_max / 1000),
	       errors ? strerrorname_np(first_errno) : "none");
out:
	free(buf);
	free(len);
}

/* Between runs: answers to consent checks and stray DTLS, then nothing. */
static void drain(void)
{
	uint8_t buf[BENCH_DGRAM_MAX];

	while (recv(bp.fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

int main(int argc, char **argv)
{
	const char *addr = "0.0.0.0";
	unsigned int port = 0;
	char line[1024];

	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Sleep to the microsecond, not to the default 50 us slack. */
	prctl(PR_SET_TIMERSLACK, 1UL);
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--addr"))
			addr = argv[i + 1];
		else if (!strcmp(argv[i], "--port"))
			port = (unsigned int)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--profiles"))
			bp.profiles = argv[i + 1];
	}
	{
		const char *profiles = bp.profiles;

		if (bench_peer_init(&bp, "bench_gen", addr, port, 8 << 20))
			return 1;
		bp.profiles = profiles;
	}
	for (;;) {
		struct pollfd pfd[2] = { { .fd = 0, .events = POLLIN },
					 { .fd = bp.fd, .events = POLLIN } };
		char *args;

		if (!bench_line(line, sizeof(line))) {
			bench_consent(&bp,
				      bench_now_ns(CLOCK_MONOTONIC) / 1000);
			if (poll(pfd, 2, 20) <= 0)
				continue;
			if (pfd[1].revents)
				drain();
			if (pfd[0].revents && !bench_fill())
				break;
			continue;
		}
		args = bench_split(line);
		if (!strcmp(line, "quit"))
			break;
		if (bench_peer_command(&bp, line, args, true)) {
			if (bp.nlegs && !gl)
				gl = calloc(bp.nlegs, sizeof(*gl));
			continue;
		}
		if (!strcmp(line, "run") && gl)
			cmd_run(args);
		else
			printf("error unknown command '%s'\n", line);
	}
	for (unsigned int i = 0; gl && i < bp.nlegs; i++)
		srtp_xform_destroy(gl[i].ctx);
	free(gl);
	bench_peer_fini(&bp);
	return 0;
}
