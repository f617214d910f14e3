/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the SRTP transform core (srtp_xform*.c, srtp_replay.c) may use from
 * its environment, so that the same files build in userspace (libwrtc.a,
 * over libc) and in wrtc.ko (over the kernel's headers): fixed-width types,
 * errno values, memcpy/memcmp/memset, big-endian loads and stores, a
 * constant-time comparison, a wipe the compiler cannot drop, and the
 * reason-reporting of lib/err.h (which the kernel build turns into a bare
 * return of the code: the data path has nowhere to print to).
 */
#ifndef WRTC_SRTP_COMPAT_H
#define WRTC_SRTP_COMPAT_H

#ifdef __KERNEL__

/* Feature tests, not versions: both headers moved (6.4, 6.12). */
#if __has_include(<crypto/utils.h>)
#include <crypto/utils.h> /* crypto_memneq() */
#else
#include <crypto/algapi.h>
#endif
#if __has_include(<linux/unaligned.h>)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>

struct wrtc_err; /* never filled in the kernel */

#define srtp_fail(err, code, offset, ...) ((void)(err), (code))

static inline uint16_t srtp_get_be16(const uint8_t *p)
{
	return get_unaligned_be16(p);
}

static inline uint32_t srtp_get_be32(const uint8_t *p)
{
	return get_unaligned_be32(p);
}

static inline void srtp_put_be32(uint8_t *p, uint32_t v)
{
	put_unaligned_be32(v, p);
}

static inline int srtp_memneq(const void *a, const void *b, size_t len)
{
	return crypto_memneq(a, b, len) != 0;
}

static inline void srtp_memzero_explicit(void *p, size_t len)
{
	memzero_explicit(p, len);
}

#else /* userspace */

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "bytes.h"
#include "err.h"

#define srtp_fail wrtc_fail

static inline uint16_t srtp_get_be16(const uint8_t *p)
{
	return get_be16(p);
}

static inline uint32_t srtp_get_be32(const uint8_t *p)
{
	return get_be32(p);
}

static inline void srtp_put_be32(uint8_t *p, uint32_t v)
{
	put_be32(p, v);
}

/*
 * Non-zero when the buffers differ, in time that depends on @len only (as
 * CRYPTO_memcmp): the volatile reads keep the compiler from turning the
 * loop into an early-exit memcmp, which would leak how much of a forged
 * tag was right.
 */
static inline int srtp_memneq(const void *a, const void *b, size_t len)
{
	const volatile uint8_t *pa = a, *pb = b;
	uint8_t diff = 0;
	size_t i;

	for (i = 0; i < len; i++)
		diff |= pa[i] ^ pb[i];
	return diff != 0;
}

static inline void srtp_memzero_explicit(void *p, size_t len)
{
	explicit_bzero(p, len);
}

#endif /* __KERNEL__ */

#endif /* WRTC_SRTP_COMPAT_H */
