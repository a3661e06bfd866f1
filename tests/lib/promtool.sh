#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Print the path of a promtool: the machine's, or one taken out of Debian's
# prometheus package (downloaded through the machine's apt configuration and
# unpacked under build/tools, never installed: no service, no dependencies).
# Exits 1 with nothing printed when neither can be had.
set -u
if command -v promtool >/dev/null 2>&1; then
	command -v promtool
	exit 0
fi
dir=$(pwd)/build/tools
if [ ! -x "$dir/promtool" ]; then
	[ "$(id -u)" = 0 ] || exit 1
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && apt-get download prometheus >/dev/null 2>&1) ||
		{ apt-get -q update >/dev/null 2>&1 && (cd "$tmp" && apt-get download prometheus >/dev/null 2>&1); } ||
		exit 1
	dpkg-deb -x "$tmp"/prometheus_*.deb "$tmp/x" && mkdir -p "$dir" &&
		cp "$tmp/x/usr/bin/promtool" "$dir/promtool" || exit 1
fi
echo "$dir/promtool"
