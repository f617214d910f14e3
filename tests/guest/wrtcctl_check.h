/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks of what wrtcctl printed, for tests/guest/test_wrtcctl.c (after
 * relay_fixture.h): the JSON against what wrtcnl reads, member names
 * against the documented formats, and the text for any byte of key
 * material, in hex or base64.
 */
#ifndef WRTCCTL_CHECK_H
#define WRTCCTL_CHECK_H

#include <arpa/inet.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <string.h>

#include "kselftest_harness.h"
#include "wrtc_xdp_test.h"
#include "wrtcnl.h"
#include "../wrtcctl/wrtcctl_run.h"

/* Every member name the output formats define (leg list, show, stats). */
static const char *const members[] = {
	"legs",
	"leg",
	"id",
	"local",
	"remote",
	"peer",
	"flags",
	"owner",
	"idle_timeout",
	"stats",
	"rx_packets",
	"rx_bytes",
	"tx_packets",
	"tx_bytes",
	"auth_failures",
	"replay_drops",
	"last_rx_ns",
	"keys",
	"direction",
	"slot",
	"profile",
	"packets",
	"packet_limit",
	"ssrcs",
	"ssrc",
	"roc",
	"seq",
	"bytes",
	"last_packet_ns",
	"module",
	"totals",
	"xdp",
	"ifaces",
	"prog_id",
	"by_class",
	"by_reason",
	NULL,
};

static bool known_member(const char *name)
{
	const char *const *m;

	for (m = members; *m; m++)
		if (!strcmp(*m, name))
			return true;
	return false;
}

/* Member names of @j (recursively) not in members[]; logged. */
static int unknown_members(struct __test_metadata *_metadata, json_t *j,
			   bool xdp)
{
	const char *k;
	json_t *v;
	size_t i;
	int n = 0;

	if (json_is_array(j)) {
		json_array_foreach(j, i, v)
		{
			n += unknown_members(_metadata, v, xdp);
		}
	} else if (json_is_object(j)) {
		json_object_foreach(j, k, v)
		{
			/* Under by_class/by_reason: class, verdict, reason. */
			if (!xdp && !known_member(k)) {
				TH_LOG("unexpected member \"%s\"", k);
				n++;
			}
			n += unknown_members(_metadata, v,
					     xdp || !strcmp(k, "by_class") ||
						     !strcmp(k, "by_reason"));
		}
	}
	return n;
}

/*
 * Does @text hold any of @key's bytes (@len) in hex (either case, any 6
 * consecutive bytes) or in base64 (its first 9 bytes)?
 */
static bool leaks(const char *text, const uint8_t *key, size_t len)
{
	char hex[13], HEX[13], b64[16];
	size_t i, j;

	for (i = 0; i + 6 <= len; i++) {
		for (j = 0; j < 6; j++) {
			snprintf(hex + 2 * j, 3, "%02x", key[i + j]);
			snprintf(HEX + 2 * j, 3, "%02X", key[i + j]);
		}
		if (strstr(text, hex) || strstr(text, HEX))
			return true;
	}
	if (len >= 9) {
		EVP_EncodeBlock((unsigned char *)b64, key, 9);
		if (strstr(text, b64))
			return true;
	}
	return false;
}

/* Any session key of @k in @text? */
static bool key_leaks(const char *text, const struct wrtcnl_key *k)
{
	const struct wrtcnl_session_keys *s[2] = { &k->rtp, &k->rtcp };
	int i;

	for (i = 0; i < 2; i++)
		if (leaks(text, s[i]->cipher_key, 16) ||
		    leaks(text, s[i]->auth_key, sizeof(s[i]->auth_key)) ||
		    leaks(text, s[i]->salt, 12))
			return true;
	return false;
}

static json_t *parse(struct __test_metadata *_metadata, const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (!j)
		TH_LOG("not JSON (%s at %d): %s", jerr.text, jerr.position,
		       text);
	return j;
}

/* The element of array @a whose "id" (or @member) is @id. */
static json_t *by_id(json_t *a, const char *member, long long id)
{
	json_t *e;
	size_t i;

	json_array_foreach(a, i, e)
	{
		if (wrtcctl_jint(e, member) == id)
			return e;
	}
	return NULL;
}

