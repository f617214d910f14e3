// SPDX-License-Identifier: GPL-2.0
/*
 * A BIO that keeps datagram boundaries, between OpenSSL's DTLS code and the
 * caller's buffers (see dtls_int.h for why BIO_s_mem does not do).
 */
#include <stdlib.h>
#include <string.h>

#include "dtls_int.h"

static int dgram_read(BIO *b, char *out, int outl)
{
	struct dtls_dgram_io *io = BIO_get_data(b);
	size_t n;

	BIO_clear_retry_flags(b);
	if (!io || !io->in) {
		/* Nothing fed: OpenSSL waits for the next datagram. */
		BIO_set_retry_read(b);
		return -1;
	}
	if (outl <= 0)
		return 0;
	/* Like recv() on a UDP socket: whatever does not fit is lost. */
	n = io->in_len < (size_t)outl ? io->in_len : (size_t)outl;
	memcpy(out, io->in, n);
	io->in = NULL;
	io->in_len = 0;
	return (int)n;
}

static int dgram_write(BIO *b, const char *in, int inl)
{
	struct dtls_dgram_io *io = BIO_get_data(b);
	struct dtls_dgram *d;

	BIO_clear_retry_flags(b);
	if (!io || inl < 0)
		return -1;
	if (inl == 0)
		return 0;
	/*
	 * The caller stopped pulling: drop the datagram as a full socket
	 * buffer would, and let DTLS retransmission recover.
	 */
	if (io->count >= DTLS_QUEUE_MAX)
		return inl;
	d = malloc(sizeof(*d) + (size_t)inl);
	if (!d)
		return -1;
	d->next = NULL;
	d->len = (size_t)inl;
	memcpy(d->data, in, (size_t)inl);
	if (io->tail)
		io->tail->next = d;
	else
		io->head = d;
	io->tail = d;
	io->count++;
	return inl;
}

static long dgram_ctrl(BIO *b, int cmd, long num, void *ptr)
{
	struct dtls_dgram_io *io = BIO_get_data(b);

	switch (cmd) {
	case BIO_CTRL_FLUSH:
		return 1;
	case BIO_CTRL_PENDING:
		return io && io->in ? (long)io->in_len : 0;
	case BIO_CTRL_WPENDING:
		/*
		 * Nothing is half-written here: every write is a whole
		 * datagram already. OpenSSL subtracts this from the MTU.
		 */
		return 0;
	case BIO_CTRL_DGRAM_QUERY_MTU:
	case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
		return io ? (long)io->mtu : 0;
	case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
		/* The MTU we are given is UDP payload already. */
		return 0;
	case BIO_CTRL_DGRAM_SET_NEXT_TIMEOUT:
	case BIO_CTRL_DGRAM_MTU_EXCEEDED:
	case BIO_CTRL_DGRAM_SET_CONNECTED:
	case BIO_CTRL_PUSH:
	case BIO_CTRL_POP:
	default:
		return 0;
	}
}

static int dgram_create(BIO *b)
{
	BIO_set_data(b, NULL);
	BIO_set_init(b, 1);
	return 1;
}

static int dgram_destroy(BIO *b)
{
	/* The queue belongs to the connection, which frees it. */
	BIO_set_data(b, NULL);
	return 1;
}

BIO_METHOD *dtls_bio_method_new(void)
{
	int type = BIO_get_new_index();
	BIO_METHOD *m;

	if (type == -1)
		return NULL;
	m = BIO_meth_new(type | BIO_TYPE_SOURCE_SINK, "wrtc dtls datagrams");
	if (!m)
		return NULL;
	if (!BIO_meth_set_write(m, dgram_write) ||
	    !BIO_meth_set_read(m, dgram_read) ||
	    !BIO_meth_set_ctrl(m, dgram_ctrl) ||
	    !BIO_meth_set_create(m, dgram_create) ||
	    !BIO_meth_set_destroy(m, dgram_destroy)) {
		BIO_meth_free(m);
		return NULL;
	}
	return m;
}

BIO *dtls_bio_new(const BIO_METHOD *method, struct dtls_dgram_io *io)
{
	BIO *b = BIO_new(method);

	if (b)
		BIO_set_data(b, io);
	return b;
}

void dtls_dgram_io_clear(struct dtls_dgram_io *io)
{
	struct dtls_dgram *d, *next;

	for (d = io->head; d; d = next) {
		next = d->next;
		free(d);
	}
	io->head = io->tail = NULL;
	io->count = 0;
	io->in = NULL;
	io->in_len = 0;
}
