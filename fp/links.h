/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * XDP bpf_links, one per interface, each pinned at links/<iface> the moment
 * it exists (so no process has to stay up to keep it): create, inspect
 * (still attached? to which ifindex, which program, which mode?) and remove.
 */
#ifndef PF_LINKS_H
#define PF_LINKS_H

#include <stdbool.h>
#include <linux/types.h>
#include "config.h"
#include "ctx.h"
#include "state.h"

struct pf_link_info {
	bool pinned;     /* a pin exists */
	bool live;       /* the link is still attached to a device */
	__u32 link_id;
	__u32 prog_id;
	int ifindex;
	const char *mode; /* "native", "generic" or "?" */
};

/*
 * The pin path of an interface's link: links/<iface> with '.' written as ':'
 * (bpffs refuses dots in names; interface names never contain ':').
 */
void pf_link_pin_path(const struct pf_paths *p, const char *iface, char *out);
/* The interface a pin name stands for (in place). */
void pf_link_pin_to_iface(char *name);

void pf_link_inspect(const struct pf_paths *p, const char *iface, struct pf_link_info *li);

/* Pin an XDP link at links/<iface>; 0 or -errno (`why` explains). */
int pf_link_pin(const struct pf_paths *p, const char *iface, int fd, char *why, size_t whylen);

/* What the XDP mode policy needs to know about an interface. */
struct pf_xdp_target {
	const char *iface;
	int ifindex;
	const char *driver;          /* as ethtool names it (pf_netdev_driver) */
	int kernel;                  /* pf_kernel_version() */
	enum pf_tristate head_shift; /* driver-workaround rvu-nicpf-head-shift */
};

/*
 * The one XDP mode policy: native where pf_native_allowed permits it; auto
 * falls back to generic when native is not allowed or fails to attach.
 * Creates an unpinned link (pf_link_pin pins it; closing the fd of an
 * unpinned link detaches) and returns its fd, or -errno: -EPERM when native
 * was asked for but is not allowed. *used is the mode tried last; `why`
 * says why native was skipped or failed when auto fell back (else ""), and
 * on failure why nothing attached.
 */
int pf_xdp_attach_policy(const struct pf_xdp_target *t, int prog_fd, enum pf_mode mode,
			 enum pf_mode *used, char *why, size_t whylen);

/* Remove the pin (the link, and the XDP attachment, go with it); 0 or -errno. */
int pf_link_remove(const struct pf_paths *p, const char *iface);

#endif
