/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SDP (RFC 8866) codec with the WebRTC attributes (RFC 8839 ICE, RFC 8122
 * fingerprint, RFC 4145 setup, RFC 5888/8843 BUNDLE), and the gateway's
 * anchoring rewrite.
 *
 * The model is a list of lines, kept as text, split into the session part
 * and one part per m= section. Keeping text rather than a typed tree is what
 * lets every attribute the gateway does not understand (codecs, extmap,
 * simulcast, ssrc...) pass through byte for byte: write(parse(x)) == x for
 * every x the parser accepts, except that empty lines at the very end of the
 * input are dropped.
 *
 * Parsing rules (decisions where RFC 8866 leaves room):
 *  - Lines end in CRLF; a bare LF is accepted too (RFC 8866 section 5 asks
 *    parsers to be tolerant). Each line remembers its own ending and the
 *    writer reproduces it, so LF-only input is written back LF-only. A
 *    missing newline after the last line is accepted and preserved. Lines
 *    the rewrite adds take the ending of the v= line.
 *  - A CR that does not end a line, a NUL byte anywhere, an empty line other
 *    than trailing ones, or a line not shaped "<letter>=<value>" is an error.
 *  - Unknown type letters: RFC 8866 section 5 says a parser MUST completely
 *    ignore or reject a description with a type letter it does not
 *    understand; the gateway cannot ignore an offer, so it rejects it
 *    (-EBADMSG). Unknown *attributes* (a=) are not an error and pass through.
 *  - v=0 must be the first line; o=, s= (once each) and t= must appear at
 *    session level; after the first m= only i=, c=, b=, k= and a= are
 *    allowed (RFC 8866 section 9). Other ordering is not enforced.
 *  - m= lines, c= lines and attribute names are checked against the RFC
 *    grammar; other values are kept as opaque text.
 *
 * Errors: -EINVAL bad argument or rewrite input, -EBADMSG malformed SDP or
 * attribute, -E2BIG a limit below is exceeded, -ENOENT attribute absent,
 * -ENOSPC output buffer too small, -ENOMEM. A struct wrtc_err, when given,
 * receives the reason and the byte offset in the input.
 */
#ifndef WRTC_SDP_H
#define WRTC_SDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * Limits. A browser offer is a few KiB with ~150 lines in its largest
 * section; these leave an order of magnitude of room while bounding what a
 * hostile peer can make the gateway allocate.
 */
#define SDP_MAX_SIZE (256 * 1024) /* whole description, bytes */
#define SDP_MAX_LINE 4096 /* one line, without its line ending */
#define SDP_MAX_MEDIA 64 /* m= sections */
#define SDP_MAX_LINES 1024 /* lines per section, m= line included */
#define SDP_MAX_CANDIDATES 16 /* candidates the rewrite writes per m= */

/* Sizes of parsed fields (without the terminating NUL). */
#define SDP_FOUNDATION_MAX 32 /* RFC 8839: 1*32ice-char */
#define SDP_TOKEN_MAX 31 /* candidate transport, type, tcptype; hash name */
#define SDP_ADDR_MAX 255 /* IPv4, IPv6 or FQDN (RFC 8839 connection-address) */
#define SDP_CAND_EXT_MAX 1023 /* candidate extensions, verbatim */
#define SDP_DIGEST_MAX 64 /* fingerprint bytes (sha-512) */
#define SDP_TAG_MAX 32 /* identification-tag (mid) in a=group */

/* How a line ended in the input. */
enum sdp_eol { SDP_EOL_CRLF, SDP_EOL_LF, SDP_EOL_NONE };

struct sdp_line {
	char type; /* the letter before '=' */
	uint8_t eol; /* enum sdp_eol */
	uint32_t len; /* strlen(text) */
	char *text; /* what follows "x=", NUL-terminated, owned */
};

struct sdp_section {
	struct sdp_line *line;
	size_t n, cap;
};

struct sdp_media {
	/* All lines of the section; line[0] is the m= line itself. */
	struct sdp_section s;
	/* The m= fields, kept in sync with line[0] (owned copies). */
	char *media; /* "audio" */
	uint16_t port;
	uint16_t nports; /* the "/<n>" after the port, 0 when absent */
	char *proto; /* "UDP/TLS/RTP/SAVPF" */
	char *fmts; /* "111 63 9", verbatim */
};

