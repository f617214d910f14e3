/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * wrtc: generic netlink family of wrtc.ko, the kernel data plane of the wrtc
 * WebRTC media gateway. Written from kmod/wrtc.yaml (the family's spec):
 * names and values here follow it one for one.
 *
 * A leg is one endpoint's UDP transport at the gateway, identified by its
 * 5-tuple (local address and port, remote address and port, UDP). Two legs
 * are peers (a call): SRTP received on a leg is unprotected with the leg's
 * rx keys, protected with the peer's tx keys and sent out of the peer. Legs
 * belong to the netlink socket that created them and are deleted when it
 * closes, unless created with WRTC_LEG_FLAGS_PERSISTENT. All commands need
 * CAP_NET_ADMIN. Every rejected request carries an extack message.
 *
 * Session keys are derived in userspace (RFC 3711 section 4.3; DTLS-SRTP
 * always uses key derivation rate 0, so they are derived once per key) and
 * installed per direction: the kernel never holds master keys, and the key
 * derivation is written and checked against libsrtp2 once, in userspace,
 * where the userspace relay needs it anyway.
 *
 * Addresses and ports are in network byte order. Counters are u64 with
 * WRTC_A_*_PAD for alignment; times are CLOCK_MONOTONIC nanoseconds.
 *
 * WRTC_CMD_LEG_NEW (do)                     reply: as WRTC_CMD_LEG_GET
 *     WRTC_A_LEG_LOCAL_IPV4: u32 | WRTC_A_LEG_LOCAL_IPV6: 16 bytes (one)
 *     WRTC_A_LEG_LOCAL_PORT: u16, not 0
 *     WRTC_A_LEG_REMOTE_IPV4: u32 | WRTC_A_LEG_REMOTE_IPV6: 16 bytes (one,
 *                             same family as the local address)
 *     WRTC_A_LEG_REMOTE_PORT: u16, not 0
 *     WRTC_A_LEG_FLAGS: u32, WRTC_LEG_FLAGS_* (optional)
 *     WRTC_A_LEG_PEER_ID: u32, leg to peer with (optional)
 *     WRTC_A_LEG_IDLE_TIMEOUT: u32 seconds, <= WRTC_MAX_IDLE_TIMEOUT
 *                             (optional, 0 = never)
 *
 * WRTC_CMD_LEG_SET (do)
 *     WRTC_A_LEG_ID: u32
 *     WRTC_A_LEG_FLAGS, WRTC_A_LEG_PEER_ID (0 unpeers),
 *     WRTC_A_LEG_IDLE_TIMEOUT: as for LEG_NEW, each optional
 *     With WRTC_A_LEG_PEER_ID, the reply comes after every packet relayed
 *     with the old peering has been counted.
 *
 * WRTC_CMD_LEG_DEL (do)
 *     WRTC_A_LEG_ID: u32
 *
 * WRTC_CMD_LEG_GET (do: WRTC_A_LEG_ID; dump: no attribute), reply per leg:
 *     WRTC_A_LEG_ID, the 5-tuple attributes, WRTC_A_LEG_FLAGS,
 *     WRTC_A_LEG_PEER_ID (0 = none), WRTC_A_LEG_IDLE_TIMEOUT,
 *     WRTC_A_LEG_OWNER: u32 netlink port id, 0 when persistent
 *     WRTC_A_LEG_STATS: nest
 *         WRTC_A_STATS_RX_PACKETS, _RX_BYTES, _TX_PACKETS, _TX_BYTES,
 *         _AUTH_FAILURES, _REPLAY_DROPS, _LAST_RX: u64
 *     WRTC_A_LEG_KEY: nest, once per installed key slot
 *         WRTC_A_KEY_DIRECTION: u32, enum wrtc_direction
 *         WRTC_A_KEY_SLOT: u32, enum wrtc_key_slot
 *         WRTC_A_KEY_PROFILE: u32, enum wrtc_srtp_profile
 *         WRTC_A_KEY_PACKETS, WRTC_A_KEY_PACKET_LIMIT: u64
 *
 * WRTC_CMD_LEG_FLUSH (do): deletes every leg of the network namespace
 *
 * WRTC_CMD_KEY_INSTALL (do)
 *     WRTC_A_KEY_LEG_ID: u32
 *     WRTC_A_KEY_DIRECTION: u32, enum wrtc_direction
 *     WRTC_A_KEY_SLOT: u32, enum wrtc_key_slot
 *     WRTC_A_KEY_PROFILE: u32, enum wrtc_srtp_profile
 *     exactly one of, as the profile calls for:
 *     WRTC_A_KEY_AES_CM_128: nest (AES_CM_128_HMAC_SHA1_80 and _32)
 *         WRTC_A_KEYS_AES_CM_128_RTP_KEY: 16 bytes
 *         WRTC_A_KEYS_AES_CM_128_RTP_AUTH_KEY: 20 bytes
 *         WRTC_A_KEYS_AES_CM_128_RTP_SALT: 14 bytes
 *         WRTC_A_KEYS_AES_CM_128_RTCP_KEY: 16 bytes
 *         WRTC_A_KEYS_AES_CM_128_RTCP_AUTH_KEY: 20 bytes
 *         WRTC_A_KEYS_AES_CM_128_RTCP_SALT: 14 bytes
 *     WRTC_A_KEY_AES_GCM_128: nest (AEAD_AES_128_GCM)
 *         WRTC_A_KEYS_AES_GCM_128_RTP_KEY: 16 bytes
 *         WRTC_A_KEYS_AES_GCM_128_RTP_SALT: 12 bytes
 *         WRTC_A_KEYS_AES_GCM_128_RTCP_KEY: 16 bytes
 *         WRTC_A_KEYS_AES_GCM_128_RTCP_SALT: 12 bytes
 *     WRTC_A_KEY_AES_GCM_256: nest (AEAD_AES_256_GCM)
 *         WRTC_A_KEYS_AES_GCM_256_RTP_KEY: 32 bytes
 *         WRTC_A_KEYS_AES_GCM_256_RTP_SALT: 12 bytes
 *         WRTC_A_KEYS_AES_GCM_256_RTCP_KEY: 32 bytes
 *         WRTC_A_KEYS_AES_GCM_256_RTCP_SALT: 12 bytes
 *     WRTC_A_KEY_SSRC: nest, up to WRTC_MAX_SSRCS times (optional): the
 *                      state of a stream moved from another context
 *         WRTC_A_SSRC_STATE_SSRC: u32
 *         WRTC_A_SSRC_STATE_ROC: u32
 *         WRTC_A_SSRC_STATE_SEQ: u16 (optional: the highest index done;
 *                      it and the window below it are taken as seen)
 *         WRTC_A_SSRC_STATE_SRTCP_INDEX: u32, <= 0x7fffffff (optional:
 *                      rx the highest received, tx the last sent)
 *     WRTC_A_KEY_PACKET_LIMIT: u64 (optional, 0 = the profile's limit)
 *
 * WRTC_CMD_KEY_SWAP (do): WRTC_A_KEY_LEG_ID, WRTC_A_KEY_DIRECTION
 * WRTC_CMD_KEY_DEL (do): WRTC_A_KEY_LEG_ID, WRTC_A_KEY_DIRECTION,
 *                        WRTC_A_KEY_SLOT
 *
 * WRTC_CMD_STATS_GET (do: WRTC_A_LEG_ID; dump: all legs), reply per leg:
 *     WRTC_A_LEG_ID, WRTC_A_LEG_STATS as above
 *     WRTC_A_LEG_SSRC: nest, once per SSRC and direction of the primary
 *                      keys (SRTP and SRTCP counted together)
 *         WRTC_A_SSRC_STATS_SSRC: u32
 *         WRTC_A_SSRC_STATS_DIRECTION: u32
 *         WRTC_A_SSRC_STATS_ROC: u32
 *         WRTC_A_SSRC_STATS_SEQ: u16, once an RTP packet was seen
 *         WRTC_A_SSRC_STATS_SRTCP_INDEX: u32, once an SRTCP packet was
 *                      (rx: the highest received; tx: the last sent)
 *         WRTC_A_SSRC_STATS_PACKETS, _BYTES, _AUTH_FAILURES,
 *         _REPLAY_DROPS, _LAST_PACKET: u64
 *
 * Multicast group WRTC_MCGRP_EVENTS (joining needs CAP_NET_ADMIN; the
 * kernel checks about once a second and sends what is due):
 *     WRTC_CMD_LEG_IDLE_NTF: WRTC_A_LEG_ID, WRTC_A_LEG_IDLE_TIMEOUT,
 *                            WRTC_A_LEG_STATS
 *         no authenticated packet for the idle timeout; once per lull
 *     WRTC_CMD_KEY_EXHAUST_NTF: WRTC_A_KEY_LEG_ID, _DIRECTION, _SLOT,
 *                               _PACKETS, _PACKET_LIMIT
 *         at 90% of the packet limit and at the limit (or the SRTP/SRTCP
 *         index space used up), once each per installed key; a key at its
 *         limit transforms no more packets (EKEYEXPIRED)
 *     WRTC_CMD_AUTH_FAIL_NTF: WRTC_A_LEG_ID, WRTC_A_LEG_STATS
 *         packets failed authentication since the last one; at most one
 *         per leg per second; the stats carry the total auth failures
 */
#ifndef _UAPI_LINUX_WRTC_H
#define _UAPI_LINUX_WRTC_H

#define WRTC_FAMILY_NAME "wrtc"
#define WRTC_FAMILY_VERSION 1

#define WRTC_MAX_SSRCS 16
#define WRTC_MAX_IDLE_TIMEOUT 86400

/* SRTP protection profiles (RFC 5764, RFC 7714), numbered for this family */
enum wrtc_srtp_profile {
	WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80 = 1,
	WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_32,
	WRTC_SRTP_PROFILE_AEAD_AES_128_GCM,
	WRTC_SRTP_PROFILE_AEAD_AES_256_GCM,

	/* private: */
	__WRTC_SRTP_PROFILE_MAX,
	WRTC_SRTP_PROFILE_MAX = (__WRTC_SRTP_PROFILE_MAX - 1)
};

enum wrtc_direction {
	WRTC_DIRECTION_RX,
	WRTC_DIRECTION_TX,

	/* private: */
	__WRTC_DIRECTION_MAX,
	WRTC_DIRECTION_MAX = (__WRTC_DIRECTION_MAX - 1)
};

enum wrtc_key_slot {
	WRTC_KEY_SLOT_PRIMARY,
	WRTC_KEY_SLOT_SECONDARY,

	/* private: */
	__WRTC_KEY_SLOT_MAX,
	WRTC_KEY_SLOT_MAX = (__WRTC_KEY_SLOT_MAX - 1)
};

enum wrtc_leg_flags {
	WRTC_LEG_FLAGS_PERSISTENT = 1,
};

enum {
	WRTC_A_LEG_ID = 1,
	WRTC_A_LEG_LOCAL_IPV4,
	WRTC_A_LEG_LOCAL_IPV6,
	WRTC_A_LEG_LOCAL_PORT,
	WRTC_A_LEG_REMOTE_IPV4,
	WRTC_A_LEG_REMOTE_IPV6,
	WRTC_A_LEG_REMOTE_PORT,
	WRTC_A_LEG_FLAGS,
	WRTC_A_LEG_PEER_ID,
	WRTC_A_LEG_IDLE_TIMEOUT,
	WRTC_A_LEG_OWNER,
	WRTC_A_LEG_STATS,
	WRTC_A_LEG_KEY,
	WRTC_A_LEG_SSRC,

	__WRTC_A_LEG_MAX,
	WRTC_A_LEG_MAX = (__WRTC_A_LEG_MAX - 1)
};

enum {
	WRTC_A_STATS_RX_PACKETS = 1,
	WRTC_A_STATS_RX_BYTES,
	WRTC_A_STATS_TX_PACKETS,
	WRTC_A_STATS_TX_BYTES,
	WRTC_A_STATS_AUTH_FAILURES,
	WRTC_A_STATS_REPLAY_DROPS,
	WRTC_A_STATS_LAST_RX,
	WRTC_A_STATS_PAD,

	__WRTC_A_STATS_MAX,
	WRTC_A_STATS_MAX = (__WRTC_A_STATS_MAX - 1)
};

enum {
	WRTC_A_SSRC_STATS_SSRC = 1,
	WRTC_A_SSRC_STATS_DIRECTION,
	WRTC_A_SSRC_STATS_ROC,
	WRTC_A_SSRC_STATS_SEQ,
	WRTC_A_SSRC_STATS_PACKETS,
	WRTC_A_SSRC_STATS_BYTES,
	WRTC_A_SSRC_STATS_AUTH_FAILURES,
	WRTC_A_SSRC_STATS_REPLAY_DROPS,
	WRTC_A_SSRC_STATS_LAST_PACKET,
	WRTC_A_SSRC_STATS_PAD,
	WRTC_A_SSRC_STATS_SRTCP_INDEX,

	__WRTC_A_SSRC_STATS_MAX,
	WRTC_A_SSRC_STATS_MAX = (__WRTC_A_SSRC_STATS_MAX - 1)
};

enum {
	WRTC_A_KEY_LEG_ID = 1,
	WRTC_A_KEY_DIRECTION,
	WRTC_A_KEY_SLOT,
	WRTC_A_KEY_PROFILE,
	WRTC_A_KEY_AES_CM_128,
	WRTC_A_KEY_AES_GCM_128,
	WRTC_A_KEY_AES_GCM_256,
	WRTC_A_KEY_SSRC,
	WRTC_A_KEY_PACKET_LIMIT,
	WRTC_A_KEY_PACKETS,
	WRTC_A_KEY_PAD,

	__WRTC_A_KEY_MAX,
	WRTC_A_KEY_MAX = (__WRTC_A_KEY_MAX - 1)
};

enum {
	WRTC_A_SSRC_STATE_SSRC = 1,
	WRTC_A_SSRC_STATE_ROC,
	WRTC_A_SSRC_STATE_SEQ,
	WRTC_A_SSRC_STATE_SRTCP_INDEX,

	__WRTC_A_SSRC_STATE_MAX,
	WRTC_A_SSRC_STATE_MAX = (__WRTC_A_SSRC_STATE_MAX - 1)
};

enum {
	WRTC_A_KEYS_AES_CM_128_RTP_KEY = 1,
	WRTC_A_KEYS_AES_CM_128_RTP_AUTH_KEY,
	WRTC_A_KEYS_AES_CM_128_RTP_SALT,
	WRTC_A_KEYS_AES_CM_128_RTCP_KEY,
	WRTC_A_KEYS_AES_CM_128_RTCP_AUTH_KEY,
	WRTC_A_KEYS_AES_CM_128_RTCP_SALT,

	__WRTC_A_KEYS_AES_CM_128_MAX,
	WRTC_A_KEYS_AES_CM_128_MAX = (__WRTC_A_KEYS_AES_CM_128_MAX - 1)
};

enum {
	WRTC_A_KEYS_AES_GCM_128_RTP_KEY = 1,
	WRTC_A_KEYS_AES_GCM_128_RTP_SALT,
	WRTC_A_KEYS_AES_GCM_128_RTCP_KEY,
	WRTC_A_KEYS_AES_GCM_128_RTCP_SALT,

	__WRTC_A_KEYS_AES_GCM_128_MAX,
	WRTC_A_KEYS_AES_GCM_128_MAX = (__WRTC_A_KEYS_AES_GCM_128_MAX - 1)
};

enum {
	WRTC_A_KEYS_AES_GCM_256_RTP_KEY = 1,
	WRTC_A_KEYS_AES_GCM_256_RTP_SALT,
	WRTC_A_KEYS_AES_GCM_256_RTCP_KEY,
	WRTC_A_KEYS_AES_GCM_256_RTCP_SALT,

	__WRTC_A_KEYS_AES_GCM_256_MAX,
	WRTC_A_KEYS_AES_GCM_256_MAX = (__WRTC_A_KEYS_AES_GCM_256_MAX - 1)
};

enum {
	WRTC_CMD_LEG_NEW = 1,
	WRTC_CMD_LEG_SET,
	WRTC_CMD_LEG_DEL,
	WRTC_CMD_LEG_GET,
	WRTC_CMD_LEG_FLUSH,
	WRTC_CMD_KEY_INSTALL,
	WRTC_CMD_KEY_SWAP,
	WRTC_CMD_KEY_DEL,
	WRTC_CMD_STATS_GET,
	WRTC_CMD_LEG_IDLE_NTF,
	WRTC_CMD_KEY_EXHAUST_NTF,
	WRTC_CMD_AUTH_FAIL_NTF,

	__WRTC_CMD_MAX,
	WRTC_CMD_MAX = (__WRTC_CMD_MAX - 1)
};

#define WRTC_MCGRP_EVENTS "events"

#endif /* _UAPI_LINUX_WRTC_H */
