// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the STUN codec (lib/stun.h).
 *
 * Any input: stun_parse() accepts it or says why, and agrees with
 * stun_is_message() on the header. An accepted message is read through
 * every decoder and check, then written again with the builder (its
 * attributes, then the integrity and fingerprint attributes it had, keyed
 * with a fixed key); the copy must parse to the same attributes and pass
 * its own checks. Every value that decodes (u32, u64, address, ERROR-CODE,
 * UNKNOWN-ATTRIBUTES, text, empty flag) is written again by its typed
 * stun_build_ call and must come back bit for bit, or be refused for the
 * reason the writer's stricter limits give. A message with USERNAME and
 * REALM is also checked with the long-term key derived from them.
 *
 * Seeds in tests/fuzz/corpus/stun/: the four RFC 5769 vectors (and the
 * long-term one signed with the fuzzer's key), two Binding requests
 * captured from Chromium 156 and the answer the gateway sent, error
 * responses (401, 420 with UNKNOWN-ATTRIBUTES, 487), and messages with
 * MESSAGE-INTEGRITY-SHA256, with attributes after MESSAGE-INTEGRITY, with
 * an unknown comprehension-optional attribute and with nonzero padding.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stun.h"

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, \
				__LINE__, #cond);                              \
			abort();                                               \
		}                                                              \
	} while (0)

static const char key[] = "fuzz-password-0123456789";

/*
 * A one-attribute message with @m's header, for writing a decoded value
 * again with its typed stun_build_ call.
 */
static uint8_t scratch[STUN_MAX_LEN];
static const uint8_t *const scratch_val =
	scratch + STUN_HEADER_LEN + STUN_ATTR_HEADER_LEN;

static void scratch_init(struct stun_builder *b, const struct stun_msg *m)
{
	CHECK(stun_build_init(b, scratch, sizeof(scratch), m->type, m->txid,
			      NULL) == STUN_HEADER_LEN);
}

/* Did the typed call write an attribute as long as @a? */
static void check_len(int n, const struct stun_attr *a)
{
	CHECK(n == (int)(STUN_HEADER_LEN + STUN_ATTR_HEADER_LEN +
			 ((a->len + 3u) & ~3u)));
	CHECK(scratch[STUN_HEADER_LEN + 3] == (a->len & 0xff));
}

/*
 * What stun_build_text() must say to s[0 .. len) for a @type attribute: 0
 * when it may be written, else the error.
 */
static int writable_text(uint16_t type, const char *s, size_t len)
{
	ssize_t chars = stun_utf8_chars(s, len, NULL);

	if (chars < 0)
		return -EINVAL;
	if (type == STUN_ATTR_USERNAME)
		return len > STUN_MAX_USERNAME ? -E2BIG : 0;
	return chars > STUN_MAX_TEXT_CHARS ? -E2BIG : 0;
}

/*
 * The long-term credential check (RFC 8489 section 9.2), with the key
 * from the message's USERNAME and REALM and the fuzzer's password.
 */
static void check_long_term(const struct stun_msg *m)
{
	uint8_t lt[STUN_LONG_TERM_KEY_LEN];
	struct stun_attr u, r;
	const char *us, *rs;
	size_t ulen, rlen;
	int rc;

	if (stun_attr_find(m, STUN_ATTR_USERNAME, &u) ||
	    stun_attr_find(m, STUN_ATTR_REALM, &r) ||
	    stun_attr_text(&u, &us, &ulen, NULL) ||
	    stun_attr_text(&r, &rs, &rlen, NULL))
		return;
	CHECK(!stun_long_term_key(us, ulen, rs, rlen, key, sizeof(key) - 1,
				  lt));
	rc = stun_check_integrity(m, lt, sizeof(lt), NULL);
	CHECK(rc == 0 || rc == (m->integrity ? -EACCES : -ENOENT));
}

/*
 * Decode @a every way there is: nothing may crash or read outside, and
 * what decodes is written again bit for bit (bits that the decoder ignores,
 * the reserved ones, aside).
 */
