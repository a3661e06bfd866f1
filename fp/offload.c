// SPDX-License-Identifier: GPL-2.0-or-later
/* rx VLAN offload through the ethtool features ioctls (see offload.h). */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include "ctx.h"
#include "netdev.h"
#include "offload.h"
#include "state.h"

static const char *const names[] = { "rx-vlan-hw-parse", "rx-vlan-stag-hw-parse" };
#define N_NAMES (sizeof(names) / sizeof(names[0]))

/* The feature bits' indices (-1: this kernel has no such feature); the count of features. */
static int feature_bits(const char *ifname, int idx[N_NAMES], __u32 *count)
{
	struct {
		struct ethtool_sset_info hdr;
		__u32 len;
	} info = { .hdr = { .cmd = ETHTOOL_GSSET_INFO, .sset_mask = 1ULL << ETH_SS_FEATURES } };
	struct ethtool_gstrings *s;
	__u32 i;
	size_t k;
	int rc;

	rc = pf_ethtool(ifname, &info);
	if (rc)
		return rc;
	*count = info.hdr.sset_mask ? info.len : 0;
	s = calloc(1, sizeof(*s) + (size_t)*count * ETH_GSTRING_LEN);
	if (!s)
		return -ENOMEM;
	s->cmd = ETHTOOL_GSTRINGS;
	s->string_set = ETH_SS_FEATURES;
	s->len = *count;
	rc = pf_ethtool(ifname, s);
	for (k = 0; k < N_NAMES; k++) {
		idx[k] = -1;
		for (i = 0; !rc && i < *count; i++)
			if (!strncmp((char *)s->data + i * ETH_GSTRING_LEN, names[k],
				     ETH_GSTRING_LEN))
				idx[k] = (int)i;
	}
	free(s);
	return rc;
}

int pf_offload_get(const char *ifname, struct pf_offload *o)
{
	struct ethtool_gfeatures *g;
	int idx[N_NAMES], rc;
	__u32 count = 0, blocks;
	size_t k;

	memset(o, 0, sizeof(*o));
	rc = feature_bits(ifname, idx, &count);
	if (rc)
		return rc == -EOPNOTSUPP ? 0 : rc;
	blocks = (count + 31) / 32;
	g = calloc(1, sizeof(*g) + blocks * sizeof(g->features[0]));
	if (!g)
		return -ENOMEM;
	g->cmd = ETHTOOL_GFEATURES;
	g->size = blocks;
	rc = pf_ethtool(ifname, g);
	for (k = 0; !rc && k < N_NAMES; k++) {
		__u32 b, bit;

		if (idx[k] < 0)
			continue;
		b = (__u32)idx[k] / 32;
		bit = 1u << ((__u32)idx[k] % 32);
		if (g->features[b].active & bit)
			o->active |= 1u << k;
		if ((g->features[b].available & bit) && !(g->features[b].never_changed & bit))
			o->changeable |= 1u << k;
	}
	free(g);
	return rc;
}

int pf_offload_set(const char *ifname, unsigned int bits, bool on)
{
	struct ethtool_sfeatures *sf;
	int idx[N_NAMES], rc;
	__u32 count = 0, blocks;
	size_t k;

	rc = feature_bits(ifname, idx, &count);
	if (rc)
		return rc;
	blocks = (count + 31) / 32;
	sf = calloc(1, sizeof(*sf) + blocks * sizeof(sf->features[0]));
	if (!sf)
		return -ENOMEM;
	sf->cmd = ETHTOOL_SFEATURES;
	sf->size = blocks;
	for (k = 0; k < N_NAMES; k++) {
		__u32 bit;

		if (idx[k] < 0 || !(bits & (1u << k)))
			continue;
		bit = 1u << ((__u32)idx[k] % 32);
		sf->features[idx[k] / 32].valid |= bit;
		if (on)
			sf->features[idx[k] / 32].requested |= bit;
	}
	rc = pf_ethtool(ifname, sf);
	free(sf);
	return rc;
}

/* state-dir/rxvlan.<iface>: the offload bits attach turned off there. */
static void saved_path(const struct pf_paths *p, const char *ifname, char *out)
{
	char name[64];

	snprintf(name, sizeof(name), "rxvlan.%s", ifname);
	pf_path_join(out, p->state, name);
}

int pf_offload_check(const char *ifname, char *why, size_t len)
{
	struct pf_offload o;
	int rc = pf_offload_get(ifname, &o);

	if (rc) {
		snprintf(why, len, "%s: cannot read its offloads: %s", ifname, strerror(-rc));
		return rc;
	}
	if (o.active & ~o.changeable) {
		snprintf(why, len,
			 "%s: rx VLAN offload is on and the driver keeps it on (`ethtool -K "
			 "%s rxvlan off rx-vlan-stag-hw-parse off` fails): tagged frames would "
			 "look "
			 "untagged to the fast path",
			 ifname, ifname);
		return PF_REFUSED;
	}
	return 0;
}

int pf_offload_take(const struct pf_paths *p, const char *ifname)
{
	char path[PATH_MAX], text[16];
	struct pf_offload o;
	int rc = pf_offload_get(ifname, &o);

	if (rc || !o.active)
		return rc;
	saved_path(p, ifname, path);
	snprintf(text, sizeof(text), "%u\n", o.active);
	/* Recorded first: a kill after the change still gets it restored by detach. */
	rc = pf_mkdirs(p->state, 0700) ?: pf_write_if_changed(path, text, strlen(text), 0600);
	rc = rc < 0 ? rc : 0;
	rc = rc ?: pf_offload_set(ifname, o.active, false) ?: pf_offload_get(ifname, &o);
	return rc ?: o.active ? -EOPNOTSUPP : 0;
}

int pf_offload_give_back(const struct pf_paths *p, const char *ifname)
{
	char path[PATH_MAX], *text;
	unsigned int bits;
	int rc;

	saved_path(p, ifname, path);
	text = pf_read_file(path, 64);
	if (!text)
		return errno == ENOENT ? 0 : -errno;
	bits = (unsigned int)strtoul(text, NULL, 10) & (PF_OFFLOAD_CTAG | PF_OFFLOAD_STAG);
	free(text);
	rc = pf_offload_set(ifname, bits, true);
	/* A device that is gone has nothing to restore: forget it either way. */
	if (!rc || rc == -ENODEV)
		unlink(path);
	return rc == -ENODEV ? 0 : rc;
}
