// SPDX-License-Identifier: GPL-2.0
/*
 * The SRTP transform core of lib/ (RFC 3711 / RFC 7714 packet transform,
 * replay window, SSRC table), compiled into wrtc.ko unchanged: the very
 * files the userspace relay uses and the unit tests check against libsrtp2.
 * Their environment is lib/srtp_compat.h (its __KERNEL__ branch) and their
 * cipher and MAC are kmod/crypto.c (the srtp_crypto.h binding).
 *
 * Included rather than listed in Kbuild: kbuild objects must live under
 * the module's directory, and lib/ is a sibling. Where lib/ is found is in
 * Kbuild (WRTC_LIB). One translation unit also lets the compiler inline
 * the replay-window helpers into the packet functions; the files' static
 * names must stay distinct (a clash is a compile error, not a surprise).
 */
#include "srtp_replay.c"
#include "srtp_xform.c"
#include "srtp_xform_rtcp.c"
#include "srtp_xform_stream.c"
