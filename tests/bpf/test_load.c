// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The object through this kernel's verifier (root): both programs load, the
 * tail-call slot holds finalize, and a frame run through fast_path reaches
 * finalize and is counted. Prints per-program verifier statistics.
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

/* An Ethernet + IPv4 + UDP frame (contents irrelevant to the skeleton). */
static const unsigned char frame[60] = {
	0x02, 0, 0, 0, 0, 0x01, 0x02, 0, 0, 0, 0, 0x02, 0x08, 0x00, /* eth */
	0x45, 0, 0, 46, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
	0x30, 0x39, 0, 9, 0, 26, 0, 0,
};

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

PF_TEST(test_run_counts_and_tail_calls)
{
	struct bpf_object *obj;
	struct t_run r;
	__u32 key = PF_SLOT_FINALIZE;
	int err;

	if (pf_t_need_root(t))
		return;
	obj = pf_obj_load(&quiet);
	T_ASSERT(obj, "load");

	err = t_run_frame(obj, "fast_path", frame, sizeof(frame), 0, &r);
	T_ASSERT(!err, "test_run: %s", strerror(-err));
	T_EQ_U64(r.retval, XDP_PASS, "verdict");
	T_EQ_U64(r.delta[PF_C_rx_total], 1, "rx_total delta");
	T_EQ_U64(r.delta[PF_C_err_tail_call], 0, "err_tail_call with finalize in place");
	T_CHECK(r.out_len == sizeof(frame) && !memcmp(r.out, frame, sizeof(frame)),
		"passed frame is not byte-identical");

	/* Empty the slot: the tail call now falls through and is counted. */
	T_ASSERT(!bpf_map_delete_elem(t_map_fd(obj, "MUTATION_PROGS"), &key), "delete slot");
	err = t_run_frame(obj, "fast_path", frame, sizeof(frame), 0, &r);
	T_ASSERT(!err, "test_run: %s", strerror(-err));
	T_EQ_U64(r.retval, XDP_PASS, "verdict without finalize");
	T_EQ_U64(r.delta[PF_C_rx_total], 1, "rx_total delta");
	T_EQ_U64(r.delta[PF_C_err_tail_call], 1, "err_tail_call with empty slot");
	bpf_object__close(obj);
}
