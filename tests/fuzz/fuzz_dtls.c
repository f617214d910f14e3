// SPDX-License-Identifier: GPL-2.0
/*
 * Hostile datagrams into a DTLS-SRTP connection, and hostile strings into
 * the fingerprint and SRTP profile parsers.
 *
 * Input: one flags byte (bit 0: we are the client; bit 1: a remote
 * fingerprint is set, bit 2: a 300-byte MTU), then datagrams, each as a
 * 2-byte big-endian length and that many bytes. Every datagram is fed
 * whole, every output pulled, the timer handled; the state must stay one
 * of the five and every pulled datagram within the MTU during the
 * handshake. The whole input, as a string, also goes through
 * dtls_fingerprint_parse_sdp() and, as a profile list, dtls_conn_new().
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dtls.h"

#define CHECK(cond)              \
	do {                     \
		if (!(cond))     \
			abort(); \
	} while (0)

/* One certificate for the whole run, as in the daemon. */
static struct dtls_cert *cert;

static void fuzz_strings(const uint8_t *d, size_t n)
{
	struct dtls_config cfg = { 0 };
	struct dtls_fingerprint fp;
	char *s = malloc(n + 1), out[DTLS_FINGERPRINT_STR_MAX];
	struct dtls_conn *c = NULL;

	if (!s)
		return;
	memcpy(s, d, n);
	s[n] = '\0';
	if (!dtls_fingerprint_parse_sdp(&fp, s, NULL)) {
		CHECK(dtls_hash_name(fp.hash));
		CHECK(dtls_fingerprint_format(&fp, out, sizeof(out)) > 0);
		CHECK(strncasecmp(out, s, strlen(out)) == 0);
	}
	cfg.srtp_profiles = s;
	if (!dtls_conn_new(&c, cert, &cfg, NULL))
		dtls_conn_free(c);
	free(s);
}

static void drain(struct dtls_conn *c, unsigned int mtu)
{
	uint8_t buf[2048];
	int n;

	while ((n = dtls_conn_pull(c, buf, sizeof(buf))) > 0)
		CHECK(dtls_conn_state(c) > DTLS_STATE_HANDSHAKING ||
		      (unsigned int)n <= mtu);
	CHECK(n == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct dtls_config cfg = { 0 };
	struct dtls_fingerprint fp = { .hash = DTLS_HASH_SHA256, .len = 32 };
	struct dtls_conn *c;
	size_t off = 1, len;
	enum dtls_state st;

	if (!cert && dtls_cert_new(&cert, NULL))
		abort();
	fuzz_strings(d, n);
	if (n < 1)
		return 0;
	cfg.role = d[0] & 1 ? DTLS_ROLE_CLIENT : DTLS_ROLE_SERVER;
	cfg.remote_fingerprint = d[0] & 2 ? &fp : NULL;
	cfg.mtu = d[0] & 4 ? 300 : 0;
	cfg.initial_timeout_ms = 1;
	if (dtls_conn_new(&c, cert, &cfg, NULL))
		abort();
	if (d[0] & 1)
		dtls_conn_start(c, NULL);
	drain(c, cfg.mtu ? cfg.mtu : DTLS_MTU_DEFAULT);
	while (off + 2 <= n) {
		len = (size_t)d[off] << 8 | d[off + 1];
		off += 2;
		if (len > n - off)
			len = n - off;
		dtls_conn_feed(c, d + off, len, NULL);
		off += len;
		drain(c, cfg.mtu ? cfg.mtu : DTLS_MTU_DEFAULT);
		dtls_conn_handle_timeout(c, NULL);
		drain(c, cfg.mtu ? cfg.mtu : DTLS_MTU_DEFAULT);
		st = dtls_conn_state(c);
		CHECK(st <= DTLS_STATE_CLOSED);
		CHECK((st == DTLS_STATE_FAILED) == (dtls_conn_error(c) < 0) ||
		      st == DTLS_STATE_CLOSED);
	}
	dtls_conn_close(c);
	drain(c, 65536);
	dtls_conn_free(c);
	return 0;
}
