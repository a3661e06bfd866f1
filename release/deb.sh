#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# One Debian package per architecture, built with dpkg-deb from a staged
# tree: the static binary, the systemd units, the interface hooks, the
# example config (a conffile that attaches nothing), man pages, completion,
# the maintainer scripts (release/deb/) and the docs.
#
# usage: release/deb.sh VERSION DOCS-DIR ARCH...   (binaries from build/ARCH)
set -eu
version=$1
docs=$2
shift 2
out=${DEB_OUT:-release/out}
. release/lib.sh # SOURCE_DATE_EPOCH (dpkg-deb clamps every mtime to it), debarch, kib
# Who: the commit's author (the packages name no address of their own).
maint=$(git log -1 --format='%an <%ae>' 2>/dev/null || echo 'packetframe <packetframe@example.org>')
when=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
for arch in "$@"; do
	da=$(debarch "$arch")
	root=$out/deb-$da
	rm -rf "$root"
	doc=$root/usr/share/doc/packetframe
	install -D -m 0755 "build/$arch/packetframe" "$root/usr/sbin/packetframe"
	install -d "$root/lib/systemd/system" "$doc/examples" "$root/DEBIAN"
	install -m 0644 release/systemd/* "$root/lib/systemd/system/"
	install -D -m 0644 release/deb/packetframe.conf "$root/etc/packetframe/packetframe.conf"
	install -D -m 0755 release/hooks/packetframe-apply-hook "$root/etc/network/if-up.d/packetframe"
	install -D -m 0755 release/hooks/packetframe-apply-hook \
		"$root/etc/networkd-dispatcher/routable.d/50-packetframe"
	install -D -m 0644 "$docs/packetframe.8" "$root/usr/share/man/man8/packetframe.8"
	install -D -m 0644 "$docs/packetframe.conf.5" "$root/usr/share/man/man5/packetframe.conf.5"
	gzip -9n "$root/usr/share/man/man8/packetframe.8" "$root/usr/share/man/man5/packetframe.conf.5"
	install -D -m 0644 "$docs/packetframe.bash" "$root/usr/share/bash-completion/completions/packetframe"
	install -D -m 0644 "$docs/_packetframe" "$root/usr/share/zsh/vendor-completions/_packetframe"
	install -m 0644 release/deb/copyright "$doc/copyright"
	install -m 0644 README.md "$doc/README.md"
	gzip -9n "$doc/README.md"
	install -m 0644 release/cron/packetframe.cron release/packetframe.conf.example "$doc/examples/"
	printf 'packetframe (%s-1) unstable; urgency=medium\n\n  * Release %s.\n\n -- %s  %s\n' \
		"$version" "$version" "$maint" "$when" | gzip -9n >"$doc/changelog.Debian.gz"
	install -D -m 0644 release/deb/lintian-overrides "$root/usr/share/lintian/overrides/packetframe"
	install -m 0755 release/deb/postinst release/deb/prerm release/deb/postrm "$root/DEBIAN/"
	(cd "$root" && find etc -type f | sed 's|^|/|' | sort) >"$root/DEBIAN/conffiles"
	(cd "$root" && find . -path ./DEBIAN -prune -o -path ./etc -prune -o -type f -print |
		sed 's|^\./||' | sort | xargs md5sum) >"$root/DEBIAN/md5sums"
	size=$(kib "$root" DEBIAN)
	cat >"$root/DEBIAN/control" <<CONTROL
Package: packetframe
Version: $version-1
Architecture: $da
Maintainer: $maint
Installed-Size: $size
Section: net
Priority: optional
Description: XDP fast path for the allowlisted prefixes of a Linux router
 packetframe forwards the traffic of an operator's allowlisted prefixes in
 XDP, using the kernel's own FIB and neighbour tables, and hands every other
 frame to the kernel unchanged. It is one static executable: every step is a
 command (attach, apply, allow, detach, status, stats, guard), state lives in
 bpffs pins and a state directory, and systemd units run it at boot and on
 timers. As installed it attaches nothing: edit
 /etc/packetframe/packetframe.conf first.
CONTROL
	# Owned by root, whatever the build user: dpkg-deb --root-owner-group.
	dpkg-deb --root-owner-group -Zxz --build "$root" "$out/packetframe_${version}-1_$da.deb" >/dev/null
	rm -rf "$root"
	echo "  DEB     $out/packetframe_${version}-1_$da.deb ($(stat -c %s "$out/packetframe_${version}-1_$da.deb") bytes)"
done
