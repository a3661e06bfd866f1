// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe capture`: what the fast path does, frame by frame, as pcapng
 * (tcpdump is blind to frames XDP forwards: they never reach its taps).
 * Each drawn frame is written as it arrived, with comments naming the
 * verdict and the counter that explains it; a forwarded one also as it
 * left, on its egress port, with the egress, VLAN action, TTL and MSS
 * change (from the two images, by the decoder `explain` uses).
 */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include "capture_notes.h"
#include "capture_opts.h"
#include "commands.h"
#include "log.h"
#include "pcapng.h"
#include "sampler.h"
#include "session.h"

struct capture_opts {
	struct pf_sample_sel sel;
	unsigned int count;
	const char *write;
};

static const struct pf_opt capture_opts[] = {
	PF_CAPTURE_OPTS(struct capture_opts, sel),
	PF_CAPTURE_OPTS_MORE(struct capture_opts, sel),
	{ "count", 'c', PF_OPT_UINT, offsetof(struct capture_opts, count), .min = 1,
	  .max = 0xffffffffu, .metavar = "COUNT",
	  .help = "stop after COUNT frames (a forward is written twice: as it arrived, as it "
		  "left)" },
	{ "write", 'w', PF_OPT_STRING, offsetof(struct capture_opts, write), .required = true,
	  .metavar = "FILE|-", .help = "the pcapng file to write; - for standard output" },
	{ NULL },
};

const struct pf_cmd_opts pf_capture_opts = { capture_opts, "", 0, 0 };

/* Interface ids of the pcapng file, by ifindex (described on first use). */
struct if_ids {
	struct pf_pcapng w;
	unsigned int snaplen;
	__u32 *ifindex; /* ifindex[id]: the port the file's interface `id` is */
	size_t n;
};

struct capture_run {
	struct if_ids ifs;
	unsigned int count, written;
	__s64 mono_to_real; /* ns to add to a record's monotonic time */
	int err;            /* a write failed: -errno */
};

