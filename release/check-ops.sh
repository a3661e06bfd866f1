#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# What ships beside the binaries, checked as make test checks it: the man
# pages (mandoc lint) and completion, the systemd units (systemd-analyze
# verify), the alert rules (promtool check/test rules) and that the dashboard
# and rules ask only for metrics the binary writes (in a netns lab, as root).
# Exits 1 on any FAIL.
#
# usage: PF=BINARY release/check-ops.sh
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in tests/unit/docs.sh tests/unit/units.sh tests/netns/metrics.sh; do
	sh "$t" >>"$out" 2>&1
done
grep -E '^(PASS|FAIL|SKIP) ' "$out"
echo "release-check (ops): $(grep -c '^PASS ' "$out") passed, $(grep -c '^FAIL ' "$out") failed"
! grep -q '^FAIL ' "$out"
