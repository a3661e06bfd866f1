# SPDX-License-Identifier: GPL-2.0-or-later
# Lifecycle through the CLI in the lab: attach is idempotent; an upgrade in
# place (pins of another build) swaps programs under running traffic with no
# loss; a kill -9 at every step of attach is completed by the next attach or
# cleaned by detach --all; rescue detach without a registry or with a corrupt
# one; concurrent `allow replace` runs serialise on the lock.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start lifecycle "allow-prefix 10.91.2.0/24"

status_is() { pf status --json | jq -e "$1" >/dev/null; }
not() { ! "$@" >/dev/null 2>&1; }
stats_are() { pf stats --json | jq -e "$1" >/dev/null; }
# attach while $N frames flow; sets up_rc, leaves the output in up and xfer
attach_under_traffic() {
	PKTIO_GAP_US=1000 xfer v4 $N >"$LAB/xfer" &
	xp=$!
	sleep 1
	pf attach >"$LAB/up" 2>&1
	up_rc=$?
	wait $xp
}
links() { pf status --json | jq -c '[.attachments[] | [.iface, .link_id]] | sort'; }
progs() { pf status --json | jq -c '[.attachments[].prog_id] | unique'; }
clean() { [ -z "$(find "$LAB/bpf" -mindepth 1 ! -name '*.debug')" ] &&
	! ip -n "$NS_R" -d link show | grep -q 'prog/xdp'; }

# ---- attach twice: the second run changes nothing ----
pf attach >/dev/null 2>&1
l1=$(links) p1=$(progs)
pf attach >"$LAB/out2" 2>&1
t_check life_attach_twice_exit_0 [ $? = 0 ]
t_check life_attach_twice_same_links [ "$(links)" = "$l1" ]
t_check life_attach_twice_same_program [ "$(progs)" = "$p1" ]
t_check life_attach_twice_says_unchanged [ "$(grep -c 'unchanged' "$LAB/out2")" = 2 ]
t_check life_attach_twice_no_map_change grep -q 'maps: allow +0 -0, block +0 -0' "$LAB/out2"

# ---- upgrade in place under traffic ----
# Pins that claim another build: attach must load this build, switch the
# tail-call slot and every link with bpf_link_update, and never detach.
meta="$LAB/bpf/packetframe/fast-path/maps/META"
ip netns exec "$NS_R" bpftool map update pinned "$meta" key 0 0 0 0 \
	value hex $(printf '%s' 0000000000000000 | od -An -tx1) $(yes 00 | head -n 8) \
	$(printf '%s' 0.0.0 | od -An -tx1) $(yes 00 | head -n 19) || t_fail life_fake_old_build
t_check life_status_sees_other_build status_is '.build.match == false and .build.pinned == "0000000000000000"'
# ...and, like an older build, none of the maps this one added: they are
# created and filled before its programs take over (else every IPv4 frame
# would miss an empty ALLOW24_V4 and go to the kernel, which drops here).
for m in ALLOW24_V4 FIB_PROBE4 FIB_PROBE_CPU FIB_SPLIT4 CAPTURE CAPTURE_CPU CAPTURE_EVENTS; do
	rm -f "$LAB/bpf/packetframe/fast-path/maps/$m"
done
# ...nor the sampler's programs and their tail-call slots.
rm -f "$LAB/bpf/packetframe/fast-path/progs/fast_path_sampled" \
	"$LAB/bpf/packetframe/fast-path/progs/finalize_sampled"
for slot in 1 2; do
	ip netns exec "$NS_R" bpftool map delete pinned "$LAB/bpf/packetframe/fast-path/maps/MUTATION_PROGS" \
		key $slot 0 0 0 || t_fail life_fake_old_build_slot_$slot
done
N=3000
attach_under_traffic
t_check life_upgrade_exit_0 [ $up_rc = 0 ]
t_check life_upgrade_reported grep -q 'upgraded in place' "$LAB/up"
t_check life_upgrade_zero_loss [ "$(cat "$LAB/xfer")" = "sent $N received $N matched $N" ]
echo "INFO upgrade under traffic: $(cat "$LAB/xfer")"
t_check life_upgrade_same_links [ "$(links)" = "$l1" ]
t_check life_upgrade_new_program [ "$(progs)" != "$p1" ]
t_check life_upgrade_build_matches status_is '.build.match and .health == "ok"'
# The sampler the upgrade brought works: a capture of one forwarded frame.
capture_one() {
	timeout 20 ip netns exec "$NS_R" "$PF" --config "$LAB/pf.conf" capture --filter 10.91.2.0/24 -c 1 -w "$LAB/up.pcapng" \
		2>/dev/null &
	cp=$!
	sleep 0.5
	xfer v4 1 >/dev/null
	wait $cp && [ "$(tcpdump -r "$LAB/up.pcapng" -nn 2>/dev/null | wc -l)" = 2 ]
}
t_check life_upgrade_brings_the_sampler capture_one

