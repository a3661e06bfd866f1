// SPDX-License-Identifier: GPL-2.0-or-later
/* The map sync engine: plan everything, write by delta, restore on failure. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include "state.h"
#include "sync.h"

void pf_sync_init(struct pf_sync *s, const struct pf_inst *in)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->in = in;
	for (i = 0; i < PF_MAP_COUNT; i++) {
		pf_kv_init(&s->want[i], 0, 0);
		pf_kv_init(&s->prev[i], 0, 0);
		pf_kv_init(&s->up[i], 0, 0);
		pf_kv_init(&s->del[i], 0, 0);
	}
}

void pf_sync_free(struct pf_sync *s)
{
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++) {
		pf_kv_free(&s->want[i]);
		pf_kv_free(&s->prev[i]);
		pf_kv_free(&s->up[i]);
		pf_kv_free(&s->del[i]);
	}
}

struct pf_kv_set *pf_sync_want(struct pf_sync *s, enum pf_map_id id, size_t ksz, size_t vsz)
{
	if (!s->wanted[id]) {
		pf_kv_init(&s->want[id], ksz, vsz);
		s->wanted[id] = true;
	}
	return &s->want[id];
}

/* Live contents, the delta to the wanted set, and whether it fits the map. */
static int plan_map(struct pf_sync *s, enum pf_map_id id, char *err, size_t errlen)
{
	const struct pf_kv_set *w = &s->want[id];
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	const struct pf_delta *d = &s->delta[id];
	size_t final;
	int fd = s->in->map_fd[id], rc;

	if (fd < 0 || bpf_map_get_info_by_fd(fd, &info, &len)) {
		snprintf(err, errlen, "map %s is not pinned (run `packetframe attach`)",
			 pf_maps[id].name);
		return PF_REFUSED;
	}
	if (info.key_size != w->ksz || info.value_size != w->vsz) {
		snprintf(err, errlen, "pinned map %s has records of %u+%u bytes, this build "
			 "writes %zu+%zu (`packetframe attach` upgrades it)", pf_maps[id].name,
			 info.key_size, info.value_size, w->ksz, w->vsz);
		return PF_REFUSED;
	}
	pf_kv_init(&s->prev[id], w->ksz, w->vsz);
	rc = pf_kv_read_map(fd, &s->prev[id]) ?:
	     pf_delta_plan(&s->prev[id], w, &s->up[id], &s->del[id], &s->delta[id]);
	if (rc) {
		snprintf(err, errlen, "cannot read map %s: %s", pf_maps[id].name, strerror(-rc));
		return rc;
	}
	final = s->prev[id].n + d->added - d->removed;
	if (final > info.max_entries) {
		snprintf(err, errlen, "map %s would need %zu entries and holds %u at most%s; "
			 "nothing changed", pf_maps[id].name, final, info.max_entries,
			 pf_maps[id].size_off >= 0 ? " (a *-max-entries line of the config sets "
						     "its size; `attach --recreate` applies it)"
						   : "");
		return PF_REFUSED;
	}
	/* Adds before deletes leave no gap, unless the map can't hold both for a moment. */
	s->deletes_first[id] = s->prev[id].n + d->added + d->changed > info.max_entries;
	return 0;
}

int pf_sync_plan(struct pf_sync *s, char *err, size_t errlen)
{
	__u32 zero = 0;
	int i, rc;

	if (s->in->map_fd[PF_MAP_CFG] < 0 ||
	    bpf_map_lookup_elem(s->in->map_fd[PF_MAP_CFG], &zero, &s->cfg_prev)) {
		snprintf(err, errlen, "map %s is not pinned (run `packetframe attach`)",
			 pf_maps[PF_MAP_CFG].name);
		return PF_REFUSED;
	}
	if (!s->cfg_wanted)
		s->cfg = s->cfg_prev;
	for (i = 0; i < PF_MAP_COUNT; i++) {
		if (!s->wanted[i])
			continue;
		rc = plan_map(s, i, err, errlen);
		if (rc)
			return rc;
	}
	s->planned = true;
	return 0;
}

/*
 * CFG last, from `from`, with the next generation (0 means "no cache") and
 * the sampler's switch as it is now (its session sets it under the lock
 * this run holds).
 */
