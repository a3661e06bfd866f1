# SPDX-License-Identifier: GPL-2.0-or-later
# CLI dispatch and argument errors of the built binary (no root needed).
. tests/lib/t.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# run ARGS...: exit code in $rc, stdout in $tmp/o, stderr in $tmp/e
run() { "$PF" "$@" >"$tmp/o" 2>"$tmp/e"; rc=$?; }
jq_ok() { jq -e "$@" >/dev/null; }

run --help
t_check cli_help_exits_0 [ "$rc" = 0 ]
t_check cli_help_lists_version grep -q '^  version ' "$tmp/o"

run
t_check cli_no_command_is_usage_error [ "$rc" = 1 ]
t_check cli_no_command_usage_on_stderr grep -q '^usage: packetframe' "$tmp/e"

run frobnicate
t_check cli_unknown_command_exit_1 [ "$rc" = 1 ]
t_check cli_unknown_command_named grep -q "unknown command 'frobnicate'" "$tmp/e"
t_check cli_unknown_command_stdout_empty [ ! -s "$tmp/o" ]

run --bogus-flag version
t_check cli_unknown_global_flag_exit_1 [ "$rc" = 1 ]
t_check cli_unknown_global_flag_named grep -q -- "'--bogus-flag'" "$tmp/e"

run version --config
t_check cli_missing_argument_exit_1 [ "$rc" = 1 ]

run version --bogus
t_check cli_unknown_subcommand_flag_exit_1 [ "$rc" = 1 ]
t_check cli_unknown_flag_named grep -q -- "'--bogus'" "$tmp/e"
t_check cli_unknown_flag_shows_usage grep -q '^usage: packetframe version' "$tmp/e"

run version extra
t_check cli_extra_argument_exit_1 [ "$rc" = 1 ]

run version --help
t_check cli_subcommand_help_exit_0 [ "$rc" = 0 ]
t_check cli_subcommand_help_usage grep -q '^usage: packetframe version \[--json\]' "$tmp/o"

run version
t_check cli_version_exit_0 [ "$rc" = 0 ]
t_check cli_version_names_arch grep -q '^packetframe [0-9][0-9.]* (x86_64)$' "$tmp/o"
t_check cli_version_build_id grep -qE '^build id [0-9a-f]{16}$' "$tmp/o"
# The build id is the hash of the object that was embedded.
want=$(sha256sum "$PF_BPF_OBJ" | cut -c1-16)
t_check cli_version_build_id_is_object_hash grep -q "^build id $want\$" "$tmp/o"
t_check cli_version_libbpf grep -q '^libbpf v1\.5' "$tmp/o"

run version --json
t_check cli_version_json_exit_0 [ "$rc" = 0 ]
t_check cli_version_json_valid jq_ok ".build_id == \"$want\" and .arch == \"x86_64\" and (.version|type) == \"string\" and (.libbpf|startswith(\"v1.5\"))" "$tmp/o"

run -q version --bogus
t_check cli_quiet_keeps_usage_errors [ "$rc" = 1 ] --and [ -s "$tmp/e" ]

# `--version` is `version`; `help COMMAND` is `COMMAND --help`; `help` lists the commands.
t_check cli_dash_version [ "$("$PF" --version)" = "$("$PF" version)" ]
t_check cli_help_command [ "$("$PF" help guard)" = "$("$PF" guard --help)" ] --and \
	[ "$("$PF" help)" = "$("$PF" --help)" ]
"$PF" help frobnicate >/dev/null 2>&1
t_check cli_help_unknown_exit_1 [ $? = 1 ]
