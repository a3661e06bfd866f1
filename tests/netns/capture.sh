# SPDX-License-Identifier: GPL-2.0-or-later
# `capture`: forwarded, dropped and passed frames in a pcapng that tshark and
# tcpdump read, with the verdict comments; a forward's image as it left is
# byte for byte what the next hop received (tcpdump on the server's port);
# the filters (prefix, verdict, counter, port), the 1-in-N sampler, streaming
# to a pipe, generic mode, one sampler at a time, a killed session taken
# over, bad input refused with nothing changed, and the sampler off after.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start capture "block-prefix 10.91.2.4/32"
for tool in tshark tcpdump; do
	command -v $tool >/dev/null || { t_fail "capture_needs_$tool" "not installed (make deps)"; exit 0; }
done
printf '10.91.2.0/25\nfd91:2::/64\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >"$LAB/out" 2>&1 || cat "$LAB/out"
MAPS=$LAB/bpf/packetframe/fast-path/maps

# cap ARGS...: a capture in the background (30 s at most, so a test that
# lost its frames ends); waits until it holds the sampler
cap() {
	timeout 30 ip netns exec "$NS_R" "$PF" --config "$LAB/pf.conf" capture "$@" 2>"$LAB/cap.err" &
	CAP=$!
	i=0
	until grep -q "capture pid" "$LAB/run/sampler.lock" 2>/dev/null && sampler_on; do
		i=$((i + 1))
		[ $i -lt 100 ] || return 1
		sleep 0.05
	done
}
# sampler_on: CAPTURE's rate (its first 4 bytes) is not zero
sampler_on() { "$PKTIO" nonzero "$MAPS/CAPTURE" | grep '^0:' | grep -qv '^0: 00 00 00 00 '; }
sampler_off() { ! sampler_on; }
# send v4 DST COUNT: client frames to DST through the router (pass/drop never arrive)
send() { "$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 "$1" "$2" $MAC_R0 $MAC_R1 $MAC_S >/dev/null; }
wait_cap() { wait "$CAP"; }
fails() { ! "$@"; }
# fields FILE FIELDS...: tshark's fields, one line per frame, tab-separated
fields() {
	f=$1
	shift
	for x in "$@"; do set -- "$@" -e "$x"; shift; done
	tshark -r "$f" -T fields -E separator=/t "$@" 2>/dev/null
}
# hexof FILE [DISPLAY-FILTER]: the frames' bytes, one line each
hexof() {
	if [ -n "${2:-}" ]; then
		tshark -r "$1" -Y "$2" -F pcap -w "$LAB/sel.pcap" 2>/dev/null
		set -- "$LAB/sel.pcap"
	fi
	tcpdump -r "$1" -xx -nn 2>/dev/null | awk '/^[0-9]/ { if (l) print l; l = "" } /^\t0x/ { $1 = ""; l = l $0 } END { if (l) print l }' | tr -d ' '
}
nframes() { tcpdump -r "$1" -nn 2>/dev/null | wc -l; }

# Three forwards, a block-prefix drop, an allowlist miss; the server's port taped.
ip netns exec "$NS_S" tcpdump -i s0 -U -w "$LAB/server.pcap" -nn 'udp and dst 10.91.2.2' 2>"$LAB/td.err" &
TD=$!
i=0
until grep -q listening "$LAB/td.err" || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.05; done
cap --filter 10.91.2.0/24 -c 5 -w "$LAB/a.pcapng"
t_check capture_started [ $? = 0 ]
send 10.91.2.2 3
send 10.91.2.4 1
send 10.91.2.200 1
wait_cap
t_check capture_stops_after_count [ $? = 0 ]
sleep 0.3
kill -INT $TD
wait $TD
A=$LAB/a.pcapng
t_check capture_tcpdump_reads_it [ "$(nframes "$A")" = 8 ]
fields "$A" frame.interface_name frame.packet_flags_direction ip.dst ip.ttl frame.comment >"$LAB/f.txt"
cat "$LAB/f.txt" | sed 's/^/INFO /'
# forward: in on r0 (TTL 64) with its explanation, out on r1 (TTL 63)
line() { sed -n "${1}p" "$LAB/f.txt"; }
has() { line "$1" | grep -q -- "$2"; }
t_check capture_forward_arrival has 1 "^r0	0x00000001	10.91.2.2	64	packetframe: forward (fwd_ok): "
t_check capture_forward_explained has 1 ",egress: r1,ttl: 64 -> 63$"
t_check capture_forward_departure has 2 "^r1	0x00000002	10.91.2.2	63	packetframe: as it left r1, forwarded from r0$"
t_check capture_three_forwards [ "$(grep -c 'forward (fwd_ok)' "$LAB/f.txt")" = 3 ] --and \
	[ "$(grep -c 'as it left r1' "$LAB/f.txt")" = 3 ]
t_check capture_drop has 7 "^r0	0x00000001	10.91.2.4	64	packetframe: drop (bogon_dropped): destination in a block-prefix"
t_check capture_pass has 8 "^r0	0x00000001	10.91.2.200	64	packetframe: pass (allow_miss): "
# What left r1 is what the server received, byte for byte; what arrived is what the client sent.
hexof "$LAB/server.pcap" >"$LAB/server.hex"
hexof "$A" 'frame.packet_flags_direction == 2' >"$LAB/out.hex"
t_check capture_departures_are_the_wire [ "$(wc -l <"$LAB/server.hex")" = 3 ] --and \
	cmp -s "$LAB/server.hex" "$LAB/out.hex"
hexof "$A" 'frame.packet_flags_direction == 1 and ip.dst == 10.91.2.2' >"$LAB/in.hex"
t_check capture_arrivals_differ_from_departures [ "$(wc -l <"$LAB/in.hex")" = 3 ] --and \
	fails cmp -s "$LAB/in.hex" "$LAB/out.hex"
t_check capture_sampler_off_after sampler_off
t_check capture_said_totals grep -q "capture: 5 frames written; the sampler drew 1 in 1 of" "$LAB/cap.err"

# A verdict, a counter, a port: only those frames.
cap --filter 10.91.2.0/24 --verdict drop -c 1 -w "$LAB/d.pcapng"
send 10.91.2.2 2
send 10.91.2.200 1
send 10.91.2.4 1
wait_cap
t_check capture_verdict_filter [ "$(fields "$LAB/d.pcapng" ip.dst)" = 10.91.2.4 ]
cap --verdict allow_miss -c 1 -w "$LAB/m.pcapng"
send 10.91.2.2 2
send 10.91.2.4 1
send 10.91.2.200 1
wait_cap
t_check capture_counter_filter [ "$(fields "$LAB/m.pcapng" ip.dst)" = 10.91.2.200 ]
cap -i r1 --filter 10.91.0.0/16 -c 1 -w "$LAB/i.pcapng"
send 10.91.2.2 2
"$PKTIO" xfer "$NS_S" s0 "$NS_C" c0 v4 10.91.2.2 10.91.1.2 1 $MAC_R1 $MAC_R0 $MAC_C >/dev/null
wait_cap
t_check capture_port_filter [ "$(fields "$LAB/i.pcapng" frame.interface_name frame.packet_flags_direction ip.src | head -n 1)" = "r1	0x00000001	10.91.2.2" ]

# 1 in 10 of 1000 frames: about 100 drawn (gaps uniform in 1..19).
cap --filter 10.91.2.2/32 --verdict forward -w "$LAB/s.pcapng"
"$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.91.2.2 1000 $MAC_R0 $MAC_R1 $MAC_S >/dev/null
kill -INT $CAP
wait_cap
t_check capture_sample_stops_on_sigint [ $? = 0 ]
n=$(($(nframes "$LAB/s.pcapng") / 2))
echo "INFO 1-in-1 of 1000 forwards drew $n"
t_check capture_sample_all [ "$n" = 1000 ]
cap --sample 10 --filter 10.91.2.2/32 --verdict forward -w "$LAB/s10.pcapng"
"$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.91.2.2 1000 $MAC_R0 $MAC_R1 $MAC_S >/dev/null
kill -INT $CAP
wait_cap
n=$(($(nframes "$LAB/s10.pcapng") / 2))
echo "INFO 1-in-10 of 1000 forwards drew $n"
t_check capture_sample_1_in_10 [ "$n" -ge 60 ] --and [ "$n" -le 140 ]
t_check capture_sample_said grep -q "the sampler drew 1 in 10 of" "$LAB/cap.err"

# Streamed: tshark reading the pipe sees the frames as they come.
stream() {
	pf capture --filter 10.91.2.0/24 -c 2 -w - 2>/dev/null |
		tshark -i - -T fields -e frame.comment 2>/dev/null >"$LAB/stream.txt"
}
stream &
ST=$!
i=0
until grep -q "capture pid" "$LAB/run/sampler.lock" 2>/dev/null && sampler_on; do
	i=$((i + 1)); [ $i -lt 100 ] || break; sleep 0.05
done
send 10.91.2.4 2
wait $ST
t_check capture_streams_to_tshark [ "$(grep -c 'drop (bogon_dropped)' "$LAB/stream.txt")" = 2 ]

# One sampler: a second capture, or sflow, is refused while one runs.
cap --filter 10.91.2.0/24 -w "$LAB/held.pcapng"
status_is() { pf status --json | jq -e "$1" >/dev/null; }
pf status --json | jq -c "{sampler, problems}" | sed "s/^/INFO /"
t_check capture_status_names_the_holder status_is \
	'(.sampler.held_by | startswith("capture pid")) and .sampler.on and .sampler.rate == 1 and (.problems | length) == 0'
# apply rewrites CFG: the session goes on.
echo "  block-prefix 10.91.2.5/32" >>"$LAB/pf.conf"
pf apply >"$LAB/out" 2>&1
t_check capture_apply_meanwhile grep -q "block +1" "$LAB/out" --and status_is .sampler.on
rc_of() { "$@" >"$LAB/out" 2>&1; echo $?; }
t_check capture_second_refused [ "$(rc_of pf capture -w "$LAB/x.pcapng")" = 1 ] --and \
	grep -q "in use by capture pid" "$LAB/out" --and [ ! -e "$LAB/x.pcapng" ]
t_check capture_sflow_refused_meanwhile [ "$(rc_of pf sflow --collector 127.0.0.1:6343)" = 1 ] --and \
	grep -q "in use by capture pid" "$LAB/out"
# Killed: the sampler stays on (bounded by its rate); the next session takes it over.
holder=$(sed -n 's/^capture pid \([0-9]*\)$/\1/p' "$LAB/run/sampler.lock")
t_check capture_holder_named [ -n "$holder" ] --and [ -d "/proc/$holder" ]
kill -KILL "$holder"
wait $CAP 2>/dev/null
t_check capture_killed_leaves_it_on sampler_on
t_check capture_status_says_killed status_is \
	'.sampler.held_by == null and (.problems | any(test("sampler is on with no capture")))'
cap --filter 10.91.2.0/24 -c 1 -w "$LAB/k.pcapng"
send 10.91.2.4 1
wait_cap
t_check capture_takes_over [ "$(fields "$LAB/k.pcapng" ip.dst)" = 10.91.2.4 ] --and \
	grep -q "taken over" "$LAB/cap.err" --and status_is '.sampler.on == false and (.problems | length) == 0'

# Bad input: refused, nothing written, the sampler untouched.
for bad in "--filter 10.91.2.1/33" "--verdict sideways" "--sample 0" "-i nosuchport" "-i lo" "-s 10"; do
	# shellcheck disable=SC2086 # one word per option and value
	t_check "capture_refuses_$(echo "$bad" | tr -c 'a-z0-9\n' _)" \
		[ "$(rc_of pf capture $bad -w "$LAB/bad.pcapng")" = 1 ] --and [ ! -e "$LAB/bad.pcapng" ] --and \
		sampler_off
done
t_check capture_refuses_unwritable [ "$(rc_of pf capture -w "$LAB/no/such/dir.pcapng")" = 1 ] --and sampler_off

# Waiting for a FIFO's reader: the sampler is not taken yet, and a signal ends it cleanly.
mkfifo "$LAB/fifo"
timeout 30 ip netns exec "$NS_R" "$PF" --config "$LAB/pf.conf" capture -w "$LAB/fifo" 2>"$LAB/fifo.err" &
fp=$!
sleep 0.5
t_check capture_fifo_waits_without_the_sampler sampler_off --and status_is ".sampler.held_by == null"
kill -TERM $fp
wait $fp
t_check capture_fifo_signal_ends_cleanly [ $? = 0 ] --and sampler_off

# Generic mode: the same records.
pf attach --mode generic r0 r1 >"$LAB/out" 2>&1
t_check capture_generic_attached grep -q "generic" "$LAB/out"
cap --filter 10.91.2.0/24 -c 1 -w "$LAB/g.pcapng"
t_check capture_generic_delivers [ "$(xfer v4 1)" = "sent 1 received 1 matched 1" ]
wait_cap
t_check capture_generic_mode [ "$(fields "$LAB/g.pcapng" frame.interface_name ip.ttl | tr '\n' ' ')" = "r0	64 r1	63 " ]

# The instance goes away under a session (detach --all): the session ends, saying why.
cap --filter 10.91.2.0/24 -w "$LAB/gone.pcapng"
pf detach --all >/dev/null 2>&1
wait_cap
t_check capture_ends_when_detached [ $? = 2 ] --and grep -q "pinned maps are gone" "$LAB/cap.err"
pf attach >/dev/null 2>&1
t_check capture_after_detach_nobody_holds status_is '.sampler.held_by == null and .sampler.on == false'
