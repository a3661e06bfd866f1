// SPDX-License-Identifier: GPL-2.0-or-later
/* Map contents from config + allow list + netdevs. */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "links.h"
#include "log.h"
#include "netdev.h"
#include "sync.h"

/* uapi linux/netdev.h (6.3+), which the build's kernel headers may predate. */
#ifndef NETDEV_XDP_ACT_NDO_XMIT
#define NETDEV_XDP_ACT_NDO_XMIT 4
#endif

int pf_allow_file_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
		       size_t errlen)
{
	char *text = pf_read_file(path, 64 << 20), *line, *save = NULL, msg[160];
	struct pf_prefix *v = NULL;
	size_t cnt = 0;
	int lineno = 0;

	*out = NULL;
	*n = 0;
	if (!text) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *s = line, *e, *hash = strchr(line, '#');
		struct pf_prefix pf;

		lineno++;
		if (hash)
			*hash = 0;
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
			*--e = 0;
		if (!*s)
			continue;
		if (strpbrk(s, " \t")) {
			snprintf(err, errlen, "%s:%d: '%s': one prefix per line", path, lineno, s);
			goto fail;
		}
		if (pf_prefix_parse(s, &pf, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			goto fail;
		}
		if (!(cnt & (cnt - 1)) || cnt == 0) {
			struct pf_prefix *q = realloc(v, (cnt ? cnt * 2 : 16) * sizeof(*q));

			if (!q) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			v = q;
		}
		v[cnt++] = pf;
	}
	free(text);
	*out = v;
	*n = cnt;
	return 0;
fail:
	free(text);
	free(v);
	return -1;
}

int pf_allow_file_write(const char *path, const struct pf_prefix *p, size_t n)
{
	size_t i, len = 0, cap = n * 48 + 128;
	char *buf = malloc(cap);
	int err;

	if (!buf)
		return -ENOMEM;
	len += (size_t)snprintf(buf, cap, "# packetframe allow list (written by `packetframe allow`)\n");
	for (i = 0; i < n; i++) {
		char s[64];

		pf_prefix_format(&p[i], s, sizeof(s));
		len += (size_t)snprintf(buf + len, cap - len, "%s\n", s);
	}
	err = pf_write_atomic(path, buf, len, 0600);
	free(buf);
	return err;
}

static int add_lpm(struct pf_kv_set *s4, struct pf_kv_set *s6, const struct pf_prefix *p,
		   const void *val)
{
	unsigned char key[sizeof(struct pf_lpm6)];

	pf_prefix_lpm_key(p, key);
	return pf_kv_add(p->family == 4 ? s4 : s6, key, val);
}

/* Reconcile a v4 + v6 pair of maps and add their deltas into d. */
static int reconcile_pair(const struct pf_inst *in, enum pf_map_id m4, enum pf_map_id m6,
			  struct pf_kv_set *s4, struct pf_kv_set *s6, struct pf_delta *d)
{
	struct pf_delta a, b;
	int err = pf_map_reconcile(in->map_fd[m4], s4, &a) ?: pf_map_reconcile(in->map_fd[m6], s6, &b);

	if (!err) {
		d->added += a.added + b.added;
		d->changed += a.changed + b.changed;
		d->removed += a.removed + b.removed;
	}
	return err;
}

/* The live allowlist: the config's allow-prefixes plus the allow list. */
static int allow_sets(const struct pf_config *c, const struct pf_prefix *dyn, size_t n_dyn,
		      struct pf_kv_set *a4, struct pf_kv_set *a6)
{
	__u8 one = 1;
	size_t i;
	int rc = 0;

	for (i = 0; i < c->n_allow && !rc; i++)
		rc = add_lpm(a4, a6, &c->allow[i].p, &one);
	for (i = 0; i < n_dyn && !rc; i++)
		rc = add_lpm(a4, a6, &dyn[i], &one);
	return rc;
}

static bool ndo_xmit_unsupported(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	/* Only a definite "no" counts: kernels before 6.3 report no features. */
	return !bpf_xdp_query(ifindex, 0, &q) && q.feature_flags &&
	       !(q.feature_flags & NETDEV_XDP_ACT_NDO_XMIT);
}

/* Configured, named on the command line, or already attached (link pinned). */
static bool wanted_iface(const struct pf_config *c, char **extra, size_t n_extra,
			 const struct pf_link_info *li, const char *name)
{
	size_t i;

	for (i = 0; i < c->n_attach; i++)
		if (!strcmp(c->attach[i].iface, name))
			return true;
	for (i = 0; i < n_extra; i++)
		if (!strcmp(extra[i], name))
			return true;
	return li->pinned;
}

static int bump_generation(const struct pf_inst *in, struct pf_cfg *cfg)
{
	__u32 zero = 0;

	cfg->gen = cfg->gen + 1 ? cfg->gen + 1 : 1; /* 0 means "no cache" */
	return bpf_map_update_elem(in->map_fd[PF_MAP_CFG], &zero, cfg, BPF_ANY) ? -errno : 0;
}

