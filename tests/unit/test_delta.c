// SPDX-License-Identifier: GPL-2.0-or-later
/* Delta planning: adds, changes, removals, duplicates, nothing to do. */
#include <string.h>
#include "fp/delta.h"
#include "harness.h"

static void add(struct pf_kv_set *s, unsigned int k, unsigned char v)
{
	pf_kv_add(s, &k, &v);
}

PF_TEST(delta_plan_adds_changes_removes)
{
	struct pf_kv_set cur, want, up, del;
	struct pf_delta d;
	unsigned int i;

	pf_kv_init(&cur, 4, 1);
	pf_kv_init(&want, 4, 1);
	for (i = 0; i < 100; i++)
		add(&cur, i, 1);
	for (i = 50; i < 150; i++)
		add(&want, i, i == 60 ? 2 : 1);
	T_ASSERT(!pf_delta_plan(&cur, &want, &up, &del, &d), "plan");
	T_EQ_U64(d.added, 50, "added (100-149)");
	T_EQ_U64(d.changed, 1, "changed (60)");
	T_EQ_U64(d.removed, 50, "removed (0-49)");
	T_EQ_U64(up.n, 51, "records to write");
	T_EQ_U64(del.n, 50, "keys to delete");
	for (i = 0; i < del.n; i++) {
		unsigned int k;

		memcpy(&k, del.rec + i * 5, 4);
		T_CHECK(k < 50, "deleting a wanted key %u", k);
	}
	pf_kv_free(&up);
	pf_kv_free(&del);
	/* Same sets: nothing to do. */
	T_ASSERT(!pf_delta_plan(&want, &want, &up, &del, &d), "plan");
	T_CHECK(!d.added && !d.changed && !d.removed && !up.n && !del.n, "idempotent");
	pf_kv_free(&up);
	pf_kv_free(&del);
	pf_kv_free(&cur);
	pf_kv_free(&want);
}

PF_TEST(delta_plan_empty_sides)
{
	struct pf_kv_set none, some, up, del;
	struct pf_delta d;

	pf_kv_init(&none, 4, 1);
	pf_kv_init(&some, 4, 1);
	add(&some, 7, 1);
	add(&some, 7, 3); /* same key again: replaces */
	T_EQ_U64(some.n, 1, "duplicate key folded");
	T_ASSERT(!pf_delta_plan(&none, &some, &up, &del, &d), "plan");
	T_CHECK(d.added == 1 && !d.removed && up.n == 1 && up.rec[4] == 3, "add into empty");
	pf_kv_free(&up);
	pf_kv_free(&del);
	T_ASSERT(!pf_delta_plan(&some, &none, &up, &del, &d), "plan");
	T_CHECK(!d.added && d.removed == 1 && del.n == 1, "remove all");
	pf_kv_free(&up);
	pf_kv_free(&del);
	pf_kv_free(&some);
}
