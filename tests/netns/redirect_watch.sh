# SPDX-License-Identifier: GPL-2.0-or-later
# The redirect watch: a frame fast_path redirects that the kernel then fails
# to hand to the egress device is counted in err_redirect (the tracepoint
# programs' links pinned under watch/), shown only while the watch runs;
# detach --all removes the links, attach repairs a removed one.
#
# The failure: native XDP into a veth whose peer has neither XDP nor GRO is
# refused by the veth driver at xmit time. The devmap is only re-checked by
# `apply`, so turning GRO off on the peer after attach makes every redirect
# fail, as a driver change on a real router would until the next apply.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start watch
W="$LAB/bpf/packetframe/fast-path/watch"
status_is() { pf status --json | jq -e "$1" >/dev/null; }
stat_of() { pf stats --json | jq -r ".$1"; }
if [ ! -r /sys/kernel/btf/vmlinux ]; then
	# Without BTF the watch cannot load: then err_redirect must not be shown at all.
	printf '10.91.2.0/24\n' >"$LAB/p.txt"
	pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
	t_check watch_no_btf_not_shown [ "$(stat_of err_redirect)" = null ]
	t_check watch_no_btf_said status_is '.redirect_watch.runs == false and (.redirect_watch.why | test("BTF"))'
	exit 0
fi
printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >"$LAB/out" 2>&1 || cat "$LAB/out"
t_check watch_native [ "$(pf status --json | jq -r '[.attachments[].mode] | unique | join(",")')" = native ]
t_check watch_runs status_is '.redirect_watch.runs and .health == "ok"'
# One link per watch program this kernel has a tracepoint for (2 or 3).
nw=$(ls "$LAB/bpf/packetframe/fast-path/progs" | grep -c '^watch_')
t_check watch_links_pinned [ "$nw" -ge 2 ] --and [ "$(ls "$W" | wc -l)" = "$nw" ]
t_check watch_counter_shown [ "$(stat_of err_redirect)" = 0 ]
t_check watch_forwards [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
t_check watch_no_failures [ "$(stat_of err_redirect)" = 0 ]

# The peer loses its NAPI: every redirect into r1 now fails in the driver.
ip netns exec "$NS_S" ethtool -K s0 gro off >/dev/null
ok0=$(stat_of fwd_ok)
t_check watch_failed_not_delivered [ "$(xfer v4 20)" = "sent 20 received 0 matched 0" ]
t_check watch_failures_counted [ "$(stat_of err_redirect)" = 20 ]
t_check watch_fwd_ok_still_counts [ "$(($(stat_of fwd_ok) - ok0))" = 20 ]
pf stats --prometheus "$LAB/m.prom" >/dev/null 2>&1
t_check watch_metric grep -q '^packetframe_err_redirect_total{.*} 20$' "$LAB/m.prom"
# apply re-checks the devmap: r1 can no longer take a redirect, the kernel gets the frames.
pf apply >/dev/null 2>&1
nd0=$(stat_of pass_not_in_devmap)
xfer v4 20 >/dev/null
t_check watch_apply_stops_failures [ "$(stat_of err_redirect)" = 20 ] --and \
	[ "$(($(stat_of pass_not_in_devmap) - nd0))" = 20 ]

# A removed watch link: status says so, err_redirect is not shown, attach repairs it.
rm "$W/watch_xdp_devmap_xmit"
t_check watch_removed_degraded status_is '.redirect_watch.runs == false and .health == "degraded"'
t_check watch_removed_not_shown [ "$(stat_of err_redirect)" = null ]
pf attach >/dev/null 2>&1
t_check watch_repaired status_is '.redirect_watch.runs and .health == "ok"'
# ... and a removed watch program: attach loads the object again (adopting would keep it missing).
rm "$LAB/bpf/packetframe/fast-path/progs/watch_xdp_devmap_xmit"
t_check watch_prog_removed_degraded status_is '.redirect_watch.runs == false and .health == "degraded"'
pf attach >/dev/null 2>&1
t_check watch_prog_repaired status_is '.redirect_watch.runs and .health == "ok"'

# detach --all takes the tracepoint links with it.
ids=$(for f in "$W"/*; do ip netns exec "$NS_R" bpftool link show pinned "$f" -j | jq .id; done)
pf detach --all >/dev/null 2>&1
t_check watch_dir_removed [ ! -e "$W" ]
gone=1
for id in $ids; do
	ip netns exec "$NS_R" bpftool link show id "$id" >/dev/null 2>&1 && gone=0
done
t_check watch_links_gone [ -n "$ids" ] --and [ "$gone" = 1 ]

# Another router namespace's failures are not ours: its ports have the same
# ifindexes (every namespace numbers from lo = 1).
ip netns exec "$NS_S" ethtool -K s0 gro on >/dev/null
pf attach >/dev/null 2>&1
(
	LAB_ID=${LAB_ID}b NS_C=${LAB_ID}bc NS_R=${LAB_ID}br NS_S=${LAB_ID}bs
	lab_up || exit 1
	printf '10.91.2.0/24\n' >"$LAB/p.txt"
	pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
	ip netns exec "$NS_S" ethtool -K s0 gro off >/dev/null
	xfer v4 30 >/dev/null
	echo "INFO the other router counted $(pf stats --json | jq .err_redirect) failures"
)
t_check watch_other_namespace_not_counted [ "$(stat_of err_redirect)" = 0 ]

# Before 6.3 (no XDP feature bits) a veth is a redirect target only when its
# peer can take the frame: a native XDP program there, not a generic one.
ip netns exec "$NS_S" ethtool -K s0 gro off >/dev/null
ip netns exec "$NS_R" bpftool prog loadall "$PF_TESTPROGS_OBJ" "$LAB/bpf/tp" >/dev/null 2>&1
ip netns exec "$NS_S" bpftool net attach xdpgeneric pinned "$LAB/bpf/tp/ref_pass" dev s0
PACKETFRAME_TEST_KERNEL=6.1 pf apply >/dev/null 2>&1
nd0=$(stat_of pass_not_in_devmap)
xfer v4 20 >/dev/null
t_check watch_pre63_generic_peer_not_a_target \
	[ "$(($(stat_of pass_not_in_devmap) - nd0))" = 20 ] && [ "$(stat_of err_redirect)" = 0 ]
ip netns exec "$NS_S" bpftool net detach xdpgeneric dev s0
ip netns exec "$NS_S" bpftool net attach xdpdrv pinned "$LAB/bpf/tp/ref_pass" dev s0
PACKETFRAME_TEST_KERNEL=6.1 pf apply >/dev/null 2>&1
t_check watch_pre63_native_peer_is_a_target [ "$(xfer v4 20)" = "sent 20 received 20 matched 20" ]
