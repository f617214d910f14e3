/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The media addresses: where every leg binds its UDP sockets and what the
 * rewritten SDP advertises in c= and a=candidate lines.
 */
#ifndef WRTCD_MEDIA_H
#define WRTCD_MEDIA_H

#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

#include "config.h"

struct media_addr {
	struct sockaddr_storage sa; /* port 0 */
	socklen_t len;
	char text[INET6_ADDRSTRLEN];
};

struct media_addrs {
	struct media_addr addr[CONFIG_MAX_MEDIA_ADDRS];
	size_t n;
};

/*
 * --media-addr as given; otherwise the listen host if it is a usable IP
 * literal, else the host's interface addresses (loopback only when there
 * is nothing else). Returns 0 or -1 after logging why.
 */
int media_addrs_init(struct media_addrs *m, const struct config *cfg);

/* "a, b, c" for the log. */
void media_addrs_describe(const struct media_addrs *m, char *buf, size_t len);

/* Text of @sa as "1.2.3.4:5" or "[::1]:5". */
void sockaddr_text(const struct sockaddr *sa, char *buf, size_t len);

#endif /* WRTCD_MEDIA_H */
