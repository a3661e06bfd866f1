// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The object through this kernel's verifier (root): every program loads (the
 * watch ones this kernel has tracepoints for), the tail-call slot holds
 * finalize. Prints per-program verifier statistics.
 * (Frames through the programs: test_fixtures.c.)
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include "bpf/objects.h"
#include "fp/bpf_obj.h"
#include "fp/loader.h"
#include "fp/manifest.h"
#include "bpfrun.h"
#include "harness.h"

static const struct pf_ctx quiet = { .log_level = PF_LOG_ERROR };

static long parse_after(const char *log, const char *key)
{
	const char *p = strstr(log, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

PF_TEST(verifier_loads_both_programs)
{
	static char logs[PF_PROG_COUNT][1 << 16];
	struct bpf_object *obj;
	struct bpf_program *p;
	int i = 0, err;

	if (pf_t_need_root(t))
		return;
	obj = pf_obj_open(&quiet);
	T_ASSERT(obj, "open");
	bpf_object__for_each_program(p, obj) {
		T_ASSERT(i < PF_PROG_COUNT, "more programs than PF_PROGS");
		/* Statistics only: "processed N insns ..." and "stack depth N". */
		bpf_program__set_log_buf(p, logs[i], sizeof(logs[i]));
		bpf_program__set_log_level(p, 4);
		i++;
	}
	err = bpf_object__load(obj);
	T_CHECK(!err, "bpf_object__load: %s", strerror(-err));
	i = 0;
	bpf_object__for_each_program(p, obj) {
		/* A watch program whose tracepoint this kernel lacks is not loaded. */
		T_CHECK(bpf_program__fd(p) >= 0 || !bpf_program__autoload(p), "%s has no fd",
			bpf_program__name(p));
		printf("INFO %-10s %4zu insns, verifier processed %ld, stack depth %ld\n",
		       bpf_program__name(p), bpf_program__insn_cnt(p),
		       parse_after(logs[i], "processed "), parse_after(logs[i], "stack depth "));
		i++;
	}
	bpf_object__close(obj);
}

PF_TEST(prog_array_slots_hold_their_programs)
{
	struct bpf_object *obj;
	int i;

	if (pf_t_need_root(t))
		return;
	obj = pf_obj_load(&quiet);
	T_ASSERT(obj, "load");
	for (i = 0; i < PF_PROG_COUNT; i++) {
		struct bpf_prog_info info = {};
		__u32 len = sizeof(info), key = (__u32)pf_prog_slot[i], id = 0;

		if (pf_prog_slot[i] < 0)
			continue;
		/* A userspace lookup in a PROG_ARRAY yields the program id. */
		T_CHECK(!bpf_map_lookup_elem(pf_obj_map_fd(obj, PF_MAP_MUTATION_PROGS), &key, &id),
			"slot %u empty: %s", key, strerror(errno));
		T_CHECK(!bpf_prog_get_info_by_fd(pf_obj_prog_fd(obj, i), &info, &len), "%s info",
			pf_prog_names[i]);
		T_EQ_U64(id, info.id, "slot's program id vs the program's");
	}
	bpf_object__close(obj);
}

/*
 * Kernels whose JIT cannot mix tail calls and subprograms (and the
 * interpreter) are what the no-subprogram rule is for: load and run with the
 * JIT off. net.core.bpf_jit_enable exists only in the initial network
 * namespace, so it is opened before any test moves into the test world's
 * namespace; it is restored whatever happens.
 */
static int jit_fd = -1;

__attribute__((constructor)) static void open_jit_sysctl(void)
{
	jit_fd = open("/proc/sys/net/core/bpf_jit_enable", O_RDWR | O_CLOEXEC);
}

static int jit_set(const char *v)
{
	return pwrite(jit_fd, v, strlen(v), 0) == (ssize_t)strlen(v) ? 0 : -1;
}

PF_TEST(verifier_loads_with_jit_disabled)
{
	static const unsigned char frame[60] = { 0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x06 };
	struct bpf_object *obj;
	struct t_run r;
	char old[8] = "";
	ssize_t n;
	int err;

	if (pf_t_need_root(t))
		return;
	n = jit_fd < 0 ? -1 : pread(jit_fd, old, sizeof(old) - 1, 0);
	if (n <= 0) {
		pf_t_skip(t, "net.core.bpf_jit_enable not readable");
		return;
	}
	old[n] = 0;
	if (jit_set("0")) {
		pf_t_skip(t, "this kernel refuses bpf_jit_enable=0 (CONFIG_BPF_JIT_ALWAYS_ON=y); "
			  "the JIT-off load runs in the qemu kernel matrix");
		return;
	}
	obj = pf_obj_load(&quiet);
	err = obj ? t_run_frame(obj, frame, sizeof(frame), 0, &r) : -1;
	T_CHECK(!jit_set(old), "could not restore net.core.bpf_jit_enable to %s", old);
	T_ASSERT(obj, "the object does not load with the JIT off");
	T_CHECK(!err, "test_run under the interpreter failed");
	T_EQ_U64(r.retval, XDP_PASS, "verdict");
	T_EQ_U64(r.delta[PF_C_rx_total], 1, "rx_total");
	bpf_object__close(obj);
}
