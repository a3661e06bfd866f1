# SPDX-License-Identifier: GPL-2.0-or-later
# The oracle's router and its neighbours (source it; needs $ORC, a unique
# prefix). Sender ns $ORC-s with three ports into the router: s0 -> r0
# (rp_filter off), s1 -> r5 (strict), s2 -> r6 (loose, and no IPv6). Egress: r1 -> e1
# (plain), r2 -> e2 (MTU 1280), bridge br0 with member r3 -> e3. Routes of
# every kind (unicast per egress, unreachable, prohibit, blackhole, back out
# the ingress port, none), a policy rule, static neighbours, ICMP rate limits
# off and IPv6 quiet, so that two runs see the same thing.
# orc_down removes everything; orc_up installs it as the EXIT trap.

orc_down() {
	for n in s r e1 e2 e3; do ip netns del "$ORC-$n" 2>/dev/null; done
	if [ -n "${ORC_DIR:-}" ] && [ -d "$ORC_DIR" ]; then
		umount "$ORC_DIR/bpf" 2>/dev/null
		rm -rf "$ORC_DIR"
	fi
}

# in NS CMD...: run in one of the oracle's namespaces
in_ns() { _ns=$1; shift; ip netns exec "$ORC-$_ns" "$@"; }

orc_quiet() { # NS: no IPv6 chatter, no ICMP rate limits
	in_ns "$1" sysctl -qw net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
		net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 \
		net.ipv4.icmp_ratelimit=0 net.ipv6.icmp.ratelimit=0 \
		net.ipv4.icmp_msgs_per_sec=100000 net.ipv4.icmp_msgs_burst=100000
}

