/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrtcctl: command-line tool of wrtc.ko's netlink family and of the
 * wrtc_xdp program's counters. What its files share: the options, the
 * commands (leg.c, stats.c, xdp.c, monitor.c), error reporting (report.c)
 * and the names and formats both outputs use (format.c).
 *
 * Like ip(8) and wg(8) it speaks only netlink (and reads BPF maps): it
 * never talks to wrtcd. Nothing it prints is secret: the kernel never
 * gives key material out, only which profile a key slot holds.
 */
#ifndef WRTCCTL_H
#define WRTCCTL_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "wrtcnl.h"

#define WRTCCTL_VERSION "0.1.0"

/* Exit statuses. */
enum {
	CTL_OK = 0,
	CTL_FAILED = 1, /* the operation failed */
	CTL_USAGE = 2, /* bad command line */
};

struct ctl {
	bool json;
	const char *prog; /* for messages: "wrtcctl" */
};

/* Commands: argv[0] is the command's first word; return an exit status. */
int cmd_leg(struct ctl *ctl, int argc, char **argv);
int cmd_stats(struct ctl *ctl, int argc, char **argv);
int cmd_monitor(struct ctl *ctl, int argc, char **argv);

/* --- report.c ------------------------------------------------------ */

/* "wrtcctl: WHAT: why" on stderr; returns CTL_FAILED. */
int ctl_fail(const struct ctl *ctl, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "wrtcctl: why" and a pointer to --help on stderr; returns CTL_USAGE. */
int ctl_usage_error(const struct ctl *ctl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * A failed netlink request: "wrtcctl: WHAT: reason (kernel: "extack")",
 * the reason in words for the errno (ENOENT on a leg id: "no such leg"),
 * the kernel's message when it gave one. Returns CTL_FAILED.
 */
int ctl_nl_fail(const struct ctl *ctl, struct wrtcnl *nl, const char *what,
		int ret, const struct wrtc_err *err);

/* The message when wrtc.ko's family is not registered. */
#define CTL_NO_MODULE                                                         \
	"wrtc.ko is not loaded: no generic netlink family '" WRTC_FAMILY_NAME \
	"'"

/*
 * Open the family. 0 and *nl; -ENOENT when wrtc.ko is not loaded (said on
 * stderr unless @quiet_absent); another negative errno, said on stderr.
 */
int ctl_open(const struct ctl *ctl, const char *what, struct wrtcnl **nl,
	     bool quiet_absent);

/* Parse a leg id (1..UINT32_MAX): 0 and *id, or a usage error said. */
int ctl_parse_id(const struct ctl *ctl, const char *s, uint32_t *id);

/* --- format.c ------------------------------------------------------ */

/* "1.2.3.4:5" or "[2001:db8::1]:5"; @buf of CTL_ADDR_LEN bytes. */
#define CTL_ADDR_LEN 64
const char *ctl_addr(const struct wrtcnl_addr *a, char *buf);
/* RFC name of an enum wrtc_srtp_profile, "unknown-N" in @buf otherwise. */
const char *ctl_profile(uint32_t profile, char *buf, size_t len);
const char *ctl_direction(uint32_t dir); /* "rx", "tx" or "?" */
const char *ctl_slot(uint32_t slot); /* "primary", "secondary" or "?" */
/* Names of the set WRTC_LEG_FLAGS_* bits ("flag-N" for unknown ones). */
json_t *ctl_flags_json(uint32_t flags);
/* The same, comma separated; "none" when there is none. */
const char *ctl_flags_text(uint32_t flags, char *buf, size_t len);
/* How long ago a CLOCK_MONOTONIC ns time was: "1.2 s ago", "never". */
const char *ctl_ago(uint64_t mono_ns, char *buf, size_t len);

/* A JSON integer from a counter (clamped: jansson's are signed). */
json_t *ctl_u64(uint64_t v);
/* The six leg counters, and last_rx_ns when @last. */
json_t *ctl_stats_json(const struct wrtcnl_stats *st, bool last);

/*
 * Print @obj as one line of compact JSON on stdout, flush, and drop the
 * reference. Returns CTL_OK, or CTL_FAILED when it could not be written
 * (said on stderr).
 */
int ctl_json_print(const struct ctl *ctl, json_t *obj);
/* Flush stdout: CTL_OK or CTL_FAILED (said). */
int ctl_flush(const struct ctl *ctl);

/* --- leg.c (for stats.c) ------------------------------------------- */

/* LEG of the JSON output: tuple, peer, flags, owner, counters, keys. */
json_t *ctl_leg_json(const struct wrtcnl_leg *leg);

/* --- xdp.c ---------------------------------------------------------- */

/*
 * The counters of every wrtc_xdp program attached to an interface of the
 * current network namespace: appended to @xdp (a JSON array) or printed
 * as text when @xdp is NULL. CTL_OK, or CTL_FAILED when some interface
 * could not be read (said on stderr; the others are still reported).
 */
int ctl_xdp_stats(const struct ctl *ctl, json_t *xdp);

#endif /* WRTCCTL_H */