static int if_id(struct if_ids *m, __u32 ifindex)
{
	char name[IF_NAMESIZE + 16];
	__u32 *grown;
	size_t i;
	int id;

	for (i = 0; i < m->n; i++)
		if (m->ifindex[i] == ifindex)
			return (int)i;
	grown = realloc(m->ifindex, (m->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	m->ifindex = grown;
	if (!if_indextoname(ifindex, name))
		snprintf(name, sizeof(name), "ifindex %u", ifindex);
	id = pf_pcapng_interface(&m->w, name, m->snaplen);
	if (id >= 0)
		m->ifindex[m->n++] = ifindex; /* ids are given in order: id == n */
	return id;
}

static int write_sample(void *arg, const struct pf_sample *s)
{
	struct capture_run *cr = arg;
	const struct pf_capture_rec *r = s->out, *first = s->in ? s->in : s->out;
	char c[PF_NOTES_MAX][PF_NOTE_LEN], left[PF_NOTE_LEN], a[IF_NAMESIZE], b[IF_NAMESIZE];
	const char *cv[PF_NOTES_MAX], *lv[1] = { left };
	size_t n = pf_capture_notes(s, c), i;
	int id, err;

	for (i = 0; i < n; i++)
		cv[i] = c[i];
	/* As it arrived: the IN image of a forward, else the frame (never changed). */
	id = if_id(&cr->ifs, r->ingress);
	err = id < 0 ? id : 0;
	if (!err && (s->in || r->action != XDP_REDIRECT))
		err = pf_pcapng_packet(&cr->ifs.w, (unsigned int)id,
				       (__u64)((__s64)first->ns + cr->mono_to_real),
				       s->in ? s->in_bytes : s->out_bytes, first->cap_len,
				       first->frame_len, PF_PCAPNG_DIR_IN, cv, n);
	if (!err && r->action == XDP_REDIRECT) {
		snprintf(left, sizeof(left), "packetframe: as it left %s, forwarded from %s",
			 pf_capture_ifname(r->egress, a), pf_capture_ifname(r->ingress, b));
		id = if_id(&cr->ifs, r->egress);
		err = id < 0 ? id
			     : pf_pcapng_packet(&cr->ifs.w, (unsigned int)id,
						(__u64)((__s64)r->ns + cr->mono_to_real),
						s->out_bytes, r->cap_len, r->frame_len,
						PF_PCAPNG_DIR_OUT, s->in ? lv : cv, s->in ? 1 : n);
	}
	if (err) {
		cr->err = err;
		return 1;
	}
	cr->written++;
	return cr->count && cr->written >= cr->count ? 1 : 0;
}

/*
 * The -w output, opened before the sampler is taken (a bad path changes
 * nothing) but not yet truncated. *created: this run made the file.
 */
static FILE *open_output(const struct pf_ctx *ctx, const char *path, bool *created)
{
	FILE *f;
	int fd;

	*created = false;
	if (!strcmp(path, "-"))
		return stdout;
	/* Made here only if O_EXCL says so: a refused run removes only its own file. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	*created = fd >= 0;
	if (fd < 0 && errno == EEXIST)
		fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || !(f = fdopen(fd, "wb"))) {
		if (errno != EINTR)
			pf_err(ctx, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	return f;
}

static __s64 mono_to_real(void)
{
	struct timespec m, r;

	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_REALTIME, &r);
	return ((__s64)r.tv_sec - m.tv_sec) * 1000000000LL + (r.tv_nsec - m.tv_nsec);
}

int pf_cmd_capture(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct capture_opts o = { .sel = PF_CAPTURE_OPTS_DEFAULT };
	struct capture_run *cr = NULL;
	struct pf_capture_cfg cfg;
	struct pf_sampler smp;
	struct pf_session s;
	struct pf_args a;
	__u64 pool, lost;
	bool created = false;
	FILE *f = NULL;
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	rc = pf_capture_cfg_from(ctx, &o.sel, &cfg);
	if (rc)
		return rc;
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	cr = calloc(1, sizeof(*cr));
	rc = PF_EXIT_RUNTIME;
	if (!cr)
		goto out;
	cr->count = o.count;
	cr->ifs.snaplen = cfg.snaplen;
	cr->mono_to_real = mono_to_real();
	rc = pf_capture_check_port(ctx, &s.paths, &o.sel);
	if (rc)
		goto out;
	/* A signal from here on ends the run cleanly, even one waiting for a FIFO's reader. */
	pf_capture_signals(false);
	f = open_output(ctx, o.write, &created);
	if (!f) {
		rc = pf_capture_stopping() ? PF_EXIT_OK : PF_EXIT_USAGE;
		goto out;
	}
	rc = pf_capture_stopping()
		     ? PF_EXIT_OK
		     : pf_sampler_start(&smp, ctx, &s.paths, "capture", &cfg, write_sample, cr);
	if (rc || pf_capture_stopping()) {
		if (!rc)
			pf_sampler_stop(&smp);
		if (created)
			unlink(o.write); /* refused: leave nothing behind */
		goto out;
	}
	pf_capture_signals(true); /* now a write is never cut short */
	/* Truncated (as tcpdump -w does) only once the sampler is ours. */
	if (f != stdout && ftruncate(fileno(f), 0) && errno != EINVAL)
		cr->err = -errno; /* (EINVAL: a FIFO or a device) */
	if (!cr->err)
		cr->err = pf_pcapng_start(&cr->ifs.w, f, "packetframe capture");
	while (!cr->err && !pf_capture_stopping()) {
		rc = pf_sampler_poll(&smp, 200);
		if (rc < 0)
			break; /* (said) */
		if (fflush(f))
			cr->err = -errno;
		if (rc > 0)
			break;
	}
	pf_sampler_totals(&smp, &pool, &lost);
	pf_sampler_stop(&smp);
	if (fflush(f) && !cr->err)
		cr->err = -errno;
	if (cr->err == -EPIPE) {
		rc = PF_EXIT_OK; /* the reader went away: as tcpdump, not an error */
	} else if (cr->err) {
		pf_err(ctx, "cannot write %s: %s (%u frames were taken before)", o.write,
		       strerror(-cr->err), cr->written);
		rc = PF_EXIT_RUNTIME;
		goto out;
	} else {
		rc = rc < 0 ? PF_EXIT_RUNTIME : PF_EXIT_OK;
	}
	pf_info(ctx,
		"capture: %u frames written; the sampler drew 1 in %u of %llu frames, %llu "
		"records lost%s",
		cr->written, cfg.rate, (unsigned long long)pool, (unsigned long long)lost,
		lost ? " (the perf buffer was full: sample less, or filter)" : "");
out:
	if (f && f != stdout)
		fclose(f);
	if (cr)
		free(cr->ifs.ifindex);
	free(cr);
	pf_session_close(&s, rc);
	return rc;
}
