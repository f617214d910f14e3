// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl leg list | show ID | del ID | flush: the legs of the current
 * network namespace (leg-get, stats-get, leg-del, leg-flush). Output is
 * written only once every reply is in, so that a request failing half way
 * leaves no half of a JSON document on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrtcctl.h"

json_t *ctl_leg_json(const struct wrtcnl_leg *leg)
{
	json_t *o = json_object(), *keys = json_array();
	char addr[CTL_ADDR_LEN], prof[32];
	unsigned int i;

	json_object_set_new(o, "id", json_integer(leg->id));
	json_object_set_new(o, "local",
			    json_string(ctl_addr(&leg->local, addr)));
	json_object_set_new(o, "remote",
			    json_string(ctl_addr(&leg->remote, addr)));
	json_object_set_new(o, "peer", json_integer(leg->peer_id));
	json_object_set_new(o, "flags", ctl_flags_json(leg->flags));
	json_object_set_new(o, "owner", json_integer(leg->owner));
	json_object_set_new(o, "idle_timeout", json_integer(leg->idle_timeout));
	json_object_set_new(o, "stats", ctl_stats_json(&leg->stats, true));
	for (i = 0; i < leg->n_keys; i++) {
		const struct wrtcnl_key_info *k = &leg->keys[i];
		json_t *jk = json_object();

		json_object_set_new(jk, "direction",
				    json_string(ctl_direction(k->direction)));
		json_object_set_new(jk, "slot", json_string(ctl_slot(k->slot)));
		json_object_set_new(jk, "profile",
				    json_string(ctl_profile(k->profile, prof,
							    sizeof(prof))));
		json_object_set_new(jk, "packets", ctl_u64(k->packets));
		json_object_set_new(jk, "packet_limit",
				    ctl_u64(k->packet_limit));
		json_array_append_new(keys, jk);
	}
	json_object_set_new(o, "keys", keys);
	return o;
}

static json_t *ssrcs_json(const struct wrtcnl_leg_stats *st)
{
	json_t *a = json_array();
	unsigned int i;

	for (i = 0; i < st->n_ssrcs; i++) {
		const struct wrtcnl_ssrc_stats *s = &st->ssrcs[i];
		json_t *o = json_object();

		json_object_set_new(o, "ssrc", json_integer(s->ssrc));
		json_object_set_new(o, "direction",
				    json_string(ctl_direction(s->direction)));
		json_object_set_new(o, "roc", json_integer(s->roc));
		json_object_set_new(o, "seq", json_integer(s->seq));
		json_object_set_new(o, "packets", ctl_u64(s->packets));
		json_object_set_new(o, "bytes", ctl_u64(s->bytes));
		json_object_set_new(o, "auth_failures",
				    ctl_u64(s->auth_failures));
		json_object_set_new(o, "replay_drops",
				    ctl_u64(s->replay_drops));
		json_object_set_new(o, "last_packet_ns",
				    ctl_u64(s->last_packet));
		json_array_append_new(a, o);
	}
	return a;
}

/* One block per leg, in the manner of wg show: a label, then a value. */
static void leg_text(const struct wrtcnl_leg *leg)
{
	char addr[CTL_ADDR_LEN], buf[64];
	unsigned int i;

	printf("leg %u\n", leg->id);
	printf("  local:          %s\n", ctl_addr(&leg->local, addr));
	printf("  remote:         %s\n", ctl_addr(&leg->remote, addr));
	if (leg->peer_id)
		printf("  peer:           leg %u\n", leg->peer_id);
	else
		printf("  peer:           none\n");
	printf("  flags:          %s\n",
	       ctl_flags_text(leg->flags, buf, sizeof(buf)));
	if (leg->owner)
		printf("  owner:          netlink port %u\n", leg->owner);
	else
		printf("  owner:          none (persistent)\n");
	if (leg->idle_timeout)
		printf("  idle timeout:   %u s\n", leg->idle_timeout);
	else
		printf("  idle timeout:   none\n");
	printf("  last rx:        %s\n",
	       ctl_ago(leg->stats.last_rx, buf, sizeof(buf)));
	printf("  %-14s %14s %16s\n", "", "packets", "bytes");
	printf("  %-14s %14llu %16llu\n",
	       "rx:", (unsigned long long)leg->stats.rx_packets,
	       (unsigned long long)leg->stats.rx_bytes);
	printf("  %-14s %14llu %16llu\n",
	       "tx:", (unsigned long long)leg->stats.tx_packets,
	       (unsigned long long)leg->stats.tx_bytes);
	printf("  auth failures:  %llu\n",
	       (unsigned long long)leg->stats.auth_failures);
	printf("  replay drops:   %llu\n",
	       (unsigned long long)leg->stats.replay_drops);
	if (!leg->n_keys) {
		printf("  keys:           none\n");
		return;
	}
	printf("  keys:\n");
	for (i = 0; i < leg->n_keys; i++) {
		const struct wrtcnl_key_info *k = &leg->keys[i];

		printf("    %s %-9s  %-24s %llu of %llu packets\n",
		       ctl_direction(k->direction), ctl_slot(k->slot),
		       ctl_profile(k->profile, buf, sizeof(buf)),
		       (unsigned long long)k->packets,
		       (unsigned long long)k->packet_limit);
	}
}

