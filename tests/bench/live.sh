#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make bench-live: delivered Mpps through a router namespace, live frames
# (BPF_F_TEST_XDP_LIVE_FRAMES) from a generator namespace to a counting sink,
# for each way of forwarding side by side: the kernel, the kernel with an
# nftables conntrack ruleset, xdp-forward (Debian's, tests/bench/peers.sh),
# packetframe native (its default `fib-lookup auto`, and `direct` as
# xdp-forward asks) and generic, and a bare redirect (the ceiling). Modes
# interleave within each round (the order rotates round by round), with one
# flow and with 65,536 (destinations rotating through one next hop); per mode
# the median Mpps and the median, min and max of its per-round ratio to
# xdp-forward. Inline placement: everything runs in CPU 0's softirq, the
# steadiest setup on a shared 2-vCPU VM (../shared/notes/perf-lab.md).
# Prints; never fails on numbers.
#
# usage: tests/bench/live.sh [XDP_FORWARD_BINARY]   (root; from the top of the tree)
# env: LIVE_ROUNDS (5), LIVE_WARMUP (0.5 s), LIVE_WINDOW (2 s), LIVE_FAMILIES ("v4"),
#      LIVE_MODES (all), LIVE_FLOWS ("1 65536"), LIVE, PF, PF_TESTPROGS_OBJ (the Makefile's)
set -u
if [ "$(id -u)" != 0 ]; then
	echo "bench-live: skipped: needs root (namespaces, XDP)"
	exit 0
fi
XDPF=${1:-}
ROUNDS=${LIVE_ROUNDS:-5}
WARMUP=${LIVE_WARMUP:-0.5}
WINDOW=${LIVE_WINDOW:-2}
FAMILIES=${LIVE_FAMILIES:-v4}
FLOWS=${LIVE_FLOWS:-1 65536}
MODES=${LIVE_MODES:-kernel nft-conntrack xdp-forward pf-native pf-native-direct pf-generic redirect}
[ -n "$XDPF" ] || MODES=$(echo "$MODES" | sed 's/xdp-forward//')
N=pfl$$
G=$N-gen R=$N-rtr S=$N-sink
DIR=$(mktemp -d /tmp/pf-bench-live.XXXXXX)
MAC_R0=02:00:00:00:01:fe
down() {
	for n in $G $R $S; do ip netns del "$n" 2>/dev/null; done
	umount "$DIR/bpf" 2>/dev/null
	rm -rf "$DIR"
}
trap down EXIT
trap 'exit 130' INT TERM

up() {
	for n in $G $R $S; do ip netns add "$n" || return 1; done
	ip link add g0 netns $G address 02:00:00:00:01:01 type veth peer r0 netns $R address $MAC_R0 &&
		ip link add r1 netns $R address 02:00:00:00:02:fe type veth peer s0 netns $S \
			address 02:00:00:00:02:01 || return 1
	for d in g0:$G r0:$R r1:$R s0:$S; do
		ip -n "${d#*:}" link set "${d%:*}" up
		# one frame, one packet: no offloads merging or splitting them
		ip netns exec "${d#*:}" ethtool -K "${d%:*}" tso off gso off gro off >/dev/null 2>&1
	done
	# NAPI on r0 for the generator's frames in the modes without XDP there
	ip netns exec $R ethtool -K r0 gro on >/dev/null
	ip netns exec $R sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	ip -n $R addr add 10.0.1.254/24 dev r0 && ip -n $R addr add 10.0.2.254/24 dev r1 &&
		ip -n $R -6 addr add fd00:1::fe/64 dev r0 nodad &&
		ip -n $R -6 addr add fd00:2::fe/64 dev r1 nodad || return 1
	ip -n $R neigh add 10.0.2.1 lladdr 02:00:00:00:02:01 dev r1 nud permanent
	ip -n $R -6 neigh add fd00:2::1 lladdr 02:00:00:00:02:01 dev r1 nud permanent
	ip -n $R route add 10.128.0.0/16 via 10.0.2.1
	ip -n $R -6 route add fd00:128::/48 via fd00:2::1
	mkdir -p "$DIR/bpf" "$DIR/state" && chmod 700 "$DIR/state" && mount -t bpf bpf "$DIR/bpf" ||
		return 1
	"$LIVE" sink $S s0 "$DIR/bpf/sink" || return 1
	# packetframe's config: both ports, the flows' prefixes and 100,000 more of each family
	cat >"$DIR/pf.conf" <<CONF
global
  bpffs-root $DIR/bpf/packetframe
  state-dir $DIR/state
  attach-settle-time 0s
module fast-path
  attach r0 native
  attach r1 native
  allow-prefix 10.128.0.0/16
  allow-prefix6 fd00:128::/48
CONF
	sed 's/ native$/ generic/' "$DIR/pf.conf" >"$DIR/pf-generic.conf"
	{ cat "$DIR/pf.conf" && echo "  fib-lookup direct"; } >"$DIR/pf-direct.conf"
	awk 'BEGIN { for (i = 0; i < 100000; i++) {
		printf "%d.%d.%d.0/24\n", 20 + int(i / 65536), int(i / 256) % 256, i % 256
		printf "3fff:%x:%x::/48\n", int(i / 65536), i % 65536 } }' >"$DIR/allow.txt"
	pf "$DIR/pf.conf" allow replace -f "$DIR/allow.txt" || { cat "$DIR/pf.out"; return 1; }
}

