// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP side of DTLS-SRTP (RFC 5764): the use_srtp profile list offered
 * or chosen, and the keying material exported once connected.
 */
#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/srtp.h>

#include "dtls_int.h"

/* How OpenSSL spells the profiles of srtp_profile.h. */
static const char *openssl_name(uint16_t id)
{
	switch (id) {
	case SRTP_PROFILE_AES128_CM_HMAC_SHA1_80:
		return "SRTP_AES128_CM_SHA1_80";
	case SRTP_PROFILE_AES128_CM_HMAC_SHA1_32:
		return "SRTP_AES128_CM_SHA1_32";
	case SRTP_PROFILE_AEAD_AES_128_GCM:
		return "SRTP_AEAD_AES_128_GCM";
	case SRTP_PROFILE_AEAD_AES_256_GCM:
		return "SRTP_AEAD_AES_256_GCM";
	}
	return NULL;
}

int dtls_srtp_profiles_to_openssl(const char *list, char *out, size_t cap,
				  struct wrtc_err *err)
{
	const struct srtp_profile *p;
	const char *s, *end, *oname;
	uint16_t seen[8];
	size_t nseen = 0, used = 0, len, i;
	char name[40];

	if (!list)
		list = DTLS_SRTP_PROFILES_DEFAULT;
	if (!out || !cap)
		return wrtc_fail(err, -EINVAL, 0, "srtp profiles: no buffer");
	out[0] = '\0';
	for (s = list;; s = end + 1) {
		end = strchr(s, ':');
		if (!end)
			end = s + strlen(s);
		len = (size_t)(end - s);
		if (len == 0)
			return wrtc_fail(
				err, -EINVAL, (size_t)(s - list),
				"srtp profiles: empty name at offset %zu",
				(size_t)(s - list));
		if (len >= sizeof(name))
			return wrtc_fail(
				err, -EINVAL, (size_t)(s - list),
				"srtp profiles: name too long at offset %zu",
				(size_t)(s - list));
		memcpy(name, s, len);
		name[len] = '\0';
		p = srtp_profile_by_name(name);
		oname = p ? openssl_name(p->id) : NULL;
		if (!oname)
			return wrtc_fail(
				err, -EINVAL, (size_t)(s - list),
				"srtp profiles: unknown profile \"%s\"", name);
		for (i = 0; i < nseen; i++)
			if (seen[i] == p->id)
				return wrtc_fail(
					err, -EINVAL, (size_t)(s - list),
					"srtp profiles: \"%s\" listed twice",
					name);
		if (nseen == sizeof(seen) / sizeof(seen[0]))
			return wrtc_fail(err, -EINVAL, (size_t)(s - list),
					 "srtp profiles: too many");
		seen[nseen++] = p->id;
		len = strlen(oname);
		if (used + !!used + len + 1 > cap)
			return wrtc_fail(err, -EINVAL, 0,
					 "srtp profiles: list too long");
		if (used)
			out[used++] = ':';
		memcpy(out + used, oname, len + 1);
		used += len;
		if (!*end)
			return 0;
	}
}

int dtls_conn_export_srtp(struct dtls_conn *c, uint8_t *out, size_t cap,
			  struct wrtc_err *err)
{
	static const char label[] = SRTP_EXPORTER_LABEL;
	size_t len;

	if (!c || !out)
		return wrtc_fail(err, -EINVAL, 0, "dtls: NULL argument");
	if (c->state != DTLS_STATE_CONNECTED || !c->profile)
		return wrtc_fail(err, -ENOTCONN, 0,
				 "dtls: keying material before connected (%s)",
				 dtls_state_name(c->state));
	len = srtp_exporter_len(c->profile);
	if (cap < len)
		return wrtc_fail(err, -ENOSPC, 0,
				 "dtls: %s needs %zu bytes of keying material",
				 c->profile->name, len);
	ERR_clear_error();
	/* RFC 5764 §4.2: no context value (use_context = 0). */
	if (SSL_export_keying_material(c->ssl, out, len, label,
				       sizeof(label) - 1, NULL, 0, 0) != 1) {
		ERR_clear_error();
		OPENSSL_cleanse(out, len);
		return wrtc_fail(err, -EPROTO, 0, "dtls: exporter failed");
	}
	return (int)len;
}

int dtls_conn_srtp_keys(struct dtls_conn *c,
			const struct srtp_profile **profile,
			struct srtp_master_key *local,
			struct srtp_master_key *remote, struct wrtc_err *err)
{
	uint8_t material[SRTP_EXPORTER_LEN_MAX];
	int n, ret;

	if (profile)
		*profile = NULL;
	if (!local || !remote)
		return wrtc_fail(err, -EINVAL, 0, "dtls: NULL argument");
	n = dtls_conn_export_srtp(c, material, sizeof(material), err);
	if (n < 0) {
		srtp_master_key_wipe(local);
		srtp_master_key_wipe(remote);
		return n;
	}
	/* Wipes material, success or not. */
	ret = srtp_keying_split(c->profile,
				c->role == DTLS_ROLE_CLIENT ? SRTP_DTLS_CLIENT :
							      SRTP_DTLS_SERVER,
				material, (size_t)n, local, remote, err);
	OPENSSL_cleanse(material, sizeof(material));
	if (!ret && profile)
		*profile = c->profile;
	return ret;
}
