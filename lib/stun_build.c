// SPDX-License-Identifier: GPL-2.0
/*
 * STUN: writing messages. See stun.h for the rules; parsing is in stun.c.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include <openssl/rand.h>

#include "bytes.h"
#include "stun.h"

/* stun_builder.seen: what has been written, in the order it must be. */
enum {
	SEEN_INTEGRITY = 1,
	SEEN_INTEGRITY_SHA256 = 2,
	SEEN_FINGERPRINT = 4,
};

/*
 * Record the first failure; later calls return it before doing anything,
 * so its reason stays in b->err.
 */
#define build_fail(b, code, ...) \
	((b)->error = wrtc_fail((b)->err, (code), (b)->len, __VA_ARGS__))

static const char *label(uint16_t type)
{
	const char *name = stun_attr_name(type);

	return name ? name : "attribute";
}

/* The last of the integrity and fingerprint attributes in @seen. */
static const char *last_seen(int seen)
{
	if (seen & SEEN_FINGERPRINT)
		return "FINGERPRINT";
	if (seen & SEEN_INTEGRITY_SHA256)
		return "MESSAGE-INTEGRITY-SHA256";
	return "MESSAGE-INTEGRITY";
}

/*
 * Append the header of an attribute of @len value bytes, and its padding;
 * the value goes to *val. Keeps the message's length field current.
 */
static int reserve(struct stun_builder *b, uint16_t type, size_t len,
		   uint8_t **val)
{
	size_t padded = (len + 3) & ~(size_t)3;
	size_t need = STUN_ATTR_HEADER_LEN + padded;
	uint8_t *p;

	if (b->error)
		return b->error;
	if (len > 0xffff)
		return build_fail(b, -EMSGSIZE,
				  "%s 0x%04x: a %zu-byte value does not fit "
				  "the 16-bit length",
				  label(type), type, len);
	if (b->len - STUN_HEADER_LEN + need > STUN_MAX_BODY)
		return build_fail(b, -EMSGSIZE,
				  "%s 0x%04x: %zu more bytes pass the largest "
				  "STUN message (%u bytes)",
				  label(type), type, need, STUN_MAX_LEN);
	if (need > b->cap - b->len)
		return build_fail(b, -ENOSPC,
				  "%s 0x%04x: %zu more bytes, %zu left in the "
				  "buffer",
				  label(type), type, need, b->cap - b->len);
	p = b->buf + b->len;
	put_be16(p, type);
	put_be16(p + 2, (uint16_t)len);
	memset(p + STUN_ATTR_HEADER_LEN + len, b->pad, padded - len);
	b->len += need;
	put_be16(b->buf + 2, (uint16_t)(b->len - STUN_HEADER_LEN));
	*val = p + STUN_ATTR_HEADER_LEN;
	return 0;
}

/* reserve() for an attribute that is neither integrity nor fingerprint. */
static int reserve_plain(struct stun_builder *b, uint16_t type, size_t len,
			 uint8_t **val)
{
	if (b->error)
		return b->error;
	switch (type) {
	case STUN_ATTR_MESSAGE_INTEGRITY:
	case STUN_ATTR_MESSAGE_INTEGRITY_SHA256:
	case STUN_ATTR_FINGERPRINT:
		return build_fail(b, -EINVAL,
				  "%s is written by its own stun_build_ call",
				  label(type));
	}
	if (b->seen)
		return build_fail(b, -EINVAL, "%s 0x%04x after %s", label(type),
				  type, last_seen(b->seen));
	return reserve(b, type, len, val);
}

static int result(const struct stun_builder *b)
{
	return b->error ? b->error : (int)b->len;
}

int stun_build_init(struct stun_builder *b, uint8_t *buf, size_t cap,
		    uint16_t type, const uint8_t txid[STUN_TXID_LEN],
		    struct wrtc_err *err)
{
	*b = (struct stun_builder){ .buf = buf, .cap = cap, .err = err };
	if (type & 0xc000)
		return build_fail(b, -EINVAL,
				  "message type 0x%04x: the two top bits of a "
				  "STUN message are zero",
				  type);
	if (cap < STUN_HEADER_LEN)
		return build_fail(b, -ENOSPC,
				  "a %zu-byte buffer cannot hold a STUN header",
				  cap);
	put_be16(buf, type);
	put_be16(buf + 2, 0);
	put_be32(buf + 4, STUN_MAGIC_COOKIE);
	memcpy(buf + 8, txid, STUN_TXID_LEN);
	b->len = STUN_HEADER_LEN;
	return result(b);
}

