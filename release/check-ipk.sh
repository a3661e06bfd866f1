#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Each OpenWrt package, unpacked and inspected: the ipk layout opkg reads,
# control fields (its architecture name among the ones its binary runs on),
# the files with their modes, a binary for the right machine and byte order,
# scripts that parse, and persistent state outside /var (tmpfs on OpenWrt).
#
# usage: release/check-ipk.sh VERSION
set -u
version=$1
. tests/lib/t.sh
w=$(mktemp -d /tmp/pf-ipk.XXXXXX)
trap 'rm -rf "$w"' EXIT
parses() { "$PF" --config "$1" allow list >/dev/null; }
n=0
for ipk in release/out/packetframe_${version}-1_*.ipk; do
	name=${ipk#release/out/packetframe_${version}-1_}
	name=${name%.ipk}
	n=$((n + 1))
	rm -rf "$w/x" && mkdir -p "$w/x/data" "$w/x/control"
	tar -C "$w/x" -xzf "$ipk"
	t_check "ipk_${name}_layout" [ "$(tar -tzf "$ipk" | sort | tr '\n' ' ')" = \
		"./ ./control.tar.gz ./data.tar.gz ./debian-binary " ] --and \
		[ "$(cat "$w/x/debian-binary")" = 2.0 ]
	tar -C "$w/x/data" -xzf "$w/x/data.tar.gz" && tar -C "$w/x/control" -xzf "$w/x/control.tar.gz"
	ctl=$w/x/control/control
	t_check "ipk_${name}_control" grep -qx "Architecture: $name" "$ctl" --and \
		grep -qx "Version: $version-1" "$ctl" --and grep -qx "Package: packetframe" "$ctl" --and \
		grep -qx /etc/packetframe/packetframe.conf "$w/x/control/conffiles"
	mode() { stat -c %a "$w/x/data/$1"; }
	t_check "ipk_${name}_files" [ "$(mode usr/sbin/packetframe)" = 755 ] --and \
		[ "$(mode etc/init.d/packetframe)" = 755 ] --and \
		[ "$(mode etc/hotplug.d/iface/50-packetframe)" = 755 ] --and \
		[ "$(mode etc/hotplug.d/net/50-packetframe)" = 755 ] --and \
		[ "$(mode usr/libexec/packetframe-loop)" = 755 ] --and \
		[ "$(mode etc/packetframe/packetframe.conf)" = 600 ]
	case $name in
	x86_64) want="X86-64|little" ;;
	aarch64_*) want="AArch64|little" ;;
	arm_*) want="ARM|little" ;;
	mips_*) want="MIPS R3000|big" ;;
	mipsel_*) want="MIPS R3000|little" ;;
	esac
	hdr=$(readelf -h "$w/x/data/usr/sbin/packetframe")
	got=$(echo "$hdr" | sed -n 's/^ *Machine: *\(Advanced Micro Devices \)\{0,1\}//p')
	got="$got|$(echo "$hdr" | sed -n 's/^ *Data: *2.s complement, \([a-z]*\) endian/\1/p')"
	t_check "ipk_${name}_binary_machine" [ "$got" = "$want" ]
	t_check "ipk_${name}_scripts_parse" sh -n "$w/x/data/etc/init.d/packetframe" --and \
		sh -n "$w/x/data/etc/hotplug.d/iface/50-packetframe" --and sh -n "$w/x/control/prerm" \
		--and sh -n "$w/x/control/postinst"
	# State that survives a reboot must not be on tmpfs (/var, /tmp).
	t_check "ipk_${name}_state_on_flash" grep -q '^ *state-dir /etc/' "$w/x/data/etc/packetframe/packetframe.conf" \
		--and parses "$w/x/data/etc/packetframe/packetframe.conf"
done
t_check ipk_packages_built [ "$n" -ge 5 ]
