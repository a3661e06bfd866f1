#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Prepare a private apt configuration whose only source is a deb-src entry for
# one Debian suite, on the same archive the machine's own apt already uses.
# The archive URI is read from the machine's apt sources at run time so that no
# host name is ever written into this repository.
#
# usage: apt-src.sh DIR SUITE    -> prints the apt options to use with apt-get
set -eu
dir=$1
suite=$2

# First "deb" URI of the main Debian archive (not -security, not third party).
find_uri() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
			/^[Uu][Rr][Ii][Ss]:/ { uri = $2 }
			/^[Ss]uites:/ { suites = $0 }
			/^$/ { if (uri != "" && suites !~ /security/ && uri ~ /debian\/?$/) { print uri; exit }
			       uri = ""; suites = "" }
			END { if (uri != "" && suites !~ /security/ && uri ~ /debian\/?$/) print uri }
		' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" && $0 !~ /security/ {
			for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break }
		}' "$f" | grep -E 'debian/?$' || true
	done
}

uri=$(find_uri | head -n 1)
if [ -z "$uri" ]; then
	echo "apt-src.sh: no Debian archive found in /etc/apt/sources.list{,.d}" >&2
	exit 1
fi

mkdir -p "$dir/lists/partial" "$dir/sources.list.d"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
printf 'deb-src [signed-by=%s] %s %s main\n' "$keyring" "$uri" "$suite" \
	>"$dir/sources.list.d/vendor.list.new"
# Only rewrite when it changed, so the lists are not refetched needlessly.
if ! cmp -s "$dir/sources.list.d/vendor.list.new" "$dir/sources.list.d/vendor.list" 2>/dev/null; then
	mv "$dir/sources.list.d/vendor.list.new" "$dir/sources.list.d/vendor.list"
else
	rm -f "$dir/sources.list.d/vendor.list.new"
fi
echo "-oDir::Etc::SourceList=/dev/null -oDir::Etc::SourceParts=$dir/sources.list.d -oDir::State::Lists=$dir/lists -oDir::Cache=$dir/cache -oAPT::Sandbox::User=root"
