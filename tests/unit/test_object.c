// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The embedded object, opened but not loaded (no root needed): its programs
 * and maps are exactly the shared lists, the counter block matches the
 * counter list, it has the target's endianness and no bpf-to-bpf calls.
 */
#include <string.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include "bpf/counters.h"
#include "fp/bpf_obj.h"
#include "fp/manifest.h"
#include "harness.h"

static const struct pf_ctx quiet = { .log_level = PF_LOG_ERROR };

static int index_of(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return (int)i;
	return -1;
}

static bool in_list(const char *name, const char *const *list, size_t n)
{
	return index_of(name, list, n) >= 0;
}

PF_TEST(object_opens)
{
	struct bpf_object *obj = pf_obj_open(&quiet);

	T_ASSERT(obj, "embedded object does not open");
	bpf_object__close(obj);
}

PF_TEST(object_endianness_matches_target)
{
	size_t len;
	const unsigned char *b = pf_obj_bytes(&len);
	unsigned char want = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? 1 : 2;

	T_ASSERT(len > 16 && !memcmp(b, "\177ELF", 4), "embedded bytes are not an ELF object");
	T_EQ_U64(b[5], want, "EI_DATA");
}

PF_TEST(object_programs_are_the_shared_list)
{
	struct bpf_object *obj = pf_obj_open(&quiet);
	struct bpf_program *p;
	size_t n = 0;
	int id;

	T_ASSERT(obj, "open");
	bpf_object__for_each_program(p, obj) {
		id = index_of(bpf_program__name(p), pf_prog_names, PF_PROG_COUNT);
		T_CHECK(id >= 0, "program %s is not in PF_PROGS", bpf_program__name(p));
		/* CORE programs are XDP; WATCH ones tp_btf, named for their tracepoint. */
		T_CHECK(id >= 0 &&
				bpf_program__type(p) == (pf_prog_watch[id] ? BPF_PROG_TYPE_TRACING
									   : BPF_PROG_TYPE_XDP),
			"%s has the wrong program type", bpf_program__name(p));
		T_CHECK(id < 0 || !pf_prog_watch[id] ||
				(!strncmp(bpf_program__name(p), "watch_", 6) &&
				 !strcmp(bpf_program__section_name(p) + strlen("tp_btf/"),
					 bpf_program__name(p) + 6)),
			"%s is not named watch_<its tracepoint> (%s)", bpf_program__name(p),
			bpf_program__section_name(p));
		n++;
	}
	T_EQ_U64(n, PF_PROG_COUNT, "program count");
	bpf_object__close(obj);
}

PF_TEST(object_maps_are_the_shared_list)
{
	struct bpf_object *obj = pf_obj_open(&quiet);
	struct bpf_map *m;
	size_t n = 0;

	T_ASSERT(obj, "open");
	bpf_object__for_each_map(m, obj) {
		T_CHECK(pf_map_id_by_name(bpf_map__name(m)) >= 0,
			"map %s is not in PF_MAPS (a .data/.bss/.rodata map means global "
			"variables crept in)", bpf_map__name(m));
		n++;
	}
	T_EQ_U64(n, PF_MAP_COUNT, "map count");
	bpf_object__close(obj);
}

