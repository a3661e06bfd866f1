# SPDX-License-Identifier: GPL-2.0-or-later
# The state dir is trusted only when no other user can change it: a local
# user must not be able to plant a prefix in allow.list that root's next run
# makes live. Leftover temporary files of a killed run are removed.
# (allow works without an attached fast path: it then only saves the list.)
. tests/lib/t.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/state"
chmod 700 "$tmp/state"
printf 'global\n  state-dir %s/state\n  bpffs-root %s/nobpf\n' "$tmp" "$tmp" >"$tmp/pf.conf"
run() { "$PF" --config "$tmp/pf.conf" "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; }

run allow add 192.0.2.0/24
t_check state_trusted_dir_works [ "$rc" = 0 ]
cp "$tmp/state/allow.list" "$tmp/before"

chmod 777 "$tmp/state"
run allow add 198.51.100.0/24
t_check state_world_writable_dir_exit_1 [ "$rc" = 1 ]
t_check state_world_writable_dir_named grep -q "$tmp/state is writable by others" "$tmp/e"
t_check state_world_writable_list_unchanged cmp -s "$tmp/state/allow.list" "$tmp/before"
chmod 700 "$tmp/state"

chmod 666 "$tmp/state/allow.list"
run allow add 198.51.100.0/24
t_check state_world_writable_file_exit_1 [ "$rc" = 1 ]
t_check state_world_writable_file_named grep -q "allow.list is writable by others" "$tmp/e"
chmod 600 "$tmp/state/allow.list"

if need_root; then
	chown 65534 "$tmp/state/allow.list"
	run allow add 198.51.100.0/24
	t_check state_foreign_owner_exit_1 [ "$rc" = 1 ]
	t_check state_foreign_owner_named grep -q "allow.list is owned by another user" "$tmp/e"
	chown 0 "$tmp/state/allow.list"
else
	t_skip state_foreign_owner "needs root to chown"
fi

ln -s /etc/passwd "$tmp/state/attachments.json"
run allow add 198.51.100.0/24
t_check state_symlinked_file_refused [ "$rc" = 1 ]
rm "$tmp/state/attachments.json"

touch "$tmp/state/allow.list.tmp.4242"
run allow add 198.51.100.0/24
t_check state_leftover_tmp_removed [ "$rc" = 0 ] --and [ ! -e "$tmp/state/allow.list.tmp.4242" ]

# A refused command leaves nothing behind: not the lock, not the state dir.
printf 'global\n  state-dir %s/new/state\n  bpffs-root %s/nobpf\n' "$tmp" "$tmp" >"$tmp/fresh.conf"
"$PF" --config "$tmp/fresh.conf" attach nosuch0 >/dev/null 2>&1
t_check state_refusal_exit_1 [ $? = 1 ]
t_check state_refusal_creates_nothing [ ! -e "$tmp/new" ]
"$PF" --config "$tmp/fresh.conf" allow replace >/dev/null 2>&1
t_check state_refused_empty_replace_creates_nothing [ ! -e "$tmp/new" ]
