# SPDX-License-Identifier: GPL-2.0-or-later
# A reboot, simulated: the bpffs goes away with every pin (so every XDP link
# goes), the runtime dir (tmpfs) is emptied, the state dir stays. The boot
# unit's own ExecStart line then re-attaches the same ports in the same modes
# with the same allowlist (from allow.list), counters from zero, and only the
# fast path can deliver (the lab's FORWARD policy drops).
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start boot "circuit-breaker drop-ratio 0.5 of matched window 1s threshold 2"
exec_start=$(sed -n 's|^ExecStart=/usr/sbin/packetframe ||p' release/systemd/packetframe.service)
exec_reload=$(sed -n 's|^ExecReload=/usr/sbin/packetframe ||p' release/systemd/packetframe.service)
t_check boot_unit_lines [ "$exec_start" = attach ] --and [ "$exec_reload" = apply ]
set_of() { pf status --json | jq -c '[.attachments[] | .iface + " " + .mode] | sort'; }
xdp_on() { ip -n "$NS_R" -d link show "$1" | grep -q 'prog/xdp'; }
gone() { ! xdp_on r0 && ! xdp_on r1; }

printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null 2>&1
# shellcheck disable=SC2086 # the unit's words
pf $exec_start >/dev/null 2>&1
before=$(set_of)
t_check boot_first_attach [ "$before" = '["r0 native","r1 native"]' ] --and \
	[ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
pf guard >/dev/null 2>&1

# The reboot: pins (and with them links) gone, tmpfs emptied, state kept.
umount "$LAB/bpf"
rm -rf "$LAB/run"
i=0
while ! gone && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
t_check boot_links_gone_with_pins gone --and [ "$(xfer v4 5)" = "sent 5 received 0 matched 0" ]
t_check boot_state_kept [ -f "$LAB/state/allow.list" ] --and [ -f "$LAB/state/events.log" ]
mount -t bpf bpf "$LAB/bpf"

# shellcheck disable=SC2086
pf $exec_start >"$LAB/out" 2>&1
t_check boot_reattached [ $? = 0 ] --and [ "$(set_of)" = "$before" ]
t_check boot_counters_from_zero [ "$(pf stats --json | jq '.fwd_ok + .matched_v4 + .matched_v6')" = 0 ]
t_check boot_allowlist_back [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ] --and \
	[ "$(pf stats --json | jq .fwd_ok)" = 20 ]
t_check boot_guard_primes_again [ "$(pf guard --json | jq -r .verdict)" = primed ]
# shellcheck disable=SC2086
pf $exec_reload >/dev/null 2>&1
t_check boot_reload_ok [ $? = 0 ] --and [ "$(set_of)" = "$before" ]
t_check boot_event [ "$(pf events --json | jq -c '[.[] | select(.command == "attach") | .changes.links | length]')" = "[2,2]" ]

# The timer's and hooks' apply converges what is attached, and never attaches
# a port the operator detached.
pf detach r1 >/dev/null 2>&1
pf apply --if-attached >"$LAB/out" 2>&1
t_check boot_if_attached_keeps_detached [ $? = 0 ] --and [ "$(set_of)" = '["r0 native"]' ]
pf detach r0 >/dev/null 2>&1
pf apply --if-attached >"$LAB/out" 2>&1
t_check boot_if_attached_none [ $? = 0 ] --and grep -q "nothing to do" "$LAB/out" --and \
	[ "$(set_of)" = '[]' ]
