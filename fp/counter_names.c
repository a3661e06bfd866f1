// SPDX-License-Identifier: GPL-2.0-or-later
/* Counter names and help strings, expanded from the shared X-macro list. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "counter_names.h"
#include "guard.h"

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

void pf_counter_metric(unsigned int idx, char *buf, size_t len)
{
	const char *n = pf_counter_name(idx);
	size_t l = n ? strlen(n) : 0;

	/* Counters end in _total; rx_total already does. */
	snprintf(buf, len, "packetframe_%s%s", n ? n : "?",
		 l > 6 && !strcmp(n + l - 6, "_total") ? "" : "_total");
}

cJSON *pf_counters_reference_json(void)
{
	static const char *const kind_names[] = { "live", "watch", "reserved" };
	cJSON *list = cJSON_CreateArray(), *o;
	__u64 one[PF_COUNTER_MAX];
	char metric[96];
	unsigned int i;

	for (i = 0; list && i < PF_COUNTER_MAX; i++) {
		o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddItemToArray(list, o);
		cJSON_AddStringToObject(o, "name", names[i]);
		cJSON_AddStringToObject(o, "kind", kind_names[kinds[i]]);
		cJSON_AddStringToObject(o, "help", helps[i]);
		pf_counter_metric(i, metric, sizeof(metric));
		if (kinds[i] != PF_KIND_RESERVED)
			cJSON_AddStringToObject(o, "metric", metric);
		memset(one, 0, sizeof(one));
		one[i] = 1;
		cJSON_AddBoolToObject(o, "guard_signal", pf_guard_errors(one) == 1);
	}
	return list;
}
