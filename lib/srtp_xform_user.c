// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace setup of the SRTP transform from a protection profile and a
 * master key: the session keys come from srtp_kdf (RFC 3711 §4.3), once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "srtp_kdf.h"
#include "srtp_profile.h"
#include "srtp_xform.h"

static void take_keys(struct srtp_xform_session_keys *dst,
		      const struct srtp_session_keys *src)
{
	memcpy(dst->enc_key, src->enc_key, src->enc_key_len);
	memcpy(dst->salt, src->salt, src->salt_len);
	memcpy(dst->auth_key, src->auth_key, src->auth_key_len);
}

int srtp_xform_config_from_master(struct srtp_xform_config *cfg,
				  const struct srtp_profile *p,
				  const struct srtp_master_key *m,
				  enum srtp_xform_dir dir, struct wrtc_err *err)
{
	struct srtp_session_keys rtp, rtcp;
	int ret;

	if (!cfg || !p || !m)
		return wrtc_fail(err, -EINVAL, 0, "srtp xform: NULL argument");
	srtp_xform_config_wipe(cfg);
	ret = srtp_kdf_session_keys(p, m, false, &rtp, err);
	if (!ret)
		ret = srtp_kdf_session_keys(p, m, true, &rtcp, err);
	if (!ret) {
		cfg->dir = dir;
		cfg->cipher = p->cipher == SRTP_CIPHER_AES_GCM ?
				      SRTP_XFORM_AES_GCM :
				      SRTP_XFORM_AES_CM;
		cfg->key_len = p->key_len;
		cfg->salt_len = p->salt_len;
		cfg->srtp_tag_len = p->srtp_tag_len;
		cfg->srtcp_tag_len = p->srtcp_tag_len;
		take_keys(&cfg->rtp, &rtp);
		take_keys(&cfg->rtcp, &rtcp);
	}
	srtp_session_keys_wipe(&rtp);
	srtp_session_keys_wipe(&rtcp);
	return ret;
}

int srtp_xform_create(struct srtp_xform **out, const struct srtp_profile *p,
		      const struct srtp_master_key *m, enum srtp_xform_dir dir,
		      struct wrtc_err *err)
{
	struct srtp_xform_config cfg;
	struct srtp_xform *x;
	int ret;

	if (!out)
		return wrtc_fail(err, -EINVAL, 0, "srtp xform: NULL argument");
	*out = NULL;
	ret = srtp_xform_config_from_master(&cfg, p, m, dir, err);
	if (ret)
		return ret;
	x = malloc(sizeof(*x));
	if (!x) {
		srtp_xform_config_wipe(&cfg);
		return wrtc_fail(err, -ENOMEM, 0, "srtp xform: out of memory");
	}
	ret = srtp_xform_init(x, &cfg, err);
	srtp_xform_config_wipe(&cfg);
	if (ret) {
		free(x);
		return ret;
	}
	*out = x;
	return 0;
}

void srtp_xform_destroy(struct srtp_xform *x)
{
	if (!x)
		return;
	srtp_xform_fini(x);
	free(x);
}
