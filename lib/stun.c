// SPDX-License-Identifier: GPL-2.0
/*
 * STUN: parsing and attribute decoding. Integrity and fingerprint are in
 * stun_auth.c, text attributes in stun_text.c, the writer in stun_build.c.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "stun.h"

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* "USERNAME", or "attribute 0x1234" for an unknown type. */
static const char *attr_label(uint16_t type, char buf[24])
{
	const char *name = stun_attr_name(type);

	if (name)
		return name;
	snprintf(buf, 24, "attribute 0x%04x", type);
	return buf;
}

bool stun_is_message(const uint8_t *buf, size_t len)
{
	uint16_t body;

	if (len < STUN_HEADER_LEN || (buf[0] & 0xc0) ||
	    get_be32(buf + 4) != STUN_MAGIC_COOKIE)
		return false;
	body = get_be16(buf + 2);
	return !(body & 3) && STUN_HEADER_LEN + (size_t)body == len;
}

static void note_unknown(struct stun_msg *msg, uint16_t type)
{
	unsigned int i;

	if (type >= 0x8000 || stun_attr_name(type))
		return;
	for (i = 0; i < msg->nunknown; i++)
		if (msg->unknown[i] == type)
			return;
	if (msg->nunknown < STUN_MAX_UNKNOWN)
		msg->unknown[msg->nunknown++] = type;
}

int stun_parse(struct stun_msg *msg, const uint8_t *buf, size_t len,
	       struct wrtc_err *err)
{
	uint16_t body;
	size_t off;
	char label[24];

	memset(msg, 0, sizeof(*msg));
	if (len < STUN_HEADER_LEN)
		return wrtc_fail(err, -EBADMSG, len,
				 "%zu bytes, shorter than a STUN header (20)",
				 len);
	if (buf[0] & 0xc0)
		return wrtc_fail(err, -EBADMSG, 0,
				 "first byte 0x%02x: the two top bits of a "
				 "STUN message are zero",
				 buf[0]);
	if (get_be32(buf + 4) != STUN_MAGIC_COOKIE)
		return wrtc_fail(err, -EBADMSG, 4,
				 "magic cookie 0x%08x, not 0x%08x",
				 get_be32(buf + 4), STUN_MAGIC_COOKIE);
	body = get_be16(buf + 2);
	if (body & 3)
		return wrtc_fail(err, -EBADMSG, 2,
				 "message length %u is not a multiple of 4",
				 body);
	if (STUN_HEADER_LEN + (size_t)body != len)
		return wrtc_fail(err, -EBADMSG, 2,
				 "message length %u, but %zu bytes follow the "
				 "header",
				 body, len - STUN_HEADER_LEN);

	msg->buf = buf;
	msg->len = len;
	msg->type = get_be16(buf);
	msg->method = stun_type_method(msg->type);
	msg->cls = stun_type_class(msg->type);
	msg->txid = buf + 8;

	/*
	 * off and len are multiples of 4, so at least a whole attribute
	 * header is left at the top of each round.
	 */
	for (off = STUN_HEADER_LEN; off < len;) {
		uint16_t type = get_be16(buf + off);
		uint16_t alen = get_be16(buf + off + 2);
		size_t left = len - off - STUN_ATTR_HEADER_LEN;

		if (pad4(alen) > left)
			return wrtc_fail(err, -EBADMSG, off,
					 "%s: %u-byte value (padded to %zu) "
					 "runs past the end, %zu bytes left",
					 attr_label(type, label), alen,
					 pad4(alen), left);
		if (msg->fingerprint)
			return wrtc_fail(err, -EBADMSG, off,
					 "%s after FINGERPRINT, which must be "
					 "the last attribute",
					 attr_label(type, label));
		switch (type) {
		case STUN_ATTR_MESSAGE_INTEGRITY:
			/* Ignored after either integrity attribute. */
			if (msg->integrity || msg->integrity_sha256)
				break;
			if (alen != STUN_INTEGRITY_LEN)
				return wrtc_fail(err, -EBADMSG, off,
						 "MESSAGE-INTEGRITY of %u "
						 "bytes, not %d",
						 alen, STUN_INTEGRITY_LEN);
			msg->integrity = off;
			break;
		case STUN_ATTR_MESSAGE_INTEGRITY_SHA256:
			if (msg->integrity_sha256)
				break;
			if (alen < 16 || alen > STUN_INTEGRITY_SHA256_LEN ||
			    alen % 4)
				return wrtc_fail(err, -EBADMSG, off,
						 "MESSAGE-INTEGRITY-SHA256 of "
						 "%u bytes, not 16, 20, 24, 28 "
						 "or 32",
						 alen);
			msg->integrity_sha256 = off;
			break;
		case STUN_ATTR_FINGERPRINT:
			if (alen != 4)
				return wrtc_fail(err, -EBADMSG, off,
						 "FINGERPRINT of %u bytes, "
						 "not 4",
						 alen);
			msg->fingerprint = off;
			break;
		default:
			if (!msg->integrity && !msg->integrity_sha256)
				note_unknown(msg, type);
			break;
		}
		off += STUN_ATTR_HEADER_LEN + pad4(alen);
	}

