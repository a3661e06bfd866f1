# SPDX-License-Identifier: GPL-2.0-or-later
# `attach --mode` on a port attached in another mode converges to the mode
# asked for (a link cannot change mode: it is replaced), and the fast path
# keeps forwarding byte-exact in both; --mode auto leaves a live link alone.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start modes
mode() { pf status --json | jq -r ".attachments[] | select(.iface == \"$1\") | .mode"; }
printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
t_check modes_auto_is_native [ "$(mode r0)" = native ]

pf attach --mode generic r0 >"$LAB/out" 2>&1
rc=$?; cat "$LAB/out"
t_check modes_to_generic_exit_0 [ $rc = 0 ]
t_check modes_to_generic [ "$(mode r0)" = generic ] --and [ "$(mode r1)" = native ]
t_check modes_to_generic_said grep -q 'r0: switching from native to generic mode' "$LAB/out"
t_check modes_generic_forwards [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]

pf attach --mode auto r0 >/dev/null 2>&1
t_check modes_auto_keeps_generic [ "$(mode r0)" = generic ]
pf attach --mode native r0 >"$LAB/out" 2>&1 || cat "$LAB/out"
t_check modes_back_to_native [ "$(mode r0)" = native ]
t_check modes_native_forwards [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
pf detach --all >/dev/null 2>&1

# A bridge (or bond) port is routed as its master: attaching it is refused.
ip -n "$NS_R" link add br9 type bridge && ip -n "$NS_R" link set r1 master br9
pf attach r1 >"$LAB/out" 2>&1
t_check modes_bridge_port_refused [ $? = 1 ] --and grep -q 'r1 is a port of br9' "$LAB/out"
