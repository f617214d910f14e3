/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test packets for the XDP program's fixtures, described field by field
 * (struct pkt_spec) and built into bytes by pkt_build(): Ethernet, an
 * optional VLAN tag, IPv4 (with options, fragment bits) or IPv6, UDP with
 * correct checksums, then whatever the spec says to break (lengths that
 * lie, a wrong version, a cut at some byte).
 */
#ifndef WRTC_TESTS_PKT_H
#define WRTC_TESTS_PKT_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define PKT_MAX 2048

/* A payload given as a string literal: PAYLOAD("\x80\x00...") */
#define PAYLOAD(s) .payload = (const uint8_t *)(s), .payload_len = sizeof(s) - 1

/* RFC 7983 first bytes, and whole payloads to use them in. */
#define STUN_BINDING                               \
	PAYLOAD("\x00\x01\x00\x00\x21\x12\xa4\x42" \
		"\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c")
#define DTLS_HELLO                                                     \
	PAYLOAD("\x16\xfe\xfd\x00\x00\x00\x00\x00\x00\x00\x00\x00\x0c" \
		"\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
#define RTP_PCMU                                   \
	PAYLOAD("\x80\x00\x12\x34\x00\x00\x03\x20" \
		"\xde\xad\xbe\xef\xff\xff\xff\xff\xff\xff\xff\xff")
#define RTCP_SR                                                    \
	PAYLOAD("\x80\xc8\x00\x06\xde\xad\xbe\xef\x00\x00\x00\x01" \
		"\x00\x00\x00\x02\x00\x00\x03\x20\x00\x00\x00\x01" \
		"\x00\x00\x00\xa0")
#define TURN_CHANNEL PAYLOAD("\x40\x00\x00\x04\xaa\xbb\xcc\xdd")

struct pkt_spec {
	uint16_t vlan_proto; /* 0 or 0x8100 / 0x88a8: one tag */
	uint16_t vlan_proto2; /* a second (inner) tag */
	uint16_t ethertype; /* 0: from ip */
	int ip; /* 4 or 6 (0: no IP header: ethertype's payload is zeros) */
	const char *src,
		*dst; /* default 192.0.2.1 / 198.51.100.1, 2001:db8::1/::2 */
	unsigned int ip4_opts; /* bytes of IPv4 options, multiple of 4 */
	uint16_t frag_off; /* IPv4 flags and fragment offset, host order */
	int proto; /* IPv4 protocol / IPv6 next header; 0: UDP */
#define PKT_PROTO_0 0x100 /* for protocol 0 (IPv6 hop-by-hop options) */
	uint16_t sport, dport; /* default 5000 / 40000 */
	const uint8_t *payload;
	size_t payload_len;
	/* Breakage. */
	int version; /* IP version field if not 0 */
	int ihl; /* IPv4 IHL field if not 0 */
	int ip_len_delta; /* added to the IPv4 total / IPv6 payload length */
	int udp_len_delta; /* added to the UDP length */
	size_t cut; /* keep only the first cut bytes (0: all) */
};

static inline uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static inline uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

/* Build the frame into buf (PKT_MAX bytes); returns its length. */
static inline size_t pkt_build(const struct pkt_spec *s, uint8_t *buf)
{
	static const uint8_t dmac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const uint8_t smac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	uint16_t sport = s->sport ? s->sport : 5000;
	uint16_t dport = s->dport ? s->dport : 40000;
	uint8_t proto = s->proto ? s->proto & 0xff : IPPROTO_UDP;
	size_t off = 12, ip_off, udp_off, ulen, len;
	uint8_t src[16], dst[16];
	uint32_t sum;
	uint16_t et;

	memset(buf, 0, PKT_MAX);
	memcpy(buf, dmac, 6);
	memcpy(buf + 6, smac, 6);
	et = s->ethertype ? s->ethertype : s->ip == 6 ? 0x86dd : 0x0800;
	if (s->vlan_proto) {
		put16(buf + off, s->vlan_proto);
		put16(buf + off + 2, 100); /* VID */
		off += 4;
	}
	if (s->vlan_proto2) {
		put16(buf + off, s->vlan_proto2);
		put16(buf + off + 2, 200);
		off += 4;
	}
	put16(buf + off, et);
	ip_off = off + 2;
	ulen = 8 + s->payload_len;
	if (s->ip == 4) {
		size_t hlen = 20 + s->ip4_opts;
		uint8_t *ip = buf + ip_off;

		inet_pton(AF_INET, s->src ? s->src : "192.0.2.1", src);
		inet_pton(AF_INET, s->dst ? s->dst : "198.51.100.1", dst);
		ip[0] = (s->version ? s->version : 4) << 4 |
			(s->ihl ? s->ihl : (int)hlen / 4);
		put16(ip + 2, (uint16_t)(hlen + ulen + s->ip_len_delta));
		put16(ip + 4, 0x1234);
		put16(ip + 6, s->frag_off);
		ip[8] = 64;
		ip[9] = proto;
		memcpy(ip + 12, src, 4);
		memcpy(ip + 16, dst, 4);
		/* Router Alert (RFC 2113), then NOPs. */
		if (s->ip4_opts >= 4) {
			ip[20] = 0x94;
			ip[21] = 4;
		}
		memset(ip + 24, 1, s->ip4_opts > 4 ? s->ip4_opts - 4 : 0);
		put16(ip + 10, csum_fold(csum_add(0, ip, hlen)));
		udp_off = ip_off + hlen;
		sum = csum_add(0, src, 4);
		sum = csum_add(sum, dst, 4);
	} else if (s->ip == 6) {
		uint8_t *ip6 = buf + ip_off;

		inet_pton(AF_INET6, s->src ? s->src : "2001:db8::1", src);
		inet_pton(AF_INET6, s->dst ? s->dst : "2001:db8::2", dst);
		ip6[0] = (s->version ? s->version : 6) << 4;
		put16(ip6 + 4, (uint16_t)(ulen + s->ip_len_delta));
		ip6[6] = proto;
		ip6[7] = 64;
		memcpy(ip6 + 8, src, 16);
		memcpy(ip6 + 24, dst, 16);
		udp_off = ip_off + 40;
		sum = csum_add(0, src, 16);
		sum = csum_add(sum, dst, 16);
	} else {
		len = ip_off + 46; /* a minimal frame of zeros */
		return s->cut && s->cut < len ? s->cut : len;
	}
	put16(buf + udp_off, sport);
	put16(buf + udp_off + 2, dport);
	put16(buf + udp_off + 4, (uint16_t)(ulen + s->udp_len_delta));
	if (s->payload_len)
		memcpy(buf + udp_off + 8, s->payload, s->payload_len);
	sum += IPPROTO_UDP + ulen;
	sum = csum_add(sum, buf + udp_off, ulen);
	put16(buf + udp_off + 6, csum_fold(sum) ? csum_fold(sum) : 0xffff);
	len = udp_off + ulen;
	return s->cut && s->cut < len ? s->cut : len;
}

#endif /* WRTC_TESTS_PKT_H */
