/* SPDX-License-Identifier: GPL-2.0 */
/* Test helper: hex text (spaces and newlines ignored) to bytes. */
#ifndef WRTC_TEST_UNHEX_H
#define WRTC_TEST_UNHEX_H

#include <stddef.h>
#include <stdint.h>

/* Returns the byte count, or 0 for a bad digit, an odd count or overflow. */
static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	int hi = -1;

	for (; *s; s++) {
		int v;

		if (*s == ' ' || *s == '\n')
			continue;
		if (*s >= '0' && *s <= '9')
			v = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			v = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			v = *s - 'A' + 10;
		else
			return 0;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return 0;
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	return hi < 0 ? n : 0;
}

#endif /* WRTC_TEST_UNHEX_H */
