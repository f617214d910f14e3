// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>

#include "srtp_profile.h"

/*
 * RFC 5764 §4.1.2 (the CM profiles: master key 128 bits, salt 112 bits,
 * SRTP tag 80 or 32 bits, and an 80-bit SRTCP tag for both, since RFC 3711
 * §5.2 requires SRTCP to be authenticated with the full tag) and RFC 7714
 * §12, §14 (the AEAD profiles: salt 96 bits, 16-octet tag for both).
 */
static const struct srtp_profile profiles[] = {
	{
		.name = "SRTP_AES128_CM_HMAC_SHA1_80",
		.suite = "AES_CM_128_HMAC_SHA1_80",
		.id = SRTP_PROFILE_AES128_CM_HMAC_SHA1_80,
		.cipher = SRTP_CIPHER_AES_CM,
		.key_len = 16,
		.salt_len = 14,
		.auth_key_len = 20,
		.srtp_tag_len = 10,
		.srtcp_tag_len = 10,
	},
	{
		.name = "SRTP_AES128_CM_HMAC_SHA1_32",
		.suite = "AES_CM_128_HMAC_SHA1_32",
		.id = SRTP_PROFILE_AES128_CM_HMAC_SHA1_32,
		.cipher = SRTP_CIPHER_AES_CM,
		.key_len = 16,
		.salt_len = 14,
		.auth_key_len = 20,
		.srtp_tag_len = 4,
		.srtcp_tag_len = 10,
	},
	{
		.name = "SRTP_AEAD_AES_128_GCM",
		.suite = "AEAD_AES_128_GCM",
		.id = SRTP_PROFILE_AEAD_AES_128_GCM,
		.cipher = SRTP_CIPHER_AES_GCM,
		.key_len = 16,
		.salt_len = 12,
		.auth_key_len = 0,
		.srtp_tag_len = 16,
		.srtcp_tag_len = 16,
	},
	{
		.name = "SRTP_AEAD_AES_256_GCM",
		.suite = "AEAD_AES_256_GCM",
		.id = SRTP_PROFILE_AEAD_AES_256_GCM,
		.cipher = SRTP_CIPHER_AES_GCM,
		.key_len = 32,
		.salt_len = 12,
		.auth_key_len = 0,
		.srtp_tag_len = 16,
		.srtcp_tag_len = 16,
	},
};

size_t srtp_profile_count(void)
{
	return sizeof(profiles) / sizeof(profiles[0]);
}

const struct srtp_profile *srtp_profile_at(size_t i)
{
	return i < srtp_profile_count() ? &profiles[i] : NULL;
}

const struct srtp_profile *srtp_profile_by_id(uint16_t id)
{
	size_t i;

	for (i = 0; i < srtp_profile_count(); i++)
		if (profiles[i].id == id)
			return &profiles[i];
	return NULL;
}

const struct srtp_profile *srtp_profile_by_name(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < srtp_profile_count(); i++)
		if (!strcmp(profiles[i].name, name) ||
		    !strcmp(profiles[i].suite, name))
			return &profiles[i];
	return NULL;
}

size_t srtp_exporter_len(const struct srtp_profile *p)
{
	return p ? 2 * ((size_t)p->key_len + p->salt_len) : 0;
}

void srtp_wipe(void *p, size_t len)
{
	if (p && len)
		OPENSSL_cleanse(p, len);
}

static void take_key(struct srtp_master_key *k, const struct srtp_profile *p,
		     const uint8_t *key, const uint8_t *salt)
{
	srtp_master_key_wipe(k);
	memcpy(k->key, key, p->key_len);
	memcpy(k->salt, salt, p->salt_len);
	k->key_len = p->key_len;
	k->salt_len = p->salt_len;
}

int srtp_keying_split(const struct srtp_profile *p, enum srtp_dtls_role role,
		      uint8_t *material, size_t len,
		      struct srtp_master_key *local,
		      struct srtp_master_key *remote, struct wrtc_err *err)
{
	const uint8_t *ckey, *skey, *csalt, *ssalt;
	int ret = 0;

	if (!p || !material || !local || !remote) {
		ret = wrtc_fail(err, -EINVAL, 0, "srtp keying: NULL argument");
		goto out;
	}
	if (len != srtp_exporter_len(p)) {
		ret = wrtc_fail(err, -EINVAL, 0,
				"srtp keying: %zu bytes, %s needs %zu", len,
				p->name, srtp_exporter_len(p));
		goto out;
	}
	/* RFC 5764 §4.2: the four fields, back to back, in this order. */
	ckey = material;
	skey = ckey + p->key_len;
	csalt = skey + p->key_len;
	ssalt = csalt + p->salt_len;
	switch (role) {
	case SRTP_DTLS_CLIENT:
		take_key(local, p, ckey, csalt);
		take_key(remote, p, skey, ssalt);
		break;
	case SRTP_DTLS_SERVER:
		take_key(local, p, skey, ssalt);
		take_key(remote, p, ckey, csalt);
		break;
	default:
		ret = wrtc_fail(err, -EINVAL, 0, "srtp keying: DTLS role %d",
				role);
		break;
	}
out:
	if (material)
		srtp_wipe(material, len);
	if (ret) {
		if (local)
			srtp_master_key_wipe(local);
		if (remote)
			srtp_master_key_wipe(remote);
	}
	return ret;
}
