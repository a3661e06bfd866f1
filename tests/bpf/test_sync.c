// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The map sync engine on the test world's live maps: a plan over capacity is
 * refused before any write; a kernel error injected at every write position
 * restores every map and bumps the cache generation; and what the fast path
 * answers afterwards is what the maps hold (no removed prefix forwarded from
 * a per-CPU cache).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "fixture.h"
#include "fp/instance.h"
#include "fp/state.h"
#include "fp/sync.h"
#include "fp/want.h"

/* The world's object as an instance: sync writes to its maps as to pinned ones. */
static void world_inst(struct t_world *w, struct pf_inst *in)
{
	int i;

	pf_inst_init(in);
	for (i = 0; i < PF_MAP_COUNT; i++)
		in->map_fd[i] = pf_obj_map_fd(w->obj, i);
}

static __u32 cfg_gen(struct t_world *w)
{
	struct pf_cfg c = { 0 };
	__u32 zero = 0;

	bpf_map_lookup_elem(pf_obj_map_fd(w->obj, PF_MAP_CFG), &zero, &c);
	return c.gen;
}

/* The maps a test may change, as they are now. */
struct snap {
	struct pf_kv_set s[PF_MAP_COUNT];
};

static const enum pf_map_id watched[] = { PF_MAP_ALLOW_V4, PF_MAP_ALLOW_V6, PF_MAP_BLOCK_V4,
					  PF_MAP_BLOCK_V6 };
#define N_WATCHED (sizeof(watched) / sizeof(watched[0]))

static void take(struct t_world *w, struct snap *sn)
{
	size_t i;

	for (i = 0; i < N_WATCHED; i++) {
		enum pf_map_id id = watched[i];
		bool v4 = id == PF_MAP_ALLOW_V4 || id == PF_MAP_BLOCK_V4;

		pf_kv_init(&sn->s[id], v4 ? sizeof(struct pf_lpm4) : sizeof(struct pf_lpm6), 1);
		pf_kv_read_map(pf_obj_map_fd(w->obj, id), &sn->s[id]);
	}
}

/* Same records as the snapshot (sorted compare through an empty delta). */
static bool same(struct t_world *w, const struct snap *sn, enum pf_map_id *bad)
{
	size_t i;

	for (i = 0; i < N_WATCHED; i++) {
		enum pf_map_id id = watched[i];
		struct pf_kv_set now, up, del;
		struct pf_delta d;

		pf_kv_init(&now, sn->s[id].ksz, 1);
		pf_kv_read_map(pf_obj_map_fd(w->obj, id), &now);
		pf_delta_plan(&now, &sn->s[id], &up, &del, &d);
		pf_kv_free(&now);
		pf_kv_free(&up);
		pf_kv_free(&del);
		if (d.added || d.changed || d.removed) {
			*bad = id;
			return false;
		}
	}
	return true;
}

static void drop(struct snap *sn)
{
	size_t i;

	for (i = 0; i < N_WATCHED; i++)
		pf_kv_free(&sn->s[watched[i]]);
}

static int parse_all(const char *const *txt, size_t n, struct pf_prefix *out)
{
	char msg[128];
	size_t i;

	for (i = 0; i < n; i++)
		if (pf_prefix_parse(txt[i], &out[i], msg, sizeof(msg)))
			return -1;
	return 0;
}

/* A sync of the allowlist to `allow` and the blocklist to `block`. */
static int plan_lists(struct pf_sync *s, const struct pf_prefix *allow, size_t n_allow,
		      const struct pf_prefix *block, size_t n_block, char *err, size_t len)
{
	struct pf_config c;
	struct pf_prefix_cfg b[4];
	size_t i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < n_block; i++)
		b[i].p = block[i];
	c.block = b;
	c.n_block = n_block;
	if (pf_want_allow(s, &c, allow, n_allow))
		return -1;
	pf_sync_want(s, PF_MAP_BLOCK_V4, sizeof(struct pf_lpm4), 1);
	pf_sync_want(s, PF_MAP_BLOCK_V6, sizeof(struct pf_lpm6), 1);
	for (i = 0; i < n_block; i++) {
		__u8 key[sizeof(struct pf_lpm6)], one = 1;

		pf_prefix_lpm_key(&block[i], key);
		pf_kv_add(&s->want[block[i].family == 4 ? PF_MAP_BLOCK_V4 : PF_MAP_BLOCK_V6], key,
			  &one);
	}
	return pf_sync_plan(s, err, len);
}