	if (msg->integrity)
		msg->attrs_end = msg->integrity;
	else if (msg->integrity_sha256)
		msg->attrs_end = msg->integrity_sha256;
	else if (msg->fingerprint)
		msg->attrs_end = msg->fingerprint;
	else
		msg->attrs_end = len;
	return 0;
}

static void attr_at(const struct stun_msg *msg, size_t off,
		    struct stun_attr *attr)
{
	attr->type = get_be16(msg->buf + off);
	attr->len = get_be16(msg->buf + off + 2);
	attr->val = msg->buf + off + STUN_ATTR_HEADER_LEN;
	attr->off = off;
}

bool stun_attr_next(const struct stun_msg *msg, size_t *pos,
		    struct stun_attr *attr)
{
	size_t off = *pos ? *pos : STUN_HEADER_LEN;

	if (off >= msg->attrs_end)
		return false;
	attr_at(msg, off, attr);
	*pos = off + STUN_ATTR_HEADER_LEN + pad4(attr->len);
	return true;
}

int stun_attr_find(const struct stun_msg *msg, uint16_t type,
		   struct stun_attr *attr)
{
	size_t pos = 0;
	size_t off = 0;

	switch (type) {
	case STUN_ATTR_MESSAGE_INTEGRITY:
		off = msg->integrity;
		break;
	case STUN_ATTR_MESSAGE_INTEGRITY_SHA256:
		off = msg->integrity_sha256;
		break;
	case STUN_ATTR_FINGERPRINT:
		off = msg->fingerprint;
		break;
	default:
		while (stun_attr_next(msg, &pos, attr))
			if (attr->type == type)
				return 0;
		return -ENOENT;
	}
	if (!off)
		return -ENOENT;
	attr_at(msg, off, attr);
	return 0;
}

/* --- value decoders ------------------------------------------------------ */

static int bad_len(const struct stun_attr *attr, const char *want,
		   struct wrtc_err *err)
{
	char label[24];

	return wrtc_fail(err, -EBADMSG, attr->off, "%s of %u bytes, not %s",
			 attr_label(attr->type, label), attr->len, want);
}

int stun_attr_u32(const struct stun_attr *attr, uint32_t *v,
		  struct wrtc_err *err)
{
	if (attr->len != 4)
		return bad_len(attr, "4", err);
	*v = get_be32(attr->val);
	return 0;
}

int stun_attr_u64(const struct stun_attr *attr, uint64_t *v,
		  struct wrtc_err *err)
{
	if (attr->len != 8)
		return bad_len(attr, "8", err);
	*v = get_be64(attr->val);
	return 0;
}

void stun_addr_xor(const uint8_t *hdr, uint8_t *val, size_t len)
{
	/* Port: the cookie's top 16 bits. Address: cookie, then txid. */
	size_t i;

	for (i = 2; i < len && i < 4; i++)
		val[i] ^= hdr[4 + i - 2];
	for (i = 4; i < len && i < 20; i++)
		val[i] ^= hdr[4 + i - 4];
}

int stun_attr_addr(const struct stun_msg *msg, const struct stun_attr *attr,
		   struct sockaddr_storage *addr, struct wrtc_err *err)
{
	uint8_t v[20];
	char label[24];

	if (attr->len < 4)
		return bad_len(attr, "8 or 20", err);
	if (attr->val[1] != 1 && attr->val[1] != 2)
		return wrtc_fail(err, -EBADMSG, attr->off + 5,
				 "%s: address family %u, not 1 (IPv4) or 2 "
				 "(IPv6)",
				 attr_label(attr->type, label), attr->val[1]);
	if (attr->len != (attr->val[1] == 1 ? 8 : 20))
		return bad_len(attr,
			       attr->val[1] == 1 ? "8 for IPv4" : "20 for IPv6",
			       err);
	memcpy(v, attr->val, attr->len);
	if (attr->type == STUN_ATTR_XOR_MAPPED_ADDRESS)
		stun_addr_xor(msg->buf, v, attr->len);

	memset(addr, 0, sizeof(*addr));
	if (v[1] == 1) {
		struct sockaddr_in *sin = (struct sockaddr_in *)addr;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_port, v + 2, 2);
		memcpy(&sin->sin_addr, v + 4, 4);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)addr;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_port, v + 2, 2);
		memcpy(&sin6->sin6_addr, v + 4, 16);
	}
	return 0;
}