static void decode_all(const struct stun_msg *m, const struct stun_attr *a)
{
	static uint16_t types[0x8000];
	static char text[0x10000];
	struct sockaddr_storage ss;
	struct stun_builder b;
	struct wrtc_err err;
	const char *reason;
	size_t rlen, n;
	uint32_t v32;
	uint64_t v64;
	int code, r, w;

	r = stun_attr_u32(a, &v32, &err);
	CHECK(r == 0 || r == -EBADMSG);
	if (!r) {
		scratch_init(&b, m);
		check_len(stun_build_u32(&b, a->type, v32), a);
		CHECK(!memcmp(scratch_val, a->val, 4));
	}
	r = stun_attr_u64(a, &v64, &err);
	CHECK(r == 0 || r == -EBADMSG);
	if (!r) {
		scratch_init(&b, m);
		check_len(stun_build_u64(&b, a->type, v64), a);
		CHECK(!memcmp(scratch_val, a->val, 8));
	}
	r = stun_attr_unknown(a, types, 0x8000, &n, &err);
	CHECK(r == 0 || r == -EBADMSG);
	if (!r) {
		CHECK(n * 2 == a->len);
		if (a->type == STUN_ATTR_UNKNOWN_ATTRIBUTES) {
			scratch_init(&b, m);
			check_len(stun_build_unknown(&b, types, n), a);
			CHECK(!memcmp(scratch_val, a->val, a->len));
		}
	}
	r = stun_attr_error_code(a, &code, &reason, &rlen, &err);
	CHECK(r == 0 || r == -EBADMSG);
	if (!r) {
		CHECK(code >= 300 && code <= 699 && rlen + 4 == a->len);
		/* A reason with a NUL in it cannot pass as a C string. */
		if (a->type == STUN_ATTR_ERROR_CODE &&
		    !memchr(reason, 0, rlen)) {
			memcpy(text, reason, rlen);
			text[rlen] = '\0';
			/* The writer is stricter than the reader. */
			w = writable_text(a->type, reason, rlen);
			scratch_init(&b, m);
			r = stun_build_error_code(&b, code, text);
			CHECK(w ? r == w : r > 0);
			if (!w) {
				check_len(r, a);
				CHECK((scratch_val[2] & 7) == (a->val[2] & 7));
				CHECK(!memcmp(scratch_val + 3, a->val + 3,
					      a->len - 3u));
			}
		}
	}
	r = stun_attr_text(a, &reason, &rlen, &err);
	CHECK(r == 0 || r == -EBADMSG);
	CHECK(!r == (a->len <= STUN_MAX_TEXT_READ &&
		     stun_utf8_chars(a->val, a->len, NULL) >= 0));
	if (!r) {
		CHECK(reason == (const char *)a->val && rlen == a->len);
		w = writable_text(a->type, reason, rlen);
		scratch_init(&b, m);
		r = stun_build_text(&b, a->type, reason, rlen);
		CHECK(w ? r == w : r > 0);
		if (!w) {
			check_len(r, a);
			CHECK(!memcmp(scratch_val, a->val, a->len));
		}
	}
	r = stun_attr_flag(a, &err);
	CHECK(r == (a->len ? -EBADMSG : 0));
	if (!r) {
		scratch_init(&b, m);
		check_len(stun_build_flag(&b, a->type), a);
	}
	r = stun_attr_addr(m, a, &ss, &err);
	CHECK(r == 0 || r == -EBADMSG);
	if (!r) {
		scratch_init(&b, m);
		check_len(stun_build_addr(&b, a->type, (struct sockaddr *)&ss),
			  a);
		CHECK(!memcmp(scratch_val + 1, a->val + 1, a->len - 1u));
	}
}

