# SPDX-License-Identifier: GPL-2.0-or-later
# The circuit breaker (`guard`): real error signals trip it, deliberate drops
# (a blackhole route, block-prefix) and a downstream port losing carrier
# never do. A window without matched frames
# keeps the count. On the trip: exit 5, everything detached, the flag set
# (status and the metrics show it), the event logged; attach and apply refuse
# until `guard --reset`, which clears it. The failure provoked is the redirect
# watch's: native XDP into a veth whose peer lost its NAPI (GRO off).
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start guard "circuit-breaker drop-ratio 0.5 of matched window 1s threshold 2"
if [ ! -r /sys/kernel/btf/vmlinux ]; then
	t_skip guard_trip "no kernel BTF: the redirect watch (the error signal provoked here) cannot load"
	exit 0
fi
verdict() { pf guard --json | jq -r .verdict; }
# window: wait out the 1 s window, then judge it
window() { sleep 1.1; verdict; }
flag_is() { jq -e "$1" "$LAB/state/guard.tripped" >/dev/null; }
guard_is() { pf guard --json | jq -e "$1" >/dev/null; }
# three windows of 20 frames each: their verdicts
three_windows() {
	vs=
	for i in 1 2 3; do
		xfer v4 20 >/dev/null
		vs="$vs${vs:+ }$(window)"
	done
	echo "$vs"
}
status_is() { pf status --json | jq -e "$1" >/dev/null; }
last_event() { pf events --json | jq -e ".[-1] | $1" >/dev/null; }
rc_of() { "$@" >"$LAB/out" 2>&1; echo $?; }

printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >"$LAB/out" 2>&1 || cat "$LAB/out"
t_check guard_primes [ "$(verdict)" = primed ] --and [ -f "$LAB/run/guard.json" ]
t_check guard_waits_for_the_window [ "$(verdict)" = waiting ]
xfer v4 20 >/dev/null
t_check guard_good_window [ "$(window)" = ok ]
t_check guard_window_counted guard_is '.last_window.matched == 20 and .last_window.errors == 0'
# (the window just judged: nothing since, so the next one says nothing)
t_check guard_no_data_window [ "$(window)" = no-data ]

# Deliberate drops are not error signals: a blackhole route ...
ip -n "$NS_R" route add blackhole 10.91.2.2/32
du0=$(pf stats --json | jq .drop_unreachable)
v=$(three_windows)
t_check guard_blackhole_drops_happen [ "$(($(pf stats --json | jq .drop_unreachable) - du0))" = 60 ]
t_check guard_blackhole_not_an_error [ "$v" = "ok ok ok" ]
ip -n "$NS_R" route del blackhole 10.91.2.2/32
# ... and block-prefix.
echo "  block-prefix 10.91.2.2/32" >>"$LAB/pf.conf"
pf apply >/dev/null 2>&1
b0=$(pf stats --json | jq .bogon_dropped)
v=$(three_windows)
t_check guard_block_drops_happen [ "$(($(pf stats --json | jq .bogon_dropped) - b0))" = 60 ]
t_check guard_block_prefix_not_an_error [ "$v" = "ok ok ok" ]
sed -i '/block-prefix/d' "$LAB/pf.conf"
pf apply >/dev/null 2>&1

# A downstream host going away (r1 loses carrier) is not the fast path
# failing: those frames are counted apart, and never trip it.
ip -n "$NS_S" link set s0 down
e0=$(pf stats --json | jq '.err_redirect, .drop_egress_down' | tr '\n' ' ')
v=$(three_windows)
e1=$(pf stats --json | jq '.err_redirect, .drop_egress_down' | tr '\n' ' ')
t_check guard_carrier_loss_counted_apart [ "$e0" = "0 0 " ] --and [ "$e1" = "0 60 " ]
t_check guard_carrier_loss_not_an_error [ "$v" = "ok ok ok" ]
ip -n "$NS_S" link set s0 up

# Real errors: every redirect into r1 now fails in the driver.
ip netns exec "$NS_S" ethtool -K s0 gro off >/dev/null
xfer v4 20 >/dev/null
t_check guard_first_bad_window [ "$(window)" = bad ] --and \
	[ "$(pf guard --json | jq .streak)" = 1 ]
