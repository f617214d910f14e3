#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# kmod/dkms.conf works: dkms add, build and install wrtc.ko for Debian 12's
# 6.1 kernel, from the tree kmod/srctree.sh makes, against the kernel
# headers tests/guest/kernels.sh unpacks. Prints TAP; exits non-zero when a
# check failed.
#
#   sh tests/guest/dkms_check.sh
#
# Nothing outside a temporary directory is touched: dkms gets a private
# dkms tree, source tree and install tree (not /var/lib/dkms, /usr/src or
# /lib/modules), runs with --no-depmod (depmod -b runs on the private tree
# instead), and signs with a throwaway key made in the temporary directory
# by the unpacked kernel's sign-file. (A signing key or sign_file set in
# /etc/dkms/framework.conf would override that.)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

series=6.1
dir=$top/build/guest/$series
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); failed=1; echo "not ok $n - $*"; }
# check DESC CMD...: one test; on failure, the tail of $tmp/log as comments.
check() {
	desc=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		ok "$desc"
	else
		notok "$desc"
		tail -n 40 "$tmp/log" | sed 's/^/# /'
	fi
}
finish() {
	echo "1..$n"
	exit "$failed"
}
bail() {
	notok "$*"
	finish
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/wrtc-dkms.XXXXXX") || { echo "not ok 1 - mktemp"; echo "1..1"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# The kernel and its headers, as tests/guest/run.sh gets them (this also
# builds wrtc.ko the plain way: the reference for the BTF check).
if sh tests/guest/kernels.sh "$series" >"$tmp/log" 2>&1; then
	ok "kernel $series fetched, wrtc.ko builds against it"
else
	notok "kernel $series fetch or wrtc.ko build failed"
	tail -n 40 "$tmp/log" | sed 's/^/# /'
	finish
fi
command -v dkms >/dev/null 2>&1 || bail "dkms is not installed (make deps)"

rel=$(cat "$dir/release")
hdr=$dir/root/usr/src/linux-headers-$rel
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' kmod/dkms.conf)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' kmod/dkms.conf)
[ -n "$name" ] && [ -n "$ver" ] || bail "no PACKAGE_NAME or PACKAGE_VERSION in kmod/dkms.conf"

sh kmod/srctree.sh "$tmp/src/$name-$ver" || bail "kmod/srctree.sh failed"
mkdir -p "$tmp/dkms" "$tmp/root/lib/modules/$rel"

export TMPDIR="$tmp"
# dkms reads these from the environment when framework.conf does not set
# them. The unpacked kbuild's sign-file stands in for Debian's
# /usr/lib/linux-kbuild-6.1/scripts/sign-file; the key is throwaway.
export sign_file="$dir/root/usr/lib/linux-kbuild-$series/scripts/sign-file"
export mok_signing_key="$tmp/mok.key" mok_certificate="$tmp/mok.pub"

set -- -m "$name" -v "$ver" -k "$rel" --kernelsourcedir "$hdr" \
	--dkmstree "$tmp/dkms" --sourcetree "$tmp/src" \
	--installtree "$tmp/root/lib/modules"
check "dkms add $name/$ver" dkms add "$@"
check "dkms build $name/$ver for $rel" dkms build "$@"
blog=$tmp/dkms/$name/$ver/$rel/x86_64/log/make.log
if [ -f "$blog" ] && grep -E 'warning:|WARNING:|Skipping BTF' "$blog" >"$tmp/log"; then
	notok "dkms build has no warnings"
	sed 's/^/# /' "$tmp/log"
else
	ok "dkms build has no warnings"
fi
check "dkms install $name/$ver for $rel" dkms install --no-depmod "$@"

ko=$tmp/root/lib/modules/$rel/updates/dkms/wrtc.ko
[ -f "$ko" ] || bail "wrtc.ko is not installed in updates/dkms/"
ok "wrtc.ko installed in updates/dkms/"

# vermagic: the same as the kernel's own modules'.
ref=$(find "$dir/root/lib/modules/$rel/kernel/fs/9p" -name '9p.ko*' | head -n 1)
want=$(modinfo -F vermagic "$ref")
got=$(modinfo -F vermagic "$ko")
if [ -n "$want" ] && [ "$got" = "$want" ] && [ "${got%% *}" = "$rel" ]; then
	ok "vermagic is '$got'"
else
	notok "vermagic is '$got', want '$want'"
fi

# Module BTF (the XDP kfuncs need it): dkms strips debug info (strip -g),
# which must leave .BTF alone.
has_btf() { readelf -S --wide "$1" | grep -q '\] \.BTF '; }
if has_btf "$dir/kmod/wrtc.ko"; then
	if has_btf "$ko"; then
		ok "wrtc.ko has a .BTF section"
	else
		notok "wrtc.ko has no .BTF section (the plain build has one)"
	fi
else
	ok "# SKIP the plain build of wrtc.ko has no .BTF either"
fi

signer=$(modinfo -F signer "$ko")
if [ -x "$sign_file" ]; then
	[ "$signer" = "DKMS module signing key" ] && ok "wrtc.ko is signed" ||
		notok "wrtc.ko is not signed with the DKMS key (signer '$signer')"
fi

# The module's symbols all come from the kernel or its modules.
check "depmod finds every symbol wrtc.ko needs" sh -c '
	depmod -e -E "$1/Module.symvers" -b "$2" "$3" 2>&1 |
		grep -v "could not open modules\." | tee /dev/stderr | grep -q . && exit 1
	grep -q "^updates/dkms/wrtc.ko:" "$2/lib/modules/$3/modules.dep"' \
	sh "$hdr" "$tmp/root" "$rel"

check "dkms status says installed" sh -c \
	'dkms status "$@" | grep -q ": installed"' sh "$@"
check "dkms remove $name/$ver" dkms remove --no-depmod "$@"
if [ -e "$ko" ]; then
	notok "dkms remove deletes wrtc.ko"
else
	ok "dkms remove deletes wrtc.ko"
fi

finish
