// SPDX-License-Identifier: GPL-2.0-or-later
/* Pinned tracepoint links of the redirect watch. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "log.h"
#include "watch.h"

#define VMLINUX_BTF "/sys/kernel/btf/vmlinux"

bool pf_watch_loadable(char *why, size_t len)
{
	if (!access(VMLINUX_BTF, R_OK))
		return true;
	snprintf(why, len, "this kernel has no BTF (%s): redirect failures are not counted",
		 VMLINUX_BTF);
	return false;
}

/* The tracepoint a WATCH program is for: its name is "watch_<tracepoint>" (bpf/objects.h). */
static const char *tracepoint(int id)
{
	return pf_prog_names[id] + strlen("watch_");
}

/*
 * The WATCH programs whose tracepoint this kernel has (a tracepoint a tp_btf
 * program can attach to has a btf_trace_<tracepoint> type); kernels differ:
 * xdp_redirect_map_err went away in 6.x (xdp_redirect_err took over).
 * -ENOENT when the kernel's BTF cannot be read.
 */
static int present(bool has[PF_PROG_COUNT])
{
	struct btf *vmlinux = btf__load_vmlinux_btf();
	char type[64];
	int i;

	for (i = 0; i < PF_PROG_COUNT; i++) {
		snprintf(type, sizeof(type), "btf_trace_%s", tracepoint(i));
		has[i] = pf_prog_watch[i] && vmlinux &&
			 btf__find_by_name_kind(vmlinux, type, BTF_KIND_TYPEDEF) > 0;
	}
	btf__free(vmlinux);
	return vmlinux ? 0 : -ENOENT;
}

void pf_watch_select(struct bpf_object *obj)
{
	bool has[PF_PROG_COUNT];
	int i;

	present(has);
	for (i = 0; i < PF_PROG_COUNT; i++)
		if (pf_prog_watch[i] && !has[i] && pf_obj_prog(obj, i))
			bpf_program__set_autoload(pf_obj_prog(obj, i), false);
}

bool pf_watch_complete(const struct pf_inst *in)
{
	bool has[PF_PROG_COUNT];
	int i;

	present(has);
	for (i = 0; i < PF_PROG_COUNT; i++)
		if (has[i] && in->prog_fd[i] < 0)
			return false;
	return true;
}

/*
 * The program the link pinned at watch/<prog name> runs, 0 when none, or
 * when the link is not on that program's own tracepoint (a pin moved by hand).
 */
static __u32 linked_prog(const struct pf_paths *p, int id)
{
	struct bpf_link_info info;
	__u32 len = sizeof(info);
	char path[PATH_MAX], tp[64] = "";
	int fd;

	pf_path_join(path, p->watch, pf_prog_names[id]);
	fd = bpf_obj_get(path);
	if (fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	info.raw_tracepoint.tp_name = (__u64)(unsigned long)tp;
	info.raw_tracepoint.tp_name_len = sizeof(tp);
	if (bpf_link_get_info_by_fd(fd, &info, &len) || strcmp(tp, tracepoint(id)))
		info.prog_id = 0;
	close(fd);
	return info.prog_id;
}

int pf_watch_ensure(const struct pf_ctx *ctx, const struct pf_paths *p, const struct pf_inst *in)
{
	int i, fd, rc, err = 0;

	if (pf_mkdirs(p->watch, 0700)) {
		err = -errno;
		pf_warn(ctx, "redirect failures will not be counted: cannot create %s: %s",
			p->watch, strerror(errno));
		return err;
	}
	for (i = 0; i < PF_PROG_COUNT; i++) {
		if (!pf_prog_watch[i] || in->prog_fd[i] < 0 || linked_prog(p, i) == in->prog_id[i])
			continue;
		/* tp_btf: the tracepoint is the one the program was loaded for. */
		fd = bpf_raw_tracepoint_open(NULL, in->prog_fd[i]);
		rc = fd < 0 ? -errno : pf_pin_replace(fd, p->watch, pf_prog_names[i]);
		if (!rc && linked_prog(p, i) != in->prog_id[i])
			rc = -EINVAL; /* the pinned program is not this slot's */
		if (rc) {
			err = rc;
			pf_warn(ctx, "redirect failures will not be counted: cannot attach %s: %s",
				pf_prog_names[i], strerror(-rc));
		}
		if (fd >= 0)
			close(fd); /* the pin holds it */
	}
	return err;
}

bool pf_watch_runs(const struct pf_paths *p, const struct pf_inst *in, char *why, size_t len)
{
	bool has[PF_PROG_COUNT];
	int i, n = 0;

	if (!pf_watch_loadable(why, len))
		return false;
	if (present(has)) {
		snprintf(why, len,
			 "cannot read the kernel's BTF (%s): redirect failures are not "
			 "counted",
			 VMLINUX_BTF);
		return false;
	}
	for (i = 0; i < PF_PROG_COUNT; i++) {
		if (!has[i])
			continue;
		n++;
		if (in->prog_fd[i] < 0) {
			snprintf(why, len,
				 "program %s is not pinned: redirect failures are "
				 "not counted (run `packetframe attach`)",
				 pf_prog_names[i]);
			return false;
		}
		if (linked_prog(p, i) != in->prog_id[i]) {
			snprintf(why, len,
				 "%s/%s is missing, stale or not on %s: redirect failures "
				 "are not counted (run `packetframe attach`)",
				 p->watch, pf_prog_names[i], tracepoint(i));
			return false;
		}
	}
	if (!n) {
		snprintf(why, len,
			 "this kernel has none of the XDP redirect tracepoints: "
			 "redirect failures are not counted");
		return false;
	}
	why[0] = 0;
	return true;
}

bool pf_watch_leftovers(const struct pf_paths *p)
{
	int i;

	for (i = 0; i < PF_PROG_COUNT; i++) {
		char path[PATH_MAX];

		pf_path_join(path, p->watch, pf_prog_names[i]);
		if (pf_prog_watch[i] && !access(path, F_OK))
			return true;
	}
	return false;
}
