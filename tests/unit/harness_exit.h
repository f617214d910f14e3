/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into every unit test (-include) before kselftest_harness.h.
 *
 * The harness runs each test in a forked child that ends with _exit(), which
 * skips LeakSanitizer's check at exit: a test that leaks would pass. Route the
 * harness's _exit() through a leak check, so that under ASan a leak fails
 * the test that made it (exit status 1, reported by the harness as a
 * failure), with LeakSanitizer's report in the output.
 */
#ifndef WRTC_HARNESS_EXIT_H
#define WRTC_HARNESS_EXIT_H

#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

static inline void wrtc_test_exit(int status)
{
#if defined(__SANITIZE_ADDRESS__)
	if (__lsan_do_recoverable_leak_check() && status == 0)
		status = 1;
#endif
	_exit(status);
}

#define _exit(status) wrtc_test_exit(status)

#endif /* WRTC_HARNESS_EXIT_H */
