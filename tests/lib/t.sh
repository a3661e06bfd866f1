# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for shell tests: the same PASS/FAIL/SKIP lines as the C harness.
# Source it; set PF to the binary under test.
: "${PF:=./packetframe}"
t_pass() { echo "PASS $1"; }
t_fail() { echo "FAIL $1${2:+: $2}"; }
t_skip() { echo "SKIP $1: $2"; }
# t_check NAME COMMAND... [--and COMMAND...]... : PASS when every command
# succeeds. (A shell `&&` after t_check would run outside the check: its
# result would never count.)
t_check() {
	t_name=$1
	shift
	t_what="$*"
	while [ $# -gt 0 ]; do
		t_n=0
		for t_a in "$@"; do
			[ "$t_a" = --and ] && break
			t_n=$((t_n + 1))
		done
		if ! t_first "$t_n" "$@"; then
			t_fail "$t_name" "$t_what"
			return
		fi
		shift "$t_n"
		[ $# -gt 0 ] && shift # the --and
	done
	t_pass "$t_name"
}
# t_first N ARG...: run the first N arguments as a command.
t_first() {
	t_k=$1
	shift
	t_i=1 t_list=
	while [ "$t_i" -le "$t_k" ]; do
		t_list="$t_list \"\${$t_i}\""
		t_i=$((t_i + 1))
	done
	eval "set -- $t_list"
	"$@"
}
need_root() { [ "$(id -u)" = 0 ]; }
