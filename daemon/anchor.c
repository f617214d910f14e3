// SPDX-License-Identifier: GPL-2.0
/*
 * What the gateway accepts from a peer's SDP, and the rewrite for the
 * other peer (see anchor.h).
 *
 * Every m= section not rejected (port 0) must have its own usable
 * transport description: UDP/TLS/RTP/SAVP(F), ICE credentials, a DTLS
 * fingerprint (media or session level), a=rtcp-mux; and since the gateway
 * gives each peer one leg (one port), several such sections must describe
 * the same transport and be grouped by a=group:BUNDLE.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anchor.h"

static int reject(const char **code, const char *c, char *why, size_t len,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int reject(const char **code, const char *c, char *why, size_t len,
		  const char *fmt, ...)
{
	va_list ap;

	*code = c;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -1;
}

#define BAD_SDP(...) reject(code, "bad-sdp", why, why_len, __VA_ARGS__)
#define UNSUPPORTED(...) reject(code, "unsupported", why, why_len, __VA_ARGS__)

static bool in_group(const struct sdp_group *g, const char *mid)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->tag[i], mid))
			return true;
	return false;
}

/* The checks of one m= section; the first active one fills @r. */
static int read_section(const struct sdp *sdp, size_t m, bool first,
			struct anchor_remote *r, const char **code, char *why,
			size_t why_len)
{
	const struct sdp_media *md = &sdp->media[m];
	struct wrtc_err err = { "", 0 };
	struct sdp_fingerprint sfp;
	struct dtls_fingerprint fp;
	const char *ufrag, *pwd;
	int ret;

	if (strncmp(md->proto, "UDP/TLS/RTP/SAVP", 16))
		return UNSUPPORTED(
			"m=%s section %zu uses %s: only UDP/TLS/RTP/SAVPF media can be relayed",
			md->media, m, md->proto);
	if (!sdp_rtcp_mux(sdp, m))
		return UNSUPPORTED(
			"m=%s section %zu has no a=rtcp-mux: the gateway needs RTP and RTCP on one port",
			md->media, m);
	ret = sdp_fingerprint(sdp, m, &sfp, &err);
	if (ret == -ENOENT)
		return UNSUPPORTED(
			"m=%s section %zu has no a=fingerprint: the gateway needs DTLS-SRTP",
			md->media, m);
	if (ret)
		return BAD_SDP("m=%s section %zu: %s", md->media, m, err.msg);
	ret = dtls_fingerprint_parse(&fp, sfp.hash, sfp.value, &err);
	if (ret == -ENOTSUP)
		return UNSUPPORTED("a=fingerprint hash %s is not supported",
				   sfp.hash);
	if (ret)
		return BAD_SDP("a=fingerprint: %s", err.msg);
	ret = sdp_ice_ufrag(sdp, m, &ufrag, &err);
	if (!ret)
		ret = sdp_ice_pwd(sdp, m, &pwd, &err);
	if (ret == -ENOENT)
		return UNSUPPORTED(
			"m=%s section %zu has no ICE credentials: the gateway needs ICE",
			md->media, m);
	if (ret)
		return BAD_SDP("m=%s section %zu: %s", md->media, m, err.msg);
	if (first) {
		snprintf(r->ufrag, sizeof(r->ufrag), "%s", ufrag);
		snprintf(r->pwd, sizeof(r->pwd), "%s", pwd);
		r->fp = fp;
		return 0;
	}
	if (strcmp(r->ufrag, ufrag) || strcmp(r->pwd, pwd) ||
	    r->fp.hash != fp.hash || r->fp.len != fp.len ||
	    memcmp(r->fp.digest, fp.digest, fp.len))
		return UNSUPPORTED(
			"m= sections with different transports: the gateway needs them all in one BUNDLE transport");
	return 0;
}

