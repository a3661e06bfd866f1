# SPDX-License-Identifier: GPL-2.0-or-later
# The differential oracle: the same corpus (ORACLE_FRAMES frames, 20,000 by
# default, from ORACLE_SEED or a fresh seed, printed) through the same router
# twice, the kernel alone and the kernel with packetframe attached, and every
# frame's outcome compared on every port around it. Any difference fails.
# Replay: ORACLE_SEED=<seed> sh tests/oracle/oracle.sh
. tests/lib/t.sh
if ! need_root; then
	t_skip oracle "needs root (network namespaces, XDP)"
	exit 0
fi
ORC=pfo$$
. tests/oracle/topology.sh
ORACLE=${ORACLE:-$(pwd)/build/x86_64/tests/oracle}
frames=${ORACLE_FRAMES:-20000}
seed=${ORACLE_SEED:-$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')}
echo "INFO oracle seed $seed (ORACLE_SEED=$seed replays), $frames frames"
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

fresh || { t_fail oracle_topology; exit 0; }
"$ORACLE" run "$ORC" "$seed" "$frames" "$REC/kernel.rec"
t_check oracle_kernel_run [ $? = 0 ]
fresh || { t_fail oracle_topology; exit 0; }
pf attach >"$REC/attach.out" 2>&1
rc=$?
t_check oracle_attach [ $rc = 0 ]
[ $rc = 0 ] || cat "$REC/attach.out"
"$ORACLE" run "$ORC" "$seed" "$frames" "$REC/fast.rec"
t_check oracle_fast_run [ $? = 0 ]
pf stats --json >"$REC/stats.json"
"$ORACLE" diff "$REC/kernel.rec" "$REC/fast.rec" "$seed" 10 >"$REC/diff.txt"
rc=$?
t_check oracle_fast_path_forwarded_some [ "$(jq '.fwd_ok // 0' "$REC/stats.json")" -gt $((frames / 10)) ]
if [ $rc != 0 ]; then
	grep '^DIFF' "$REC/diff.txt" | sed 's/^DIFF frame [0-9]* //; s/[0-9]*B/NB/g' | sort | uniq -c |
		sort -rn | sed 's/^/INFO diff kinds: /'
	head -n 300 "$REC/diff.txt"
	t_fail oracle_no_differences "$(tail -n 1 "$REC/diff.txt")"
else
	tail -n 1 "$REC/diff.txt"
	t_pass oracle_no_differences
fi
jq -c 'with_entries(select(.value > 0))' "$REC/stats.json" | sed 's/^/INFO counters /'
pf detach --all >/dev/null 2>&1
