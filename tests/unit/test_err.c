// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>

#include "err.h"
#include "kselftest_harness.h"

TEST(fail_records_reason_and_offset)
{
	struct wrtc_err err = { 0 };

	ASSERT_EQ(-EBADMSG, wrtc_fail(&err, -EBADMSG, 17, "bad %s %u", "length", 3u));
	EXPECT_STREQ("bad length 3", err.msg);
	EXPECT_EQ(17u, err.offset);
	wrtc_err_clear(&err);
	EXPECT_STREQ("", err.msg);
}

TEST(fail_without_buffer_returns_code)
{
	ASSERT_EQ(-EINVAL, wrtc_fail(NULL, -EINVAL, 0, "ignored"));
}

TEST(fail_truncates_long_reason)
{
	struct wrtc_err err;
	char big[400];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	wrtc_fail(&err, -E2BIG, 0, "%s", big);
	EXPECT_EQ(sizeof(err.msg) - 1, strlen(err.msg));
}

TEST_HARNESS_MAIN
