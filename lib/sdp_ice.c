// SPDX-License-Identifier: GPL-2.0
/*
 * WebRTC accessors: ICE credentials and options (RFC 8839), DTLS
 * fingerprint (RFC 8122) and setup role (RFC 4145), mid and group (RFC
 * 5888), rtcp-mux (RFC 5761), end-of-candidates (RFC 8840).
 */
#include <errno.h>
#include <string.h>

#include "sdp_int.h"

static int no_media(const struct sdp *sdp, size_t m, struct wrtc_err *err)
{
	if (sdp && m < sdp->nmedia)
		return 0;
	return wrtc_fail(err, -EINVAL, 0, "no m= section %zu", m);
}

/* Media-level a=@name of section @m, else the session-level one. */
static int attr(const struct sdp *sdp, size_t m, const char *name,
		const char **value, struct wrtc_err *err)
{
	int ret = no_media(sdp, m, err);

	if (ret)
		return ret;
	*value = sdp_media_attr(sdp, m, name);
	if (!*value)
		*value = sdp_session_attr(sdp, name);
	if (!*value)
		return wrtc_fail(err, -ENOENT, 0, "no a=%s for m= section %zu",
				 name, m);
	return 0;
}

/* ice-ufrag = 4*256ice-char, ice-pwd = 22*256ice-char */
static int ice_cred(const struct sdp *sdp, size_t m, const char *name,
		    size_t min, const char **out, struct wrtc_err *err)
{
	const char *v;
	size_t len;
	int ret = attr(sdp, m, name, &v, err);

	if (ret)
		return ret;
	len = strlen(v);
	if (len < min || len > 256 || !sdp_all(v, len, sdp_is_ice_char))
		return wrtc_fail(err, -EBADMSG, 0,
				 "a=%s: not %zu to 256 ice-chars", name, min);
	*out = v;
	return 0;
}

int sdp_ice_ufrag(const struct sdp *sdp, size_t m, const char **ufrag,
		  struct wrtc_err *err)
{
	return ice_cred(sdp, m, "ice-ufrag", 4, ufrag, err);
}

int sdp_ice_pwd(const struct sdp *sdp, size_t m, const char **pwd,
		struct wrtc_err *err)
{
	return ice_cred(sdp, m, "ice-pwd", 22, pwd, err);
}

int sdp_ice_options(const struct sdp *sdp, size_t m, const char **options,
		    struct wrtc_err *err)
{
	const char *v;
	int ret = attr(sdp, m, "ice-options", &v, err);

	if (ret)
		return ret;
	/* ice-options = "ice-options:" ice-option-tag *(SP ice-option-tag) */
	if (!sdp_words(v, strlen(v), sdp_is_ice_char))
		return wrtc_fail(err, -EBADMSG, 0, "a=ice-options: bad tag");
	*options = v;
	return 0;
}

bool sdp_ice_lite(const struct sdp *sdp)
{
	const char *v = sdp ? sdp_session_attr(sdp, "ice-lite") : NULL;

	return v && !*v;
}

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int sdp_fingerprint_parse(const char *v, struct sdp_fingerprint *fp,
			  struct wrtc_err *err)
{
	const char *sp = strchr(v, ' '), *h;
	size_t n = 0;

	memset(fp, 0, sizeof(*fp));
	/* hash-func SP 2UHEX *(":" 2UHEX); lower case hex is accepted too */
	if (!sp || sp - v > SDP_TOKEN_MAX ||
	    !sdp_all(v, sp - v, sdp_is_token_char))
		return wrtc_fail(err, -EBADMSG, 0,
				 "a=fingerprint: bad hash function");
	memcpy(fp->hash, v, sp - v);
	for (h = sp + 1;; h += 3) {
		if (n == SDP_DIGEST_MAX || hex(h[0]) < 0 || hex(h[1]) < 0 ||
		    (h[2] != ':' && h[2] != '\0'))
			return wrtc_fail(err, -EBADMSG, h - v,
					 "a=fingerprint: bad value");
		fp->digest[n++] = hex(h[0]) << 4 | hex(h[1]);
		if (!h[2])
			break;
	}
	fp->len = n;
	memcpy(fp->value, sp + 1, n * 3 - 1);
	return 0;
}

