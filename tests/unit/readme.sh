# SPDX-License-Identifier: GPL-2.0-or-later
# The README's generated tables (counter reference, platform table) are what
# release/readme.sh makes from the binary's counter list and
# release/vmtest-results.md: `make readme` after changing either.
. tests/lib/t.sh
gen=$(mktemp)
trap 'rm -f "$gen"' EXIT
release/readme.sh "$PF" >"$gen"
t_check readme_tables_current cmp -s "$gen" README.md
cmp -s "$gen" README.md || diff -u README.md "$gen" | head -20
t_check readme_every_counter [ "$(sed -n '/counters:begin/,/counters:end/p' README.md | grep -c '^| `')" = \
	"$("$PF" help --json | jq '.counters | length')" ]
