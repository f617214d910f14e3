// SPDX-License-Identifier: GPL-2.0
/*
 * bench_sink: the benchmark's receiving endpoint of many calls
 * (bench/README.md). One UDP socket, one leg per call; see bench_legs.h
 * for how legs get their keys and for the shared commands.
 *
 *   bench_sink [--addr IP] [--port N] [--profiles LIST] [--sample N]
 *
 * Prints "ready PORT HASH FINGERPRINT", then serves commands on stdin
 * while it drains its socket with recvmmsg() every millisecond:
 *
 *   start RUN MAXK   count run RUN from now on; a stream sends at most
 *                    MAXK packets in it
 *   stop COUNT T0 [QUIET_MS]
 *                    wait until nothing came for QUIET_MS (default 300),
 *                    then report the run that sent COUNT packets and
 *                    started at T0 (ns, CLOCK_REALTIME, from bench_gen):
 *     "ok stop received= lost= dup= reordered= stale= foreign=
 *      sample_ok= sample_bad= lossy_streams= max_stream_loss=
 *      p50_us= p90_us= p99_us= p999_us= max_us= first_to_last_s="
 *   quit
 *
 * Counting uses only what SRTP leaves in the clear (bench_pkt.h): the
 * SSRC names the stream, the stamp's k its place in the run. lost is what
 * each stream should have got (packet j of COUNT went to stream j %
 * streams) minus the distinct packets it got; dup counts a k seen twice;
 * reordered a k lower than one seen before in the stream; stale packets
 * belong to another run; foreign ones are not ours at all. Latency is the
 * kernel's receive timestamp (SO_TIMESTAMPNS) minus the scheduled send
 * time T0 + offset; runs at maximum rate have no schedule and report none.
 *
 * Every --sample'th packet of each stream (default 32; k = 0 always) is
 * decrypted with libsrtp2 and checked (bench_check_rtp()): sample_bad
 * counts authentication failures and wrong contents.
 */
#include "bench_legs.h"
#include "bench_pkt.h"
#include "srtp_ref.h"

#define BATCH 64

struct sink_leg {
	struct srtp_ref *ctx;
	unsigned int key_gen;
	uint32_t got; /* distinct packets this run */
	uint32_t top; /* highest k + 1 */
	uint32_t reordered;
};

static struct bench_peer bp;
static struct sink_leg *sl;

static struct {
	bool on;
	uint32_t run, maxk, sample;
	uint8_t *seen; /* nlegs * maxk bits */
	uint64_t *lat; /* receive time - offset, per packet */
	uint64_t nlat, cap;
	uint64_t received, dup, reordered, stale, foreign;
	uint64_t sample_ok, sample_bad;
	uint64_t first_ns, last_ns;
	uint64_t count; /* of the last run stopped */
	char bad_why[160];
} st = { .sample = 32 };

static void sample(unsigned int i, const uint8_t *pkt, size_t len)
{
	struct bench_leg *l = &bp.legs[i];
	struct wrtc_err err = { "", 0 };
	uint8_t buf[BENCH_PKT_MAX];
	int r;

	if (len > sizeof(buf))
		goto bad;
	if (!sl[i].ctx || sl[i].key_gen != l->key_gen) {
		srtp_ref_destroy(sl[i].ctx);
		sl[i].ctx = NULL;
		if (l->state != BL_READY ||
		    srtp_ref_create(&sl[i].ctx, l->profile, &l->rx,
				    SRTP_REF_INBOUND, &err))
			goto bad;
		sl[i].key_gen = l->key_gen;
	}
	memcpy(buf, pkt, len);
	r = srtp_ref_unprotect_rtp(sl[i].ctx, buf, len, &err);
	if (r > 0 && bench_check_rtp(buf, (size_t)r)) {
		st.sample_ok++;
		return;
	}
	if (r == -EALREADY) /* reordered past libsrtp2's window: no verdict */
		return;
	if (r > 0)
		snprintf(err.msg, sizeof(err.msg), "content differs");
bad:
	if (!st.sample_bad++)
		snprintf(st.bad_why, sizeof(st.bad_why), "stream %u: %.140s", i,
			 err.msg[0] ? err.msg : "no key");
}

