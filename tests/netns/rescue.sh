# SPDX-License-Identifier: GPL-2.0-or-later
# The rescue path: `detach` works when everything else is broken, a broken or
# missing config, a read-only state dir, a lock held by a hung command; it
# says so and detaches anyway. Detaching an interface that is not attached
# is not an error and leaves the others alone.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start rescue
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

# Detached by the name it has now, after a rename; and not by an unprivileged user.
ip -n "$NS_R" link set r1 down && ip -n "$NS_R" link set r1 name wan0 && ip -n "$NS_R" link set wan0 up
chmod 711 "$LAB" && chmod 644 "$LAB/pf.conf"
ip netns exec "$NS_R" setpriv --reuid=65534 --regid=65534 --clear-groups "$PF" --config "$LAB/pf.conf" detach wan0 >"$LAB/out" 2>&1
t_check rescue_unprivileged_detach_exit_1 [ $? = 1 ] --and grep -q 'needs root' "$LAB/out"
pf detach wan0 >"$LAB/out" 2>&1
t_check rescue_detach_renamed_exit_0 [ $? = 0 ]
t_check rescue_detach_renamed_said grep -q 'wan0: detached (attached as r1, since renamed)' "$LAB/out"
t_check rescue_detach_renamed_no_xdp sh -c "! ip -n $NS_R -d link show wan0 | grep -q prog/xdp"
ip -n "$NS_R" link set wan0 down && ip -n "$NS_R" link set wan0 name r1 && ip -n "$NS_R" link set r1 up
pf detach --all >/dev/null 2>&1
attach

cp "$LAB/pf.conf" "$LAB/pf.good"
echo "  frobnicate yes" >>"$LAB/pf.conf"
pf detach --all $where >"$LAB/out" 2>&1
t_check rescue_broken_config_exit_0 [ $? = 0 ]
t_check rescue_broken_config_says grep -q 'detaching without the config' "$LAB/out"
t_check rescue_broken_config_clean clean
cp "$LAB/pf.good" "$LAB/pf.conf"

# A broken config whose bpffs-root line is still readable: detached there, not "done" elsewhere.
attach
sed -i "s|^global\$|global\n  frobnicate yes|" "$LAB/pf.conf"
pf detach --all >"$LAB/out" 2>&1
t_check rescue_broken_config_salvages_paths [ $? = 0 ] --and clean
cp "$LAB/pf.good" "$LAB/pf.conf"
ip netns exec "$NS_R" "$PF" --config "$LAB/pf.conf" detach --all --bpffs-root "$LAB/nowhere" --state-dir "$LAB/state" >/dev/null 2>&1
t_check rescue_nothing_there_is_not_an_error [ $? = 0 ]
printf 'global\n  frobnicate\n' >"$LAB/broken.conf"
ip netns exec "$NS_R" "$PF" --config "$LAB/broken.conf" detach --all >"$LAB/out" 2>&1
t_check rescue_broken_config_nothing_found_exit_1 [ $? = 1 ] --and grep -q 'name the right place with --bpffs-root' "$LAB/out"

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
