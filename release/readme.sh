#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's generated tables, between their markers: the counter reference
# (from the binary's own list, `packetframe help --json`, which is
# bpf/counters.h) and the platform table (from release/vmtest-results.md).
# Writes README to stdout.
#
# usage: release/readme.sh BINARY [README]
set -eu
bin=$1
readme=${2:-README.md}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
	echo '| counter | kind | meaning | metric |'
	echo '|---|---|---|---|'
	"$bin" help --json | jq -r '.counters[] |
		"| `\(.name)` | \(.kind)\(if .guard_signal then ", breaker signal" else "" end) | \(.help | gsub("\\|"; "\\\\|")) | \(if .metric then "`" + .metric + "`" else "not exported" end) |"'
} >"$tmp/counters"
# vmtest-results.md rows: | userland | kernel | ... | result |
awk -F'|' '/^\| (x86_64|aarch64|armhf|mips|mipsel) \|/ {
		u = $2; k = $3; r = $(NF - 1); gsub(/ /, "", u); gsub(/ /, "", k); gsub(/ /, "", r)
		if (!(u in seen)) { order[++nu] = u; seen[u] = 1 }
		if (!(k in kseen)) { korder[++nk] = k; kseen[k] = 1 }
		res[u, k] = r
	}
	END {
		printf "| userland |"; for (j = 1; j <= nk; j++) printf " Linux %s |", korder[j]; print ""
		printf "|---|"; for (j = 1; j <= nk; j++) printf "---|"; print ""
		for (i = 1; i <= nu; i++) {
			printf "| %s |", order[i]
			for (j = 1; j <= nk; j++) printf " %s |", ((order[i], korder[j]) in res) ? res[order[i], korder[j]] : "-"
			print ""
		}
	}' release/vmtest-results.md >"$tmp/platforms"
# Replace what is between each begin/end marker pair with its table.
awk -v dir="$tmp" '
	/^<!-- [a-z]+:begin -->$/ { print; name = $2; sub(/:begin/, "", name)
		while ((getline l < (dir "/" name)) > 0) print l; skip = 1; next }
	/^<!-- [a-z]+:end -->$/ { skip = 0 }
	!skip { print }' "$readme"
