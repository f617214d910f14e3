/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What differs between the kernels wrtc.ko builds for (Debian's 6.1 and
 * 6.12). Feature tests, not version numbers, where a macro tells: Debian's
 * stable kernels carry backports.
 */
#ifndef WRTC_COMPAT_H
#define WRTC_COMPAT_H

#include <linux/btf.h>
#include <linux/btf_ids.h>
#include <linux/version.h>

/*
 * kfunc ID sets: BTF_KFUNCS_START since 6.9 (flags the set as kfuncs),
 * BTF_SET8_START before.
 */
#ifdef BTF_KFUNCS_START
#define WRTC_KFUNCS_START(name) BTF_KFUNCS_START(name)
#define WRTC_KFUNCS_END(name) BTF_KFUNCS_END(name)
#else
#define WRTC_KFUNCS_START(name) BTF_SET8_START(name)
#define WRTC_KFUNCS_END(name) BTF_SET8_END(name)
#endif

/* __bpf_kfunc keeps a kfunc from being inlined or dropped (since 6.3). */
#ifndef __bpf_kfunc
#define __bpf_kfunc __used noinline
#endif

/*
 * kfunc definitions have no prototypes in a header: silence
 * -Wmissing-prototypes around them (the helpers exist since 6.7).
 */
#ifdef __bpf_kfunc_start_defs
#define WRTC_KFUNC_START_DEFS __bpf_kfunc_start_defs()
#define WRTC_KFUNC_END_DEFS __bpf_kfunc_end_defs()
#else
#define WRTC_KFUNC_START_DEFS                     \
	__diag_push();                            \
	__diag_ignore_all("-Wmissing-prototypes", \
			  "kfuncs are called from BPF programs only")
#define WRTC_KFUNC_END_DEFS __diag_pop()
#endif

#endif /* WRTC_COMPAT_H */
