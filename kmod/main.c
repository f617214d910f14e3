// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc.ko: the kernel data plane of the wrtc WebRTC media gateway. Legs
 * and their SRTP keys are configured over the generic netlink family wrtc
 * (kmod/wrtc.yaml); XDP programs find and transform packets through kfuncs.
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include "compat.h"
#include "wrtc.h"

static int __init wrtc_init(void)
{
	int err;

	err = wrtc_crypto_init();
	if (err)
		return err;
	err = wrtc_srtp_init();
	if (err)
		goto fail_srtp;
	err = wrtc_legs_init();
	if (err)
		goto fail_legs;
	err = wrtc_nl_init();
	if (err)
		goto fail_nl;
	/* Last: BPF programs may call in from here on. Not fatal. */
	wrtc_xdp_init();
	return 0;

fail_nl:
	wrtc_legs_exit();
fail_legs:
	wrtc_srtp_exit();
fail_srtp:
	wrtc_crypto_exit();
	return err;
}

static void __exit wrtc_exit(void)
{
	/*
	 * No new requests first, then the legs of every namespace go (and
	 * their keys, after an RCU barrier). No BPF program can be running:
	 * one that uses the kfuncs holds a reference on the module.
	 */
	wrtc_nl_exit();
	wrtc_legs_exit();
	wrtc_srtp_exit();
	wrtc_crypto_exit();
}

module_init(wrtc_init);
module_exit(wrtc_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("wrtc: WebRTC media gateway data plane (SRTP relay)");
MODULE_ALIAS_GENL_FAMILY(WRTC_FAMILY_NAME);
