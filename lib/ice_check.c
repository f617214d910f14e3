// SPDX-License-Identifier: GPL-2.0
/*
 * The ICE-lite decision on a received STUN datagram and the answer it
 * gets (see ice_check.h for the rules and their order).
 */
#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "ice_check.h"

static void drop(struct ice_check *out, enum ice_drop why)
{
	out->verdict = ICE_DROP;
	out->drop = why;
}

static void answer_error(struct ice_check *out, int code)
{
	out->verdict = ICE_ANSWER_ERROR;
	out->code = code;
}

/* Is USERNAME "<local>:<remote>" (only "<local>:..." if remote unknown)? */
static bool username_ok(const char *u, size_t ulen,
			const struct ice_creds *creds)
{
	size_t lu = strlen(creds->local_ufrag);
	const char *remote = creds->remote_ufrag ? creds->remote_ufrag : "";
	size_t ru = strlen(remote);

	if (!lu || ulen <= lu + 1 || memcmp(u, creds->local_ufrag, lu) ||
	    u[lu] != ':')
		return false;
	if (!ru)
		return true;
	return ulen == lu + 1 + ru && !memcmp(u + lu + 1, remote, ru);
}

/*
 * The authenticated part: unknown attributes, then the ICE attributes'
 * formats, then the role. Returns true for a valid check.
 */
static bool check_ice_attrs(const struct stun_msg *m, struct ice_check *out)
{
	struct stun_attr a;
	struct wrtc_err *err = &out->why;
	uint64_t tie;

	if (m->nunknown) {
		out->nunknown = m->nunknown;
		memcpy(out->unknown, m->unknown,
		       m->nunknown * sizeof(m->unknown[0]));
		wrtc_fail(err, -EBADMSG, 0,
			  "%u unknown comprehension-required attribute(s), "
			  "the first 0x%04x",
			  m->nunknown, m->unknown[0]);
		answer_error(out, STUN_ERR_UNKNOWN_ATTRIBUTE);
		return false;
	}
	if (!stun_attr_find(m, STUN_ATTR_PRIORITY, &a)) {
		if (stun_attr_u32(&a, &out->priority, err))
			goto bad;
		out->has_priority = true;
	}
	if (!stun_attr_find(m, STUN_ATTR_ICE_CONTROLLING, &a)) {
		if (stun_attr_u64(&a, &tie, err))
			goto bad;
		out->controlling = true;
		out->tiebreaker = tie;
	}
	if (!stun_attr_find(m, STUN_ATTR_ICE_CONTROLLED, &a)) {
		if (stun_attr_u64(&a, &tie, err))
			goto bad;
		out->controlled = true;
		out->tiebreaker = tie;
	}
	if (!stun_attr_find(m, STUN_ATTR_USE_CANDIDATE, &a)) {
		if (stun_attr_flag(&a, err))
			goto bad;
		out->use_candidate = true;
	}
	if (out->controlling && out->controlled) {
		wrtc_fail(err, -EBADMSG, 0,
			  "both ICE-CONTROLLING and ICE-CONTROLLED");
		goto bad;
	}
	if (out->controlled) {
		wrtc_fail(err, -EBADMSG, 0,
			  "ICE-CONTROLLED: the endpoint is controlled too, "
			  "and a lite agent cannot control");
		answer_error(out, STUN_ERR_ROLE_CONFLICT);
		return false;
	}
	return true;
bad:
	answer_error(out, STUN_ERR_BAD_REQUEST);
	return false;
}

void ice_check_request(const uint8_t *buf, size_t len,
		       const struct ice_creds *creds, struct ice_check *out)
{
	struct stun_msg m;
	struct stun_attr user;
	const char *u;
	size_t ulen;
	uint16_t type;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!stun_is_message(buf, len)) {
		wrtc_fail(&out->why, -EBADMSG, 0, "not a STUN message");
		return drop(out, ICE_DROP_NOT_STUN);
	}
	type = get_be16(buf);
	if (stun_type_class(type) != STUN_CLASS_REQUEST) {
		wrtc_fail(&out->why, -EBADMSG, 0, "a STUN %s",
			  stun_class_name(stun_type_class(type)));
		return drop(out, ICE_DROP_NOT_REQUEST);
	}
	if (stun_type_method(type) != STUN_METHOD_BINDING) {
		wrtc_fail(&out->why, -EBADMSG, 0, "a request of method 0x%03x",
			  stun_type_method(type));
		return drop(out, ICE_DROP_METHOD);
	}
	/* The header is sound: from here on every outcome can be answered. */
	if (stun_parse(&m, buf, len, &out->why))
		return answer_error(out, STUN_ERR_BAD_REQUEST);
	ret = stun_check_fingerprint(&m, &out->why);
	if (ret == -ENOENT)
		return answer_error(out, STUN_ERR_BAD_REQUEST);
	if (ret)
		return drop(out, ICE_DROP_FINGERPRINT);
	if (stun_attr_find(&m, STUN_ATTR_USERNAME, &user) || !m.integrity) {
		wrtc_fail(&out->why, -EBADMSG, 0, "no %s",
			  m.integrity ? "USERNAME" : "MESSAGE-INTEGRITY");
		return answer_error(out, STUN_ERR_BAD_REQUEST);
	}
	if (stun_attr_text(&user, &u, &ulen, &out->why))
		return answer_error(out, STUN_ERR_BAD_REQUEST);
	if (!username_ok(u, ulen, creds)) {
		wrtc_fail(&out->why, -EACCES, user.off,
			  "USERNAME \"%.*s\" is not \"%s:%s\"",
			  (int)(ulen < 64 ? ulen : 64), u, creds->local_ufrag,
			  creds->remote_ufrag && *creds->remote_ufrag ?
				  creds->remote_ufrag :
				  "*");
		return answer_error(out, STUN_ERR_UNAUTHORIZED);
	}
	ret = stun_check_integrity(&m, creds->local_pwd,
				   strlen(creds->local_pwd), &out->why);
	if (ret == -EIO)
		return answer_error(out, STUN_ERR_SERVER_ERROR);
	if (ret)
		return answer_error(out, STUN_ERR_UNAUTHORIZED);
	out->authenticated = true;
	if (check_ice_attrs(&m, out))
		out->verdict = ICE_ANSWER_OK;
}

int ice_check_reply(const uint8_t *req, const struct ice_check *chk,
		    const struct sockaddr *from, const char *pwd, uint8_t *out,
		    size_t cap)
{
	uint16_t method = stun_type_method(get_be16(req));
	bool ok = chk->verdict == ICE_ANSWER_OK;
	struct stun_builder b;

	if (chk->verdict == ICE_DROP)
		return -EINVAL;
	stun_build_init(&b, out, cap,
			stun_type(method,
				  ok ? STUN_CLASS_SUCCESS : STUN_CLASS_ERROR),
			req + 8, NULL);
	if (ok) {
		stun_build_addr(&b, STUN_ATTR_XOR_MAPPED_ADDRESS, from);
	} else {
		/* The standard phrase: our reasons stay in our log. */
		stun_build_error_code(&b, chk->code, NULL);
		if (chk->code == STUN_ERR_UNKNOWN_ATTRIBUTE)
			stun_build_unknown(&b, chk->unknown, chk->nunknown);
	}
	if (chk->authenticated)
		stun_build_integrity(&b, pwd, strlen(pwd));
	return stun_build_fingerprint(&b);
}
