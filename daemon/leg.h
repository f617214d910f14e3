/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A leg: one endpoint's transport at the gateway (DESIGN.md "Media
 * anchoring"). It holds a UDP port from --media-ports, bound on every
 * media address, the ICE credentials the gateway shows that endpoint and
 * the ones it showed us, the DTLS role and state, the SRTP profile, and the
 * packet counters /api/calls reports.
 *
 * Where the protocol engines plug in: every datagram that arrives on a
 * leg's socket is classified by its first byte (RFC 7983, lib/demux.h) and
 * handed to leg_on_datagram(), which calls the leg's hooks: on_stun for
 * ICE-lite, on_dtls for the DTLS handshake, on_media for SRTP/SRTCP (the
 * relay), and on_batch_end after each receive batch. on_negotiated tells
 * them when an offer or answer changed the remote side; on_teardown lets
 * them free their state before the sockets close. engines.c has the
 * hooks wrtcd runs.
 */
#ifndef WRTCD_LEG_H
#define WRTCD_LEG_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

#include "config.h"
#include "demux.h"
#include "dtls.h"
#include "identity.h"
#include "media.h"
#include "ports.h"
#include "srtp_profile.h"

#define LEG_UFRAG_LEN 8 /* RFC 8839: at least 4 ice-chars */
#define LEG_PWD_LEN 24 /* RFC 8839: at least 22 ice-chars */
#define LEG_ICE_STR_MAX 256

struct call;
struct fastpath;
struct leg;
struct peer;

enum ice_state {
	ICE_STATE_NEW = 0, /* no check received yet */
	ICE_STATE_CHECKING,
	ICE_STATE_CONNECTED,
	ICE_STATE_COMPLETED, /* nominated */
	ICE_STATE_FAILED,
	ICE_STATE_DISCONNECTED, /* consent expired */
};

const char *ice_state_name(enum ice_state state);

enum leg_datapath {
	LEG_DATAPATH_USER = 0,
	LEG_DATAPATH_KERNEL,
};

/*
 * rx_* count every SRTP/SRTCP datagram that arrived from the nominated
 * remote, before it is unprotected: those then dropped (auth_failures,
 * replay_drops, early_drops, srtp_errors) are in rx_* too, so
 * rx_packets - drops = what was relayed. tx_* count what the relay handed
 * to the kernel for the endpoint (sendmmsg accepted it).
 */
struct leg_stats {
	uint64_t rx_packets, rx_bytes; /* SRTP/SRTCP from the endpoint */
	uint64_t tx_packets, tx_bytes; /* SRTP/SRTCP to the endpoint */
	uint64_t auth_failures, replay_drops;
	uint64_t dropped; /* datagrams no engine took (bad class, oversize) */
	/* DTLS or SRTP/SRTCP from an address ICE did not nominate */
	uint64_t unexpected_source;
	/* SRTP/SRTCP before both legs of the call had their keys */
	uint64_t early_drops;
	/* malformed SRTP/SRTCP, stream table full, index exhausted */
	uint64_t srtp_errors;
	/* relayed packets the socket refused (buffer full) */
	uint64_t send_drops;
};

/*
 * The receive path (leg_io.c): a non-blocking UDP socket of our own under
 * a uv_poll_t, drained with recvmmsg() in batches of LEG_RX_BATCH; each
 * datagram up to LEG_RX_MAX bytes (longer ones are dropped) is classified
 * and dispatched to the hooks, then on_batch_end runs once per batch.
 */
#define LEG_RX_BATCH 32
#define LEG_RX_MAX 4096

struct leg_socket {
	uv_poll_t poll;
	int fd;
	uv_close_cb closed; /* leg_io_close()'s, once the fd is closed */
	struct leg *leg;
	struct sockaddr_storage local;
	socklen_t local_len;
};

/* What a leg, and the engines behind its hooks, need from the daemon. */
struct leg_env {
	uv_loop_t *loop; /* for the engines' timers (DTLS, ICE consent) */
	const struct media_addrs *media;
	struct port_pool *ports;
	const struct leg_hooks *hooks;
	const struct config *cfg; /* consent timeout, SRTP profiles */
	struct identity *identity; /* the DTLS certificate */
	struct fastpath *fastpath; /* the kernel data path; NULL: none */
};

struct leg {
	struct call *call;
	struct peer *peer; /* the endpoint this leg faces */
	const struct leg_env *env;
	uint16_t port;
	struct leg_socket sock[CONFIG_MAX_MEDIA_ADDRS];
	size_t nsock;
	unsigned int open_handles; /* sockets whose close has not completed */

