/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the fast path bypasses on this router, by design: netfilter's forward
 * and NAT hooks (nftables and legacy iptables), egress qdiscs and policy
 * rules on fwmark (XDP sees no mark). Frames it
 * forwards never meet them. `status` and `feasibility` name what applies here,
 * so nobody is surprised that a FORWARD rule or a shaper does not see them.
 */
#ifndef PF_BYPASS_H
#define PF_BYPASS_H

#include <stddef.h>

/* Called once per finding with a sentence for the operator. */
typedef void (*pf_bypass_cb)(void *arg, const char *what);

/* Report every bypassed hook of this network namespace; 0 or -errno. */
int pf_bypass_scan(pf_bypass_cb cb, void *arg);

#endif
