// SPDX-License-Identifier: GPL-2.0
/*
 * The userspace SRTP relay (see relay.h): per-leg SRTP contexts, the
 * transform of each packet into a send slot, and the sendmmsg() batch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fastpath.h"
#include "leg.h"
#include "log.h"
#include "relay.h"
#include "srtp_xform.h"

/* Room for the largest datagram we read and what protect may add. */
#define RELAY_SLOT (LEG_RX_MAX + 64)

struct relay_leg {
	struct srtp_xform *in; /* unprotects what the endpoint sends */
	struct srtp_xform *out; /* protects what we send the endpoint */
};

/* A transformed packet waiting for the end of the receive batch. */
struct pending {
	struct leg *dst;
	struct leg_socket *sock; /* dst's socket facing its remote */
	size_t len;
	bool done;
	uint8_t buf[RELAY_SLOT];
};

/*
 * One queue for the whole process: the loop is single-threaded and the
 * queue is emptied at the end of every receive batch, which holds at most
 * LEG_RX_BATCH packets, and whenever a leg closes.
 */
static struct {
	unsigned int n;
	struct pending pkt[LEG_RX_BATCH];
	struct mmsghdr msg[LEG_RX_BATCH];
	struct iovec iov[LEG_RX_BATCH];
	unsigned int idx[LEG_RX_BATCH]; /* msg[i] sends pkt[idx[i]] */
} q;

static void ctx_free(struct relay_leg *r)
{
	/* srtp_xform_fini() wipes session keys, salts and stream state. */
	srtp_xform_destroy(r->in);
	srtp_xform_destroy(r->out);
	r->in = r->out = NULL;
}

int relay_leg_keys(struct leg *leg, const struct srtp_profile *p,
		   const struct srtp_master_key *local,
		   const struct srtp_master_key *remote, struct wrtc_err *err)
{
	struct relay_leg *r = leg->relay_ctx;
	struct srtp_xform *in = NULL, *out = NULL;
	int ret;

	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return wrtc_fail(err, -ENOMEM, 0, "out of memory");
		leg->relay_ctx = r;
	}
	ret = srtp_xform_create(&in, p, remote, SRTP_XFORM_INBOUND, err);
	if (!ret)
		ret = srtp_xform_create(&out, p, local, SRTP_XFORM_OUTBOUND,
					err);
	if (ret) {
		srtp_xform_destroy(in);
		return ret;
	}
	ctx_free(r);
	r->in = in;
	r->out = out;
	return 0;
}

void relay_leg_drop_keys(struct leg *leg)
{
	struct relay_leg *r = leg->relay_ctx;

	if (r)
		ctx_free(r);
}

struct srtp_xform *relay_leg_xform(struct leg *leg, bool inbound)
{
	struct relay_leg *r = leg->relay_ctx;

	if (!r)
		return NULL;
	return inbound ? r->in : r->out;
}

static socklen_t addr_len(const struct sockaddr_storage *sa)
{
	return sa->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					   sizeof(struct sockaddr_in);
}

/* Send the msg[0 .. m) built for one socket; count what went. */
static void send_batch(int fd, unsigned int m)
{
	unsigned int i = 0;
	int r;

	while (i < m) {
		r = sendmmsg(fd, q.msg + i, m - i, MSG_DONTWAIT);
		if (r > 0) {
			for (int k = 0; k < r; k++, i++) {
				struct leg *dst = q.pkt[q.idx[i]].dst;

				dst->stats.tx_packets++;
				dst->stats.tx_bytes += q.msg[i].msg_len;
			}
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
			      errno == ENOBUFS))
			break; /* full: the rest goes the same way */
		/* This one message failed on its own: skip it. */
		q.pkt[q.idx[i]].dst->stats.send_drops++;
		i++;
	}
	for (; i < m; i++)
		q.pkt[q.idx[i]].dst->stats.send_drops++;
}

