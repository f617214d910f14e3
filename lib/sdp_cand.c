// SPDX-License-Identifier: GPL-2.0
/*
 * The ICE candidate attribute, RFC 8839 section 5.1:
 *
 *   candidate:<foundation> <component-id> <transport> <priority>
 *             <connection-address> <port> typ <cand-type>
 *             [raddr <connection-address>] [rport <port>]
 *             *(<extension-att-name> <extension-att-value>)
 *
 * Fields are separated by exactly one SP. tcptype (RFC 6544) is an
 * extension; it is lifted into its own field, every other extension is
 * kept verbatim in ext.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sdp_int.h"

struct cursor {
	const char *base, *s, *end;
};

static bool next(struct cursor *c, const char **tok, size_t *len)
{
	const char *sp;

	if (c->s >= c->end)
		return false;
	sp = memchr(c->s, ' ', c->end - c->s);
	*tok = c->s;
	*len = (sp ? sp : c->end) - c->s;
	c->s = sp ? sp + 1 : c->end;
	return true;
}

static bool is_vchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Up to @digits digits, value at most @max. */
static bool number(const char *s, size_t len, size_t digits, unsigned long max,
		   unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > digits || !sdp_all(s, len, is_digit))
		return false;
	for (i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	if (v > max)
		return false;
	*out = v;
	return true;
}

static bool copy(char *dst, size_t size, const char *s, size_t len,
		 bool (*ok)(unsigned char c))
{
	if (len >= size || !sdp_all(s, len, ok))
		return false;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return true;
}

static bool is(const char *tok, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(tok, word, len);
}

/* Extensions after typ/raddr/rport; @tok, @len is the first name. */
static int parse_ext(struct cursor *cur, const char *tok, size_t len,
		     struct sdp_candidate *c, struct wrtc_err *err)
{
	const char *val;
	size_t vlen, n, used = 0;

	do {
		if (!sdp_all(tok, len, sdp_is_token_char))
			return wrtc_fail(err, -EBADMSG, tok - cur->base,
					 "candidate: bad extension name");
		if (!next(cur, &val, &vlen) || !sdp_all(val, vlen, is_vchar))
			return wrtc_fail(err, -EBADMSG, tok - cur->base,
					 "candidate: extension without value");
		if (is(tok, len, "tcptype")) {
			if (c->tcptype[0] ||
			    !(is(val, vlen, "active") ||
			      is(val, vlen, "passive") || is(val, vlen, "so")))
				return wrtc_fail(err, -EBADMSG, val - cur->base,
						 "candidate: bad tcptype");
			memcpy(c->tcptype, val, vlen);
			c->tcptype[vlen] = '\0';
			continue;
		}
		/* "name value", as it stands in the input */
		n = val + vlen - tok;
		if (used + !!used + n > SDP_CAND_EXT_MAX)
			return wrtc_fail(err, -E2BIG, tok - cur->base,
					 "candidate: extensions too long");
		if (used)
			c->ext[used++] = ' ';
		memcpy(c->ext + used, tok, n);
		used += n;
		c->ext[used] = '\0';
	} while (next(cur, &tok, &len));
	return 0;
}

int sdp_candidate_parse(const char *s, struct sdp_candidate *c,
			struct wrtc_err *err)
{
	struct cursor cur;
	const char *tok;
	unsigned long v;
	size_t len, i;

	wrtc_err_clear(err);
	if (!s || !c)
		return wrtc_fail(err, -EINVAL, 0, "no candidate");
	memset(c, 0, sizeof(*c));
	if (!strncmp(s, "a=", 2))
		s += 2;
	if (!strncmp(s, "candidate:", 10))
		s += 10;
	cur.base = cur.s = tok = s;
	cur.end = s + strnlen(s, SDP_MAX_LINE + 1);
	if (*cur.end)
		return wrtc_fail(err, -E2BIG, SDP_MAX_LINE,
				 "candidate too long");
	/* Exactly one SP between fields: no empty field anywhere. */
	for (i = 0; s + i < cur.end; i++)
		if (s[i] == ' ' &&
		    (!i || s + i + 1 == cur.end || s[i + 1] == ' '))
			return wrtc_fail(err, -EBADMSG, i,
					 "candidate: empty field");

