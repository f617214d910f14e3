# SPDX-License-Identifier: GPL-2.0
# The programs that run inside the qemu guest (tests/guest/run.sh builds
# them with make -f tests/guest/guest.mk): kselftest-harness tests of
# wrtc.ko over its netlink family, linked with the wrtcnl client and libmnl.
# Dynamic: the guest runs them in a chroot of the host root.
BUILD   ?= build
OUT     := $(BUILD)/guest/bin
CC      := gcc
CFLAGS  := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	   -Wno-unused-function -D_GNU_SOURCE -O2 -g \
	   -Ilib -I$(BUILD)/include -Itests/guest
NL_SRC  := lib/wrtcnl.c lib/wrtcnl_leg.c lib/err.c
DEPS    := $(NL_SRC) $(wildcard lib/wrtcnl*.h) lib/err.h tests/guest/wrtc_test.h \
	   kmod/uapi/linux/wrtc.h $(BUILD)/include/kselftest_harness.h
TESTS   := $(patsubst tests/guest/%.c,$(OUT)/%,$(wildcard tests/guest/test_*.c))

all: $(TESTS)

$(OUT)/%: tests/guest/%.c $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(NL_SRC) -lmnl

.PHONY: all
.DELETE_ON_ERROR:
