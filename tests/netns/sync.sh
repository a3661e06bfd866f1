# SPDX-License-Identifier: GPL-2.0-or-later
# Map updates are all-or-nothing for traffic, through the CLI in the lab whose
# router drops everything in its FORWARD chain (only the fast path delivers):
# a list larger than the map holds is refused before any write, a kernel error
# injected midway (PACKETFRAME_FAIL_AT) restores the old list, and in every
# case a prefix that allow.list no longer names is not forwarded, while one it
# still names is.
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start sync "allow-max-entries 4" "block-prefix 198.18.0.0/24"
N=20
# pf_fail POINT ARGS...: packetframe with an injected kernel error at POINT
pf_fail() {
	point=$1
	shift
	ip netns exec "$NS_R" env PACKETFRAME_FAIL_AT="$point" "$PF" --config "$LAB/pf.conf" "$@"
}
allow4() { pf status --json | jq '.maps.ALLOW_V4.entries'; }
# consistent NAME: the server's prefix is forwarded iff allow.list names it
consistent() {
	out=$(xfer v4 $N)
	if grep -qx '10.91.2.0/24' "$LAB/state/allow.list"; then
		t_check "$1" [ "$out" = "sent $N received $N matched $N" ]
	else
		t_check "$1" [ "$out" = "sent $N received 0 matched 0" ]
	fi
}

printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1
t_check sync_attached [ $? = 0 ]
consistent sync_forwarded_before
cp "$LAB/state/allow.list" "$LAB/list.before"

# Five prefixes, none of them the server's, into a map of four.
printf '198.51.100.0/24\n198.51.101.0/24\n198.51.102.0/24\n198.51.103.0/24\n198.51.104.0/24\n' >"$LAB/big.txt"
pf allow replace -f "$LAB/big.txt" 2>"$LAB/err"
t_check sync_over_capacity_exit_1 [ $? = 1 ]
t_check sync_over_capacity_names_map grep -q 'ALLOW_V4 would need 5 entries and holds 4 at most' "$LAB/err"
t_check sync_over_capacity_list_unchanged cmp -s "$LAB/state/allow.list" "$LAB/list.before"
t_check sync_over_capacity_map_unchanged [ "$(allow4)" = 1 ]
consistent sync_over_capacity_consistent

# A kernel error at the first, second and last write of `allow replace`
# (add 198.51.100.0/24, delete the server's prefix, CFG): restored each time.
for at in 1 2 3; do
	pf_fail map-write:$at allow replace 198.51.100.0/24 2>"$LAB/err" >/dev/null
	t_check sync_fault_${at}_exit_2 [ $? = 2 ]
	t_check sync_fault_${at}_says_restored grep -q 'restored to its previous contents' "$LAB/err"
	t_check sync_fault_${at}_list_unchanged cmp -s "$LAB/state/allow.list" "$LAB/list.before"
	t_check sync_fault_${at}_map_unchanged [ "$(allow4)" = 1 ]
	consistent sync_fault_${at}_consistent
done

# apply: the allowlist changes first, then the blocklist write fails.
sed -i 's/block-prefix 198.18.0.0\/24/block-prefix 198.18.1.0\/24/' "$LAB/pf.conf"
echo "  allow-prefix 198.51.105.0/24" >>"$LAB/pf.conf"
pf_fail map-write:3 apply 2>"$LAB/err" >/dev/null
t_check sync_apply_fault_exit_2 [ $? = 2 ]
t_check sync_apply_fault_names_block grep -q 'map BLOCK_V4 update failed' "$LAB/err"
t_check sync_apply_fault_allow_restored [ "$(allow4)" = 1 ]
consistent sync_apply_fault_consistent
pf apply >/dev/null 2>&1
t_check sync_apply_retry_ok [ $? = 0 ] --and [ "$(allow4)" = 2 ]

# Removed for real, after the caches held it: never forwarded again.
pf allow replace 198.51.100.0/24 >/dev/null
t_check sync_removal_exit_0 [ $? = 0 ]
consistent sync_removed_not_forwarded
t_check sync_removed_not_in_list sh -c "! grep -q '10.91.2.0/24' '$LAB/state/allow.list'"
pf detach --all >/dev/null 2>&1
