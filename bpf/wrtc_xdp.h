/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrtc's XDP program (wrtc_xdp.bpf.c): what it shares with userspace (map
 * layouts, classes, drop reasons) and the loader's API (wrtc_xdp.c, used by
 * wrtcd, wrtcctl and the tests).
 *
 * Every packet the program sees is counted in wrtc_stats, by class and
 * verdict (index WRTC_XDP_STATS_KEY()), and in wrtc_reasons, by reason
 * (index -reason), when it has one: every packet of class UNPARSED, every
 * RTP/RTCP packet not relayed, every drop. Relayed media, and STUN, DTLS
 * and non-media traffic passed as usual, have none.
 * Reasons are negative so that the program's parse and classify helpers
 * return either a class/protocol (>= 0) or why they stopped (< 0).
 */
#ifndef WRTC_BPF_WRTC_XDP_H
#define WRTC_BPF_WRTC_XDP_H

#ifndef __bpf__
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#endif

#include "consts.h"

/* What a packet is (RFC 7983 on the first payload byte for media ports). */
enum wrtc_xdp_class {
	WRTC_XDP_C_UNPARSED, /* headers not read up to UDP: see its reason */
	WRTC_XDP_C_NOT_MEDIA, /* not UDP to a media port (ARP, TCP, ...) */
	WRTC_XDP_C_STUN, /* 0..3 */
	WRTC_XDP_C_DTLS, /* 20..63 */
	WRTC_XDP_C_RTP, /* 128..191, not an RTCP packet type */
	WRTC_XDP_C_RTCP, /* 128..191, second byte 192..223 (RFC 5761 4.) */
	WRTC_XDP_C_OTHER, /* media port, anything else (empty, ZRTP, TURN) */
	WRTC_XDP_C_MAX,
};

/* XDP verdicts are 0..4: XDP_ABORTED, DROP, PASS, TX, REDIRECT. */
#define WRTC_XDP_VERDICTS 5
#define WRTC_XDP_STATS_KEY(class, verdict) \
	((class) * WRTC_XDP_VERDICTS + (verdict))
#define WRTC_XDP_STATS_MAX (WRTC_XDP_C_MAX * WRTC_XDP_VERDICTS)

/*
 * Why a packet was not handled as its class normally is. The verdict is
 * counted separately: a reason says why, the verdict what happened.
 */
enum wrtc_xdp_reason {
	WRTC_XDP_R_NONE = 0,
	/* Parsing (class UNPARSED), all passed to the stack. */
	WRTC_XDP_R_TRUNC_ETH = -1, /* shorter than an Ethernet header */
	WRTC_XDP_R_TRUNC_VLAN = -2, /* ends inside the VLAN tag */
	WRTC_XDP_R_TRUNC_IP4 = -3, /* ends inside the IPv4 header + options */
	WRTC_XDP_R_TRUNC_IP6 = -4, /* ends inside the IPv6 header */
	WRTC_XDP_R_TRUNC_UDP = -5, /* ends inside the UDP header */
	WRTC_XDP_R_BAD_IP = -6, /* version or IHL wrong */
	WRTC_XDP_R_IP_LEN = -7, /* IP length past the frame or below a header */
	WRTC_XDP_R_FRAGMENT = -8, /* IPv4 fragment or IPv6 fragment header */
	WRTC_XDP_R_IP6_EXT = -9, /* IPv6 extension header: not walked */
	WRTC_XDP_R_UDP_LEN = -10, /* UDP length is not the IP payload length */
	/* RTP/RTCP to a media port that stays with the stack. */
	WRTC_XDP_R_NO_MODULE = -11, /* wrtc.ko's kfuncs absent */
	WRTC_XDP_R_NO_LEG = -12, /* no kernel leg for the 5-tuple */
	WRTC_XDP_R_RELAY_UNSUPPORTED = -13, /* VLAN or IPv4 options */
	WRTC_XDP_R_NO_PEER = -14, /* relay: -ENOLINK */
	WRTC_XDP_R_NO_KEY = -15, /* relay: -ENOKEY */
	WRTC_XDP_R_NO_ROOM = -16, /* relay: -ENOSPC, no tailroom */
	WRTC_XDP_R_RELAY_REFUSED = -17, /* relay: other error, packet intact */
	/* Drops. */
	WRTC_XDP_R_AUTH = -18, /* relay: -EBADMSG, SRTP authentication */
	WRTC_XDP_R_REPLAY = -19, /* relay: -EALREADY */
	WRTC_XDP_R_RELAY_FAILED = -20, /* relay: other error, packet changed */
	WRTC_XDP_R_FIB_NO_NEIGH = -21, /* relayed, next hop unresolved */
	WRTC_XDP_R_FIB_FAILED = -22, /* relayed, no route (or MTU, ...) */
	WRTC_XDP_R_UNEXPECTED = -23, /* source no leg expects (option) */
	WRTC_XDP_R_FIB_FWD_DISABLED = -24, /* relayed, device not forwarding */
	WRTC_XDP_R_MIN = -24,
};

