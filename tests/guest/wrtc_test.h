/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the guest tests of wrtc.ko (tests/guest/test_*.c): loading the
 * module, building legs and requests, checking a rejection. The tests run
 * inside the qemu guest only (tests/guest/run.sh): the host kernel cannot
 * load modules.
 */
#ifndef WRTC_TEST_H
#define WRTC_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wrtcnl.h"

/* Is wrtc.ko loaded? */
static inline int wrtc_loaded(void)
{
	struct stat st;

	return stat("/sys/module/wrtc", &st) == 0;
}

/* Load wrtc.ko from $WRTC_KO unless it is loaded: 0 or -errno. */
static inline int wrtc_load(void)
{
	const char *path = getenv("WRTC_KO");
	int fd, ret;

	if (wrtc_loaded())
		return 0;
	if (!path)
		return -ENOENT;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
	close(fd);
	return ret == -EEXIST ? 0 : ret;
}

/*
 * Unload wrtc.ko: 0 or -errno. A BPF program that called its kfuncs holds
 * the module until the program is freed, which the kernel finishes a
 * little after the last fd closed (RCU): EWOULDBLOCK is retried for a
 * while.
 */
static inline int wrtc_unload(void)
{
	int i, ret = 0;

	for (i = 0; i < 300; i++) {
		ret = syscall(SYS_delete_module, "wrtc", O_NONBLOCK) ? -errno :
								       0;
		if (ret != -EWOULDBLOCK)
			break;
		usleep(10000);
	}
	return ret;
}

/* Set the max_legs module parameter; 0 or -errno. */
static inline int wrtc_set_max_legs(unsigned int max)
{
	FILE *f = fopen("/sys/module/wrtc/parameters/max_legs", "w");
	int ret;

	if (!f)
		return -errno;
	ret = fprintf(f, "%u\n", max) > 0 ? 0 : -EIO;
	return fclose(f) ? -errno : ret;
}

/*
 * An IPv4 leg: 10.<a>.<b>.1:<lport> <-> 192.0.2.<c>:<rport>. Addresses
 * are only keys: no packet is ever sent.
 */
static inline struct wrtcnl_leg wrtc_leg4(unsigned int n, uint16_t lport,
					  uint16_t rport)
{
	struct wrtcnl_leg leg = { 0 };

	leg.local.family = AF_INET;
	leg.local.v4.s_addr = htonl(0x0a000001u | ((n & 0xffffu) << 8));
	leg.local.port = lport;
	leg.remote.family = AF_INET;
	leg.remote.v4.s_addr = htonl(0xc0000200u | 7u);
	leg.remote.port = rport;
	return leg;
}

static inline struct wrtcnl_leg wrtc_leg6(uint16_t lport, uint16_t rport)
{
	struct wrtcnl_leg leg = { 0 };

	leg.local.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &leg.local.v6);
	leg.local.port = lport;
	leg.remote.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8:ffff::42", &leg.remote.v6);
	leg.remote.port = rport;
	return leg;
}

/* A request that only names a leg, as leg-del/leg-get/stats-get take. */
static inline struct nlmsghdr *wrtc_msg_leg_id(struct wrtcnl *nl, void *buf,
					       uint8_t cmd, uint32_t id)
{
	struct nlmsghdr *nlh = wrtcnl_msg(nl, buf, cmd, 0);

	mnl_attr_put_u32(nlh, WRTC_A_LEG_ID, id);
	return nlh;
}

/* Put a complete, valid leg-new 5-tuple (IPv4) into @nlh. */
static inline void wrtc_put_tuple4(struct nlmsghdr *nlh, uint16_t lport)
{
	mnl_attr_put_u32(nlh, WRTC_A_LEG_LOCAL_IPV4, htonl(0x0a0000fe));
	mnl_attr_put_u16(nlh, WRTC_A_LEG_LOCAL_PORT, htons(lport));
	mnl_attr_put_u32(nlh, WRTC_A_LEG_REMOTE_IPV4, htonl(0xc0000207));
	mnl_attr_put_u16(nlh, WRTC_A_LEG_REMOTE_PORT, htons(5000));
}

