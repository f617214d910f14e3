# SPDX-License-Identifier: GPL-2.0
#
# wrtc: one Makefile for userspace (lib/, daemon/, tools/, tests/); the
# kernel module builds through Kbuild (see `make module`).
#
#   make            build the library and programs
#   make check      install what is missing, build, run every test
#   make run        install what is missing, build, start the gateway
#   make fuzz       run each fuzzer for FUZZ_SECONDS (default: until stopped)
#   make bench      throughput harness: host section, then the qemu guest's
#   make bench-kernel  the guest section alone (all six guest modes)
#   make deps       install missing Debian and npm packages (as root)
#   make clean      remove build/

BUILD     ?= build
CC        := gcc
FUZZ_CC   := clang
PKGS      := libssl libcrypto libsrtp2 libmnl
DAEMON_PKGS := libwebsockets libuv jansson libssl libcrypto

# Where kselftest_harness.h comes from: Debian's linux-source package.
KSRC_TAR  ?= $(firstword $(wildcard /usr/src/linux-source-6.1.tar.xz) \
	       /usr/src/linux-source-6.1.tar.xz)
KSELFTEST := $(BUILD)/include/kselftest_harness.h $(BUILD)/include/kselftest.h

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lsrtp2 -lssl -lcrypto -lmnl)
DAEMON_CFLAGS := $(shell pkg-config --cflags $(DAEMON_PKGS) 2>/dev/null)
DAEMON_LIBS   := $(shell pkg-config --libs $(DAEMON_PKGS) 2>/dev/null)

WARN     := -Wall -Wextra -Werror -Wno-unused-parameter
CFLAGS   ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Ilib $(PKG_CFLAGS)
ALLFLAGS := -std=gnu11 $(WARN) $(CFLAGS) $(CPPFLAGS)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
FUZZFLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all

