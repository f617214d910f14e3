/* SPDX-License-Identifier: GPL-2.0 */
/*
 * STUN messages (RFC 8489, which replaced RFC 5389) as ICE (RFC 8445) uses
 * them: check and read a received datagram, write one to send.
 *
 * Reading never copies: stun_parse() checks the framing and the order of
 * the attributes, and the struct stun_msg it fills points into the caller's
 * buffer, which must outlive it. Attribute values are decoded on demand
 * (stun_attr_u32(), stun_attr_addr(), ...), each checking its own length.
 * MESSAGE-INTEGRITY and FINGERPRINT are checked only when asked
 * (stun_check_integrity(), stun_check_fingerprint()): which of them a
 * message needs is the caller's rule, not the codec's.
 *
 * Writing goes through a struct stun_builder over the caller's buffer. The
 * header's length field is kept current, so the buffer holds a complete
 * message after every call; each call returns the message length so far
 * or, from the first failure on, that failure's negative errno.
 *
 * Keys: a short-term credential (ICE) is the password itself, as bytes.
 * RFC 8489 passes it through OpaqueString first, which leaves ICE passwords
 * (ASCII letters, digits, '+' and '/') unchanged. A long-term credential's
 * key comes from stun_long_term_key().
 *
 * Each attribute ICE and the RFC 5769 vectors use, with its writer and
 * reader:
 *
 *   USERNAME, REALM,     stun_build_text()       stun_attr_text()
 *   NONCE, SOFTWARE
 *   XOR-MAPPED-ADDRESS   stun_build_addr()       stun_attr_addr()
 *   (and MAPPED-ADDRESS, ALTERNATE-SERVER)
 *   PRIORITY             stun_build_u32()        stun_attr_u32()
 *   ICE-CONTROLLING,     stun_build_u64()        stun_attr_u64()
 *   ICE-CONTROLLED
 *   USE-CANDIDATE        stun_build_flag()       stun_attr_flag()
 *   ERROR-CODE           stun_build_error_code() stun_attr_error_code()
 *   UNKNOWN-ATTRIBUTES   stun_build_unknown()    stun_attr_unknown()
 *   MESSAGE-INTEGRITY    stun_build_integrity()  stun_check_integrity()
 *   FINGERPRINT          stun_build_fingerprint() stun_check_fingerprint()
 *
 * Unknown attributes: comprehension-optional ones (0x8000 and up) are
 * skipped (stun_attr_next() shows them, nothing else looks at them);
 * comprehension-required ones are listed in stun_msg.unknown for a 420
 * answer. Padding bytes are never read, whatever they hold (RFC 8489
 * section 14); the builder writes zeros unless told otherwise.
 *
 * Errors are negative errnos, with a reason in a struct wrtc_err when the
 * caller passes one (see err.h). The codec keeps no state between calls.
 */
#ifndef WRTC_STUN_H
#define WRTC_STUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "err.h"

#define STUN_HEADER_LEN 20
#define STUN_ATTR_HEADER_LEN 4
#define STUN_MAGIC_COOKIE 0x2112A442u
#define STUN_TXID_LEN 12
/* The length field counts whole 4-byte words: at most 0xFFFC. */
#define STUN_MAX_BODY 0xFFFCu
#define STUN_MAX_LEN (STUN_HEADER_LEN + STUN_MAX_BODY)
#define STUN_FINGERPRINT_XOR 0x5354554Eu
#define STUN_INTEGRITY_LEN 20 /* HMAC-SHA1 */
#define STUN_INTEGRITY_SHA256_LEN 32 /* HMAC-SHA256, untruncated */
/* stun_msg.unknown keeps this many distinct unknown attribute types. */
#define STUN_MAX_UNKNOWN 8
#define STUN_LONG_TERM_KEY_LEN 16 /* MD5 */
/*
 * Text attributes (RFC 8489 sections 14.3, 14.8-14.10, 14.14): a writer
 * keeps USERNAME under 509 bytes and REALM, NONCE, SOFTWARE and the
 * ERROR-CODE reason under 128 characters; a reader takes up to 763 bytes,
 * what RFC 5389 allowed.
 */
