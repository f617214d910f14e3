// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl: options and dispatch to the commands (leg.c, stats.c,
 * monitor.c). Exit status: 0 done, 1 the operation failed, 2 bad usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "wrtcctl.h"

/* Kept true to what the commands do: the host test checks each is named. */
static const char usage_text[] =
	"Usage: wrtcctl [-j] COMMAND\n"
	"\n"
	"Show and manage the legs of wrtc.ko (generic netlink family 'wrtc') in the\n"
	"current network namespace, and read the counters of the wrtc_xdp programs\n"
	"attached to its interfaces. Speaks only netlink and BPF: never talks to wrtcd.\n"
	"\n"
	"Commands:\n"
	"  leg list       every leg: 5-tuple, peer, flags, owner, idle timeout,\n"
	"                 counters, and the profile of each installed key\n"
	"  leg show ID    one leg, with the state and counters of each SSRC\n"
	"  leg del ID     delete leg ID\n"
	"  leg flush      delete every leg of the namespace, persistent ones too\n"
	"  stats          every leg's counters and their totals, then the counters of\n"
	"                 each wrtc_xdp program on an interface; without wrtc.ko it\n"
	"                 says the module is not loaded and still shows the latter\n"
	"  monitor        print wrtc.ko's events (leg-idle, key-exhaust, auth-fail),\n"
	"                 one line each, until SIGINT or SIGTERM\n"
	"\n"
	"Options:\n"
	"  -j, --json     print JSON (monitor: one object per line)\n"
	"  -h, --help     show this help and exit\n"
	"  -V, --version  show the version and exit\n"
	"\n"
	"Needs CAP_NET_ADMIN for wrtc.ko's family and CAP_SYS_ADMIN to read the XDP\n"
	"counters. Key material is never shown: the kernel does not give it out.\n"
	"Exit status: 0 success, 1 the operation failed, 2 bad usage.\n";

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl ctl = { .prog = "wrtcctl" };
	const char *cmd;
	int c;

	/* Our own messages: getopt's would not point at --help. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jhV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctl.json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return CTL_OK;
		case 'V':
			printf("wrtcctl %s (netlink family %s, version %d)\n",
			       WRTCCTL_VERSION, WRTC_FAMILY_NAME,
			       WRTC_FAMILY_VERSION);
			return CTL_OK;
		default:
			/* A long option ("--json=1" too) is argv[optind-1]. */
			if (!strncmp(argv[optind - 1], "--", 2))
				return ctl_usage_error(&ctl, "bad option '%s'",
						       argv[optind - 1]);
			return ctl_usage_error(&ctl, "unknown option '-%c'",
					       optopt);
		}
	}
	if (optind >= argc)
		return ctl_usage_error(&ctl, "missing a command "
					     "(leg, stats, monitor)");
	cmd = argv[optind];
	argc -= optind;
	argv += optind;
	if (!strcmp(cmd, "leg"))
		return cmd_leg(&ctl, argc, argv);
	if (!strcmp(cmd, "stats"))
		return cmd_stats(&ctl, argc, argv);
	if (!strcmp(cmd, "monitor"))
		return cmd_monitor(&ctl, argc, argv);
	return ctl_usage_error(&ctl, "unknown command '%s'", cmd);
}
