// SPDX-License-Identifier: GPL-2.0
/*
 * Leg sockets: binding a port from the range on every media address,
 * receiving, classifying and dispatching datagrams, closing (see leg.h).
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "call.h"
#include "leg.h"
#include "log.h"
#include "peer.h"

const char *ice_state_name(enum ice_state state)
{
	static const char *const names[] = {
		[ICE_STATE_NEW] = "new",
		[ICE_STATE_CHECKING] = "checking",
		[ICE_STATE_CONNECTED] = "connected",
		[ICE_STATE_COMPLETED] = "completed",
		[ICE_STATE_FAILED] = "failed",
		[ICE_STATE_DISCONNECTED] = "disconnected",
	};

	return state <= ICE_STATE_DISCONNECTED ? names[state] : "?";
}

/* RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/", 64 of them. */
static void random_ice_string(char *out, size_t n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "abcdefghijklmnopqrstuvwxyz"
				       "0123456789+/";
	unsigned char rnd[LEG_ICE_STR_MAX];

	if (RAND_bytes(rnd, (int)n) != 1) {
		/* Never expected; a credential must still be unguessable. */
		log_err("RAND_bytes failed: aborting");
		abort();
	}
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[rnd[i] & 63];
	out[n] = '\0';
}

void leg_new_credentials(struct leg *leg)
{
	random_ice_string(leg->local_ufrag, LEG_UFRAG_LEN);
	random_ice_string(leg->local_pwd, LEG_PWD_LEN);
}

/* Sockets bound by try_port(), before libuv takes them. */
struct bind_attempt {
	const struct media_addrs *media;
	int fd[CONFIG_MAX_MEDIA_ADDRS];
};

static int bind_one(const struct media_addr *a, uint16_t port)
{
	struct sockaddr_storage sa = a->sa;
	int fd, one = 1, err;

	if (sa.ss_family == AF_INET)
		((struct sockaddr_in *)&sa)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)&sa)->sin6_port = htons(port);
	fd = socket(sa.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (sa.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, a->len)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

/* Bind @port on every media address, or on none. */
static int try_port(uint16_t port, void *arg)
{
	struct bind_attempt *b = arg;
	size_t i;
	int fd;

	for (i = 0; i < b->media->n; i++) {
		fd = bind_one(&b->media->addr[i], port);
		if (fd < 0) {
			while (i--)
				close(b->fd[i]);
			/* A port we cannot bind is as good as taken. */
			return fd == -EACCES ? -EADDRINUSE : fd;
		}
		b->fd[i] = fd;
	}
	return 0;
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	/*
	 * One buffer for every socket: the loop runs on one thread and each
	 * datagram is handled before the next read.
	 */
	static char rx[65536];

	buf->base = rx;
	buf->len = sizeof(rx);
}

static void on_recv(uv_udp_t *udp, ssize_t nread, const uv_buf_t *buf,
		    const struct sockaddr *from, unsigned int flags)
{
	struct leg_socket *s = udp->data;

	if (nread < 0) {
		log_debug("leg port %u: receive error: %s", s->leg->port,
			  uv_strerror((int)nread));
		return;
	}
	if (!from || (flags & UV_UDP_PARTIAL)) {
		if (flags & UV_UDP_PARTIAL)
			s->leg->stats.dropped++;
		return;
	}
	leg_on_datagram(s, (const uint8_t *)buf->base, (size_t)nread, from,
			demux_classify((const uint8_t *)buf->base,
				       (size_t)nread));
}

int leg_open(struct leg **out, const struct leg_env *env, struct call *call,
	     struct peer *peer)
{
	struct bind_attempt b = { .media = env->media };
	struct leg *leg;
	int port;

	leg = calloc(1, sizeof(*leg));
	if (!leg)
		return -ENOMEM;
	port = port_pool_acquire(env->ports, try_port, &b);
	if (port < 0) {
		free(leg);
		return port;
	}
	leg->call = call;
	leg->peer = peer;
	leg->env = env;
	leg->port = (uint16_t)port;
	leg->ice = ICE_STATE_NEW;
	leg->dtls = DTLS_STATE_NEW;
	leg->datapath = LEG_DATAPATH_USER;
	leg_new_credentials(leg);
	for (size_t i = 0; i < env->media->n; i++) {
		struct leg_socket *s = &leg->sock[i];

		s->leg = leg;
		s->local = env->media->addr[i].sa;
		s->local_len = env->media->addr[i].len;
		if (s->local.ss_family == AF_INET)
			((struct sockaddr_in *)&s->local)->sin_port =
				htons(leg->port);
		else
			((struct sockaddr_in6 *)&s->local)->sin6_port =
				htons(leg->port);
		uv_udp_init(env->loop, &s->udp);
		s->udp.data = s;
		leg->nsock++;
		leg->open_handles++;
		/* uv_udp_open() fails only on a bad fd; ours was just bound. */
		uv_udp_open(&s->udp, b.fd[i]);
		uv_udp_recv_start(&s->udp, on_alloc, on_recv);
	}
	*out = leg;
	return 0;
}

static void on_closed(uv_handle_t *h)
{
	struct leg_socket *s = h->data;
	struct leg *leg = s->leg;

	if (--leg->open_handles)
		return;
	/* Only now is the port free for bind() again. */
	port_pool_release(leg->env->ports, leg->port);
	free(leg);
}

void leg_close(struct leg *leg)
{
	if (leg->env->hooks->on_teardown)
		leg->env->hooks->on_teardown(leg);
	for (size_t i = 0; i < leg->nsock; i++) {
		uv_udp_recv_stop(&leg->sock[i].udp);
		uv_close((uv_handle_t *)&leg->sock[i].udp, on_closed);
	}
	leg->call = NULL;
	leg->peer = NULL;
}

void leg_on_datagram(struct leg_socket *s, const uint8_t *buf, size_t len,
		     const struct sockaddr *from, enum demux_class cls)
{
	struct leg *leg = s->leg;
	const struct leg_hooks *h = leg->env->hooks;

	switch (cls) {
	case DEMUX_STUN:
		if (h->on_stun)
			return h->on_stun(leg, s, buf, len, from);
		break;
	case DEMUX_DTLS:
		if (h->on_dtls)
			return h->on_dtls(leg, s, buf, len, from);
		break;
	case DEMUX_RTP:
	case DEMUX_RTCP:
		if (h->on_media)
			return h->on_media(leg, s, buf, len, from, cls);
		break;
	default:
		/* ZRTP, TURN channels and the rest have no business here. */
		break;
	}
	leg->stats.dropped++;
}

int leg_send(struct leg_socket *s, const void *buf, size_t len,
	     const struct sockaddr *to)
{
	uv_buf_t b = uv_buf_init((char *)buf, (unsigned int)len);
	int ret = uv_udp_try_send(&s->udp, &b, 1, to);

	return ret < 0 ? ret : 0;
}

void leg_local_text(const struct leg *leg, char *buf, size_t len)
{
	if (!leg->nsock) {
		buf[0] = '\0';
		return;
	}
	sockaddr_text((const struct sockaddr *)&leg->sock[0].local, buf, len);
}

void leg_remote_text(const struct leg *leg, char *buf, size_t len)
{
	if (!leg->remote.ss_family) {
		buf[0] = '\0';
		return;
	}
	sockaddr_text((const struct sockaddr *)&leg->remote, buf, len);
}