#define STUN_MAX_USERNAME 508
#define STUN_MAX_TEXT_CHARS 127
#define STUN_MAX_TEXT_READ 763

enum stun_class {
	STUN_CLASS_REQUEST = 0,
	STUN_CLASS_INDICATION = 1,
	STUN_CLASS_SUCCESS = 2,
	STUN_CLASS_ERROR = 3,
};

#define STUN_METHOD_BINDING 0x001

/* Message types of the Binding method, as they appear on the wire. */
#define STUN_BINDING_REQUEST 0x0001
#define STUN_BINDING_INDICATION 0x0011
#define STUN_BINDING_SUCCESS 0x0101
#define STUN_BINDING_ERROR 0x0111

/*
 * The attributes this codec knows. Types below 0x8000 are
 * comprehension-required: a request carrying one its receiver does not
 * know is answered with 420 (Unknown Attribute).
 */
enum stun_attr_type {
	STUN_ATTR_MAPPED_ADDRESS = 0x0001,
	STUN_ATTR_USERNAME = 0x0006,
	STUN_ATTR_MESSAGE_INTEGRITY = 0x0008,
	STUN_ATTR_ERROR_CODE = 0x0009,
	STUN_ATTR_UNKNOWN_ATTRIBUTES = 0x000A,
	STUN_ATTR_REALM = 0x0014,
	STUN_ATTR_NONCE = 0x0015,
	STUN_ATTR_MESSAGE_INTEGRITY_SHA256 = 0x001C,
	STUN_ATTR_PASSWORD_ALGORITHM = 0x001D,
	STUN_ATTR_USERHASH = 0x001E,
	STUN_ATTR_XOR_MAPPED_ADDRESS = 0x0020,
	STUN_ATTR_PRIORITY = 0x0024, /* RFC 8445 */
	STUN_ATTR_USE_CANDIDATE = 0x0025, /* RFC 8445 */
	STUN_ATTR_PASSWORD_ALGORITHMS = 0x8002,
	STUN_ATTR_ALTERNATE_DOMAIN = 0x8003,
	STUN_ATTR_SOFTWARE = 0x8022,
	STUN_ATTR_ALTERNATE_SERVER = 0x8023,
	STUN_ATTR_FINGERPRINT = 0x8028,
	STUN_ATTR_ICE_CONTROLLED = 0x8029, /* RFC 8445 */
	STUN_ATTR_ICE_CONTROLLING = 0x802A, /* RFC 8445 */
	/* Chromium's network id and cost: two 16-bit numbers. */
	STUN_ATTR_GOOG_NETWORK_INFO = 0xC057,
};

/* Error codes ICE and STUN servers answer with (RFC 8489, RFC 8445). */
enum stun_error_code {
	STUN_ERR_TRY_ALTERNATE = 300,
	STUN_ERR_BAD_REQUEST = 400,
	STUN_ERR_UNAUTHORIZED = 401,
	STUN_ERR_FORBIDDEN = 403,
	STUN_ERR_UNKNOWN_ATTRIBUTE = 420,
	STUN_ERR_STALE_NONCE = 438,
	STUN_ERR_ROLE_CONFLICT = 487,
	STUN_ERR_SERVER_ERROR = 500,
};

/* --- message type: 12-bit method and 2-bit class, interleaved ----------- */

static inline uint16_t stun_type(uint16_t method, enum stun_class cls)
{
	return (uint16_t)((method & 0x000f) | (method & 0x0070) << 1 |
			  (method & 0x0f80) << 2 | (cls & 1) << 4 |
			  (cls & 2) << 7);
}

static inline uint16_t stun_type_method(uint16_t type)
{
	return (type & 0x000f) | (type & 0x00e0) >> 1 | (type & 0x3e00) >> 2;
}

static inline enum stun_class stun_type_class(uint16_t type)
{
	return (enum stun_class)((type >> 4 & 1) | (type >> 7 & 2));
}

/* --- reading ------------------------------------------------------------ */

