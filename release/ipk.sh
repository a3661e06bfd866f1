#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# OpenWrt packages (.ipk: a gzipped tar of debian-binary, control.tar.gz and
# data.tar.gz, as OpenWrt's own ipkg-build makes them), one per OpenWrt
# architecture name of the current releases that a static binary of ours
# runs on: the procd init script, the hotplug hooks, the guard/metrics loop
# and the OpenWrt config (state under /etc: /var is tmpfs there). Plain
# tools only, no SDK.
#
# usage: release/ipk.sh VERSION ARCH...   (binaries from build/ARCH)
set -eu
version=$1
shift
out=release/out
# OpenWrt's names for the CPUs each build runs on.
names() {
	case $1 in
	x86_64) echo x86_64 ;;
	aarch64) echo aarch64_generic aarch64_cortex-a53 aarch64_cortex-a72 ;;
	armhf) echo arm_cortex-a7_neon-vfpv4 arm_cortex-a9_vfpv3-d16 arm_cortex-a15_neon-vfpv4 ;;
	mips) echo mips_24kc ;;
	mipsel) echo mipsel_24kc mipsel_74kc ;;
	esac
}
. release/lib.sh # SOURCE_DATE_EPOCH, kib
tgz() { # DIR OUT: a reproducible tar.gz of DIR's contents, owned by root
	tar -C "$1" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
		-cf - . | gzip -9n >"$2"
}
for arch in "$@"; do
	for name in $(names "$arch"); do
		w=$(mktemp -d)
		d=$w/data c=$w/control
		install -D -m 0755 "build/$arch/packetframe" "$d/usr/sbin/packetframe"
		install -D -m 0755 release/openwrt/packetframe.init "$d/etc/init.d/packetframe"
		install -D -m 0755 release/hooks/packetframe-apply-hook "$d/etc/hotplug.d/iface/50-packetframe"
		install -D -m 0755 release/hooks/packetframe-apply-hook "$d/etc/hotplug.d/net/50-packetframe"
		install -D -m 0755 release/hooks/packetframe-loop "$d/usr/libexec/packetframe-loop"
		install -D -m 0600 release/openwrt/packetframe.conf "$d/etc/packetframe/packetframe.conf"
		mkdir -p "$c"
		cat >"$c/control" <<CONTROL
Package: packetframe
Version: $version-1
Source: packetframe
License: GPL-2.0-or-later
Section: net
Architecture: $name
Installed-Size: $(kib "$d")
Description: XDP fast path for the allowlisted prefixes of a router, using the
 kernel's FIB. As installed it attaches nothing: edit
 /etc/packetframe/packetframe.conf, then /etc/init.d/packetframe enable/start.
CONTROL
		echo /etc/packetframe/packetframe.conf >"$c/conffiles"
		install -m 0755 release/openwrt/prerm release/openwrt/postinst "$c/"
		echo 2.0 >"$w/debian-binary"
		tgz "$d" "$w/data.tar.gz"
		tgz "$c" "$w/control.tar.gz"
		rm -rf "$d" "$c"
		tgz "$w" "$out/packetframe_${version}-1_$name.ipk"
		rm -rf "$w"
		echo "  IPK     $out/packetframe_${version}-1_$name.ipk ($(stat -c %s "$out/packetframe_${version}-1_$name.ipk") bytes)"
	done
done
