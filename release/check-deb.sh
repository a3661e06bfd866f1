#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The host architecture's package in a throwaway root (dpkg --root, scripts
# run outside it with DPKG_ROOT set): install, an operator's edit of the
# conffile, upgrade to a newer build (the edit kept), remove and purge, which
# leaves nothing behind; in an image root the scripts act on nothing live
# (tests/netns/pkg_scripts.sh runs their live steps against a lab). lintian
# has nothing to say about any package.
#
# usage: release/check-deb.sh VERSION DOCS-DIR ARCH... (packages in release/out)
set -u
version=$1
docs=$2
shift 2
out=release/out
. tests/lib/t.sh
. release/lib.sh # debarch
for arch in "$@"; do
	da=$(debarch "$arch")
	deb=$out/packetframe_${version}-1_$da.deb
	t_check "deb_${da}_lintian_clean" sh -c "[ -z \"\$(lintian '$deb' 2>&1 | grep -v 'root privileges')\" ]"
done
host=$(dpkg --print-architecture)
deb=$out/packetframe_${version}-1_$host.deb
R=$(mktemp -d /tmp/pf-deb.XXXXXX)
next=$(mktemp -d /tmp/pf-deb-next.XXXXXX)
trap 'rm -rf "$R" "$next"' EXIT
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/var/lib/dpkg/triggers"
: >"$R/var/lib/dpkg/status"
DPKG="dpkg --root=$R --force-script-chrootless --force-not-root --log=/dev/null"
files() { find "$R" -path "$R/var/lib/dpkg" -prune -o ! -type d -print | sed "s|^$R||" | sort; }

$DPKG -i "$deb" >"$R.log" 2>&1
t_check deb_install [ $? = 0 ] --and [ -x "$R/usr/sbin/packetframe" ] --and \
	[ -f "$R/lib/systemd/system/packetframe.service" ] --and \
	[ -f "$R/usr/share/man/man8/packetframe.8.gz" ] --and \
	[ -f "$R/usr/share/bash-completion/completions/packetframe" ]
t_check deb_conffiles grep -qx /etc/packetframe/packetframe.conf "$R/var/lib/dpkg/info/packetframe.conffiles"
t_check deb_config_attaches_nothing sh -c "! grep -q '^[[:space:]]*attach ' '$R/etc/packetframe/packetframe.conf'"
runs() { "$R/usr/sbin/packetframe" version >/dev/null; }
t_check deb_binary_runs runs

# The operator's edit: everything the scripts touch stays inside the root.
conf=$R/etc/packetframe/packetframe.conf
awk -v r="$R" '{ print } /^global$/ && !done {
	print "  bpffs-root " r "/bpffs"; print "  state-dir " r "/var/lib/packetframe/state"
	print "  runtime-dir " r "/run/packetframe"; done = 1 }' "$conf" >"$conf.new" && mv "$conf.new" "$conf"
edited=$(md5sum <"$conf")
parses() { "$R/usr/sbin/packetframe" --config "$conf" status >/dev/null 2>&1; [ $? = 4 ]; }
t_check deb_edited_config_parses parses

# Reproducible: the same commit builds the same bytes.
mkdir -p "$next/again"
DEB_OUT=$next/again release/deb.sh "$version" "$docs" "$(uname -m)" >/dev/null
t_check deb_reproducible cmp -s "$deb" "$next/again/packetframe_${version}-1_$host.deb"
DEB_OUT=$next release/deb.sh "$version.1" "$docs" "$(uname -m)" >/dev/null
$DPKG -i "$next/packetframe_${version}.1-1_$host.deb" >"$R.log" 2>&1
t_check deb_upgrade [ $? = 0 ] --and \
	[ "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f='${Version}' packetframe)" = "$version.1-1" ] \
	--and [ "$(md5sum <"$conf")" = "$edited" ]
# Nothing ran against anything: not the image's state, not the machine's.
t_check deb_image_scripts_act_on_nothing [ ! -e "$R/var/lib/packetframe/state/lock" ]

$DPKG -r packetframe >"$R.log" 2>&1
t_check deb_remove [ $? = 0 ] --and [ ! -e "$R/usr/sbin/packetframe" ] --and \
	[ -f "$conf" ]
$DPKG -P packetframe >"$R.log" 2>&1
t_check deb_purge [ $? = 0 ] --and [ -z "$(files)" ]
[ -z "$(files)" ] || files
rm -f "$R.log"