int stun_build_reply(struct stun_builder *b, uint8_t *buf, size_t cap,
		     const struct stun_msg *req, enum stun_class cls,
		     struct wrtc_err *err)
{
	return stun_build_init(b, buf, cap, stun_type(req->method, cls),
			       req->txid, err);
}

int stun_build_attr(struct stun_builder *b, uint16_t type, const void *val,
		    size_t len)
{
	uint8_t *p;

	if (reserve_plain(b, type, len, &p))
		return b->error;
	if (len)
		memcpy(p, val, len);
	return result(b);
}

/*
 * Is s[0 .. len) UTF-8 that a @type attribute may carry (see
 * stun_build_text())? Records the failure in @b if not.
 */
static int check_text(struct stun_builder *b, uint16_t type, const char *s,
		      size_t len)
{
	const char *what = type == STUN_ATTR_ERROR_CODE ?
				   "ERROR-CODE reason phrase" :
				   label(type);
	ssize_t chars;
	size_t bad;

	chars = stun_utf8_chars(s, len, &bad);
	if (chars < 0)
		return build_fail(b, -EINVAL,
				  "%s: byte %zu of the text is not UTF-8", what,
				  bad);
	if (type == STUN_ATTR_USERNAME && len > STUN_MAX_USERNAME)
		return build_fail(b, -E2BIG,
				  "USERNAME of %zu bytes, more than %d", len,
				  STUN_MAX_USERNAME);
	if (type != STUN_ATTR_USERNAME && chars > STUN_MAX_TEXT_CHARS)
		return build_fail(b, -E2BIG,
				  "%s of %zd characters, more than %d", what,
				  chars, STUN_MAX_TEXT_CHARS);
	return 0;
}

int stun_build_text(struct stun_builder *b, uint16_t type, const char *s,
		    size_t len)
{
	if (b->error)
		return b->error;
	if (check_text(b, type, s, len))
		return b->error;
	return stun_build_attr(b, type, s, len);
}

int stun_build_str(struct stun_builder *b, uint16_t type, const char *s)
{
	return stun_build_text(b, type, s, strlen(s));
}

int stun_build_u32(struct stun_builder *b, uint16_t type, uint32_t v)
{
	uint8_t *p;

	if (reserve_plain(b, type, 4, &p))
		return b->error;
	put_be32(p, v);
	return result(b);
}

int stun_build_u64(struct stun_builder *b, uint16_t type, uint64_t v)
{
	uint8_t *p;

	if (reserve_plain(b, type, 8, &p))
		return b->error;
	put_be64(p, v);
	return result(b);
}

int stun_build_flag(struct stun_builder *b, uint16_t type)
{
	return stun_build_attr(b, type, NULL, 0);
}

int stun_build_addr(struct stun_builder *b, uint16_t type,
		    const struct sockaddr *addr)
{
	uint8_t v[20] = { 0 };
	size_t len;

	if (b->error)
		return b->error;
	if (addr->sa_family == AF_INET) {
		const struct sockaddr_in *sin = (const void *)addr;

		v[1] = 1;
		memcpy(v + 2, &sin->sin_port, 2);
		memcpy(v + 4, &sin->sin_addr, 4);
		len = 8;
	} else if (addr->sa_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const void *)addr;

		v[1] = 2;
		memcpy(v + 2, &sin6->sin6_port, 2);
		memcpy(v + 4, &sin6->sin6_addr, 16);
		len = 20;
	} else {
		return build_fail(b, -EAFNOSUPPORT,
				  "%s: address family %u is neither AF_INET "
				  "nor AF_INET6",
				  label(type), addr->sa_family);
	}
	if (type == STUN_ATTR_XOR_MAPPED_ADDRESS)
		stun_addr_xor(b->buf, v, len);
	return stun_build_attr(b, type, v, len);
}