pf() { # CONFIG ARGS...: packetframe in the router namespace, its words kept for errors
	c=$1
	shift
	ip netns exec $R "$PF" --config "$c" "$@" >"$DIR/pf.out" 2>&1
}
xdp_off() { for d in r0 r1; do ip -n $R link set $d xdp off 2>/dev/null; done; }

# mode_on MODE / mode_off MODE: the router as MODE wants it, and back to plain forwarding.
mode_on() {
	case $1 in
	kernel) ;;
	nft-conntrack)
		ip netns exec $R nft -f - <<'NFT'
table inet pf_bench_live {
	chain forward {
		type filter hook forward priority filter; policy drop;
		ct state established,related accept
		ct state invalid drop
		iifname "r0" oifname "r1" counter accept
	}
}
NFT
		;;
	xdp-forward) "$LIVE" xdp-forward $R "$XDPF" r0 r1 ;;
	pf-native) pf "$DIR/pf.conf" attach ;;
	pf-native-direct) pf "$DIR/pf-direct.conf" attach ;;
	pf-generic) pf "$DIR/pf-generic.conf" attach ;;
	redirect) "$LIVE" redirect $R r0 r1 ;;
	esac
}
mode_off() {
	case $1 in
	nft-conntrack)
		ip netns exec $R nft delete table inet pf_bench_live
		ip netns exec $R conntrack -F >/dev/null 2>&1
		;;
	pf-native | pf-native-direct) pf "$DIR/pf.conf" detach --all ;;
	pf-generic) pf "$DIR/pf-generic.conf" detach --all ;;
	*) xdp_off ;;
	esac
}

up || { echo "bench-live: cannot build the namespaces"; exit 1; }
echo "bench-live: $ROUNDS rounds, ${WARMUP} s warm-up + ${WINDOW} s window per mode," \
	"families: $FAMILIES, flows: $FLOWS"
echo "modes: $MODES"
echo "router: no policy rules, rp_filter off; packetframe with 100,000 + 100,000 more prefixes"
RES=$DIR/results
: >"$RES"
set -- $MODES
nmodes=$#
r=1
while [ $r -le "$ROUNDS" ]; do
	# rotate the order: each mode takes every position over the rounds
	order=$(echo $MODES | tr ' ' '\n' | awk -v k=$(((r - 1) % nmodes)) -v n=$nmodes \
		'{ m[NR - 1] = $0 } END { for (i = 0; i < n; i++) print m[(i + k) % n] }')
	for fam in $FAMILIES; do
		for f in $FLOWS; do
			for m in $order; do
				if ! mode_on "$m"; then
					echo "bench-live: $m: cannot set up ($(cat "$DIR/pf.out" 2>/dev/null | head -n 2))"
					mode_off "$m"
					continue
				fi
				res=$(timeout 60 "$LIVE" gen $G g0 "$fam" "$f" "$WARMUP" "$WINDOW" \
					"$DIR/bpf/sink" $MAC_R0) || res="0 0"
				mode_off "$m"
				echo "$r $fam $f $m $res" >>"$RES"
			done
		done
	done
	echo "round $r done"
	r=$((r + 1))
done

# Per family, flows, mode: median delivered Mpps; per-round ratio to xdp-forward
# (to the kernel without it), median and range.
awk -v ref="$([ -n "$XDPF" ] && echo xdp-forward || echo kernel)" -v fams="$FAMILIES" \
	-v flows="$FLOWS" '
function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{ mpps[$2 " " $3, $4, $1] = $5; rounds[$1] = 1
  if (!(($4) in order)) order[$4] = ++nm; name[order[$4]] = $4 }
END {
	nfa = split(fams, fa, " "); nfl = split(flows, fl, " ")
	for (a = 1; a <= nfa; a++) for (b = 1; b <= nfl; b++) {
		k = fa[a] " " fl[b]; kf[1] = fa[a]; kf[2] = fl[b]
		printf "\n%s, %s flow%s (delivered Mpps at the sink; ratio per round to %s)\n", kf[1], kf[2], kf[2] == 1 ? "" : "s", ref
		printf "  %-16s %8s %8s %18s\n", "mode", "Mpps", "ratio", "ratio min-max"
		for (i = 1; i <= nm; i++) {
			m = name[i]; n = 0; q = 0
			for (r in rounds) {
				v[++n] = mpps[k, m, r]
				if (mpps[k, ref, r] > 0) { w[++q] = mpps[k, m, r] / mpps[k, ref, r]; lo = (q == 1 || w[q] < lo) ? w[q] : lo; hi = (q == 1 || w[q] > hi) ? w[q] : hi }
			}
			printf "  %-16s %8.3f %8s %18s\n", m, median(v, n), q ? sprintf("%.2f", median(w, q)) : "-", q ? sprintf("%.2f-%.2f", lo, hi) : "-"
		}
	}
}' "$RES"
echo
echo "(generator, router and sink share CPU 0; a mode that failed to set up has no row.)"
