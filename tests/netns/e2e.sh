# SPDX-License-Identifier: GPL-2.0-or-later
# End to end through the CLI in a three-namespace lab whose router drops
# everything in its FORWARD chain: traffic crosses only by the fast path. The
# bytes received at the server are checked against frames built from scratch
# (TTL / hop limit - 1 exactly once, MACs, checksums), and the counters
# against the traffic sent.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start e2e
N=200

printf '198.51.100.0/24\n10.91.2.0/24\nfd91:2::/64\n' >"$LAB/allow.txt"
pf allow replace -f "$LAB/allow.txt" >/dev/null
t_check e2e_allow_before_attach_saved [ -s "$LAB/state/allow.list" ]
pf attach >"$LAB/out" 2>&1
t_check e2e_attach_exit_0 [ $? = 0 ]
pf status --json >"$LAB/st"
t_check e2e_status_health_ok jq -e '.health == "ok" and .attached == 2 and .tail_call_ready' "$LAB/st"
t_check e2e_status_native jq -e '[.attachments[].mode] | all(. == "native")' "$LAB/st"
t_check e2e_devmap_has_both jq -e '.maps.REDIRECT_DEVMAP.entries == 2' "$LAB/st"

fwd0=$(counter fwd_ok) m40=$(counter matched_v4) m60=$(counter matched_v6)
k0=$(kernel_forwarded)
out=$(xfer v4 $N)
t_check e2e_v4_bytes_exact [ "$out" = "sent $N received $N matched $N" ]
out=$(xfer v6 $N)
t_check e2e_v6_bytes_exact [ "$out" = "sent $N received $N matched $N" ]
t_check e2e_counter_fwd_ok [ $(($(counter fwd_ok) - fwd0)) = $((2 * N)) ]
t_check e2e_counter_matched_v4 [ $(($(counter matched_v4) - m40)) = $N ]
t_check e2e_counter_matched_v6 [ $(($(counter matched_v6) - m60)) = $N ]
t_check e2e_kernel_forward_saw_none [ "$(kernel_forwarded)" = "$k0" ]

# A bad line refuses the whole file and changes nothing.
printf '198.51.100.0/24\n10.91.2.1/24\n' >"$LAB/bad.txt"
pf allow replace -f "$LAB/bad.txt" 2>"$LAB/err"
t_check e2e_allow_bad_file_exit_1 [ $? = 1 ]
t_check e2e_allow_bad_file_names_line grep -q "bad.txt:2: '10.91.2.1/24' has host bits set; did you mean 10.91.2.0/24?" "$LAB/err"
out=$(xfer v4 20)
t_check e2e_traffic_unchanged_after_bad_file [ "$out" = "sent 20 received 20 matched 20" ]

# Removing the prefixes stops the fast path: FORWARD now drops the traffic.
printf '198.51.100.0/24\n' >"$LAB/allow2.txt"
out=$(pf allow replace -f "$LAB/allow2.txt")
t_check e2e_allow_replace_delta [ "$out" = "allowlist: +0 -2 (1 in the allow list, 0 from the config)" ]
miss0=$(counter allow_miss)
out=$(xfer v4 20)
t_check e2e_no_fast_path_after_removal [ "$out" = "sent 20 received 0 matched 0" ]
t_check e2e_allow_miss_counted [ $(($(counter allow_miss) - miss0)) -ge 20 ]
t_check e2e_kernel_dropped_them [ $(($(kernel_forwarded) - k0)) -ge 20 ]

# Prometheus export is complete (one sample per counter).
pf stats --prometheus "$LAB/pf.prom"
t_check e2e_prometheus_all_counters [ "$(grep -c '^packetframe_[a-z0-9_]*_total{module="fast-path"} ' "$LAB/pf.prom")" = "$(pf stats --json | jq 'del(.kernel) | length')" ]

pf detach --all >/dev/null 2>&1
t_check e2e_detach_all_exit_0 [ $? = 0 ]
# (maps.debug / progs.debug are the kernel's own bpffs preload files)
t_check e2e_no_pins_left [ -z "$(find "$LAB/bpf" -mindepth 1 ! -name '*.debug')" ]
t_check e2e_no_registry [ ! -e "$LAB/state/attachments.json" ]
t_check e2e_no_xdp_left sh -c "! ip -n $NS_R -d link show | grep -q 'prog/xdp'"
out=$(xfer v4 20)
t_check e2e_nothing_delivered_after_detach [ "$out" = "sent 20 received 0 matched 0" ]
