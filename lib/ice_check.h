/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ICE-lite agent's decision on one received datagram, and the answer
 * it sends: pure functions over lib/stun.h, with no event loop and no leg,
 * so a unit test can feed them bytes.
 *
 * What a Binding request must pass, in this order (RFC 8489 sections 6.3
 * and 9.1.3, RFC 8445 section 7.3), and what it gets when it does not:
 *
 *   not a STUN message by its header          dropped (nothing to answer)
 *   an indication or a response               dropped and counted: a lite
 *                                             agent sends no requests
 *   a method other than Binding               dropped: a media port is no
 *                                             TURN server, and answering
 *                                             would only reflect traffic
 *   attributes that do not parse              400
 *   no FINGERPRINT                            400 (ICE requires it)
 *   a FINGERPRINT that does not match         dropped: RFC 8489 section
 *                                             7.3 says it is not STUN
 *   no USERNAME or MESSAGE-INTEGRITY, or a
 *     USERNAME that is not UTF-8              400
 *   USERNAME not "<our ufrag>:<theirs>"       401
 *   MESSAGE-INTEGRITY not keyed with our pwd  401
 *   -- authenticated from here: answers carry MESSAGE-INTEGRITY --
 *   unknown comprehension-required attribute  420 with UNKNOWN-ATTRIBUTES
 *   malformed PRIORITY, ICE-CONTROLLING,
 *     ICE-CONTROLLED or USE-CANDIDATE, or
 *     both role attributes                    400
 *   ICE-CONTROLLED                            487 (see below)
 *   otherwise                                 200 with XOR-MAPPED-ADDRESS
 *
 * Every answer ends with FINGERPRINT; 400 and 401 before authentication
 * carry no MESSAGE-INTEGRITY (there is no key the sender has proved it
 * knows). Our side of USERNAME is our ufrag; the endpoint's side is
 * compared only once its SDP told us its ufrag.
 *
 * Role conflict (RFC 8445 section 7.3.1.1): a lite agent is always
 * controlled (section 6.1.1) and can never switch to controlling, so a
 * request that says ICE-CONTROLLED always gets 487, as if our tie-breaker
 * were the largest; the endpoint, a full agent, is the one that switches.
 */
#ifndef WRTCD_ICE_CHECK_H
#define WRTCD_ICE_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "err.h"
#include "stun.h"

/* The largest answer ice_check_reply() writes (a 420 with 8 types). */
#define ICE_REPLY_MAX 128

/* What the leg knows to check a request against. */
struct ice_creds {
	const char *local_ufrag; /* ours, shown to the endpoint */
	const char *local_pwd; /* ours: the short-term key */
	const char *remote_ufrag; /* the endpoint's, "" or NULL when unknown */
};

enum ice_verdict {
	ICE_DROP = 0, /* answer nothing */
	ICE_ANSWER_OK, /* a valid check: 200 */
	ICE_ANSWER_ERROR, /* an error response with .code */
};

enum ice_drop {
	ICE_DROP_NOT_STUN = 1,
	ICE_DROP_NOT_REQUEST, /* indication or response */
	ICE_DROP_METHOD,
	ICE_DROP_FINGERPRINT, /* present but wrong */
};

struct ice_check {
	enum ice_verdict verdict;
	enum ice_drop drop; /* why, when ICE_DROP */
	int code; /* STUN error code when ICE_ANSWER_ERROR */
	/* MESSAGE-INTEGRITY matched: the answer carries one too. */
	bool authenticated;
	/* Of a valid check (and of a 487, for the log): */
	bool use_candidate;
	bool controlling, controlled;
	bool has_priority;
	uint32_t priority;
	uint64_t tiebreaker;
	/* The types a 420 lists. */
	unsigned int nunknown;
	uint16_t unknown[STUN_MAX_UNKNOWN];
	struct wrtc_err why; /* in words, for the log */
};

/* Decide what the datagram buf[0 .. len) gets; fills @out. */
void ice_check_request(const uint8_t *buf, size_t len,
		       const struct ice_creds *creds, struct ice_check *out);

/*
 * Write the answer @chk decided (ICE_ANSWER_OK or ICE_ANSWER_ERROR) to the
 * request whose header is req[0 .. STUN_HEADER_LEN): a success with
 * @from as XOR-MAPPED-ADDRESS, or an error, keyed with @pwd when the
 * request was authenticated; FINGERPRINT last. Returns the length written
 * to out[0 .. cap), or a negative errno.
 */
int ice_check_reply(const uint8_t *req, const struct ice_check *chk,
		    const struct sockaddr *from, const char *pwd, uint8_t *out,
		    size_t cap);

#endif /* WRTCD_ICE_CHECK_H */
