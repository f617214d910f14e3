// SPDX-License-Identifier: GPL-2.0
/* The gateway certificate and its fingerprint (see identity.h). */
#include "identity.h"
#include "log.h"

int identity_init(struct identity *id)
{
	struct wrtc_err err = { "", 0 };
	int ret = dtls_cert_new(&id->cert, &err);

	if (ret) {
		log_err("cannot make the DTLS certificate: %s", err.msg);
		id->cert = NULL;
		return -1;
	}
	log_info("DTLS certificate fingerprint %s",
		 dtls_cert_fingerprint(id->cert));
	return 0;
}

void identity_free(struct identity *id)
{
	dtls_cert_unref(id->cert);
	id->cert = NULL;
}

const char *identity_fingerprint_hash(const struct identity *id)
{
	return dtls_cert_fingerprint_hash(id->cert);
}

const char *identity_fingerprint_value(const struct identity *id)
{
	return dtls_cert_fingerprint_value(id->cert);
}
