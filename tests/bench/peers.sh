#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch the pinned peer packages of tests/bench/peers.lock for this machine's
# architecture and print the path of the xdp-forward binary unpacked from
# Debian's xdp-tools (its BPF object is embedded in it; bench extracts it).
# Prints nothing (and says why on stderr) when there is no pin for this arch.
#
# usage: tests/bench/peers.sh   (from the top of the tree)
set -u
top=$(pwd)
D=$top/build/bench-peers
lock=$top/tests/bench/peers.lock
arch=$(dpkg --print-architecture 2>/dev/null || echo unknown)
. "$top/release/debs.sh"
line=$(awk -v a="$arch" '!/^#/ && $1 == a && $3 == "xdp-tools"' "$lock" | head -n 1)
if [ -z "$line" ]; then
	echo "peers: no pinned xdp-tools for $arch: the xdp-forward rows are left out" >&2
	exit 0
fi
set -- $line
if [ ! -x "$D/x/$4/usr/sbin/xdp-forward" ]; then
	debs_init "$D" "$lock"
	deb=$(debs_fetch "$1" "$3" "$4" "$5") || exit 1
	rm -rf "$D/x/$4" && mkdir -p "$D/x/$4" && dpkg-deb -x "$deb" "$D/x/$4" || exit 1
fi
echo "$D/x/$4/usr/sbin/xdp-forward"
