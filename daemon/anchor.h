/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SDP anchoring for signaling: check that an offer or answer is one the
 * gateway can relay, read the sender's transport out of it, and rewrite it
 * to point at the gateway's leg for the receiver (lib/sdp.h does the
 * rewrite itself).
 */
#ifndef WRTCD_ANCHOR_H
#define WRTCD_ANCHOR_H

#include <stddef.h>

#include "dtls.h"
#include "identity.h"
#include "leg.h"
#include "sdp.h"

enum anchor_kind {
	ANCHOR_OFFER,
	ANCHOR_ANSWER,
};

/* The sender's transport, as its SDP describes it. */
struct anchor_remote {
	char ufrag[LEG_ICE_STR_MAX + 1];
	char pwd[LEG_ICE_STR_MAX + 1];
	struct dtls_fingerprint fp;
	enum sdp_setup setup; /* defaults applied when absent */
};

/*
 * Parse and check @text. On success returns 0 with @sdp parsed (the caller
 * sdp_free()s it) and @r filled. On failure returns -1, @sdp is empty,
 * *@code is the signaling error ("bad-sdp": it does not parse or breaks a
 * grammar; "unsupported": valid, but lacks what the gateway needs: a DTLS
 * fingerprint, rtcp-mux, ICE, BUNDLE over several m= sections) and @why
 * says what in words.
 */
int anchor_read(struct sdp *sdp, const char *text, size_t len,
		enum anchor_kind kind, struct anchor_remote *r,
		const char **code, char *why, size_t why_len);

/*
 * Rewrite @sdp to carry @leg's transport (its ICE credentials, a candidate
 * on each media address at its port, the gateway fingerprint, @setup,
 * a=ice-lite) and write it out as a new string in *@out (free() it).
 * Returns 0, or -1 with @why.
 */
int anchor_write(struct sdp *sdp, const struct leg *leg, enum sdp_setup setup,
		 const struct identity *id, char **out, char *why,
		 size_t why_len);

#endif /* WRTCD_ANCHOR_H */
