// SPDX-License-Identifier: GPL-2.0
/*
 * The anchoring rewrite (DESIGN.md "Media anchoring"): when one peer's SDP
 * is forwarded to the other, its transport is replaced by the gateway's leg
 * and everything else passes through untouched and in order.
 *
 * What changes, in every section:
 *  - removed wherever they are, session or media level: a=ice-ufrag,
 *    ice-pwd, ice-options, ice-lite, ice-mismatch, ice-pacing, candidate,
 *    remote-candidates, end-of-candidates, fingerprint, setup, tls-id. They
 *    all describe the sender's ICE agent or DTLS endpoint, which the
 *    receiver never talks to. (tls-id names the sender's DTLS association;
 *    the gateway runs its own, so passing it on would be a lie.)
 *  - the replacements are written in each m= section not rejected, as one
 *    block where the first removed attribute stood (else before the
 *    section's first a= line): ice-ufrag, ice-pwd, [ice-options],
 *    fingerprint, setup, the candidates, end-of-candidates. The gateway's
 *    candidates are complete, so it says so (RFC 8840).
 *  - c= lines keep their place and get the gateway's address (IN IP4 or
 *    IN IP6 by the address); a section without c= gets one after m= (and
 *    i=) unless the session level has one.
 *  - the m= port becomes the gateway's, unless it is 0: a rejected or
 *    bundle-only section keeps port 0 and gets no transport attributes
 *    (JSEP, RFC 8829 section 5.2.1, leaves them out of bundle-only ones).
 *  - a=rtcp is rewritten, not dropped, to the gateway's port and address:
 *    with rtcp-mux (required by the gateway) RTCP arrives on the RTP port,
 *    which is what RFC 5761 section 5.1.3 says a=rtcp should then show, and
 *    the sender's address must not reach the receiver. In a rejected
 *    section it is dropped like the other transport attributes, and so is
 *    one at session level, where it is not allowed (RFC 3605).
 *  - a=ice-lite is added at session level when the leg is ICE-lite, where
 *    the first removed session attribute stood (else before the first
 *    session a= line).
 * a=connection (RFC 4145, TCP only) and o= are left alone.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sdp_int.h"

static const char *const transport_attrs[] = {
	"ice-ufrag",	     "ice-pwd",	    "ice-options", "ice-lite",
	"ice-mismatch",	     "ice-pacing",  "candidate",   "remote-candidates",
	"end-of-candidates", "fingerprint", "setup",	   "tls-id",
};

#define NTRANSPORT (sizeof(transport_attrs) / sizeof(transport_attrs[0]))
/* ufrag, pwd, options, fingerprint, setup, candidates, end-of-candidates */
#define MAX_BLOCK (6 + SDP_MAX_CANDIDATES)

struct rewrite {
	char *block[MAX_BLOCK]; /* a= values of the transport block */
	size_t nblock;
	char *c; /* c= value */
	char *rtcp; /* a=rtcp value */
	const struct sdp_transport *t;
	uint8_t eol;
	bool session_c;
};

static bool is_transport(const struct sdp_line *l)
{
	size_t i;

	for (i = 0; i < NTRANSPORT; i++)
		if (sdp_line_attr(l, transport_attrs[i]))
			return true;
	return false;
}

static bool ice_string(const char *s, size_t min)
{
	size_t len = s ? strnlen(s, 257) : 0;

	return len >= min && len <= 256 && sdp_all(s, len, sdp_is_ice_char);
}

/* 0 if @addr is an IPv4 literal, 1 if IPv6, -1 otherwise. */
static int ip_version(const char *addr)
{
	unsigned char a[16];

	if (inet_pton(AF_INET, addr, a) == 1)
		return 0;
	if (inet_pton(AF_INET6, addr, a) == 1)
		return 1;
	return -1;
}

static unsigned int type_preference(const char *type)
{
	/* RFC 8445 section 5.1.2.2 recommended values */
	if (!strcmp(type, "host"))
		return 126;
	if (!strcmp(type, "prflx"))
		return 110;
	if (!strcmp(type, "srflx"))
		return 100;
	return 0;
}

/* Append the line "a=@name@value" to the transport block. */
static int add(struct rewrite *rw, const char *name, const char *value)
{
	char *s;

	if (asprintf(&s, "%s%s", name, value) < 0)
		return -ENOMEM;
	rw->block[rw->nblock++] = s;
	return 0;
}

