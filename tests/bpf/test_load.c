// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The object through this kernel's verifier (root): both programs load, the
 * tail-call slot holds finalize. Prints per-program verifier statistics.
 * (Frames through the programs: test_fixtures.c.)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include "bpf/objects.h"
#include "fp/bpf_obj.h"
#include "fp/loader.h"
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
	static char logs[2][1 << 16];
	struct bpf_object *obj;
	struct bpf_program *p;
	int i = 0, err;

	if (pf_t_need_root(t))
		return;
	obj = pf_obj_open(&quiet);
	T_ASSERT(obj, "open");
	bpf_object__for_each_program(p, obj) {
		/* Level 1 with stats: the log ends in "processed N insns" and "stack depth". */
		bpf_program__set_log_buf(p, logs[i], sizeof(logs[i]));
		bpf_program__set_log_level(p, 1 | 4);
		i++;
	}
	err = bpf_object__load(obj);
	T_CHECK(!err, "bpf_object__load: %s", strerror(-err));
	i = 0;
	bpf_object__for_each_program(p, obj) {
		T_CHECK(bpf_program__fd(p) >= 0, "%s has no fd", bpf_program__name(p));
		printf("INFO %-10s %4zu insns, verifier processed %ld, stack depth %ld\n",
		       bpf_program__name(p), bpf_program__insn_cnt(p),
		       parse_after(logs[i], "processed "), parse_after(logs[i], "stack depth "));
		i++;
	}
	bpf_object__close(obj);
}

PF_TEST(prog_array_slot_holds_finalize)
{
	struct bpf_object *obj;
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info), key = PF_SLOT_FINALIZE, id = 0;

	if (pf_t_need_root(t))
		return;
	obj = pf_obj_load(&quiet);
	T_ASSERT(obj, "load");
	/* A userspace lookup in a PROG_ARRAY yields the program id. */
	T_CHECK(!bpf_map_lookup_elem(t_map_fd(obj, "MUTATION_PROGS"), &key, &id),
		"slot %u empty: %s", key, strerror(errno));
	T_CHECK(!bpf_prog_get_info_by_fd(t_prog_fd(obj, "finalize"), &info, &len), "prog info");
	T_EQ_U64(id, info.id, "slot 0 program id vs finalize id");
	bpf_object__close(obj);
}

