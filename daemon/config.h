/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrtcd's settings: defaults, the command line, and the --config file
 * (`key = value` lines whose keys are the long option names). Parsing only:
 * nothing here opens a socket.
 */
#ifndef WRTCD_CONFIG_H
#define WRTCD_CONFIG_H

#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "log.h"
#include "srtp_profile.h"

#define WRTCD_VERSION "0.1.0"

#define CONFIG_MAX_MEDIA_ADDRS 8
#define CONFIG_MAX_XDP_IFACES 8
#define CONFIG_MAX_SRTP_PROFILES 8
#define CONFIG_HOST_MAX 255

enum datapath_mode {
	DATAPATH_AUTO,
	DATAPATH_KERNEL,
	DATAPATH_USER,
};

struct config {
	char listen_host[CONFIG_HOST_MAX + 1];
	uint16_t listen_port;
	/* IP literals, as given; empty list: derived at start-up. */
	char media_addr[CONFIG_MAX_MEDIA_ADDRS][INET6_ADDRSTRLEN];
	size_t n_media_addr;
	uint16_t port_lo, port_hi;
	enum datapath_mode datapath;
	char xdp_iface[CONFIG_MAX_XDP_IFACES][IF_NAMESIZE];
	size_t n_xdp_iface;
	enum log_level log_level;
	unsigned int consent_timeout; /* seconds, for ICE consent (RFC 7675) */
	/* DTLS-SRTP profiles in our order of preference. */
	const struct srtp_profile *srtp_profile[CONFIG_MAX_SRTP_PROFILES];
	size_t n_srtp_profile;
	unsigned int max_rooms;
	unsigned int max_room_peers;
	unsigned int max_calls;
};

void config_defaults(struct config *cfg);

/*
 * Fill @cfg from defaults, the --config file if one is named, then the
 * other options (the command line wins over the file). Returns 0 to run,
 * 1 when --help or --version was printed, -1 after printing why the
 * options are wrong on stderr.
 */
int config_from_args(struct config *cfg, int argc, char **argv);

/*
 * Apply one setting by its long option name (no leading "--"). Returns 0,
 * or -1 with a reason in @why.
 */
int config_set(struct config *cfg, const char *key, const char *value,
	       char *why, size_t why_len);

/* Apply a `key = value` file. Returns 0, or -1 with a reason in @why. */
int config_load_file(struct config *cfg, const char *path, char *why,
		     size_t why_len);

void config_usage(FILE *out);

/*
 * The SRTP profiles as lib/dtls.h takes them (struct dtls_config
 * .srtp_profiles): names joined by ':', in order of preference.
 */
void config_srtp_profiles(const struct config *cfg, char *buf, size_t len);

const char *datapath_mode_name(enum datapath_mode mode);

#endif /* WRTCD_CONFIG_H */