struct sdp {
	struct sdp_section session; /* v= ... up to the first m= */
	struct sdp_media *media;
	size_t nmedia;
	uint8_t eol; /* ending for lines the rewrite adds */
};

/* Parse @len bytes at @buf into @sdp (overwritten; sdp_free() it after
 * success; after a failure it holds nothing). */
int sdp_parse(struct sdp *sdp, const char *buf, size_t len,
	      struct wrtc_err *err);
/* Release everything @sdp owns and zero it; safe on a zeroed struct. */
void sdp_free(struct sdp *sdp);
/* Deep copy of @src into @dst. */
int sdp_clone(struct sdp *dst, const struct sdp *src);

/* Bytes sdp_write() produces, without the terminating NUL. */
size_t sdp_write_size(const struct sdp *sdp);
/*
 * Write @sdp as text plus a terminating NUL into @buf. Returns the text
 * length, or -ENOSPC when @size < sdp_write_size() + 1 (then nothing past
 * @size is touched and @buf holds no valid text).
 */
int sdp_write(const struct sdp *sdp, char *buf, size_t size,
	      struct wrtc_err *err);
/* Check @sdp against the limits above as the parser would (-E2BIG). */
int sdp_check_limits(const struct sdp *sdp, struct wrtc_err *err);

/*
 * Attribute lookup. @name is the attribute name without "a=" or ':'. The
 * result is the value after ':', "" for a flag attribute (a=rtcp-mux), or
 * NULL when absent; it points into the model.
 */
const char *sdp_line_attr(const struct sdp_line *line, const char *name);
/* First a=@name of m= section @m (media level only). */
const char *sdp_media_attr(const struct sdp *sdp, size_t m, const char *name);
/* First a=@name at session level. */
const char *sdp_session_attr(const struct sdp *sdp, const char *name);

/* ---- WebRTC accessors (sdp_ice.c) ------------------------------------- */

/*
 * For attributes allowed at both levels (ice-ufrag, ice-pwd, ice-options,
 * fingerprint, setup, end-of-candidates) the media-level value of section
 * @m wins and the session-level one is the fallback, as RFC 8839 and RFC
 * 8122 specify. The string results point into the model. All return 0,
 * -ENOENT when absent, -EINVAL when @m is out of range, -EBADMSG when the
 * value breaks its grammar.
 */
int sdp_ice_ufrag(const struct sdp *sdp, size_t m, const char **ufrag,
		  struct wrtc_err *err);
int sdp_ice_pwd(const struct sdp *sdp, size_t m, const char **pwd,
		struct wrtc_err *err);
/* Space-separated option tags, e.g. "trickle". */
int sdp_ice_options(const struct sdp *sdp, size_t m, const char **options,
		    struct wrtc_err *err);
/* a=ice-lite at session level. */
bool sdp_ice_lite(const struct sdp *sdp);

struct sdp_fingerprint {
	char hash[SDP_TOKEN_MAX + 1]; /* hash function, as written: "sha-256" */
	char value[SDP_DIGEST_MAX * 3]; /* "E3:40:...", as written */
	uint8_t digest[SDP_DIGEST_MAX]; /* value decoded */
	size_t len; /* bytes in digest */
};
/* The first a=fingerprint that applies to section @m. */
int sdp_fingerprint(const struct sdp *sdp, size_t m, struct sdp_fingerprint *fp,
		    struct wrtc_err *err);

enum sdp_setup {
	SDP_SETUP_NONE = 0, /* absent: only valid as "not given" */
	SDP_SETUP_ACTPASS,
	SDP_SETUP_ACTIVE,
	SDP_SETUP_PASSIVE,
	SDP_SETUP_HOLDCONN,
};
int sdp_setup(const struct sdp *sdp, size_t m, enum sdp_setup *role,
	      struct wrtc_err *err);
/* "actpass"... for a valid role, NULL otherwise. */
const char *sdp_setup_name(enum sdp_setup role);

int sdp_mid(const struct sdp *sdp, size_t m, const char **mid,
	    struct wrtc_err *err);
/* a=rtcp-mux in section @m. */
bool sdp_rtcp_mux(const struct sdp *sdp, size_t m);
/* a=end-of-candidates in section @m or at session level. */
bool sdp_end_of_candidates(const struct sdp *sdp, size_t m);

