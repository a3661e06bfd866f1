/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The redirect watch: tracepoint programs that count the frames fast_path
 * redirected that the kernel then failed to hand to the egress device
 * (bpf_redirect_map only records a target; the enqueue and the driver's xmit
 * happen after the program returns). Three kinds, because the circuit
 * breaker must tell them apart: the egress port had no carrier
 * (drop_egress_down: a cable pulled, a host powered off; the kernel's path
 * drops those too), the driver took only part of a bulk without an error
 * (drop_egress_full: its transmit ring was full, congestion any sender can
 * cause), anything else (err_redirect: refused, the fast path's own failure
 * to deliver). fwd_ok minus the three is what was handed over.
 *
 * tp_btf programs: they need the kernel's BTF, so userspace loads them only
 * where /sys/kernel/btf/vmlinux exists, and pins their links under watch/.
 * Only ingress ports in IFACES count: other XDP programs on other devices
 * trigger the same tracepoints.
 */
#ifndef PF_REDIRECT_WATCH_H
#define PF_REDIRECT_WATCH_H

#include <bpf/bpf_tracing.h>
#include "counters.h"
#include "maps.h"

/* Only the fields read here; CO-RE finds them in whatever kernel runs this. */
struct ns_common {
	unsigned int inum;
} __attribute__((preserve_access_index));

struct net {
	struct ns_common ns;
} __attribute__((preserve_access_index));

struct net_device {
	int ifindex;
	unsigned long state;
	struct {
		struct net *net;
	} nd_net;
} __attribute__((preserve_access_index));

/*
 * Ifindexes are per namespace (every one numbers from lo = 1), and the
 * tracepoints fire for all of them: a port is ours when its namespace is
 * the router's (WATCH_NS) and IFACES has it.
 */
static __always_inline int watch_count(const struct net_device *ingress, __u64 frames,
				       enum pf_counter counter)
{
	__u32 zero = 0, ifindex = ingress->ifindex, ns = ingress->nd_net.net->ns.inum;
	struct pf_stats *st;

	if (!frames || !bpf_map_lookup_elem(&WATCH_NS, &ns) ||
	    !bpf_map_lookup_elem(&IFACES, &ifindex))
		return 0;
	st = bpf_map_lookup_elem(&STATS, &zero);
	if (st)
		st->c[counter] += frames;
	return 0;
}

/* __LINK_STATE_NOCARRIER of enum netdev_state_t, the same in every kernel. */
#define PF_LINK_STATE_NOCARRIER 2

/* The enqueue refused the frame (target down, no ndo_xdp_xmit, too big): map and plain. */
SEC("tp_btf/xdp_redirect_map_err")
int BPF_PROG(watch_xdp_redirect_map_err, const struct net_device *dev)
{
	return watch_count(dev, 1, PF_C_err_redirect);
}

SEC("tp_btf/xdp_redirect_err")
int BPF_PROG(watch_xdp_redirect_err, const struct net_device *dev)
{
	return watch_count(dev, 1, PF_C_err_redirect);
}

/*
 * A bulk flush: `drops` of the frames the egress driver did not take; err is
 * its error, 0 when it only had no room for the rest.
 */
SEC("tp_btf/xdp_devmap_xmit")
int BPF_PROG(watch_xdp_devmap_xmit, const struct net_device *from, const struct net_device *to,
	     int sent, int drops, int err)
{
	enum pf_counter c = err ? PF_C_err_redirect : PF_C_drop_egress_full;

	if (to->state & (1UL << PF_LINK_STATE_NOCARRIER))
		c = PF_C_drop_egress_down;
	return watch_count(from, drops > 0 ? (__u64)drops : 0, c);
}

#endif
