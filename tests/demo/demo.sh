#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make demo: a throwaway client -- router -- server lab, packetframe attached
# on the router, real traffic, and what status shows. The router's FORWARD
# chain drops everything, so what arrives came through the fast path.
# Everything is removed at the end, also on Ctrl-C or failure.
set -u
cd "$(dirname "$0")/../.."
if [ "$(id -u)" != 0 ]; then
	echo "make demo needs root (it creates network namespaces and attaches XDP)." >&2
	exit 1
fi
PF=$(pwd)/packetframe
PKTIO=$(pwd)/${1:?usage: demo.sh PKTIO}
. tests/lib/lab.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "lab: client ($NS_C) -- router ($NS_R) -- server ($NS_S), FORWARD policy drop on the router"
lab_up "allow-prefix 10.91.2.0/24" "allow-prefix6 fd91:2::/64" || { echo "lab setup failed" >&2; exit 1; }
sed -n '/^module/,$p' "$LAB/pf.conf"

step "packetframe attach (in the router namespace)"
pf attach || exit 1

step "send 1000 IPv4 and 1000 IPv6 UDP frames client -> server"
echo "v4: $(xfer v4 1000)"
echo "v6: $(xfer v6 1000)"
echo "(matched = arrived byte-exact: TTL/hop limit - 1, router MACs, valid checksums)"

step "packetframe status"
pf status

step "the kernel's FORWARD chain (policy drop) saw $(kernel_forwarded) packets"

step "packetframe detach --all"
pf detach --all
echo "pins left: $(find "$LAB/bpf" -mindepth 1 ! -name '*.debug' | wc -l)"
step "done; removing the lab"
