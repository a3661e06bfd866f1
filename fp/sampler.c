// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A session of the fast path's sampler: the lock, CAPTURE's session, the
 * perf buffers, and the pairing of a forwarded frame's two records.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "cli.h"
#include "instance.h"
#include "log.h"
#include "manifest.h"
#include "sampler.h"
#include "session.h"
#include "state.h"

/* Pages of each CPU's perf buffer (a power of two): 256 KiB with 4 KiB pages. */
#define PF_SAMPLER_PAGES 64

struct pf_sampler_pending {
	bool have;
	struct pf_capture_rec rec;
	__u8 bytes[PF_SNAPLEN_MAX];
};

static __u32 map_id(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return fd >= 0 && !bpf_map_get_info_by_fd(fd, &info, &len) ? info.id : 0;
}

static void on_record(void *arg, int cpu, void *data, __u32 size)
{
	struct pf_sampler *s = arg;
	const struct pf_capture_rec *r = data;
	struct pf_sampler_pending *pend;
	struct pf_sample smp = { .cpu = cpu };

	if (s->stop || cpu < 0 || cpu >= s->ncpu || size < sizeof(*r) ||
	    r->cap_len > size - sizeof(*r) || r->cap_len > PF_SNAPLEN_MAX)
		return;
	pend = &s->pend[cpu];
	if (r->kind == PF_CAP_IN) {
		/* An IN whose OUT never came (filtered out) is simply replaced. */
		pend->have = true;
		pend->rec = *r;
		memcpy(pend->bytes, r + 1, r->cap_len);
		return;
	}
	if (r->kind != PF_CAP_OUT)
		return;
	if (pend->have && pend->rec.seq == r->seq) {
		smp.in = &pend->rec;
		smp.in_bytes = pend->bytes;
	}
	smp.out = r;
	smp.out_bytes = (const __u8 *)(r + 1);
	s->stop = s->fn(s->arg, &smp);
	pend->have = false;
}

static void on_lost(void *arg, int cpu, __u64 n)
{
	struct pf_sampler *s = arg;

	(void)cpu;
	s->lost_ring += n;
}

void pf_sampler_holder(const struct pf_paths *p, char *buf, size_t len)
{
	int fd = open(p->sampler, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), i;
	ssize_t n = 0;

	buf[0] = 0;
	if (fd < 0)
		return;
	/* Held: a shared lock is refused; then the file says who. */
	if (flock(fd, LOCK_SH | LOCK_NB) == 0 || errno != EWOULDBLOCK) {
		close(fd);
		return;
	}
	/* The holder writes its line just after taking the lock: give it a moment. */
	for (i = 0; i < 20; i++) {
		n = pread(fd, buf, len - 1, 0);
		if (n > 0)
			break;
		usleep(5000);
	}
	buf[n > 0 ? n : 0] = 0;
	buf[strcspn(buf, "\n")] = 0;
	if (!buf[0])
		snprintf(buf, len, "another process");
	close(fd);
}

static int take_lock(struct pf_sampler *s, const struct pf_paths *p, const char *who)
{
	char holder[128], line[64], err[PATH_MAX + 256];
	int rc = pf_mkdirs(p->runtime, 0700);

	if (rc) {
		pf_err(s->ctx, "cannot make the runtime dir %s: %s", p->runtime, strerror(-rc));
		return PF_EXIT_RUNTIME;
	}
	rc = pf_runtime_check(p, err, sizeof(err));
	if (rc) {
		pf_err(s->ctx, "%s", err);
		return pf_exit_code(rc);
	}
	s->lock_fd = open(p->sampler, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (s->lock_fd < 0) {
		pf_err(s->ctx, "cannot open %s: %s", p->sampler, strerror(errno));
		return PF_EXIT_RUNTIME;
	}
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB)) {
		pf_sampler_holder(p, holder, sizeof(holder));
		pf_err(s->ctx,
		       "the fast path's sampler is in use by %s: capture and sflow share it, "
		       "one at a time (stop that one first)",
		       holder[0] ? holder : "another process");
		return PF_EXIT_USAGE;
	}
	snprintf(line, sizeof(line), "%s pid %d\n", who, (int)getpid());
	if (ftruncate(s->lock_fd, 0) || pwrite(s->lock_fd, line, strlen(line), 0) < 0)
		pf_warn(s->ctx, "cannot note the holder in %s: %s", p->sampler, strerror(errno));
	return PF_EXIT_OK;
}

/*
 * PF_CFG_SAMPLER in CFG, read-modify-write under the lock `sync` holds
 * while it rewrites CFG (and carries the switch over). An enum pf_exit code.
 */
