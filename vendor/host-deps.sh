#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Make sure the Debian packages the build and tests need are installed. As
# root, install what is missing with apt; otherwise print the exact command.
# Each entry is "command:package" (or "dpkg:package" for a library).
#
# usage: host-deps.sh [extra command:package ...]
set -eu
need="clang:clang llvm-objdump:llvm llvm-strip:llvm musl-gcc:musl-tools bpftool:bpftool
make:make file:file readelf:binutils patch:patch sha256sum:coreutils ip:iproute2
xz:xz-utils bzip2:bzip2 jq:jq ethtool:ethtool nft:nftables flock:util-linux
systemd-analyze:systemd scdoc:scdoc mandoc:mandoc zsh:zsh tcpdump:tcpdump
tshark:tshark
dpkg:libclang-rt-14-dev $*"
missing=""
for e in $need; do
	cmd=${e%%:*} pkg=${e#*:}
	if [ "$cmd" = dpkg ]; then # a library: ask dpkg
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $pkg"
		continue
	fi
	command -v "$cmd" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin command -v "$cmd" >/dev/null 2>&1 ||
		missing="$missing $pkg"
done
[ -n "$missing" ] || exit 0
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
cmd="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" != 0 ]; then
	echo "missing build packages; run as root:" >&2
	echo "  apt-get update && $cmd" >&2
	exit 1
fi
echo "  APT     installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get -q update >/dev/null
# shellcheck disable=SC2086
apt-get -q install -y --no-install-recommends $missing >/dev/null