struct sdp_group {
	char semantics[SDP_TOKEN_MAX + 1];
	size_t n;
	char tag[SDP_MAX_MEDIA][SDP_TAG_MAX + 1];
};
/* The first session-level a=group with @semantics ("BUNDLE"). */
int sdp_group(const struct sdp *sdp, const char *semantics,
	      struct sdp_group *group, struct wrtc_err *err);

/* ---- candidates (RFC 8839 section 5.1; sdp_cand.c) -------------------- */

struct sdp_candidate {
	char foundation[SDP_FOUNDATION_MAX + 1];
	uint16_t component; /* 1..256 */
	char transport[SDP_TOKEN_MAX + 1]; /* "udp", "tcp", as written */
	uint32_t priority; /* 1..2^31-1 (RFC 8445 section 5.1.2) */
	char address[SDP_ADDR_MAX + 1];
	uint16_t port;
	char type[SDP_TOKEN_MAX + 1]; /* "host", "srflx", "prflx", "relay" */
	bool has_raddr, has_rport;
	char raddr[SDP_ADDR_MAX + 1];
	uint16_t rport;
	char tcptype[SDP_TOKEN_MAX + 1]; /* RFC 6544, "" when absent */
	/*
	 * Every other extension ("generation 0 network-id 1"), verbatim and
	 * in order, as name/value pairs separated by single spaces.
	 */
	char ext[SDP_CAND_EXT_MAX + 1];
};

/*
 * Parse a candidate attribute value. @s may start with "a=candidate:",
 * "candidate:" (the form trickle ICE carries) or directly with the
 * foundation.
 */
int sdp_candidate_parse(const char *s, struct sdp_candidate *c,
			struct wrtc_err *err);
/* Write "candidate:..." plus a NUL; returns the length or -ENOSPC. */
int sdp_candidate_write(const struct sdp_candidate *c, char *buf, size_t size,
			struct wrtc_err *err);
/* Number of a=candidate lines in section @m (-EINVAL if out of range). */
int sdp_candidate_count(const struct sdp *sdp, size_t m);
/* Parse the @i-th a=candidate of section @m. */
int sdp_candidate(const struct sdp *sdp, size_t m, size_t i,
		  struct sdp_candidate *c, struct wrtc_err *err);

/* ---- anchoring rewrite (sdp_anchor.c) --------------------------------- */

/*
 * The transport of one leg at the gateway. Candidates: address and port are
 * required (address an IPv4 or IPv6 literal); empty foundation, transport
 * or type and zero component or priority are generated: foundation "1",
 * "2"... by position, "udp", "host", component 1, and the RFC 8445 section
 * 5.1.2.1 priority with type preference 126 for host (100 srflx, 110 prflx,
 * 0 relay) and local preference 65535 minus the position. raddr/rport,
 * tcptype and ext are written when set.
 */
struct sdp_transport {
	const char *ice_ufrag; /* 4..256 ice-chars */
	const char *ice_pwd; /* 22..256 ice-chars */
	const char *ice_options; /* NULL: no a=ice-options */
	const char *fp_hash; /* "sha-256" */
	const char *fp_value; /* "AB:CD:..." */
	enum sdp_setup setup; /* must not be SDP_SETUP_NONE */
	const struct sdp_candidate *cand;
	size_t ncand; /* 1..SDP_MAX_CANDIDATES */
	const char *media_addr; /* c= address: IPv4 or IPv6 literal */
	uint16_t media_port; /* m= port of every section not rejected */
	bool ice_lite; /* add a=ice-lite at session level */
};

/*
 * Replace the transport of every m= section with @t and leave every other
 * line untouched and in order (sdp_anchor.c has the exact list). In short:
 * ICE, candidate, fingerprint, setup and tls-id attributes go, at session
 * and media level; each m= section with a non-zero port gets @t's ufrag,
 * pwd, options, fingerprint, setup, candidates and end-of-candidates, and
 * its port; c= lines and a=rtcp are rewritten in place to the media
 * address (a=rtcp is kept, not dropped: under rtcp-mux it names the RTP
 * port, RFC 5761 5.1.3); port-0 sections keep port 0 and get nothing.
 * Atomic: on any error @sdp is unchanged. -EINVAL for bad @t, -E2BIG when
 * the result would break the limits above (so the output always parses
 * again), -ENOMEM.
 */
int sdp_anchor(struct sdp *sdp, const struct sdp_transport *t,
	       struct wrtc_err *err);

#endif /* WRTC_SDP_H */
