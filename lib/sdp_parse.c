// SPDX-License-Identifier: GPL-2.0
/*
 * SDP parser: text to the line model of sdp.h. The rules it enforces and
 * the limits it applies are listed in sdp.h.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sdp_int.h"

/* RFC 8866 section 9: the type letters, and those allowed after m=. */
static const char session_types[] = "vosiuepcbtrzkam";
static const char media_types[] = "icbka";

struct parser {
	struct sdp *sdp;
	struct wrtc_err *err;
	size_t off; /* offset of the current line in the input */
	unsigned int o, s, t; /* how many o=, s=, t= lines were seen */
};

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* proto = token *("/" token) */
static bool is_proto_char(unsigned char c)
{
	return c == '/' || sdp_is_token_char(c);
}

/* Split off the next field of @s ending at a single SP or at @end. */
static const char *field(const char *s, const char *end, size_t *len)
{
	const char *sp = memchr(s, ' ', end - s);

	*len = (sp ? sp : end) - s;
	return sp ? sp + 1 : end;
}

/* 1 to 5 digits, value 0..65535. */
static bool parse_u16(const char *s, size_t len, uint16_t *out)
{
	unsigned long v = 0;
	size_t i;

	if (!len || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (!is_digit(s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	if (v > 65535)
		return false;
	*out = v;
	return true;
}

/* m=<media> <port>[/<number of ports>] <proto> <fmt> ... */
static int parse_m(struct parser *p, struct sdp_media *m, const char *s,
		   size_t len)
{
	const char *end = s + len, *media, *port, *proto, *slash;
	size_t media_len, port_len, proto_len;

	media = s;
	s = field(s, end, &media_len);
	port = s;
	s = field(s, end, &port_len);
	proto = s;
	s = field(s, end, &proto_len);
	if (!sdp_all(media, media_len, sdp_is_token_char))
		return wrtc_fail(p->err, -EBADMSG, p->off,
				 "m= line: bad or missing media type");
	slash = memchr(port, '/', port_len);
	if (!parse_u16(port, slash ? (size_t)(slash - port) : port_len,
		       &m->port))
		return wrtc_fail(p->err, -EBADMSG, p->off,
				 "m= line: port is not a number 0..65535");
	if (slash &&
	    (!parse_u16(slash + 1, port + port_len - slash - 1, &m->nports) ||
	     !m->nports))
		return wrtc_fail(p->err, -EBADMSG, p->off,
				 "m= line: bad number of ports");
	if (!sdp_all(proto, proto_len, is_proto_char))
		return wrtc_fail(p->err, -EBADMSG, p->off,
				 "m= line: bad or missing transport protocol");
	if (!sdp_words(s, end - s, sdp_is_token_char))
		return wrtc_fail(p->err, -EBADMSG, p->off,
				 "m= line: bad or missing media formats");
	m->media = sdp_memdup(media, media_len);
	m->proto = sdp_memdup(proto, proto_len);
	m->fmts = sdp_memdup(s, end - s);
	if (!m->media || !m->proto || !m->fmts)
		return -ENOMEM;
	return 0;
}

static bool is_vchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f;
}

/* c=<nettype> <addrtype> <connection-address> */
static int check_c(struct parser *p, const char *s, size_t len)
{
	const char *end = s + len, *net, *type;
	size_t net_len, type_len;

	net = s;
	s = field(s, end, &net_len);
	type = s;
	s = field(s, end, &type_len);
	if (!sdp_all(net, net_len, sdp_is_token_char) ||
	    !sdp_all(type, type_len, sdp_is_token_char) ||
	    !sdp_all(s, end - s, is_vchar))
		return wrtc_fail(
			p->err, -EBADMSG, p->off,
			"c= line is not \"<nettype> <addrtype> <address>\"");
	return 0;
}

/* a=<attribute-name>[:<value>] */
static int check_a(struct parser *p, const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len);

	if (!sdp_all(s, colon ? (size_t)(colon - s) : len, sdp_is_token_char))
		return wrtc_fail(p->err, -EBADMSG, p->off,
				 "a= line: bad attribute name");
	return 0;
}

static int add_media(struct parser *p, const char *s, size_t len)
{
	struct sdp *sdp = p->sdp;
	struct sdp_media *m;

	if (sdp->nmedia == SDP_MAX_MEDIA)
		return wrtc_fail(p->err, -E2BIG, p->off,
				 "more than %d m= sections", SDP_MAX_MEDIA);
	/* Grow by powers of two up to the limit. */
	if (!(sdp->nmedia & (sdp->nmedia - 1))) {
		size_t cap = sdp->nmedia ? sdp->nmedia * 2 : 1;

		m = reallocarray(sdp->media, cap, sizeof(*m));
		if (!m)
			return -ENOMEM;
		sdp->media = m;
	}
	m = &sdp->media[sdp->nmedia++];
	memset(m, 0, sizeof(*m));
	return parse_m(p, m, s, len);
}

static int parse_line(struct parser *p, char type, const char *s, size_t len,
		      uint8_t eol)
{
	struct sdp *sdp = p->sdp;
	struct sdp_section *sec;
	int ret = 0;

	if (!p->sdp->session.n) {
		if (type != 'v')
			return wrtc_fail(p->err, -EBADMSG, p->off,
					 "the first line must be v=");
		if (len != 1 || s[0] != '0')
			return wrtc_fail(p->err, -EBADMSG, p->off,
					 "unsupported SDP version (v=0 only)");
		sdp->eol = eol == SDP_EOL_NONE ? SDP_EOL_CRLF : eol;
	} else if (type == 'v') {
		return wrtc_fail(p->err, -EBADMSG, p->off, "second v= line");
	}
	if (!strchr(sdp->nmedia ? media_types : session_types, type) &&
	    type != 'm') {
		if (strchr(session_types, type))
			return wrtc_fail(p->err, -EBADMSG, p->off,
					 "%c= line inside a media description",
					 type);
		return wrtc_fail(p->err, -EBADMSG, p->off,
				 "unknown line type 0x%02x",
				 (unsigned char)type);
	}
	p->o += type == 'o';
	p->s += type == 's';
	p->t += type == 't';
	if (p->o > 1 || p->s > 1)
		return wrtc_fail(p->err, -EBADMSG, p->off, "second %c= line",
				 type);
	if (type == 'm')
		ret = add_media(p, s, len);
	else if (type == 'c')
		ret = check_c(p, s, len);
	else if (type == 'a')
		ret = check_a(p, s, len);
	if (ret)
		return ret;
	sec = sdp->nmedia ? &sdp->media[sdp->nmedia - 1].s : &sdp->session;
	if (sec->n == SDP_MAX_LINES)
		return wrtc_fail(p->err, -E2BIG, p->off,
				 "more than %d lines in a section",
				 SDP_MAX_LINES);
	return sdp_section_insert(sec, sec->n, type, s, len, eol);
}

/* Only line endings left from @s to @end. */
static bool only_blank_lines(const char *s, const char *end)
{
	for (; s < end; s++) {
		if (*s == '\n')
			continue;
		if (*s != '\r' || s + 1 == end || s[1] != '\n')
			return false;
	}
	return true;
}

static int parse_lines(struct parser *p, const char *buf, size_t len)
{
	const char *s = buf, *end = buf + len, *nl, *stop;
	uint8_t eol;
	size_t n;
	int ret;

	while (s < end) {
		p->off = s - buf;
		nl = memchr(s, '\n', end - s);
		stop = nl ? nl : end;
		eol = nl ? SDP_EOL_LF : SDP_EOL_NONE;
		if (nl && stop > s && stop[-1] == '\r') {
			stop--;
			eol = SDP_EOL_CRLF;
		}
		n = stop - s;
		if (n > SDP_MAX_LINE)
			return wrtc_fail(p->err, -E2BIG, p->off,
					 "line longer than %d bytes",
					 SDP_MAX_LINE);
		if (memchr(s, '\r', n))
			return wrtc_fail(p->err, -EBADMSG,
					 (const char *)memchr(s, '\r', n) - buf,
					 "CR not followed by LF");
		if (!n) {
			if (only_blank_lines(s, end))
				break;
			return wrtc_fail(p->err, -EBADMSG, p->off,
					 "empty line");
		}
		if (n < 2 || s[1] != '=')
			return wrtc_fail(p->err, -EBADMSG, p->off,
					 "line is not <type>=<value>");
		ret = parse_line(p, s[0], s + 2, n - 2, eol);
		if (ret)
			return ret;
		s = nl ? nl + 1 : end;
	}
	if (!p->sdp->session.n)
		return wrtc_fail(p->err, -EBADMSG, 0, "no v= line");
	if (!p->o)
		return wrtc_fail(p->err, -EBADMSG, len, "no o= line");
	if (!p->s)
		return wrtc_fail(p->err, -EBADMSG, len, "no s= line");
	if (!p->t)
		return wrtc_fail(p->err, -EBADMSG, len, "no t= line");
	return 0;
}

int sdp_parse(struct sdp *sdp, const char *buf, size_t len,
	      struct wrtc_err *err)
{
	struct parser p = { .sdp = sdp, .err = err };
	const char *nul;
	int ret;

	wrtc_err_clear(err);
	if (!sdp)
		return wrtc_fail(err, -EINVAL, 0, "no SDP model");
	memset(sdp, 0, sizeof(*sdp));
	if (!buf && len)
		return wrtc_fail(err, -EINVAL, 0, "no input");
	if (len > SDP_MAX_SIZE)
		return wrtc_fail(err, -E2BIG, SDP_MAX_SIZE,
				 "SDP of %zu bytes, max %d", len, SDP_MAX_SIZE);
	nul = len ? memchr(buf, '\0', len) : NULL;
	if (nul)
		return wrtc_fail(err, -EBADMSG, nul - buf, "NUL byte");
	ret = parse_lines(&p, buf, len);
	if (ret == -ENOMEM)
		wrtc_fail(err, ret, p.off, "out of memory");
	if (ret)
		sdp_free(sdp);
	return ret;
}
