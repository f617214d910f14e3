// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl stats: every leg's counters (a stats-get dump) and their sums,
 * then the XDP programs' counters (xdp.c). Without wrtc.ko this is still
 * a success: the module's absence is reported ("module": false) and the
 * XDP counters, which do not need it, are printed as usual.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "wrtcctl.h"

struct leg_counters {
	uint32_t id;
	struct wrtcnl_stats st;
};

struct stats_walk {
	struct leg_counters *legs;
	size_t n, cap;
	struct wrtcnl_stats total;
};

static void add(struct wrtcnl_stats *sum, const struct wrtcnl_stats *st)
{
	sum->rx_packets += st->rx_packets;
	sum->rx_bytes += st->rx_bytes;
	sum->tx_packets += st->tx_packets;
	sum->tx_bytes += st->tx_bytes;
	sum->auth_failures += st->auth_failures;
	sum->replay_drops += st->replay_drops;
}

static int collect(const struct wrtcnl_leg_stats *ls, void *arg)
{
	struct stats_walk *w = arg;

	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 64;
		struct leg_counters *p = realloc(w->legs, cap * sizeof(*p));

		if (!p)
			return -ENOMEM;
		w->legs = p;
		w->cap = cap;
	}
	w->legs[w->n].id = ls->leg_id;
	w->legs[w->n].st = ls->stats;
	w->n++;
	add(&w->total, &ls->stats);
	return 0;
}

static json_t *stats_json(bool module, const struct stats_walk *w)
{
	json_t *legs = json_array();
	size_t i;

	for (i = 0; i < w->n; i++) {
		json_t *leg = json_object(),
		       *c = ctl_stats_json(&w->legs[i].st, false);

		/* "id" first, then the counters. */
		json_object_set_new(leg, "id", json_integer(w->legs[i].id));
		json_object_update(leg, c);
		json_decref(c);
		json_array_append_new(legs, leg);
	}
	return json_pack("{s:b,s:o,s:o,s:[]}", "module", module, "legs", legs,
			 "totals", ctl_stats_json(&w->total, false), "xdp");
}

#define ROW "  %-8s %12s %14s %12s %14s %10s %10s\n"
#define ROWU "  %-8s %12llu %14llu %12llu %14llu %10llu %10llu\n"

static void row(const char *label, const struct wrtcnl_stats *st)
{
	printf(ROWU, label, (unsigned long long)st->rx_packets,
	       (unsigned long long)st->rx_bytes,
	       (unsigned long long)st->tx_packets,
	       (unsigned long long)st->tx_bytes,
	       (unsigned long long)st->auth_failures,
	       (unsigned long long)st->replay_drops);
}

static void stats_text(bool module, const struct stats_walk *w)
{
	char id[16];
	size_t i;

	if (!module) {
		printf("%s\n", CTL_NO_MODULE);
		return;
	}
	printf("wrtc.ko: %zu leg%s\n", w->n, w->n == 1 ? "" : "s");
	printf(ROW, "leg", "rx packets", "rx bytes", "tx packets", "tx bytes",
	       "auth fail", "replay");
	for (i = 0; i < w->n; i++) {
		snprintf(id, sizeof(id), "%u", w->legs[i].id);
		row(id, &w->legs[i].st);
	}
	row("total", &w->total);
}

int cmd_stats(struct ctl *ctl, int argc, char **argv)
{
	struct stats_walk w = { 0 };
	struct wrtc_err err = { 0 };
	struct wrtcnl *nl = NULL;
	bool module = true;
	json_t *out = NULL;
	int ret;

	if (argc > 1)
		return ctl_usage_error(ctl, "stats: unexpected argument '%s'",
				       argv[1]);
	ret = ctl_open(ctl, "stats", &nl, true);
	if (ret == -ENOENT)
		module = false;
	else if (ret < 0)
		return CTL_FAILED;
	if (module) {
		ret = wrtcnl_stats_dump(nl, collect, &w, &err);
		if (ret < 0) {
			ret = ret == -ENOMEM && !err.msg[0] ?
				      ctl_fail(ctl, "stats", "out of memory") :
				      ctl_nl_fail(ctl, nl, "stats", ret, &err);
			wrtcnl_close(nl);
			free(w.legs);
			return ret;
		}
		wrtcnl_close(nl);
	}
	if (ctl->json) {
		out = stats_json(module, &w);
		ret = ctl_xdp_stats(ctl, json_object_get(out, "xdp"));
		free(w.legs);
		/* Valid JSON even when an interface could not be read. */
		return ctl_json_print(ctl, out) ?: ret;
	}
	stats_text(module, &w);
	free(w.legs);
	ret = ctl_xdp_stats(ctl, NULL);
	return ctl_flush(ctl) ?: ret;
}
