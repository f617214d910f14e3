// SPDX-License-Identifier: GPL-2.0
/*
 * wrtc.ko in the guest, run last: the module unloads cleanly with live
 * legs (owned, persistent, peered, keyed) and an open socket, loads again,
 * and the kernel log since the first test holds no BUG, WARNING or Oops.
 */
#include <sys/klog.h>

#include "kselftest_harness.h"
#include "wrtc_test.h"

WRTC_FIXTURE(module)

/* The module carries BTF against the guest's vmlinux: kfuncs need it. */
TEST_F(module, btf_loaded)
{
	struct stat st;

	EXPECT_EQ(0, stat("/sys/kernel/btf/wrtc", &st))
	TH_LOG("no /sys/kernel/btf/wrtc: %s", strerror(errno));
	EXPECT_LT(0, st.st_size);
}

TEST_F(module, unload_with_live_legs)
{
	struct wrtcnl_leg req, a, b;
	struct wrtcnl_key key;
	struct wrtcnl *again;
	unsigned int i;
	int ret;

	for (i = 0; i < 100; i++) {
		req = wrtc_leg4(i, 42000, 5000);
		req.flags = i % 2 ? WRTC_LEG_FLAGS_PERSISTENT : 0;
		ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &a, &self->err));
		req = wrtc_leg6((uint16_t)(42000 + i), 5000);
		req.peer_id = a.id;
		ASSERT_EQ(0, wrtcnl_leg_new(self->nl, &req, &b, &self->err));
		key = wrtc_test_key(a.id, WRTC_DIRECTION_RX,
				    WRTC_KEY_SLOT_PRIMARY,
				    WRTC_SRTP_PROFILE_AES_CM_128_HMAC_SHA1_80);
		ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err));
		key = wrtc_test_key(b.id, WRTC_DIRECTION_TX,
				    WRTC_KEY_SLOT_SECONDARY,
				    WRTC_SRTP_PROFILE_AEAD_AES_256_GCM);
		ASSERT_EQ(0, wrtcnl_key_install(self->nl, &key, &self->err));
	}
	ASSERT_EQ(200, wrtc_count_legs(self->nl));

	/* The socket stays open: it does not pin the module. */
	ret = wrtc_unload();
	ASSERT_EQ(0, ret) TH_LOG("delete_module: %s", strerror(-ret));
	EXPECT_FALSE(wrtc_loaded());
	/* The family is gone for the old socket... */
	EXPECT_GT(0, wrtcnl_leg_flush(self->nl, &self->err));
	/* ...and comes back empty with the module. */
	ret = wrtc_load();
	ASSERT_EQ(0, ret) TH_LOG("reload: %s", strerror(-ret));
	ASSERT_EQ(0, wrtcnl_open(&again, &self->err))
	TH_LOG("%s", self->err.msg);
	EXPECT_EQ(0, wrtc_count_legs(again));
	wrtcnl_close(again);
}

/* Reload once more without legs, so unload/load cycles leave no trace. */
TEST_F(module, unload_empty)
{
	ASSERT_EQ(0, wrtc_unload());
	ASSERT_EQ(0, wrtc_load());
}

/*
 * The kernel log since the guest booted: no BUG, WARNING, Oops or call
 * trace (the tests before ran every error path; a refcount or list error
 * the kernel noticed shows here). Last of the last program's tests.
 */
TEST_F(module, dmesg_clean)
{
	static const char *const bad[] = { "BUG",	 "WARNING",
					   "Oops",	 "Call Trace",
					   "refcount_t", "general protection" };
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0);
	char *log, *line, *save = NULL;
	unsigned int i, found = 0;

	ASSERT_LT(0, len);
	log = calloc(1, (size_t)len + 1);
	ASSERT_NE(NULL, log);
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, log, len);
	ASSERT_LT(0, len);
	for (line = strtok_r(log, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			if (strstr(line, bad[i])) {
				TH_LOG("kernel log: %s", line);
				found++;
				break;
			}
		}
	}
	EXPECT_EQ(0u, found);
	free(log);
}

TEST_HARNESS_MAIN
