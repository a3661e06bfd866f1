# SPDX-License-Identifier: GPL-2.0-or-later
# A throwaway three-namespace lab: client -- router -- server over veths,
# static neighbours, IPv4 and IPv6, a private bpffs and state dir, the router
# with a netfilter FORWARD drop policy (so only the fast path can deliver) and
# the server dropping the test traffic it receives (so it never answers).
# Everything it creates has this run's unique names; lab_down removes it all
# and is installed as the EXIT/INT/TERM trap by lab_up.
#
# Source it; needs $PF (the binary) and $PKTIO (tests' pktio helper).

LAB_ID=${LAB_ID:-pf$$}
NS_C=${LAB_ID}c
NS_R=${LAB_ID}r
NS_S=${LAB_ID}s
MAC_C=02:00:00:00:0c:01
MAC_R0=02:00:00:00:0a:00
MAC_R1=02:00:00:00:0a:01
MAC_S=02:00:00:00:05:01

lab_down() {
	for ns in "$NS_C" "$NS_R" "$NS_S"; do
		ip netns del "$ns" 2>/dev/null
	done
	if [ -n "${LAB:-}" ] && [ -d "$LAB" ]; then
		umount "$LAB/bpf" 2>/dev/null
		rm -rf "$LAB"
	fi
}

# lab_up [CONFIG-LINES-FOR-module-fast-path...]
lab_up() {
	LAB=$(mktemp -d /tmp/pf-lab.XXXXXX) || return 1
	trap lab_down EXIT
	trap 'lab_down; exit 130' INT TERM
	mkdir -p "$LAB/bpf" "$LAB/state" && mount -t bpf bpf "$LAB/bpf" || return 1
	ip netns add "$NS_C" && ip netns add "$NS_R" && ip netns add "$NS_S" || return 1
	ip link add name c0 netns "$NS_C" address $MAC_C type veth peer name r0 netns "$NS_R" address $MAC_R0 &&
	ip link add name r1 netns "$NS_R" address $MAC_R1 type veth peer name s0 netns "$NS_S" address $MAC_S ||
		return 1
	ip -n "$NS_C" addr add 10.91.1.2/24 dev c0
	ip -n "$NS_C" -6 addr add fd91:1::2/64 dev c0 nodad
	ip -n "$NS_R" addr add 10.91.1.1/24 dev r0
	ip -n "$NS_R" -6 addr add fd91:1::1/64 dev r0 nodad
	ip -n "$NS_R" addr add 10.91.2.1/24 dev r1
	ip -n "$NS_R" -6 addr add fd91:2::1/64 dev r1 nodad
	ip -n "$NS_S" addr add 10.91.2.2/24 dev s0
	ip -n "$NS_S" -6 addr add fd91:2::2/64 dev s0 nodad
	for ns in "$NS_C" "$NS_R" "$NS_S"; do
		ip -n "$ns" link set lo up
	done
	ip -n "$NS_C" link set c0 up && ip -n "$NS_R" link set r0 up &&
		ip -n "$NS_R" link set r1 up && ip -n "$NS_S" link set s0 up || return 1
	ip -n "$NS_C" route add default via 10.91.1.1
	ip -n "$NS_C" -6 route add default via fd91:1::1
	ip -n "$NS_S" route add default via 10.91.2.1
	ip -n "$NS_S" -6 route add default via fd91:2::1
	ip -n "$NS_C" neigh add 10.91.1.1 lladdr $MAC_R0 dev c0 nud permanent
	ip -n "$NS_C" -6 neigh add fd91:1::1 lladdr $MAC_R0 dev c0 nud permanent
	ip -n "$NS_R" neigh add 10.91.1.2 lladdr $MAC_C dev r0 nud permanent
	ip -n "$NS_R" -6 neigh add fd91:1::2 lladdr $MAC_C dev r0 nud permanent
	ip -n "$NS_R" neigh add 10.91.2.2 lladdr $MAC_S dev r1 nud permanent
	ip -n "$NS_R" -6 neigh add fd91:2::2 lladdr $MAC_S dev r1 nud permanent
	ip -n "$NS_S" neigh add 10.91.2.1 lladdr $MAC_R1 dev s0 nud permanent
	ip -n "$NS_S" -6 neigh add fd91:2::1 lladdr $MAC_R1 dev s0 nud permanent
	ip netns exec "$NS_R" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	# Native XDP redirects into a veth need NAPI on its peer (GRO on).
	ip netns exec "$NS_C" ethtool -K c0 gro on >/dev/null
	ip netns exec "$NS_S" ethtool -K s0 gro on >/dev/null
	ip netns exec "$NS_R" nft -f - <<NFT || return 1
table inet pflab {
	chain forward { type filter hook forward priority 0; policy drop; counter; }
}
NFT
	ip netns exec "$NS_S" nft -f - <<NFT || return 1
table inet pflab {
	chain input { type filter hook input priority 0; udp dport 9 drop; }
}
NFT
	{
		echo "global"
		echo "  bpffs-root $LAB/bpf/packetframe"
		echo "  state-dir $LAB/state"
		echo "  runtime-dir $LAB/run"
		echo "  attach-settle-time 0s"
		echo "module fast-path"
		echo "  attach r0 auto"
		echo "  attach r1 auto"
		for l in "$@"; do echo "  $l"; done
	} >"$LAB/pf.conf"
}

# pf ARGS...: packetframe in the router namespace with the lab's config
pf() { ip netns exec "$NS_R" "$PF" --config "$LAB/pf.conf" "$@"; }

# xfer v4|v6 COUNT: client -> server through the router; prints pktio's line
xfer() {
	if [ "$1" = v4 ]; then
		"$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v4 10.91.1.2 10.91.2.2 "$2" $MAC_R0 $MAC_R1 $MAC_S
	else
		"$PKTIO" xfer "$NS_C" c0 "$NS_S" s0 v6 fd91:1::2 fd91:2::2 "$2" $MAC_R0 $MAC_R1 $MAC_S
	fi
}

# counter NAME: from `status --json`
counter() { pf status --json | jq -r ".counters.$1"; }

# kernel_forwarded: packets the router's FORWARD chain saw (and dropped)
kernel_forwarded() {
	ip netns exec "$NS_R" nft -j list chain inet pflab forward |
		jq '[.nftables[] | select(.rule) | .rule.expr[] | select(.counter) | .counter.packets] | add // 0'
}

# lab_start NAME [CONFIG-LINES...]: the preamble every lab test shares: skip
# (exit 0) when not root, else bring the lab up or fail NAME_lab_setup.
lab_start() {
	name=$1
	shift
	if ! need_root; then
		t_skip "$name" "needs root (network namespaces, XDP)"
		exit 0
	fi
	lab_up "$@" || { t_fail "${name}_lab_setup"; exit 0; }
}