/* Are @x and @y the same attributes, in the same order? */
static bool same_attrs(const struct stun_msg *x, const struct stun_msg *y)
{
	struct stun_attr a, b;
	size_t px = 0, py = 0;

	while (stun_attr_next(x, &px, &a)) {
		if (!stun_attr_next(y, &py, &b) || a.type != b.type ||
		    a.len != b.len || memcmp(a.val, b.val, a.len))
			return false;
	}
	return !stun_attr_next(y, &py, &b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[STUN_MAX_LEN];
	struct stun_builder b;
	struct stun_msg m, r;
	struct stun_attr a, f;
	struct wrtc_err err = { 0 };
	size_t pos = 0, prev = 0;
	int rc, n;

	/* Any bytes as text: a count of characters, or where it breaks. */
	pos = size;
	n = (int)stun_utf8_chars(data, size, &pos);
	CHECK(n == -EILSEQ ? pos < size : (n >= 0 && (size_t)n <= size));

	pos = 0;
	rc = stun_parse(&m, data, size, &err);
	if (rc) {
		CHECK(rc == -EBADMSG);
		CHECK(err.msg[0] != '\0');
		CHECK(err.offset <= size);
		/* A header stun_is_message() accepts fails only later on. */
		CHECK(!stun_is_message(data, size) ||
		      err.offset >= STUN_HEADER_LEN);
		return 0;
	}
	CHECK(stun_is_message(data, size));
	CHECK(m.len == size && m.buf == data && m.txid == data + 8);
	CHECK(m.attrs_end >= STUN_HEADER_LEN && m.attrs_end <= m.len);
	CHECK(m.nunknown <= STUN_MAX_UNKNOWN);
	CHECK(stun_type(m.method, m.cls) == m.type);
	CHECK(!m.fingerprint || m.fingerprint + 8 == m.len);

	while (stun_attr_next(&m, &pos, &a)) {
		CHECK(a.off >= prev && a.off < m.attrs_end);
		CHECK(a.val + a.len <= data + size);
		CHECK(stun_attr_find(&m, a.type, &f) == 0);
		CHECK(f.type == a.type && f.off <= a.off);
		decode_all(&m, &a);
		prev = a.off + 1;
	}

	rc = stun_check_fingerprint(&m, &err);
	CHECK(rc == 0 || rc == (m.fingerprint ? -EBADMSG : -ENOENT));
	rc = stun_check_integrity(&m, key, sizeof(key) - 1, &err);
	CHECK(rc == 0 || rc == (m.integrity ? -EACCES : -ENOENT));
	rc = stun_check_integrity_sha256(&m, key, sizeof(key) - 1, &err);
	CHECK(rc == 0 || rc == (m.integrity_sha256 ? -EACCES : -ENOENT));
	check_long_term(&m);

	/* Write it again; the last call returns the length or the error. */
	n = stun_build_init(&b, out, sizeof(out), m.type, m.txid, &err);
	pos = 0;
	while (stun_attr_next(&m, &pos, &a))
		n = stun_build_attr(&b, a.type, a.val, a.len);
	if (m.integrity)
		n = stun_build_integrity(&b, key, sizeof(key) - 1);
	if (m.integrity_sha256)
		n = stun_build_integrity_sha256(&b, key, sizeof(key) - 1);
	if (m.fingerprint)
		n = stun_build_fingerprint(&b);
	if (n < 0) {
		/*
		 * Only a truncated MESSAGE-INTEGRITY-SHA256, written back
		 * whole, can make the copy longer than the original.
		 */
		CHECK(n == -EMSGSIZE && m.integrity_sha256 &&
		      m.buf[m.integrity_sha256 + 3] <
			      STUN_INTEGRITY_SHA256_LEN);
		return 0;
	}
	CHECK(stun_is_message(out, n));
	rc = stun_parse(&r, out, n, &err);
	if (rc)
		fprintf(stderr, "re-parse: %s at %zu\n", err.msg, err.offset);
	CHECK(rc == 0);
	CHECK(r.type == m.type && !memcmp(r.txid, m.txid, STUN_TXID_LEN));
	CHECK(same_attrs(&m, &r));
	CHECK(r.nunknown == m.nunknown &&
	      !memcmp(r.unknown, m.unknown, m.nunknown * sizeof(m.unknown[0])));
	CHECK(!r.integrity == !m.integrity);
	CHECK(!r.integrity_sha256 == !m.integrity_sha256);
	CHECK(!r.fingerprint == !m.fingerprint);
	CHECK(!m.integrity ||
	      !stun_check_integrity(&r, key, sizeof(key) - 1, NULL));
	CHECK(!m.integrity_sha256 ||
	      !stun_check_integrity_sha256(&r, key, sizeof(key) - 1, NULL));
	CHECK(!m.fingerprint || !stun_check_fingerprint(&r, NULL));
	return 0;
}
