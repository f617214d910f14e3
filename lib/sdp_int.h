/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the lib/sdp*.c files; not part of the public API.
 */
#ifndef WRTC_SDP_INT_H
#define WRTC_SDP_INT_H

#include "sdp.h"

/* RFC 8866 token-char. */
bool sdp_is_token_char(unsigned char c);
/* RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/". */
bool sdp_is_ice_char(unsigned char c);
/* @len bytes at @s are 1 or more characters all passing @ok. */
bool sdp_all(const char *s, size_t len, bool (*ok)(unsigned char c));
/* @len bytes at @s are words of @ok characters separated by single SPs. */
bool sdp_words(const char *s, size_t len, bool (*ok)(unsigned char c));
/* Parse "<hash-func> <XX:XX:...>", the value of a=fingerprint. */
int sdp_fingerprint_parse(const char *v, struct sdp_fingerprint *fp,
			  struct wrtc_err *err);

/* Copy of the @len bytes at @s plus a NUL; @s need not be NUL-terminated
 * (strndup may look further, which ASan's strict string checks flag). */
char *sdp_memdup(const char *s, size_t len);
/* Insert a copy of @text as line @at of @s. */
int sdp_section_insert(struct sdp_section *s, size_t at, char type,
		       const char *text, size_t len, uint8_t eol);
/* Remove line @at of @s and free its text. */
void sdp_section_remove(struct sdp_section *s, size_t at);
/* Replace the text of @line with a copy of @text. */
int sdp_line_set(struct sdp_line *line, const char *text, size_t len);
/* Set the m= port of @m and rewrite its m= line to match. */
int sdp_media_set_port(struct sdp_media *m, uint16_t port);

#endif /* WRTC_SDP_INT_H */