/* The manifest's attributes agree with what the object declares. */
PF_TEST(object_manifest_attributes_fit_the_maps)
{
	struct bpf_object *obj = pf_obj_open(&quiet);
	int i;

	T_ASSERT(obj, "open");
	for (i = 0; i < PF_MAP_COUNT; i++) {
		struct bpf_map *m = pf_obj_map(obj, i);
		enum bpf_map_type type;

		T_CHECK(m, "%s: in the manifest, not in the object", pf_maps[i].name);
		if (!m)
			continue;
		type = bpf_map__type(m);
		/* Per-CPU scratch can be private; shared state cannot. */
		T_CHECK((pf_maps[i].scope == PF_SCOPE_SCRATCH) == (type == BPF_MAP_TYPE_PERCPU_ARRAY &&
								  i != PF_MAP_STATS),
			"%s: scope SCRATCH iff a per-CPU array other than the counters",
			pf_maps[i].name);
		T_CHECK((pf_maps[i].scope == PF_SCOPE_PROGS) == (type == BPF_MAP_TYPE_PROG_ARRAY),
			"%s: scope PROGS iff a PROG_ARRAY", pf_maps[i].name);
		/* status counts entries by walking keys: arrays have no fill to show. */
		T_CHECK(!pf_maps[i].shown || (type != BPF_MAP_TYPE_ARRAY &&
					      type != BPF_MAP_TYPE_PERCPU_ARRAY),
			"%s: shown in status but an array", pf_maps[i].name);
		T_CHECK(pf_maps[i].shown == (strcmp(pf_maps[i].summary, "none") != 0) ||
				pf_maps[i].scope != PF_SCOPE_SYNCED || i == PF_MAP_CFG,
			"%s: a synced map is shown and summed, or neither", pf_maps[i].name);
	}
	bpf_object__close(obj);
}

PF_TEST(object_counter_block_matches_counter_list)
{
	struct bpf_object *obj = pf_obj_open(&quiet);
	struct bpf_map *stats;

	T_ASSERT(obj, "open");
	stats = pf_obj_map(obj, PF_MAP_STATS);
	T_ASSERT(stats, "no counters map");
	T_EQ_U64(bpf_map__value_size(stats), sizeof(struct pf_stats), "counter block value size");
	T_CHECK(sizeof(struct pf_stats) >= sizeof(__u64) * PF_COUNTER_MAX,
		"counter block holds %d counters", PF_COUNTER_MAX);
	T_EQ_U64(bpf_map__type(stats), BPF_MAP_TYPE_PERCPU_ARRAY, "counter block type");
	bpf_object__close(obj);
}

/* The probe object has exactly the program and maps userspace looks up. */
PF_TEST(probe_object_is_the_shared_list)
{
	struct bpf_object *obj = pf_probe_obj_open(&quiet);
	struct bpf_program *p;
	struct bpf_map *m;
	size_t n_progs = 0, n_maps = 0;

	T_ASSERT(obj, "probe object does not open");
	bpf_object__for_each_program(p, obj) {
		T_CHECK(in_list(bpf_program__name(p), pf_probe_prog_names, PF_PROBE_PROG_COUNT),
			"program %s is not in PF_PROBE_PROGS", bpf_program__name(p));
		n_progs++;
	}
	bpf_object__for_each_map(m, obj) {
		T_CHECK(in_list(bpf_map__name(m), pf_probe_map_names, PF_PROBE_MAP_COUNT),
			"map %s is not in PF_PROBE_MAPS", bpf_map__name(m));
		n_maps++;
	}
	T_EQ_U64(n_progs, PF_PROBE_PROG_COUNT, "probe program count");
	T_EQ_U64(n_maps, PF_PROBE_MAP_COUNT, "probe map count");
	bpf_object__close(obj);
}

/* A bpf-to-bpf call is BPF_JMP|BPF_CALL with src_reg BPF_PSEUDO_CALL. */
PF_TEST(object_has_no_subprogram_calls)
{
	struct bpf_object *obj = pf_obj_open(&quiet);
	struct bpf_program *p;

	T_ASSERT(obj, "open");
	bpf_object__for_each_program(p, obj) {
		const struct bpf_insn *insn = bpf_program__insns(p);
		size_t i, cnt = bpf_program__insn_cnt(p);

		for (i = 0; i < cnt; i++)
			T_CHECK(!(insn[i].code == (BPF_JMP | BPF_CALL) &&
				  insn[i].src_reg == BPF_PSEUDO_CALL),
				"%s: insn %zu is a bpf-to-bpf call", bpf_program__name(p), i);
	}
	bpf_object__close(obj);
}
