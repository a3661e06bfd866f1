# SPDX-License-Identifier: GPL-2.0-or-later
# rx VLAN offload would hide tags from the fast path: attach turns it off on
# every port it attaches (802.1Q and 802.1ad parsing), detach puts back what
# was on, and status says when someone turns it on again.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start offload
rxvlan() { ip netns exec "$NS_R" ethtool -k "$1" | sed -n 's/^rx-vlan-offload: \([a-z]*\).*/\1/p'; }
ip netns exec "$NS_R" ethtool -K r0 rxvlan on >/dev/null 2>&1
ip netns exec "$NS_R" ethtool -K r1 rxvlan off >/dev/null 2>&1
before0=$(rxvlan r0) before1=$(rxvlan r1)
t_check offload_setup [ "$before0" = on ] --and [ "$before1" = off ]
pf attach >/dev/null 2>&1
t_check offload_attach_exit_0 [ $? = 0 ]
t_check offload_off_while_attached [ "$(rxvlan r0)" = off ] --and [ "$(rxvlan r1)" = off ]
ip netns exec "$NS_R" ethtool -K r0 rxvlan on >/dev/null 2>&1
pf status --json >"$LAB/st"
t_check offload_status_degraded [ $? = 3 ] --and \
	[ "$(jq '.problems | any(test("r0: rx VLAN offload is on again"))' "$LAB/st")" = true ]
pf attach >/dev/null 2>&1
t_check offload_attach_turns_it_off_again [ "$(rxvlan r0)" = off ]
pf detach --all >/dev/null 2>&1
t_check offload_restored_on_detach [ "$(rxvlan r0)" = on ] --and [ "$(rxvlan r1)" = off ]
t_check offload_no_record_left sh -c "! ls '$LAB/state' | grep -q rxvlan"
