# SPDX-License-Identifier: GPL-2.0-or-later
# `status` tells the truth and its exit code is the health: 0 ok, 3 degraded,
# 4 detached; without privileges it says so instead of "detached"; drift of
# the live maps from allow.list and the config, a renamed interface, dry-run
# and attach times are shown.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start status
st_is() { jq -e "$1" "$LAB/st" >/dev/null; } # the last `status --json`, as FILTER says

pf status --json >"$LAB/st" 2>&1
t_check status_nothing_pinned_exit_4 [ $? = 4 ]
t_check status_nothing_pinned_detached st_is '.health == "detached" and .schema == 1 and (.time | type) == "number"'

printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
pf status >"$LAB/out" 2>&1
t_check status_ok_exit_0 [ $? = 0 ]
t_check status_human_shows_config grep -q "config    $LAB/pf.conf" "$LAB/out"
t_check status_human_shows_dry_run grep -q 'dry-run off' "$LAB/out"
t_check status_human_shows_since grep -Eq 'r0 .* since [0-9]{4}-[0-9]{2}-[0-9]{2} ' "$LAB/out"
pf status --json >"$LAB/st"
t_check status_json_config st_is '.config.dry_run == false and .dry_run == false and (.attachments[0].attached_at | type) == "number" and .drift == {}'
# A link-local address that comes after attach (as a port's does when its link
# comes up late) is no drift: link-local traffic is the kernel's anyway.
ip -n "$NS_R" -6 addr add fe80::99/64 dev r0 nodad
pf status --json >"$LAB/st"
t_check status_late_link_local_no_drift st_is '.health == "ok" and .drift == {}'
ip -n "$NS_R" -6 addr del fe80::99/64 dev r0

# Without privileges: an error naming them, not "detached".
chmod 711 "$LAB" && chmod 644 "$LAB/pf.conf"
ip netns exec "$NS_R" setpriv --reuid=65534 --regid=65534 --clear-groups "$PF" --config "$LAB/pf.conf" status >"$LAB/out" 2>&1
rc=$?
t_check status_unprivileged_exit_1 [ $rc = 1 ]
t_check status_unprivileged_not_detached sh -c "! grep -q detached '$LAB/out'"
t_check status_unprivileged_says_so grep -q 'needs root' "$LAB/out"

# allow.list edited behind packetframe's back: drift, degraded.
printf '10.91.2.0/24\n198.51.100.0/24\n' >"$LAB/state/allow.list"
pf status --json >"$LAB/st"
t_check status_drift_exit_3 [ $? = 3 ]
t_check status_drift_named st_is '.drift.ALLOW_V4.missing == 1 and .health == "degraded"'
pf apply >/dev/null 2>&1
pf status --json >"$LAB/st"
t_check status_apply_clears_drift [ $? = 0 ]

# A renamed port is reported.
ip -n "$NS_R" link set r1 down && ip -n "$NS_R" link set r1 name r1x && ip -n "$NS_R" link set r1x up
pf status --json >"$LAB/st"
t_check status_renamed_exit_3 [ $? = 3 ]
t_check status_renamed_named st_is '[.problems[] | select(test("r1: the device .* is now named .r1x."))] | length == 1'
ip -n "$NS_R" link set r1x down && ip -n "$NS_R" link set r1x name r1 && ip -n "$NS_R" link set r1 up

pf detach --all >/dev/null 2>&1
pf status >/dev/null 2>&1
t_check status_after_detach_exit_4 [ $? = 4 ]

# What the fast path bypasses by design is named: the lab's forward chain, a
# NAT chain, a shaper on an egress port.
ip netns exec "$NS_R" nft add table ip pfnat
ip netns exec "$NS_R" nft 'add chain ip pfnat post { type nat hook postrouting priority 100; }'
ip netns exec "$NS_R" tc qdisc add dev r1 root tbf rate 100mbit burst 32k latency 50ms
pf status --json >"$LAB/st" 2>/dev/null
t_check status_bypass_forward_chain st_is '.bypassed | any(test("nftables chain pflab forward hooks forward"))'
t_check status_bypass_nat st_is '.bypassed | any(test("pfnat post does NAT"))'
t_check status_bypass_qdisc st_is '.bypassed | any(test("egress qdisc tbf on r1"))'
ip -n "$NS_R" rule add fwmark 0x51 lookup 51 pref 51
pf status --json >"$LAB/st" 2>/dev/null
t_check status_bypass_fwmark_rule st_is '.bypassed | any(test("IPv4 policy rule 51 selects on fwmark 0x51"))'
