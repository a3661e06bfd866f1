# SPDX-License-Identifier: GPL-2.0-or-later
# fib-lookup: `auto` by default, the direct lookup for IPv4 while the kernel
# keeps its local table merged into main (no policy rule since boot: then it
# is the kernel's own lookup), the full one otherwise and for IPv6; `direct`
# (main table, no rules) where the router has only the kernel's own policy
# rules, untouched, and a local table of the kernel's own host routes;
# refused otherwise; a rule that appears later is reported (degraded).
# Traffic flows in every mode, with the router's FORWARD chain dropping.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start fib
status_is() { pf status --json | jq -e "$1" >/dev/null; }
counter() { pf status --json | jq -r ".counters.$1 // 0"; }
printf '10.91.2.0/24\nfd91:2::/64\n10.77.7.0/24\n' >"$LAB/p.txt"
# a router-id style /32 outside every subnet, and a default route that covers it
ip -n "$NS_R" addr add 10.77.7.7/32 dev lo
ip -n "$NS_R" route add default via 10.91.2.2
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
t_check fib_default_auto status_is '.fib_lookup == {"v4": "direct", "v6": "full"} and .config.fib_lookup == "auto" and .health == "ok"'
t_check fib_auto_forwards_v4 [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
t_check fib_auto_forwards_v6 [ "$(xfer v6 20)" = "sent 20 received 20 matched 20" ]

# Sources from a blackholed prefix: the kernel checks no source while its tables
# are merged, so it forwards them, and so does the fast path.
ip -n "$NS_R" route add blackhole 10.98.0.0/24
bh() { "$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.98.0.1 10.91.2.2 10 $MAC_R0 $MAC_R1 $MAC_S; }
t_check fib_merged_no_source_check [ "$(bh)" = "sent 10 received 10 matched 10" ]

# An address the router takes after attach (a VIP; its old owner still in the
# neighbour table): the merged main table holds its local route at once.
ip -n "$NS_R" neigh add 10.91.2.77 lladdr $MAC_S dev r1 nud permanent
ip -n "$NS_R" addr add 10.91.2.77/32 dev r1
before=$(counter pass_not_fwded)
out=$("$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.91.2.77 10 $MAC_R0 $MAC_R1 $MAC_S)
t_check fib_auto_later_address_delivered [ "$out" = "sent 10 received 0 matched 0" ] --and [ $(($(counter pass_not_fwded) - before)) = 10 ]
ip -n "$NS_R" addr del 10.91.2.77/32 dev r1

# A rule added (and gone) after apply splits the tables under the fast path:
# main loses the local routes. The router's own addresses are still
# delivered, and within PF_FIB_PROBE_EVERY frames per CPU the fast path takes
# the full lookup and the kernel's source check, before any apply.
ip -n "$NS_R" addr add 10.77.7.8/32 dev lo
ip -n "$NS_R" rule add from 10.9.9.0/24 lookup 100 pref 100
ip -n "$NS_R" rule del pref 100
to_own() { "$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 "$1" "$2" $MAC_R0 $MAC_R1 $MAC_S; }
t_check fib_split_reported status_is '.health == "degraded" and any(.problems[]; test("the direct FIB lookup skips them"))'
t_check fib_split_known_address_delivered [ "$(to_own 10.77.7.7 10)" = "sent 10 received 0 matched 0" ]
PKTIO_GAP_US=20 to_own 10.77.7.8 2100 >/dev/null # until every CPU has probed
t_check fib_split_later_address_delivered [ "$(to_own 10.77.7.8 10)" = "sent 10 received 0 matched 0" ]
before=$(counter pass_rp_filter)
t_check fib_split_source_checked_before_apply [ "$(bh)" = "sent 10 received 0 matched 0" ] --and [ $(($(counter pass_rp_filter) - before)) = 10 ]
t_check fib_split_shown status_is '.fib_lookup.v4 == "full" and any(.problems[]; test("no longer looks merged"))'
ip -n "$NS_R" addr del 10.77.7.8/32 dev lo

# A rule that stays: reported; `apply` takes the full lookup.
ip -n "$NS_R" rule add from 10.9.9.0/24 lookup 100 pref 100
t_check fib_auto_rule_added_degraded status_is '.health == "degraded" and any(.problems[]; test("the direct FIB lookup skips them"))'
pf apply >/dev/null 2>&1
t_check fib_auto_rule_full status_is '.fib_lookup == {"v4": "full", "v6": "full"} and .health == "ok"'
# ...and stays full once the rule is gone: the kernel never merges them back,
# and checks every source from then on. Its check only refuses sources that
# resolve to one of its own or a broadcast address; the fast path's
# (PF_PORT_RP_VALIDATE) hands it every frame whose source has no unicast route
# back, a blackholed one included: passing is the safe side of that check.
ip -n "$NS_R" rule del pref 100
pf apply >/dev/null 2>&1
t_check fib_auto_rule_deleted_still_full status_is '.fib_lookup == {"v4": "full", "v6": "full"} and .health == "ok"'
before=$(counter pass_rp_filter)
t_check fib_split_source_checked [ "$(bh)" = "sent 10 received 0 matched 0" ] --and [ $(($(counter pass_rp_filter) - before)) = 10 ]
ip -n "$NS_R" route del blackhole 10.98.0.0/24

sed -i '/fib-lookup/d' "$LAB/pf.conf"
echo "  fib-lookup full" >>"$LAB/pf.conf"
pf apply >/dev/null 2>&1
t_check fib_full status_is '.fib_lookup == {"v4": "full", "v6": "full"} and .config.fib_lookup == "full"'
t_check fib_full_forwards_v4 [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]

sed -i 's/fib-lookup full/fib-lookup direct/' "$LAB/pf.conf"
pf apply >/dev/null 2>&1
t_check fib_direct status_is '.fib_lookup == {"v4": "direct", "v6": "direct"} and .health == "ok"'
t_check fib_direct_forwards_v4 [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
t_check fib_direct_forwards_v6 [ "$(xfer v6 20)" = "sent 20 received 20 matched 20" ]

# A rule added later: reported; apply refuses direct (nothing changed) until the config says full.
ip -n "$NS_R" rule add from 10.9.9.0/24 lookup 100 pref 100
t_check fib_rule_added_degraded status_is '.health == "degraded" and any(.problems[]; test("fib-lookup direct: this router has policy rules"))'
pf apply >"$LAB/out" 2>&1
t_check fib_direct_refused_with_rules [ $? = 1 ] --and grep -q 'fib-lookup direct: this router has policy rules' "$LAB/out"
t_check fib_refusal_changed_nothing status_is '.fib_lookup == {"v4": "direct", "v6": "direct"}'
sed -i 's/fib-lookup direct/fib-lookup full/' "$LAB/pf.conf"
pf apply >/dev/null 2>&1
t_check fib_back_to_full status_is '.fib_lookup == {"v4": "full", "v6": "full"} and .health == "ok"'
t_check fib_full_with_rule_forwards [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]

# The kernel's own rules, changed: a deleted main rule, or one with an action, is not "the kernel's".
ip -n "$NS_R" rule del pref 100
ip -n "$NS_R" rule add pref 0 from 10.91.1.3 table local prohibit
sed -i 's/fib-lookup full/fib-lookup direct/' "$LAB/pf.conf"
pf apply >/dev/null 2>&1
t_check fib_rule_with_action_not_kernels [ $? = 1 ]
ip -n "$NS_R" rule del pref 0 from 10.91.1.3 table local prohibit
ip -n "$NS_R" -6 rule del pref 32766
pf apply >/dev/null 2>&1
t_check fib_deleted_main_rule_not_kernels [ $? = 1 ]
ip -n "$NS_R" -6 rule add pref 32766 lookup main
# AnyIP: a local route the kernel did not make.
ip -n "$NS_R" route add local 10.99.0.5/32 dev lo table local
pf apply >"$LAB/out" 2>&1
t_check fib_custom_local_route_refused [ $? = 1 ] --and grep -q 'local-table routes the kernel did not make' "$LAB/out"
sed -i 's/fib-lookup direct/fib-lookup sideways/' "$LAB/pf.conf"
pf apply >"$LAB/out" 2>&1
t_check fib_bad_mode_refused [ $? = 1 ] --and grep -q 'must be auto, full or direct' "$LAB/out"

# That local route makes the kernel check every source (fib_has_custom_local_routes):
# 10.99.0.5 as a source is a martian to it, so the fast path must not forward it.
sed -i 's/fib-lookup sideways/fib-lookup full/' "$LAB/pf.conf"
pf apply >/dev/null 2>&1
before=$(($(counter pass_local_src) + $(counter pass_rp_filter)))
out=$("$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.99.0.5 10.91.2.2 10 $MAC_R0 $MAC_R1 $MAC_S)
after=$(($(counter pass_local_src) + $(counter pass_rp_filter)))
t_check fib_custom_local_source_not_forwarded [ "$out" = "sent 10 received 0 matched 0" ] --and [ $((after - before)) = 10 ]

# (A VRF refusing direct is checked in the qemu matrix: this kernel has no VRF support.)
