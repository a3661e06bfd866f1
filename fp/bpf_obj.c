// SPDX-License-Identifier: GPL-2.0-or-later
/* Access to the BPF object embedded by embed.S and its build id. */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/btf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "bpf_obj.h"
#include "log.h"
#include "manifest.h"
#include "watch.h"
#include "pf_build_id.h"

extern const char pf_bpf_obj_start[];
extern const char pf_bpf_obj_end[];
extern const char pf_probe_obj_start[];
extern const char pf_probe_obj_end[];

const void *pf_obj_bytes(size_t *len)
{
	*len = (size_t)(pf_bpf_obj_end - pf_bpf_obj_start);
	return pf_bpf_obj_start;
}

const char *pf_obj_build_id(void)
{
	return PF_BUILD_ID;
}

static struct bpf_object *open_bytes(const struct pf_ctx *ctx, const char *name,
				     const void *bytes, size_t len, const char *btf_path)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = name, .btf_custom_path = btf_path);
	struct bpf_object *obj = bpf_object__open_mem(bytes, len, &opts);

	if (!obj)
		pf_err(ctx, "cannot open the embedded BPF object %s (%zu bytes): %s", name, len,
		       strerror(errno));
	return obj;
}

/*
 * A kernel without BTF (most OpenWrt builds): the redirect watch's CO-RE
 * relocations make libbpf ask for the kernel's BTF at load even with those
 * programs left out, and refuse the whole object without it. A target BTF of
 * our own (empty: only the left-out programs have relocations to resolve)
 * answers instead. A memfd, so nothing is written anywhere; libbpf reads it
 * at load, so it stays open for the process's life. -1 on failure.
 */
static int empty_btf_fd(void)
{
	static int fd = -1;
	struct btf *btf;
	const void *raw;
	__u32 size;

	if (fd >= 0)
		return fd;
	btf = btf__new_empty();
	raw = btf && btf__add_int(btf, "int", 4, BTF_INT_SIGNED) > 0 ? btf__raw_data(btf, &size)
								 : NULL;
	if (raw) {
		fd = memfd_create("packetframe-btf", MFD_CLOEXEC);
		if (fd >= 0 && write(fd, raw, size) != (ssize_t)size) {
			close(fd);
			fd = -1;
		}
	}
	btf__free(btf);
	return fd;
}

/*
 * One perf buffer per possible CPU. libbpf would size it at load; sized
 * here, before a pinned one is compared with what this build declares.
 */
static void size_capture_events(struct bpf_object *obj)
{
	struct bpf_map *m = pf_obj_map(obj, PF_MAP_CAPTURE_EVENTS);
	int n = libbpf_num_possible_cpus();

	if (m && n > 0)
		bpf_map__set_max_entries(m, (__u32)n);
}

struct bpf_object *pf_obj_open(const struct pf_ctx *ctx)
{
	char why[128], path[64] = "";
	size_t len;
	const void *bytes = pf_obj_bytes(&len);
	struct bpf_object *obj;
	int fd = -1;

	if (!pf_watch_loadable(why, sizeof(why))) {
		fd = empty_btf_fd();
		if (fd >= 0)
			snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	obj = open_bytes(ctx, "packetframe", bytes, len, path[0] ? path : NULL);
	if (obj) {
		pf_watch_select(obj);
		size_capture_events(obj);
	}
	return obj;
}

#define NAME_STR(name) #name,
const char *const pf_probe_map_names[PF_PROBE_MAP_COUNT] = { PF_PROBE_MAPS(NAME_STR) };
const char *const pf_probe_prog_names[PF_PROBE_PROG_COUNT] = { PF_PROBE_PROGS(NAME_STR) };
#undef NAME_STR

int pf_probe_map_fd(struct bpf_object *obj, enum pf_probe_map_id id)
{
	return bpf_map__fd(bpf_object__find_map_by_name(obj, pf_probe_map_names[id]));
}

int pf_probe_prog_fd(struct bpf_object *obj, enum pf_probe_prog_id id)
{
	return bpf_program__fd(bpf_object__find_program_by_name(obj, pf_probe_prog_names[id]));
}

struct bpf_object *pf_probe_obj_open(const struct pf_ctx *ctx)
{
	return open_bytes(ctx, "probe", pf_probe_obj_start,
			  (size_t)(pf_probe_obj_end - pf_probe_obj_start), NULL);
}
