/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the guest tests' XDP programs (wrtc_relay.bpf.c) leave in .bss for
 * the test programs to read. __u64 only: the layout must be the same in
 * BPF and in userspace.
 */
#ifndef WRTC_RELAY_H
#define WRTC_RELAY_H

#include <linux/types.h>

struct wrtc_relay_result {
	__u64 last_ret; /* wrtc_xdp_relay()'s last return, as __s64 */
	__u64 relayed; /* returned 0 */
	__u64 failed; /* returned an error */
	__u64 no_leg; /* UDP to no leg: passed */
	__u64 fib_failed; /* wrtc_relay_fwd: bpf_fib_lookup failed */
	__u64 fib_ret; /* its last return */
};

#endif /* WRTC_RELAY_H */