	/* ICE-lite: what the gateway shows the endpoint, and what it shows. */
	char local_ufrag[LEG_UFRAG_LEN + 1];
	char local_pwd[LEG_PWD_LEN + 1];
	char remote_ufrag[LEG_ICE_STR_MAX + 1];
	char remote_pwd[LEG_ICE_STR_MAX + 1];
	enum ice_state ice;
	/* The endpoint's address once ICE nominated it (family 0 before). */
	struct sockaddr_storage remote;
	struct leg_socket *remote_sock; /* the socket it reaches us on */

	/* DTLS-SRTP. */
	bool role_known; /* role is decided once the endpoint's SDP says */
	enum dtls_role role;
	enum dtls_state dtls;
	bool has_remote_fp;
	struct dtls_fingerprint remote_fp; /* from the endpoint's SDP */
	const struct srtp_profile *srtp; /* NULL until negotiated */

	/* Which path relays what this leg receives (fastpath.h). */
	enum leg_datapath datapath;
	/* The userspace relay's counters; the kernel's are wrtc.ko's. */
	struct leg_stats stats;

	/* State of the engines behind the hooks; theirs to free. */
	void *ice_ctx, *dtls_ctx, *relay_ctx, *kernel_ctx;
};

struct leg_hooks {
	void (*on_stun)(struct leg *leg, struct leg_socket *s,
			const uint8_t *buf, size_t len,
			const struct sockaddr *from);
	void (*on_dtls)(struct leg *leg, struct leg_socket *s,
			const uint8_t *buf, size_t len,
			const struct sockaddr *from);
	/* @cls is DEMUX_RTP or DEMUX_RTCP. */
	void (*on_media)(struct leg *leg, struct leg_socket *s,
			 const uint8_t *buf, size_t len,
			 const struct sockaddr *from, enum demux_class cls);
	/*
	 * The endpoint's SDP was accepted: its ICE credentials, fingerprint
	 * or setup may have changed. @ice_restart: its ufrag changed, and the
	 * leg has fresh local credentials.
	 */
	void (*on_negotiated)(struct leg *leg, bool ice_restart);
	/* The leg is closing: release ice_ctx, dtls_ctx, relay_ctx. */
	void (*on_teardown)(struct leg *leg);
	/*
	 * One receive batch of @leg's socket was dispatched: send what the
	 * hooks queued meanwhile (the relay's sendmmsg batch).
	 */
	void (*on_batch_end)(struct leg *leg);
};

/*
 * A leg for @peer in @call: a port from the pool, bound on every media
 * address, receiving; fresh ICE credentials. Returns 0, -EADDRINUSE when
 * no port is free, or another negative errno.
 */
int leg_open(struct leg **out, const struct leg_env *env, struct call *call,
	     struct peer *peer);

/*
 * Tear down: hooks' on_teardown, then the sockets close; the port goes
 * back to the pool and the memory is freed once libuv has closed them.
 */
void leg_close(struct leg *leg);

/* New local ICE credentials (at creation, and on an ICE restart). */
void leg_new_credentials(struct leg *leg);

/* A datagram of class @cls arrived on @s (called by the UDP receive path). */
void leg_on_datagram(struct leg_socket *s, const uint8_t *buf, size_t len,
		     const struct sockaddr *from, enum demux_class cls);

/*
 * Send one datagram from @s to @to without blocking (a full socket buffer
 * drops it, as the network would). Returns 0 or a negative errno.
 */
int leg_send(struct leg_socket *s, const void *buf, size_t len,
	     const struct sockaddr *to);

/*
 * Did @from, arriving on @s, come from the address ICE nominated (and on
 * the socket it reaches us on)? False before a nomination.
 */
bool leg_from_remote(const struct leg *leg, const struct leg_socket *s,
		     const struct sockaddr *from);

/* The other leg of @leg's call, or NULL once the call is gone. */
struct leg *leg_other(const struct leg *leg);

/* leg_io.c: start receiving on @fd (bound by leg.c), and stop. */
int leg_io_start(struct leg_socket *s, uv_loop_t *loop, int fd);
void leg_io_close(struct leg_socket *s, uv_close_cb done);

/*
 * "127.0.0.1:40002" of the socket the remote reaches us on (before ICE,
 * the first one), and of the remote ("" before).
 */
void leg_local_text(const struct leg *leg, char *buf, size_t len);
void leg_remote_text(const struct leg *leg, char *buf, size_t len);

#endif /* WRTCD_LEG_H */