int stun_build_error_code(struct stun_builder *b, int code, const char *reason)
{
	size_t rlen;
	uint8_t *p;

	if (b->error)
		return b->error;
	if (code < 300 || code > 699)
		return build_fail(b, -EINVAL,
				  "error code %d is not from 300 to 699", code);
	if (!reason)
		reason = stun_error_reason(code);
	rlen = reason ? strlen(reason) : 0;
	if (check_text(b, STUN_ATTR_ERROR_CODE, reason, rlen))
		return b->error;
	if (reserve_plain(b, STUN_ATTR_ERROR_CODE, 4 + rlen, &p))
		return b->error;
	/* Reserved bits, then class (the hundreds) and number. */
	put_be16(p, 0);
	p[2] = (uint8_t)(code / 100);
	p[3] = (uint8_t)(code % 100);
	if (rlen)
		memcpy(p + 4, reason, rlen);
	return result(b);
}

int stun_build_unknown(struct stun_builder *b, const uint16_t *types, size_t n)
{
	uint8_t *p;
	size_t i;

	if (b->error)
		return b->error;
	if (n > 0xffff / 2)
		return build_fail(b, -EMSGSIZE,
				  "UNKNOWN-ATTRIBUTES: %zu types do not fit",
				  n);
	if (reserve_plain(b, STUN_ATTR_UNKNOWN_ATTRIBUTES, 2 * n, &p))
		return b->error;
	for (i = 0; i < n; i++)
		put_be16(p + 2 * i, types[i]);
	return result(b);
}

/*
 * Append an integrity attribute (@flag says which) after everything but
 * what must follow it (@after).
 */
static int build_mac(struct stun_builder *b, int flag, int after,
		     const void *key, size_t keylen)
{
	bool sha256 = flag == SEEN_INTEGRITY_SHA256;
	uint16_t type = sha256 ? STUN_ATTR_MESSAGE_INTEGRITY_SHA256 :
				 STUN_ATTR_MESSAGE_INTEGRITY;
	size_t maclen = sha256 ? STUN_INTEGRITY_SHA256_LEN : STUN_INTEGRITY_LEN;
	size_t off = b->len;
	uint8_t *p;

	if (b->error)
		return b->error;
	if (b->seen & after)
		return build_fail(b, -EINVAL, "%s after %s", label(type),
				  last_seen(b->seen & after));
	if (reserve(b, type, maclen, &p))
		return b->error;
	if (stun_integrity(b->buf, off, sha256, key, keylen, p, maclen))
		return build_fail(b, -EIO, "%s: HMAC failed in OpenSSL",
				  label(type));
	b->seen |= flag;
	return result(b);
}

int stun_build_integrity(struct stun_builder *b, const void *key, size_t keylen)
{
	return build_mac(b, SEEN_INTEGRITY,
			 SEEN_INTEGRITY | SEEN_INTEGRITY_SHA256 |
				 SEEN_FINGERPRINT,
			 key, keylen);
}

int stun_build_integrity_sha256(struct stun_builder *b, const void *key,
				size_t keylen)
{
	return build_mac(b, SEEN_INTEGRITY_SHA256,
			 SEEN_INTEGRITY_SHA256 | SEEN_FINGERPRINT, key, keylen);
}

int stun_build_fingerprint(struct stun_builder *b)
{
	size_t off = b->len;
	uint8_t *p;

	if (b->error)
		return b->error;
	if (b->seen & SEEN_FINGERPRINT)
		return build_fail(b, -EINVAL, "FINGERPRINT after FINGERPRINT");
	if (reserve(b, STUN_ATTR_FINGERPRINT, 4, &p))
		return b->error;
	put_be32(p, stun_fingerprint(b->buf, off));
	b->seen |= SEEN_FINGERPRINT;
	return result(b);
}

int stun_txid_random(uint8_t txid[STUN_TXID_LEN])
{
	return RAND_bytes(txid, STUN_TXID_LEN) == 1 ? 0 : -EIO;
}
