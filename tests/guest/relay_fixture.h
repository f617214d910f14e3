/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture of the guest tests that relay SRTP through wrtc.ko's kfuncs
 * with BPF_PROG_TEST_RUN (test_wrtc_srtp.c, test_wrtc_relay.c): two peered
 * legs A and B, the XDP programs, and libsrtp2 at A's remote end (protects
 * with A's key) and at B's (unprotects with B's); helpers that run one
 * packet or a stream of them the whole way and check every step.
 */
#ifndef WRTC_RELAY_FIXTURE_H
#define WRTC_RELAY_FIXTURE_H

#include "kselftest_harness.h"
#include "wrtc_test.h"
#include "wrtc_xdp_test.h"

#define FRAME_MAX 4096

FIXTURE(relay)
{
	struct wrtcnl *nl;
	struct wrtc_err err;
	struct wrtc_bpf bpf;
	struct wrtcnl_leg a, b; /* A receives from its remote, B sends */
	struct srtp_ref *send; /* A's remote end: protects with A's key */
	struct srtp_ref *recv; /* B's remote end: unprotects with B's */
	uint8_t frame[FRAME_MAX], out[FRAME_MAX];
};

FIXTURE_SETUP(relay)
{
	int ret = wrtc_load();

	if (ret == -ENOENT && !getenv("WRTC_KO"))
		SKIP(return, "WRTC_KO unset: run in the guest");
	ASSERT_EQ(0, ret) TH_LOG("load wrtc.ko: %s", strerror(-ret));
	memset(&self->err, 0, sizeof(self->err));
	ASSERT_EQ(0, wrtcnl_open(&self->nl, &self->err))
	TH_LOG("%s", self->err.msg);
	ASSERT_EQ(0, wrtcnl_leg_flush(self->nl, &self->err));
	ret = wrtc_bpf_open(&self->bpf);
	ASSERT_EQ(0, ret) TH_LOG("load wrtc_relay.bpf.o: %s", strerror(-ret));
	ASSERT_EQ(0, srtp_ref_init(NULL));
}

FIXTURE_TEARDOWN(relay)
{
	srtp_ref_destroy(self->send);
	srtp_ref_destroy(self->recv);
	wrtc_bpf_close(&self->bpf);
	wrtcnl_close(self->nl);
}

/* Legs A and B (IPv4, or IPv6 with @v6), peered, no keys. */
static int make_legs(FIXTURE_DATA(relay) * self, int v6)
{
	struct wrtcnl_leg req;
	int ret;

	if (v6) {
		req = wrtc_leg6(40000, 5000);
		ret = wrtcnl_leg_new(self->nl, &req, &self->a, &self->err);
		req = wrtc_leg6(40002, 6000);
		inet_pton(AF_INET6, "2001:db8:eeee::7", &req.remote.v6);
	} else {
		req = wrtc_leg4(1, 40000, 5000);
		ret = wrtcnl_leg_new(self->nl, &req, &self->a, &self->err);
		req = wrtc_leg4(1, 40002, 6000);
		req.remote.v4.s_addr = htonl(0xc6336401); /* 198.51.100.1 */
	}
	req.peer_id = self->a.id;
	return ret ?: wrtcnl_leg_new(self->nl, &req, &self->b, &self->err);
}

/*
 * Keys: A unprotects what its remote protects under master @seed_a with
 * @pa; B protects for its remote under @seed_b with @pb. The libsrtp2
 * contexts of both remote ends are made to match.
 */
static int make_keys(FIXTURE_DATA(relay) * self, uint32_t pa, uint32_t pb,
		     uint8_t seed_a, uint8_t seed_b)
{
	struct srtp_master_key ma = wrtc_master(pa, seed_a);
	struct srtp_master_key mb = wrtc_master(pb, seed_b);
	struct wrtcnl_key k;
	int ret;

	ret = wrtc_key_from_master(&k, self->a.id, WRTC_DIRECTION_RX,
				   WRTC_KEY_SLOT_PRIMARY, pa, &ma);
	ret = ret ?: wrtcnl_key_install(self->nl, &k, &self->err);
	ret = ret   ?:
		      wrtc_key_from_master(&k, self->b.id, WRTC_DIRECTION_TX,
					   WRTC_KEY_SLOT_PRIMARY, pb, &mb);
	ret = ret ?: wrtcnl_key_install(self->nl, &k, &self->err);
	if (ret)
		return ret;
	srtp_ref_destroy(self->send);
	srtp_ref_destroy(self->recv);
	self->send = wrtc_ref(pa, &ma, SRTP_REF_OUTBOUND);
	self->recv = wrtc_ref(pb, &mb, SRTP_REF_INBOUND);
	return self->send && self->recv ? 0 : -EIO;
}

/* Frame @len bytes of SRTP/SRTCP from A's remote to A and run it. */
static int relay_run(FIXTURE_DATA(relay) * self, const uint8_t *srtp,
		     size_t len, size_t *out_len, uint32_t *verdict)
{
	size_t n = wrtc_frame(self->frame, &self->a.remote, &self->a.local,
			      srtp, len);

	*out_len = sizeof(self->out);
	return wrtc_xdp_run(self->bpf.tx, self->frame, n, self->out, out_len,
			    verdict);
}

/*
 * One packet the whole way: protect @pkt (@len bytes, RTP or RTCP) with
 * libsrtp2, relay it, check the frame B sends, unprotect it with libsrtp2
 * and compare with @pkt. 0, or the step that failed (with a message).
 */
static int relay_one(struct __test_metadata *_metadata,
		     FIXTURE_DATA(relay) * self, const uint8_t *pkt, size_t len,
		     int rtcp)
{
	uint8_t buf[FRAME_MAX], got[FRAME_MAX];
	struct wrtc_framed f;
	uint32_t verdict = 0;
	size_t out_len;
	int n;

	memcpy(buf, pkt, len);
	n = rtcp ? srtp_ref_protect_rtcp(self->send, buf, len, sizeof(buf),
					 &self->err) :
		   srtp_ref_protect_rtp(self->send, buf, len, sizeof(buf),
					&self->err);
	if (n < 0) {
		TH_LOG("libsrtp2 protect: %s", self->err.msg);
		return 1;
	}
	if (relay_run(self, buf, (size_t)n, &out_len, &verdict)) {
		TH_LOG("BPF_PROG_TEST_RUN: %s", strerror(errno));
		return 2;
	}
	if (verdict != XDP_TX) {
		TH_LOG("verdict %u, wrtc_xdp_relay %d", verdict,
		       wrtc_bpf_last_ret(&self->bpf));
		return 3;
	}
	if (wrtc_unframe(self->out, out_len, &f) || !f.lengths_ok ||
	    !f.ip_csum_ok || !f.udp_csum_ok) {
		TH_LOG("relayed frame: lengths %d, IP checksum %d, UDP "
		       "checksum %d",
		       f.lengths_ok, f.ip_csum_ok, f.udp_csum_ok);
		return 4;
	}
	if (!wrtc_addr_eq(&f.src, &self->b.local) ||
	    !wrtc_addr_eq(&f.dst, &self->b.remote) || f.ttl != 64) {
		TH_LOG("relayed frame not from B's local to B's remote end, "
		       "or TTL %u",
		       f.ttl);
		return 5;
	}
	memcpy(got, f.payload, f.len);
	n = rtcp ? srtp_ref_unprotect_rtcp(self->recv, got, f.len, &self->err) :
		   srtp_ref_unprotect_rtp(self->recv, got, f.len, &self->err);
	if (n < 0) {
		TH_LOG("libsrtp2 unprotect of the relayed packet: %s",
		       self->err.msg);
		return 6;
	}
	if ((size_t)n != len || memcmp(got, pkt, len)) {
		TH_LOG("relayed packet differs: %d bytes, %zu sent", n, len);
		return 7;
	}
	return 0;
}

/* @count RTP packets from @seq on, and an RTCP packet every 10. */
static int relay_stream(struct __test_metadata *_metadata,
			FIXTURE_DATA(relay) * self, uint32_t ssrc, uint16_t seq,
			unsigned int count)
{
	uint8_t pkt[FRAME_MAX];
	unsigned int i;
	size_t len;
	int ret;

	for (i = 0; i < count; i++, seq++) {
		len = wrtc_rtp(pkt, ssrc, seq, 20 + (i * 37) % 1100,
			       i % 3 == 0);
		ret = relay_one(_metadata, self, pkt, len, 0);
		if (ret) {
			TH_LOG("RTP packet %u (seq %u): step %d", i, seq, ret);
			return ret;
		}
		if (i % 10 == 9) {
			len = wrtc_rtcp(pkt, ssrc, i);
			ret = relay_one(_metadata, self, pkt, len, 1);
			if (ret) {
				TH_LOG("RTCP packet after RTP %u: step %d", i,
				       ret);
				return ret;
			}
		}
	}
	return 0;
}

static const char *profile_name(uint32_t profile)
{
	return wrtc_srtp_profile(profile)->name;
}

/*
 * Protect @pkt with libsrtp2 into @srtp (for replays and forgeries to be
 * made of). Returns the SRTP length or -1.
 */
static int protect(FIXTURE_DATA(relay) * self, const uint8_t *pkt, size_t len,
		   int rtcp, uint8_t *srtp)
{
	memcpy(srtp, pkt, len);
	return rtcp ? srtp_ref_protect_rtcp(self->send, srtp, len, FRAME_MAX,
					    &self->err) :
		      srtp_ref_protect_rtp(self->send, srtp, len, FRAME_MAX,
					   &self->err);
}

/* Relay @len bytes of SRTP as they are; the relay's return value. */
static int relay_raw(FIXTURE_DATA(relay) * self, const uint8_t *srtp,
		     size_t len, uint32_t *verdict)
{
	size_t out_len;

	if (relay_run(self, srtp, len, &out_len, verdict))
		return INT_MIN;
	return wrtc_bpf_last_ret(&self->bpf);
}

static const struct wrtcnl_ssrc_stats *ssrc_stats(FIXTURE_DATA(relay) * self,
						  struct wrtcnl_leg_stats *st,
						  uint32_t leg, uint32_t dir,
						  uint32_t ssrc)
{
	if (wrtcnl_stats_get(self->nl, leg, st, &self->err))
		return NULL;
	return wrtcnl_find_ssrc(st, dir, ssrc);
}

#endif /* WRTC_RELAY_FIXTURE_H */
