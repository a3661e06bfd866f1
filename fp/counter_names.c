// SPDX-License-Identifier: GPL-2.0-or-later
/* Counter names and help strings, expanded from the shared X-macro list. */
#include <stdbool.h>
#include <stddef.h>
#include "counter_names.h"

#define PF_COUNTER_NAME(name, kind, help) #name,
static const char *const names[PF_COUNTER_MAX] = { PF_COUNTERS(PF_COUNTER_NAME) };
#undef PF_COUNTER_NAME

#define PF_COUNTER_HELP(name, kind, help) help,
static const char *const helps[PF_COUNTER_MAX] = { PF_COUNTERS(PF_COUNTER_HELP) };
#undef PF_COUNTER_HELP

enum kind { PF_KIND_LIVE, PF_KIND_WATCH, PF_KIND_RESERVED };
#define PF_COUNTER_KIND(name, kind, help) PF_KIND_##kind,
static const enum kind kinds[PF_COUNTER_MAX] = { PF_COUNTERS(PF_COUNTER_KIND) };
#undef PF_COUNTER_KIND

bool pf_counter_shown(unsigned int idx, bool watch_runs)
{
	if (idx >= PF_COUNTER_MAX)
		return false;
	return kinds[idx] == PF_KIND_LIVE || (kinds[idx] == PF_KIND_WATCH && watch_runs);
}

const char *pf_counter_name(unsigned int idx)
{
	return idx < PF_COUNTER_MAX ? names[idx] : NULL;
}

const char *pf_counter_help(unsigned int idx)
{
	return idx < PF_COUNTER_MAX ? helps[idx] : NULL;
}
