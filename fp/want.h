/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the maps should hold: builders that fill a sync's wanted sets from the
 * config, the allow list and the devices of this network namespace. They
 * refuse (PF_REFUSED, err set) what no map write could fix, and write nothing.
 */
#ifndef PF_WANT_H
#define PF_WANT_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "netaddr.h"
#include "netdev.h"
#include "state.h"
#include "sync.h"

/* An interface to attach, and its mode (resolved: native or generic, once planned). */
struct pf_want {
	char iface[PF_IFNAMSIZ];
	enum pf_mode mode;
};

/* Everything the full sync is built from. */
struct pf_want_input {
	const struct pf_config *c;
	const struct pf_paths *paths;
	const struct pf_prefix *allow; /* the allow list (state-dir/allow.list) */
	size_t n_allow;
	const struct pf_netdev *devs;
	size_t n_devs;
	const struct pf_netaddr *addrs; /* the namespace's own addresses */
	size_t n_addrs;
	struct pf_netrules rules;      /* what the policy rules ask */
	struct pf_routes routes;       /* route MTUs, the local table */
	const struct pf_want *ports;   /* attached by this run, modes resolved */
	size_t n_ports;
	bool keep_pinned;              /* interfaces with a link pin stay wanted */
};

/*
 * What the machine says, for a want_input: the allow list (state file), the
 * devices and the addresses. PF_REFUSED (bad allow list) or -errno; err says
 * why. Free with pf_want_input_free.
 */
int pf_want_input_load(struct pf_want_input *in, char *err, size_t errlen);
void pf_want_input_free(struct pf_want_input *in);

/* The live allowlist: the config's allow-prefixes plus the allow list. */
int pf_want_allow(struct pf_sync *s, const struct pf_config *c, const struct pf_prefix *dyn,
		  size_t n_dyn);

/*
 * The live allowlist (config + allow list) must not reach an IPsec policy:
 * that traffic is the kernel's to encrypt. 0, PF_REFUSED (err names the
 * policy and the prefix) or -errno.
 */
int pf_want_no_ipsec(const struct pf_config *c, const struct pf_prefix *dyn, size_t n_dyn,
		     char *err, size_t errlen);

/* Every synced map and CFG. 0, PF_REFUSED or -ENOMEM; err says why. */
int pf_want_all(struct pf_sync *s, const struct pf_want_input *in, char *err, size_t errlen);

#endif
