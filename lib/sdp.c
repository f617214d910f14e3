// SPDX-License-Identifier: GPL-2.0
/*
 * SDP model: ownership, copying, lookup, editing and the writer. The parser
 * is in sdp_parse.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdp_int.h"

bool sdp_is_token_char(unsigned char c)
{
	/* %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E */
	if (c < 0x21 || c > 0x7e)
		return false;
	return !strchr("\"(),/:;<=>?@[\\]", c);
}

bool sdp_is_ice_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '/';
}

bool sdp_all(const char *s, size_t len, bool (*ok)(unsigned char c))
{
	size_t i;

	if (!len)
		return false;
	for (i = 0; i < len; i++)
		if (!ok((unsigned char)s[i]))
			return false;
	return true;
}

bool sdp_words(const char *s, size_t len, bool (*ok)(unsigned char c))
{
	const char *end = s + len, *sp;

	do {
		sp = memchr(s, ' ', end - s);
		if (!sdp_all(s, (sp ? sp : end) - s, ok))
			return false;
		s = sp ? sp + 1 : end;
	} while (sp);
	return true;
}

char *sdp_memdup(const char *s, size_t len)
{
	char *p = len < SIZE_MAX ? malloc(len + 1) : NULL;

	if (p) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static void section_free(struct sdp_section *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->line[i].text);
	free(s->line);
	memset(s, 0, sizeof(*s));
}

static void media_free(struct sdp_media *m)
{
	section_free(&m->s);
	free(m->media);
	free(m->proto);
	free(m->fmts);
	memset(m, 0, sizeof(*m));
}

void sdp_free(struct sdp *sdp)
{
	size_t i;

	if (!sdp)
		return;
	section_free(&sdp->session);
	for (i = 0; i < sdp->nmedia; i++)
		media_free(&sdp->media[i]);
	free(sdp->media);
	memset(sdp, 0, sizeof(*sdp));
}

static int section_clone(struct sdp_section *dst, const struct sdp_section *src)
{
	size_t i;
	int ret;

	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < src->n; i++) {
		const struct sdp_line *l = &src->line[i];

		ret = sdp_section_insert(dst, i, l->type, l->text, l->len,
					 l->eol);
		if (ret)
			return ret;
	}
	return 0;
}

int sdp_clone(struct sdp *dst, const struct sdp *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->eol = src->eol;
	if (section_clone(&dst->session, &src->session))
		goto nomem;
	if (src->nmedia) {
		dst->media = calloc(src->nmedia, sizeof(*dst->media));
		if (!dst->media)
			goto nomem;
	}
	for (i = 0; i < src->nmedia; i++) {
		const struct sdp_media *sm = &src->media[i];
		struct sdp_media *dm = &dst->media[i];

		dst->nmedia = i + 1;
		dm->port = sm->port;
		dm->nports = sm->nports;
		dm->media = strdup(sm->media);
		dm->proto = strdup(sm->proto);
		dm->fmts = strdup(sm->fmts);
		if (!dm->media || !dm->proto || !dm->fmts ||
		    section_clone(&dm->s, &sm->s))
			goto nomem;
	}
	return 0;
nomem:
	sdp_free(dst);
	return -ENOMEM;
}

int sdp_section_insert(struct sdp_section *s, size_t at, char type,
		       const char *text, size_t len, uint8_t eol)
{
	struct sdp_line l = { .type = type, .eol = eol, .len = len };

	if (at > s->n || len > UINT32_MAX)
		return -EINVAL;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct sdp_line *p = reallocarray(s->line, cap, sizeof(*p));

		if (!p)
			return -ENOMEM;
		s->line = p;
		s->cap = cap;
	}
	l.text = sdp_memdup(text, len);
	if (!l.text)
		return -ENOMEM;
	memmove(&s->line[at + 1], &s->line[at],
		(s->n - at) * sizeof(s->line[0]));
	s->line[at] = l;
	s->n++;
	return 0;
}

void sdp_section_remove(struct sdp_section *s, size_t at)
{
	if (at >= s->n)
		return;
	free(s->line[at].text);
	memmove(&s->line[at], &s->line[at + 1],
		(s->n - at - 1) * sizeof(s->line[0]));
	s->n--;
}

int sdp_line_set(struct sdp_line *line, const char *text, size_t len)
{
	char *p;

	if (len > UINT32_MAX)
		return -EINVAL;
	p = sdp_memdup(text, len);
	if (!p)
		return -ENOMEM;
	free(line->text);
	line->text = p;
	line->len = len;
	return 0;
}