/* Everything queued, one sendmmsg() batch per socket. */
static void send_queued(void)
{
	for (unsigned int i = 0; i < q.n; i++) {
		struct leg_socket *sock = q.pkt[i].sock;
		unsigned int m = 0;

		if (q.pkt[i].done)
			continue;
		for (unsigned int j = i; j < q.n; j++) {
			struct pending *p = &q.pkt[j];

			if (p->done || p->sock != sock)
				continue;
			p->done = true;
			q.iov[m].iov_base = p->buf;
			q.iov[m].iov_len = p->len;
			q.msg[m].msg_hdr = (struct msghdr){
				.msg_name = &p->dst->remote,
				.msg_namelen = addr_len(&p->dst->remote),
				.msg_iov = &q.iov[m],
				.msg_iovlen = 1,
			};
			q.msg[m].msg_len = 0;
			q.idx[m++] = j;
		}
		send_batch(sock->fd, m);
	}
	q.n = 0;
}

/* Why unprotect said no, on the leg the packet came in on. */
static void count_in_error(struct leg *leg, int r)
{
	switch (r) {
	case -EBADMSG:
		leg->stats.auth_failures++;
		break;
	case -EALREADY:
		leg->stats.replay_drops++;
		break;
	default:
		leg->stats.srtp_errors++;
		break;
	}
}

void relay_on_media(struct leg *leg, struct leg_socket *s, const uint8_t *buf,
		    size_t len, const struct sockaddr *from,
		    enum demux_class cls)
{
	struct relay_leg *in, *out;
	struct leg *dst;
	struct pending *p;
	int r;

	if (!leg_from_remote(leg, s, from)) {
		leg->stats.unexpected_source++;
		return;
	}
	/* May move the call back to userspace, or end it. */
	if (leg->datapath == LEG_DATAPATH_KERNEL)
		handover_user_media(leg);
	in = leg->relay_ctx;
	leg->stats.rx_packets++;
	leg->stats.rx_bytes += len;
	dst = leg_other(leg);
	out = dst ? dst->relay_ctx : NULL;
	if (!in || !in->in || !out || !out->out || !dst->remote.ss_family) {
		leg->stats.early_drops++;
		return;
	}
	if (len > LEG_RX_MAX) {
		leg->stats.srtp_errors++;
		return;
	}
	if (q.n == LEG_RX_BATCH)
		send_queued();
	p = &q.pkt[q.n];
	memcpy(p->buf, buf, len);
	if (cls == DEMUX_RTCP)
		r = srtp_xform_unprotect_rtcp(in->in, p->buf, len, NULL);
	else
		r = srtp_xform_unprotect_rtp(in->in, p->buf, len, NULL);
	if (r < 0) {
		count_in_error(leg, r);
		return;
	}
	if (cls == DEMUX_RTCP)
		r = srtp_xform_protect_rtcp(out->out, p->buf, (size_t)r,
					    RELAY_SLOT, NULL);
	else
		r = srtp_xform_protect_rtp(out->out, p->buf, (size_t)r,
					   RELAY_SLOT, NULL);
	if (r < 0) {
		/* Unprotected, then refused: leave no plaintext behind. */
		srtp_wipe(p->buf, len);
		dst->stats.srtp_errors++;
		return;
	}
	p->dst = dst;
	p->sock = dst->remote_sock ? dst->remote_sock : &dst->sock[0];
	p->len = (size_t)r;
	p->done = false;
	q.n++;
}

void relay_flush(struct leg *leg)
{
	if (q.n)
		send_queued();
}

void relay_teardown(struct leg *leg)
{
	struct relay_leg *r = leg->relay_ctx;

	const struct leg_stats *st = &leg->stats;

	/* Nothing queued may outlive the legs it points at. */
	if (q.n)
		send_queued();
	if (st->rx_packets || st->unexpected_source)
		log_debug(
			"port %u: rx %llu, tx %llu; dropped: auth %llu, replay %llu, early %llu, srtp %llu, send %llu, unexpected source %llu",
			leg->port, (unsigned long long)st->rx_packets,
			(unsigned long long)st->tx_packets,
			(unsigned long long)st->auth_failures,
			(unsigned long long)st->replay_drops,
			(unsigned long long)st->early_drops,
			(unsigned long long)st->srtp_errors,
			(unsigned long long)st->send_drops,
			(unsigned long long)st->unexpected_source);
	if (!r)
		return;
	ctx_free(r);
	free(r);
	leg->relay_ctx = NULL;
}
