/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The --media-ports range: which UDP ports legs hold. Ports are handed out
 * round-robin from a cursor, so a port just released is the last to be
 * reused and late packets of an old call do not reach a new one.
 */
#ifndef WRTCD_PORTS_H
#define WRTCD_PORTS_H

#include <stddef.h>
#include <stdint.h>

struct port_pool {
	uint16_t lo, hi; /* inclusive */
	uint32_t next; /* offset of the next port to try */
	uint8_t *used; /* bitmap over hi - lo + 1 ports */
	size_t n_used;
};

int port_pool_init(struct port_pool *pool, uint16_t lo, uint16_t hi);
void port_pool_free(struct port_pool *pool);

/*
 * Find a free port: call @try_port on each port we do not hold, from the
 * cursor on, until it returns 0 (the port is now in use by the caller) or
 * something other than -EADDRINUSE (given up). Returns the port, or
 * -EADDRINUSE when the whole range is taken, or @try_port's error.
 */
int port_pool_acquire(struct port_pool *pool,
		      int (*try_port)(uint16_t port, void *arg), void *arg);
void port_pool_release(struct port_pool *pool, uint16_t port);

#endif /* WRTCD_PORTS_H */
