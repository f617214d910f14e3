// SPDX-License-Identifier: GPL-2.0
/*
 * SDP fuzzer. For any input the parser accepts:
 *  - writing it back gives the input itself, minus trailing empty lines;
 *  - the written text parses again and writes identically (stable);
 *  - every accessor runs, and a parsed candidate writes back and re-parses;
 *  - the anchoring rewrite, when it succeeds, gives text that parses,
 *    round trips, and that a second rewrite leaves unchanged.
 * A rejected input must come with a reason. Everything is freed (LSan).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"

static char *text_of(const struct sdp *sdp)
{
	size_t n = sdp_write_size(sdp);
	char *buf = malloc(n + 1);

	if (!buf || sdp_write(sdp, buf, n + 1, NULL) != (int)n)
		abort();
	return buf;
}

/* Parse @text and check it writes back as itself. */
static void stable(const char *text)
{
	struct sdp sdp;
	char *again;

	if (sdp_parse(&sdp, text, strlen(text), NULL))
		abort();
	again = text_of(&sdp);
	if (strcmp(text, again))
		abort();
	free(again);
	sdp_free(&sdp);
}

static void accessors(const struct sdp *sdp)
{
	struct sdp_fingerprint fp;
	struct sdp_candidate c, c2;
	struct sdp_group g;
	enum sdp_setup role;
	const char *v;
	char buf[SDP_MAX_LINE + 1];
	size_t m;
	int i, n;

	sdp_ice_lite(sdp);
	sdp_group(sdp, "BUNDLE", &g, NULL);
	for (m = 0; m <= sdp->nmedia; m++) {
		sdp_ice_ufrag(sdp, m, &v, NULL);
		sdp_ice_pwd(sdp, m, &v, NULL);
		sdp_ice_options(sdp, m, &v, NULL);
		sdp_fingerprint(sdp, m, &fp, NULL);
		sdp_setup(sdp, m, &role, NULL);
		sdp_mid(sdp, m, &v, NULL);
		sdp_rtcp_mux(sdp, m);
		sdp_end_of_candidates(sdp, m);
		n = sdp_candidate_count(sdp, m);
		for (i = 0; i < n; i++) {
			if (sdp_candidate(sdp, m, i, &c, NULL))
				continue;
			if (sdp_candidate_write(&c, buf, sizeof(buf), NULL) < 0)
				abort();
			if (sdp_candidate_parse(buf, &c2, NULL))
				abort();
		}
	}
}

static void anchor(const struct sdp *in)
{
	struct sdp_candidate cand[2] = { 0 };
	struct sdp_transport t = {
		.ice_ufrag = "GwU1",
		.ice_pwd = "GatewayPassword0123456789",
		.ice_options = "trickle",
		.fp_hash = "sha-256",
		.fp_value = "0A:1B:2C:3D",
		.setup = SDP_SETUP_ACTPASS,
		.cand = cand,
		.ncand = 2,
		.media_addr = "2001:db8::1",
		.media_port = 40002,
		.ice_lite = true,
	};
	struct sdp sdp;
	char *once, *twice;

	strcpy(cand[0].address, "2001:db8::1");
	cand[0].port = 40002;
	strcpy(cand[1].address, "192.0.2.1");
	cand[1].port = 40002;
	if (sdp_clone(&sdp, in))
		abort();
	if (sdp_anchor(&sdp, &t, NULL)) {
		sdp_free(&sdp);
		return;
	}
	accessors(&sdp);
	once = text_of(&sdp);
	stable(once);
	if (sdp_anchor(&sdp, &t, NULL))
		abort();
	twice = text_of(&sdp);
	if (strcmp(once, twice))
		abort();
	free(once);
	free(twice);
	sdp_free(&sdp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wrtc_err err = { 0 };
	const char *in = (const char *)data;
	struct sdp sdp;
	char *text;
	size_t n, i;
	int ret;

	ret = sdp_parse(&sdp, in, size, &err);
	if (ret) {
		if ((ret != -EBADMSG && ret != -E2BIG) || !err.msg[0])
			abort();
		return 0;
	}
	text = text_of(&sdp);
	n = strlen(text);
	/* The input itself, then nothing but line endings. */
	if (n > size || memcmp(in, text, n))
		abort();
	for (i = n; i < size; i++)
		if (in[i] != '\r' && in[i] != '\n')
			abort();
	stable(text);
	accessors(&sdp);
	anchor(&sdp);
	free(text);
	sdp_free(&sdp);
	return 0;
}
