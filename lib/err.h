/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reporting for the lib/ codecs.
 *
 * Every parser and writer returns 0 (or a length) on success and a negative
 * errno on failure, and, when the caller passes a struct wrtc_err, says why
 * in words: what was wrong and at which byte offset of the input. The codecs
 * keep no global state, so the reason lives in the caller's buffer.
 */
#ifndef WRTC_ERR_H
#define WRTC_ERR_H

#include <stddef.h>

struct wrtc_err {
	char msg[160];	/* human-readable reason, "" when none */
	size_t offset;	/* byte offset in the input where it went wrong */
};

/*
 * Record a reason in @err (which may be NULL) and return @code, so a failing
 * path reads: return wrtc_fail(err, -EBADMSG, off, "bad length %u", len);
 * @code must be a negative errno.
 */
int wrtc_fail(struct wrtc_err *err, int code, size_t offset, const char *fmt,
	      ...) __attribute__((format(printf, 4, 5)));

static inline void wrtc_err_clear(struct wrtc_err *err)
{
	if (err) {
		err->msg[0] = '\0';
		err->offset = 0;
	}
}

#endif /* WRTC_ERR_H */