/* Callback counting legs of a dump; @arg is an unsigned int. */
static inline int wrtc_count_leg(const struct wrtcnl_leg *leg, void *arg)
{
	(*(unsigned int *)arg)++;
	return 0;
}

/* Number of legs in the namespace, or -errno. */
static inline int wrtc_count_legs(struct wrtcnl *nl)
{
	return wrtcnl_leg_dump(nl, NULL, NULL, NULL);
}

/* Key material that is recognisably fake: byte i of each key is i + tag. */
static inline struct wrtcnl_key wrtc_test_key(uint32_t leg_id, uint32_t dir,
					      uint32_t slot, uint32_t profile)
{
	struct wrtcnl_key key = { 0 };
	unsigned int i;

	key.leg_id = leg_id;
	key.direction = dir;
	key.slot = slot;
	key.profile = profile;
	for (i = 0; i < sizeof(key.rtp.cipher_key); i++) {
		key.rtp.cipher_key[i] = (uint8_t)(i + 1);
		key.rtcp.cipher_key[i] = (uint8_t)(i + 101);
	}
	for (i = 0; i < sizeof(key.rtp.auth_key); i++) {
		key.rtp.auth_key[i] = (uint8_t)(i + 51);
		key.rtcp.auth_key[i] = (uint8_t)(i + 151);
	}
	for (i = 0; i < sizeof(key.rtp.salt); i++) {
		key.rtp.salt[i] = (uint8_t)(i + 201);
		key.rtcp.salt[i] = (uint8_t)(i + 221);
	}
	return key;
}

/* Find the key info of @dir/@slot in @leg, NULL when not installed. */
static inline const struct wrtcnl_key_info *
wrtc_find_key(const struct wrtcnl_leg *leg, uint32_t dir, uint32_t slot)
{
	unsigned int i;

	for (i = 0; i < leg->n_keys; i++)
		if (leg->keys[i].direction == dir && leg->keys[i].slot == slot)
			return &leg->keys[i];
	return NULL;
}

/*
 * The fixture of most tests: wrtc.ko loaded, a handle, no leg left over
 * from an earlier test.
 */
#define WRTC_FIXTURE(name)                                                    \
	FIXTURE(name)                                                         \
	{                                                                     \
		struct wrtcnl *nl;                                            \
		struct wrtc_err err;                                          \
		char buf[WRTCNL_BUF_SIZE];                                    \
	};                                                                    \
	FIXTURE_SETUP(name)                                                   \
	{                                                                     \
		int ret = wrtc_load();                                        \
		if (ret == -ENOENT && !getenv("WRTC_KO"))                     \
			SKIP(return, "WRTC_KO unset: run in the guest");      \
		ASSERT_EQ(0, ret) TH_LOG("load wrtc.ko: %s", strerror(-ret)); \
		memset(&self->err, 0, sizeof(self->err));                     \
		ret = wrtcnl_open(&self->nl, &self->err);                     \
		ASSERT_EQ(0, ret) TH_LOG("%s", self->err.msg);                \
		ASSERT_EQ(0, wrtcnl_leg_flush(self->nl, &self->err))          \
		TH_LOG("%s", self->err.msg);                                  \
	}                                                                     \
	FIXTURE_TEARDOWN(name)                                                \
	{                                                                     \
		wrtcnl_close(self->nl);                                       \
	}

/*
 * A request must fail with exactly @errno_ and an extack message. @call
 * is the expression that makes the request; it is evaluated once.
 */
#define EXPECT_REJECT(errno_, call)                                           \
	do {                                                                  \
		int __ret = (call);                                           \
		EXPECT_EQ(-(errno_), __ret)                                   \
		TH_LOG("got %d (%s), extack \"%s\"", __ret, strerror(-__ret), \
		       wrtcnl_extack(self->nl));                              \
		EXPECT_NE(0, (int)strlen(wrtcnl_extack(self->nl)))            \
		TH_LOG("no extack message for errno %d", -__ret);             \
	} while (0)

#endif /* WRTC_TEST_H */
