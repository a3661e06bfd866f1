# SPDX-License-Identifier: GPL-2.0-or-later
# fib-lookup: with only the kernel's own policy rules the fast path asks the
# FIB directly (main table), per family; a rule added later is reported
# (degraded) and `apply` switches that family to the full lookup; `direct`
# is refused where it would skip a rule; `full` always goes through them.
# Traffic flows in every mode, with the router's FORWARD chain dropping.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start fib
status_is() { pf status --json | jq -e "$1" >/dev/null; }
printf '10.91.2.0/24\nfd91:2::/64\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
t_check fib_auto_direct status_is '.fib_lookup == {"v4": "direct", "v6": "direct"} and .config.fib_lookup == "auto"'
t_check fib_direct_forwards_v4 [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
t_check fib_direct_forwards_v6 [ "$(xfer v6 20)" = "sent 20 received 20 matched 20" ]

ip -n "$NS_R" rule add from 10.9.9.0/24 lookup 100 pref 100
t_check fib_rule_added_degraded status_is '.health == "degraded" and any(.problems[]; test("direct FIB lookup skips them"))'
pf apply >/dev/null 2>&1
t_check fib_apply_goes_full_v4_only status_is '.fib_lookup == {"v4": "full", "v6": "direct"} and .health == "ok"'
t_check fib_full_forwards_v4 [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]

echo "  fib-lookup direct" >>"$LAB/pf.conf"
pf apply >"$LAB/out" 2>&1
t_check fib_direct_refused_with_rules [ $? = 1 ] && grep -q 'fib-lookup direct: this router has policy rules' "$LAB/out"
t_check fib_refusal_changed_nothing status_is '.fib_lookup == {"v4": "full", "v6": "direct"}'
sed -i 's/fib-lookup direct/fib-lookup full/' "$LAB/pf.conf"
ip -n "$NS_R" rule del pref 100
pf apply >/dev/null 2>&1
t_check fib_full_by_config status_is '.fib_lookup == {"v4": "full", "v6": "full"} and .config.fib_lookup == "full"'
t_check fib_full_forwards_v6 [ "$(xfer v6 20)" = "sent 20 received 20 matched 20" ]
sed -i 's/fib-lookup full/fib-lookup sideways/' "$LAB/pf.conf"
pf apply >"$LAB/out" 2>&1
t_check fib_bad_mode_refused [ $? = 1 ] && grep -q 'must be auto, direct or full' "$LAB/out"