	if (!next(&cur, &tok, &len) ||
	    !copy(c->foundation, sizeof(c->foundation), tok, len,
		  sdp_is_ice_char))
		return wrtc_fail(err, -EBADMSG, 0, "candidate: bad foundation");
	if (!next(&cur, &tok, &len) || !number(tok, len, 3, 256, &v) || !v)
		return wrtc_fail(err, -EBADMSG, tok - s,
				 "candidate: component not in 1..256");
	c->component = v;
	if (!next(&cur, &tok, &len) || !copy(c->transport, sizeof(c->transport),
					     tok, len, sdp_is_token_char))
		return wrtc_fail(err, -EBADMSG, tok - s,
				 "candidate: bad transport");
	if (!next(&cur, &tok, &len) || !number(tok, len, 10, 0x7fffffff, &v) ||
	    !v)
		return wrtc_fail(err, -EBADMSG, tok - s,
				 "candidate: priority not in 1..2^31-1");
	c->priority = v;
	if (!next(&cur, &tok, &len) ||
	    !copy(c->address, sizeof(c->address), tok, len, is_vchar))
		return wrtc_fail(err, -EBADMSG, tok - s,
				 "candidate: bad address");
	if (!next(&cur, &tok, &len) || !number(tok, len, 5, 65535, &v))
		return wrtc_fail(err, -EBADMSG, tok - s,
				 "candidate: port not in 0..65535");
	c->port = v;
	if (!next(&cur, &tok, &len) || !is(tok, len, "typ") ||
	    !next(&cur, &tok, &len) ||
	    !copy(c->type, sizeof(c->type), tok, len, sdp_is_token_char))
		return wrtc_fail(err, -EBADMSG, tok - s,
				 "candidate: missing or bad \"typ <type>\"");
	if (!next(&cur, &tok, &len))
		return 0;
	if (is(tok, len, "raddr")) {
		c->has_raddr = true;
		if (!next(&cur, &tok, &len) ||
		    !copy(c->raddr, sizeof(c->raddr), tok, len, is_vchar))
			return wrtc_fail(err, -EBADMSG, tok - s,
					 "candidate: bad raddr");
		if (!next(&cur, &tok, &len))
			return 0;
	}
	if (is(tok, len, "rport")) {
		c->has_rport = true;
		if (!next(&cur, &tok, &len) || !number(tok, len, 5, 65535, &v))
			return wrtc_fail(err, -EBADMSG, tok - s,
					 "candidate: bad rport");
		c->rport = v;
		if (!next(&cur, &tok, &len))
			return 0;
	}
	return parse_ext(&cur, tok, len, c, err);
}

/* Every string field of @c is NUL-terminated inside its array. */
static bool terminated(const struct sdp_candidate *c)
{
	return memchr(c->foundation, 0, sizeof(c->foundation)) &&
	       memchr(c->transport, 0, sizeof(c->transport)) &&
	       memchr(c->address, 0, sizeof(c->address)) &&
	       memchr(c->type, 0, sizeof(c->type)) &&
	       memchr(c->raddr, 0, sizeof(c->raddr)) &&
	       memchr(c->tcptype, 0, sizeof(c->tcptype)) &&
	       memchr(c->ext, 0, sizeof(c->ext));
}

static bool same(const struct sdp_candidate *a, const struct sdp_candidate *b)
{
	return !strcmp(a->foundation, b->foundation) &&
	       a->component == b->component &&
	       !strcmp(a->transport, b->transport) &&
	       a->priority == b->priority && !strcmp(a->address, b->address) &&
	       a->port == b->port && !strcmp(a->type, b->type) &&
	       a->has_raddr == b->has_raddr &&
	       (!a->has_raddr || !strcmp(a->raddr, b->raddr)) &&
	       a->has_rport == b->has_rport &&
	       (!a->has_rport || a->rport == b->rport) &&
	       !strcmp(a->tcptype, b->tcptype) && !strcmp(a->ext, b->ext);
}

int sdp_candidate_write(const struct sdp_candidate *c, char *buf, size_t size,
			struct wrtc_err *err)
{
	char text[SDP_MAX_LINE + 1], rport[16] = "";
	struct sdp_candidate check;
	int n;

	if (!c || !terminated(c))
		return wrtc_fail(err, -EINVAL, 0, "bad candidate");
	if (c->has_rport)
		snprintf(rport, sizeof(rport), " rport %u", c->rport);
	n = snprintf(text, sizeof(text),
		     "candidate:%s %u %s %u %s %u typ %s%s%s%s%s%s%s%s",
		     c->foundation, c->component, c->transport, c->priority,
		     c->address, c->port, c->type,
		     c->has_raddr ? " raddr " : "",
		     c->has_raddr ? c->raddr : "", rport,
		     c->tcptype[0] ? " tcptype " : "", c->tcptype,
		     c->ext[0] ? " " : "", c->ext);
	if (n < 0 || (size_t)n >= sizeof(text))
		return wrtc_fail(err, -EINVAL, 0, "candidate too long");
	/*
	 * The text is only right if it reads back as the same fields: this
	 * catches a space or a bad character smuggled into any field.
	 */
	if (sdp_candidate_parse(text, &check, err))
		return -EINVAL;
	if (!same(c, &check))
		return wrtc_fail(err, -EINVAL, 0,
				 "candidate fields do not survive writing");
	if (!buf || size <= (size_t)n)
		return wrtc_fail(err, -ENOSPC, 0,
				 "candidate needs %d bytes, buffer has %zu",
				 n + 1, size);
	memcpy(buf, text, n + 1);
	return n;
}

int sdp_candidate_count(const struct sdp *sdp, size_t m)
{
	const struct sdp_section *s;
	size_t i;
	int n = 0;

	if (!sdp || m >= sdp->nmedia)
		return -EINVAL;
	s = &sdp->media[m].s;
	for (i = 0; i < s->n; i++)
		n += sdp_line_attr(&s->line[i], "candidate") != NULL;
	return n;
}

int sdp_candidate(const struct sdp *sdp, size_t m, size_t i,
		  struct sdp_candidate *c, struct wrtc_err *err)
{
	const struct sdp_section *s;
	const char *v;
	size_t k, left = i;

	if (!sdp || m >= sdp->nmedia)
		return wrtc_fail(err, -EINVAL, 0, "no m= section %zu", m);
	s = &sdp->media[m].s;
	for (k = 0; k < s->n; k++) {
		v = sdp_line_attr(&s->line[k], "candidate");
		if (v && !left--)
			return sdp_candidate_parse(v, c, err);
	}
	return wrtc_fail(err, -ENOENT, 0, "no candidate %zu in m= section %zu",
			 i, m);
}
