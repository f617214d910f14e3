/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SRTP protection profiles (RFC 5764 §4.1.2, RFC 7714 §14) and the split of
 * the DTLS-SRTP exporter output into master keys (RFC 5764 §4.2).
 */
#ifndef WRTC_SRTP_PROFILE_H
#define WRTC_SRTP_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* DTLS-SRTP protection profile ids (IANA "DTLS-SRTP Protection Profiles"). */
#define SRTP_PROFILE_AES128_CM_HMAC_SHA1_80 0x0001
#define SRTP_PROFILE_AES128_CM_HMAC_SHA1_32 0x0002
#define SRTP_PROFILE_AEAD_AES_128_GCM 0x0007
#define SRTP_PROFILE_AEAD_AES_256_GCM 0x0008

/* Upper bounds over the table (named apart from libsrtp2's SRTP_MAX_*). */
#define SRTP_KEY_LEN_MAX 32
#define SRTP_SALT_LEN_MAX 14
#define SRTP_AUTH_KEY_LEN_MAX 20 /* HMAC-SHA1 session key, RFC 3711 §8.2 */
#define SRTP_TAG_LEN_MAX 16
#define SRTP_EXPORTER_LEN_MAX (2 * (SRTP_KEY_LEN_MAX + SRTP_SALT_LEN_MAX))
#define SRTP_SRTCP_INDEX_LEN 4 /* E flag + 31-bit SRTCP index */

/* RFC 5764 §4.2: the TLS exporter label for DTLS-SRTP keying material. */
#define SRTP_EXPORTER_LABEL "EXTRACTOR-dtls_srtp"

enum srtp_cipher {
	SRTP_CIPHER_AES_CM = 1, /* AES counter mode + HMAC-SHA1 (RFC 3711) */
	SRTP_CIPHER_AES_GCM, /* AEAD AES-GCM (RFC 7714) */
};

struct srtp_profile {
	const char *name; /* DTLS-SRTP: "SRTP_AES128_CM_HMAC_SHA1_80" */
	const char *suite; /* SDES crypto-suite: "AES_CM_128_HMAC_SHA1_80" */
	uint16_t id; /* DTLS-SRTP protection profile id */
	enum srtp_cipher cipher;
	uint8_t key_len; /* master = session encryption key */
	uint8_t salt_len; /* master = session salt: 14 CM, 12 GCM */
	uint8_t auth_key_len; /* HMAC-SHA1 session key; 0 for AEAD */
	uint8_t srtp_tag_len; /* 10 / 4 / 16 / 16 */
	uint8_t srtcp_tag_len; /* 10 / 10 (RFC 5764 §4.1.2) / 16 / 16 */
};

/* The table, in protection profile id order. */
size_t srtp_profile_count(void);
const struct srtp_profile *srtp_profile_at(size_t i);

/* NULL when unknown. */
const struct srtp_profile *srtp_profile_by_id(uint16_t id);

/* By DTLS-SRTP name or SDES suite name, exact match; NULL when unknown. */
const struct srtp_profile *srtp_profile_by_name(const char *name);

/* RFC 5764 §4.2: bytes to ask the exporter for: 2 * (key + salt). */
size_t srtp_exporter_len(const struct srtp_profile *p);

/* One direction's master key and salt. */
struct srtp_master_key {
	uint8_t key[SRTP_KEY_LEN_MAX];
	uint8_t salt[SRTP_SALT_LEN_MAX];
	uint8_t key_len;
	uint8_t salt_len;
};

enum srtp_dtls_role {
	SRTP_DTLS_CLIENT = 1,
	SRTP_DTLS_SERVER,
};

/*
 * Split exporter output (client_write_key | server_write_key |
 * client_write_salt | server_write_salt) into @local, the key we protect
 * with (the client_write pair when we are the DTLS client), and @remote, the
 * key we unprotect the peer's packets with. @material is wiped on return,
 * success or not, so no copy of it outlives the call; on failure @local and
 * @remote are wiped too. Returns 0, -EINVAL (NULL, unknown role, @len not
 * srtp_exporter_len()).
 */
int srtp_keying_split(const struct srtp_profile *p, enum srtp_dtls_role role,
		      uint8_t *material, size_t len,
		      struct srtp_master_key *local,
		      struct srtp_master_key *remote, struct wrtc_err *err);

/* Wipe secrets so that the compiler cannot drop it (OPENSSL_cleanse). */
void srtp_wipe(void *p, size_t len);

static inline void srtp_master_key_wipe(struct srtp_master_key *k)
{
	srtp_wipe(k, sizeof(*k));
}

#endif /* WRTC_SRTP_PROFILE_H */