static int switch_sampler(struct pf_sampler *s, bool on)
{
	struct pf_cfg c;
	__u32 zero = 0;
	int lock = pf_lock(s->ctx, s->paths, PF_LOCK_WAIT_S), rc = PF_EXIT_OK;

	if (lock < 0)
		return pf_exit_code(lock);
	if (bpf_map_lookup_elem(s->fp_cfg_fd, &zero, &c)) {
		rc = PF_EXIT_RUNTIME;
	} else {
		c.flags = on ? c.flags | PF_CFG_SAMPLER : c.flags & (__u8)~PF_CFG_SAMPLER;
		if (bpf_map_update_elem(s->fp_cfg_fd, &zero, &c, BPF_ANY))
			rc = PF_EXIT_RUNTIME;
	}
	if (rc)
		pf_err(s->ctx, "cannot switch the sampler %s in %s: %s", on ? "on" : "off",
		       pf_maps[PF_MAP_CFG].name, strerror(errno));
	close(lock);
	return rc;
}

static int zero_ports(const struct pf_sampler *s)
{
	struct pf_capture_port *z = calloc((size_t)s->ncpu, sizeof(*z));
	__u32 k;
	int rc = z ? 0 : -ENOMEM;

	for (k = 0; !rc && k < PF_CAP_PORTS; k++)
		if (bpf_map_update_elem(s->port_fd, &k, z, BPF_ANY))
			rc = -errno;
	free(z);
	return rc;
}

int pf_sampler_start(struct pf_sampler *s, const struct pf_ctx *ctx, const struct pf_paths *p,
		     const char *who, const struct pf_capture_cfg *cfg, pf_sample_fn fn, void *arg)
{
	struct pf_capture_cfg old = { 0 };
	struct pf_inst in;
	__u32 zero = 0;
	int rc;

	memset(s, 0, sizeof(*s));
	s->ctx = ctx;
	s->lock_fd = s->cfg_fd = s->cpu_fd = s->port_fd = s->ev_fd = s->fp_cfg_fd = -1;
	s->paths = p;
	s->fn = fn;
	s->arg = arg;
	s->cfg = *cfg;
	rc = pf_inst_open(ctx, p, &in);
	if (rc == -EPERM) {
		pf_inst_close(&in);
		pf_err(ctx, "%s needs root (CAP_BPF, CAP_PERFMON) to use the pinned maps under %s",
		       who, p->root);
		return PF_EXIT_USAGE;
	}
	if (in.map_fd[PF_MAP_CAPTURE] < 0 || in.map_fd[PF_MAP_CAPTURE_CPU] < 0 ||
	    in.map_fd[PF_MAP_CAPTURE_PORT] < 0 || in.map_fd[PF_MAP_CFG] < 0 ||
	    in.map_fd[PF_MAP_CAPTURE_EVENTS] < 0 || in.prog_fd[PF_PROG_fast_path] < 0) {
		pf_inst_close(&in);
		pf_err(ctx,
		       "no fast path with a sampler is pinned under %s: attach first (a build "
		       "older than the sampler is upgraded by running this build's attach)",
		       p->root);
		return PF_EXIT_USAGE;
	}
	s->cfg_fd = dup(in.map_fd[PF_MAP_CAPTURE]);
	s->cpu_fd = dup(in.map_fd[PF_MAP_CAPTURE_CPU]);
	s->port_fd = dup(in.map_fd[PF_MAP_CAPTURE_PORT]);
	s->ev_fd = dup(in.map_fd[PF_MAP_CAPTURE_EVENTS]);
	s->fp_cfg_fd = dup(in.map_fd[PF_MAP_CFG]);
	s->cfg_map_id = map_id(s->cfg_fd);
	pf_inst_close(&in);
	rc = take_lock(s, p, who);
	if (rc)
		goto fail;
	s->ncpu = libbpf_num_possible_cpus();
	s->pend = s->ncpu > 0 ? calloc((size_t)s->ncpu, sizeof(*s->pend)) : NULL;
	if (!s->pend) {
		pf_err(ctx, "out of memory for %d CPUs' records", s->ncpu);
		rc = PF_EXIT_RUNTIME;
		goto fail;
	}
	/* The buffers first: a record of the new session always has somewhere to go. */
	s->pb = perf_buffer__new(s->ev_fd, PF_SAMPLER_PAGES, on_record, on_lost, s, NULL);
	if (!s->pb) {
		pf_err(ctx, "cannot open the sampler's perf buffers: %s", strerror(errno));
		rc = PF_EXIT_RUNTIME;
		goto fail;
	}
	/* The ports' pools start from zero with the session (the CPUs' on its first frame). */
	rc = zero_ports(s);
	if (rc) {
		pf_err(ctx, "cannot empty %s: %s", pf_maps[PF_MAP_CAPTURE_PORT].name,
		       strerror(-rc));
		rc = PF_EXIT_RUNTIME;
		goto fail;
	}
	if (!bpf_map_lookup_elem(s->cfg_fd, &zero, &old) && old.rate)
		pf_warn(ctx, "an earlier capture or sflow left the sampler on (it was killed?): "
			     "taken over");
	s->cfg.gen = old.gen + 1 ?: 1;
	if (bpf_map_update_elem(s->cfg_fd, &zero, &s->cfg, BPF_ANY)) {
		pf_err(ctx, "cannot turn the sampler on: %s", strerror(errno));
		rc = PF_EXIT_RUNTIME;
		goto fail;
	}
	rc = switch_sampler(s, true);
	if (rc)
		goto fail;
	s->switched_on = true;
	return PF_EXIT_OK;
fail:
	pf_sampler_stop(s);
	return rc;
}