/* One attribute of a parsed message. */
struct stun_attr {
	uint16_t type;
	uint16_t len; /* value length, padding excluded */
	const uint8_t *val; /* inside the message buffer */
	size_t off; /* offset of the attribute header in the message */
};

struct stun_msg {
	const uint8_t *buf; /* the message: buf[0 .. len) */
	size_t len;
	uint16_t type; /* on the wire; method and class below */
	uint16_t method;
	enum stun_class cls;
	const uint8_t *txid; /* STUN_TXID_LEN bytes inside buf */
	/*
	 * Offsets of the attribute headers of MESSAGE-INTEGRITY,
	 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT; 0 when absent.
	 */
	size_t integrity;
	size_t integrity_sha256;
	size_t fingerprint;
	/*
	 * End of the attributes a receiver reads: the first of the three
	 * above, else len. Those that follow MESSAGE-INTEGRITY(-SHA256), other
	 * than the integrity and fingerprint attributes, are ignored (RFC
	 * 8489 section 14.5).
	 */
	size_t attrs_end;
	/*
	 * Comprehension-required attribute types (below 0x8000) that this
	 * codec does not know, among the attributes a receiver reads: the
	 * first STUN_MAX_UNKNOWN distinct ones, for a 420 answer.
	 */
	unsigned int nunknown;
	uint16_t unknown[STUN_MAX_UNKNOWN];
};

/*
 * Quick test for a demultiplexer: does @buf hold exactly one STUN message
 * by its header? (First two bits zero, magic cookie, a length field that is
 * a multiple of 4 and matches @len.) stun_parse() accepts only what passes.
 */
bool stun_is_message(const uint8_t *buf, size_t len);

/*
 * Parse the STUN message that fills buf[0 .. len) (a whole UDP payload):
 * header, attribute framing, and the placement rules of
 * MESSAGE-INTEGRITY(-SHA256) and FINGERPRINT (right lengths; FINGERPRINT
 * last). Returns 0, or -EBADMSG with the reason and its byte offset in
 * @err.
 */
int stun_parse(struct stun_msg *msg, const uint8_t *buf, size_t len,
	       struct wrtc_err *err);

/*
 * Walk the attributes a receiver reads (those before msg->attrs_end), in
 * order. Start with *pos = 0; returns true and fills @attr while there is
 * one.
 */
bool stun_attr_next(const struct stun_msg *msg, size_t *pos,
		    struct stun_attr *attr);

/*
 * The first attribute of @type (RFC 8489: later duplicates are ignored).
 * MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are found
 * too. Returns 0, or -ENOENT.
 */
int stun_attr_find(const struct stun_msg *msg, uint16_t type,
		   struct stun_attr *attr);

/*
 * Value decoders. Each checks the value's length and format and returns 0
 * or -EBADMSG (with @err naming the attribute and its offset).
 */
int stun_attr_u32(const struct stun_attr *attr, uint32_t *v,
		  struct wrtc_err *err);
int stun_attr_u64(const struct stun_attr *attr, uint64_t *v,
		  struct wrtc_err *err);
/*
 * An address attribute into a sockaddr_in or sockaddr_in6 (by the family
 * field). XOR-MAPPED-ADDRESS is unmasked with the cookie and @msg's
 * transaction id; MAPPED-ADDRESS and ALTERNATE-SERVER are read as they are.
 */
int stun_attr_addr(const struct stun_msg *msg, const struct stun_attr *attr,
		   struct sockaddr_storage *addr, struct wrtc_err *err);
/*
 * ERROR-CODE: @code is class * 100 + number, 300..699 (the reserved bits
 * are ignored); @reason points at the reason phrase inside the message (not
 * NUL-terminated), @reason_len bytes long. The phrase is only for people,
 * so it is not checked: an error code with a garbled phrase still counts.
 * Any of the three may be NULL.
 */
int stun_attr_error_code(const struct stun_attr *attr, int *code,
			 const char **reason, size_t *reason_len,
			 struct wrtc_err *err);