PF_TEST(sync_over_capacity_refused_before_any_write)
{
	struct pf_inst in;
	struct pf_sync s;
	struct pf_prefix *many;
	struct bpf_map_info info = {};
	__u32 len = sizeof(info), gen, i;
	enum pf_map_id bad;
	struct snap sn;
	char err[512];
	int rc;
	T_NEED_WORLD(w);

	world_inst(w, &in);
	T_ASSERT(!bpf_map_get_info_by_fd(in.map_fd[PF_MAP_ALLOW_V4], &info, &len), "info");
	many = calloc(info.max_entries + 1, sizeof(*many));
	T_ASSERT(many, "memory");
	for (i = 0; i <= info.max_entries; i++) {
		many[i].family = 4;
		many[i].len = 32;
		many[i].addr[0] = 11;
		many[i].addr[1] = (__u8)(i >> 16);
		many[i].addr[2] = (__u8)(i >> 8);
		many[i].addr[3] = (__u8)i;
	}
	take(w, &sn);
	gen = cfg_gen(w);
	pf_sync_init(&s, &in);
	rc = plan_lists(&s, many, info.max_entries + 1, NULL, 0, err, sizeof(err));
	T_CHECK(rc == PF_REFUSED, "plan of %u + 1 prefixes: rc %d, want PF_REFUSED", info.max_entries,
		rc);
	T_CHECK(strstr(err, pf_maps[PF_MAP_ALLOW_V4].name) && strstr(err, "holds"),
		"the refusal names the map and its size: %s", err);
	T_CHECK(pf_sync_apply(&s, err, sizeof(err)) == -EINVAL, "an unplanned sync cannot apply");
	pf_sync_free(&s);
	T_CHECK(same(w, &sn, &bad), "%s changed by a refused plan", pf_maps[bad].name);
	T_EQ_U64(cfg_gen(w), gen, "generation after a refused plan");
	/* Exactly full fits. */
	pf_sync_init(&s, &in);
	T_CHECK(!plan_lists(&s, many, info.max_entries, NULL, 0, err, sizeof(err)),
		"a plan of exactly max_entries is refused: %s", err);
	pf_sync_free(&s);
	drop(&sn);
	free(many);
}

/*
 * The world's allowlist -> {A, B, C} and blocklist {} -> {X}, failing at write
 * `nth`; *total is how many writes the plan makes, CFG included.
 */
static int failing_sync(struct t_world *w, unsigned int nth, char *err, size_t len,
			unsigned int *total)
{
	static const char *const allow[] = { "198.18.1.0/24", "198.18.2.0/24", "2001:db8:a::/48" };
	static const char *const block[] = { "198.18.9.0/24" };
	struct pf_prefix a[3], b[1];
	struct pf_inst in;
	struct pf_sync s;
	char env[32];
	int rc;

	if (parse_all(allow, 3, a) || parse_all(block, 1, b))
		return -100;
	world_inst(w, &in);
	pf_sync_init(&s, &in);
	rc = plan_lists(&s, a, 3, b, 1, err, len);
	*total = 1;
	for (int i = 0; i < PF_MAP_COUNT; i++)
		*total += (unsigned int)(s.up[i].n + s.del[i].n);
	if (!rc) {
		snprintf(env, sizeof(env), "map-write:%u", nth);
		setenv("PACKETFRAME_FAIL_AT", env, 1);
		pf_fault_reset();
		rc = pf_sync_apply(&s, err, len);
		unsetenv("PACKETFRAME_FAIL_AT");
	}
	pf_sync_free(&s);
	return rc;
}

