/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checking the anchoring rewrite on the text: the original and rewritten
 * SDPs are split into lines and sections and compared line by line. The
 * test keeps its own list of what a transport line is, so a rewrite that
 * touched anything else, or left an old transport line behind, fails.
 * Include after kselftest_harness.h.
 */
#ifndef WRTC_SDP_ANCHOR_CHECK_H
#define WRTC_SDP_ANCHOR_CHECK_H

#include "sdp_test_util.h"

#define GW_FP                                              \
	"0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:" \
	"0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9"

static const char *const transport_prefix[] = {
	"c=",
	"a=rtcp:",
	"a=ice-ufrag:",
	"a=ice-pwd:",
	"a=ice-options:",
	"a=ice-lite",
	"a=fingerprint:",
	"a=setup:",
	"a=candidate:",
	"a=end-of-candidates",
	"a=tls-id:",
	"a=ice-pacing:",
	"a=remote-candidates:",
	"a=ice-mismatch",
};

static bool is_transport(const char *line)
{
	size_t i;

	for (i = 0; i < sizeof(transport_prefix) / sizeof(char *); i++)
		if (!strncmp(line, transport_prefix[i],
			     strlen(transport_prefix[i])))
			return true;
	return false;
}

/* Lines of section @k (0 = session) of @all, transport ones or the others. */
static struct lines section(const struct lines *all, size_t k, bool transport)
{
	struct lines out = { 0 };
	size_t i, sec = 0;

	for (i = 0; i < all->n; i++) {
		sec += !strncmp(all->v[i], "m=", 2);
		if (sec == k && is_transport(all->v[i]) == transport)
			lines_add(&out, all->v[i], strlen(all->v[i]));
	}
	return out;
}

/* "m=audio 40240 rest" with the port replaced by @port. */
static char *with_port(const char *m, const char *port)
{
	const char *sp = strchr(m, ' '), *rest = sp ? strchr(sp + 1, ' ') : 0;
	char *out;

	if (!rest ||
	    asprintf(&out, "%.*s %s%s", (int)(sp - m), m, port, rest) < 0)
		abort();
	return out;
}

struct expect {
	const char *const *session; /* transport lines, NULL-terminated */
	const char *const *live; /* in each m= section with a port */
	const char *const *rejected; /* in each m= section with port 0 */
	const char *port;
	const char *const *gone; /* strings that must be nowhere */
};

static void expect_lines(struct __test_metadata *_metadata,
			 const struct lines *got, const char *const *want,
			 size_t k)
{
	size_t i;

	for (i = 0; want[i] && i < got->n; i++) {
		EXPECT_STREQ(want[i], got->v[i]) TH_LOG("section %zu", k);
	}
	EXPECT_EQ(NULL, want[i]) TH_LOG("section %zu: missing lines", k);
	EXPECT_EQ(i, got->n) TH_LOG("section %zu: extra lines", k);
}

static bool listed(const char *const *list, const char *line)
{
	for (; *list; list++)
		if (!strcmp(*list, line))
			return true;
	return false;
}

static void check(struct __test_metadata *_metadata, const char *before,
		  const char *after, const struct expect *e)
{
	struct lines old = split_lines(before), new = split_lines(after);
	struct lines om, nm, nt;
	size_t k, i, nsec = 0;

	for (i = 0; i < old.n; i++)
		nsec += !strncmp(old.v[i], "m=", 2);
	for (k = 0; k <= nsec; k++) {
		om = section(&old, k, false);
		nm = section(&new, k, false);
		nt = section(&new, k, true);
		ASSERT_EQ(om.n, nm.n) TH_LOG("section %zu", k);
		for (i = 0; i < om.n; i++) {
			char *want = om.v[i];
			bool live = false;

			if (k && !i) {
				live = strncmp(strchr(want, ' '), " 0 ", 3);
				want = live ? with_port(want, e->port) : want;
			}
			EXPECT_STREQ(want, nm.v[i]) TH_LOG("section %zu", k);
			if (live)
				free(want);
		}
		if (!k)
			expect_lines(_metadata, &nt, e->session, k);
		else if (strncmp(strchr(om.v[0], ' '), " 0 ", 3))
			expect_lines(_metadata, &nt, e->live, k);
		else
			expect_lines(_metadata, &nt, e->rejected, k);
		lines_free(&om);
		lines_free(&nm);
		lines_free(&nt);
	}
	for (i = 0; e->gone && e->gone[i]; i++) {
		EXPECT_EQ(NULL, strstr(after, e->gone[i]))
		TH_LOG("%s", e->gone[i]);
	}
	/* Every old transport line is gone, unless the new transport happens
	 * to have the very same line (a=setup:actpass). */
	for (i = 0; i < old.n; i++) {
		if (is_transport(old.v[i]) && !listed(e->live, old.v[i]) &&
		    !listed(e->rejected, old.v[i])) {
			EXPECT_EQ(NULL, strstr(after, old.v[i]))
			TH_LOG("%s", old.v[i]);
		}
	}
	lines_free(&old);
	lines_free(&new);
}

static struct sdp_candidate gw_cand[2];

static struct sdp_transport gw(void)
{
	struct sdp_transport t = {
		.ice_ufrag = "GwU1",
		.ice_pwd = "GatewayPassword0123456789",
		.fp_hash = "sha-256",
		.fp_value = GW_FP,
		.setup = SDP_SETUP_ACTPASS,
		.cand = gw_cand,
		.ncand = 1,
		.media_addr = "192.0.2.10",
		.media_port = 40002,
		.ice_lite = true,
	};

	memset(gw_cand, 0, sizeof(gw_cand));
	strcpy(gw_cand[0].address, "192.0.2.10");
	gw_cand[0].port = 40002;
	return t;
}

static const char *const ice_lite[] = { "a=ice-lite", NULL };
static const char *const none[] = { NULL };

#endif /* WRTC_SDP_ANCHOR_CHECK_H */