static void ssrcs_text(const struct wrtcnl_leg_stats *st)
{
	char buf[32];
	unsigned int i;

	if (!st->n_ssrcs) {
		printf("  ssrcs:          none\n");
		return;
	}
	printf("  ssrcs:\n");
	printf("    %-10s %-3s %10s %5s %12s %14s %10s %10s  %s\n", "ssrc",
	       "dir", "roc", "seq", "packets", "bytes", "auth fail", "replay",
	       "last packet");
	for (i = 0; i < st->n_ssrcs; i++) {
		const struct wrtcnl_ssrc_stats *s = &st->ssrcs[i];

		printf("    0x%08x %-3s %10u %5u %12llu %14llu %10llu %10llu  %s\n",
		       s->ssrc, ctl_direction(s->direction), s->roc, s->seq,
		       (unsigned long long)s->packets,
		       (unsigned long long)s->bytes,
		       (unsigned long long)s->auth_failures,
		       (unsigned long long)s->replay_drops,
		       ctl_ago(s->last_packet, buf, sizeof(buf)));
	}
}

/* The legs of a dump, kept until all have come. */
struct leg_list {
	struct wrtcnl_leg *legs;
	size_t n, cap;
};

static int collect(const struct wrtcnl_leg *leg, void *arg)
{
	struct leg_list *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		struct wrtcnl_leg *p = realloc(l->legs, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		l->legs = p;
		l->cap = cap;
	}
	l->legs[l->n++] = *leg;
	return 0;
}

static int leg_list(struct ctl *ctl, struct wrtcnl *nl)
{
	struct leg_list l = { 0 };
	struct wrtc_err err = { 0 };
	json_t *legs;
	size_t i;
	int ret;

	ret = wrtcnl_leg_dump(nl, collect, &l, &err);
	if (ret == -ENOMEM && !err.msg[0]) {
		free(l.legs);
		return ctl_fail(ctl, "leg list", "out of memory");
	}
	if (ret < 0) {
		free(l.legs);
		return ctl_nl_fail(ctl, nl, "leg list", ret, &err);
	}
	if (ctl->json) {
		legs = json_array();
		for (i = 0; i < l.n; i++)
			json_array_append_new(legs, ctl_leg_json(&l.legs[i]));
		free(l.legs);
		return ctl_json_print(ctl, json_pack("{s:o}", "legs", legs));
	}
	for (i = 0; i < l.n; i++) {
		if (i)
			putchar('\n');
		leg_text(&l.legs[i]);
	}
	free(l.legs);
	return ctl_flush(ctl);
}

static int leg_show(struct ctl *ctl, struct wrtcnl *nl, uint32_t id)
{
	struct wrtc_err err = { 0 };
	struct wrtcnl_leg_stats *st;
	struct wrtcnl_leg leg;
	char what[32];
	json_t *o;
	int ret;

	snprintf(what, sizeof(what), "leg show %u", id);
	ret = wrtcnl_leg_get(nl, id, &leg, &err);
	if (ret < 0)
		return ctl_nl_fail(ctl, nl, what, ret, &err);
	/* Big (an entry for every SSRC slot): not on the stack. */
	st = calloc(1, sizeof(*st));
	if (!st)
		return ctl_fail(ctl, what, "out of memory");
	ret = wrtcnl_stats_get(nl, id, st, &err);
	if (ret < 0) {
		free(st);
		return ctl_nl_fail(ctl, nl, what, ret, &err);
	}
	if (ctl->json) {
		o = ctl_leg_json(&leg);
		json_object_set_new(o, "ssrcs", ssrcs_json(st));
		free(st);
		return ctl_json_print(ctl, json_pack("{s:o}", "leg", o));
	}
	leg_text(&leg);
	ssrcs_text(st);
	free(st);
	return ctl_flush(ctl);
}

static int leg_del(struct ctl *ctl, struct wrtcnl *nl, uint32_t id)
{
	struct wrtc_err err = { 0 };
	char what[32];
	int ret;

	snprintf(what, sizeof(what), "leg del %u", id);
	ret = wrtcnl_leg_del(nl, id, &err);
	return ret < 0 ? ctl_nl_fail(ctl, nl, what, ret, &err) : CTL_OK;
}

static int leg_flush(struct ctl *ctl, struct wrtcnl *nl)
{
	struct wrtc_err err = { 0 };
	int ret = wrtcnl_leg_flush(nl, &err);

	return ret < 0 ? ctl_nl_fail(ctl, nl, "leg flush", ret, &err) : CTL_OK;
}

int cmd_leg(struct ctl *ctl, int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;
	bool takes_id;
	struct wrtcnl *nl;
	uint32_t id = 0;
	char what[16];
	int ret;

	if (!sub)
		return ctl_usage_error(ctl, "leg: missing a subcommand "
					    "(list, show ID, del ID, flush)");
	if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "del") &&
	    strcmp(sub, "flush"))
		return ctl_usage_error(ctl, "leg: unknown subcommand '%s'",
				       sub);
	takes_id = !strcmp(sub, "show") || !strcmp(sub, "del");
	if (takes_id && argc < 3)
		return ctl_usage_error(ctl, "leg %s: missing the leg id", sub);
	if (argc > (takes_id ? 3 : 2))
		return ctl_usage_error(ctl, "leg %s: unexpected argument '%s'",
				       sub, argv[takes_id ? 3 : 2]);
	if (takes_id && ctl_parse_id(ctl, argv[2], &id))
		return CTL_USAGE;

	snprintf(what, sizeof(what), "leg %s", sub);
	if (ctl_open(ctl, what, &nl, false))
		return CTL_FAILED;
	if (!strcmp(sub, "list"))
		ret = leg_list(ctl, nl);
	else if (!strcmp(sub, "show"))
		ret = leg_show(ctl, nl, id);
	else if (!strcmp(sub, "del"))
		ret = leg_del(ctl, nl, id);
	else
		ret = leg_flush(ctl, nl);
	wrtcnl_close(nl);
	return ret;
}
