// SPDX-License-Identifier: GPL-2.0
/*
 * The command line and the --config file, both fed to config_set(). The
 * file is read first wherever --config appears, so options given on the
 * command line win over it; a repeatable option (--media-addr,
 * --xdp-iface) given on the command line replaces the file's list.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define FILE_KEYS                                                           \
	"listen, media-addr, media-ports, datapath, xdp-iface, log-level, " \
	"consent-timeout, srtp-profiles, max-rooms, max-room-peers, max-calls"

enum { OPT_HELP = 'h', OPT_VERSION = 'V', OPT_CONFIG = 256, OPT_KEY };

/* Every option that maps to a config key has val OPT_KEY. */
static const struct option long_opts[] = {
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "listen", required_argument, NULL, OPT_KEY },
	{ "media-addr", required_argument, NULL, OPT_KEY },
	{ "media-ports", required_argument, NULL, OPT_KEY },
	{ "datapath", required_argument, NULL, OPT_KEY },
	{ "xdp-iface", required_argument, NULL, OPT_KEY },
	{ "log-level", required_argument, NULL, OPT_KEY },
	{ "consent-timeout", required_argument, NULL, OPT_KEY },
	{ "srtp-profiles", required_argument, NULL, OPT_KEY },
	{ "max-rooms", required_argument, NULL, OPT_KEY },
	{ "max-room-peers", required_argument, NULL, OPT_KEY },
	{ "max-calls", required_argument, NULL, OPT_KEY },
	{ NULL, 0, NULL, 0 },
};

void config_usage(FILE *out)
{
	fputs("Usage: wrtcd [OPTION]...\n"
	      "WebRTC media gateway: browsers call each other through it.\n"
	      "\n"
	      "  --listen HOST:PORT      HTTP + WebSocket signaling: GET / (demo page),\n"
	      "                          GET /ws (signaling), GET /api/calls (JSON)\n"
	      "                          (default 127.0.0.1:8080)\n"
	      "  --media-addr IP         address advertised in candidates and bound by\n"
	      "                          the media sockets; repeatable (default: the\n"
	      "                          listen host if it is an IP, else the host's\n"
	      "                          addresses)\n"
	      "  --media-ports LO-HI     UDP port range for legs (default 40000-40999)\n"
	      "  --datapath auto|kernel|user\n"
	      "                          media data path (default auto): kernel is\n"
	      "                          wrtc_xdp + wrtc.ko relaying a call once DTLS\n"
	      "                          is up on both legs; auto takes it when the\n"
	      "                          module is loaded, XDP attaches and the\n"
	      "                          devices forward, else the userspace relay\n"
	      "                          (the log says why); kernel fails to start\n"
	      "                          without it; user never uses it\n"
	      "  --xdp-iface IFACE       device for the XDP program; repeatable\n"
	      "                          (default: those carrying the media\n"
	      "                          addresses, loopback never); without wrtc.ko\n"
	      "                          the program still classifies and counts\n"
	      "                          here (wrtcctl stats)\n"
	      "  --consent-timeout SECS  ICE consent freshness timeout (default 30)\n"
	      "  --srtp-profiles LIST    DTLS-SRTP profiles in order of preference,\n"
	      "                          comma-separated (default SRTP_AEAD_AES_128_GCM,\n"
	      "                          SRTP_AEAD_AES_256_GCM,SRTP_AES128_CM_HMAC_SHA1_80,\n"
	      "                          SRTP_AES128_CM_HMAC_SHA1_32)\n"
	      "  --max-rooms N           rooms at once (default 1000)\n"
	      "  --max-room-peers N      peers in one room (default 16)\n"
	      "  --max-calls N           calls at once (default 250)\n"
	      "  --log-level LEVEL       error, warn, info or debug (default info)\n"
	      "  --config FILE           read settings from FILE: one `key = value`\n"
	      "                          per line, keys are the long option names\n"
	      "                          above; '#' starts a comment; the command\n"
	      "                          line wins over the file\n"
	      "  --help                  show this help and exit\n"
	      "  --version               show the version and exit\n"
	      "\n"
	      "The kernel path needs wrtc.ko with its BTF kfuncs, root (CAP_NET_ADMIN\n"
	      "and CAP_BPF) and forwarding on the XDP devices; its legs and the XDP\n"
	      "program go when wrtcd exits, however it exits.\n"
	      "Exit status: 0 after SIGINT/SIGTERM, 1 when start-up fails, 2 for bad\n"
	      "options.\n",
	      out);
}

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

int config_load_file(struct config *cfg, const char *path, char *why,
		     size_t why_len)
{
	char line[1024], reason[256];
	unsigned int lineno = 0;
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (!f) {
		snprintf(why, why_len, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *key, *value, *eq, *hash;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(why, why_len, "%s:%u: line too long", path,
				 lineno);
			ret = -1;
			break;
		}
		/* '#' at the start or after a blank starts a comment. */
		for (hash = line; (hash = strchr(hash, '#')); hash++)
			if (hash == line || isspace((unsigned char)hash[-1])) {
				*hash = '\0';
				break;
			}
		key = trim(line);
		if (!*key)
			continue;
		eq = strchr(key, '=');
		if (!eq) {
			snprintf(why, why_len, "%s:%u: expected 'key = value'",
				 path, lineno);
			ret = -1;
			break;
		}
		*eq = '\0';
		key = trim(key);
		value = trim(eq + 1);
		if (config_set(cfg, key, value, reason, sizeof(reason))) {
			if (!strncmp(reason, "unknown key", 11))
				snprintf(
					why, why_len,
					"%s:%u: unknown key '%s' (known keys: %s)",
					path, lineno, key, FILE_KEYS);
			else
				snprintf(why, why_len, "%s:%u: %s: %s", path,
					 lineno, key, reason);
			ret = -1;
			break;
		}
	}
	fclose(f);
	return ret;
}

static int bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad(const char *fmt, ...)
{
	va_list ap;

	fputs("wrtcd: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'wrtcd --help' for the options.\n", stderr);
	return -1;
}

int config_from_args(struct config *cfg, int argc, char **argv)
{
	const char *config_file = NULL;
	bool cli_media_addr = false, cli_xdp_iface = false;
	char why[512];
	int c, idx;

	config_defaults(cfg);
	/* First pass: --help, --version, --config and unknown options. */
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", long_opts, &idx)) != -1) {
		switch (c) {
		case OPT_HELP:
			config_usage(stdout);
			return 1;
		case OPT_VERSION:
			printf("wrtcd %s\n", WRTCD_VERSION);
			return 1;
		case OPT_CONFIG:
			if (config_file)
				return bad("--config given twice");
			config_file = optarg;
			break;
		case ':':
			return bad("option '%s' needs a value",
				   argv[optind - 1]);
		case '?':
			return bad("unknown option '%s'", argv[optind - 1]);
		default:
			break;
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	if (config_file && config_load_file(cfg, config_file, why, sizeof(why)))
		return bad("%s", why);

	optind = 1;
	while ((c = getopt_long(argc, argv, ":", long_opts, &idx)) != -1) {
		const char *key = long_opts[idx].name;

		if (c != OPT_KEY)
			continue;
		if (!strcmp(key, "media-addr") && !cli_media_addr) {
			cli_media_addr = true;
			cfg->n_media_addr = 0;
		}
		if (!strcmp(key, "xdp-iface") && !cli_xdp_iface) {
			cli_xdp_iface = true;
			cfg->n_xdp_iface = 0;
		}
		if (config_set(cfg, key, optarg, why, sizeof(why)))
			return bad("--%s: %s", key, why);
	}
	return 0;
}
