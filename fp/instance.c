// SPDX-License-Identifier: GPL-2.0-or-later
/* Load-or-adopt of the pinned fast-path instance. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf_obj.h"
#include "instance.h"
#include "loader.h"
#include "events.h"
#include "log.h"
#include "watch.h"

#ifndef PF_VERSION
#error "PF_VERSION must be defined by the build"
#endif

void pf_inst_init(struct pf_inst *in)
{
	int i;

	memset(in, 0, sizeof(*in));
	for (i = 0; i < PF_MAP_COUNT; i++)
		in->map_fd[i] = -1;
	for (i = 0; i < PF_PROG_COUNT; i++)
		in->prog_fd[i] = -1;
}

void pf_inst_close(struct pf_inst *in)
{
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++)
		if (in->map_fd[i] >= 0)
			close(in->map_fd[i]);
	for (i = 0; i < PF_PROG_COUNT; i++)
		if (in->prog_fd[i] >= 0)
			close(in->prog_fd[i]);
	pf_inst_init(in);
}

static __u32 prog_id(int fd)
{
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);

	return bpf_prog_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

static void read_meta(struct pf_inst *in)
{
	__u32 zero = 0;

	memset(&in->meta, 0, sizeof(in->meta));
	if (in->map_fd[PF_MAP_META] >= 0)
		bpf_map_lookup_elem(in->map_fd[PF_MAP_META], &zero, &in->meta);
	in->meta.build_id[sizeof(in->meta.build_id) - 1] = 0;
	in->meta.version[sizeof(in->meta.version) - 1] = 0;
}

int pf_inst_open(const struct pf_ctx *ctx, const struct pf_paths *p, struct pf_inst *in)
{
	char path[PATH_MAX];
	int i, found = 0, denied = 0;

	(void)ctx;
	pf_inst_init(in);
	for (i = 0; i < PF_MAP_COUNT; i++) {
		pf_path_join(path, p->maps, pf_maps[i].name);
		in->map_fd[i] = bpf_obj_get(path);
		found += in->map_fd[i] >= 0;
		denied += in->map_fd[i] < 0 && (errno == EPERM || errno == EACCES);
	}
	for (i = 0; i < PF_PROG_COUNT; i++) {
		pf_path_join(path, p->progs, pf_prog_names[i]);
		in->prog_fd[i] = bpf_obj_get(path);
		denied += in->prog_fd[i] < 0 && (errno == EPERM || errno == EACCES);
		if (in->prog_fd[i] >= 0) {
			in->prog_id[i] = prog_id(in->prog_fd[i]);
			found++;
		}
	}
	read_meta(in);
	if (denied)
		return -EPERM;
	return found ? 0 : -ENOENT;
}

/* Does the pinned map fit what this build declares? Explains a mismatch. */
static bool map_compatible(struct bpf_map *m, int fd, char *why, size_t len)
{
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info);

	if (bpf_map_get_info_by_fd(fd, &info, &ilen)) {
		snprintf(why, len, "cannot read its info: %s", strerror(errno));
		return false;
	}
	/* The kernel marks devmaps read-only for programs itself. */
	info.map_flags &= ~(__u32)BPF_F_RDONLY_PROG;
	if (info.type != bpf_map__type(m) || info.key_size != bpf_map__key_size(m) ||
	    info.value_size != bpf_map__value_size(m) ||
	    info.max_entries != bpf_map__max_entries(m) || info.map_flags != bpf_map__map_flags(m)) {
		snprintf(why, len,
			 "pinned: type %u key %u value %u entries %u flags %#x; this build: type %u "
			 "key %u value %u entries %u flags %#x",
			 info.type, info.key_size, info.value_size, info.max_entries,
			 info.map_flags, bpf_map__type(m), bpf_map__key_size(m),
			 bpf_map__value_size(m), bpf_map__max_entries(m), bpf_map__map_flags(m));
		return false;
	}
	return true;
}

/*
 * Counters are only ever appended to the STATS block, so an older build's
 * smaller block is carried over (counts copied) rather than refused.
 */
static bool counters_grew(struct bpf_object *obj, struct bpf_map *m, int fd)
{
	struct bpf_map_info info = {};
	__u32 ilen = sizeof(info);

	return m == pf_obj_map(obj, PF_MAP_STATS) && !bpf_map_get_info_by_fd(fd, &info, &ilen) &&
	       info.type == bpf_map__type(m) && info.key_size == bpf_map__key_size(m) &&
	       info.max_entries == bpf_map__max_entries(m) &&
	       info.map_flags == bpf_map__map_flags(m) && info.value_size % 8 == 0 &&
	       info.value_size < bpf_map__value_size(m);
}

static void size_maps(struct bpf_object *obj, const struct pf_config *c)
{
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++) {
		struct bpf_map *m = pf_obj_map(obj, i);

		if (pf_map_config_size(i, c) && m)
			bpf_map__set_max_entries(m, pf_map_config_size(i, c));
	}
}

/* Adopted maps keep their size: say so when the config asks for another. */
static void warn_sizes(const struct pf_ctx *ctx, const struct pf_inst *in,
		       const struct pf_config *c)
{
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++) {
		struct bpf_map_info info = {};
		__u32 len = sizeof(info);
		unsigned int want = pf_map_config_size(i, c);

		if (want && in->map_fd[i] >= 0 &&
		    !bpf_map_get_info_by_fd(in->map_fd[i], &info, &len) && info.max_entries != want)
			pf_warn(ctx, "%s holds %u entries at most, the config asks for %u: "
				     "`attach --recreate` applies that (emptying the map)",
				pf_maps[i].name, info.max_entries, want);
	}
}

/*
 * Reuse every compatible pinned map; refuse (or, with recreate, drop) the rest.
 * An older counter block is left pinned and handed back in *old_stats.
 */
static int reuse_pinned_maps(const struct pf_ctx *ctx, const struct pf_paths *p,
			     struct bpf_object *obj, bool recreate, int *old_stats)
{
	struct bpf_map *m;
	char path[PATH_MAX], why[256];
	int bad = 0;

	bpf_object__for_each_map(m, obj) {
		int fd;

		pf_path_join(path, p->maps, bpf_map__name(m));
		fd = bpf_obj_get(path);
		if (fd < 0)
			continue;
		if (!recreate && counters_grew(obj, m, fd)) {
			*old_stats = fd;
			continue;
		}
		if (!map_compatible(m, fd, why, sizeof(why))) {
			close(fd);
			if (!recreate) {
				pf_err(ctx, "pinned map %s does not fit this build (%s)", path, why);
				bad++;
				continue;
			}
			pf_warn(ctx, "recreating %s (its contents are lost): %s", path, why);
			unlink(path);
			continue;
		}
		if (bpf_map__reuse_fd(m, fd)) {
			pf_err(ctx, "cannot reuse %s: %s", path, strerror(errno));
			bad++;
		}
		close(fd);
	}
	if (bad && !recreate)
		pf_err(ctx, "nothing changed; `packetframe attach --recreate` rebuilds the "
			    "mismatched maps (losing their contents), or `detach --all` first");
	return bad ? -EINVAL : 0;
}

/* Point every pinned link at the new fast path (an upgrade without detach). */
static int update_links(const struct pf_ctx *ctx, const struct pf_paths *p, int prog_fd)
{
	DIR *d = opendir(p->links);
	struct dirent *e;
	char path[PATH_MAX];
	int err = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		int fd;

		if (e->d_name[0] == '.')
			continue;
		pf_path_join(path, p->links, e->d_name);
		fd = bpf_obj_get(path);
		if (fd < 0)
			continue;
		if (!bpf_link_update(fd, prog_fd, NULL)) {
			pf_info(ctx, "%s: now running this build's fast path", e->d_name);
		} else if (errno == ENOLINK) {
			/* Severed: its device is gone and nothing runs there to switch. */
			pf_info(ctx, "%s: its link was severed (the device is gone)", e->d_name);
		} else {
			err = -errno;
			pf_err(ctx, "cannot switch %s to the new program: %s", e->d_name,
			       strerror(errno));
		}
		close(fd);
	}
	closedir(d);
	return err;
}

/* Pinned programs and maps of this very build, all present: use them as they are. */
static bool try_adopt(const struct pf_ctx *ctx, const struct pf_config *c, bool recreate,
		      struct pf_inst *in, int *err)
{
	__u32 id = 0;
	int i;

	*err = 0;
	if (recreate || strcmp(in->meta.build_id, pf_obj_build_id()))
		return false;
	for (i = 0; i < PF_PROG_COUNT; i++)
		if (!pf_prog_watch[i] && in->prog_fd[i] < 0)
			return false;
	for (i = 0; i < PF_MAP_COUNT; i++)
		if (in->map_fd[i] < 0)
			return false;
	/* A watch program missing (removed, or refused by the kernel once): load again. */
	if (!pf_watch_complete(in))
		return false;
	/* Repair a tail-call slot if something emptied it. */
	for (i = 0; i < PF_PROG_COUNT; i++) {
		__u32 slot = (__u32)pf_prog_slot[i];

		if (pf_prog_slot[i] < 0 ||
		    (!bpf_map_lookup_elem(in->map_fd[PF_MAP_MUTATION_PROGS], &slot, &id) &&
		     id == in->prog_id[i]))
			continue;
		pf_warn(ctx, "tail-call slot %u (%s) was empty or stale; restored", slot,
			pf_prog_names[i]);
		if (bpf_map_update_elem(in->map_fd[PF_MAP_MUTATION_PROGS], &slot, &in->prog_fd[i],
					BPF_ANY))
			*err = -errno;
	}
	pf_dbg(ctx, "adopted pinned instance of build %s", pf_obj_build_id());
	warn_sizes(ctx, in, c);
	return true;
}

/* Pin the maps this load created (reused ones are pinned already). */
static int pin_new_maps(const struct pf_ctx *ctx, const struct pf_paths *p,
			struct bpf_object *obj)
{
	char path[PATH_MAX];
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++) {
		pf_path_join(path, p->maps, pf_maps[i].name);
		if (!access(path, F_OK))
			continue;
		if (bpf_obj_pin(pf_obj_map_fd(obj, i), path)) {
			pf_err(ctx, "cannot pin %s: %s", path, strerror(errno));
			return -errno;
		}
	}
	return 0;
}

/*
 * Adds the old block's counts into the new one, per CPU, after the links run
 * the new program: the sums never go backwards, at worst an increment racing
 * this write is lost. Then the new map takes over the pin.
 */
static int add_old_counts(int old_fd, int new_fd, size_t ns)
{
	int ncpu = libbpf_num_possible_cpus(), err = 0;
	struct bpf_map_info info = {};
	__u32 key = 0, ilen = sizeof(info);
	__u64 *cur, *old;
	size_t os, cpu, i;

	if (ncpu <= 0 || bpf_map_get_info_by_fd(old_fd, &info, &ilen))
		return -EINVAL;
	os = info.value_size / 8;
	cur = calloc((size_t)ncpu * ns, 8);
	old = calloc((size_t)ncpu * os, 8);
	if (!cur || !old)
		err = -ENOMEM;
	else if (bpf_map_lookup_elem(old_fd, &key, old) || bpf_map_lookup_elem(new_fd, &key, cur))
		err = -errno;
	for (cpu = 0; !err && cpu < (size_t)ncpu; cpu++)
		for (i = 0; i < os; i++)
			cur[cpu * ns + i] += old[cpu * os + i];
	if (!err && bpf_map_update_elem(new_fd, &key, cur, BPF_EXIST))
		err = -errno;
	free(cur);
	free(old);
	return err;
}

static int carry_counters(const struct pf_ctx *ctx, const struct pf_paths *p,
			  struct bpf_object *obj, int old_fd)
{
	int new_fd = pf_obj_map_fd(obj, PF_MAP_STATS);
	int err = add_old_counts(old_fd, new_fd,
				 bpf_map__value_size(pf_obj_map(obj, PF_MAP_STATS)) / 8);

	if (err)
		pf_warn(ctx, "counters restart from zero: cannot copy the old build's: %s",
			strerror(-err));
	err = pf_pin_replace(new_fd, p->maps, pf_maps[PF_MAP_STATS].name);
	if (err)
		pf_err(ctx, "cannot pin the new counter block: %s", strerror(-err));
	return err;
}

/* Programs last (pinned programs mean a complete instance), then META names the build. */
static int pin_programs(const struct pf_ctx *ctx, const struct pf_paths *p,
			struct bpf_object *obj)
{
	char path[PATH_MAX];
	struct pf_meta meta;
	__u32 zero = 0;
	int i, err;

	for (i = 0; i < PF_PROG_COUNT; i++) {
		if (pf_prog_watch[i] && pf_obj_prog_fd(obj, i) < 0) {
			/* Not loaded here: a watch of another build must not look current. */
			pf_path_join(path, p->progs, pf_prog_names[i]);
			unlink(path);
			pf_path_join(path, p->watch, pf_prog_names[i]);
			unlink(path);
			continue;
		}
		err = pf_pin_replace(pf_obj_prog_fd(obj, i), p->progs, pf_prog_names[i]);
		if (err) {
			pf_err(ctx, "cannot pin program %s: %s", pf_prog_names[i], strerror(-err));
			return err;
		}
		pf_crash_point(i ? "progs-pinned" : "first-prog-pinned");
	}
	memset(&meta, 0, sizeof(meta));
	snprintf(meta.build_id, sizeof(meta.build_id), "%s", pf_obj_build_id());
	snprintf(meta.version, sizeof(meta.version), "%s", PF_VERSION);
	if (bpf_map_update_elem(pf_obj_map_fd(obj, PF_MAP_META), &zero, &meta, BPF_ANY))
		return -errno;
	return 0;
}

/* Load this build reusing the pinned maps; PF_REFUSED while nothing is pinned yet. */
static struct bpf_object *load_object(const struct pf_ctx *ctx, const struct pf_paths *p,
				      const struct pf_config *c, bool recreate, int *old_stats,
				      int *err)
{
	struct bpf_object *obj;
	bool watch = true;

again:
	obj = pf_obj_open(ctx);
	*err = PF_REFUSED;
	if (!obj)
		return NULL;
	if (!watch)
		pf_obj_skip_watch(obj);
	size_maps(obj, c);
	if (reuse_pinned_maps(ctx, p, obj, recreate, old_stats))
		goto fail;
	*err = bpf_object__load(obj);
	/* The watch only counts: never let it cost the fast path. */
	if (*err && watch && pf_obj_skip_watch(obj)) {
		pf_warn(ctx,
			"the kernel refused the BPF object (%s); trying again without the "
			"redirect watch (redirect failures would then not be counted)",
			strerror(-*err));
		bpf_object__close(obj);
		if (*old_stats >= 0)
			close(*old_stats);
		*old_stats = -1;
		watch = false;
		goto again;
	}
	if (*err) {
		pf_err(ctx, "the kernel refused the BPF object: %s (-v -v shows the verifier log)",
		       strerror(-*err));
		*err = PF_REFUSED;
		goto fail;
	}
	return obj;
fail:
	bpf_object__close(obj);
	return NULL;
}

/* The object's maps as an instance (the fds stay the object's). */
static int fill_maps(struct bpf_object *obj, pf_inst_fill fill, void *arg)
{
	struct pf_inst maps;
	int i;

	pf_inst_init(&maps);
	for (i = 0; i < PF_MAP_COUNT; i++)
		maps.map_fd[i] = pf_obj_map_fd(obj, i);
	return fill(arg, &maps);
}

int pf_inst_load(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_config *c,
		 bool recreate, struct pf_inst *in, pf_inst_fill fill, void *arg)
{
	const char *build = pf_obj_build_id();
	char why[256], made[PATH_MAX], was[sizeof(in->meta.build_id)];
	struct bpf_object *obj;
	int err, old_stats = -1;
	bool upgrade;

	if (pf_check_bpffs(c->bpffs_root, why, sizeof(why))) {
		pf_err(ctx, "%s", why);
		return PF_REFUSED;
	}
	pf_missing_top(p->maps, made);
	if (pf_mkdirs(p->maps, 0700) || pf_mkdirs(p->progs, 0700) || pf_mkdirs(p->links, 0700)) {
		pf_err(ctx, "cannot create pin directories under %s: %s", p->root, strerror(errno));
		return -errno;
	}
	pf_inst_open(ctx, p, in);
	if (try_adopt(ctx, c, recreate, in, &err)) {
		pf_watch_ensure(ctx, p, in); /* repairs a watch link someone removed */
		return err ?: fill ? fill(arg, in) : 0;
	}
	upgrade = in->prog_fd[PF_PROG_fast_path] >= 0 && strcmp(in->meta.build_id, build);
	/* The build it replaces, for the event log ("" when none was pinned; --recreate: itself). */
	snprintf(was, sizeof(was), "%s",
		 in->prog_fd[PF_PROG_fast_path] < 0 ? ""
		 : in->meta.build_id[0]             ? in->meta.build_id
						    : "?");
	if (upgrade)
		pf_info(ctx, "pinned programs are build %s (%s); upgrading in place to %s (%s)",
			in->meta.build_id[0] ? in->meta.build_id : "?",
			in->meta.version[0] ? in->meta.version : "?", build, PF_VERSION);
	pf_inst_close(in);

	obj = load_object(ctx, p, c, recreate, &old_stats, &err);
	if (!obj) {
		if (old_stats >= 0)
			close(old_stats);
		/* Refused before the first pin: leave no directory behind either. */
		if (made[0]) {
			rmdir(p->progs);
			rmdir(p->links);
			pf_rmdirs(p->maps, made);
		}
		return err;
	}
	err = pin_new_maps(ctx, p, obj);
	pf_crash_point("maps-pinned");
	/*
	 * Maps before programs: a map this build adds is empty until filled. The
	 * tail-call slot and the links switch last, together: until then the
	 * pinned build runs whole.
	 */
	err = err ?: fill ? fill_maps(obj, fill, arg) : 0;
	err = err ?: pf_obj_link_tail_calls(ctx, obj);
	err = err ?: update_links(ctx, p, pf_obj_prog_fd(obj, PF_PROG_fast_path));
	if (old_stats >= 0) {
		err = err ?: carry_counters(ctx, p, obj, old_stats);
		close(old_stats);
	}
	err = err ?: pin_programs(ctx, p, obj);
	bpf_object__close(obj);
	if (err)
		return err;
	err = pf_inst_open(ctx, p, in) ? -ENOENT : 0;
	if (!err)
		pf_watch_ensure(ctx, p, in);
	in->loaded = true;
	in->upgraded = upgrade;
	pf_event_build(was[0] ? was : NULL, build);
	return err;
}
