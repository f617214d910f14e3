// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl: errors, one line each on stderr, and opening the family. A
 * failed request names what was asked, why in words, and what the kernel
 * said (its extack message) when it said something: the kernel's message
 * is the precise one, the errno alone often is not ("No such file or
 * directory" for a missing leg).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrtcctl.h"

int ctl_fail(const struct ctl *ctl, const char *what, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: %s: ", ctl->prog, what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CTL_FAILED;
}

int ctl_usage_error(const struct ctl *ctl, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ctl->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see '%s --help')\n", ctl->prog);
	return CTL_USAGE;
}

/* Why a request failed, in the words of this family's operations. */
static const char *nl_reason(int ret)
{
	switch (-ret) {
	case ENOENT:
		return "no such leg";
	case EPERM:
		return "operation not permitted (needs CAP_NET_ADMIN)";
	default:
		return strerror(-ret);
	}
}

int ctl_nl_fail(const struct ctl *ctl, struct wrtcnl *nl, const char *what,
		int ret, const struct wrtc_err *err)
{
	const char *extack = nl ? wrtcnl_extack(nl) : "";

	if (extack[0])
		return ctl_fail(ctl, what, "%s (kernel: \"%s\")",
				nl_reason(ret), extack);
	/* wrtcnl's own reason (a malformed reply, a send that failed). */
	if (err && err->msg[0] && strcmp(err->msg, strerror(-ret)))
		return ctl_fail(ctl, what, "%s", err->msg);
	return ctl_fail(ctl, what, "%s", nl_reason(ret));
}

int ctl_open(const struct ctl *ctl, const char *what, struct wrtcnl **nl,
	     bool quiet_absent)
{
	struct wrtc_err err = { 0 };
	int ret = wrtcnl_open(nl, &err);

	if (ret == -ENOENT) {
		if (!quiet_absent)
			ctl_fail(ctl, what, "%s", CTL_NO_MODULE);
		return ret;
	}
	if (ret < 0)
		ctl_fail(ctl, what, "%s",
			 err.msg[0] ? err.msg : strerror(-ret));
	return ret;
}

int ctl_parse_id(const struct ctl *ctl, const char *s, uint32_t *id)
{
	unsigned long long v;
	char *end;

	/* strtoull() would take "-1" and " 1": digits only. */
	if (!isdigit((unsigned char)s[0]))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v == 0 || v > UINT32_MAX)
		goto bad;
	*id = (uint32_t)v;
	return 0;
bad:
	ctl_usage_error(ctl, "'%s' is not a leg id (1 to %u)", s, UINT32_MAX);
	return -EINVAL;
}