LIB_SRC  := $(sort $(wildcard lib/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
NODE_TESTS := $(sort $(wildcard tests/*/*.test.mjs))
# wrtcd with wrtc_xdp between namespaces of its own (the guest runs it too,
# with wrtc.ko: tests/guest/guest.sh).
NETNS_TESTS := tests/fastpath/run.sh
# wrtc.ko's tests: the spec check on the host, then each guest kernel in qemu
# (tests/guest/run.sh fetches the kernel, builds the module and boots it).
GUEST_TESTS := tests/guest/spec_check.py tests/guest/kernel-6.1.sh \
	       tests/guest/kernel-6.12.sh tests/guest/dkms_check.sh
UNIT_NAMES := $(UNIT_SRC:tests/unit/%.c=%)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
TOOL_SRC   := $(sort $(wildcard tools/*.c))
TOOL_BINS  := $(TOOL_SRC:tools/%.c=$(BUILD)/%)
DAEMON_SRC := $(sort $(wildcard daemon/*.c))
WRTCD      := $(if $(DAEMON_SRC),$(BUILD)/wrtcd)

# Three builds of the library: plain, sanitized (ASan+UBSan), and for
# libFuzzer (clang, coverage instrumented).
LIB_A      := $(BUILD)/libwrtc.a
LIB_SAN_A  := $(BUILD)/san/libwrtc.a
LIB_FUZZ_A := $(BUILD)/fuzz/libwrtc.a
UNIT_BINS     := $(UNIT_NAMES:%=$(BUILD)/tests/%)
UNIT_SAN_BINS := $(UNIT_NAMES:%=$(BUILD)/san/tests/%)
FUZZ_BINS     := $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)
# Programs the Node.js tests drive (tests/relay/dtls_peer: a scripted
# ICE + DTLS-SRTP endpoint), built with `make tests`.
TEST_HELPERS  := $(patsubst tests/relay/%.c,$(BUILD)/tests/relay/%, \
		   $(wildcard tests/relay/*.c))

FUZZ_SECONDS ?= 0
CHECK_FUZZ_SECONDS ?= 30

.PHONY: all deps check run fuzz bench bench-kernel deps-bench clean module module-clean tests format
.DELETE_ON_ERROR:

all: $(LIB_A) $(WRTCD) $(TOOL_BINS)

# bpf/: the XDP program, its loader and tests (after `all`, so that it stays
# the default target; before the rules that link the loader). test_xdp_legs
# needs wrtc.ko: it runs in the qemu guest (tests/guest/guest.sh), not on
# the host.
include bpf/Makefile.inc
HOST_BPF_TESTS := $(filter-out %/test_xdp_legs,$(BPF_TESTS) $(BPF_SAN_TESTS))

deps:
	@sh tools/deps.sh

tests: $(UNIT_BINS) $(UNIT_SAN_BINS) $(FUZZ_BINS) $(TEST_HELPERS)

check: deps
	@$(MAKE) --no-print-directory all tests
	@FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) sh tests/run.sh \
		$(UNIT_BINS) $(UNIT_SAN_BINS) $(HOST_BPF_TESTS) \
		$(WRTCCTL_TESTS) $(NODE_TESTS) $(NETNS_TESTS) \
		$(GUEST_TESTS) $(FUZZ_BINS)

fuzz: deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/run.sh $(FUZZ_BINS)

run: deps all
	@echo "wrtcd: open http://127.0.0.1:8080/ in two browser tabs to call (Ctrl-C stops it)"
	@exec $(BUILD)/wrtcd --listen 127.0.0.1:8080

bench: deps-bench
	@$(MAKE) --no-print-directory all
	@sh bench/all.sh

# The guest section alone: the kernel data paths in the qemu guest.
bench-kernel: deps-bench
	@$(MAKE) --no-print-directory all
	@sh bench/guest/run.sh

deps-bench:
	@sh tools/deps.sh bench

# Build wrtc.ko against KDIR (a kernel build or headers tree). Clean with
# M=kmod only: Kbuild's clean removes every *.ko under M, and build/ holds the
# guest kernels' module trees.
KDIR ?= /lib/modules/$(shell uname -r)/build
module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

module-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean

format:
	clang-format -i $(LIB_SRC) $(wildcard lib/*.h) $(UNIT_SRC) $(FUZZ_SRC)

clean:
	rm -rf $(BUILD)

# --- kselftest harness, extracted at build time (never committed) ----------
$(KSELFTEST) &:
	@mkdir -p $(BUILD)/include
	@test -f $(KSRC_TAR) || { echo "missing $(KSRC_TAR): run 'make deps'" >&2; exit 1; }
	@tar -xJf $(KSRC_TAR) -C $(BUILD)/include --strip-components=4 \
		linux-source-6.1/tools/testing/selftests/kselftest_harness.h \
		linux-source-6.1/tools/testing/selftests/kselftest.h
	@touch $(KSELFTEST)

# --- library ----------------------------------------------------------------
$(BUILD)/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALLFLAGS) -c -o $@ $<

$(BUILD)/san/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALLFLAGS) $(SANFLAGS) -c -o $@ $<

$(BUILD)/fuzz/lib/%.o: lib/%.c $(wildcard lib/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALLFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c -o $@ $<

$(LIB_A): $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o)
	@rm -f $@
	ar rcs $@ $^

$(LIB_SAN_A): $(LIB_SRC:lib/%.c=$(BUILD)/san/lib/%.o)
	@rm -f $@
	ar rcs $@ $^

$(LIB_FUZZ_A): $(LIB_SRC:lib/%.c=$(BUILD)/fuzz/lib/%.o)
	@rm -f $@
	ar rcs $@ $^

# --- wrtcd --------------------------------------------------------------------
# The kernel data path (daemon/fastpath.c) uses the XDP loader's header.
$(BUILD)/daemon/%.o: daemon/%.c $(wildcard daemon/*.h lib/*.h) $(BPF_HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALLFLAGS) -Idaemon -Ibpf $(DAEMON_CFLAGS) -c -o $@ $<

# The demo page is compiled into the binary: daemon/www.h declares it.
$(BUILD)/daemon/www_index.c: daemon/www/index.html
	@mkdir -p $(@D)
	@{ echo '#include "www.h"'; \
	  echo 'const unsigned char www_index_html[] = {'; \
	  xxd -i < $<; \
	  echo '};'; \
	  echo 'const size_t www_index_html_len = sizeof(www_index_html);'; \
	} > $@

$(BUILD)/daemon/www_index.o: $(BUILD)/daemon/www_index.c daemon/www.h
	$(CC) $(ALLFLAGS) -Idaemon -c -o $@ $<

$(BUILD)/wrtcd: $(DAEMON_SRC:daemon/%.c=$(BUILD)/daemon/%.o) \
		$(BUILD)/daemon/www_index.o $(BPF_LOADER) $(LIB_A)
	$(CC) $(ALLFLAGS) -o $@ $^ $(DAEMON_LIBS) $(BPF_LIBS) $(PKG_LIBS) \
		-lpthread

# --- tools/: one program per .c file -------------------------------------------
$(BUILD)/%: tools/%.c $(wildcard tools/*.h) $(LIB_A)
	$(CC) $(ALLFLAGS) -o $@ $< $(LIB_A) $(PKG_LIBS)

# --- unit tests: plain and under ASan+UBSan --------------------------------
TEST_FLAGS := -I$(BUILD)/include -Itests/unit -Wno-unused-function \
	      -include tests/unit/harness_exit.h

$(BUILD)/tests/%: tests/unit/%.c $(LIB_A) $(KSELFTEST) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALLFLAGS) $(TEST_FLAGS) -o $@ $< $(LIB_A) $(PKG_LIBS)

$(BUILD)/san/tests/%: tests/unit/%.c $(LIB_SAN_A) $(KSELFTEST) $(wildcard tests/unit/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALLFLAGS) $(SANFLAGS) $(TEST_FLAGS) -o $@ $< $(LIB_SAN_A) $(PKG_LIBS)

# --- helper programs of the Node.js tests ----------------------------------
$(BUILD)/tests/relay/%: tests/relay/%.c $(LIB_A) $(wildcard tests/relay/*.h)
	@mkdir -p $(@D)
	$(CC) $(ALLFLAGS) -Itests/relay -o $@ $< $(LIB_A) $(PKG_LIBS)

# --- libFuzzer harnesses ----------------------------------------------------
$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIB_FUZZ_A)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ALLFLAGS) $(FUZZFLAGS) -o $@ $< $(LIB_FUZZ_A) $(PKG_LIBS)

# tools/wrtcctl/: the netlink CLI (several files) and its host test; it
# links the XDP loader.
include tools/wrtcctl/Makefile.inc
