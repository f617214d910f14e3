// SPDX-License-Identifier: GPL-2.0
/*
 * Settings from the command line and the --config file. Both go through
 * config_set(), so a key means the same thing in either place and is
 * checked the same way.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* The preference order when --srtp-profiles is not given. */
static const char *const default_profiles[] = {
	"SRTP_AEAD_AES_128_GCM",
	"SRTP_AEAD_AES_256_GCM",
	"SRTP_AES128_CM_HMAC_SHA1_80",
	"SRTP_AES128_CM_HMAC_SHA1_32",
};

static int fail(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	strcpy(cfg->listen_host, "127.0.0.1");
	cfg->listen_port = 8080;
	cfg->port_lo = 40000;
	cfg->port_hi = 40999;
	cfg->datapath = DATAPATH_AUTO;
	cfg->log_level = LOG_INFO;
	cfg->consent_timeout = 30;
	for (size_t i = 0; i < sizeof(default_profiles) / sizeof(char *); i++) {
		const struct srtp_profile *p =
			srtp_profile_by_name(default_profiles[i]);

		if (p && cfg->n_srtp_profile < CONFIG_MAX_SRTP_PROFILES)
			cfg->srtp_profile[cfg->n_srtp_profile++] = p;
	}
	cfg->max_rooms = 1000;
	cfg->max_room_peers = 16;
	cfg->max_calls = 250;
}

void config_srtp_profiles(const struct config *cfg, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < cfg->n_srtp_profile && off < len; i++) {
		int r = snprintf(buf + off, len - off, "%s%s", i ? ":" : "",
				 cfg->srtp_profile[i]->name);

		if (r < 0)
			break;
		off += (size_t)r;
	}
}

const char *datapath_mode_name(enum datapath_mode mode)
{
	switch (mode) {
	case DATAPATH_AUTO:
		return "auto";
	case DATAPATH_KERNEL:
		return "kernel";
	case DATAPATH_USER:
		return "user";
	}
	return "?";
}

/* A whole decimal string in [lo, hi]. */
static bool parse_uint(const char *s, unsigned long lo, unsigned long hi,
		       unsigned long *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

static bool is_ip_literal(const char *s)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, s, buf) == 1 ||
	       inet_pton(AF_INET6, s, buf) == 1;
}

/* HOST:PORT, with [v6]:PORT for IPv6 literals. */
static int set_listen(struct config *cfg, const char *v, char *why, size_t len)
{
	const char *colon, *host = v;
	size_t host_len;
	unsigned long port;

	if (*v == '[') {
		const char *close = strchr(v, ']');

		if (!close || close[1] != ':')
			goto bad;
		host = v + 1;
		host_len = (size_t)(close - host);
		colon = close + 1;
	} else {
		colon = strrchr(v, ':');
		if (!colon || memchr(v, ':', (size_t)(colon - v)))
			goto bad;
		host_len = (size_t)(colon - v);
	}
	if (!host_len || host_len > CONFIG_HOST_MAX ||
	    !parse_uint(colon + 1, 1, 65535, &port))
		goto bad;
	memcpy(cfg->listen_host, host, host_len);
	cfg->listen_host[host_len] = '\0';
	if (*v == '[' && !is_ip_literal(cfg->listen_host))
		goto bad;
	cfg->listen_port = (uint16_t)port;
	return 0;
bad:
	return fail(
		why, len,
		"expected HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080) with PORT 1-65535, got '%s'",
		v);
}

static int set_media_addr(struct config *cfg, const char *v, char *why,
			  size_t len)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, v, &a4) == 1) {
		if (a4.s_addr == htonl(INADDR_ANY))
			goto unspecified;
	} else if (inet_pton(AF_INET6, v, &a6) == 1) {
		if (IN6_IS_ADDR_UNSPECIFIED(&a6))
			goto unspecified;
	} else {
		return fail(why, len,
			    "expected an IPv4 or IPv6 address, got '%s'", v);
	}
	for (size_t i = 0; i < cfg->n_media_addr; i++)
		if (!strcmp(cfg->media_addr[i], v))
			return 0;
	if (cfg->n_media_addr == CONFIG_MAX_MEDIA_ADDRS)
		return fail(why, len, "at most %d media addresses",
			    CONFIG_MAX_MEDIA_ADDRS);
	snprintf(cfg->media_addr[cfg->n_media_addr++], INET6_ADDRSTRLEN, "%s",
		 v);
	return 0;
unspecified:
	return fail(
		why, len,
		"'%s' cannot be advertised to peers: give the address they reach",
		v);
}

