/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SRTP packet index estimation (RFC 3711 §3.3.1, Appendix A) and the
 * sliding replay window of §3.3.2, shared by SRTP (48-bit index) and SRTCP
 * (31-bit index). Pure arithmetic on caller-held state: no allocation, no
 * library calls, the same in userspace and in the kernel.
 *
 * The window is a bitmap relative to the highest index accepted so far:
 * bit i (word i / 64, bit i % 64) set means "highest - i was accepted".
 * It spans SRTP_REPLAY_WINDOW indices, libsrtp2's default (128), so that
 * both accept and reject exactly the same packets.
 */
#ifndef WRTC_SRTP_REPLAY_H
#define WRTC_SRTP_REPLAY_H

#include "srtp_compat.h"

#define SRTP_REPLAY_WINDOW 128
#define SRTP_REPLAY_WORDS (SRTP_REPLAY_WINDOW / 64)

/*
 * Guess the ROC of a packet with sequence number @seq when the highest
 * index so far is (@roc, @s_l), and return delta = guessed index - highest
 * index (in -65535..65535). RFC 3711 Appendix A, except that a guess of
 * ROC - 1 while ROC is 0 (an index before the stream's first) is taken as
 * ROC 0 with a positive delta, which is what libsrtp2 does: a stream whose
 * first packet had seq 100 then sees 65500 as 65400 packets ahead, not as
 * a packet from before the stream began. With @roc 0xffffffff a guess of
 * ROC + 1 cannot be represented: -ERANGE, the index space is exhausted.
 */
int srtp_replay_index_guess(uint32_t roc, uint16_t s_l, uint16_t seq,
			    uint32_t *guess_roc, int32_t *delta);

/*
 * Is the index at @delta from the highest one (positive: newer) fresh?
 * 0, or -EALREADY when it was accepted before or lies more than
 * SRTP_REPLAY_WINDOW - 1 behind the highest index.
 */
int srtp_replay_check(const uint64_t win[SRTP_REPLAY_WORDS], int64_t delta);

/*
 * Record the index at @delta as accepted: a positive @delta slides the
 * window forward (the index becomes the highest), zero or negative sets its
 * bit. Call only after srtp_replay_check() passed and the packet
 * authenticated.
 */
void srtp_replay_add(uint64_t win[SRTP_REPLAY_WORDS], int64_t delta);

#endif /* WRTC_SRTP_REPLAY_H */
