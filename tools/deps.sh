#!/bin/sh
# Install every Debian and npm package the project needs, and nothing when
# all are present. Quiet when nothing is missing: prints only what it
# installs, and the installer's log when an install fails.
set -eu
cd "$(dirname "$0")/.."

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
libwebsockets-dev
libuv1-dev
libjansson-dev
libwebsockets-evlib-uv
xxd
linux-source-6.1
xz-utils
libmnl-dev
qemu-system-x86
busybox-static
dwarves
kmod
cpio
libelf-dev
libbpf-dev
bpftool
iproute2
ethtool
python3-yaml
chromium
dkms
"

# make bench also runs rtpengine (userspace, and its kernel module in the
# qemu guest through its iptables rule) and draws with gnuplot:
# `deps.sh bench` adds them.
BENCH_PACKAGES="
rtpengine-daemon
iptables
gnuplot-nox
"
for group in "$@"; do
	case $group in
	bench) DEB_PACKAGES="$DEB_PACKAGES $BENCH_PACKAGES" ;;
	*) echo "deps: unknown group '$group' (known: bench)" >&2; exit 2 ;;
	esac
done

# Node.js and npm (for the signaling and browser tests) come from Debian
# when the machine has none of its own.
command -v node >/dev/null 2>&1 || DEB_PACKAGES="$DEB_PACKAGES nodejs"
command -v npm >/dev/null 2>&1 || DEB_PACKAGES="$DEB_PACKAGES npm"

need_root() {
	if [ "$(id -u)" != 0 ]; then
		echo "deps: missing $1; run 'make deps' as root" >&2
		exit 1
	fi
}

# run_quiet LOG CMD...: run CMD with its output in LOG; show LOG on failure.
run_quiet() {
	log=$1
	shift
	if "$@" >"$log" 2>&1; then
		return 0
	fi
	cat "$log" >&2
	return 1
}

install_debian() {
	missing=""
	for p in $DEB_PACKAGES; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		[ "$status" = "install ok installed" ] || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	need_root "Debian packages:$missing"
	echo "deps: installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	log=$(mktemp /tmp/wrtc-deps.XXXXXX)
	# Package lists on a fresh machine may be empty or stale: on a
	# failure, refresh them once and try again.
	if ! apt-get install -y -qq --no-install-recommends $missing >"$log" 2>&1; then
		run_quiet "$log" apt-get update -qq &&
			run_quiet "$log" apt-get install -y -qq --no-install-recommends $missing ||
			{ rm -f "$log"; echo "deps: apt-get install failed" >&2; exit 1; }
	fi
	rm -f "$log"
	case " $missing " in
	*" rtpengine-daemon "*) stop_rtpengine_service ;;
	esac
}

# rtpengine-daemon's package enables a system service, which starts at once
# where systemd (or sysvinit without a policy-rc.d that forbids it) runs:
# ng on localhost:2223, CLI and HTTP on 2224-2225, media on UDP
# 30000-40000, one port into wrtcd's default range. The benchmark runs an
# rtpengine of its own inside its network namespaces, so the service is
# stopped and disabled right after the install.
stop_rtpengine_service() {
	if [ -d /run/systemd/system ]; then
		systemctl disable --now rtpengine-daemon.service >/dev/null 2>&1 || true
	elif [ -x /etc/init.d/rtpengine-daemon ]; then
		invoke-rc.d rtpengine-daemon stop >/dev/null 2>&1 || true
		update-rc.d rtpengine-daemon disable >/dev/null 2>&1 || true
	fi
}

# npm packages: what package-lock.json pins, installed into node_modules/.
# node_modules/.package-lock.json is npm's record of what it installed.
install_npm() {
	[ -f package.json ] || return 0
	if [ -f node_modules/.package-lock.json ] &&
	   [ ! package-lock.json -nt node_modules/.package-lock.json ] &&
	   [ ! package.json -nt node_modules/.package-lock.json ]; then
		return 0
	fi
	echo "deps: installing npm packages from package-lock.json"
	log=$(mktemp /tmp/wrtc-npm.XXXXXX)
	if [ -f package-lock.json ]; then
		set -- ci
	else
		set -- install
	fi
	run_quiet "$log" npm "$@" --no-audit --no-fund --loglevel=error ||
		{ rm -f "$log"; echo "deps: npm $1 failed" >&2; exit 1; }
	rm -f "$log"
}

install_debian
install_npm