static int set_media_ports(struct config *cfg, const char *v, char *why,
			   size_t len)
{
	const char *dash = strchr(v, '-');
	unsigned long lo, hi;
	char buf[16];

	if (!dash || (size_t)(dash - v) >= sizeof(buf))
		goto bad;
	memcpy(buf, v, (size_t)(dash - v));
	buf[dash - v] = '\0';
	if (!parse_uint(buf, 1, 65535, &lo) ||
	    !parse_uint(dash + 1, 1, 65535, &hi) || hi <= lo)
		goto bad;
	cfg->port_lo = (uint16_t)lo;
	cfg->port_hi = (uint16_t)hi;
	return 0;
bad:
	return fail(
		why, len,
		"expected LO-HI with 1 <= LO < HI <= 65535 (a call takes two ports), got '%s'",
		v);
}

static int set_srtp_profiles(struct config *cfg, const char *v, char *why,
			     size_t len)
{
	const struct srtp_profile *list[CONFIG_MAX_SRTP_PROFILES];
	char buf[512], *save = NULL, *tok;
	size_t n = 0;

	if (strlen(v) >= sizeof(buf))
		return fail(why, len, "list too long");
	strcpy(buf, v);
	for (tok = strtok_r(buf, ", ", &save); tok;
	     tok = strtok_r(NULL, ", ", &save)) {
		const struct srtp_profile *p = srtp_profile_by_name(tok);

		if (!p) {
			char known[256] = "";

			for (size_t i = 0; i < srtp_profile_count(); i++) {
				strncat(known, i ? ", " : "",
					sizeof(known) - strlen(known) - 1);
				strncat(known, srtp_profile_at(i)->name,
					sizeof(known) - strlen(known) - 1);
			}
			return fail(why, len,
				    "unknown SRTP profile '%s' (known: %s)",
				    tok, known);
		}
		for (size_t i = 0; i < n; i++)
			if (list[i] == p)
				return fail(why, len, "'%s' listed twice", tok);
		list[n++] = p;
	}
	if (!n)
		return fail(why, len,
			    "expected a comma-separated list of SRTP profiles");
	memcpy(cfg->srtp_profile, list, n * sizeof(list[0]));
	cfg->n_srtp_profile = n;
	return 0;
}

static int set_uint(unsigned int *dst, const char *v, unsigned long lo,
		    unsigned long hi, char *why, size_t len)
{
	unsigned long n;

	if (!parse_uint(v, lo, hi, &n))
		return fail(why, len,
			    "expected a whole number in %lu-%lu, got '%s'", lo,
			    hi, v);
	*dst = (unsigned int)n;
	return 0;
}

int config_set(struct config *cfg, const char *key, const char *v, char *why,
	       size_t len)
{
	int n;

	if (!strcmp(key, "listen"))
		return set_listen(cfg, v, why, len);
	if (!strcmp(key, "media-addr"))
		return set_media_addr(cfg, v, why, len);
	if (!strcmp(key, "media-ports"))
		return set_media_ports(cfg, v, why, len);
	if (!strcmp(key, "datapath")) {
		if (!strcmp(v, "auto"))
			cfg->datapath = DATAPATH_AUTO;
		else if (!strcmp(v, "kernel"))
			cfg->datapath = DATAPATH_KERNEL;
		else if (!strcmp(v, "user"))
			cfg->datapath = DATAPATH_USER;
		else
			return fail(why, len,
				    "expected auto, kernel or user, got '%s'",
				    v);
		return 0;
	}
	if (!strcmp(key, "xdp-iface")) {
		if (!*v || strlen(v) >= IF_NAMESIZE || strpbrk(v, " /\t"))
			return fail(why, len, "'%s' is not an interface name",
				    v);
		if (cfg->n_xdp_iface == CONFIG_MAX_XDP_IFACES)
			return fail(why, len, "at most %d interfaces",
				    CONFIG_MAX_XDP_IFACES);
		strcpy(cfg->xdp_iface[cfg->n_xdp_iface++], v);
		return 0;
	}
	if (!strcmp(key, "log-level")) {
		n = log_level_parse(v);
		if (n < 0)
			return fail(
				why, len,
				"expected error, warn, info or debug, got '%s'",
				v);
		cfg->log_level = (enum log_level)n;
		return 0;
	}
	if (!strcmp(key, "consent-timeout"))
		return set_uint(&cfg->consent_timeout, v, 1, 3600, why, len);
	if (!strcmp(key, "srtp-profiles"))
		return set_srtp_profiles(cfg, v, why, len);
	if (!strcmp(key, "max-rooms"))
		return set_uint(&cfg->max_rooms, v, 1, 1000000, why, len);
	if (!strcmp(key, "max-room-peers"))
		return set_uint(&cfg->max_room_peers, v, 2, 10000, why, len);
	if (!strcmp(key, "max-calls"))
		return set_uint(&cfg->max_calls, v, 1, 100000, why, len);
	return fail(why, len, "unknown key '%s'", key);
}
