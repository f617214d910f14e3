// SPDX-License-Identifier: GPL-2.0
/*
 * The ICE-lite agent of a leg: answering checks, valid pairs, nomination,
 * consent freshness (see ice.h; the per-request rules are in ice_check.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "engines.h"
#include "ice.h"
#include "ice_check.h"
#include "log.h"
#include "peer.h"

/* Addresses remembered as valid pairs, for "first check from" logs. */
#define ICE_MAX_PAIRS 4
/*
 * Unauthenticated error answers (400, 401) per second and leg: enough for
 * an endpoint with stale credentials to notice, too few for the port to
 * serve as a reflector (a 400 can be twice the size of its request).
 */
#define ICE_UNAUTH_REPLIES 20
/* Log lines about bad checks: this many per 10 s and leg, then a count. */
#define ICE_LOG_BURST 5
#define ICE_LOG_WINDOW_MS 10000

struct ice_rate {
	uint64_t start;
	unsigned int n, suppressed;
};

struct ice_agent {
	struct leg *leg; /* NULL once torn down */
	uv_timer_t consent;
	bool armed; /* the consent clock runs */
	bool consented; /* a valid check ever came */
	uint64_t last_valid; /* uv_now() of the last valid check, or arming */
	struct sockaddr_storage pair[ICE_MAX_PAIRS];
	unsigned int npairs, next_pair;
	/* Log budgets: unauthenticated junk must not hide a 487. */
	struct ice_rate replies, logs_unauth, logs_auth;
	struct {
		uint64_t ok, err400, err401, err420, err487, err500;
		uint64_t not_request, dropped, limited;
	} n;
};

/* Up to @burst events per window; *@missed: those refused last window. */
static bool rate_allow(struct ice_rate *r, uint64_t now, unsigned int burst,
		       uint64_t window, unsigned int *missed)
{
	*missed = 0;
	if (now - r->start >= window) {
		*missed = r->suppressed;
		r->start = now;
		r->n = 0;
		r->suppressed = 0;
	}
	if (r->n < burst) {
		r->n++;
		return true;
	}
	r->suppressed++;
	return false;
}

static const char *call_id(const struct leg *leg)
{
	return leg->call ? leg->call->id : "?";
}

static const char *peer_id(const struct leg *leg)
{
	return leg->peer ? leg->peer->id : "?";
}

/* A log line about a bad check, at most ICE_LOG_BURST per window. */
static void __attribute__((format(printf, 4, 5)))
log_limited(struct ice_agent *a, struct ice_rate *budget, enum log_level level,
	    const char *fmt, ...)
{
	uint64_t now = uv_now(a->leg->env->loop);
	unsigned int missed;
	char line[512];
	va_list ap;

	if (!rate_allow(budget, now, ICE_LOG_BURST, ICE_LOG_WINDOW_MS, &missed))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (missed)
		log_msg(level, "%s (%u similar lines suppressed)", line,
			missed);
	else
		log_msg(level, "%s", line);
}

