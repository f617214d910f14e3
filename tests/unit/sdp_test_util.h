/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the SDP unit tests: test data files and line lists.
 */
#ifndef WRTC_SDP_TEST_UTIL_H
#define WRTC_SDP_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdp.h"

#define CHROME_DEFAULT "chromium156-offer-default-bundle.sdp"
#define CHROME_MAX "chromium156-offer-max-bundle.sdp"

/* Whole file @name of $WRTC_TESTDATA (default tests/data), NUL-terminated;
 * NULL if unreadable. */
static char *load_testdata(const char *name, size_t *len)
{
	const char *dir = getenv("WRTC_TESTDATA");
	char path[512];
	char *buf = NULL;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/data", name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc(n + 1);
		if (buf && fread(buf, 1, n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf) {
			buf[n] = '\0';
			*len = n;
		}
	}
	fclose(f);
	return buf;
}

/* Write @sdp to a malloc'd string; NULL on failure. */
static char *sdp_text(const struct sdp *sdp)
{
	size_t size = sdp_write_size(sdp) + 1;
	char *buf = malloc(size);

	if (buf && sdp_write(sdp, buf, size, NULL) != (int)size - 1) {
		free(buf);
		buf = NULL;
	}
	return buf;
}

/* The lines of a text, without their endings (CRLF or LF). */
struct lines {
	char **v;
	size_t n;
};

static void lines_free(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void lines_add(struct lines *l, const char *s, size_t len)
{
	l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	if (!l->v)
		abort();
	l->v[l->n++] = strndup(s, len);
}

static struct lines split_lines(const char *text)
{
	struct lines l = { 0 };
	const char *nl;
	size_t len;

	while (*text) {
		nl = strchr(text, '\n');
		len = nl ? (size_t)(nl - text) : strlen(text);
		lines_add(&l, text,
			  len && text[len - 1] == '\r' ? len - 1 : len);
		text = nl ? nl + 1 : text + len;
	}
	return l;
}

/* @text with every CRLF turned into LF, malloc'd. */
static char *crlf_to_lf(const char *text, size_t *len)
{
	char *out = malloc(strlen(text) + 1), *p = out;

	if (!out)
		abort();
	for (; *text; text++)
		if (!(text[0] == '\r' && text[1] == '\n'))
			*p++ = *text;
	*p = '\0';
	*len = p - out;
	return out;
}

#endif /* WRTC_SDP_TEST_UTIL_H */