static int write_cfg(struct pf_sync *s, const struct pf_cfg *from)
{
	struct pf_cfg c = *from, now;
	__u32 zero = 0;
	int err = pf_fault_point("map-write");

	c.gen = s->cfg_prev.gen + 1 ?: 1;
	c.flags &= (__u8)~PF_CFG_SAMPLER;
	if (!bpf_map_lookup_elem(s->in->map_fd[PF_MAP_CFG], &zero, &now))
		c.flags |= now.flags & PF_CFG_SAMPLER;
	if (err || bpf_map_update_elem(s->in->map_fd[PF_MAP_CFG], &zero, &c, BPF_ANY))
		return err ?: -errno;
	s->cfg_prev.gen = c.gen;
	return 0;
}

/* Restore maps [0, upto] that are wanted to their plan-time contents; names failures. */
static int restore(struct pf_sync *s, int upto, char *msg, size_t len)
{
	struct pf_delta d;
	int i, rc, first = 0;
	size_t at = strlen(msg);

	for (i = 0; i <= upto && i < PF_MAP_COUNT; i++) {
		if (!s->wanted[i])
			continue;
		rc = pf_map_reconcile(s->in->map_fd[i], &s->prev[i], true, &d);
		if (rc && at < len) {
			at += (size_t)snprintf(msg + at, len - at, "; restoring %s failed (%s)",
					       pf_maps[i].name, strerror(-rc));
			first = first ?: rc;
		}
	}
	return first;
}

int pf_sync_apply(struct pf_sync *s, char *err, size_t errlen)
{
	struct pf_delta done;
	int i, rc = 0, rrc, crc;

	if (!s->planned)
		return -EINVAL;
	for (i = 0; i < PF_MAP_COUNT && !rc; i++)
		if (s->wanted[i])
			rc = pf_map_write(s->in->map_fd[i], &s->up[i], &s->del[i],
					  s->deletes_first[i], &done);
	if (!rc) {
		rc = write_cfg(s, &s->cfg);
		if (!rc)
			return 0;
		/* Caches can't be told: only the old contents match them. */
		snprintf(err, errlen, "%s update failed (%s)", pf_maps[PF_MAP_CFG].name,
			 strerror(-rc));
		i = PF_MAP_COUNT;
	} else {
		snprintf(err, errlen, "map %s update failed (%s)", pf_maps[i - 1].name,
			 strerror(-rc));
	}
	rrc = restore(s, i - 1, err, errlen);
	crc = write_cfg(s, &s->cfg_prev);
	if (!rrc && !crc)
		snprintf(err + strlen(err), errlen - strlen(err),
			 "; every map was restored to its previous contents");
	else
		snprintf(err + strlen(err), errlen - strlen(err),
			 "%s; the live maps may mix old and new entries: `packetframe apply` "
			 "retries", crc ? "; the cache generation could not be bumped" : "");
	return rc;
}

int pf_sync_undo(struct pf_sync *s, char *err, size_t errlen)
{
	int rc;

	err[0] = 0;
	rc = restore(s, PF_MAP_COUNT - 1, err, errlen);
	return write_cfg(s, &s->cfg_prev) ?: rc;
}

void pf_sync_summary(const struct pf_sync *s, char *buf, size_t len)
{
	size_t at = 0;
	int i, j;

	buf[0] = 0;
	for (i = 0; i < PF_MAP_COUNT; i++) {
		size_t plus = 0, minus = 0;
		bool any = false;

		if (!strcmp(pf_maps[i].summary, "none"))
			continue;
		for (j = 0; j < i && strcmp(pf_maps[j].summary, pf_maps[i].summary); j++)
			;
		if (j < i)
			continue; /* this word was summed at its first map */
		for (j = i; j < PF_MAP_COUNT; j++) {
			if (!s->wanted[j] || strcmp(pf_maps[j].summary, pf_maps[i].summary))
				continue;
			plus += s->delta[j].added + s->delta[j].changed;
			minus += s->delta[j].removed;
			any = true;
		}
		if (any && at < len)
			at += (size_t)snprintf(buf + at, len - at, "%s%s +%zu -%zu", at ? ", " : "",
					       pf_maps[i].summary, plus, minus);
	}
	/* CFG's own switches, when this sync changes them. */
	if (s->cfg.dry_run != s->cfg_prev.dry_run && at < len)
		at += (size_t)snprintf(buf + at, len - at, "%sdry-run %s", at ? ", " : "",
				       s->cfg.dry_run ? "on" : "off");
	if (s->cfg.mss_global != s->cfg_prev.mss_global && at < len)
		snprintf(buf + at, len - at, "%sglobal MSS clamp %u -> %u", at ? ", " : "",
			 s->cfg_prev.mss_global, s->cfg.mss_global);
}
