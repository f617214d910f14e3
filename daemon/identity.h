/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The gateway's DTLS identity: one self-signed certificate per process
 * (lib/dtls.h makes it), whose fingerprint every rewritten SDP carries.
 * Everything that needs the fingerprint asks here, so where the
 * certificate comes from is decided in this one place.
 */
#ifndef WRTCD_IDENTITY_H
#define WRTCD_IDENTITY_H

#include "dtls.h"

struct identity {
	struct dtls_cert *cert;
};

/* Make the certificate. Returns 0 or -1 after logging why. */
int identity_init(struct identity *id);
void identity_free(struct identity *id);

/* The a=fingerprint parts: "sha-256" and "AB:CD:...". */
const char *identity_fingerprint_hash(const struct identity *id);
const char *identity_fingerprint_value(const struct identity *id);

#endif /* WRTCD_IDENTITY_H */