int sdp_media_set_port(struct sdp_media *m, uint16_t port)
{
	char count[8] = "";
	char *text;
	int len, ret;

	if (m->nports)
		snprintf(count, sizeof(count), "/%u", m->nports);
	len = asprintf(&text, "%s %u%s %s %s", m->media, port, count, m->proto,
		       m->fmts);
	if (len < 0)
		return -ENOMEM;
	ret = sdp_line_set(&m->s.line[0], text, len);
	free(text);
	if (!ret)
		m->port = port;
	return ret;
}

const char *sdp_line_attr(const struct sdp_line *line, const char *name)
{
	size_t n = strlen(name);

	if (line->type != 'a' || line->len < n || memcmp(line->text, name, n))
		return NULL;
	if (line->text[n] == ':')
		return line->text + n + 1;
	return line->text[n] ? NULL : line->text + n;
}

static const char *section_attr(const struct sdp_section *s, const char *name)
{
	const char *v;
	size_t i;

	for (i = 0; i < s->n; i++) {
		v = sdp_line_attr(&s->line[i], name);
		if (v)
			return v;
	}
	return NULL;
}

const char *sdp_media_attr(const struct sdp *sdp, size_t m, const char *name)
{
	if (m >= sdp->nmedia)
		return NULL;
	return section_attr(&sdp->media[m].s, name);
}

const char *sdp_session_attr(const struct sdp *sdp, const char *name)
{
	return section_attr(&sdp->session, name);
}

static const char *const eol_text[] = { "\r\n", "\n", "" };

static size_t line_size(const struct sdp_line *l)
{
	return 2 + l->len + strlen(eol_text[l->eol]);
}

static size_t section_size(const struct sdp_section *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += line_size(&s->line[i]);
	return n;
}

size_t sdp_write_size(const struct sdp *sdp)
{
	size_t i, n = section_size(&sdp->session);

	for (i = 0; i < sdp->nmedia; i++)
		n += section_size(&sdp->media[i].s);
	return n;
}

static char *section_write(const struct sdp_section *s, char *p)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		const struct sdp_line *l = &s->line[i];
		size_t e = strlen(eol_text[l->eol]);

		*p++ = l->type;
		*p++ = '=';
		memcpy(p, l->text, l->len);
		p += l->len;
		memcpy(p, eol_text[l->eol], e);
		p += e;
	}
	return p;
}

int sdp_write(const struct sdp *sdp, char *buf, size_t size,
	      struct wrtc_err *err)
{
	size_t need = sdp_write_size(sdp), i;
	char *p = buf;

	/* The int return value must be able to carry the length. */
	if (need > (size_t)INT32_MAX)
		return wrtc_fail(err, -E2BIG, 0, "SDP of %zu bytes", need);
	if (!buf || size < need + 1)
		return wrtc_fail(err, -ENOSPC, 0,
				 "SDP needs %zu bytes, buffer has %zu",
				 need + 1, size);
	p = section_write(&sdp->session, p);
	for (i = 0; i < sdp->nmedia; i++)
		p = section_write(&sdp->media[i].s, p);
	*p = '\0';
	return (int)need;
}

static int section_limits(const struct sdp_section *s, const char *what,
			  struct wrtc_err *err)
{
	size_t i;

	if (s->n > SDP_MAX_LINES)
		return wrtc_fail(err, -E2BIG, 0, "%s has %zu lines, max %d",
				 what, s->n, SDP_MAX_LINES);
	for (i = 0; i < s->n; i++)
		if (s->line[i].len + 2 > SDP_MAX_LINE)
			return wrtc_fail(err, -E2BIG, 0,
					 "%s: line of %u bytes, max %d", what,
					 s->line[i].len + 2, SDP_MAX_LINE);
	return 0;
}

int sdp_check_limits(const struct sdp *sdp, struct wrtc_err *err)
{
	size_t i, size = sdp_write_size(sdp);
	int ret;

	if (size > SDP_MAX_SIZE)
		return wrtc_fail(err, -E2BIG, 0, "SDP of %zu bytes, max %d",
				 size, SDP_MAX_SIZE);
	if (sdp->nmedia > SDP_MAX_MEDIA)
		return wrtc_fail(err, -E2BIG, 0, "%zu m= sections, max %d",
				 sdp->nmedia, SDP_MAX_MEDIA);
	ret = section_limits(&sdp->session, "session", err);
	for (i = 0; !ret && i < sdp->nmedia; i++)
		ret = section_limits(&sdp->media[i].s, "m= section", err);
	return ret;
}