#define WRTC_XDP_REASONS_MAX (-WRTC_XDP_R_MIN + 1)

/* One counter of wrtc_stats or wrtc_reasons (per CPU in the maps). */
struct wrtc_xdp_count {
	__u64 packets;
	__u64 bytes; /* frame bytes as received */
};

/* wrtc_config flags. */
enum {
	/*
	 * Drop packets to a media port whose source no leg expects: neither
	 * a kernel leg (wrtc.ko) nor an entry of wrtc_expected. STUN always
	 * passes: ICE checks come from addresses not yet known.
	 */
	WRTC_XDP_F_DROP_UNEXPECTED = 1 << 0,
};

/*
 * wrtc_config[0]. Media ports are port_lo..port_hi (host byte order,
 * inclusive); all zero (as loaded) means none: everything passes.
 */
struct wrtc_xdp_config {
	__u16 port_lo;
	__u16 port_hi;
	__u32 flags; /* WRTC_XDP_F_* */
};

/*
 * Key of wrtc_expected: a remote transport address that a leg on
 * local_port expects packets from (wrtcd adds it once ICE validated it).
 * IPv4 addresses are v4-mapped (::ffff:a.b.c.d), as in wrtc.ko's leg
 * tuple; the family keeps a v4-mapped IPv6 source apart. No holes: the
 * key is hashed as bytes, so padding must be zero.
 */
struct wrtc_xdp_source {
	__u8 family; /* AF_INET or AF_INET6 */
	__u8 pad;
	__be16 local_port; /* UDP destination port */
	__be16 remote_port; /* UDP source port */
	__u16 pad2;
	__u8 remote[16]; /* source address */
};

_Static_assert(sizeof(struct wrtc_xdp_source) == 24,
	       "struct wrtc_xdp_source has holes");

/* Value of wrtc_expected: what the program saw from that source. */
struct wrtc_xdp_expected {
	__u64 packets;
};

#ifndef __bpf__
/* ---- loader (wrtc_xdp.c), userspace only ---------------------------- */

struct wrtc_xdp;

/* Counters summed over CPUs. */
struct wrtc_xdp_stats {
	struct wrtc_xdp_count by_class[WRTC_XDP_C_MAX][WRTC_XDP_VERDICTS];
	struct wrtc_xdp_count by_reason[WRTC_XDP_REASONS_MAX]; /* [-reason] */
};

enum wrtc_xdp_kfuncs {
	WRTC_XDP_KFUNCS_AUTO, /* use wrtc.ko's kfuncs when it is loaded */
	WRTC_XDP_KFUNCS_OFF, /* never: demux, count, filter only */
};

struct wrtc_xdp_opts {
	enum wrtc_xdp_kfuncs kfuncs;
	bool verbose; /* libbpf's and the verifier's messages on stderr */
};

/*
 * Open and load the program (opts may be NULL). Returns 0 or a negative
 * errno; *out is set on success only. The config starts all zero.
 */
int wrtc_xdp_open(struct wrtc_xdp **out, const struct wrtc_xdp_opts *opts);
void wrtc_xdp_close(struct wrtc_xdp *x);

/* Does the loaded program call wrtc.ko's kfuncs? */
bool wrtc_xdp_has_kfuncs(const struct wrtc_xdp *x);
int wrtc_xdp_prog_fd(const struct wrtc_xdp *x);

