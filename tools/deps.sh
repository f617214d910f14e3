#!/bin/sh
# Install every Debian package the project needs, and nothing when all are
# present. Quiet on success: prints only what it installs, and the apt log
# when an install fails.
set -eu

# One package per line: what the build, the tests and the fuzzers need.
DEB_PACKAGES="
make
gcc
pkg-config
clang
llvm
libclang-rt-14-dev
libssl-dev
libsrtp2-dev
linux-source-6.1
xz-utils
"

missing=""
for p in $DEB_PACKAGES; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run 'make deps' as root, or install them with apt-get" >&2
	exit 1
fi

echo "deps: installing$missing"
log=$(mktemp /tmp/wrtc-deps.XXXXXX)
export DEBIAN_FRONTEND=noninteractive
# Package lists on a fresh machine may be empty or stale: refresh once.
if ! apt-get install -y -qq --no-install-recommends $missing >"$log" 2>&1; then
	if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		echo "deps: apt-get install failed" >&2
		exit 1
	fi
fi
rm -f "$log"