int sdp_fingerprint(const struct sdp *sdp, size_t m, struct sdp_fingerprint *fp,
		    struct wrtc_err *err)
{
	const char *v;
	int ret = attr(sdp, m, "fingerprint", &v, err);

	return ret ? ret : sdp_fingerprint_parse(v, fp, err);
}

static const char *const setup_names[] = {
	[SDP_SETUP_ACTPASS] = "actpass",
	[SDP_SETUP_ACTIVE] = "active",
	[SDP_SETUP_PASSIVE] = "passive",
	[SDP_SETUP_HOLDCONN] = "holdconn",
};

const char *sdp_setup_name(enum sdp_setup role)
{
	if (role <= SDP_SETUP_NONE || role > SDP_SETUP_HOLDCONN)
		return NULL;
	return setup_names[role];
}

int sdp_setup(const struct sdp *sdp, size_t m, enum sdp_setup *role,
	      struct wrtc_err *err)
{
	const char *v;
	int r, ret = attr(sdp, m, "setup", &v, err);

	if (ret)
		return ret;
	for (r = SDP_SETUP_ACTPASS; r <= SDP_SETUP_HOLDCONN; r++) {
		if (!strcmp(v, setup_names[r])) {
			*role = r;
			return 0;
		}
	}
	return wrtc_fail(err, -EBADMSG, 0, "a=setup: unknown role");
}

int sdp_mid(const struct sdp *sdp, size_t m, const char **mid,
	    struct wrtc_err *err)
{
	const char *v;
	int ret = no_media(sdp, m, err);

	if (ret)
		return ret;
	v = sdp_media_attr(sdp, m, "mid");
	if (!v)
		return wrtc_fail(err, -ENOENT, 0, "no a=mid in m= section %zu",
				 m);
	/* identification-tag = token */
	if (!sdp_all(v, strlen(v), sdp_is_token_char))
		return wrtc_fail(err, -EBADMSG, 0, "a=mid: not a token");
	*mid = v;
	return 0;
}

static bool flag(const struct sdp_section *s, const char *name)
{
	const char *v;
	size_t i;

	for (i = 0; i < s->n; i++) {
		v = sdp_line_attr(&s->line[i], name);
		if (v && !*v)
			return true;
	}
	return false;
}

bool sdp_rtcp_mux(const struct sdp *sdp, size_t m)
{
	return sdp && m < sdp->nmedia && flag(&sdp->media[m].s, "rtcp-mux");
}

bool sdp_end_of_candidates(const struct sdp *sdp, size_t m)
{
	return sdp && m < sdp->nmedia &&
	       (flag(&sdp->media[m].s, "end-of-candidates") ||
		flag(&sdp->session, "end-of-candidates"));
}

/* group-attribute = "group:" semantics *(SP identification-tag) */
static int parse_group(const char *v, struct sdp_group *g, struct wrtc_err *err)
{
	const char *s = strchr(v, ' ');
	size_t len;

	if (!s)
		return 0; /* a group without members */
	for (s++;; s += len + 1) {
		len = strcspn(s, " ");
		if (!sdp_all(s, len, sdp_is_token_char))
			return wrtc_fail(err, -EBADMSG, s - v,
					 "a=group: bad identification-tag");
		if (len > SDP_TAG_MAX || g->n == SDP_MAX_MEDIA)
			return wrtc_fail(err, -E2BIG, s - v,
					 "a=group: tag too long or too many");
		memcpy(g->tag[g->n], s, len);
		g->tag[g->n++][len] = '\0';
		if (!s[len])
			return 0;
	}
}

int sdp_group(const struct sdp *sdp, const char *semantics,
	      struct sdp_group *group, struct wrtc_err *err)
{
	size_t i, n = strlen(semantics);
	const char *v;

	if (!sdp || n > SDP_TOKEN_MAX)
		return wrtc_fail(err, -EINVAL, 0, "bad group semantics");
	for (i = 0; i < sdp->session.n; i++) {
		v = sdp_line_attr(&sdp->session.line[i], "group");
		if (!v || strncmp(v, semantics, n) || (v[n] && v[n] != ' '))
			continue;
		memset(group, 0, sizeof(*group));
		memcpy(group->semantics, semantics, n);
		return parse_group(v, group, err);
	}
	return wrtc_fail(err, -ENOENT, 0, "no a=group:%s", semantics);
}
