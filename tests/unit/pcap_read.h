/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny reader of classic pcap files (not pcapng) for tests: the UDP
 * payloads of every IPv4/IPv6 packet, whatever the byte order, timestamp
 * resolution and link type (Ethernet with VLAN tags, Linux cooked v1/v2,
 * raw IP, BSD loopback).
 */
#ifndef WRTC_TEST_PCAP_READ_H
#define WRTC_TEST_PCAP_READ_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pcap_udp {
	uint16_t sport, dport;
	size_t len;
	uint8_t *data;
};

struct pcap_file {
	size_t n;
	struct pcap_udp *pkt;
};

static uint32_t pcap_get32(const uint8_t *p, int swap)
{
	return swap ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			       (uint32_t)p[2] << 8 | p[3] :
		      (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
			       (uint32_t)p[1] << 8 | p[0];
}

static uint16_t pcap_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* Offset of the IP header in a frame of @linktype, or -1. */
static long pcap_ip_offset(uint32_t linktype, const uint8_t *f, size_t len)
{
	size_t off;
	uint16_t proto;

	switch (linktype) {
	case 1: /* Ethernet */
		off = 12;
		if (len < off + 2)
			return -1;
		proto = pcap_be16(f + off);
		while ((proto == 0x8100 || proto == 0x88a8) && len >= off + 6) {
			off += 4;
			proto = pcap_be16(f + off);
		}
		off += 2;
		break;
	case 113: /* Linux cooked v1: protocol at 14 */
		if (len < 16)
			return -1;
		proto = pcap_be16(f + 14);
		off = 16;
		break;
	case 276: /* Linux cooked v2: protocol at 0 */
		if (len < 20)
			return -1;
		proto = pcap_be16(f);
		off = 20;
		break;
	case 0: /* BSD loopback: 4-byte family, host order */
	case 108: /* OpenBSD loopback */
		off = 4;
		proto = 0;
		break;
	case 12:
	case 14:
	case 101:
	case 228:
	case 229: /* raw IP */
		off = 0;
		proto = 0;
		break;
	default:
		return -1;
	}
	if (proto && proto != 0x0800 && proto != 0x86dd)
		return -1;
	return off < len ? (long)off : -1;
}

/* Append the UDP payload of IP packet @ip (@len bytes) to @pf. */
static int pcap_add_udp(struct pcap_file *pf, const uint8_t *ip, size_t len)
{
	size_t hl, total, ulen;
	struct pcap_udp *n, *u;

	if (len < 1)
		return 0;
	if (ip[0] >> 4 == 4) {
		if (len < 20)
			return 0;
		hl = (size_t)(ip[0] & 15) * 4;
		total = pcap_be16(ip + 2);
		/* Not UDP, or a fragment: skip. */
		if (ip[9] != 17 || (pcap_be16(ip + 6) & 0x3fff) || hl < 20 ||
		    total > len || total < hl)
			return 0;
		len = total;
	} else if (ip[0] >> 4 == 6) {
		if (len < 40 || ip[6] != 17)
			return 0;
		hl = 40;
		total = 40 + (size_t)pcap_be16(ip + 4);
		if (total > len)
			return 0;
		len = total;
	} else {
		return 0;
	}
	if (len < hl + 8)
		return 0;
	ulen = pcap_be16(ip + hl + 4);
	if (ulen < 8 || hl + ulen > len)
		return 0;
	n = realloc(pf->pkt, (pf->n + 1) * sizeof(*n));
	if (!n)
		return -ENOMEM;
	pf->pkt = n;
	u = &pf->pkt[pf->n];
	u->sport = pcap_be16(ip + hl);
	u->dport = pcap_be16(ip + hl + 2);
	u->len = ulen - 8;
	u->data = malloc(u->len ? u->len : 1);
	if (!u->data)
		return -ENOMEM;
	memcpy(u->data, ip + hl + 8, u->len);
	pf->n++;
	return 0;
}

static void pcap_free(struct pcap_file *pf)
{
	size_t i;

	for (i = 0; i < pf->n; i++)
		free(pf->pkt[i].data);
	free(pf->pkt);
	pf->pkt = NULL;
	pf->n = 0;
}

/* Read @path into @pf. Returns 0 or a negative errno. */
static int pcap_read(const char *path, struct pcap_file *pf)
{
	uint8_t *buf = NULL, *nb;
	size_t len = 0, cap = 0, off, got;
	uint32_t magic, linktype, incl;
	int swap, ret = 0;
	long ipoff;
	FILE *f;

	memset(pf, 0, sizeof(*pf));
	f = fopen(path, "rb");
	if (!f)
		return -errno;
	do {
		if (len == cap) {
			cap = cap ? 2 * cap : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				ret = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got);
	if (len < 24) {
		ret = -EBADMSG;
		goto out;
	}
	magic = pcap_get32(buf, 0);
	/* µs or ns timestamps, written little or big endian */
	if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
		swap = 0;
	else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
		swap = 1;
	else {
		ret = -EBADMSG;
		goto out;
	}
	linktype = pcap_get32(buf + 20, swap) & 0xffff;
	for (off = 24; off + 16 <= len; off += 16 + incl) {
		incl = pcap_get32(buf + off + 8, swap);
		if (incl > len - off - 16) {
			ret = -EBADMSG;
			goto out;
		}
		ipoff = pcap_ip_offset(linktype, buf + off + 16, incl);
		if (ipoff < 0)
			continue;
		ret = pcap_add_udp(pf, buf + off + 16 + ipoff,
				   incl - (size_t)ipoff);
		if (ret)
			goto out;
	}
out:
	if (ret)
		pcap_free(pf);
	free(buf);
	fclose(f);
	return ret;
}

#endif /* WRTC_TEST_PCAP_READ_H */
