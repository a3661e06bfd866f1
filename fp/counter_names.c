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

#define PF_KIND_LIVE false
#define PF_KIND_RESERVED true
#define PF_COUNTER_RESERVED(name, kind, help) PF_KIND_##kind,
static const bool reserved[PF_COUNTER_MAX] = { PF_COUNTERS(PF_COUNTER_RESERVED) };
#undef PF_COUNTER_RESERVED

bool pf_counter_reserved(unsigned int idx)
{
	return idx >= PF_COUNTER_MAX || reserved[idx];
}

const char *pf_counter_name(unsigned int idx)
{
	return idx < PF_COUNTER_MAX ? names[idx] : NULL;
}

const char *pf_counter_help(unsigned int idx)
{
	return idx < PF_COUNTER_MAX ? helps[idx] : NULL;
}
