// SPDX-License-Identifier: GPL-2.0-or-later
/* The counter list: names unique and well formed, reference indices kept. */
#include <ctype.h>
#include <string.h>
#include "fp/counter_names.h"
#include "harness.h"

PF_TEST(counter_names_unique_and_snake_case)
{
	unsigned int i, j;

	for (i = 0; i < PF_COUNTER_MAX; i++) {
		const char *n = pf_counter_name(i);
		const char *c;

		T_ASSERT(n && *n, "counter %u has no name", i);
		T_CHECK(pf_counter_help(i) && *pf_counter_help(i), "%s has no help", n);
		for (c = n; *c; c++)
			T_CHECK(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_',
				"%s: bad character '%c'", n, *c);
		for (j = 0; j < i; j++)
			T_CHECK(strcmp(n, pf_counter_name(j)), "%s at %u and %u", n, j, i);
	}
	T_CHECK(pf_counter_name(PF_COUNTER_MAX) == NULL, "name past the end");
}

/* Dashboards built on the reference read these indices: they must not move. */
PF_TEST(counter_reference_indices_kept)
{
	static const struct {
		unsigned int idx;
		const char *name;
	} fixed[] = {
		{ 0, "rx_total" },	     { 6, "fwd_ok" },	       { 13, "drop_unreachable" },
		{ 17, "pass_not_in_devmap" }, { 32, "bogon_dropped" }, { 36, "err_mutation_ctx" },
		{ 37, "allow_miss" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		T_CHECK(!strcmp(pf_counter_name(fixed[i].idx), fixed[i].name),
			"index %u is %s, want %s", fixed[i].idx, pf_counter_name(fixed[i].idx),
			fixed[i].name);
	T_CHECK(PF_COUNTER_MAX >= 45, "counter list shrank: %d", PF_COUNTER_MAX);
}
