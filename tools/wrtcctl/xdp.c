// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl stats, the XDP part: the counters of every wrtc_xdp program
 * attached to an interface of the current network namespace, whoever
 * loaded it (the loader finds the maps from the program's id). This part
 * needs no wrtc.ko: on a host without the module the program still
 * demultiplexes and counts.
 *
 * Counters belong to a program, not to a device: wrtcd loads one and
 * attaches it to each of its devices, so each program is reported once,
 * with the devices it is attached to.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include "wrtc_xdp.h"
#include "wrtcctl.h"

static bool nonzero(const struct wrtc_xdp_count *c)
{
	return c->packets || c->bytes;
}

static json_t *count_json(const struct wrtc_xdp_count *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "packets", ctl_u64(c->packets));
	json_object_set_new(o, "bytes", ctl_u64(c->bytes));
	return o;
}

/* One program: its devices, its counters. */
struct xdp_prog {
	__u32 id;
	unsigned int n_ifaces;
	const struct if_nameindex *ifaces[WRTC_XDP_MAX_IFACES];
	struct wrtc_xdp_stats st;
};

/* Only what happened: a class or reason with no packet is left out. */
static json_t *xdp_json(const struct xdp_prog *p)
{
	const struct wrtc_xdp_stats *st = &p->st;
	json_t *ifaces = json_array();
	json_t *o = json_object(), *by_class = json_object(),
	       *by_reason = json_object();
	unsigned int c, v;
	int r;

	for (c = 0; c < WRTC_XDP_C_MAX; c++) {
		json_t *verdicts = json_object();

		for (v = 0; v < WRTC_XDP_VERDICTS; v++)
			if (nonzero(&st->by_class[c][v]))
				json_object_set_new(
					verdicts, wrtc_xdp_verdict_name(v),
					count_json(&st->by_class[c][v]));
		if (json_object_size(verdicts))
			json_object_set_new(by_class, wrtc_xdp_class_name(c),
					    verdicts);
		else
			json_decref(verdicts);
	}
	/* Index 0 (no reason) is never counted. */
	for (r = 1; r < WRTC_XDP_REASONS_MAX; r++)
		if (nonzero(&st->by_reason[r]))
			json_object_set_new(by_reason, wrtc_xdp_reason_name(-r),
					    count_json(&st->by_reason[r]));
	for (unsigned int i = 0; i < p->n_ifaces; i++)
		json_array_append_new(ifaces,
				      json_string(p->ifaces[i]->if_name));
	json_object_set_new(o, "prog_id", json_integer(p->id));
	json_object_set_new(o, "ifaces", ifaces);
	json_object_set_new(o, "by_class", by_class);
	json_object_set_new(o, "by_reason", by_reason);
	return o;
}

static void xdp_text(const struct xdp_prog *p)
{
	const struct wrtc_xdp_stats *st = &p->st;
	bool any = false;
	unsigned int c, v;
	int r;

	printf("xdp program %u (wrtc_xdp) on", p->id);
	for (unsigned int i = 0; i < p->n_ifaces; i++)
		printf("%s %s", i ? "," : "", p->ifaces[i]->if_name);
	printf(": counters of all of them\n");
	printf("  %-12s %-9s %14s %16s\n", "class", "verdict", "packets",
	       "bytes");
	for (c = 0; c < WRTC_XDP_C_MAX; c++)
		for (v = 0; v < WRTC_XDP_VERDICTS; v++)
			if (nonzero(&st->by_class[c][v]))
				printf("  %-12s %-9s %14llu %16llu\n",
				       wrtc_xdp_class_name(c),
				       wrtc_xdp_verdict_name(v),
				       (unsigned long long)st->by_class[c][v]
					       .packets,
				       (unsigned long long)st->by_class[c][v]
					       .bytes);
	for (r = 1; r < WRTC_XDP_REASONS_MAX; r++) {
		if (!nonzero(&st->by_reason[r]))
			continue;
		if (!any)
			printf("  %-22s %14s %16s\n", "reason", "packets",
			       "bytes");
		any = true;
		printf("  %-22s %14llu %16llu\n", wrtc_xdp_reason_name(-r),
		       (unsigned long long)st->by_reason[r].packets,
		       (unsigned long long)st->by_reason[r].bytes);
	}
}

/* The entry of program @id in @progs[0..*n), added if new; NULL when full. */
static struct xdp_prog *prog_entry(struct xdp_prog *progs, unsigned int *n,
				   unsigned int max, __u32 id, bool *added)
{
	*added = false;
	for (unsigned int i = 0; i < *n; i++)
		if (progs[i].id == id)
			return &progs[i];
	if (*n == max)
		return NULL;
	*added = true;
	memset(&progs[*n], 0, sizeof(progs[*n]));
	progs[*n].id = id;
	return &progs[(*n)++];
}

int ctl_xdp_stats(const struct ctl *ctl, json_t *xdp)
{
	static struct xdp_prog progs[WRTC_XDP_MAX_IFACES];
	struct if_nameindex *ifs, *ifn;
	struct wrtc_xdp_stats st;
	unsigned int found = 0;
	int ret = CTL_OK, err;
	struct xdp_prog *p;
	__u32 prog_id;
	char what[IF_NAMESIZE + 16];
	bool added;

	ifs = if_nameindex();
	if (!ifs)
		return ctl_fail(ctl, "stats", "list interfaces: %s",
				strerror(errno));
	for (ifn = ifs; ifn->if_index; ifn++) {
		err = wrtc_xdp_read_stats_ifindex((int)ifn->if_index, &st,
						  &prog_id);
		/* No wrtc_xdp there, or the interface went meanwhile. */
		if (err == -ENOENT || err == -ENODEV)
			continue;
		if (err) {
			snprintf(what, sizeof(what), "stats: xdp %s",
				 ifn->if_name);
			ret = ctl_fail(
				ctl, what, "%s%s", strerror(-err),
				err == -EPERM  ? " (reading BPF maps needs "
						 "CAP_SYS_ADMIN)" :
				err == -EPROTO ? " (a wrtc_xdp program of "
						 "another build: maps differ)" :
						 "");
			continue;
		}
		p = prog_entry(progs, &found, WRTC_XDP_MAX_IFACES, prog_id,
			       &added);
		if (!p || p->n_ifaces == WRTC_XDP_MAX_IFACES)
			continue; /* more than we report; the rest is the same */
		if (added)
			p->st = st;
		p->ifaces[p->n_ifaces++] = ifn;
	}
	for (unsigned int i = 0; i < found; i++) {
		if (xdp) {
			json_array_append_new(xdp, xdp_json(&progs[i]));
		} else {
			putchar('\n');
			xdp_text(&progs[i]);
		}
	}
	if_freenameindex(ifs);
	if (!xdp && !found)
		printf("\nxdp: no wrtc_xdp program on an interface of this "
		       "network namespace\n");
	return ret;
}
