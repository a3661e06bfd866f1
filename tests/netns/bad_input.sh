# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input, table-driven (tests/netns/bad_input/*.tsv): command lines,
# configs and allow lists, against an attached fast path. Every case must
# exit 1, say what is wrong and where, and change nothing: the synced maps,
# the pins, the state files and the interfaces' XDP programs are compared
# before and after each one. (The event log is the one thing a refusal adds
# to: its record, which tests/netns/events.sh checks.)
. tests/lib/t.sh
. tests/lib/lab.sh
lab_start bad_input "allow-prefix 198.18.0.0/15" "mss-clamp 1400"
printf '10.91.2.0/24\n' >"$LAB/p.txt"
pf allow replace -f "$LAB/p.txt" >/dev/null && pf attach >/dev/null 2>&1 ||
	{ t_fail bad_input_attach; exit 0; }
T=tests/netns/bad_input
tab=$(printf '\t')

# Everything a refused command must leave as it was.
state() {
	for m in "$LAB"/bpf/packetframe/fast-path/maps/*; do
		case ${m##*/} in STATS|*CACHE|FIB_SCRATCH|MUTATION_CTX|*.debug) continue ;; esac
		echo "== ${m##*/}"
		case ${m##*/} in
		ALLOW24_V4) "$PKTIO" nonzero "$m" 2>&1 ;; # bpftool takes seconds for it
		*) bpftool map dump pinned "$m" 2>&1 ;;
		esac
	done
	find "$LAB/bpf" "$LAB/state" ! -name 'events.log*' -printf '%p %m %s\n' | sort
	cat "$LAB/state/allow.list" "$LAB/state/attachments.json"
	ip -n "$NS_R" -d link show | grep -o 'prog/xdp id [0-9]*'
}
state >"$LAB/before"

n=0
# check NAME EXPECT: exit 1, stderr matches EXPECT, nothing changed
check() {
	n=$((n + 1))
	msg=$(tr '\n' ' ' <"$LAB/err")
	if [ "$rc" != 1 ]; then
		t_fail "$1" "exit $rc, want 1 ($msg)"
	elif ! printf '%s' "$msg" | grep -Eq -- "$2"; then
		t_fail "$1" "stderr '$msg' does not say /$2/"
	elif state >"$LAB/after" && ! cmp -s "$LAB/before" "$LAB/after"; then
		t_fail "$1" "something changed: $(diff "$LAB/before" "$LAB/after" | head -5 | tr '\n' ' ')"
	else
		t_pass "$1"
	fi
}

# One case per table line: run_cli, run_conf and run_allow take the input column.
run_cli() {
	# shellcheck disable=SC2086 # the table's words are the arguments
	timeout 10 ip netns exec "$NS_R" "$PF" --config "$LAB/pf.conf" $1 >/dev/null 2>"$LAB/err" </dev/null
	rc=$?
	check "bad_cli_$i" "$2"
}
run_conf() {
	printf '%b\n' "$1" >"$LAB/bad.conf"
	timeout 10 ip netns exec "$NS_R" "$PF" --config "$LAB/bad.conf" apply >/dev/null 2>"$LAB/err" </dev/null
	rc=$?
	check "bad_conf_$i" "$2"
}
run_allow() { # from a file, then the same bytes from a pipe
	printf '%b\n' "$1" >"$LAB/bad.txt"
	pf allow replace -f "$LAB/bad.txt" >/dev/null 2>"$LAB/err"
	rc=$?
	check "bad_allow_file_$i" "$2"
	pf allow replace -f - <"$LAB/bad.txt" >/dev/null 2>"$LAB/err"
	rc=$?
	check "bad_allow_stdin_$i" "$(printf '%s' "$2" | sed 's/bad\.txt/standard input/g')"
}
# table TSV RUNNER
table() {
	i=0
	while IFS="$tab" read -r input want; do
		case $input in '#'*) continue ;; esac
		i=$((i + 1))
		"$2" "$input" "$want"
	done <"$T/$1"
}
table cli.tsv run_cli
table conf.tsv run_conf
table allow.tsv run_allow

t_check bad_input_at_least_200_cases [ "$n" -ge 200 ]
echo "INFO bad input: $n cases"
pf detach --all >/dev/null 2>&1