orc_up() {
	ORC_DIR=$(mktemp -d /tmp/pf-oracle.XXXXXX) || return 1
	trap orc_down EXIT
	trap 'orc_down; exit 130' INT TERM
	for n in s r e1 e2 e3; do ip netns add "$ORC-$n" || return 1; orc_quiet $n; done
	in_ns r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	# sender ports, router ports (MACs as tests/oracle/corpus.c expects)
	for p in 0 5 6; do
		ip link add s$((p == 0 ? 0 : p == 5 ? 1 : 2)) netns "$ORC-s" address 02:00:00:00:0c:0$p \
			type veth peer r$p netns "$ORC-r" address 02:00:00:00:0a:0$p || return 1
	done
	for e in 1 2 3; do
		ip link add e$e netns "$ORC-e$e" address 02:00:00:00:0e:0$e \
			type veth peer r$e netns "$ORC-r" address 02:00:00:00:0a:0$e || return 1
	done
	in_ns r ip link add br0 address 02:00:00:00:0b:00 type bridge || return 1
	in_ns r ip link set r3 master br0
	in_ns r ip link set r2 mtu 1280
	in_ns e2 ip link set e2 mtu 1280
	in_ns r sysctl -qw net.ipv4.conf.r5.rp_filter=1 net.ipv4.conf.r6.rp_filter=2
	for d in r0 r1 r2 r3 r5 r6 br0 lo; do in_ns r ip link set $d up; done
	for d in s0 s1 s2 lo; do in_ns s ip link set $d up; done
	for e in 1 2 3; do in_ns e$e ip link set e$e up; in_ns e$e ip link set lo up; done
	r() { in_ns r ip "$@" || return 1; }
	r addr add 10.70.0.1/24 dev r0 && r -6 addr add fd70:0::1/64 dev r0 nodad
	r addr add 10.70.5.1/24 dev r5 && r -6 addr add fd70:5::1/64 dev r5 nodad
	r addr add 10.70.6.1/24 dev r6 && r -6 addr add fd70:6::1/64 dev r6 nodad
	r addr add 10.71.1.1/24 dev r1 && r -6 addr add fd71:1::1/64 dev r1 nodad
	r addr add 10.71.2.1/24 dev r2 && r -6 addr add fd71:2::1/64 dev r2 nodad
	r addr add 10.71.3.1/24 dev br0 && r -6 addr add fd71:3::1/64 dev br0 nodad
	for n in 1 2 3; do
		dev=r$n
		[ $n = 3 ] && dev=br0
		r neigh add 10.71.$n.2 lladdr 02:00:00:00:0e:0$n dev $dev nud permanent
		r -6 neigh add fd71:$n::2 lladdr 02:00:00:00:0e:0$n dev $dev nud permanent
		r route add 198.18.$n.0/24 via 10.71.$n.2
		r -6 route add 2001:db8:$n::/48 via fd71:$n::2
	done
	# every host of the senders' subnets, so that replies never wait for ARP and
	# no single source draws enough ICMP errors to meet the kernel's rate limit
	for p in 0 5 6; do
		mac=02:00:00:00:0c:0$p
		h=2
		while [ $h -le 254 ]; do
			echo "neigh add 10.70.$p.$h lladdr $mac dev r$p nud permanent"
			h=$((h + 1))
		done
		echo "neigh add fd70:$p::2 lladdr $mac dev r$p nud permanent"
	done | in_ns r ip -batch - || return 1
	r neigh replace 10.70.0.3 lladdr 02:00:00:00:0c:33 dev r0 nud permanent
	r -6 neigh add fd70:0::3 lladdr 02:00:00:00:0c:33 dev r0 nud permanent
	r route add 198.18.7.0/24 via 10.70.0.3 && r -6 route add 2001:db8:7::/48 via fd70:0::3
	# a route MTU without `lock`: the kernel honours it, the FIB helper does not
	r route add 198.18.8.0/24 via 10.71.1.2 mtu 1000 && r -6 route add 2001:db8:8::/48 via fd71:1::2 mtu 1300
	r route add unreachable 198.18.4.0/24 && r -6 route add unreachable 2001:db8:4::/48
	r route add prohibit 198.18.5.0/24 && r -6 route add prohibit 2001:db8:5::/48
	r route add blackhole 198.18.6.0/24 && r -6 route add blackhole 2001:db8:6::/48
	# sources: 100.64.1/24 lives behind e1 (strict rp_filter refuses it elsewhere),
	# 100.64.2/24 behind r0 and policy-routed, 100.64.9/24 has no route at all
	# the senders' many sources (per-source ICMP and redirect rate limits stay idle)
	r route add 100.70.0.0/16 via 10.70.0.2 && r -6 route add 2001:db8:70::/48 via fd70:0::2
	r route add 100.75.0.0/16 via 10.70.5.2 && r -6 route add 2001:db8:75::/48 via fd70:5::2
	r route add 100.76.0.0/16 via 10.70.6.2 && r -6 route add 2001:db8:76::/48 via fd70:6::2
	r route add 100.64.1.0/24 via 10.71.1.2
	r route add 100.64.2.0/24 via 10.70.0.2
	r route add 198.18.1.0/24 via 10.71.2.2 table 100
	r -6 route add 2001:db8:1::/48 via fd71:2::2 table 100
	# ORC_RULES=0: none, so IPv4's local table stays merged into main and
	# `fib-lookup auto` takes the direct lookup for it
	if [ "${ORC_RULES:-1}" = 1 ]; then
		r rule add from 100.64.2.0/24 lookup 100 pref 100
		r rule add dport 7777 lookup 100 pref 90 # ports of SCTP & co. count too
		# an IPv6 rule too: both families then take the full lookup here
		r -6 rule add from 2001:db8:70::/64 lookup 100 pref 100
	fi
	# GRO on the receiving peers: native XDP redirects into a veth need it
	for e in 1 2 3; do in_ns e$e ethtool -K e$e gro on >/dev/null; done
	for d in s0 s1 s2; do in_ns s ethtool -K $d gro on >/dev/null; done
	# no IPv6 on the hosts around: they only capture
	for e in 1 2 3; do in_ns e$e sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
	in_ns s sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	# no IPv6 on r6 (last: it drops r6's IPv6 addresses and neighbours): the kernel
	# forwards none of the IPv6 that arrives there
	in_ns r sysctl -qw net.ipv6.conf.r6.disable_ipv6=1
	mkdir -p "$ORC_DIR/bpf" "$ORC_DIR/state" && chmod 700 "$ORC_DIR/state" &&
		mount -t bpf bpf "$ORC_DIR/bpf" || return 1
	cat >"$ORC_DIR/pf.conf" <<CONF
global
  bpffs-root $ORC_DIR/bpf/packetframe
  state-dir $ORC_DIR/state
  runtime-dir $ORC_DIR/run
  attach-settle-time 0s
module fast-path
  attach r0 ${ORC_MODE:-auto}
  attach r5 ${ORC_MODE:-auto}
  attach r6 ${ORC_MODE:-auto}
  attach r1 ${ORC_MODE:-auto}
  attach r2 ${ORC_MODE:-auto}
  allow-prefix 0.0.0.0/0
  allow-prefix6 ::/0
CONF
}
