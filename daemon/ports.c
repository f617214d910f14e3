// SPDX-License-Identifier: GPL-2.0
/* Media port bookkeeping (see ports.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ports.h"

static size_t pool_size(const struct port_pool *pool)
{
	return (size_t)pool->hi - pool->lo + 1;
}

int port_pool_init(struct port_pool *pool, uint16_t lo, uint16_t hi)
{
	memset(pool, 0, sizeof(*pool));
	if (!lo || hi < lo)
		return -EINVAL;
	pool->lo = lo;
	pool->hi = hi;
	pool->used = calloc((pool_size(pool) + 7) / 8, 1);
	return pool->used ? 0 : -ENOMEM;
}

void port_pool_free(struct port_pool *pool)
{
	free(pool->used);
	pool->used = NULL;
}

static int bit(const struct port_pool *pool, size_t i)
{
	return pool->used[i / 8] >> (i % 8) & 1;
}

int port_pool_acquire(struct port_pool *pool,
		      int (*try_port)(uint16_t port, void *arg), void *arg)
{
	size_t n = pool_size(pool);

	for (size_t tried = 0; tried < n && pool->n_used < n; tried++) {
		size_t i = pool->next;
		uint16_t port = (uint16_t)(pool->lo + i);
		int ret;

		pool->next = (uint32_t)((i + 1) % n);
		if (bit(pool, i))
			continue;
		ret = try_port(port, arg);
		if (ret == -EADDRINUSE)
			continue; /* someone else holds it: next one */
		if (ret)
			return ret;
		pool->used[i / 8] |= (uint8_t)(1u << (i % 8));
		pool->n_used++;
		return port;
	}
	return -EADDRINUSE;
}

void port_pool_release(struct port_pool *pool, uint16_t port)
{
	size_t i;

	if (port < pool->lo || port > pool->hi)
		return;
	i = (size_t)(port - pool->lo);
	if (!bit(pool, i))
		return;
	pool->used[i / 8] &= (uint8_t) ~(1u << (i % 8));
	pool->n_used--;
}
