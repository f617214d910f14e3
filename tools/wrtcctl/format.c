// SPDX-License-Identifier: GPL-2.0
/*
 * wrtcctl: names and formats that the text and the JSON output share, so
 * that both say the same thing the same way: addresses as "1.2.3.4:5" and
 * "[2001:db8::1]:5", profiles by their RFC names (lib/srtp_profile's
 * suite names), counters as JSON integers.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "srtp_profile.h"
#include "wrtcctl.h"

const char *ctl_addr(const struct wrtcnl_addr *a, char *buf)
{
	char ip[INET6_ADDRSTRLEN];

	if (a->family == AF_INET && inet_ntop(AF_INET, &a->v4, ip, sizeof(ip)))
		snprintf(buf, CTL_ADDR_LEN, "%s:%u", ip, a->port);
	else if (a->family == AF_INET6 &&
		 inet_ntop(AF_INET6, &a->v6, ip, sizeof(ip)))
		snprintf(buf, CTL_ADDR_LEN, "[%s]:%u", ip, a->port);
	else
		snprintf(buf, CTL_ADDR_LEN, "?:%u", a->port);
	return buf;
}

/* enum wrtc_srtp_profile (this family's numbers) to DTLS-SRTP ids. */
static uint16_t profile_dtls_id(uint32_t profile)
{
	switch (profile) {
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80:
		return SRTP_PROFILE_AES128_CM_HMAC_SHA1_80;
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32:
		return SRTP_PROFILE_AES128_CM_HMAC_SHA1_32;
	case WRTC_SRTP_PROFILE_AEAD_AES_128_GCM:
		return SRTP_PROFILE_AEAD_AES_128_GCM;
	case WRTC_SRTP_PROFILE_AEAD_AES_256_GCM:
		return SRTP_PROFILE_AEAD_AES_256_GCM;
	default:
		return 0;
	}
}

const char *ctl_profile(uint32_t profile, char *buf, size_t len)
{
	const struct srtp_profile *p =
		srtp_profile_by_id(profile_dtls_id(profile));

	if (p)
		return p->suite;
	snprintf(buf, len, "unknown-%u", profile);
	return buf;
}

const char *ctl_direction(uint32_t dir)
{
	return dir == WRTC_DIRECTION_RX ? "rx" :
	       dir == WRTC_DIRECTION_TX ? "tx" :
					  "?";
}

const char *ctl_slot(uint32_t slot)
{
	return slot == WRTC_KEY_SLOT_PRIMARY   ? "primary" :
	       slot == WRTC_KEY_SLOT_SECONDARY ? "secondary" :
						 "?";
}

static const char *flag_name(uint32_t bit)
{
	return bit == WRTC_LEG_FLAGS_PERSISTENT ? "persistent" : NULL;
}

json_t *ctl_flags_json(uint32_t flags)
{
	json_t *a = json_array();
	char other[16];
	unsigned int i;

	for (i = 0; i < 32; i++) {
		uint32_t bit = 1u << i;
		const char *name = flag_name(bit);

		if (!(flags & bit))
			continue;
		if (!name) {
			snprintf(other, sizeof(other), "flag-%u", i);
			name = other;
		}
		json_array_append_new(a, json_string(name));
	}
	return a;
}

const char *ctl_flags_text(uint32_t flags, char *buf, size_t len)
{
	size_t used = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < 32 && used < len; i++) {
		uint32_t bit = 1u << i;
		const char *name = flag_name(bit);
		int n;

		if (!(flags & bit))
			continue;
		if (name)
			n = snprintf(buf + used, len - used, "%s%s",
				     used ? "," : "", name);
		else
			n = snprintf(buf + used, len - used, "%sflag-%u",
				     used ? "," : "", i);
		used += n > 0 ? (size_t)n : 0;
	}
	return buf[0] ? buf : "none";
}

const char *ctl_ago(uint64_t mono_ns, char *buf, size_t len)
{
	struct timespec ts;
	uint64_t now;

	if (!mono_ns)
		return "never";
	/* The kernel's CLOCK_MONOTONIC: the same clock as ours. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (now < mono_ns)
		now = mono_ns;
	snprintf(buf, len, "%.1f s ago", (double)(now - mono_ns) / 1e9);
	return buf;
}

json_t *ctl_u64(uint64_t v)
{
	/* json_int_t is long long (JSON_INTEGER_IS_LONG_LONG on Debian). */
	return json_integer(v > (uint64_t)LLONG_MAX ? LLONG_MAX :
						      (json_int_t)v);
}

json_t *ctl_stats_json(const struct wrtcnl_stats *st, bool last)
{
	json_t *o = json_object();

	json_object_set_new(o, "rx_packets", ctl_u64(st->rx_packets));
	json_object_set_new(o, "rx_bytes", ctl_u64(st->rx_bytes));
	json_object_set_new(o, "tx_packets", ctl_u64(st->tx_packets));
	json_object_set_new(o, "tx_bytes", ctl_u64(st->tx_bytes));
	json_object_set_new(o, "auth_failures", ctl_u64(st->auth_failures));
	json_object_set_new(o, "replay_drops", ctl_u64(st->replay_drops));
	if (last)
		json_object_set_new(o, "last_rx_ns", ctl_u64(st->last_rx));
	return o;
}

int ctl_flush(const struct ctl *ctl)
{
	if (fflush(stdout) || ferror(stdout))
		return ctl_fail(ctl, "stdout", "%s", strerror(errno));
	return CTL_OK;
}

int ctl_json_print(const struct ctl *ctl, json_t *obj)
{
	/* Insertion order: the members read in the order documented. */
	int ret = json_dumpf(obj, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(obj);
	if (ret || fputc('\n', stdout) == EOF)
		return ctl_fail(ctl, "stdout", "cannot write the JSON output");
	return ctl_flush(ctl);
}