# ---- an older build's smaller counter block: counts carried over ----
# Counters are only appended, so a pinned STATS of the first release (48
# counters, 384 bytes a CPU) is copied into this build's block, not refused.
# Seeded per CPU: 1000000 in the first counter, 7 in the 48th.
stats="$LAB/bpf/packetframe/fast-path/maps/STATS"
ncpu=$(ip netns exec "$NS_R" bpftool map dump pinned "$stats" -j | jq '.[0].values | length')
last=$(sed -n 's/^\tX(\([a-z0-9_]*\),.*/\1/p' bpf/counters.h | sed -n 48p)
ip netns exec "$NS_R" sh -c "rm '$stats' && bpftool map create '$stats' type percpu_array \
	key 4 value 384 entries 1 name STATS && bpftool map update pinned '$stats' key 0 0 0 0 \
	value 0x40 0x42 0x0f 0 0 0 0 0 $(yes 0 | head -n 368 | tr '\n' ' ') 7 0 0 0 0 0 0 0" ||
	t_fail life_small_stats_setup
ip netns exec "$NS_R" bpftool map update pinned "$meta" key 0 0 0 0 value $(yes 0 | head -n 48) ||
	t_fail life_small_stats_fake_build
attach_under_traffic
t_check life_counters_carried_exit_0 [ $up_rc = 0 ]
t_check life_counters_carried_zero_loss [ "$(cat "$LAB/xfer")" = "sent $N received $N matched $N" ]
t_check life_counters_carried_reported grep -q 'upgraded in place' "$LAB/up"
t_check life_counters_carried_block_grown [ "$(ip netns exec "$NS_R" bpftool map show pinned \
	"$stats" -j | jq .bytes_value)" = 1024 ]
t_check life_counters_carried_first stats_are ".rx_total > $ncpu * 1000000"
t_check life_counters_carried_48th stats_are ".$last == $ncpu * 7"
t_check life_counters_carried_healthy status_is '.build.match and .health == "ok"'

# ---- a pinned counter block the fast path does not count into ----
# status and stats must not show its frozen numbers as live.
ip netns exec "$NS_R" sh -c "rm '$stats' && bpftool map create '$stats' type percpu_array \
	key 4 value 1024 entries 1 name STATS" || t_fail life_foreign_stats_setup
t_check life_foreign_stats_degraded status_is '.health == "degraded" and (.counters == null) and
	any(.problems[]; test("not the counter block the fast path counts into"))'
t_check life_foreign_stats_no_counters not pf stats --json
pf stats --prometheus - >"$LAB/prom" 2>&1
t_check life_foreign_stats_no_metric_counters not grep -q '^packetframe_rx_total' "$LAB/prom"
pf attach --recreate >/dev/null 2>&1
t_check life_foreign_stats_recreate_repairs status_is '.health == "ok" and .counters != null'

