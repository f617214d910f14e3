#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run test programs and fuzzers; show their TAP; end with one line
#   N passed, N failed, N skipped
# and exit non-zero when anything failed.
#
# A unit test program (kselftest harness) prints its own TAP; each of its
# "ok"/"not ok" lines is one test. A program that dies without reporting a
# failure (a crash, a sanitizer abort outside a test) counts as one failure.
# A Node.js test file (*.test.mjs) runs under `node --test` with TAP output;
# its top-level "ok"/"not ok" lines count the same way.
# A fuzzer (any path under a fuzz/ directory) is one test: it runs for
# FUZZ_SECONDS (0 = until stopped) from its seed corpus in
# tests/fuzz/corpus/<name>/ and fails on any crash, leak or sanitizer report.
#
# Environment: FUZZ_SECONDS, TEST_TIMEOUT (seconds per program, default 900).

set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

passed=0
failed=0
skipped=0
timeout_s=${TEST_TIMEOUT:-900}
fuzz_s=${FUZZ_SECONDS:-30}
log=$(mktemp -d /tmp/wrtc-tests.XXXXXX)
trap 'rm -rf "$log"' EXIT INT TERM

# Sanitizers: fail hard and print symbolized stacks.
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1:strict_string_checks=1:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
export WRTC_TESTDATA="${WRTC_TESTDATA:-$top/tests/data}"

echo "TAP version 13"

run_unit() {
	bin=$1
	out="$log/out"
	label=$bin
	case "$bin" in */san/*) label="$bin (ASan+UBSan)" ;; esac
	echo "# === $label"
	case "$bin" in
	*.mjs) timeout "$timeout_s" node --test --test-reporter=tap "$bin" >"$out" 2>&1 ;;
	*) timeout "$timeout_s" "$bin" >"$out" 2>&1 ;;
	esac
	rc=$?
	sed 's/^/    /' "$out"
	p=$(grep -Ec '^ok [0-9]+' "$out")
	s=$(grep -Ec '^ok [0-9]+ .*# SKIP' "$out")
	f=$(grep -Ec '^not ok [0-9]+' "$out")
	p=$((p - s))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $label exited with status $rc without reporting a failure"
		f=1
	elif grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$out" && [ "$f" -eq 0 ]; then
		echo "not ok - $label: sanitizer report"
		f=1
	fi
	if [ $((p + s + f)) -eq 0 ]; then
		echo "not ok - $label ran no test"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

run_fuzz() {
	bin=$1
	name=$(basename "$bin")
	seeds="tests/fuzz/corpus/${name#fuzz_}"
	work="$log/corpus-$name"
	arts="$(dirname "$bin")/artifacts/$name"
	mkdir -p "$work" "$arts"
	echo "# === $bin for ${fuzz_s}s (0 = until stopped), seeds $seeds"
	if [ ! -d "$seeds" ]; then
		echo "not ok - $name: no seed corpus at $seeds"
		failed=$((failed + 1))
		return
	fi
	# New inputs go to a scratch directory; the committed seeds stay as
	# they are.
	timeout $((fuzz_s ? fuzz_s + 120 : 0)) "$bin" -max_total_time="$fuzz_s" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$arts/" "$work" "$seeds" >"$log/fuzz" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log/fuzz")
		echo "ok - $name: ${runs:-?} inputs, no crash"
		passed=$((passed + 1))
	else
		tail -n 60 "$log/fuzz" | sed 's/^/    /'
		echo "not ok - $name: exit status $rc, reproducer in $arts/"
		failed=$((failed + 1))
	fi
}

for bin in "$@"; do
	case "$bin" in
	*/fuzz/*) run_fuzz "$bin" ;;
	*) run_unit "$bin" ;;
	esac
done

if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
