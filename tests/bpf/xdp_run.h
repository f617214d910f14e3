/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the XDP program on one frame with BPF_PROG_TEST_RUN, and
 * checking what its counters say about that run. For tests/bpf/test_*.c
 * (after kselftest_harness.h).
 */
#ifndef WRTC_TESTS_XDP_RUN_H
#define WRTC_TESTS_XDP_RUN_H

#include <errno.h>
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "pkt.h"
#include "wrtc_xdp.h"

/*
 * Every run puts 8 bytes of metadata before the frame (the program does
 * not read them). XDP test runs take no frame shorter than ETH_HLEN: a
 * shorter one is padded to it, and ctx.data_end ends the frame where it
 * should; the kernel makes the padding a fragment the program does not
 * see (and copies it out again).
 */
#define META 8

/*
 * The 6.1 harness runs a test whose setup called SKIP(): every TEST_F
 * body starts with this.
 */
#define RETURN_IF_SKIPPED()          \
	do {                         \
		if (_metadata->skip) \
			return;      \
	} while (0)

/* Expected counters of one run. */
struct expect {
	int verdict;
	int class;
	int reason; /* enum wrtc_xdp_reason, 0: none */
};

/* Run one frame; returns the verdict, the output in out[*out_len]. */
static int run_on(struct __test_metadata *_metadata, struct wrtc_xdp *x,
		  int ifindex, const uint8_t *frame, size_t len, uint8_t *out,
		  size_t *out_len)
{
	uint8_t in[META + PKT_MAX] = { 0 }, o[META + PKT_MAX];
	struct xdp_md ctx = { .data = META,
			      .data_end = META + len,
			      .ingress_ifindex = ifindex };
	size_t in_len = META + (len < ETH_HLEN ? ETH_HLEN : len);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = in,
		    .data_size_in = in_len, .data_out = o,
		    .data_size_out = sizeof(o), .ctx_in = &ctx,
		    .ctx_size_in = sizeof(ctx), .repeat = 1);
	int err;

	*out_len = 0;
	memcpy(in + META, frame, len);
	err = bpf_prog_test_run_opts(wrtc_xdp_prog_fd(x), &opts);
	EXPECT_EQ(0, err)
	{
		TH_LOG("test run: %s", strerror(errno));
	}
	/* Out: the metadata, the frame (maybe changed), the padding. */
	EXPECT_LE(in_len - len, opts.data_size_out);
	if (opts.data_size_out < in_len - len)
		return -1;
	*out_len = opts.data_size_out - (in_len - len);
	memcpy(out, o + META, *out_len);
	return (int)opts.retval;
}

static int run(struct __test_metadata *_metadata, struct wrtc_xdp *x,
	       const uint8_t *frame, size_t len, uint8_t *out, size_t *out_len)
{
	return run_on(_metadata, x, 0, frame, len, out, out_len);
}

/*
 * Check that between before and after exactly one class x verdict counter
 * and (if any) one reason counter grew, by one packet of len bytes.
 */
static void check_counts(struct __test_metadata *_metadata,
			 const struct wrtc_xdp_stats *before,
			 const struct wrtc_xdp_stats *after,
			 const struct expect *e, size_t len)
{
	unsigned int c, v, r;

	for (c = 0; c < WRTC_XDP_C_MAX; c++) {
		for (v = 0; v < WRTC_XDP_VERDICTS; v++) {
			const struct wrtc_xdp_count *b =
				&before->by_class[c][v];
			const struct wrtc_xdp_count *a = &after->by_class[c][v];
			bool hit = c == (unsigned int)e->class &&
				   v == (unsigned int)e->verdict;

			EXPECT_EQ(b->packets + hit, a->packets)
			{
				TH_LOG("class %s verdict %s",
				       wrtc_xdp_class_name(c),
				       wrtc_xdp_verdict_name(v));
			}
			EXPECT_EQ(b->bytes + (hit ? len : 0), a->bytes);
		}
	}
	for (r = 1; r < WRTC_XDP_REASONS_MAX; r++) {
		bool hit = r == (unsigned int)-e->reason;

		EXPECT_EQ(before->by_reason[r].packets + hit,
			  after->by_reason[r].packets)
		{
			TH_LOG("reason %s", wrtc_xdp_reason_name(-(int)r));
		}
		EXPECT_EQ(before->by_reason[r].bytes + (hit ? len : 0),
			  after->by_reason[r].bytes);
	}
	/* Index 0 ("none") is never counted. */
	EXPECT_EQ(0u, after->by_reason[0].packets);
}

#endif /* WRTC_TESTS_XDP_RUN_H */
