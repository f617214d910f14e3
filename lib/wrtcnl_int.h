/* SPDX-License-Identifier: GPL-2.0 */
/* Internals of the wrtcnl client, shared by its files (wrtcnl*.c). */
#ifndef WRTC_WRTCNL_INT_H
#define WRTC_WRTCNL_INT_H

#include <stdint.h>

#include "wrtcnl.h"

struct mnl_socket;
struct nlattr;

struct wrtcnl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint16_t family;
	uint32_t events_group;
	unsigned int seq;
	/* What the kernel said about the last failed request. */
	char extack[256];
	uint32_t extack_offset;
	uint32_t extack_missing;
	/* Requests are built here; replies land in rxbuf. */
	char txbuf[WRTCNL_BUF_SIZE];
	char rxbuf[WRTCNL_BUF_SIZE];
};

struct nlmsghdr *wrtcnl_msg_family(struct wrtcnl *nl, void *buf,
				   uint16_t family, uint8_t cmd,
				   uint16_t flags);

/* Parse a WRTC_A_LEG_STATS nest (NULL: all zero) (wrtcnl_leg.c). */
void wrtcnl_parse_stats(const struct nlattr *nest, struct wrtcnl_stats *st);

#endif /* WRTC_WRTCNL_INT_H */
