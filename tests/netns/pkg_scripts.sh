# SPDX-License-Identifier: GPL-2.0-or-later
# The .deb's maintainer scripts against a running fast path (a lab, its own
# config through PACKETFRAME_CONFIG): an upgrade's postinst converges the
# attached ports in place (a detached one stays detached) and keeps every
# frame flowing; remove's prerm detaches everything; with DPKG_ROOT set (an
# image being built) neither touches anything. The interface hook never fails
# ifup, even with a broken config.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start pkg_scripts
export PACKETFRAME=$PF PACKETFRAME_CONFIG=$LAB/pf.conf
# in_router CMD...: as dpkg would run it, on the router (its namespace)
in_router() { ip netns exec "$NS_R" env ${DPKG_ROOT:+DPKG_ROOT=$DPKG_ROOT} "$@"; }
set_of() { pf status --json | jq -c '[.attachments[] | .iface] | sort'; }
printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null 2>&1 && pf attach >/dev/null 2>&1
pf detach r0 >/dev/null 2>&1
DPKG_ROOT=/nonexistent in_router sh release/deb/prerm remove
t_check pkg_image_prerm_touches_nothing [ "$(set_of)" = '["r1"]' ]
in_router sh release/deb/postinst configure 0.0.9-1 2>"$LAB/err"
t_check pkg_postinst_upgrade [ $? = 0 ] --and [ "$(set_of)" = '["r1"]' ] --and [ ! -s "$LAB/err" ]
in_router sh release/deb/prerm upgrade 0.2.0-1
t_check pkg_prerm_upgrade_keeps [ "$(set_of)" = '["r1"]' ]
in_router sh release/deb/prerm remove
t_check pkg_prerm_remove_detaches [ "$(set_of)" = '[]' ] --and [ ! -e "$LAB/bpf/packetframe/fast-path" ]
# The hook: a broken config must not fail ifup (ifupdown stops at a failing hook).
printf 'global\n  bogus\n' >"$LAB/broken.conf"
PACKETFRAME_CONFIG=$LAB/broken.conf IFACE=eth0 MODE=start sh release/hooks/packetframe-apply-hook 2>/dev/null
t_check pkg_hook_never_fails_ifup [ $? = 0 ]
