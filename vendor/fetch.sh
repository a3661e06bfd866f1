#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Fetch the pinned sources named on the command line (see vendor.lock) into
# DL_DIR and unpack them into SRC_DIR/<name> with Debian's own patch series
# applied (security fixes travel that way). A tarball already present with the
# right sha256 is not fetched again; a tree already unpacked is left alone.
#
# usage: fetch.sh DL_DIR SRC_DIR NAME...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1" "$2"
dl=$(cd "$1" && pwd) src=$(cd "$2" && pwd)
shift 2

lock_field() { # name column
	awk -v n="$1" -v c="$2" '$1 == n && $1 !~ /^#/ { print $c }' "$here/vendor.lock"
}

checked() { # file sha256
	[ -f "$1" ] && echo "$2  $1" | sha256sum -c --status
}

# Debian applies debian/patches/series (quilt, -p1) on top of the orig tarball.
apply_debian_patches() { # debian-tarball tree
	[ -f "$1" ] || return 0
	mkdir -p "$2/.debian"
	tar -xf "$1" -C "$2/.debian"
	series="$2/.debian/debian/patches/series"
	[ -f "$series" ] || return 0
	sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series" | while read -r p _; do
		patch -s -p1 -d "$2" <"$2/.debian/debian/patches/$p" || {
			echo "fetch.sh: Debian patch $p does not apply to $2" >&2
			exit 1
		}
	done
}

apt_opts=""
for name in "$@"; do
	pkg=$(lock_field "$name" 2)
	suite=$(lock_field "$name" 3)
	ver=$(lock_field "$name" 4)
	orig=$(lock_field "$name" 5)
	sum=$(lock_field "$name" 6)
	if [ -z "$pkg" ]; then
		echo "fetch.sh: '$name' is not in vendor/vendor.lock" >&2
		exit 1
	fi
	# The Debian tarball too: without it the patches would be skipped unseen.
	if ! checked "$dl/$orig" "$sum" || [ ! -f "$dl/${pkg}_${ver#*:}.debian.tar.xz" ]; then
		if [ -z "$apt_opts" ]; then
			apt_opts=$("$here/apt-src.sh" "$dl/apt-$suite" "$suite")
			mkdir -p "$dl/apt-$suite/cache"
			echo "  APT     update (private deb-src list, suite $suite)"
			# shellcheck disable=SC2086
			apt-get -q $apt_opts update >"$dl/apt-$suite/update.log" 2>&1 || {
				cat "$dl/apt-$suite/update.log" >&2
				exit 1
			}
		fi
		echo "  FETCH   $pkg=$ver"
		# shellcheck disable=SC2086
		(cd "$dl" && apt-get -q $apt_opts source --download-only "$pkg=$ver" >/dev/null)
		if ! checked "$dl/$orig" "$sum"; then
			echo "fetch.sh: $orig: sha256 does not match vendor.lock" >&2
			sha256sum "$dl/$orig" >&2 || true
			exit 1
		fi
	fi
	if [ ! -f "$src/$name/.unpacked" ]; then
		rm -rf "$src/$name" "$src/$name.tmp"
		mkdir -p "$src/$name.tmp"
		tar -xf "$dl/$orig" -C "$src/$name.tmp" --strip-components=1
		apply_debian_patches "$dl/${pkg}_${ver#*:}.debian.tar.xz" "$src/$name.tmp"
		touch "$src/$name.tmp/.unpacked"
		mv "$src/$name.tmp" "$src/$name"
	fi
done