/*
 * Attach to / detach from a device in the caller's network namespace;
 * xdp_flags as bpf_xdp_attach() takes them (0 = whatever the driver
 * does best, XDP_FLAGS_DRV_MODE = native only). Detaching removes only
 * this program.
 */
int wrtc_xdp_attach(struct wrtc_xdp *x, int ifindex, __u32 xdp_flags);
int wrtc_xdp_detach(struct wrtc_xdp *x, int ifindex, __u32 xdp_flags);

/*
 * Does the device forward (sysctl net.ipv{4,6}.conf.DEV.forwarding)? The
 * kernel path needs it: bpf_fib_lookup() finds no next hop on a device
 * that does not, and a relayed packet is then dropped (fib_fwd_disabled).
 * Returns WRTC_XDP_FWD_* bits or a negative errno.
 */
#define WRTC_XDP_FWD_IPV4 1
#define WRTC_XDP_FWD_IPV6 2
int wrtc_xdp_forwarding(int ifindex);

/* -EINVAL for port_lo > port_hi or unknown flags. */
int wrtc_xdp_set_config(struct wrtc_xdp *x, const struct wrtc_xdp_config *c);
int wrtc_xdp_get_config(struct wrtc_xdp *x, struct wrtc_xdp_config *c);

/*
 * Fill a source key from an address (AF_INET: 4 bytes, AF_INET6: 16, in
 * network order) and ports (host order). -EAFNOSUPPORT for other
 * families.
 */
int wrtc_xdp_source_init(struct wrtc_xdp_source *s, int family,
			 const void *addr, __u16 local_port, __u16 remote_port);
/* Add (0 or -E2BIG when full), remove (-ENOENT), look up (-ENOENT). */
int wrtc_xdp_expect(struct wrtc_xdp *x, const struct wrtc_xdp_source *s);
int wrtc_xdp_unexpect(struct wrtc_xdp *x, const struct wrtc_xdp_source *s);
int wrtc_xdp_expected(struct wrtc_xdp *x, const struct wrtc_xdp_source *s,
		      struct wrtc_xdp_expected *e);

/* Counters summed over CPUs; from a loaded program or pinned maps. */
int wrtc_xdp_read_stats(struct wrtc_xdp *x, struct wrtc_xdp_stats *st);
int wrtc_xdp_read_stats_fds(int stats_fd, int reasons_fd,
			    struct wrtc_xdp_stats *st);

/*
 * The counters of a wrtc_xdp program loaded by anyone (wrtcd, a test,
 * another wrtcctl), found through the kernel's program and map ids, as
 * bpftool finds them: no pinning needed, but CAP_SYS_ADMIN is (-EPERM
 * without it).
 *
 * By program id: -ENOENT when the program is not named wrtc_xdp,
 * -EPROTO when it is but its wrtc_stats / wrtc_reasons maps are missing
 * or of another layout (a different build of the program).
 */
int wrtc_xdp_read_stats_prog(__u32 prog_id, struct wrtc_xdp_stats *st);
/*
 * By device of the caller's network namespace: the program attached to
 * @ifindex in native, generic or offloaded mode (the first of those named
 * wrtc_xdp, in that order). 0 and its id in *@prog_id (may be NULL),
 * -ENOENT when no wrtc_xdp program is attached, -ENODEV when there is no
 * such device, another negative errno on failure.
 */
int wrtc_xdp_read_stats_ifindex(int ifindex, struct wrtc_xdp_stats *st,
				__u32 *prog_id);

/* Pin the maps as DIR/wrtc_stats, DIR/wrtc_reasons, ... (bpffs). */
int wrtc_xdp_pin_maps(struct wrtc_xdp *x, const char *dir);

/* Names for output: "stun", "pass", "no_leg"; NULL when out of range. */
const char *wrtc_xdp_class_name(unsigned int class);
const char *wrtc_xdp_verdict_name(unsigned int verdict);
const char *wrtc_xdp_reason_name(int reason);
#endif /* !__bpf__ */

#endif /* WRTC_BPF_WRTC_XDP_H */
