# SPDX-License-Identifier: GPL-2.0-or-later
# The metrics textfile never says more than is true: packetframe_up follows
# the live links, reserved counters are not exported, `stats --prometheus`
# without FILE writes the config's metrics-textfile, and after `detach --all`
# the file says the fast path is down. promtool accepts the format.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start metrics
sed -i "s|^global\$|global\n  metrics-textfile $LAB/pf.prom|" "$LAB/pf.conf"
prom=$LAB/pf.prom
# promtool check rules and promtool test rules (the alerts fire on made-up series)
rules_ok() {
	"$promtool" check rules release/prometheus/packetframe.rules.yml >/dev/null &&
		(cd release/prometheus && "$promtool" test rules packetframe.rules.test.yml >/dev/null)
}
val() { sed -n "s/^packetframe_$1{module=\"fast-path\"[^}]*} //p" "$prom"; }

pf stats --prometheus >"$LAB/out" 2>&1
t_check metrics_detached_exit_0 [ $? = 0 ]
t_check metrics_detached_up_0 [ "$(val up)" = 0 ]
t_check metrics_detached_no_counters sh -c "! grep -q '^packetframe_rx_total' '$prom'"

printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
xfer v4 10 >/dev/null
pf stats --prometheus
t_check metrics_up_1 [ "$(val up)" = 1 ]
t_check metrics_attached_2 [ "$(val attached_interfaces)" = 2 ]
t_check metrics_dry_run_0 [ "$(val dry_run)" = 0 ]
t_check metrics_build_info grep -q '^packetframe_build_info{module="fast-path",version="[^"]*",build_id="[0-9a-f]\{16\}",pinned_build_id="[0-9a-f]\{16\}"} 1$' "$prom"
t_check metrics_map_fill grep -q '^packetframe_map_entries{module="fast-path",map="ALLOW_V4"} 1$' "$prom"
t_check metrics_counters_live [ "$(val fwd_ok_total)" -ge 10 ]
t_check metrics_no_reserved sh -c "! grep -Eq 'custom_fib|ecmp_|bmp_peer' '$prom'"
if promtool=$(tests/lib/promtool.sh); then
	t_check metrics_promtool_clean sh -c "'$promtool' check metrics <'$prom' 2>&1 | tee '$LAB/lint' | grep -q . && exit 1 || exit 0"
	[ -s "$LAB/lint" ] && cat "$LAB/lint"
else
	t_fail metrics_promtool_clean "no promtool (Debian package prometheus) could be had"
fi
# Same series on stdout (values move: background frames count in rx_total).
# The shipped dashboard and alert rules ask only for what is written here
# (the redirect watch runs, so its counters are in).
t_check metrics_dashboard_and_rules_names release/metric-refs.sh "$prom" \
	release/grafana/packetframe.json release/prometheus/packetframe.rules.yml
# ... and the dashboard has a line for every reason and every error counter written.
missing=
for n in $(sed -n 's/^# TYPE \(packetframe_\(pass\|err\)_[a-z0-9_]*\) .*/\1/p' "$prom"); do
	grep -q "$n{" release/grafana/packetframe.json || missing="$missing $n"
done
t_check metrics_dashboard_every_reason [ -z "$missing" ]
printf 'expr: rate(packetframe_fwd_okk_total[5m])\n' >"$LAB/typo.yml"
t_check metrics_refs_check_can_fail sh -c "! release/metric-refs.sh '$prom' '$LAB/typo.yml' >/dev/null"
if [ -n "${promtool:-}" ]; then
	t_check metrics_rules_promtool rules_ok
else
	t_fail metrics_rules_promtool "no promtool (Debian package prometheus) could be had"
fi

pf stats --prometheus - | sed 's/ [0-9]*$//' >"$LAB/stdout"
sed 's/ [0-9]*$//' "$prom" >"$LAB/series"
t_check metrics_stdout cmp -s "$LAB/stdout" "$LAB/series"
pf stats /tmp/x >/dev/null 2>&1
t_check metrics_file_without_flag_exit_1 [ $? = 1 ]

# The kernel's receive-path losses beside the counters: /proc/net/softnet_stat's
# dropped (2nd column) and time_squeeze (3rd), hex, summed over CPUs; they only grow.
softnet() {
	sum=0
	while read -r _ dropped squeeze _; do
		sum=$((sum + 0x$([ "$1" = dropped ] && echo "$dropped" || echo "$squeeze")))
	done </proc/net/softnet_stat
	echo "$sum"
}
low_d=$(softnet dropped) low_s=$(softnet squeeze)
pf stats --prometheus
pf stats >"$LAB/text"
pf stats --json >"$LAB/json"
high_d=$(softnet dropped) high_s=$(softnet squeeze)
m_d=$(sed -n 's/^packetframe_softnet_dropped_total \([0-9]*\)$/\1/p' "$prom")
m_s=$(sed -n 's/^packetframe_softnet_time_squeeze_total \([0-9]*\)$/\1/p' "$prom")
t_check metrics_softnet_is_the_kernels [ -n "$m_d" ] --and [ "$m_d" -ge "$low_d" ] --and \
	[ "$m_d" -le "$high_d" ] --and [ -n "$m_s" ] --and [ "$m_s" -ge "$low_s" ] --and \
	[ "$m_s" -le "$high_s" ]
t_check stats_softnet_text grep -q '^kernel: softnet_dropped [0-9]*, softnet_time_squeeze [0-9]*$' "$LAB/text"
t_check stats_softnet_json jq -e ".kernel.softnet_dropped >= $low_d and .kernel.softnet_dropped <= $high_d and .kernel.softnet_time_squeeze >= $low_s" "$LAB/json"

pf detach r0 r1 >/dev/null 2>&1
t_check metrics_detach_each_marks_down [ "$(val up)" = 0 ]
pf attach -q >"$LAB/out" 2>&1
t_check metrics_attach_marks_up [ "$(val up)" = 1 ]
t_check attach_quiet_prints_nothing [ ! -s "$LAB/out" ]
pf detach --all >/dev/null 2>&1
t_check metrics_detach_marks_down [ "$(val up)" = 0 ]
t_check metrics_detach_no_stale_counters sh -c "! grep -q '_total{' '$prom'"
