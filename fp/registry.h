/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The registry (<state-dir>/attachments.json): a cache, for humans and
 * scripts, of what is attached where. The pins are the truth; a registry that
 * disagrees with them is rewritten from them.
 */
#ifndef PF_REGISTRY_H
#define PF_REGISTRY_H

#include <limits.h>
#include <stddef.h>
#include <linux/types.h>
#include "config.h"

struct pf_reg_entry {
	char iface[PF_IFNAMSIZ];
	int ifindex;
	char mode[12]; /* "native", "generic" or "detached" (device gone) */
	__u32 prog_id;
	__u32 link_id;
	char pin[PATH_MAX];
	long long attached_at; /* unix seconds */
};

struct pf_registry {
	char build_id[24];
	char version[24];
	struct pf_reg_entry *e;
	size_t n;
};

/* 0, -ENOENT (no registry) or -EINVAL (unparsable: err says why). */
int pf_registry_read(const char *path, struct pf_registry *r, char *err, size_t errlen);
int pf_registry_write(const char *path, const struct pf_registry *r);
/* Add or replace the entry for e->iface. */
int pf_registry_put(struct pf_registry *r, const struct pf_reg_entry *e);
void pf_registry_del(struct pf_registry *r, const char *iface);
void pf_registry_free(struct pf_registry *r);

#endif
