// SPDX-License-Identifier: GPL-2.0
#include "srtp_replay.h"

#define SEQ_MEDIAN 0x8000 /* 2^15 */
#define SEQ_SPAN 0x10000 /* 2^16 */

int srtp_replay_index_guess(uint32_t roc, uint16_t s_l, uint16_t seq,
			    uint32_t *guess_roc, int32_t *delta)
{
	int32_t d = (int32_t)seq - (int32_t)s_l;

	*guess_roc = roc;
	/* libsrtp2: no ROC - 1 before the first 2^15 indices of a stream. */
	if (roc == 0 && s_l <= SEQ_MEDIAN) {
		*delta = d;
		return 0;
	}
	if (s_l < SEQ_MEDIAN) {
		/* seq far above s_l: the previous cycle, not yet wrapped. */
		if (d > SEQ_MEDIAN) {
			*guess_roc = roc - 1;
			d -= SEQ_SPAN;
		}
	} else if (s_l - SEQ_MEDIAN > seq) {
		/* seq far below s_l: the next cycle, after the wrap. */
		if (roc == 0xffffffffu)
			return -ERANGE;
		*guess_roc = roc + 1;
		d += SEQ_SPAN;
	}
	*delta = d;
	return 0;
}

int srtp_replay_check(const uint64_t win[SRTP_REPLAY_WORDS], int64_t delta)
{
	unsigned int back;

	if (delta > 0)
		return 0;
	if (-delta >= SRTP_REPLAY_WINDOW)
		return -EALREADY;
	back = (unsigned int)-delta;
	if (win[back / 64] >> (back % 64) & 1)
		return -EALREADY;
	return 0;
}

/* Move every bit @n places up (older): bit i becomes bit i + n. */
static void window_shift(uint64_t win[SRTP_REPLAY_WORDS], int64_t n)
{
	unsigned int words, bits;
	int i;

	if (n >= SRTP_REPLAY_WINDOW) {
		memset(win, 0, SRTP_REPLAY_WORDS * sizeof(win[0]));
		return;
	}
	words = (unsigned int)n / 64;
	bits = (unsigned int)n % 64;
	for (i = SRTP_REPLAY_WORDS - 1; i >= 0; i--) {
		uint64_t v = 0;

		if (i >= (int)words) {
			v = win[i - words] << bits;
			if (bits && i > (int)words)
				v |= win[i - words - 1] >> (64 - bits);
		}
		win[i] = v;
	}
}

void srtp_replay_add(uint64_t win[SRTP_REPLAY_WORDS], int64_t delta)
{
	unsigned int back;

	if (delta > 0) {
		window_shift(win, delta);
		win[0] |= 1;
		return;
	}
	if (-delta >= SRTP_REPLAY_WINDOW)
		return;
	back = (unsigned int)-delta;
	win[back / 64] |= (uint64_t)1 << (back % 64);
}