/*
 * UNKNOWN-ATTRIBUTES: stores up to @max types in @types and their total
 * number in *n.
 */
int stun_attr_unknown(const struct stun_attr *attr, uint16_t *types, size_t max,
		      size_t *n, struct wrtc_err *err);

/*
 * A text attribute (USERNAME, REALM, NONCE, SOFTWARE): *s points at its
 * value inside the message (not NUL-terminated), *len bytes long. -EBADMSG
 * unless it is UTF-8 (RFC 3629) of at most STUN_MAX_TEXT_READ bytes. The
 * OpaqueString (RFC 8265) rules are the sender's to apply: the bytes are
 * compared as they are. Either of @s and @len may be NULL.
 */
int stun_attr_text(const struct stun_attr *attr, const char **s, size_t *len,
		   struct wrtc_err *err);
/* An empty attribute, such as USE-CANDIDATE: 0, or -EBADMSG with a value. */
int stun_attr_flag(const struct stun_attr *attr, struct wrtc_err *err);

/*
 * The number of characters in the UTF-8 text s[0 .. len) (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF), or -EILSEQ with
 * the offset of the first wrong byte in *bad (if not NULL).
 */
ssize_t stun_utf8_chars(const void *s, size_t len, size_t *bad);

/*
 * Check FINGERPRINT: 0 when it matches, -ENOENT when the message has none,
 * -EBADMSG when it does not match.
 */
int stun_check_fingerprint(const struct stun_msg *msg, struct wrtc_err *err);

/*
 * Check MESSAGE-INTEGRITY (HMAC-SHA1) or MESSAGE-INTEGRITY-SHA256 (HMAC-
 * SHA256, possibly truncated) with @key (for ICE, the password). Returns 0
 * when it matches, -ENOENT when the message has none, -EACCES when it does
 * not match (the 401 case), -EIO when the crypto library fails.
 */
int stun_check_integrity(const struct stun_msg *msg, const void *key,
			 size_t keylen, struct wrtc_err *err);
int stun_check_integrity_sha256(const struct stun_msg *msg, const void *key,
				size_t keylen, struct wrtc_err *err);

/*
 * The long-term credential key (RFC 8489 section 9.2.2 with the MD5
 * algorithm, RFC 5389 section 15.4): MD5(username ":" realm ":" password)
 * into @key. @username and @realm are the bytes of the USERNAME and REALM
 * attributes. @password must already be prepared: SASLprep (RFC 4013) under
 * RFC 5389, OpaqueString (RFC 8265) under RFC 8489. That is the caller's
 * job; this codec does no Unicode normalisation. (The RFC 5769 test passes
 * "TheMatrIX", the prepared form of "The<U+00AD>M<U+00AA>tr<U+2168>".)
 * Returns 0, or -EIO when the crypto library fails (MD5 is missing in FIPS
 * mode).
 */
int stun_long_term_key(const char *username, size_t ulen, const char *realm,
		       size_t rlen, const char *password, size_t plen,
		       uint8_t key[STUN_LONG_TERM_KEY_LEN]);

/*
 * What the two attributes above hold, for a message msg[0 .. off) that the
 * attribute would follow: the HMAC (SHA-1 when @sha256 is false) of
 * msg[0 .. off) with the header's length field counting the attribute as
 * the last one (@maclen bytes of MAC). Writes @maclen bytes to @mac;
 * returns 0 or -EIO.
 */
int stun_integrity(const uint8_t *msg, size_t off, bool sha256, const void *key,
		   size_t keylen, uint8_t *mac, size_t maclen);

/*
 * The FINGERPRINT value for msg[0 .. off), whose length field must already
 * count the FINGERPRINT attribute that follows.
 */
uint32_t stun_fingerprint(const uint8_t *msg, size_t off);

/*
 * The XOR-MAPPED-ADDRESS mask of the message whose header is @hdr, applied
 * in place to an address value @val of @len bytes (reserved byte, family,
 * port, address): it masks and unmasks alike.
 */
void stun_addr_xor(const uint8_t *hdr, uint8_t *val, size_t len);