int pf_sync_allow(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_config *c,
		  const struct pf_inst *in, struct pf_delta *d, char *err, size_t errlen)
{
	struct pf_kv_set a4, a6;
	struct pf_prefix *dyn = NULL;
	struct pf_cfg cfg;
	size_t n_dyn = 0;
	__u32 zero = 0;
	int rc = -EINVAL;

	(void)ctx;
	memset(d, 0, sizeof(*d));
	pf_kv_init(&a4, sizeof(struct pf_lpm4), 1);
	pf_kv_init(&a6, sizeof(struct pf_lpm6), 1);
	if (pf_allow_file_read(p->allow_file, &dyn, &n_dyn, err, errlen))
		goto out;
	rc = allow_sets(c, dyn, n_dyn, &a4, &a6);
	if (!rc)
		rc = reconcile_pair(in, PF_MAP_ALLOW_V4, PF_MAP_ALLOW_V6, &a4, &a6, d);
	memset(&cfg, 0, sizeof(cfg));
	if (!rc && !bpf_map_lookup_elem(in->map_fd[PF_MAP_CFG], &zero, &cfg))
		rc = bump_generation(in, &cfg);
	if (rc)
		snprintf(err, errlen, "allowlist update failed: %s", strerror(-rc));
out:
	pf_kv_free(&a4);
	pf_kv_free(&a6);
	free(dyn);
	return rc;
}

int pf_sync_maps(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_config *c,
		 const struct pf_inst *in, char **extra, size_t n_extra,
		 struct pf_sync_report *rep, char *err, size_t errlen)
{
	struct pf_kv_set a4, a6, b4, b6, ifs, vin, vout, dev, m4, m6, mi4, mi6, mif;
	struct pf_prefix *dyn = NULL;
	struct pf_netdev *devs = NULL;
	size_t n_dyn = 0, n_devs = 0, i;
	int kernel = pf_kernel_version(), rc, any_native = 0;
	struct pf_cfg cfg;
	__u32 zero = 0;
	__u8 one = 1;

	memset(rep, 0, sizeof(*rep));
	pf_kv_init(&a4, sizeof(struct pf_lpm4), 1);
	pf_kv_init(&a6, sizeof(struct pf_lpm6), 1);
	pf_kv_init(&b4, sizeof(struct pf_lpm4), 1);
	pf_kv_init(&b6, sizeof(struct pf_lpm6), 1);
	pf_kv_init(&ifs, 4, sizeof(struct pf_iface));
	pf_kv_init(&vin, sizeof(struct pf_vlan_key), sizeof(struct pf_vlan_in));
	pf_kv_init(&vout, 4, sizeof(struct pf_vlan_out));
	pf_kv_init(&dev, 4, 4);
	pf_kv_init(&m4, sizeof(struct pf_lpm4), 4);
	pf_kv_init(&m6, sizeof(struct pf_lpm6), 4);
	pf_kv_init(&mi4, sizeof(struct pf_lpm4_if), 4);
	pf_kv_init(&mi6, sizeof(struct pf_lpm6_if), 4);
	pf_kv_init(&mif, 4, 4);

