# SPDX-License-Identifier: GPL-2.0-or-later
# The rescue path: `detach` works when everything else is broken, a broken or
# missing config, a read-only state dir, a lock held by a hung command; it
# says so and detaches anyway. Detaching an interface that is not attached
# is not an error and leaves the others alone.
. tests/lib/t.sh
. tests/lib/lab.sh
if ! need_root; then
	t_skip rescue "needs root (network namespaces, XDP, mounts)"
	exit 0
fi
lab_up || { t_fail rescue_lab_setup; exit 0; }
printf '10.91.2.0/24\n' >"$LAB/p.txt"
attach() { pf allow replace -f "$LAB/p.txt" >/dev/null 2>&1; pf attach >/dev/null 2>&1; }
clean() { [ -z "$(find "$LAB/bpf" -mindepth 1 ! -name '*.debug')" ] && ! ip -n "$NS_R" -d link show | grep -q 'prog/xdp'; }
# rpf ARGS...: packetframe in the router namespace with only the given flags
rpf() { ip netns exec "$NS_R" "$PF" "$@"; }
where="--bpffs-root $LAB/bpf/packetframe --state-dir $LAB/state"

attach
pf detach eth9 >"$LAB/out" 2>&1
t_check rescue_detach_unattached_exit_0 [ $? = 0 ]
t_check rescue_detach_unattached_says grep -q 'eth9: not attached' "$LAB/out"
t_check rescue_detach_unattached_keeps_others [ "$(pf status --json | jq .attached)" = 2 ]

cp "$LAB/pf.conf" "$LAB/pf.good"
echo "  frobnicate yes" >>"$LAB/pf.conf"
pf detach --all $where >"$LAB/out" 2>&1
t_check rescue_broken_config_exit_0 [ $? = 0 ]
t_check rescue_broken_config_says grep -q 'detaching without the config' "$LAB/out"
t_check rescue_broken_config_clean clean
cp "$LAB/pf.good" "$LAB/pf.conf"

attach
rpf --config "$LAB/gone.conf" detach --all $where >"$LAB/out" 2>&1
t_check rescue_missing_config_exit_0 [ $? = 0 ]
t_check rescue_missing_config_clean clean

attach
mount --bind "$LAB/state" "$LAB/state" && mount -o remount,ro,bind "$LAB/state"
pf detach --all >"$LAB/out" 2>&1
rc=$?
umount "$LAB/state"
t_check rescue_readonly_state_exit_0 [ $rc = 0 ]
t_check rescue_readonly_state_says grep -q 'detaching without the lock' "$LAB/out"
t_check rescue_readonly_state_clean clean

attach
flock "$LAB/state/lock" sleep 30 &
holder=$!
sleep 0.3
pf detach --all >"$LAB/out" 2>&1
t_check rescue_held_lock_exit_0 [ $? = 0 ]
t_check rescue_held_lock_clean clean
kill $holder 2>/dev/null
wait $holder 2>/dev/null || true