/* Is CAPTURE's pin still this session's map? (Looked at once a second.) */
static bool instance_alive(struct pf_sampler *s)
{
	char path[PATH_MAX];
	struct timespec t;
	__u64 now;
	bool same;
	int fd;

	clock_gettime(CLOCK_MONOTONIC, &t);
	now = (__u64)t.tv_sec * 1000000000ull + (__u64)t.tv_nsec;
	if (now - s->checked_ns < 1000000000ull)
		return true;
	s->checked_ns = now;
	pf_path_join(path, s->paths->maps, pf_maps[PF_MAP_CAPTURE].name);
	fd = bpf_obj_get(path);
	same = fd >= 0 && map_id(fd) == s->cfg_map_id;
	if (fd >= 0)
		close(fd);
	return same;
}

int pf_sampler_poll(struct pf_sampler *s, int timeout_ms)
{
	int rc = perf_buffer__poll(s->pb, timeout_ms);

	if (s->stop)
		return s->stop;
	if (rc < 0 && rc != -EINTR) {
		pf_err(s->ctx, "reading the sampler's buffers: %s", strerror(-rc));
		return rc;
	}
	if (instance_alive(s))
		return 0;
	pf_err(s->ctx, "the fast path's pinned maps are gone or replaced (detach --all, attach "
		       "--recreate): this session can draw nothing more");
	return -EIDRM;
}

void pf_sampler_totals(const struct pf_sampler *s, __u64 *pool, __u64 *lost)
{
	struct pf_capture_cpu *c;
	__u32 zero = 0;
	int i;

	*pool = 0;
	*lost = s->lost_ring;
	c = s->ncpu > 0 ? calloc((size_t)s->ncpu, sizeof(*c)) : NULL;
	if (c && !bpf_map_lookup_elem(s->cpu_fd, &zero, c))
		for (i = 0; i < s->ncpu; i++) {
			if (c[i].gen != s->cfg.gen)
				continue; /* no frame on that CPU this session */
			*pool += c[i].pool;
			*lost += c[i].lost;
		}
	free(c);
}

void pf_sampler_port(const struct pf_sampler *s, __u32 ifindex, __u64 *pool, __u64 *lost)
{
	struct pf_capture_port *p = calloc((size_t)s->ncpu, sizeof(*p));
	__u32 k = ifindex & (PF_CAP_PORTS - 1);
	int i;

	*pool = *lost = 0;
	if (p && !bpf_map_lookup_elem(s->port_fd, &k, p))
		for (i = 0; i < s->ncpu; i++) {
			*pool += p[i].pool;
			*lost += p[i].lost;
		}
	free(p);
}

void pf_sampler_stop(struct pf_sampler *s)
{
	struct pf_capture_cfg off = { 0 }, now;
	__u32 zero = 0;

	/* Off only if still ours: a later session may have taken it over. */
	if (s->cfg_fd >= 0 && s->cfg.gen && !bpf_map_lookup_elem(s->cfg_fd, &zero, &now) &&
	    now.gen == s->cfg.gen) {
		if (s->switched_on && switch_sampler(s, false))
			pf_warn(s->ctx, "the fast path still looks for a session (the next capture "
					"or sflow clears that)");
		off.gen = s->cfg.gen;
		if (bpf_map_update_elem(s->cfg_fd, &zero, &off, BPF_ANY))
			pf_warn(s->ctx, "cannot turn the sampler off: %s (the next session will)",
				strerror(errno));
	}
	if (s->pb) {
		if (!s->stop)
			perf_buffer__consume(s->pb);
		perf_buffer__free(s->pb);
	}
	free(s->pend);
	if (s->cfg_fd >= 0)
		close(s->cfg_fd);
	if (s->cpu_fd >= 0)
		close(s->cpu_fd);
	if (s->port_fd >= 0)
		close(s->port_fd);
	if (s->ev_fd >= 0)
		close(s->ev_fd);
	if (s->fp_cfg_fd >= 0)
		close(s->fp_cfg_fd);
	if (s->lock_fd >= 0)
		close(s->lock_fd); /* the lock goes with it; the file stays for the next */
	s->pb = NULL;
	s->pend = NULL;
	s->cfg_fd = s->cpu_fd = s->port_fd = s->ev_fd = s->fp_cfg_fd = s->lock_fd = -1;
}