static int candidate(struct rewrite *rw, size_t i, struct wrtc_err *err)
{
	struct sdp_candidate c = rw->t->cand[i];
	char text[SDP_MAX_LINE];
	int n;

	if (!memchr(c.address, 0, sizeof(c.address)) ||
	    !memchr(c.type, 0, sizeof(c.type)) || ip_version(c.address) < 0 ||
	    !c.port)
		return wrtc_fail(err, -EINVAL, 0,
				 "candidate %zu: need an IP address and port",
				 i);
	if (!c.foundation[0])
		snprintf(c.foundation, sizeof(c.foundation), "%zu", i + 1);
	if (!c.transport[0])
		strcpy(c.transport, "udp");
	if (!c.type[0])
		strcpy(c.type, "host");
	if (!c.component)
		c.component = 1;
	/* RFC 8445 section 5.1.2.1 */
	if (!c.priority && c.component <= 256)
		c.priority = (type_preference(c.type) << 24) +
			     ((65535 - (unsigned int)i) << 8) +
			     (256 - c.component);
	n = sdp_candidate_write(&c, text, sizeof(text), err);
	if (n < 0)
		return n;
	return add(rw, text, "");
}

/* Check @t and build the text of every line the rewrite writes. */
static int prepare(struct rewrite *rw, struct wrtc_err *err)
{
	const struct sdp_transport *t = rw->t;
	struct sdp_fingerprint fp;
	char *v, *text;
	size_t i;
	int ret, ip6;

	if (!ice_string(t->ice_ufrag, 4) || !ice_string(t->ice_pwd, 22))
		return wrtc_fail(err, -EINVAL, 0, "bad ICE ufrag or pwd");
	if (t->ice_options &&
	    (strnlen(t->ice_options, SDP_MAX_LINE) == SDP_MAX_LINE ||
	     !sdp_words(t->ice_options, strlen(t->ice_options),
			sdp_is_ice_char)))
		return wrtc_fail(err, -EINVAL, 0, "bad ICE options");
	if (!sdp_setup_name(t->setup))
		return wrtc_fail(err, -EINVAL, 0, "bad setup role");
	if (!t->cand || !t->ncand || t->ncand > SDP_MAX_CANDIDATES)
		return wrtc_fail(err, -EINVAL, 0, "need 1 to %d candidates",
				 SDP_MAX_CANDIDATES);
	ip6 = t->media_addr ? ip_version(t->media_addr) : -1;
	if (ip6 < 0 || !t->media_port)
		return wrtc_fail(err, -EINVAL, 0, "bad media address or port");
	if (!t->fp_hash || !t->fp_value ||
	    strnlen(t->fp_hash, SDP_TOKEN_MAX + 1) > SDP_TOKEN_MAX ||
	    strnlen(t->fp_value, sizeof(fp.value)) == sizeof(fp.value))
		return wrtc_fail(err, -EINVAL, 0, "bad fingerprint");

	if (add(rw, "ice-ufrag:", t->ice_ufrag) ||
	    add(rw, "ice-pwd:", t->ice_pwd) ||
	    (t->ice_options && add(rw, "ice-options:", t->ice_options)))
		return -ENOMEM;
	if (asprintf(&text, "%s %s", t->fp_hash, t->fp_value) < 0)
		return -ENOMEM;
	/* Only what reads back as the same hash and value is written. */
	ret = sdp_fingerprint_parse(text, &fp, NULL);
	if (!ret && strcmp(fp.hash, t->fp_hash))
		ret = -EINVAL;
	if (!ret)
		ret = add(rw, "fingerprint:", text);
	free(text);
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return wrtc_fail(err, -EINVAL, 0, "bad fingerprint");
	if (add(rw, "setup:", sdp_setup_name(t->setup)))
		return -ENOMEM;
	for (i = 0; i < t->ncand; i++) {
		ret = candidate(rw, i, err);
		if (ret)
			return ret;
	}
	if (add(rw, "end-of-candidates", ""))
		return -ENOMEM;
	v = ip6 ? "IP6" : "IP4";
	if (asprintf(&rw->c, "IN %s %s", v, t->media_addr) < 0) {
		rw->c = NULL;
		return -ENOMEM;
	}
	if (asprintf(&rw->rtcp, "rtcp:%u IN %s %s", t->media_port, v,
		     t->media_addr) < 0) {
		rw->rtcp = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void rewrite_free(struct rewrite *rw)
{
	size_t i;

	for (i = 0; i < rw->nblock; i++)
		free(rw->block[i]);
	free(rw->c);
	free(rw->rtcp);
}

static int set(struct sdp_line *l, const char *text)
{
	return sdp_line_set(l, text, strlen(text));
}

/*
 * Rewrite one section from line @first on: drop the transport attributes,
 * rewrite c= and (for a live m= section) a=rtcp. Returns where the new
 * transport lines go, or a negative errno; *@has_c tells if a c= was seen.
 */
static int strip(struct rewrite *rw, struct sdp_section *s, size_t first,
		 bool live, bool *has_c)
{
	size_t i = first, pos = SIZE_MAX;
	struct sdp_line *l;
	int ret = 0;

	*has_c = false;
	while (i < s->n && !ret) {
		l = &s->line[i];
		if (is_transport(l) || (!live && sdp_line_attr(l, "rtcp"))) {
			if (pos == SIZE_MAX)
				pos = i;
			sdp_section_remove(s, i);
			continue;
		}
		if (l->type == 'c') {
			*has_c = true;
			ret = set(l, rw->c);
		} else if (sdp_line_attr(l, "rtcp")) {
			ret = set(l, rw->rtcp);
		}
		i++;
	}
	if (ret)
		return ret;
	for (i = first; pos == SIZE_MAX && i < s->n; i++)
		if (s->line[i].type == 'a')
			pos = i;
	return pos == SIZE_MAX ? (int)s->n : (int)pos;
}

static int insert(struct rewrite *rw, struct sdp_section *s, size_t at,
		  char type, const char *text)
{
	return sdp_section_insert(s, at, type, text, strlen(text), rw->eol);
}

static int rewrite_session(struct rewrite *rw, struct sdp *sdp)
{
	int pos = strip(rw, &sdp->session, 0, false, &rw->session_c);

	if (pos < 0 || !rw->t->ice_lite)
		return pos < 0 ? pos : 0;
	return insert(rw, &sdp->session, pos, 'a', "ice-lite");
}

static int rewrite_media(struct rewrite *rw, struct sdp_media *m)
{
	struct sdp_section *s = &m->s;
	bool live = m->port != 0, has_c;
	int pos = strip(rw, s, 1, live, &has_c), ret = 0;
	size_t i, at = 1;

	if (pos < 0)
		return pos;
	if (!has_c && !rw->session_c) {
		/* RFC 8866 order: m=, i=, c= */
		while (at < s->n && s->line[at].type == 'i')
			at++;
		ret = insert(rw, s, at, 'c', rw->c);
		pos += at <= (size_t)pos;
	}
	if (!live || ret)
		return ret;
	for (i = 0; i < rw->nblock && !ret; i++)
		ret = insert(rw, s, pos + i, 'a', rw->block[i]);
	return ret ? ret : sdp_media_set_port(m, rw->t->media_port);
}

int sdp_anchor(struct sdp *sdp, const struct sdp_transport *t,
	       struct wrtc_err *err)
{
	struct rewrite rw = { .t = t };
	struct sdp out;
	struct sdp_section *last;
	size_t i;
	int ret;

	wrtc_err_clear(err);
	if (!sdp || !t || !sdp->session.n)
		return wrtc_fail(err, -EINVAL, 0, "no SDP or transport");
	ret = prepare(&rw, err);
	if (ret)
		goto out;
	/* Work on a copy so that a failure leaves @sdp as it was. */
	ret = sdp_clone(&out, sdp);
	if (ret)
		goto out;
	rw.eol = out.eol;
	/* New lines may now follow the last one: give it a line ending. */
	last = out.nmedia ? &out.media[out.nmedia - 1].s : &out.session;
	if (last->line[last->n - 1].eol == SDP_EOL_NONE)
		last->line[last->n - 1].eol = out.eol;
	ret = rewrite_session(&rw, &out);
	for (i = 0; !ret && i < out.nmedia; i++)
		ret = rewrite_media(&rw, &out.media[i]);
	if (!ret)
		ret = sdp_check_limits(&out, err);
	if (ret) {
		sdp_free(&out);
		goto out;
	}
	sdp_free(sdp);
	*sdp = out;
out:
	rewrite_free(&rw);
	if (ret == -ENOMEM)
		wrtc_fail(err, ret, 0, "out of memory");
	return ret;
}
