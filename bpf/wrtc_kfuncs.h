/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wrtc.ko's XDP kfuncs, as kmod/xdp.c defines and documents them (names,
 * arguments and flags copied from there; keep them in step):
 *
 *   wrtc_leg_lookup   KF_ACQUIRE | KF_RET_NULL: the leg a received packet
 *                     belongs to, by the tuple as the packet carries it
 *                     (saddr:sport = the leg's remote end); tuple__sz is
 *                     sizeof(tuple->ipv4) or sizeof(tuple->ipv6).
 *   wrtc_leg_release  KF_RELEASE.
 *   wrtc_xdp_relay    KF_TRUSTED_ARGS: unprotect with the leg's keys,
 *                     protect with its peer's, rewrite addresses, ports,
 *                     lengths and checksums, move data_end. 0 or -errno;
 *                     errors up to -ENOSPC leave the packet as it was,
 *                     -EBADMSG and later ones may have changed it. Packet
 *                     pointers taken before the call are stale after it.
 *                     Takes untagged Ethernet, IPv4 without options or
 *                     fragments, IPv6 without extension headers.
 *
 * Weak: the object opens and loads without the module, the absent kfuncs
 * resolving to 0. Whether they exist is a .rodata flag the loader sets
 * from the module's BTF (wrtc_have_kfuncs, wrtc_xdp.c) and the program
 * tests before every call: a call behind a false flag is dead code the
 * verifier removes (6.1's verifier already defers its complaint about an
 * unresolved kfunc call until after dead code elimination).
 *
 * Not bpf_ksym_exists() (libbpf >= 1.2; here a few lines would do): it
 * takes the kfunc's address with a ld_imm64, and with the module loaded
 * (the case that matters) Debian's libbpf 1.1.2 writes the module's BTF
 * id into that instruction without the module's BTF fd, so the kernel
 * looks it up in vmlinux and refuses the program ("ldimm64 insn specifies
 * invalid btf_id", seen on the 6.12 guest kernel; 6.1's verifier takes no
 * ld_imm64 of a function at all). BPF only (needs vmlinux.h).
 */
#ifndef WRTC_BPF_KFUNCS_H
#define WRTC_BPF_KFUNCS_H

#include <bpf/bpf_helpers.h>

/*
 * The leg is opaque here, but it must be a struct with a body, not a
 * forward declaration: libbpf matches the prototype against the module's
 * BTF, where a pointer to a declaration and one to a struct differ.
 */
struct wrtc_leg {
	int opaque;
};

extern struct wrtc_leg *wrtc_leg_lookup(struct xdp_md *ctx,
					struct bpf_sock_tuple *tuple,
					__u32 tuple__sz) __ksym __weak;
extern void wrtc_leg_release(struct wrtc_leg *leg) __ksym __weak;
extern int wrtc_xdp_relay(struct xdp_md *ctx,
			  struct wrtc_leg *leg) __ksym __weak;

/* The errors wrtc_xdp_relay() returns (asm-generic/errno*.h). */
#define WRTC_EINVAL 22
#define WRTC_ENOSPC 28
#define WRTC_ENOLINK 67
#define WRTC_EPROTO 71
#define WRTC_EBADMSG 74
#define WRTC_EPROTONOSUPPORT 93
#define WRTC_EOPNOTSUPP 95
#define WRTC_EAFNOSUPPORT 97
#define WRTC_EALREADY 114
#define WRTC_ENOKEY 126

#endif /* WRTC_BPF_KFUNCS_H */
