// SPDX-License-Identifier: GPL-2.0
/*
 * The leg sockets' I/O (see leg.h): a uv_poll_t over each socket, drained
 * with recvmmsg() a batch at a time, and leg_send() for the few datagrams
 * STUN and DTLS answer with. The relay sends its own batches (relay.c).
 *
 * Why not uv_udp_t: it reads one datagram per recvmsg() and calls back per
 * packet, so a relay built on it pays a system call per packet each way.
 * Here one recvmmsg() takes up to LEG_RX_BATCH datagrams, the relay
 * transforms them all, and on_batch_end hands its sendmmsg() batch over.
 */
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "leg.h"
#include "log.h"

/*
 * Batches per wakeup: a socket under a flood yields to the others (the
 * poll is level-triggered, so it comes back at once).
 */
#define RX_BUDGET 8
/* Socket buffers: a few hundred packets of slack at 1200 bytes. */
#define SOCK_BUF_BYTES (1 << 20)

/*
 * One receive batch for every socket: the loop runs on one thread and a
 * batch is dispatched (and the relay's copies sent) before the next read.
 */
static struct {
	struct mmsghdr msg[LEG_RX_BATCH];
	struct iovec iov[LEG_RX_BATCH];
	struct sockaddr_storage from[LEG_RX_BATCH];
	uint8_t buf[LEG_RX_BATCH][LEG_RX_MAX];
} rx;

/* Raise a buffer past net.core.[rw]mem_max when we may (root), else ask. */
static void raise_buffer(int fd, int force, int opt)
{
	int v = SOCK_BUF_BYTES;

	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)))
		setsockopt(fd, SOL_SOCKET, opt, &v, sizeof(v));
}

static void dispatch(struct leg_socket *s, unsigned int n)
{
	struct leg *leg = s->leg;

	for (unsigned int i = 0; i < n; i++) {
		const uint8_t *buf = rx.buf[i];
		size_t len = rx.msg[i].msg_len;

		/* A hook ended the call: the rest of the batch is moot. */
		if (!leg->call)
			return;
		if (rx.msg[i].msg_hdr.msg_flags & MSG_TRUNC) {
			leg->stats.dropped++;
			continue;
		}
		leg_on_datagram(s, buf, len,
				(const struct sockaddr *)&rx.from[i],
				demux_classify(buf, len));
	}
}

static void on_poll(uv_poll_t *h, int status, int events)
{
	struct leg_socket *s = h->data;
	struct leg *leg = s->leg;
	const struct leg_hooks *hooks = leg->env->hooks;
	int n;

	if (status < 0) {
		log_debug("leg port %u: poll error: %s", leg->port,
			  uv_strerror(status));
		return;
	}
	for (int b = 0; b < RX_BUDGET && leg->call; b++) {
		for (unsigned int i = 0; i < LEG_RX_BATCH; i++) {
			rx.iov[i].iov_base = rx.buf[i];
			rx.iov[i].iov_len = LEG_RX_MAX;
			rx.msg[i].msg_hdr = (struct msghdr){
				.msg_name = &rx.from[i],
				.msg_namelen = sizeof(rx.from[i]),
				.msg_iov = &rx.iov[i],
				.msg_iovlen = 1,
			};
		}
		n = recvmmsg(s->fd, rx.msg, LEG_RX_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				log_debug("leg port %u: receive error: %s",
					  leg->port, strerror(errno));
			return;
		}
		dispatch(s, (unsigned int)n);
		if (leg->call && hooks->on_batch_end)
			hooks->on_batch_end(leg);
		if (n < LEG_RX_BATCH)
			return;
	}
}

int leg_io_start(struct leg_socket *s, uv_loop_t *loop, int fd)
{
	int ret;

	raise_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF);
	raise_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF);
	ret = uv_poll_init(loop, &s->poll, fd);
	if (ret)
		return ret;
	s->fd = fd;
	s->poll.data = s;
	uv_poll_start(&s->poll, UV_READABLE, on_poll);
	return 0;
}

static void on_poll_closed(uv_handle_t *h)
{
	struct leg_socket *s = h->data;

	/* libuv never closes a polled fd: that is ours to do, after it. */
	close(s->fd);
	s->fd = -1;
	s->closed(h);
}

void leg_io_close(struct leg_socket *s, uv_close_cb done)
{
	uv_poll_stop(&s->poll);
	s->closed = done;
	uv_close((uv_handle_t *)&s->poll, on_poll_closed);
}

static socklen_t sockaddr_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
					   sizeof(struct sockaddr_in);
}

int leg_send(struct leg_socket *s, const void *buf, size_t len,
	     const struct sockaddr *to)
{
	ssize_t r;

	do {
		r = sendto(s->fd, buf, len, MSG_DONTWAIT, to, sockaddr_len(to));
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

static bool same_addr(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return false;
	if (a->sa_family == AF_INET) {
		const struct sockaddr_in *x = (const void *)a,
					 *y = (const void *)b;

		return x->sin_port == y->sin_port &&
		       x->sin_addr.s_addr == y->sin_addr.s_addr;
	}
	if (a->sa_family == AF_INET6) {
		const struct sockaddr_in6 *x = (const void *)a,
					  *y = (const void *)b;

		return x->sin6_port == y->sin6_port &&
		       !memcmp(&x->sin6_addr, &y->sin6_addr,
			       sizeof(x->sin6_addr));
	}
	return false;
}

bool leg_from_remote(const struct leg *leg, const struct leg_socket *s,
		     const struct sockaddr *from)
{
	if (!leg->remote.ss_family)
		return false;
	if (leg->remote_sock && leg->remote_sock != s)
		return false;
	return same_addr(from, (const struct sockaddr *)&leg->remote);
}
