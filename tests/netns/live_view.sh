# SPDX-License-Identifier: GPL-2.0-or-later
# `stats --interval`: per-second rates of real traffic through the fast path,
# one line (or JSON object) per interval, with the fast-pathed share and the
# top reasons frames went to the kernel; bad combinations refused.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start liveview
printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
# About four seconds of traffic: allowlisted frames, and some to a destination off the list.
traffic() {
	PKTIO_GAP_US=2000 "$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.91.2.2 1800 \
		$MAC_R0 $MAC_R1 $MAC_S >/dev/null 2>&1 &
	PKTIO_GAP_US=8000 "$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.93.0.1 450 \
		$MAC_R0 $MAC_R1 $MAC_S >/dev/null 2>&1 &
}

traffic
pf stats --interval 1 --count 2 >"$LAB/out" 2>&1
rc=$?
wait
cat "$LAB/out"
t_check live_view_exit_0 [ $rc = 0 ]
t_check live_view_header_and_two_intervals [ "$(wc -l <"$LAB/out")" = 3 ] --and \
	[ "$(head -n 1 "$LAB/out" | grep -c 'rx/s')" = 1 ]
# every interval: hundreds of frames a second, most of them fast-pathed, the rest allow_miss
t_check live_view_rates awk 'NR > 1 && $2 >= 200 && $3 >= 150 && $5 >= 50 { n++ } END { exit n != 2 }' "$LAB/out"
t_check live_view_top_reason [ "$(grep -c 'allow_miss' "$LAB/out")" = 2 ]

traffic
pf stats --interval 1 --count 2 --json >"$LAB/json" 2>&1
rc=$?
wait
cat "$LAB/json"
t_check live_view_json_exit_0 [ $rc = 0 ]
t_check live_view_json_two_objects [ "$(jq -c 'select(.fast_pps >= 150 and .fast_share > 0.5 and .rx_pps >= .fast_pps and .top_bypass[0].counter == "allow_miss")' "$LAB/json" | wc -l)" = 2 ]

for bad in "--count 2" "--interval 0" "--interval 1 --prometheus" "--interval x"; do
	# shellcheck disable=SC2086 # one word per option
	pf stats $bad >"$LAB/bad" 2>&1
	t_check "live_view_refused_$(echo "$bad" | tr -cs 'a-z0-9\n' _)" [ $? = 1 ] --and grep -q 'error' "$LAB/bad"
done