static const char *fmt_addr(const struct wrtcnl_addr *a, char *buf, size_t n)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(a->family,
		  a->family == AF_INET ? (const void *)&a->v4 :
					 (const void *)&a->v6,
		  ip, sizeof(ip));
	snprintf(buf, n, a->family == AF_INET ? "%s:%u" : "[%s]:%u", ip,
		 a->port);
	return buf;
}

/* The legs of a dump, for comparing with the tool's. */
struct legs {
	struct wrtcnl_leg l[8];
	unsigned int n;
};

static int collect(const struct wrtcnl_leg *leg, void *arg)
{
	struct legs *ls = arg;

	if (ls->n < 8)
		ls->l[ls->n++] = *leg;
	return 0;
}

/* Does the JSON leg @j say what wrtcnl says of @leg? 0 or mismatches. */
static int leg_matches(struct __test_metadata *_metadata, json_t *j,
		       const struct wrtcnl_leg *leg)
{
	static const char *const dirs[] = { "rx", "tx" };
	static const char *const slots[] = { "primary", "secondary" };
	json_t *keys = json_object_get(j, "keys"), *jk;
	char addr[64];
	unsigned int i;
	size_t x;
	int bad = 0;

#define SAME(cond)                                                    \
	do {                                                          \
		if (!(cond)) {                                        \
			TH_LOG("leg %u: not so: %s", leg->id, #cond); \
			bad++;                                        \
		}                                                     \
	} while (0)
	SAME(!strcmp(wrtcctl_jstr(j, "local"),
		     fmt_addr(&leg->local, addr, sizeof(addr))));
	SAME(!strcmp(wrtcctl_jstr(j, "remote"),
		     fmt_addr(&leg->remote, addr, sizeof(addr))));
	SAME(wrtcctl_jint(j, "peer") == leg->peer_id);
	SAME(wrtcctl_jint(j, "owner") == leg->owner);
	SAME(wrtcctl_jint(j, "idle_timeout") == leg->idle_timeout);
	SAME(json_array_size(json_object_get(j, "flags")) ==
	     (leg->flags & WRTC_LEG_FLAGS_PERSISTENT ? 1u : 0u));
	SAME(wrtcctl_jint(j, "stats.rx_packets") ==
	     (long long)leg->stats.rx_packets);
	SAME(wrtcctl_jint(j, "stats.tx_bytes") ==
	     (long long)leg->stats.tx_bytes);
	SAME(wrtcctl_jint(j, "stats.auth_failures") ==
	     (long long)leg->stats.auth_failures);
	SAME(wrtcctl_jint(j, "stats.last_rx_ns") ==
	     (long long)leg->stats.last_rx);
	SAME(json_object_size(json_object_get(j, "stats")) == 7u);
	SAME(json_array_size(keys) == leg->n_keys);
	for (i = 0; i < leg->n_keys; i++) {
		const struct wrtcnl_key_info *k = &leg->keys[i];
		bool found = false;

		json_array_foreach(keys, x, jk)
		{
			if (strcmp(wrtcctl_jstr(jk, "direction"),
				   dirs[k->direction]) ||
			    strcmp(wrtcctl_jstr(jk, "slot"), slots[k->slot]))
				continue;
			found = true;
			SAME(!strcmp(wrtcctl_jstr(jk, "profile"),
				     wrtc_srtp_profile(k->profile)->suite));
			SAME(wrtcctl_jint(jk, "packets") ==
			     (long long)k->packets);
			SAME(wrtcctl_jint(jk, "packet_limit") ==
			     (long long)k->packet_limit);
			SAME(json_object_size(jk) == 5u);
		}
		SAME(found);
	}
#undef SAME
	return bad;
}

/* The "profile" of the key @dir/@slot of JSON leg @j, "" when none. */
static const char *profile_of(json_t *j, const char *dir, const char *slot)
{
	json_t *jk;
	size_t i;

	json_array_foreach(json_object_get(j, "keys"), i, jk)
	{
		if (!strcmp(wrtcctl_jstr(jk, "direction"), dir) &&
		    !strcmp(wrtcctl_jstr(jk, "slot"), slot))
			return wrtcctl_jstr(jk, "profile");
	}
	return "";
}

#endif /* WRTCCTL_CHECK_H */
