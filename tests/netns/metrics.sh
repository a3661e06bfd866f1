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
pf stats --prometheus - | sed 's/ [0-9]*$//' >"$LAB/stdout"
sed 's/ [0-9]*$//' "$prom" >"$LAB/series"
t_check metrics_stdout cmp -s "$LAB/stdout" "$LAB/series"
pf stats /tmp/x >/dev/null 2>&1
t_check metrics_file_without_flag_exit_1 [ $? = 1 ]

pf detach r0 r1 >/dev/null 2>&1
t_check metrics_detach_each_marks_down [ "$(val up)" = 0 ]
pf attach -q >"$LAB/out" 2>&1
t_check metrics_attach_marks_up [ "$(val up)" = 1 ]
t_check attach_quiet_prints_nothing [ ! -s "$LAB/out" ]
pf detach --all >/dev/null 2>&1
t_check metrics_detach_marks_down [ "$(val up)" = 0 ]
t_check metrics_detach_no_stale_counters sh -c "! grep -q '_total{' '$prom'"