static bool same_addr(const struct sockaddr_storage *a,
		      const struct sockaddr *b)
{
	if (a->ss_family != b->sa_family)
		return false;
	if (b->sa_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a,
					 *y = (const void *)b;

		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (b->sa_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a,
					  *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		       !memcmp(&x->sin6_addr, &y->sin6_addr,
			       sizeof(x->sin6_addr));
	}
	return false;
}

static void copy_addr(struct sockaddr_storage *to, const struct sockaddr *from)
{
	memset(to, 0, sizeof(*to));
	memcpy(to, from,
	       from->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					     sizeof(struct sockaddr_in));
}

static uint64_t consent_ms(const struct ice_agent *a)
{
	return (uint64_t)a->leg->env->cfg->consent_timeout * 1000;
}

static void on_consent_timer(uv_timer_t *t)
{
	struct ice_agent *a = t->data;
	struct leg *leg = a->leg;
	char why[160];

	if (!leg || uv_now(t->loop) - a->last_valid < consent_ms(a))
		return;
	leg->ice = a->consented ? ICE_STATE_DISCONNECTED : ICE_STATE_FAILED;
	snprintf(why, sizeof(why),
		 "ICE consent expired for peer %s (port %u): %s for %u s",
		 peer_id(leg), leg->port,
		 a->consented ? "no valid check" : "not a single valid check",
		 leg->env->cfg->consent_timeout);
	log_warn("call %s: %s, ICE %s", call_id(leg), why,
		 ice_state_name(leg->ice));
	/* Tears down both legs, this agent and its timer included. */
	call_fail(leg->call, why);
}

/* Start the consent clock (once). */
static void arm(struct ice_agent *a, uint64_t now)
{
	uint64_t timeout = consent_ms(a);
	uint64_t every = timeout / 4 < 1000 ? timeout / 4 : 1000;

	if (a->armed)
		return;
	a->armed = true;
	a->last_valid = now;
	if (a->leg->ice == ICE_STATE_NEW)
		a->leg->ice = ICE_STATE_CHECKING;
	uv_timer_start(&a->consent, on_consent_timer, every ? every : 1,
		       every ? every : 1);
}

static struct ice_agent *agent_of(struct leg *leg)
{
	struct ice_agent *a = leg->ice_ctx;

	if (a)
		return a;
	a = calloc(1, sizeof(*a));
	if (!a) {
		log_err("call %s: out of memory for the ICE agent of port %u",
			call_id(leg), leg->port);
		return NULL;
	}
	a->leg = leg;
	uv_timer_init(leg->env->loop, &a->consent);
	a->consent.data = a;
	leg->ice_ctx = a;
	return a;
}

static void nominate(struct ice_agent *a, struct leg_socket *s,
		     const struct sockaddr *from)
{
	struct leg *leg = a->leg;
	char was[64], now[64];
	bool first = !leg->remote.ss_family;

	leg->ice = ICE_STATE_COMPLETED;
	if (!first && same_addr(&leg->remote, from) && leg->remote_sock == s)
		return;
	leg_remote_text(leg, was, sizeof(was));
	copy_addr(&leg->remote, from);
	leg->remote_sock = s;
	leg_remote_text(leg, now, sizeof(now));
	if (first)
		log_info("call %s: ICE completed for peer %s (port %u): "
			 "nominated %s",
			 call_id(leg), peer_id(leg), leg->port, now);
	else
		log_info("call %s: peer %s (port %u) moved from %s to %s "
			 "(new ICE nomination)",
			 call_id(leg), peer_id(leg), leg->port, was, now);
	engines_on_ice_nominated(leg);
}

static void on_valid_check(struct ice_agent *a, struct leg_socket *s,
			   const struct sockaddr *from, bool use_candidate,
			   uint64_t now)
{
	struct leg *leg = a->leg;
	char addr[64];
	unsigned int i;

	arm(a, now);
	a->last_valid = now;
	a->consented = true;
	for (i = 0; i < a->npairs; i++)
		if (same_addr(&a->pair[i], from))
			break;
	if (i == a->npairs) {
		copy_addr(&a->pair[a->next_pair], from);
		a->next_pair = (a->next_pair + 1) % ICE_MAX_PAIRS;
		if (a->npairs < ICE_MAX_PAIRS)
			a->npairs++;
		sockaddr_text(from, addr, sizeof(addr));
		log_info("call %s: first valid ICE check from %s for peer %s "
			 "(port %u)",
			 call_id(leg), addr, peer_id(leg), leg->port);
	}
	if (use_candidate)
		nominate(a, s, from);
	else if (leg->ice == ICE_STATE_NEW || leg->ice == ICE_STATE_CHECKING)
		leg->ice = ICE_STATE_CONNECTED;
}

/* Count and log an answer that is not a 200. */
static void note_error(struct ice_agent *a, const struct ice_check *chk,
		       const char *addr)
{
	struct leg *leg = a->leg;
	enum log_level level = LOG_INFO;

	switch (chk->code) {
	case STUN_ERR_BAD_REQUEST:
		a->n.err400++;
		break;
	case STUN_ERR_UNAUTHORIZED:
		a->n.err401++;
		break;
	case STUN_ERR_UNKNOWN_ATTRIBUTE:
		a->n.err420++;
		break;
	case STUN_ERR_ROLE_CONFLICT:
		a->n.err487++;
		level = LOG_WARN;
		break;
	default:
		a->n.err500++;
		level = LOG_WARN;
		break;
	}
	log_limited(a, chk->authenticated ? &a->logs_auth : &a->logs_unauth,
		    level,
		    "call %s: ICE check from %s for peer %s (port %u): %d %s: "
		    "%s",
		    call_id(leg), addr, peer_id(leg), leg->port, chk->code,
		    stun_error_reason(chk->code), chk->why.msg);
}

static void note_drop(struct ice_agent *a, const struct ice_check *chk,
		      const char *addr)
{
	a->leg->stats.dropped++;
	if (chk->drop == ICE_DROP_NOT_REQUEST)
		a->n.not_request++;
	else
		a->n.dropped++;
	if (log_get_level() >= LOG_DEBUG)
		log_limited(a, &a->logs_unauth, LOG_DEBUG,
			    "call %s: STUN from %s on port %u ignored: %s",
			    call_id(a->leg), addr, a->leg->port, chk->why.msg);
}

void ice_on_stun(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		 size_t len, const struct sockaddr *from)
{
	struct ice_agent *a = agent_of(leg);
	struct ice_creds creds = {
		.local_ufrag = leg->local_ufrag,
		.local_pwd = leg->local_pwd,
		.remote_ufrag = leg->remote_ufrag,
	};
	uint8_t out[ICE_REPLY_MAX];
	struct ice_check chk;
	unsigned int missed;
	uint64_t now;
	char addr[64];
	int n;

	if (!a) {
		leg->stats.dropped++;
		return;
	}
	now = uv_now(leg->env->loop);
	ice_check_request(buf, len, &creds, &chk);
	sockaddr_text(from, addr, sizeof(addr));
	if (chk.verdict == ICE_DROP)
		return note_drop(a, &chk, addr);
	if (chk.verdict == ICE_ANSWER_ERROR) {
		note_error(a, &chk, addr);
		if (!chk.authenticated &&
		    !rate_allow(&a->replies, now, ICE_UNAUTH_REPLIES, 1000,
				&missed)) {
			a->n.limited++;
			return;
		}
	}
	n = ice_check_reply(buf, &chk, from, leg->local_pwd, out, sizeof(out));
	if (n < 0)
		log_warn("call %s: cannot write the STUN answer to %s: %s",
			 call_id(leg), addr, strerror(-n));
	else if ((n = leg_send(s, out, (size_t)n, from)))
		log_debug("call %s: STUN answer to %s not sent: %s",
			  call_id(leg), addr, uv_strerror(n));
	if (chk.verdict == ICE_ANSWER_OK) {
		a->n.ok++;
		on_valid_check(a, s, from, chk.use_candidate, now);
	}
}

void ice_on_negotiated(struct leg *leg, bool ice_restart)
{
	struct ice_agent *a = agent_of(leg);
	struct call *c = leg->call;
	uint64_t now = uv_now(leg->env->loop);

	if (!a)
		return;
	if (ice_restart) {
		a->npairs = 0;
		a->next_pair = 0;
		if (a->armed) {
			a->last_valid = now;
			leg->ice = ICE_STATE_CHECKING;
		}
		log_info(
			"call %s: ICE restart by peer %s (port %u): new "
			"credentials, media stays on %s until a new nomination",
			call_id(leg), peer_id(leg), leg->port,
			leg->remote.ss_family ? "the nominated address" :
						"hold");
	}
	/* Both SDPs known: both endpoints can check now. */
	if (!c || !c->leg[0] || !c->leg[1] || !c->leg[0]->remote_ufrag[0] ||
	    !c->leg[1]->remote_ufrag[0])
		return;
	for (int i = 0; i < 2; i++) {
		struct ice_agent *x = agent_of(c->leg[i]);

		if (x)
			arm(x, now);
	}
}

static void on_agent_closed(uv_handle_t *h)
{
	free(h->data);
}

void ice_on_teardown(struct leg *leg)
{
	struct ice_agent *a = leg->ice_ctx;
	uint64_t errors;

	if (!a)
		return;
	errors = a->n.err400 + a->n.err401 + a->n.err420 + a->n.err487 +
		 a->n.err500;
	/* The totals behind the rate-limited lines, when there were any. */
	if (errors || a->n.ok || a->n.not_request || a->n.dropped)
		log_msg(errors ? LOG_INFO : LOG_DEBUG,
			"call %s: ICE on port %u: %llu valid checks, "
			"400/401/420/487/500: %llu/%llu/%llu/%llu/%llu "
			"(%llu not sent), %llu non-requests and %llu other "
			"STUN ignored",
			call_id(leg), leg->port, (unsigned long long)a->n.ok,
			(unsigned long long)a->n.err400,
			(unsigned long long)a->n.err401,
			(unsigned long long)a->n.err420,
			(unsigned long long)a->n.err487,
			(unsigned long long)a->n.err500,
			(unsigned long long)a->n.limited,
			(unsigned long long)a->n.not_request,
			(unsigned long long)a->n.dropped);
	leg->ice_ctx = NULL;
	a->leg = NULL;
	/* Freed once libuv lets go of the timer, maybe after the leg. */
	uv_close((uv_handle_t *)&a->consent, on_agent_closed);
}
