/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the guest tests that push packets through wrtc.ko's kfuncs:
 * the XDP programs of wrtc_relay.bpf.c (loaded with libbpf: their kfunc
 * calls resolve against the module's BTF), session keys derived from a
 * master key the way wrtcd derives them (lib/srtp_kdf), the libsrtp2
 * endpoints on either side (lib/srtp_ref), and Ethernet/IP/UDP framing
 * with checksums computed here, independently of the kernel's.
 */
#ifndef WRTC_XDP_TEST_H
#define WRTC_XDP_TEST_H

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "srtp_kdf.h"
#include "srtp_profile.h"
#include "srtp_ref.h"
#include "wrtc_relay.h"
#include "wrtcnl.h"

/* Every profile, in wrtc's numbering and as lib/srtp_profile knows it. */
static const uint32_t wrtc_profiles[] = {
	WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80,
	WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32,
	WRTC_SRTP_PROFILE_AEAD_AES_128_GCM,
	WRTC_SRTP_PROFILE_AEAD_AES_256_GCM,
};

static inline const struct srtp_profile *wrtc_srtp_profile(uint32_t profile)
{
	switch (profile) {
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80:
		return srtp_profile_by_id(SRTP_PROFILE_AES128_CM_HMAC_SHA1_80);
	case WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32:
		return srtp_profile_by_id(SRTP_PROFILE_AES128_CM_HMAC_SHA1_32);
	case WRTC_SRTP_PROFILE_AEAD_AES_128_GCM:
		return srtp_profile_by_id(SRTP_PROFILE_AEAD_AES_128_GCM);
	default:
		return srtp_profile_by_id(SRTP_PROFILE_AEAD_AES_256_GCM);
	}
}

/* A master key for @profile whose bytes all depend on @seed. */
static inline struct srtp_master_key wrtc_master(uint32_t profile, uint8_t seed)
{
	const struct srtp_profile *p = wrtc_srtp_profile(profile);
	struct srtp_master_key m = { .key_len = p->key_len,
				     .salt_len = p->salt_len };
	unsigned int i;

	for (i = 0; i < sizeof(m.key); i++)
		m.key[i] = (uint8_t)(seed * 31 + i * 7 + 1);
	for (i = 0; i < sizeof(m.salt); i++)
		m.salt[i] = (uint8_t)(seed * 17 + i * 11 + 3);
	return m;
}

/* The key-install request for @m: its session keys (RFC 3711 4.3). */
static inline int wrtc_key_from_master(struct wrtcnl_key *k, uint32_t leg_id,
				       uint32_t dir, uint32_t slot,
				       uint32_t profile,
				       const struct srtp_master_key *m)
{
	const struct srtp_profile *p = wrtc_srtp_profile(profile);
	struct srtp_session_keys rtp, rtcp;
	int ret;

	memset(k, 0, sizeof(*k));
	k->leg_id = leg_id;
	k->direction = dir;
	k->slot = slot;
	k->profile = profile;
	ret = srtp_kdf_session_keys(p, m, false, &rtp, NULL);
	ret = ret ?: srtp_kdf_session_keys(p, m, true, &rtcp, NULL);
	if (ret)
		return ret;
	memcpy(k->rtp.cipher_key, rtp.enc_key, rtp.enc_key_len);
	memcpy(k->rtp.auth_key, rtp.auth_key, rtp.auth_key_len);
	memcpy(k->rtp.salt, rtp.salt, rtp.salt_len);
	memcpy(k->rtcp.cipher_key, rtcp.enc_key, rtcp.enc_key_len);
	memcpy(k->rtcp.auth_key, rtcp.auth_key, rtcp.auth_key_len);
	memcpy(k->rtcp.salt, rtcp.salt, rtcp.salt_len);
	return 0;
}

/* A libsrtp2 context of @profile under @m. */
static inline struct srtp_ref *wrtc_ref(uint32_t profile,
					const struct srtp_master_key *m,
					enum srtp_ref_dir dir)
{
	struct srtp_ref *s = NULL;

	if (srtp_ref_create(&s, wrtc_srtp_profile(profile), m, dir, NULL))
		return NULL;
	return s;
}

/* The XDP programs and their .bss. */
struct wrtc_bpf {
	struct bpf_object *obj;
	int tx; /* wrtc_relay_tx */
	int fwd; /* wrtc_relay_fwd */
	int pass; /* wrtc_pass */
	int bss;
};

static inline int wrtc_bpf_print(enum libbpf_print_level level, const char *fmt,
				 va_list ap)
{
	/* Warnings carry the verifier's log; WRTC_BPF_DEBUG=1 shows all. */
	if (level == LIBBPF_WARN || getenv("WRTC_BPF_DEBUG"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/*
 * Load wrtc_relay.bpf.o from the directory of this program, as it was run
 * (argv[0]: guest.sh gives the full path). wrtc.ko must
 * be loaded: the kfunc calls resolve at load. 0 or -errno.
 */
static inline int wrtc_bpf_open(struct wrtc_bpf *b)
{
	char exe[PATH_MAX], path[PATH_MAX + 32];
	struct bpf_map *bss = NULL, *m;
	int ret;

	memset(b, 0, sizeof(*b));
	/* Not /proc/self/exe: it does not resolve in the guest's chroot. */
	snprintf(exe, sizeof(exe), "%s", program_invocation_name);
	snprintf(path, sizeof(path), "%s/wrtc_relay.bpf.o", dirname(exe));
	libbpf_set_print(wrtc_bpf_print);
	b->obj = bpf_object__open_file(path, NULL);
	if (!b->obj) {
		fprintf(stderr, "# open %s: %m\n", path);
		return -errno;
	}
	ret = bpf_object__load(b->obj);
	if (ret) {
		bpf_object__close(b->obj);
		b->obj = NULL;
		return ret;
	}
	b->tx = bpf_program__fd(
		bpf_object__find_program_by_name(b->obj, "wrtc_relay_tx"));
	b->fwd = bpf_program__fd(
		bpf_object__find_program_by_name(b->obj, "wrtc_relay_fwd"));
	b->pass = bpf_program__fd(
		bpf_object__find_program_by_name(b->obj, "wrtc_pass"));
	bpf_object__for_each_map(m, b->obj) {
		const char *name = bpf_map__name(m);
		size_t len = strlen(name);

		if (len >= 4 && !strcmp(name + len - 4, ".bss"))
			bss = m;
	}
	b->bss = bss ? bpf_map__fd(bss) : -1;
	return b->tx >= 0 && b->fwd >= 0 && b->pass >= 0 && b->bss >= 0 ?
		       0 :
		       -ENOENT;
}

static inline void wrtc_bpf_close(struct wrtc_bpf *b)
{
	bpf_object__close(b->obj);
	b->obj = NULL;
}

static inline int wrtc_bpf_result(const struct wrtc_bpf *b,
				  struct wrtc_relay_result *r)
{
	uint32_t zero = 0;

	return bpf_map_lookup_elem(b->bss, &zero, r) ? -errno : 0;
}

static inline int wrtc_bpf_reset(const struct wrtc_bpf *b)
{
	struct wrtc_relay_result r = { 0 };
	uint32_t zero = 0;

	return bpf_map_update_elem(b->bss, &zero, &r, 0) ? -errno : 0;
}

/* The last wrtc_xdp_relay() return value. */
static inline int wrtc_bpf_last_ret(const struct wrtc_bpf *b)
{
	struct wrtc_relay_result r;

	if (wrtc_bpf_result(b, &r))
		return INT_MIN;
	return (int)(int64_t)r.last_ret;
}

/* One BPF_PROG_TEST_RUN: *@out_len is the room in, the length out. */
static inline int wrtc_xdp_run(int prog, const void *in, size_t len, void *out,
			       size_t *out_len, uint32_t *verdict)
{
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in,
		    .data_size_in = (uint32_t)len, .data_out = out,
		    .data_size_out = (uint32_t)*out_len, .repeat = 1);
	int ret = bpf_prog_test_run_opts(prog, &o);

	if (ret)
		return -errno;
	*out_len = o.data_size_out;
	*verdict = o.retval;
	return 0;
}

/* Internet checksum over @len bytes, added to @sum (not folded). */
static inline uint32_t wrtc_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static inline uint16_t wrtc_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

#define WRTC_ETH_LEN 14

/* UDP checksum of @udp (@ulen bytes) between the addresses. */
static inline uint16_t wrtc_udp_csum(int family, const void *src,
				     const void *dst, const uint8_t *udp,
				     size_t ulen)
{
	size_t alen = family == AF_INET ? 4 : 16;
	uint32_t sum = 0;

	sum = wrtc_csum_add(sum, src, alen);
	sum = wrtc_csum_add(sum, dst, alen);
	sum += IPPROTO_UDP + (uint32_t)ulen;
	return wrtc_csum_fold(wrtc_csum_add(sum, udp, ulen));
}

/*
 * Ethernet + IP + UDP from @src to @dst around @len payload bytes, all
 * checksums set. Returns the frame's length.
 */
static inline size_t wrtc_frame(uint8_t *buf, const struct wrtcnl_addr *src,
				const struct wrtcnl_addr *dst,
				const uint8_t *payload, size_t len)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };
	size_t ip_len = src->family == AF_INET ? 20 : 40;
	size_t ulen = 8 + len;
	uint8_t *ip = buf + WRTC_ETH_LEN, *udp = ip + ip_len;
	const void *sa, *da;
	uint16_t c;

	memcpy(buf, macs, 12);
	memset(ip, 0, ip_len);
	if (src->family == AF_INET) {
		buf[12] = 0x08, buf[13] = 0x00;
		ip[0] = 0x45;
		ip[2] = (uint8_t)((20 + ulen) >> 8);
		ip[3] = (uint8_t)(20 + ulen);
		ip[6] = 0x40; /* DF */
		ip[8] = 7; /* TTL: the relay resets it */
		ip[9] = IPPROTO_UDP;
		memcpy(ip + 12, &src->v4, 4);
		memcpy(ip + 16, &dst->v4, 4);
		c = wrtc_csum_fold(wrtc_csum_add(0, ip, 20));
		ip[10] = (uint8_t)(c >> 8);
		ip[11] = (uint8_t)c;
		sa = &src->v4;
		da = &dst->v4;
	} else {
		buf[12] = 0x86, buf[13] = 0xdd;
		ip[0] = 0x60;
		ip[4] = (uint8_t)(ulen >> 8);
		ip[5] = (uint8_t)ulen;
		ip[6] = IPPROTO_UDP;
		ip[7] = 7;
		memcpy(ip + 8, &src->v6, 16);
		memcpy(ip + 24, &dst->v6, 16);
		sa = &src->v6;
		da = &dst->v6;
	}
	udp[0] = (uint8_t)(src->port >> 8);
	udp[1] = (uint8_t)src->port;
	udp[2] = (uint8_t)(dst->port >> 8);
	udp[3] = (uint8_t)dst->port;
	udp[4] = (uint8_t)(ulen >> 8);
	udp[5] = (uint8_t)ulen;
	udp[6] = udp[7] = 0;
	memcpy(udp + 8, payload, len);
	c = wrtc_udp_csum(src->family, sa, da, udp, ulen);
	if (!c)
		c = 0xffff;
	udp[6] = (uint8_t)(c >> 8);
	udp[7] = (uint8_t)c;
	return WRTC_ETH_LEN + ip_len + ulen;
}

/* What wrtc_unframe() found in a frame. */
struct wrtc_framed {
	struct wrtcnl_addr src, dst;
	const uint8_t *payload;
	size_t len;
	uint8_t ttl; /* or hop limit */
	int ip_csum_ok; /* IPv4 header checksum (1 for IPv6) */
	int udp_csum_ok;
	int lengths_ok; /* IP and UDP lengths agree with the frame */
};

/* Parse what wrtc_frame() builds (IPv4 without options, or IPv6). */
static inline int wrtc_unframe(const uint8_t *buf, size_t len,
			       struct wrtc_framed *f)
{
	const uint8_t *ip = buf + WRTC_ETH_LEN, *udp;
	size_t ip_len, ulen, total;

	memset(f, 0, sizeof(*f));
	if (len < WRTC_ETH_LEN + 20)
		return -EINVAL;
	if (buf[12] == 0x08 && buf[13] == 0x00) {
		ip_len = 20;
		total = (size_t)(ip[2] << 8 | ip[3]);
		f->src.family = f->dst.family = AF_INET;
		memcpy(&f->src.v4, ip + 12, 4);
		memcpy(&f->dst.v4, ip + 16, 4);
		f->ttl = ip[8];
		f->ip_csum_ok = wrtc_csum_fold(wrtc_csum_add(0, ip, 20)) == 0;
	} else if (buf[12] == 0x86 && buf[13] == 0xdd) {
		ip_len = 40;
		if (len < WRTC_ETH_LEN + 48)
			return -EINVAL;
		total = 40 + (size_t)(ip[4] << 8 | ip[5]);
		f->src.family = f->dst.family = AF_INET6;
		memcpy(&f->src.v6, ip + 8, 16);
		memcpy(&f->dst.v6, ip + 24, 16);
		f->ttl = ip[7];
		f->ip_csum_ok = 1;
	} else {
		return -EINVAL;
	}
	if (total < ip_len + 8 || WRTC_ETH_LEN + total > len)
		return -EINVAL;
	udp = ip + ip_len;
	ulen = (size_t)(udp[4] << 8 | udp[5]);
	f->lengths_ok = ulen == total - ip_len && WRTC_ETH_LEN + total == len;
	f->src.port = (uint16_t)(udp[0] << 8 | udp[1]);
	f->dst.port = (uint16_t)(udp[2] << 8 | udp[3]);
	f->udp_csum_ok = wrtc_udp_csum(f->src.family,
				       f->src.family == AF_INET ?
					       (const void *)&f->src.v4 :
					       (const void *)&f->src.v6,
				       f->dst.family == AF_INET ?
					       (const void *)&f->dst.v4 :
					       (const void *)&f->dst.v6,
				       udp, total - ip_len) == 0;
	f->payload = udp + 8;
	f->len = total - ip_len - 8;
	return 0;
}

static inline int wrtc_addr_eq(const struct wrtcnl_addr *a,
			       const struct wrtcnl_addr *b)
{
	if (a->family != b->family || a->port != b->port)
		return 0;
	return a->family == AF_INET ? !memcmp(&a->v4, &b->v4, 4) :
				      !memcmp(&a->v6, &b->v6, 16);
}

/*
 * An RTP packet: SSRC @ssrc, sequence number @seq, @n payload bytes that
 * depend on both; with @ext a CSRC and a one-byte header extension, so
 * the header is longer than 12 bytes. Returns the length.
 */
static inline size_t wrtc_rtp(uint8_t *buf, uint32_t ssrc, uint16_t seq,
			      size_t n, int ext)
{
	size_t h = 12, i;

	buf[0] = ext ? 0x91 : 0x80; /* V=2, X, CC=1 */
	buf[1] = 111;
	buf[2] = (uint8_t)(seq >> 8);
	buf[3] = (uint8_t)seq;
	buf[4] = 0, buf[5] = 1, buf[6] = (uint8_t)(seq >> 8);
	buf[7] = (uint8_t)seq;
	buf[8] = (uint8_t)(ssrc >> 24), buf[9] = (uint8_t)(ssrc >> 16);
	buf[10] = (uint8_t)(ssrc >> 8), buf[11] = (uint8_t)ssrc;
	if (ext) {
		static const uint8_t more[] = {
			0x12, 0x34, 0x56, 0x78, /* CSRC */
			0xbe, 0xde, 0x00, 0x01, /* RFC 8285, one word */
			0x10, 0xaa, 0x00, 0x00, /* id 1, 2 bytes, padding */
		};

		memcpy(buf + 12, more, sizeof(more));
		h += sizeof(more);
	}
	for (i = 0; i < n; i++)
		buf[h + i] = (uint8_t)(i * 13 + seq * 7 + 5);
	return h + n;
}

/* A compound RTCP packet: SR (no report block) and an RR with one. */
static inline size_t wrtc_rtcp(uint8_t *buf, uint32_t ssrc, uint32_t n)
{
	static const uint8_t sr[28] = { 0x80, 200, 0, 6 };
	static const uint8_t rr[32] = { 0x81, 201, 0, 7 };
	unsigned int i;

	memcpy(buf, sr, sizeof(sr));
	memcpy(buf + 28, rr, sizeof(rr));
	for (i = 0; i < 2; i++) {
		uint8_t *s = buf + (i ? 32 : 4);

		s[0] = (uint8_t)(ssrc >> 24), s[1] = (uint8_t)(ssrc >> 16);
		s[2] = (uint8_t)(ssrc >> 8), s[3] = (uint8_t)ssrc;
	}
	for (i = 8; i < 28; i++)
		buf[i] = (uint8_t)(i + n);
	for (i = 36; i < 60; i++)
		buf[i] = (uint8_t)(i * 3 + n);
	return 60;
}

#endif /* WRTC_XDP_TEST_H */
