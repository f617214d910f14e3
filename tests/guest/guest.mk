# SPDX-License-Identifier: GPL-2.0
# The programs that run inside the qemu guest (tests/guest/run.sh builds
# them with make -f tests/guest/guest.mk): kselftest-harness tests of
# wrtc.ko over its netlink family (the wrtcnl client on libmnl), over its
# kfuncs (XDP programs loaded with libbpf, run with BPF_PROG_TEST_RUN and
# on veth), checked against libsrtp2. Dynamic: the guest runs them in a
# chroot of the host root.
BUILD   ?= build
OUT     := $(BUILD)/guest/bin
CC      := gcc
CLANG   ?= clang
CFLAGS  := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	   -Wno-unused-function -D_GNU_SOURCE -O2 -g \
	   -Ilib -I$(BUILD)/include -Itests/guest
BPF_CFLAGS := -O2 -g -Wall -Werror -target bpf \
	   -I/usr/include/$(shell $(CC) -dumpmachine) -Itests/guest
LIB_SRC := lib/wrtcnl.c lib/wrtcnl_leg.c lib/wrtcnl_stats.c lib/err.c \
	   lib/srtp_ref.c lib/srtp_profile.c lib/srtp_kdf.c
LIBS    := -lmnl -lbpf -lsrtp2 -lcrypto -lpthread
DEPS    := $(LIB_SRC) $(wildcard lib/wrtcnl*.h) lib/err.h lib/srtp_ref.h \
	   lib/srtp_kdf.h lib/srtp_profile.h $(wildcard tests/guest/*.h) \
	   kmod/uapi/linux/wrtc.h $(BUILD)/include/kselftest_harness.h \
	   tests/wrtcctl/wrtcctl_run.h
TESTS   := $(patsubst tests/guest/%.c,$(OUT)/%,$(wildcard tests/guest/test_*.c))
BPF_OBJ := $(OUT)/wrtc_relay.bpf.o

all: $(TESTS) $(BPF_OBJ)

# test_wrtcctl runs build/wrtcctl (built on the host by run.sh) and reads
# its JSON.
$(OUT)/test_wrtcctl: LIBS += -ljansson

$(OUT)/%: tests/guest/%.c $(DEPS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(LIB_SRC) $(LIBS)

# The test programs load it from their own directory.
$(BPF_OBJ): tests/guest/wrtc_relay.bpf.c tests/guest/wrtc_relay.h
	@mkdir -p $(@D)
	$(CLANG) $(BPF_CFLAGS) -c $< -o $@

.PHONY: all
.DELETE_ON_ERROR:
