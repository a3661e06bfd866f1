// SPDX-License-Identifier: GPL-2.0-or-later
/* attach / apply / detach building blocks. */
#include <dirent.h>
#include <net/if.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "grow.h"
#include "bpf_obj.h"
#include "events.h"
#include "instance.h"
#include "lifecycle.h"
#include "links.h"
#include "log.h"
#include "netdev.h"
#include "offload.h"
#include "parse.h"
#include "registry.h"
#include "allow_file.h"
#include "sync.h"
#include "want.h"

void pf_free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int pf_link_pins(const struct pf_paths *p, char ***names, size_t *n)
{
	DIR *d = opendir(p->links);
	struct dirent *e;
	char **v = NULL;
	size_t cnt = 0, cap = 0;

	*names = NULL;
	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || strchr(e->d_name, '.'))
			continue;
		if (pf_grow((void **)&v, &cap, cnt + 1, sizeof(*v)) ||
		    !(v[cnt] = strdup(e->d_name))) {
			closedir(d);
			pf_free_names(v, cnt);
			return -ENOMEM;
		}
		pf_link_pin_to_iface(v[cnt++]);
	}
	closedir(d);
	*names = v;
	*n = cnt;
	return 0;
}

static void settle(const struct pf_ctx *ctx, unsigned int ms, int *changes)
{
	/* Pace link changes: bridge members bouncing at once have looped L2 before. */
	if ((*changes)++ && ms) {
		pf_info(ctx, "waiting %u ms (attach-settle-time)", ms);
		usleep(ms * 1000);
	}
}

int pf_registry_refresh(const struct pf_ctx *ctx, const struct pf_paths *p)
{
	struct pf_registry old, r;
	struct pf_inst in;
	char **names, err[256];
	size_t n, i, j;
	int rc;

	memset(&r, 0, sizeof(r));
	if (pf_registry_read(p->registry, &old, err, sizeof(err)) == -EINVAL)
		pf_warn(ctx, "%s; rebuilding it from the pins", err);
	pf_inst_open(ctx, p, &in);
	snprintf(r.build_id, sizeof(r.build_id), "%s", in.meta.build_id);
	snprintf(r.version, sizeof(r.version), "%s", in.meta.version);
	pf_inst_close(&in);
	rc = pf_link_pins(p, &names, &n);
	for (i = 0; !rc && i < n; i++) {
		struct pf_reg_entry e;
		struct pf_link_info li;

		memset(&e, 0, sizeof(e));
		pf_link_inspect(p, names[i], &li);
		snprintf(e.iface, sizeof(e.iface), "%s", names[i]);
		e.ifindex = li.ifindex;
		snprintf(e.mode, sizeof(e.mode), "%s", li.live ? li.mode : "detached");
		e.prog_id = li.prog_id;
		e.link_id = li.link_id;
		pf_link_pin_path(p, names[i], e.pin);
		e.attached_at = (long long)time(NULL);
		for (j = 0; j < old.n; j++)
			if (!strcmp(old.e[j].iface, e.iface) && old.e[j].link_id == e.link_id)
				e.attached_at = old.e[j].attached_at;
		rc = pf_registry_put(&r, &e);
	}
	pf_free_names(names, n);
	pf_registry_free(&old);
	if (!rc)
		rc = pf_mkdirs(p->state, 0700) ?: pf_registry_write(p->registry, &r);
	if (rc)
		pf_err(ctx, "cannot write %s: %s", p->registry, strerror(-rc));
	pf_registry_free(&r);
	return rc;
}

/*
 * Every wanted interface exists, and its mode is planned: auto means native
 * where the driver and kernel allow it. PF_REFUSED before any change otherwise.
 */
static int plan_ports(const struct pf_ctx *ctx, const struct pf_config *c,
		      const struct pf_want *want, size_t n, const struct pf_netdev *devs,
		      size_t n_devs, struct pf_want *plan)
{
	int kernel = pf_kernel_version();
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pf_netdev *d = pf_netdev_by_name(devs, n_devs, want[i].iface);
		char drv[32], why[256];
		bool native_ok;

		if (!d) {
			pf_err(ctx, "%s: no such interface in this network namespace",
			       want[i].iface);
			return PF_REFUSED;
		}
		if (d->master) {
			const struct pf_netdev *m = pf_netdev_by_index(devs, n_devs, d->master);

			/* Its frames are routed as the master's: settings, rules and all. */
			pf_err(ctx,
			       "%s is a port of %s: the kernel routes its traffic as %s's, so "
			       "the fast path cannot stand in for it (attach the routing device)",
			       d->name, m ? m->name : "another device",
			       m ? m->name : "that device");
			return PF_REFUSED;
		}
		pf_netdev_driver(d->name, drv, sizeof(drv));
		native_ok = pf_native_allowed(drv, kernel, c->head_shift, why, sizeof(why));
		if (want[i].mode == PF_MODE_NATIVE && !native_ok) {
			pf_err(ctx, "%s: refusing native mode: %s", d->name, why);
			return PF_REFUSED;
		}
		if (pf_offload_check(d->name, why, sizeof(why))) {
			pf_err(ctx, "%s", why);
			return PF_REFUSED;
		}
		plan[i] = want[i];
		if (plan[i].mode == PF_MODE_AUTO)
			plan[i].mode = native_ok ? PF_MODE_NATIVE : PF_MODE_GENERIC;
	}
	return 0;
}

/* Sync every map to the config, the allow list, the machine and these ports (modes planned). */
static int sync_all(const struct pf_ctx *ctx, const struct pf_config *c, const struct pf_paths *p,
		    const struct pf_inst *in, const struct pf_want *ports, size_t n,
		    bool keep_pinned, char *summary, size_t len)
{
	struct pf_want_input wi = {
		.c = c, .paths = p, .ports = ports, .n_ports = n, .keep_pinned = keep_pinned
	};
	struct pf_sync s;
	char err[1024];
	int rc;

	pf_sync_init(&s, in);
	rc = pf_want_input_load(&wi, err, sizeof(err));
	rc = rc ?: pf_want_all(&s, &wi, err, sizeof(err)) ?: pf_sync_plan(&s, err, sizeof(err));
	rc = rc ?: pf_sync_apply(&s, err, sizeof(err));
	if (rc) {
		pf_err(ctx, "%s", err);
	} else {
		pf_sync_summary(&s, summary, len);
		pf_event_sync(&s);
	}
	pf_sync_free(&s);
	pf_want_input_free(&wi);
	return rc;
}

/* Attach and pin one interface through the one attach policy (auto: native, then generic). */
static int attach_one(const struct pf_ctx *ctx, const struct pf_config *c,
		      const struct pf_paths *p, const struct pf_netdev *d, enum pf_mode mode,
		      int prog_fd)
{
	struct pf_xdp_target t = { .iface = d->name,
				   .ifindex = d->ifindex,
				   .kernel = pf_kernel_version(),
				   .head_shift = c->head_shift };
	enum pf_mode used;
	char drv[32], why[256];
	int fd, err;

	pf_netdev_driver(d->name, drv, sizeof(drv));
	t.driver = drv;
	err = pf_offload_take(p, d->name);
	if (err) {
		pf_err(ctx, "%s: cannot turn rx VLAN offload off: %s", d->name, strerror(-err));
		return err;
	}
	fd = pf_xdp_attach_policy(&t, prog_fd, mode, &used, why, sizeof(why));
	if (fd < 0) {
		pf_err(ctx, "%s: %s", d->name, why);
		pf_offload_give_back(p, d->name);
		return fd;
	}
	if (why[0])
		pf_info(ctx, "%s: generic mode (%s)", d->name, why);
	err = pf_link_pin(p, d->name, fd, why, sizeof(why));
	if (err)
		pf_err(ctx, "%s: %s", d->name, why);
	else
		pf_event_link(d->name, "attached", pf_mode_name(used));
	close(fd); /* the pin holds the link */
	return err;
}

/* Remove an interface's link, then give back the rx VLAN offload attach took. */
static int detach_link(const struct pf_ctx *ctx, const struct pf_paths *p, const char *pin)
{
	int err = pf_link_remove(p, pin), oerr;

	if (err)
		return err;
	pf_event_link(pin, "detached", NULL);
	oerr = pf_offload_give_back(p, pin);
	if (oerr)
		pf_warn(ctx, "%s: could not turn rx VLAN offload back on: %s", pin,
			strerror(-oerr));
	return 0;
}

static void rollback(const struct pf_ctx *ctx, const struct pf_paths *p, char **created,
		     size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (detach_link(ctx, p, created[i]))
			pf_err(ctx, "rollback: could not remove the link of %s: %s", created[i],
			       strerror(errno));
		else
			pf_info(ctx, "rollback: detached %s (attached by this run)", created[i]);
	}
}

/* Does the live link run in the mode asked for (auto takes any)? */
static bool mode_kept(const struct pf_want *w, const struct pf_link_info *li)
{
	return w->mode == PF_MODE_AUTO || !strcmp(li->mode, pf_mode_name(w->mode));
}

/*
 * Link every planned port (unchanged where this program runs already). A
 * port that ends up in another mode than planned updates `plan`, and sets
 * *replan. On a failure the links this run created are removed.
 */
static int link_ports(const struct pf_ctx *ctx, const struct pf_config *c,
		      const struct pf_paths *p, const struct pf_inst *in,
		      const struct pf_netdev *devs, size_t n_devs, const struct pf_want *want,
		      struct pf_want *plan, size_t n, int *changes, bool *replan)
{
	char **created = calloc(n + 1, sizeof(*created));
	size_t n_created = 0, i;
	int rc = created ? 0 : -ENOMEM;

	for (i = 0; i < n && !rc; i++) {
		const struct pf_netdev *d = pf_netdev_by_name(devs, n_devs, want[i].iface);
		struct pf_link_info li;

		pf_link_inspect(p, d->name, &li);
		if (li.pinned && li.live && li.ifindex == d->ifindex &&
		    li.prog_id == in->prog_id[PF_PROG_fast_path] && mode_kept(&want[i], &li)) {
			pf_info(ctx, "%s: attached (%s, link %u), unchanged", d->name, li.mode,
				li.link_id);
			/* Someone may have turned it back on since. */
			rc = pf_offload_take(p, d->name);
			if (rc)
				pf_err(ctx, "%s: cannot turn rx VLAN offload off: %s", d->name,
				       strerror(-rc));
		} else {
			if (li.pinned && li.live && !mode_kept(&want[i], &li))
				/* A link cannot change mode: a new one replaces it. */
				pf_info(ctx, "%s: switching from %s to %s mode", d->name, li.mode,
					pf_mode_name(want[i].mode));
			else if (li.pinned)
				/* The device went away (or was recreated): its old link is dead. */
				pf_warn(ctx, "%s: stale link pin (link %u, ifindex %d); replacing it",
					d->name, li.link_id, li.ifindex);
			if (li.pinned)
				pf_link_remove(p, d->name);
			settle(ctx, c->settle_ms, changes);
			rc = attach_one(ctx, c, p, d, want[i].mode, in->prog_fd[PF_PROG_fast_path]);
			if (rc) {
				rollback(ctx, p, created, n_created);
				break;
			}
			created[n_created++] = (char *)d->name;
			pf_crash_point("first-link");
			pf_link_inspect(p, d->name, &li);
			pf_info(ctx, "%s: attached (%s, link %u)", d->name, li.mode, li.link_id);
		}
		if (li.live && (strcmp(li.mode, "native") ? PF_MODE_GENERIC : PF_MODE_NATIVE) !=
				       plan[i].mode) {
			plan[i].mode = strcmp(li.mode, "native") ? PF_MODE_GENERIC : PF_MODE_NATIVE;
			*replan = true;
		}
	}
	free(created);
	return rc;
}

/* Remove the links of interfaces that are not wanted (paced). */
static void unlink_others(const struct pf_ctx *ctx, const struct pf_config *c,
			  const struct pf_paths *p, const struct pf_want *want, size_t n,
			  int *changes)
{
	char **pins;
	size_t n_pins, i, j;

	if (pf_link_pins(p, &pins, &n_pins))
		return;
	for (j = 0; j < n_pins; j++) {
		for (i = 0; i < n && strcmp(pins[j], want[i].iface); i++)
			;
		if (i < n)
			continue;
		settle(ctx, c->settle_ms, changes);
		if (detach_link(ctx, p, pins[j]))
			pf_err(ctx, "%s: cannot remove its link: %s", pins[j], strerror(errno));
		else
			pf_info(ctx, "%s: detached (no longer in the config)", pins[j]);
	}
	pf_free_names(pins, n_pins);
}

/* sync_all as pf_inst_load's fill: the maps as wanted, before a new build goes live. */
struct presync {
	const struct pf_ctx *ctx;
	const struct pf_config *c;
	const struct pf_paths *p;
	const struct pf_want *plan;
	size_t n;
	bool keep_pinned;
	char *summary;
	size_t len;
};

static int presync(void *arg, const struct pf_inst *maps)
{
	struct presync *ps = arg;

	return sync_all(ps->ctx, ps->c, ps->p, maps, ps->plan, ps->n, ps->keep_pinned, ps->summary,
			ps->len);
}

int pf_converge(const struct pf_ctx *ctx, const struct pf_config *c, const struct pf_paths *p,
		const struct pf_want *want, size_t n, bool detach_others, bool recreate)
{
	struct pf_want *plan = calloc(n + 1, sizeof(*plan));
	struct pf_netdev *devs = NULL;
	size_t n_devs = 0;
	bool replan = false;
	char summary[256];
	struct pf_inst in;
	int rc, changes = 0;

	pf_inst_init(&in);
	rc = plan ? pf_netdev_list(&devs, &n_devs) : -ENOMEM;
	if (rc) {
		pf_err(ctx, "cannot list network devices: %s", strerror(-rc));
		goto close;
	}
	rc = plan_ports(ctx, c, want, n, devs, n_devs, plan);
	{
		struct presync ps = { .ctx = ctx,
				      .c = c,
				      .p = p,
				      .plan = plan,
				      .n = n,
				      .keep_pinned = !detach_others,
				      .summary = summary,
				      .len = sizeof(summary) };

		/* Maps before links: a port's first frame already finds its entries. */
		rc = rc ?: pf_inst_load(ctx, p, c, recreate, &in, presync, &ps);
	}
	if (rc)
		goto close;
	if (ctx->log_level > PF_LOG_ERROR) /* -q: errors only */
		printf("maps: %s%s\n", summary, in.upgraded ? " (programs upgraded in place)" : "");
	fflush(stdout);
	pf_crash_point("maps-synced");
	rc = link_ports(ctx, c, p, &in, devs, n_devs, want, plan, n, &changes, &replan);
	if (!rc && detach_others)
		unlink_others(ctx, c, p, want, n, &changes);
	pf_crash_point("links-done");
	/* A port fell back from native: its quirks and the devmap's filter follow. */
	if (!rc && replan)
		rc = sync_all(ctx, c, p, &in, plan, n, !detach_others, summary, sizeof(summary));
	rc = pf_registry_refresh(ctx, p) ?: rc;
close:
	pf_inst_close(&in);
	free(devs);
	free(plan);
	return rc;
}

/*
 * The pin that attaches `name`: its own, or, for a device renamed since it
 * was attached, the pin whose live link is on the device now called `name`.
 * Copies the pin's name into pin (PF_IFNAMSIZ); false when there is none.
 */
static bool pin_for(const struct pf_paths *p, const char *name, char *pin)
{
	struct pf_link_info li;
	char **pins, now[IF_NAMESIZE];
	size_t n, i;
	bool found = false;

	pf_link_inspect(p, name, &li);
	if (li.pinned) {
		snprintf(pin, PF_IFNAMSIZ, "%s", name);
		return true;
	}
	if (pf_link_pins(p, &pins, &n))
		return false;
	for (i = 0; i < n && !found; i++) {
		pf_link_inspect(p, pins[i], &li);
		if (li.live && if_indextoname((unsigned int)li.ifindex, now) &&
		    !strcmp(now, name)) {
			snprintf(pin, PF_IFNAMSIZ, "%s", pins[i]);
			found = true;
		}
	}
	pf_free_names(pins, n);
	return found;
}

int pf_detach_ifaces(const struct pf_ctx *ctx, const struct pf_paths *p, unsigned int settle_ms,
		     char **names, size_t n)
{
	int changes = 0, rc = 0, err;
	char pin[PF_IFNAMSIZ];
	size_t i;

	/* Unreadable pins are not "nothing attached". */
	if (access(p->links, R_OK | X_OK) && errno == EACCES) {
		pf_err(ctx, "cannot read %s: detaching needs root (CAP_BPF, CAP_NET_ADMIN)",
		       p->links);
		return PF_REFUSED;
	}
	for (i = 0; i < n; i++) {
		if (!pin_for(p, names[i], pin)) {
			pf_info(ctx, "%s: not attached; nothing to do", names[i]);
			continue;
		}
		settle(ctx, settle_ms, &changes);
		err = detach_link(ctx, p, pin);
		if (err) {
			pf_err(ctx, "%s: cannot remove %s/%s: %s", names[i], p->links, pin,
			       strerror(-err));
			rc = rc ?: err;
		} else if (strcmp(pin, names[i])) {
			pf_info(ctx, "%s: detached (attached as %s, since renamed)", names[i], pin);
		} else {
			pf_info(ctx, "%s: detached", names[i]);
		}
	}
	return rc;
}

static int remove_dir_pins(const struct pf_ctx *ctx, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	int bad = 0;

	if (!d)
		return errno == ENOENT ? 0 : 1;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		pf_path_join(path, dir, e->d_name);
		if (unlink(path)) {
			pf_err(ctx, "cannot remove %s: %s", path, strerror(errno));
			bad++;
		}
	}
	closedir(d);
	if (rmdir(dir) && errno != ENOENT) {
		pf_err(ctx, "cannot remove %s: %s", dir, strerror(errno));
		bad++;
	}
	return bad;
}

int pf_detach_all(const struct pf_ctx *ctx, const struct pf_paths *p, unsigned int settle_ms)
{
	char **names;
	size_t n;
	int rc, bad = 0;

	if (access(p->root, R_OK | X_OK) && errno == EACCES) {
		pf_err(ctx, "cannot read %s: detaching needs root (CAP_BPF, CAP_NET_ADMIN)",
		       p->root);
		return PF_REFUSED;
	}
	if (access(p->root, F_OK) && errno == ENOENT) {
		pf_info(ctx, "nothing is pinned under %s: nothing to detach", p->root);
		return -ENOENT;
	}
	rc = pf_link_pins(p, &names, &n);
	if (rc) {
		pf_err(ctx, "cannot read %s: %s", p->links, strerror(-rc));
		return rc;
	}
	/* Links first (paced), so nothing runs while maps and programs go. */
	rc = pf_detach_ifaces(ctx, p, settle_ms, names, n);
	pf_free_names(names, n);
	bad += remove_dir_pins(ctx, p->links);
	bad += remove_dir_pins(ctx, p->watch);
	bad += remove_dir_pins(ctx, p->progs);
	bad += remove_dir_pins(ctx, p->maps);
	if (rmdir(p->root) && errno != ENOENT) {
		pf_err(ctx, "cannot remove %s: %s", p->root, strerror(errno));
		bad++;
	} else {
		char parent[PATH_MAX], *slash;

		/* bpffs-root itself, when packetframe made it and nothing else lives there. */
		snprintf(parent, sizeof(parent), "%s", p->root);
		slash = strrchr(parent, '/');
		if (slash && slash != parent) {
			*slash = 0;
			rmdir(parent);
		}
	}
	/* The registry is a cache of the pins, which are gone: say so, it's not a failure. */
	if (unlink(p->registry) && errno != ENOENT)
		pf_warn(ctx, "cannot remove %s (%s); it lists nothing that is attached", p->registry,
			strerror(errno));
	if (bad || rc) {
		pf_err(ctx, "detach --all: %d item(s) could not be removed (listed above)", bad);
		return rc ?: -ENOTEMPTY; /* each one was named above */
	}
	pf_event_set("pins_removed", cJSON_CreateTrue());
	pf_info(ctx, "detached everything; no pins left under %s", p->root);
	return 0;
}

int pf_allow_commit(const struct pf_ctx *ctx, const struct pf_paths *p,
		    const struct pf_config *c, const struct pf_prefix *list, size_t n,
		    struct pf_delta *d, bool *live)
{
	struct pf_sync s;
	struct pf_inst in;
	char err[1024];
	int rc, urc;

	memset(d, 0, sizeof(*d));
	snprintf(err, sizeof(err), "out of memory");
	pf_inst_open(ctx, p, &in);
	*live = in.map_fd[PF_MAP_ALLOW_V4] >= 0 && in.map_fd[PF_MAP_ALLOW_V6] >= 0 &&
		in.map_fd[PF_MAP_CFG] >= 0;
	pf_sync_init(&s, &in);
	rc = pf_want_no_ipsec(c, list, n, err, sizeof(err));
	rc = rc ?: *live ? pf_want_allow(&s, c, list, n) ?: pf_sync_plan(&s, err, sizeof(err)) : 0;
	rc = rc ?: *live ? pf_sync_apply(&s, err, sizeof(err)) : 0;
	if (rc) {
		pf_err(ctx, "%s; the allow list file is unchanged", err);
		goto out;
	}
	rc = pf_allow_file_write(p->allow_file, list, n);
	if (rc > 0) /* the file changed */
		pf_event_set("allow_list", cJSON_CreateNumber((double)n));
	if (rc < 0) {
		pf_err(ctx, "cannot write %s: %s", p->allow_file, strerror(-rc));
		urc = *live ? pf_sync_undo(&s, err, sizeof(err)) : 0;
		if (urc)
			pf_err(ctx, "and putting the maps back failed%s: `packetframe apply` "
				    "retries", err);
		else if (*live)
			pf_err(ctx, "the live allowlist was put back as it was");
		goto out;
	}
	rc = 0;
	pf_event_sync(&s);
	d->added = s.delta[PF_MAP_ALLOW_V4].added + s.delta[PF_MAP_ALLOW_V6].added;
	d->removed = s.delta[PF_MAP_ALLOW_V4].removed + s.delta[PF_MAP_ALLOW_V6].removed;
out:
	pf_sync_free(&s);
	pf_inst_close(&in);
	return rc;
}