/* --- writing ------------------------------------------------------------ */

struct stun_builder {
	uint8_t *buf;
	size_t cap;
	size_t len; /* message length so far */
	int error; /* first failure (negative errno), sticky; 0 if none */
	uint8_t pad; /* value of padding bytes: 0 unless set after init */
	uint8_t seen; /* integrity/fingerprint attributes written (private) */
	struct wrtc_err *err;
};

/*
 * Start a message of @type (e.g. STUN_BINDING_REQUEST) with @txid in
 * buf[0 .. cap). @err, if not NULL, receives the reason of the first
 * failure of this and every later call on @b.
 */
int stun_build_init(struct stun_builder *b, uint8_t *buf, size_t cap,
		    uint16_t type, const uint8_t txid[STUN_TXID_LEN],
		    struct wrtc_err *err);
/*
 * Start the answer of class @cls to @req (parsed by stun_parse()): its
 * method and transaction id.
 */
int stun_build_reply(struct stun_builder *b, uint8_t *buf, size_t cap,
		     const struct stun_msg *req, enum stun_class cls,
		     struct wrtc_err *err);

/*
 * Append one attribute, padded to 4 bytes. Plain attributes go before the
 * integrity and fingerprint ones, which have calls of their own below:
 * -EINVAL otherwise. -ENOSPC when @cap is too small, -EMSGSIZE past
 * STUN_MAX_LEN.
 */
int stun_build_attr(struct stun_builder *b, uint16_t type, const void *val,
		    size_t len);
/*
 * A text attribute (USERNAME, REALM, NONCE, SOFTWARE) from @len bytes of
 * UTF-8 at @s: -EINVAL when they are not UTF-8, -E2BIG past the limits
 * above (STUN_MAX_USERNAME bytes for USERNAME, STUN_MAX_TEXT_CHARS
 * characters for the others). stun_build_str() takes a C string.
 */
int stun_build_text(struct stun_builder *b, uint16_t type, const char *s,
		    size_t len);
int stun_build_str(struct stun_builder *b, uint16_t type, const char *s);
int stun_build_u32(struct stun_builder *b, uint16_t type, uint32_t v);
int stun_build_u64(struct stun_builder *b, uint16_t type, uint64_t v);
/* An empty attribute, such as USE-CANDIDATE. */
int stun_build_flag(struct stun_builder *b, uint16_t type);
/*
 * An address attribute from a sockaddr_in or sockaddr_in6 (-EAFNOSUPPORT
 * for other families); XOR-MAPPED-ADDRESS is masked as the standard says.
 */
int stun_build_addr(struct stun_builder *b, uint16_t type,
		    const struct sockaddr *addr);
/*
 * ERROR-CODE with @code in 300..699 and @reason (UTF-8, at most
 * STUN_MAX_TEXT_CHARS characters), or when @reason is NULL the standard
 * phrase for @code.
 */
int stun_build_error_code(struct stun_builder *b, int code, const char *reason);
int stun_build_unknown(struct stun_builder *b, const uint16_t *types, size_t n);

/*
 * MESSAGE-INTEGRITY, then optionally MESSAGE-INTEGRITY-SHA256 (untruncated),
 * then optionally FINGERPRINT, in that order; nothing can follow
 * FINGERPRINT.
 */
int stun_build_integrity(struct stun_builder *b, const void *key,
			 size_t keylen);
int stun_build_integrity_sha256(struct stun_builder *b, const void *key,
				size_t keylen);
int stun_build_fingerprint(struct stun_builder *b);

/* A fresh random transaction id. Returns 0 or -EIO. */
int stun_txid_random(uint8_t txid[STUN_TXID_LEN]);

/* --- names, for logs and tools ------------------------------------------ */

/* "USERNAME", ... or NULL for a type this codec does not know. */
const char *stun_attr_name(uint16_t type);
/* "request", "indication", "success response", "error response". */
const char *stun_class_name(enum stun_class cls);
/* The standard reason phrase of an error code, or NULL. */
const char *stun_error_reason(int code);

#endif /* WRTC_STUN_H */
