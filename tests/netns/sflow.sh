# SPDX-License-Identifier: GPL-2.0-or-later
# `sflow`: flow samples of forwarded and dropped frames and each attached
# port's counters, sent to a collector on the router's loopback and decoded
# by tshark's sFlow dissector: the sampling rate asked for, the ports the
# frames came in and went out by (a drop: discarded), the sampled header as
# the frame arrived, about 1 in N of the frames, a pool that counts them.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start sflow "block-prefix 10.91.2.4/32"
command -v tshark >/dev/null || { t_fail sflow_needs_tshark "not installed (make deps)"; exit 0; }
printf '10.91.2.0/25\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >"$LAB/out" 2>&1 || cat "$LAB/out"
ifindex() { ip -n "$NS_R" -j link show "$1" | jq '.[0].ifindex'; }
R0=$(ifindex r0)
R1=$(ifindex r1)

ip netns exec "$NS_R" tshark -i lo -f 'udp port 6343' -w "$LAB/sflow.pcap" 2>"$LAB/ts.err" &
TS=$!
i=0
until grep -q "Capturing on" "$LAB/ts.err" || [ $i -ge 200 ]; do i=$((i + 1)); sleep 0.05; done
timeout 60 ip netns exec "$NS_R" "$PF" --config "$LAB/pf.conf" sflow --collector 127.0.0.1:6343 \
	--sample 10 --counters 1s 2>"$LAB/sflow.err" &
SF=$!
i=0
until grep -q "sflow pid" "$LAB/run/sampler.lock" 2>/dev/null || [ $i -ge 100 ]; do i=$((i + 1)); sleep 0.05; done
"$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.91.2.2 1000 $MAC_R0 $MAC_R1 $MAC_S >/dev/null
"$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.91.2.4 300 $MAC_R0 $MAC_R1 $MAC_S >/dev/null
# ... and 200 the other way: the other port's samples, with their own pool
"$PKTIO" xfer "$NS_S" s0 "$NS_C" c0 v4 10.91.2.2 10.91.1.2 200 $MAC_R1 $MAC_R0 $MAC_C >/dev/null
sleep 2.5 # a datagram waits at most 1 s; counters every 1 s
kill -INT $SF
wait $SF
t_check sflow_exits_0_on_sigint [ $? = 0 ]
sleep 0.5
kill -INT $TS
wait $TS
cat "$LAB/sflow.err" | sed 's/^/INFO /'

# col FIELD: every occurrence of a field in all datagrams, one per line, in order
col() {
	tshark -r "$LAB/sflow.pcap" -T fields -E occurrence=a -E aggregator=' ' -e "$1" 2>/dev/null |
		tr ' ' '\n' | grep -v '^$'
}
# One line per flow sample: rate, input, output format and value, pool.
col sflow.flow_sample.sampling_rate >"$LAB/rate"
col sflow.flow_sample.input_interface >"$LAB/in"
col sflow.flow_sample.output_interface_format >"$LAB/fmt"
col sflow.flow_sample.output_interface_value >"$LAB/val"
col sflow.flow_sample.index >"$LAB/src"
col sflow.flow_sample.sample_pool >"$LAB/pool"
paste -d ' ' "$LAB/rate" "$LAB/in" "$LAB/fmt" "$LAB/val" >"$LAB/samples"
paste -d ' ' "$LAB/src" "$LAB/pool" >"$LAB/pools"
sort "$LAB/samples" | uniq -c | sed 's/^/INFO samples: /'
said=$(sed -n 's/.*sflow: \([0-9]*\) flow samples.*/\1/p' "$LAB/sflow.err")
t_check sflow_all_samples_decoded [ "$(wc -l <"$LAB/samples")" = "$said" ] --and [ "$said" -gt 0 ]
t_check sflow_rate_is_asked [ "$(sort -u "$LAB/rate")" = 10 ]
fwd=$(grep -c "^10 $R0 0 $R1\$" "$LAB/samples")
drop=$(grep -c "^10 $R0 1 258\$" "$LAB/samples")
back=$(grep -c "^10 $R1 0 $R0\$" "$LAB/samples")
echo "INFO 1 in 10: $fwd of 1000 forwards, $drop of 300 block-prefix drops, $back of 200 back"
t_check sflow_forwards_in_and_out [ "$fwd" -ge 60 ] --and [ "$fwd" -le 140 ]
t_check sflow_drops_discarded_by_acl [ "$drop" -ge 10 ] --and [ "$drop" -le 60 ]
t_check sflow_other_port [ "$back" -ge 5 ] --and [ "$back" -le 45 ]
# Each port's pool counts its own frames: r1's 200 (and chatter), not r0's 1300.
maxpool() { awk -v s="$1" '$1 == s && $2 > m { m = $2 } END { print m + 0 }' "$LAB/pools"; }
echo "INFO pools: r0 $(maxpool "$R0"), r1 $(maxpool "$R1")"
t_check sflow_pool_per_port [ "$(maxpool "$R1")" -ge 181 ] --and [ "$(maxpool "$R1")" -le 260 ]
t_check sflow_agent_is_the_source [ "$(col sflow_245.agent | sort -u)" = 127.0.0.1 ]
# (the last sample comes at most 2 * 10 - 1 frames before the last of 1300)
t_check sflow_pool_counts_frames [ "$(maxpool "$R0")" -ge 1281 ] --and [ "$(maxpool "$R0")" -le 1400 ]
# The sampled headers, as the frames arrived: the router's MAC, never the server's.
has_dst() { col eth.dst | grep -qx "$1"; }
fails() { ! "$@"; }
col eth.dst | sort | uniq -c | sed 's/^/INFO eth.dst: /'
t_check sflow_headers_as_arrived has_dst "$MAC_R0" --and fails has_dst "$MAC_S"
# Counter samples of both attached ports, with their traffic.
col sflow_245.ifindex | sort -un >"$LAB/ctr"
t_check sflow_counters_of_the_ports grep -qx "$R0" "$LAB/ctr" --and grep -qx "$R1" "$LAB/ctr"
t_check sflow_counters_count_octets [ "$(col sflow_245.ifinoct | sort -n | tail -n 1)" -gt 100000 ]

# Bad input: refused before anything starts.
rc_of() { "$@" >"$LAB/out" 2>&1; echo $?; }
t_check sflow_bad_collector [ "$(rc_of pf sflow --collector 127.0.0.1)" = 1 ] --and \
	grep -q "expected HOST:PORT" "$LAB/out"
t_check sflow_bad_agent [ "$(rc_of pf sflow --collector 127.0.0.1:6343 --agent nowhere)" = 1 ]
for c in 127.0.0.1:0 127.0.0.1:65536 127.0.0.1:x; do
	t_check "sflow_bad_port_$c" [ "$(rc_of pf sflow --collector "$c")" = 1 ] --and \
		grep -q "port must be a number from 1 to 65535" "$LAB/out"
done
t_check sflow_port_not_attached [ "$(rc_of pf sflow --collector 127.0.0.1:6343 -i lo)" = 1 ] --and \
	grep -q "not attached there" "$LAB/out"