/* Back to the world's baseline lists. */
static int restore_baseline(struct t_world *w, const struct snap *sn)
{
	struct pf_inst in;
	struct pf_sync s;
	char err[256];
	size_t i;
	int rc;

	world_inst(w, &in);
	pf_sync_init(&s, &in);
	for (i = 0; i < N_WATCHED; i++) {
		struct pf_kv_set *k = pf_sync_want(&s, watched[i], sn->s[watched[i]].ksz, 1);
		size_t j;

		for (j = 0; j < sn->s[watched[i]].n; j++)
			pf_kv_add(k, sn->s[watched[i]].rec + j * (k->ksz + 1),
				  sn->s[watched[i]].rec + j * (k->ksz + 1) + k->ksz);
	}
	rc = pf_sync_plan(&s, err, sizeof(err)) ?: pf_sync_apply(&s, err, sizeof(err));
	pf_sync_free(&s);
	return rc;
}

PF_TEST(sync_error_at_every_write_restores_and_bumps_generation)
{
	enum pf_map_id bad;
	unsigned int nth, writes = 0, total = 0;
	struct snap sn;
	char err[1024];
	__u32 gen;
	int rc;
	T_NEED_WORLD(w);

	take(w, &sn);
	/* Every write position, the last (CFG) included, until one past the end succeeds. */
	for (nth = 1; nth < 64; nth++) {
		gen = cfg_gen(w);
		rc = failing_sync(w, nth, err, sizeof(err), &total);
		if (!rc) {
			writes = nth - 1;
			break;
		}
		T_CHECK(rc == -EIO, "write %u: rc %d, want -EIO (%s)", nth, rc, err);
		T_CHECK(strstr(err, "restored to its previous contents"),
			"write %u: the message says the maps were restored: %s", nth, err);
		T_CHECK(same(w, &sn, &bad), "write %u: %s not restored", nth, pf_maps[bad].name);
		T_EQ_U64(cfg_gen(w), gen + 1, "generation after a failed sync");
	}
	/* 3 adds, the baseline's removals, 1 block add, and CFG. */
	T_CHECK(writes > 5 && writes == total, "failed at %u write positions, the plan has %u",
		writes, total);
	T_CHECK(!restore_baseline(w, &sn), "restoring the world's lists");
	drop(&sn);
}

/* After removal, failed or not, the fast path answers from the maps, not a stale cache. */
PF_TEST(sync_removed_prefix_is_not_forwarded_from_a_cache)
{
	static const char *const keep[] = { "203.0.113.0/24" };
	struct pf_frame f, o;
	struct pf_prefix k[1];
	unsigned int total = 0;
	struct pf_inst in;
	struct pf_sync s;
	struct snap sn;
	char err[512];
	T_NEED_WORLD(w);

	take(w, &sn);
	T_ASSERT(!parse_all(keep, 1, k), "parse");
	pf_frame_init(&f, 0, "100.64.0.2", "198.51.100.7", 17); /* in 198.51.100.0/22 */
	o = pf_frame_forwarded(&f, w->nh_out0, w->mac_out0);
	/* Forwarded, and the per-CPU cache now holds the match. */
	t_fixture(t, &f, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	/* Failing at the last write (CFG), after /22 was deleted: restored, still forwarded. */
	T_CHECK(failing_sync(w, 1, err, sizeof(err), &total) == -EIO, "failing sync");
	T_CHECK(failing_sync(w, total, err, sizeof(err), &total) == -EIO, "failing sync at CFG");
	t_fixture(t, &f, w->in0, XDP_REDIRECT, &o, PF_C_matched_v4, PF_C_matched_dst_only,
		  PF_C_fwd_ok, T_END);
	/* Removed for real: the cached match is not used. */
	world_inst(w, &in);
	pf_sync_init(&s, &in);
	T_CHECK(!plan_lists(&s, k, 1, NULL, 0, err, sizeof(err)) &&
			!pf_sync_apply(&s, err, sizeof(err)),
		"sync: %s", err);
	pf_sync_free(&s);
	t_fixture(t, &f, w->in0, XDP_PASS, NULL, PF_C_allow_miss, T_END);
	T_CHECK(!restore_baseline(w, &sn), "restoring the world's lists");
	drop(&sn);
}
