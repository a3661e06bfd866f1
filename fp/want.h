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
	const struct pf_want *ports;   /* attached by this run, modes resolved */
	size_t n_ports;
	bool keep_pinned;              /* interfaces with a link pin stay wanted */
};

/* The live allowlist: the config's allow-prefixes plus the allow list. */
int pf_want_allow(struct pf_sync *s, const struct pf_config *c, const struct pf_prefix *dyn,
		  size_t n_dyn);

/* Every synced map and CFG. 0, PF_REFUSED or -ENOMEM; err says why. */
int pf_want_all(struct pf_sync *s, const struct pf_want_input *in, char *err, size_t errlen);

#endif