static void on_packet(const uint8_t *p, size_t len, uint64_t rx_ns)
{
	struct bench_stamp s;
	uint32_t ssrc, i;
	uint16_t seq;
	uint64_t bit;

	if (!bench_read_header(p, len, &ssrc, &seq, &s)) {
		/* Answers to our consent checks are expected. */
		st.foreign += demux_classify(p, len) != DEMUX_STUN;
		return;
	}
	i = ssrc - BENCH_SSRC_BASE;
	if (i >= bp.nlegs) {
		st.foreign++;
		return;
	}
	if (!st.on || s.run != st.run || s.k >= st.maxk) {
		st.stale++;
		return;
	}
	bit = (uint64_t)i * st.maxk + s.k;
	if (st.seen[bit / 8] & (1u << (bit % 8))) {
		st.dup++;
		return;
	}
	st.seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
	st.received++;
	sl[i].got++;
	if (s.k + 1 < sl[i].top) {
		st.reordered++;
		sl[i].reordered++;
	} else
		sl[i].top = s.k + 1;
	if (!st.first_ns)
		st.first_ns = rx_ns;
	st.last_ns = rx_ns;
	if (s.offset_ns && st.nlat < st.cap)
		st.lat[st.nlat++] = rx_ns - s.offset_ns;
	if (s.k % st.sample == 0)
		sample(i, p, len);
}

/* Drain the socket; returns the number of datagrams read. */
static int receive(void)
{
	static uint8_t buf[BATCH][BENCH_DGRAM_MAX];
	static char ctl[BATCH][CMSG_SPACE(sizeof(struct timespec))];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	int total = 0, n;

	do {
		for (int k = 0; k < BATCH; k++) {
			iov[k] = (struct iovec){ buf[k], BENCH_DGRAM_MAX };
			msg[k].msg_hdr = (struct msghdr){
				.msg_iov = &iov[k],
				.msg_iovlen = 1,
				.msg_control = ctl[k],
				.msg_controllen = sizeof(ctl[k]),
			};
		}
		n = recvmmsg(bp.fd, msg, BATCH, MSG_DONTWAIT, NULL);
		for (int k = 0; k < n; k++) {
			struct cmsghdr *c = CMSG_FIRSTHDR(&msg[k].msg_hdr);
			uint64_t rx = 0;

			if (c && c->cmsg_level == SOL_SOCKET &&
			    c->cmsg_type == SCM_TIMESTAMPNS) {
				struct timespec ts;

				memcpy(&ts, CMSG_DATA(c), sizeof(ts));
				rx = (uint64_t)ts.tv_sec * 1000000000u +
				     (uint64_t)ts.tv_nsec;
			}
			if (!rx)
				rx = bench_now_ns(CLOCK_REALTIME);
			on_packet(buf[k], msg[k].msg_len, rx);
		}
		total += n > 0 ? n : 0;
	} while (n == BATCH);
	return total;
}

