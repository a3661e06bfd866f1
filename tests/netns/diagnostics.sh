# SPDX-License-Identifier: GPL-2.0-or-later
# feasibility, probe and explain in the lab: feasibility's JSON against its
# schema and nothing left behind; probe verdicts on plain, tagged and
# prefixed frames, its refusal on an attached interface and --force; explain
# agreeing with what the same traffic really does, without touching counters.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start diagnostics "allow-prefix 10.91.2.0/24"
status_is() { pf status --json | jq -e "$1" >/dev/null; }
no_xdp() { ! ip -n "$NS_R" -d link show | grep -q 'prog/xdp'; }
prog_ids() { bpftool prog show | sed -n 's/^\([0-9]*\):.*/\1/p' | sort; }
# no_new_programs BEFORE-LIST: every program loaded now was there before
no_new_programs() { [ -z "$(prog_ids | comm -13 "$1" -)" ]; }

# ---- feasibility ----
prog_ids >"$LAB/progs.before"
pf feasibility >"$LAB/feas" 2>&1
t_check diag_feasibility_exit_0 [ $? = 0 ]
t_check diag_feasibility_verdict_line grep -q '^Result: PASS' "$LAB/feas"
pf feasibility --json >"$LAB/feas.json"
t_check diag_feasibility_json_schema jq -e '
	(.version | type) == "string" and (.passed | type) == "boolean" and .passed and
	(.required_failed == 0) and (.checks | length) > 10 and
	all(.checks[]; (.name | type) == "string" and (.required | type) == "boolean" and
	    (.status | IN("pass", "fail", "warn", "info")) and (.detail | type) == "string") and
	any(.checks[]; .name == "helper.bpf_fib_lookup" and .required) and
	any(.checks[]; .name == "map.lpm_trie") and
	any(.checks[]; .name == "iface.r0.native" and .status == "pass")' "$LAB/feas.json"
sleep 1
t_check diag_feasibility_left_no_pins [ ! -e "$LAB/bpf/packetframe" ]
t_check diag_feasibility_left_no_xdp no_xdp
t_check diag_feasibility_left_no_programs no_new_programs "$LAB/progs.before"
ip netns exec "$NS_R" sysctl -qw net.ipv4.ip_forward=0
pf feasibility >"$LAB/feas" 2>&1
t_check diag_feasibility_fails_without_forwarding [ $? = 1 ]
t_check diag_feasibility_names_failure grep -q '^FAIL   yes  sysctl.net.ipv4.ip_forward' "$LAB/feas"
ip netns exec "$NS_R" sysctl -qw net.ipv4.ip_forward=1

# ---- probe ----
# probe_says KIND TEXT [PROBE-ARGS]: probe r0 while the client sends KIND frames
probe_says() {
	kind=$1 text=$2
	shift 2
	pf probe --iface r0 --duration 2s "$@" >"$LAB/probe" 2>&1 &
	pp=$!
	sleep 0.5
	"$PKTIO" send "$NS_C" c0 30 "$kind"
	wait $pp
	grep '^verdict:' "$LAB/probe" | grep -q "$text"
}
t_check diag_probe_plain probe_says plain 'verdict: conformant Ethernet' --mode generic
t_check diag_probe_tagged probe_says tagged 'verdict: VLAN-tagged Ethernet' --mode generic
t_check diag_probe_prefix probe_says prefix16 'descriptor prefix before the Ethernet header of 16 bytes' --mode native
t_check diag_probe_left_no_xdp no_xdp

pf attach >/dev/null 2>&1
pf probe --iface r0 --duration 1s >"$LAB/probe" 2>&1
t_check diag_probe_refuses_attached [ $? = 1 ]
t_check diag_probe_explains_force grep -q 'Use --force' "$LAB/probe"
t_check diag_probe_force_plain probe_says plain 'conformant Ethernet' --force
t_check diag_probe_force_restored status_is '.health == "ok" and all(.attachments[]; .current_program)'
t_check diag_probe_force_traffic_flows [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]

# ---- explain ----
# The counters explain's frames would hit if they leaked into the live block
# (rx_total would also count the ports' own IPv6 chatter meanwhile).
cnt() { pf status --json | jq -r ".counters.$1 // 0"; }
fw0=$(cnt fwd_ok) am0=$(cnt allow_miss) vu0=$(cnt pass_vlan_unknown)
pf explain --iface r0 --src 10.91.1.2 --dst 10.91.2.2 --json >"$LAB/ex.json"
t_check diag_explain_exit_0 [ $? = 0 ]
t_check diag_explain_forward jq -e --arg s "$MAC_S" --arg r "$MAC_R1" '
	.verdict == "redirect" and .forward.egress == "r1" and .forward.dmac == $s and
	.forward.smac == $r and .forward.ttl == 63 and
	any(.counters[]; .name == "fwd_ok")' "$LAB/ex.json"
# The same packet for real: pktio checks exactly these MACs and TTL on arrival.
t_check diag_explain_agrees_with_traffic [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
pf explain --iface r0 --src 10.91.1.2 --dst 192.0.2.9 --json >"$LAB/ex.json"
t_check diag_explain_miss jq -e '.verdict == "pass" and [.counters[].name] == ["allow_miss"]' "$LAB/ex.json"
pf explain --iface r0 --src 10.91.1.2 --dst 10.91.2.2 --vlan 77 --json >"$LAB/ex.json"
t_check diag_explain_unknown_vlan jq -e '[.counters[].name] == ["pass_vlan_unknown"]' "$LAB/ex.json"
t_check diag_explain_leaves_counters [ "$(cnt fwd_ok)" = "$((fw0 + 20))" ] --and \
	[ "$(cnt allow_miss)" = "$am0" ] --and [ "$(cnt pass_vlan_unknown)" = "$vu0" ]
pf explain --src 10.91.1.2 --dst bogus >/dev/null 2>"$LAB/err"
t_check diag_explain_bad_address_exit_1 [ $? = 1 ]
t_check diag_explain_bad_address_named grep -q "'bogus' is not an IPv4" "$LAB/err"
pf detach --all >/dev/null 2>&1