int stun_attr_error_code(const struct stun_attr *attr, int *code,
			 const char **reason, size_t *reason_len,
			 struct wrtc_err *err)
{
	unsigned int cls, number;

	if (attr->len < 4)
		return bad_len(attr, "4 or more", err);
	cls = attr->val[2] & 7;
	number = attr->val[3];
	if (cls < 3 || cls > 6 || number > 99)
		return wrtc_fail(err, -EBADMSG, attr->off + 6,
				 "ERROR-CODE class %u number %u: not an error "
				 "code from 300 to 699",
				 cls, number);
	if (code)
		*code = (int)(cls * 100 + number);
	if (reason)
		*reason = (const char *)attr->val + 4;
	if (reason_len)
		*reason_len = attr->len - 4u;
	return 0;
}

int stun_attr_unknown(const struct stun_attr *attr, uint16_t *types, size_t max,
		      size_t *n, struct wrtc_err *err)
{
	size_t i;

	if (attr->len % 2)
		return bad_len(attr, "a multiple of 2", err);
	*n = attr->len / 2u;
	for (i = 0; i < *n && i < max; i++)
		types[i] = get_be16(attr->val + 2 * i);
	return 0;
}

int stun_attr_flag(const struct stun_attr *attr, struct wrtc_err *err)
{
	return attr->len ? bad_len(attr, "0", err) : 0;
}

/* --- names --------------------------------------------------------------- */

const char *stun_attr_name(uint16_t type)
{
	switch (type) {
	case STUN_ATTR_MAPPED_ADDRESS:
		return "MAPPED-ADDRESS";
	case STUN_ATTR_USERNAME:
		return "USERNAME";
	case STUN_ATTR_MESSAGE_INTEGRITY:
		return "MESSAGE-INTEGRITY";
	case STUN_ATTR_ERROR_CODE:
		return "ERROR-CODE";
	case STUN_ATTR_UNKNOWN_ATTRIBUTES:
		return "UNKNOWN-ATTRIBUTES";
	case STUN_ATTR_REALM:
		return "REALM";
	case STUN_ATTR_NONCE:
		return "NONCE";
	case STUN_ATTR_MESSAGE_INTEGRITY_SHA256:
		return "MESSAGE-INTEGRITY-SHA256";
	case STUN_ATTR_PASSWORD_ALGORITHM:
		return "PASSWORD-ALGORITHM";
	case STUN_ATTR_USERHASH:
		return "USERHASH";
	case STUN_ATTR_XOR_MAPPED_ADDRESS:
		return "XOR-MAPPED-ADDRESS";
	case STUN_ATTR_PRIORITY:
		return "PRIORITY";
	case STUN_ATTR_USE_CANDIDATE:
		return "USE-CANDIDATE";
	case STUN_ATTR_PASSWORD_ALGORITHMS:
		return "PASSWORD-ALGORITHMS";
	case STUN_ATTR_ALTERNATE_DOMAIN:
		return "ALTERNATE-DOMAIN";
	case STUN_ATTR_SOFTWARE:
		return "SOFTWARE";
	case STUN_ATTR_ALTERNATE_SERVER:
		return "ALTERNATE-SERVER";
	case STUN_ATTR_FINGERPRINT:
		return "FINGERPRINT";
	case STUN_ATTR_ICE_CONTROLLED:
		return "ICE-CONTROLLED";
	case STUN_ATTR_ICE_CONTROLLING:
		return "ICE-CONTROLLING";
	case STUN_ATTR_GOOG_NETWORK_INFO:
		return "GOOG-NETWORK-INFO";
	}
	return NULL;
}

const char *stun_class_name(enum stun_class cls)
{
	static const char *const names[] = {
		[STUN_CLASS_REQUEST] = "request",
		[STUN_CLASS_INDICATION] = "indication",
		[STUN_CLASS_SUCCESS] = "success response",
		[STUN_CLASS_ERROR] = "error response",
	};

	return names[cls & 3];
}

const char *stun_error_reason(int code)
{
	switch (code) {
	case STUN_ERR_TRY_ALTERNATE:
		return "Try Alternate";
	case STUN_ERR_BAD_REQUEST:
		return "Bad Request";
	case STUN_ERR_UNAUTHORIZED:
		/* RFC 5389 said "Unauthorized"; RFC 8489 renamed it. */
		return "Unauthenticated";
	case STUN_ERR_FORBIDDEN:
		return "Forbidden";
	case STUN_ERR_UNKNOWN_ATTRIBUTE:
		return "Unknown Attribute";
	case STUN_ERR_STALE_NONCE:
		return "Stale Nonce";
	case STUN_ERR_ROLE_CONFLICT:
		return "Role Conflict";
	case STUN_ERR_SERVER_ERROR:
		return "Server Error";
	}
	return NULL;
}
