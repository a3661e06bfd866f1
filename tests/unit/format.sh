# SPDX-License-Identifier: GPL-2.0-or-later
# Changed C lines follow .clang-format: the lines changed in the working tree
# and in the last commit (against its parent). Only changed lines are held to
# it, so older code is reformatted when it is touched, not all at once.
# FORMAT_BASE=<rev> checks everything changed since <rev> instead.
. tests/lib/t.sh
name=format_changed_c_lines
if ! command -v clang-format >/dev/null 2>&1; then
	t_skip $name "clang-format is not installed"
	exit 0
fi
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	t_skip $name "not a git checkout"
	exit 0
fi
base=${FORMAT_BASE:-HEAD~1}
# A first commit has no parent: compare with the empty tree.
git rev-parse -q --verify "$base^{commit}" >/dev/null ||
	base=$(git hash-object -t tree /dev/null)
bad=
for f in $(git diff --name-only --diff-filter=AM "$base" -- '*.c' '*.h'); do
	[ -f "$f" ] || continue
	# "@@ -a,b +c,d @@": new lines c .. c+d-1 (d absent = 1, 0 = a deletion).
	lines=$(git diff -U0 "$base" -- "$f" | sed -n 's/^@@ [^+]*+\([0-9]*\)\(,\([0-9]*\)\)\? @@.*/\1 \3/p' |
		while read -r c d; do
			[ "${d:-1}" = 0 ] && continue
			echo "--lines=$c:$((c + ${d:-1} - 1))"
		done)
	[ -n "$lines" ] || continue
	# shellcheck disable=SC2086 # one word per --lines option
	if ! clang-format --dry-run --Werror $lines "$f" >/dev/null 2>&1; then
		bad="$bad $f"
	fi
done
if [ -n "$bad" ]; then
	t_fail $name "not as .clang-format wants:$bad (see clang-format --dry-run)"
else
	t_pass $name
fi