# A window without traffic says nothing: the count stays.
t_check guard_no_data_keeps_streak [ "$(window)" = no-data ] --and \
	[ "$(pf guard --json | jq .streak)" = 1 ]
xfer v4 20 >/dev/null
sleep 1.1
t_check guard_trips_exit_5 [ "$(rc_of pf guard)" = 5 ] --and \
	grep -q "circuit breaker tripped: 20 error signals in 20 matched" "$LAB/out"
t_check guard_trip_detached [ ! -e "$LAB/bpf/packetframe/fast-path" ] --and \
	[ -z "$(ip -n "$NS_R" -d link show r0 | grep -o 'prog/xdp')" ]
t_check guard_trip_flag [ -f "$LAB/state/guard.tripped" ] --and \
	flag_is '.signals.err_redirect == 40 and (.reason | test("error signals"))'
t_check guard_trip_status status_is '.guard.tripped.reason and (.problems | any(test("circuit breaker tripped")))'
pf stats --prometheus "$LAB/m.prom" >/dev/null 2>&1
t_check guard_trip_metric grep -qx 'packetframe_guard_tripped{module="fast-path"} 1' "$LAB/m.prom"
t_check guard_trip_event last_event '.command == "guard" and .result == "tripped" and
	.changes.guard_tripped.reason and .changes.pins_removed and
	(.changes.links | map(select(.action == "detached")) | length) == 2'
t_check guard_attach_refused [ "$(rc_of pf attach)" = 1 ] --and \
	grep -q "attach refused: the circuit breaker tripped at" "$LAB/out"
t_check guard_apply_refused [ "$(rc_of pf apply)" = 1 ] --and \
	[ ! -e "$LAB/bpf/packetframe/fast-path/links" ]
t_check guard_apply_if_attached_noop [ "$(rc_of pf apply --if-attached)" = 0 ]
t_check guard_tripped_run_quiet [ "$(rc_of pf guard)" = 0 ]

# Reset: the flag goes, attach runs again, the next look primes anew.
ip netns exec "$NS_S" ethtool -K s0 gro on >/dev/null
t_check guard_reset [ "$(rc_of pf guard --reset)" = 0 ] --and [ ! -e "$LAB/state/guard.tripped" ]
t_check guard_reset_event last_event '.command == "guard" and .args == ["--reset"] and .changes.guard_reset'
t_check guard_attach_after_reset [ "$(rc_of pf attach)" = 0 ] --and \
	[ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
t_check guard_reprimes [ "$(verdict)" = primed ]
t_check guard_reset_not_tripped [ "$(rc_of pf guard --reset)" = 0 ] --and \
	grep -q "has not tripped" "$LAB/out"

# The samples are trusted only where no one else can write.
chmod 0777 "$LAB/run"
t_check guard_runtime_dir_trusted [ "$(rc_of pf guard)" = 1 ] --and \
	grep -q "writable by others" "$LAB/out"
chmod 0700 "$LAB/run"
# Whatever sits where the flag goes is the flag, readable or not.
mkdir "$LAB/state/guard.tripped"
t_check guard_odd_flag_blocks_attach [ "$(rc_of pf attach)" = 1 ] --and \
	status_is '.guard.tripped and (.problems | length) > 0'
rmdir "$LAB/state/guard.tripped"

# Without a circuit-breaker line there is nothing to judge (and nothing trips).
sed -i '/circuit-breaker/d' "$LAB/pf.conf"
t_check guard_unconfigured [ "$(rc_of pf guard)" = 0 ] --and grep -q "no circuit-breaker" "$LAB/out"

# Attached but blind (the counter block's pin gone): an error, never "all is well".
echo "  circuit-breaker drop-ratio 0.5 of matched window 1s threshold 2" >>"$LAB/pf.conf"
rm "$LAB/bpf/packetframe/fast-path/maps/STATS"
t_check guard_blind_is_an_error [ "$(rc_of pf guard)" = 2 ] --and \
	grep -q "counters cannot be read" "$LAB/out"
