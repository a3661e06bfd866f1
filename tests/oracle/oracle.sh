# SPDX-License-Identifier: GPL-2.0-or-later
# The differential oracle: the same corpus (ORACLE_FRAMES frames, 20,000 by
# default, from ORACLE_SEED or a fresh seed, printed) through the same router
# twice, the kernel alone and the kernel with packetframe attached, and every
# frame's outcome compared on every port around it. Any difference fails.
# Replay: ORACLE_SEED=<seed> sh tests/oracle/oracle.sh
# ORC_RULES=0: a router without policy rules (`fib-lookup auto` then looks
# IPv4 up directly); ORC_NAME: the checks' prefix; ORC_CAPTURE=1: a capture
# drawing every frame runs through the packetframe run (it must change
# nothing the kernel would not).
. tests/lib/t.sh
ON=${ORC_NAME:-oracle}
if ! need_root; then
	t_skip "$ON" "needs root (network namespaces, XDP)"
	exit 0
fi
ORC=pfo$$
. tests/oracle/topology.sh
ORACLE=${ORACLE:-$(pwd)/build/x86_64/tests/oracle}
frames=${ORACLE_FRAMES:-20000}
seed=${ORACLE_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
echo "INFO $ON seed $seed (ORACLE_SEED=$seed replays), $frames frames"
REC=$(mktemp -d /tmp/pf-oracle-rec.XXXXXX)
pf() { ip netns exec "$ORC-r" "$PF" --config "$ORC_DIR/pf.conf" "$@"; }
# Each run gets a router fresh from setup: no ICMP or redirect rate-limit
# state, neighbour or route cache carried from one run into the other.
fresh() {
	orc_down
	orc_up || return 1
	trap 'orc_down; rm -rf "$REC"' EXIT
	sleep 1 # let link-up chatter pass
}

fresh || { t_fail "$ON"_topology; exit 0; }
"$ORACLE" run "$ORC" "$seed" "$frames" "$REC/kernel.rec"
t_check "$ON"_kernel_run [ $? = 0 ]
limits() { # the kernel's own ICMP rate-limit counters: runs are comparable only without them
	ip netns exec "$ORC-r" nstat -az 2>/dev/null | awk '/RateLimit/ && $2 > 0 { printf " %s=%s", $1, $2 }'
}
echo "INFO kernel run ICMP rate limits:$(limits)"
fresh || { t_fail "$ON"_topology; exit 0; }
pf attach >"$REC/attach.out" 2>&1
rc=$?
t_check "$ON"_attach [ $rc = 0 ]
[ $rc = 0 ] || cat "$REC/attach.out"
# Which lookup this run proves: IPv4's direct one only where no rule split the tables.
fib4=$([ "${ORC_RULES:-1}" = 1 ] && echo full || echo direct)
t_check "$ON"_fib_lookup_v4_"$fib4" [ "$(pf status --json | jq -r .fib_lookup.v4)" = "$fib4" ]
if [ "${ORC_CAPTURE:-0}" = 1 ]; then
	timeout 600 ip netns exec "$ORC-r" "$PF" --config "$ORC_DIR/pf.conf" capture -w "$REC/cap.pcapng" \
		2>"$REC/cap.err" &
	cap=$!
	i=0
	until grep -q "capture pid" "$ORC_DIR/run/sampler.lock" 2>/dev/null || [ $i -ge 100 ]; do
		i=$((i + 1))
		sleep 0.05
	done
fi
"$ORACLE" run "$ORC" "$seed" "$frames" "$REC/fast.rec"
t_check "$ON"_fast_run [ $? = 0 ]
if [ "${ORC_CAPTURE:-0}" = 1 ]; then
	kill -INT $cap
	wait $cap
	t_check "$ON"_capture_ran [ $? = 0 ]
	# Every frame XDP saw was drawn (a few of the corpus never reach XDP: rx_total).
	sed 's/^/INFO /' "$REC/cap.err"
	drew=$(sed -n 's/.*drew 1 in 1 of \([0-9]*\) frames.*/\1/p' "$REC/cap.err")
	t_check "$ON"_capture_drew_every_frame [ "${drew:-0}" -ge $((frames * 99 / 100)) ] --and \
		[ "${drew:-0}" -le "$(pf stats --json | jq .rx_total)" ]
fi
echo "INFO packetframe run ICMP rate limits:$(limits)"
pf stats --json >"$REC/stats.json"
"$ORACLE" diff "$REC/kernel.rec" "$REC/fast.rec" "$seed" 0 >"$REC/diff.txt"
t_check "$ON"_records_compared [ $? -lt 2 ]
t_check "$ON"_fast_path_forwarded_some [ "$(jq '.fwd_ok // 0' "$REC/stats.json")" -gt $((frames / 10)) ]
tail -n 1 "$REC/diff.txt"
# A difference counts when it happens again, twice: each differing frame is
# replayed alone through fresh routers, kernel and packetframe, and what still
# differs is replayed once more. A router's timers (ICMP and neighbour
# machinery) can still shift one output across a frame boundary on a busy
# machine (seen once in a replay too); such a one-off is listed, not counted.
idx=$(sed -n 's/^DIFF frame \([0-9]*\) .*/\1/p' "$REC/diff.txt" | head -n 200)
confirmed=0
[ -z "$idx" ] || grep '^DIFF' "$REC/diff.txt" | sed 's/^/INFO first run: /'
for pass in 1 2; do
	[ -n "$idx" ] || break
	fresh || { t_fail "$ON"_topology; exit 0; }
	# shellcheck disable=SC2086 # one argument per frame number
	"$ORACLE" replay "$ORC" "$seed" "$REC/kernel2.rec" $idx
	fresh || { t_fail "$ON"_topology; exit 0; }
	pf attach >/dev/null 2>&1
	# shellcheck disable=SC2086
	"$ORACLE" replay "$ORC" "$seed" "$REC/fast2.rec" $idx
	"$ORACLE" diff "$REC/kernel2.rec" "$REC/fast2.rec" "$seed" 10 >"$REC/diff2.txt"
	t_check "$ON"_replay${pass}_compared [ $? -lt 2 ]
	confirmed=$(grep -c '^DIFF' "$REC/diff2.txt")
	idx=$(sed -n 's/^DIFF frame \([0-9]*\) .*/\1/p' "$REC/diff2.txt")
	[ "$pass" = 2 ] || [ -z "$idx" ] || grep '^DIFF' "$REC/diff2.txt" | sed 's/^/INFO replay 1: /'
done
if [ "$confirmed" != 0 ]; then
	grep '^DIFF' "$REC/diff2.txt" | sed 's/^DIFF frame [0-9]* //; s/[0-9]*B/NB/g' | sort | uniq -c |
		sort -rn | sed 's/^/INFO confirmed diff kinds: /'
	head -n 300 "$REC/diff2.txt"
	t_fail "$ON"_no_differences "$confirmed of $frames frames differ, confirmed on two replays"
else
	t_pass "$ON"_no_differences
fi
echo "INFO $ON: $frames frames, $(grep -c '^DIFF' "$REC/diff.txt") differing in the run, $confirmed confirmed on replay"
jq -c 'with_entries(select(.value > 0))' "$REC/stats.json" | sed 's/^/INFO counters /'
pf detach --all >/dev/null 2>&1
