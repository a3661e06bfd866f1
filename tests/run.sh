#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run every test program and script, show their output, and end with the
# closing line "N passed, N failed, N skipped". Exit 1 on any failure.
# A test program that exits non-zero without reporting a FAIL (a crash)
# counts as one failure.
#
# usage: tests/run.sh BUILD_DIR BPF_OBJECT TESTPROGS_OBJECT
set -u
B=$1
export PF_BPF_OBJ=$2
export PF_TESTPROGS_OBJ=$3
export PF=$(pwd)/packetframe
export PKTIO=$(pwd)/$B/tests/pktio
export ORACLE=$(pwd)/$B/tests/oracle
out=$(mktemp)
trap 'rm -f "$out"' EXIT

run() { # label command...
	label=$1
	shift
	echo "== $label"
	"$@" >"$out" 2>&1
	rc=$?
	cat "$out"
	cat "$out" >>"$out.all"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL ' "$out"; then
		echo "FAIL $label: exited $rc without reporting a failure" | tee -a "$out.all"
	fi
}

rm -f "$out.all"
run "unit (C)" "$B/tests/unit"
for s in tests/unit/*.sh; do run "$s" sh "$s"; done
for s in tests/bpf/*.sh; do run "$s" sh "$s"; done
for s in tests/netns/*.sh; do run "$s" sh "$s"; done
run "tests/oracle/oracle.sh, a capture drawing every frame" env ORC_CAPTURE=1 sh tests/oracle/oracle.sh
run "tests/oracle/oracle.sh, no policy rules" env ORC_RULES=0 ORC_NAME=oracle_norules \
	ORACLE_FRAMES="${ORACLE_FRAMES:-10000}" sh tests/oracle/oracle.sh
run "bpf (C, root)" "$B/tests/bpf"

passed=$(grep -c '^PASS ' "$out.all")
failed=$(grep -c '^FAIL ' "$out.all")
skipped=$(grep -c '^SKIP ' "$out.all")
rm -f "$out.all"
echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
