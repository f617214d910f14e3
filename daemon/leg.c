// SPDX-License-Identifier: GPL-2.0
/*
 * Legs: binding a port from the range on every media address, ICE
 * credentials, dispatching classified datagrams to the hooks, closing (see
 * leg.h). The batched receive path itself is in leg_io.c.
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
		struct leg_socket *s = &leg->sock[leg->nsock];

		s->leg = leg;
		s->local = env->media->addr[i].sa;
		s->local_len = env->media->addr[i].len;
		if (s->local.ss_family == AF_INET)
			((struct sockaddr_in *)&s->local)->sin_port =
				htons(leg->port);
		else
			((struct sockaddr_in6 *)&s->local)->sin6_port =
				htons(leg->port);
		s->fd = -1;
		if (leg_io_start(s, env->loop, b.fd[i])) {
			/* Only on a bad fd: ours were just bound. */
			log_err("leg port %u: cannot poll its socket",
				leg->port);
			close(b.fd[i]);
			continue;
		}
		leg->nsock++;
		leg->open_handles++;
	}
	if (!leg->nsock) {
		port_pool_release(env->ports, leg->port);
		free(leg);
		return -EIO;
	}
	*out = leg;
	return 0;
}

/* leg_io_close() is done with a socket: its fd is closed too. */
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
	for (size_t i = 0; i < leg->nsock; i++)
		leg_io_close(&leg->sock[i], on_closed);
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

struct leg *leg_other(const struct leg *leg)
{
	const struct call *c = leg->call;

	if (!c)
		return NULL;
	return c->leg[0] == leg ? c->leg[1] : c->leg[0];
}

void leg_local_text(const struct leg *leg, char *buf, size_t len)
{
	const struct leg_socket *s =
		leg->remote_sock ? leg->remote_sock : &leg->sock[0];

	if (!leg->nsock) {
		buf[0] = '\0';
		return;
	}
	sockaddr_text((const struct sockaddr *)&s->local, buf, len);
}

void leg_remote_text(const struct leg *leg, char *buf, size_t len)
{
	if (!leg->remote.ss_family) {
		buf[0] = '\0';
		return;
	}
	sockaddr_text((const struct sockaddr *)&leg->remote, buf, len);
}