static void cmd_start(const char *args)
{
	unsigned int run, maxk;
	size_t bytes;

	if (!sl || sscanf(args, "%u %u", &run, &maxk) != 2 || !maxk) {
		printf("error start: no legs or bad arguments\n");
		return;
	}
	receive(); /* what came before belongs to no run */
	free(st.seen);
	free(st.lat);
	bytes = ((size_t)bp.nlegs * maxk + 7) / 8;
	st.cap = (uint64_t)bp.nlegs * maxk;
	st.seen = calloc(1, bytes);
	st.lat = malloc(st.cap * sizeof(*st.lat));
	if (!st.seen || !st.lat) {
		printf("error start: out of memory\n");
		st.on = false;
		return;
	}
	st.run = run;
	st.maxk = maxk;
	st.nlat = st.received = st.dup = st.reordered = st.stale = 0;
	st.foreign = st.sample_ok = st.sample_bad = 0;
	st.first_ns = st.last_ns = 0;
	st.bad_why[0] = '\0';
	for (unsigned int i = 0; i < bp.nlegs; i++)
		sl[i].got = sl[i].top = sl[i].reordered = 0;
	st.on = true;
	printf("ok start\n");
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double pct_us(double q)
{
	uint64_t i;

	if (!st.nlat)
		return -1;
	i = (uint64_t)(q * (double)(st.nlat - 1) + 0.5);
	return (double)st.lat[i] / 1000.0;
}

static void cmd_stop(const char *args)
{
	unsigned long long count, t0;
	unsigned long quiet = 300;
	uint64_t lost = 0, lossy = 0, worst = 0, idle_since;

	if (!st.on || sscanf(args, "%llu %llu %lu", &count, &t0, &quiet) < 2) {
		printf("error stop: not started or bad arguments\n");
		return;
	}
	/* Late packets still in queues count: wait for a quiet spell. */
	idle_since = bench_now_ms();
	while (bench_now_ms() - idle_since < quiet) {
		if (receive() > 0)
			idle_since = bench_now_ms();
		else
			usleep(1000);
	}
	st.on = false;
	st.count = count;
	for (unsigned int i = 0; i < bp.nlegs; i++) {
		uint64_t want = count / bp.nlegs + (i < count % bp.nlegs);
		uint64_t miss = want > sl[i].got ? want - sl[i].got : 0;

		lost += miss;
		lossy += miss > 0;
		if (miss > worst)
			worst = miss;
	}
	/* Latency against the schedule: T0 + offset. */
	for (uint64_t i = 0; i < st.nlat; i++)
		st.lat[i] = st.lat[i] > t0 ? st.lat[i] - t0 : 0;
	qsort(st.lat, st.nlat, sizeof(*st.lat), cmp_u64);
	printf("ok stop received=%llu lost=%llu dup=%llu reordered=%llu "
	       "stale=%llu foreign=%llu sample_ok=%llu sample_bad=%llu "
	       "lossy_streams=%llu max_stream_loss=%llu p50_us=%.1f "
	       "p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f "
	       "first_to_last_s=%.6f%s%s\n",
	       (unsigned long long)st.received, (unsigned long long)lost,
	       (unsigned long long)st.dup, (unsigned long long)st.reordered,
	       (unsigned long long)st.stale, (unsigned long long)st.foreign,
	       (unsigned long long)st.sample_ok,
	       (unsigned long long)st.sample_bad, (unsigned long long)lossy,
	       (unsigned long long)worst, pct_us(0.5), pct_us(0.9),
	       pct_us(0.99), pct_us(0.999), pct_us(1.0),
	       (double)(st.last_ns - st.first_ns) / 1e9,
	       st.sample_bad ? " why=" : "", st.bad_why);
}

/* Per stream, for the last run stopped: "GOT/WANT/REORDERED ...". */
static void cmd_streams(void)
{
	printf("ok streams");
	for (unsigned int i = 0; sl && i < bp.nlegs; i++)
		printf(" %u/%llu/%u", sl[i].got,
		       (unsigned long long)(st.count / bp.nlegs +
					    (i < st.count % bp.nlegs)),
		       sl[i].reordered);
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *addr = "0.0.0.0", *profiles = NULL;
	unsigned int port = 0;
	char line[1024];
	int one = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--addr"))
			addr = argv[i + 1];
		else if (!strcmp(argv[i], "--port"))
			port = (unsigned int)atoi(argv[i + 1]);
		else if (!strcmp(argv[i], "--profiles"))
			profiles = argv[i + 1];
		else if (!strcmp(argv[i], "--sample") && atoi(argv[i + 1]) > 0)
			st.sample = (uint32_t)atoi(argv[i + 1]);
	}
	if (srtp_ref_init(NULL) ||
	    bench_peer_init(&bp, "bench_sink", addr, port, 64 << 20))
		return 1;
	bp.profiles = profiles;
	setsockopt(bp.fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	for (;;) {
		struct pollfd in = { .fd = 0, .events = POLLIN };
		char *args;

		if (!bench_line(line, sizeof(line))) {
			bench_consent(&bp,
				      bench_now_ns(CLOCK_MONOTONIC) / 1000);
			/*
			 * Drain, then sleep a millisecond rather than wait on
			 * the socket: the relay's packets then never have to
			 * wake us (in a VM a wakeup across CPUs costs an
			 * inter-processor interrupt), and this core is the
			 * generator's too. The socket holds far more than a
			 * millisecond; the kernel's receive timestamps keep
			 * the latency figures exact.
			 */
			if (receive())
				continue;
			if (poll(&in, 1, 1) > 0 && !bench_fill())
				break;
			continue;
		}
		args = bench_split(line);
		if (!strcmp(line, "quit"))
			break;
		if (bench_peer_command(&bp, line, args, false)) {
			if (bp.nlegs && !sl)
				sl = calloc(bp.nlegs, sizeof(*sl));
		} else if (!strcmp(line, "start")) {
			cmd_start(args);
		} else if (!strcmp(line, "stop")) {
			cmd_stop(args);
		} else if (!strcmp(line, "streams")) {
			cmd_streams();
		} else {
			printf("error unknown command '%s'\n", line);
		}
	}
	for (unsigned int i = 0; sl && i < bp.nlegs; i++)
		srtp_ref_destroy(sl[i].ctx);
	free(sl);
	free(st.seen);
	free(st.lat);
	bench_peer_fini(&bp);
	return 0;
}