static int read_setup(const struct sdp *sdp, size_t m, enum anchor_kind kind,
		      struct anchor_remote *r, const char **code, char *why,
		      size_t why_len)
{
	struct wrtc_err err = { "", 0 };
	int ret = sdp_setup(sdp, m, &r->setup, &err);

	if (ret == -ENOENT) {
		/* RFC 4145 §4 defaults an absent answer to active. */
		r->setup = kind == ANCHOR_OFFER ? SDP_SETUP_ACTPASS :
						  SDP_SETUP_ACTIVE;
		return 0;
	}
	if (ret)
		return BAD_SDP("%s", err.msg);
	if (r->setup == SDP_SETUP_HOLDCONN)
		return UNSUPPORTED(
			"a=setup:holdconn: the gateway needs a DTLS connection");
	if (kind == ANCHOR_ANSWER && r->setup == SDP_SETUP_ACTPASS)
		return BAD_SDP(
			"an answer must say a=setup:active or passive, not actpass");
	return 0;
}

int anchor_read(struct sdp *sdp, const char *text, size_t len,
		enum anchor_kind kind, struct anchor_remote *r,
		const char **code, char *why, size_t why_len)
{
	struct wrtc_err err = { "", 0 };
	struct sdp_group bundle;
	size_t nactive = 0, first = 0, nports = 0;
	bool has_bundle;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = sdp_parse(sdp, text, len, &err);
	if (ret)
		return BAD_SDP("%s (at byte %zu)", err.msg, err.offset);
	if (sdp_ice_lite(sdp)) {
		ret = UNSUPPORTED(
			"the sender is ICE-lite, and so is the gateway: one side must be a full ICE agent");
		goto fail;
	}
	has_bundle = !sdp_group(sdp, "BUNDLE", &bundle, NULL);
	for (size_t m = 0; m < sdp->nmedia; m++)
		nports += sdp->media[m].port != 0;
	for (size_t m = 0; m < sdp->nmedia; m++) {
		const char *mid = NULL;

		if (!sdp->media[m].port)
			continue; /* rejected: no transport to anchor */
		ret = read_section(sdp, m, !nactive, r, code, why, why_len);
		if (ret)
			goto fail;
		if (!nactive++)
			first = m;
		if (sdp_mid(sdp, m, &mid, NULL))
			mid = NULL;
		if (nports > 1 &&
		    (!has_bundle || !mid || !in_group(&bundle, mid))) {
			ret = UNSUPPORTED(
				"m= section %zu is not in an a=group:BUNDLE: the gateway needs one transport for all media",
				m);
			goto fail;
		}
	}
	if (!nactive) {
		ret = UNSUPPORTED(
			"no m= section with a port: nothing to relay");
		goto fail;
	}
	ret = read_setup(sdp, first, kind, r, code, why, why_len);
	if (!ret)
		return 0;
fail:
	sdp_free(sdp);
	return ret;
}

int anchor_write(struct sdp *sdp, const struct leg *leg, enum sdp_setup setup,
		 const struct identity *id, char **out, char *why,
		 size_t why_len)
{
	struct sdp_candidate cand[CONFIG_MAX_MEDIA_ADDRS];
	const struct media_addrs *media = leg->env->media;
	struct wrtc_err err = { "", 0 };
	struct sdp_transport t = {
		.ice_ufrag = leg->local_ufrag,
		.ice_pwd = leg->local_pwd,
		.fp_hash = identity_fingerprint_hash(id),
		.fp_value = identity_fingerprint_value(id),
		.setup = setup,
		.cand = cand,
		.ncand = media->n,
		.media_addr = media->addr[0].text,
		.media_port = leg->port,
		.ice_lite = true,
	};
	size_t size;
	char *buf;
	int ret;

	/* Zeroed fields are generated: foundation, udp, host, priority. */
	memset(cand, 0, sizeof(cand));
	for (size_t i = 0; i < media->n; i++) {
		snprintf(cand[i].address, sizeof(cand[i].address), "%s",
			 media->addr[i].text);
		cand[i].port = leg->port;
	}
	ret = sdp_anchor(sdp, &t, &err);
	if (ret) {
		snprintf(why, why_len, "SDP rewrite failed: %s", err.msg);
		return -1;
	}
	size = sdp_write_size(sdp) + 1;
	buf = malloc(size);
	if (!buf) {
		snprintf(why, why_len, "out of memory");
		return -1;
	}
	ret = sdp_write(sdp, buf, size, &err);
	if (ret < 0) {
		free(buf);
		snprintf(why, why_len, "SDP write failed: %s", err.msg);
		return -1;
	}
	*out = buf;
	return 0;
}