	/* ---- everything that can be refused, before any write ---- */
	rc = -EINVAL;
	if (pf_allow_file_read(p->allow_file, &dyn, &n_dyn, err, errlen))
		goto out;
	if (pf_netdev_list(&devs, &n_devs)) {
		snprintf(err, errlen, "cannot list network devices: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < c->n_mss; i++) {
		const struct pf_mss_cfg *m = &c->mss[i];
		const struct pf_netdev *d = m->via[0] ? pf_netdev_by_name(devs, n_devs, m->via) : NULL;
		__u32 mss = m->mss;

		if (m->via[0] && !d) {
			snprintf(err, errlen, "%s:%d: mss-clamp via '%s': no such interface",
				 c->path, m->line, m->via);
			goto out;
		}
		if (m->has_prefix && d) {
			struct pf_lpm6_if k;

			memset(&k, 0, sizeof(k));
			k.prefixlen = 32 + m->prefix.len;
			k.ifindex = (__u32)d->ifindex;
			memcpy(k.addr, m->prefix.addr, 16);
			rc = pf_kv_add(m->prefix.family == 4 ? &mi4 : &mi6, &k, &mss);
		} else if (m->has_prefix) {
			rc = add_lpm(&m4, &m6, &m->prefix, &mss);
		} else {
			__u32 k = (__u32)d->ifindex;

			rc = pf_kv_add(&mif, &k, &mss);
		}
		if (rc) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
	}
	rc = allow_sets(c, dyn, n_dyn, &a4, &a6);
	for (i = 0; i < c->n_block && !rc; i++)
		rc = add_lpm(&b4, &b6, &c->block[i].p, &one);

	for (i = 0; i < n_devs && !rc; i++) {
		const struct pf_netdev *d = &devs[i];
		__u32 k = (__u32)d->ifindex;
		struct pf_link_info li;

		if (d->type != ARPHRD_ETHER)
			continue;
		if (d->is_vlan) {
			const struct pf_netdev *low = pf_netdev_by_index(devs, n_devs, d->link);
			struct pf_vlan_key vk = { .ifindex = (__u32)d->link, .vid = d->vid };
			struct pf_vlan_in vi = { .ifindex = (__u32)d->ifindex };
			struct pf_vlan_out vo = { .phys_ifindex = (__u32)d->link, .vid = d->vid,
						  .tpid = htons(d->vlan_proto) };

			if (!low || !(d->flags & IFF_UP))
				continue;
			memcpy(vi.mac, d->mac, 6);
			rc = pf_kv_add(&vin, &vk, &vi) ?: pf_kv_add(&vout, &k, &vo);
			continue;
		}
		pf_link_inspect(p, d->name, &li);
		if (wanted_iface(c, extra, n_extra, &li, d->name)) {
			struct pf_iface v;
			char drv[32];

			memset(&v, 0, sizeof(v));
			memcpy(v.mac, d->mac, 6);
			pf_netdev_driver(d->name, drv, sizeof(drv));
			if (li.live && !strcmp(li.mode, "native")) {
				any_native = 1;
				if (pf_needs_head_shift(drv, kernel, c->head_shift))
					v.quirks |= PF_QUIRK_HEAD_SHIFT_128;
			}
			rc = pf_kv_add(&ifs, &k, &v);
		}
	}
	for (i = 0; i < n_devs && !rc; i++) {
		const struct pf_netdev *d = &devs[i];
		__u32 k = (__u32)d->ifindex;

		if (d->type != ARPHRD_ETHER || d->is_vlan || !(d->flags & IFF_UP))
			continue;
		/* Native redirects need ndo_xdp_xmit on the target. */
		if (any_native && ndo_xmit_unsupported(d->ifindex)) {
			pf_dbg(ctx, "%s: not a native XDP redirect target; left out of the devmap",
			       d->name);
			rep->devmap_skipped++;
			continue;
		}
		rc = pf_kv_add(&dev, &k, &k);
	}
	if (rc) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}

	/* ---- writes: contents first, CFG (generation, presence bits) last ---- */
	rc = reconcile_pair(in, PF_MAP_ALLOW_V4, PF_MAP_ALLOW_V6, &a4, &a6, &rep->allow) ?:
	     reconcile_pair(in, PF_MAP_BLOCK_V4, PF_MAP_BLOCK_V6, &b4, &b6, &rep->block) ?:
	     pf_map_reconcile(in->map_fd[PF_MAP_IFACES], &ifs, &rep->ifaces) ?:
	     pf_map_reconcile(in->map_fd[PF_MAP_VLAN_INGRESS], &vin, &rep->vlan) ?:
	     pf_map_reconcile(in->map_fd[PF_MAP_VLAN_RESOLVE], &vout, &rep->vlan) ?:
	     pf_map_reconcile(in->map_fd[PF_MAP_REDIRECT_DEVMAP], &dev, &rep->devmap) ?:
	     reconcile_pair(in, PF_MAP_MSS_CLAMP_V4, PF_MAP_MSS_CLAMP_V6, &m4, &m6, &rep->mss) ?:
	     reconcile_pair(in, PF_MAP_MSS_CLAMP_IF_V4, PF_MAP_MSS_CLAMP_IF_V6, &mi4, &mi6,
			    &rep->mss) ?:
	     pf_map_reconcile(in->map_fd[PF_MAP_MSS_CLAMP_BY_IFACE], &mif, &rep->mss);
	if (rc) {
		snprintf(err, errlen, "map update failed: %s", strerror(-rc));
		goto out;
	}
	memset(&cfg, 0, sizeof(cfg));
	bpf_map_lookup_elem(in->map_fd[PF_MAP_CFG], &zero, &cfg);
	cfg.dry_run = c->dry_run;
	cfg.mss_global = (__u16)c->mss_global;
	cfg.version = PF_CFG_VERSION;
	cfg.flags = (b4.n || b6.n ? PF_CFG_BLOCK_PRESENT : 0) |
		    (vout.n ? PF_CFG_VLAN_PRESENT : 0) |
		    (c->mss_global || c->n_mss ? PF_CFG_MSS_PRESENT : 0);
	rc = bump_generation(in, &cfg);
	if (rc)
		snprintf(err, errlen, "CFG update failed: %s", strerror(-rc));
out:
	pf_kv_free(&a4);
	pf_kv_free(&a6);
	pf_kv_free(&b4);
	pf_kv_free(&b6);
	pf_kv_free(&ifs);
	pf_kv_free(&vin);
	pf_kv_free(&vout);
	pf_kv_free(&dev);
	pf_kv_free(&m4);
	pf_kv_free(&m6);
	pf_kv_free(&mi4);
	pf_kv_free(&mi6);
	pf_kv_free(&mif);
	free(dyn);
	free(devs);
	return rc;
}
