// SPDX-License-Identifier: GPL-2.0
/*
 * STUN text attributes (USERNAME, REALM, NONCE, SOFTWARE): UTF-8 and the
 * length limits of RFC 8489. The writer side is stun_build_text().
 */
#include <errno.h>
#include <stdio.h>

#include "stun.h"

/*
 * Length of the UTF-8 sequence that starts with @c, and the range its
 * second byte must fall in (RFC 3629 section 4): this is where overlong
 * forms, surrogates and code points past U+10FFFF are refused. 0 for a
 * byte that cannot start a sequence.
 */
static unsigned int utf8_lead(uint8_t c, uint8_t *lo, uint8_t *hi)
{
	*lo = 0x80;
	*hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0) {
		if (c == 0xe0)
			*lo = 0xa0;
		else if (c == 0xed)
			*hi = 0x9f;
		return 3;
	}
	if (c < 0xf5) {
		if (c == 0xf0)
			*lo = 0x90;
		else if (c == 0xf4)
			*hi = 0x8f;
		return 4;
	}
	return 0;
}

ssize_t stun_utf8_chars(const void *s, size_t len, size_t *bad)
{
	const uint8_t *p = s;
	size_t off = 0, i;
	ssize_t chars = 0;
	unsigned int n;
	uint8_t lo, hi;

	while (off < len) {
		n = utf8_lead(p[off], &lo, &hi);
		if (!n)
			goto fail;
		/* Cut short by the end: blame its first byte. */
		if (n > len - off)
			goto fail;
		for (i = 1; i < n; i++) {
			if (p[off + i] < lo || p[off + i] > hi) {
				off += i;
				goto fail;
			}
			lo = 0x80;
			hi = 0xbf;
		}
		off += n;
		chars++;
	}
	return chars;
fail:
	if (bad)
		*bad = off;
	return -EILSEQ;
}

int stun_attr_text(const struct stun_attr *attr, const char **s, size_t *len,
		   struct wrtc_err *err)
{
	const char *name = stun_attr_name(attr->type);
	char label[24];
	size_t bad;

	if (!name) {
		snprintf(label, sizeof(label), "attribute 0x%04x", attr->type);
		name = label;
	}
	if (attr->len > STUN_MAX_TEXT_READ)
		return wrtc_fail(err, -EBADMSG, attr->off,
				 "%s of %u bytes, more than %d", name,
				 attr->len, STUN_MAX_TEXT_READ);
	if (stun_utf8_chars(attr->val, attr->len, &bad) < 0)
		return wrtc_fail(err, -EBADMSG,
				 attr->off + STUN_ATTR_HEADER_LEN + bad,
				 "%s: byte %zu of the value is not UTF-8", name,
				 bad);
	if (s)
		*s = (const char *)attr->val;
	if (len)
		*len = attr->len;
	return 0;
}