# ---- kill -9 at every step of attach ----
pf detach --all >/dev/null 2>&1
for point in maps-pinned first-prog-pinned progs-pinned maps-synced first-link links-done; do
	PACKETFRAME_CRASH_AT=$point pf attach >/dev/null 2>&1
	rc=$?
	t_check "life_kill9_${point}_killed" [ $rc = 137 ]
	pf attach >/dev/null 2>&1
	t_check "life_kill9_${point}_attach_exit_0" [ $? = 0 ]
	t_check "life_kill9_${point}_attach_completes" status_is '.health == "ok" and .attached == 2'
	t_check "life_kill9_${point}_traffic" [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
	pf detach --all >/dev/null 2>&1
	PACKETFRAME_CRASH_AT=$point pf attach >/dev/null 2>&1
	pf detach --all >/dev/null 2>&1
	t_check "life_kill9_${point}_detach_all_exit_0" [ $? = 0 ]
	t_check "life_kill9_${point}_detach_all_cleans" clean
done

# ---- a failure rolls back what that run attached ----
# Someone else's XDP program on r1: r0 attaches first, r1 fails, r0 is undone.
ip netns exec "$NS_R" bpftool prog loadall "$PF_TESTPROGS_OBJ" "$LAB/bpf/other" &&
	ip netns exec "$NS_R" bpftool net attach xdpgeneric pinned "$LAB/bpf/other/ref_pass" dev r1 ||
	t_fail life_rollback_setup
pf attach >/dev/null 2>"$LAB/err"
t_check life_rollback_exit_2 [ $? = 2 ]
t_check life_rollback_names_iface grep -q 'r1: another XDP program is attached' "$LAB/err"
t_check life_rollback_undid_r0 grep -q 'rollback: detached r0' "$LAB/err"
t_check life_rollback_no_link_left status_is '.attached == 0'
t_check life_rollback_r0_has_no_xdp sh -c "! ip -n $NS_R -d link show r0 | grep -q 'prog/xdp'"
ip netns exec "$NS_R" bpftool net detach xdpgeneric dev r1
rm -rf "$LAB/bpf/other"
pf detach --all >/dev/null 2>&1

# ---- apply: the attached set and the maps follow the config ----
pf attach >/dev/null 2>&1
cp "$LAB/pf.conf" "$LAB/pf.conf.orig"
sed -i -e '/attach r1/d' -e 's|allow-prefix 10.91.2.0/24|allow-prefix 10.91.2.0/24\n  allow-prefix 198.51.100.0/24\n  block-prefix 192.0.2.0/24|' "$LAB/pf.conf"
pf apply >"$LAB/out" 2>&1
t_check life_apply_exit_0 [ $? = 0 ]
t_check life_apply_summary grep -q 'maps: allow +1 -0, block +1 -0' "$LAB/out"
t_check life_apply_detached_removed_iface status_is '[.attachments[].iface] == ["r0"]'
printf 'module fast-path\n  attach r0 turbo\n' >"$LAB/broken.conf"
before=$(pf status --json | jq -c '[.attachments, .maps]')
ip netns exec "$NS_R" "$PF" --config "$LAB/broken.conf" apply 2>"$LAB/err"
t_check life_apply_bad_config_exit_1 [ $? = 1 ]
t_check life_apply_bad_config_names_line grep -q "broken.conf:2: 'turbo': mode must be native, generic or auto" "$LAB/err"
t_check life_apply_bad_config_changed_nothing [ "$(pf status --json | jq -c '[.attachments, .maps]')" = "$before" ]
cp "$LAB/pf.conf.orig" "$LAB/pf.conf"
pf apply >/dev/null 2>&1
t_check life_apply_reattached status_is '.attached == 2 and .health == "ok"'
pf detach --all >/dev/null 2>&1

# ---- rescue detach ----
pf attach >/dev/null 2>&1
rm -f "$LAB/state/attachments.json"
pf detach --all >/dev/null 2>&1
t_check life_rescue_no_registry [ $? = 0 ]
t_check life_rescue_no_registry_clean clean
pf attach >/dev/null 2>&1
echo '{"attachments": [ broken' >"$LAB/state/attachments.json"
t_check life_corrupt_registry_reported status_is '.problems | any(test("corrupt JSON"))'
# Rescue with a config that has no module section at all (paths only).
grep -v -e '^module' -e '^  attach' -e '^  allow' "$LAB/pf.conf" >"$LAB/paths-only.conf"
ip netns exec "$NS_R" "$PF" --config "$LAB/paths-only.conf" detach --all >/dev/null 2>&1
t_check life_rescue_corrupt_registry_paths_only [ $? = 0 ]
t_check life_rescue_corrupt_registry_clean clean

# ---- concurrent allow replace serialises ----
pf attach >/dev/null 2>&1
printf '198.51.100.0/24\n198.51.101.0/24\n198.51.102.0/24\n' >"$LAB/a.txt"
printf '203.0.113.0/24\n203.0.114.0/24\n203.0.115.0/24\n203.0.116.0/24\n203.0.117.0/24\n' >"$LAB/b.txt"
flock "$LAB/state/lock" sleep 2 &
hold=$!
sleep 0.3
pf allow replace -f "$LAB/a.txt" >"$LAB/ra" 2>"$LAB/ea" &
ra=$!
pf allow replace -f "$LAB/b.txt" >"$LAB/rb" 2>"$LAB/eb" &
rb=$!
sleep 0.5
t_check life_allow_waits_for_lock [ ! -s "$LAB/state/allow.list" ]
t_check life_allow_says_waiting grep -q 'waiting' "$LAB/ea"
wait $hold
wait $ra
rca=$?
wait $rb
rcb=$?
t_check life_allow_concurrent_both_ok [ "$rca$rcb" = 00 ]
final=$(grep -v '^#' "$LAB/state/allow.list" | sort | tr '\n' ' ')
a=$(sort "$LAB/a.txt" | tr '\n' ' ') b=$(sort "$LAB/b.txt" | tr '\n' ' ')
one_of() { [ "$1" = "$2" ] || [ "$1" = "$3" ]; }
t_check life_allow_concurrent_not_mixed one_of "$final" "$a" "$b"
n=$(echo $final | wc -w)
t_check life_allow_concurrent_map_matches_file status_is ".maps.ALLOW_V4.entries == $((n + 1))"
pf detach --all >/dev/null 2>&1
t_check life_final_clean clean
