# SPDX-License-Identifier: GPL-2.0-or-later
# Helpers for shell tests: the same PASS/FAIL/SKIP lines as the C harness.
# Source it; set PF to the binary under test.
: "${PF:=./packetframe}"
t_pass() { echo "PASS $1"; }
t_fail() { echo "FAIL $1${2:+: $2}"; }
t_skip() { echo "SKIP $1: $2"; }
# t_check NAME CONDITION-COMMAND... : PASS when the command succeeds.
t_check() {
	name=$1
	shift
	if "$@"; then t_pass "$name"; else t_fail "$name" "$*"; fi
}
need_root() { [ "$(id -u)" = 0 ]; }
