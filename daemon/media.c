// SPDX-License-Identifier: GPL-2.0
/* Which addresses legs bind and advertise (see media.h). */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "media.h"

static bool addr_usable(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		return s4->sin_addr.s_addr != htonl(INADDR_ANY);
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		/* Link-local needs a scope id that SDP cannot carry. */
		return !IN6_IS_ADDR_UNSPECIFIED(&s6->sin6_addr) &&
		       !IN6_IS_ADDR_LINKLOCAL(&s6->sin6_addr);
	}
	return false;
}

static bool is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)(const void *)sa)
				      ->sin_addr.s_addr) >>
			24) == 127;
	return IN6_IS_ADDR_LOOPBACK(
		&((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr);
}

/* Add an IP literal or sockaddr; duplicates and overflow are ignored. */
static int add(struct media_addrs *m, const char *text,
	       const struct sockaddr *sa)
{
	struct media_addr a;

	memset(&a, 0, sizeof(a));
	if (text) {
		struct sockaddr_in *s4 = (void *)&a.sa;
		struct sockaddr_in6 *s6 = (void *)&a.sa;

		if (inet_pton(AF_INET, text, &s4->sin_addr) == 1) {
			s4->sin_family = AF_INET;
			a.len = sizeof(*s4);
		} else if (inet_pton(AF_INET6, text, &s6->sin6_addr) == 1) {
			s6->sin6_family = AF_INET6;
			a.len = sizeof(*s6);
		} else {
			return -1;
		}
	} else {
		a.len = sa->sa_family == AF_INET ? sizeof(struct sockaddr_in) :
						   sizeof(struct sockaddr_in6);
		memcpy(&a.sa, sa, a.len);
		if (sa->sa_family == AF_INET)
			((struct sockaddr_in *)&a.sa)->sin_port = 0;
		else
			((struct sockaddr_in6 *)&a.sa)->sin6_port = 0;
	}
	if (!addr_usable((struct sockaddr *)&a.sa))
		return -1;
	if (a.sa.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&a.sa)->sin_addr,
			  a.text, sizeof(a.text));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a.sa)->sin6_addr,
			  a.text, sizeof(a.text));
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->addr[i].text, a.text))
			return 0;
	if (m->n == CONFIG_MAX_MEDIA_ADDRS)
		return 0;
	m->addr[m->n++] = a;
	return 0;
}

static void add_interfaces(struct media_addrs *m, bool loopback)
{
	struct ifaddrs *ifa, *i;

	if (getifaddrs(&ifa))
		return;
	for (i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || !(i->ifa_flags & IFF_UP))
			continue;
		if (i->ifa_addr->sa_family != AF_INET &&
		    i->ifa_addr->sa_family != AF_INET6)
			continue;
		if (is_loopback(i->ifa_addr) != loopback)
			continue;
		add(m, NULL, i->ifa_addr);
	}
	freeifaddrs(ifa);
}

int media_addrs_init(struct media_addrs *m, const struct config *cfg)
{
	memset(m, 0, sizeof(*m));
	for (size_t i = 0; i < cfg->n_media_addr; i++)
		add(m, cfg->media_addr[i], NULL);
	if (m->n)
		return 0;
	if (!add(m, cfg->listen_host, NULL) && m->n)
		return 0;
	add_interfaces(m, false);
	if (!m->n)
		add_interfaces(m, true);
	if (!m->n) {
		log_err("no usable media address: give --media-addr");
		return -1;
	}
	return 0;
}

void media_addrs_describe(const struct media_addrs *m, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < m->n && off < len; i++) {
		int r = snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
				 m->addr[i].text);

		if (r < 0)
			break;
		off += (size_t)r;
	}
}

void sockaddr_text(const struct sockaddr *sa, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *s4 = (const void *)sa;

		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(s4->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)sa;

		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(s6->sin6_port));
	} else {
		snprintf(buf, len, "?");
	}
}
