# SPDX-License-Identifier: GPL-2.0-or-later
# The cron path through the CLI, without an attached fast path (allow then
# only keeps its list): an empty input never empties the list unless asked,
# standard input works, --max-delete bounds a run, bad files are refused by
# FILE:LINE with nothing changed, and nothing blocks on a FIFO.
. tests/lib/t.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -m 700 "$tmp/state"
printf 'global\n  state-dir %s/state\n  bpffs-root %s/nobpf\n' "$tmp" "$tmp" >"$tmp/pf.conf"
run() { "$PF" --config "$tmp/pf.conf" "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; }
list() { grep -v '^#' "$tmp/state/allow.list"; }
same_list() { [ "$(list)" = "$(cat "$tmp/want")" ]; }

printf '192.0.2.0/24\n198.51.100.0/24\n203.0.113.0/24\n2001:db8::/32\n' >"$tmp/four"
run allow replace -f "$tmp/four"
t_check allow_replace_file [ "$rc" = 0 ] --and [ "$(list | wc -l)" = 4 ]
list >"$tmp/want"

: >"$tmp/empty"
run allow replace -f "$tmp/empty"
t_check allow_empty_file_refused [ "$rc" = 1 ]
t_check allow_empty_file_says_why grep -q 'refusing to empty the allow list (4 prefixes)' "$tmp/e"
t_check allow_empty_file_unchanged same_list
run allow replace
t_check allow_no_arguments_refused [ "$rc" = 1 ] --and same_list
"$PF" --config "$tmp/pf.conf" allow replace -f - </dev/null >"$tmp/o" 2>"$tmp/e"
t_check allow_empty_pipe_refused [ $? = 1 ] --and same_list
printf '# only a comment\n\n' | "$PF" --config "$tmp/pf.conf" allow replace -f - >/dev/null 2>&1
t_check allow_comment_only_pipe_refused [ $? = 1 ] --and same_list

printf '192.0.2.0/24\n10.0.0.0/8\n' | "$PF" --config "$tmp/pf.conf" allow replace -f - >"$tmp/o" 2>"$tmp/e"
t_check allow_stdin_dash [ $? = 0 ] --and [ "$(list | tr '\n' ' ')" = "10.0.0.0/8 192.0.2.0/24 " ]
printf '192.0.2.0/24\n10.0.0.0/8\n198.51.100.0/24\n' | "$PF" --config "$tmp/pf.conf" allow replace -f /dev/stdin >/dev/null 2>&1
t_check allow_stdin_dev_path [ $? = 0 ] --and [ "$(list | wc -l)" = 3 ]

list >"$tmp/want"
run allow replace --max-delete 1 192.0.2.0/24
t_check allow_max_delete_count_refused [ "$rc" = 1 ] --and same_list
t_check allow_max_delete_says grep -q 'removes 2 of 3 prefixes, more than --max-delete 1' "$tmp/e"
run allow replace --max-delete 50% 192.0.2.0/24 10.0.0.0/8
t_check allow_max_delete_share_ok [ "$rc" = 0 ] --and [ "$(list | wc -l)" = 2 ]
run allow del --max-delete 10x 10.0.0.0/8
t_check allow_max_delete_bad_value [ "$rc" = 1 ] --and grep -q "max-delete '10x'" "$tmp/e"
run allow replace --allow-empty -f "$tmp/empty"
t_check allow_empty_on_purpose [ "$rc" = 0 ] --and [ -z "$(list)" ]
run allow add 192.0.2.0/24
list >"$tmp/want"

printf '\n\n10.0.0.0/8\n\nnot-a-prefix\n1.2.3.4/33\n' >"$tmp/bad"
run allow add -f "$tmp/bad"
t_check allow_bad_lines_exit_1 [ "$rc" = 1 ] --and same_list
t_check allow_bad_lines_numbered grep -q "$tmp/bad:5: " "$tmp/e" --and grep -q "$tmp/bad:6: " "$tmp/e"
printf '10.0.0.0/8\n192.168.0.0/16\000\n172.16.0.0/12\n' >"$tmp/nul"
run allow add -f "$tmp/nul"
t_check allow_nul_refused [ "$rc" = 1 ] --and grep -q "$tmp/nul:2: a NUL byte" "$tmp/e" --and same_list
printf '10.0.0.0/8\r\n' >"$tmp/crlf"
run allow add -f "$tmp/crlf"
t_check allow_crlf_refused [ "$rc" = 1 ] --and grep -q "$tmp/crlf:1: ends in CR" "$tmp/e" --and same_list
printf '\357\273\27710.0.0.0/8\n' >"$tmp/bom"
run allow add -f "$tmp/bom"
t_check allow_bom_refused [ "$rc" = 1 ] --and grep -q "$tmp/bom:1: starts with a UTF-8 byte-order mark" "$tmp/e" --and same_list
run allow add 10.0.0.0/8 bogus 1.2.3.4/40
t_check allow_bad_args_all_named [ "$rc" = 1 ] --and grep -q 'argument 2' "$tmp/e" --and grep -q 'argument 3' "$tmp/e" --and same_list

mkfifo "$tmp/fifo"
timeout 5 "$PF" --config "$tmp/pf.conf" allow add -f "$tmp/fifo" >/dev/null 2>"$tmp/e"
t_check allow_fifo_refused_no_hang [ $? = 1 ] --and grep -q 'not a regular file (a FIFO)' "$tmp/e"
run allow add -f "$tmp"
t_check allow_directory_refused [ "$rc" = 1 ] --and grep -q 'not a regular file (a directory)' "$tmp/e"
run allow add -f /dev/zero
t_check allow_device_refused [ "$rc" = 1 ] --and grep -q 'not a regular file (a device)' "$tmp/e"
timeout 5 "$PF" --config "$tmp/fifo" status >/dev/null 2>"$tmp/e"
t_check config_fifo_refused_no_hang [ $? = 1 ]

run -q allow add 198.18.0.0/15
t_check allow_quiet_silences_stdout [ "$rc" = 0 ] --and [ ! -s "$tmp/o" ]
