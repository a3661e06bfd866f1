// SPDX-License-Identifier: GPL-2.0-or-later
/* The circuit breaker's judgement, its volatile samples and its sticky flag. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cjson/cJSON.h>
#include "guard.h"

const char *const pf_guard_verdict_names[] = {
	[PF_GUARD_PRIMED] = "primed",   [PF_GUARD_WAITING] = "waiting",
	[PF_GUARD_NO_DATA] = "no-data", [PF_GUARD_OK] = "ok",
	[PF_GUARD_BAD] = "bad",         [PF_GUARD_TRIP] = "trip",
};

__u64 pf_guard_errors(const __u64 c[PF_COUNTER_MAX])
{
	__u64 sum = 0;

#define PF_GUARD_ADD(name) sum += c[PF_C_##name];
	PF_GUARD_SIGNALS(PF_GUARD_ADD)
#undef PF_GUARD_ADD
	return sum;
}

enum pf_guard_verdict pf_guard_judge(const struct pf_breaker_cfg *b, struct pf_guard_state *st,
				     const char *boot_id, double now, const __u64 c[PF_COUNTER_MAX],
				     bool *dirty)
{
	__u64 errors = pf_guard_errors(c), matched = c[PF_C_matched_v4] + c[PF_C_matched_v6];
	/* threshold 0 would trip on a good window (the reference's arithmetic): read it as 1. */
	unsigned int need = b->threshold ? b->threshold : 1;

	*dirty = true;
	/* A reboot, a new counter block (detach --all, then attach), a clock going back. */
	if (!st->t || strcmp(st->boot_id, boot_id) || errors < st->errors ||
	    matched < st->matched || now < st->t) {
		memset(st, 0, sizeof(*st));
		snprintf(st->boot_id, sizeof(st->boot_id), "%s", boot_id);
		st->t = now;
		st->errors = errors;
		st->matched = matched;
		return PF_GUARD_PRIMED;
	}
	if (now - st->t < b->window_s) {
		*dirty = false;
		return PF_GUARD_WAITING;
	}
	st->judged = true;
	st->span = now - st->t;
	st->d_errors = errors - st->errors;
	st->d_matched = matched - st->matched;
	st->t = now;
	st->errors = errors;
	st->matched = matched;
	if (!st->d_matched) {
		st->bad = false;
		return PF_GUARD_NO_DATA;
	}
	st->bad = (double)st->d_errors / (double)st->d_matched > b->ratio;
	st->streak = st->bad ? st->streak + 1 : 0;
	if (st->bad && st->streak >= need)
		return PF_GUARD_TRIP;
	return st->bad ? PF_GUARD_BAD : PF_GUARD_OK;
}

static double num(const cJSON *o, const char *key)
{
	return cJSON_GetNumberValue(cJSON_GetObjectItem(o, key));
}

int pf_guard_state_read(const char *path, struct pf_guard_state *st)
{
	char *text = pf_read_file(path, 4096);
	cJSON *o = text ? cJSON_Parse(text) : NULL;
	const char *boot = o ? cJSON_GetStringValue(cJSON_GetObjectItem(o, "boot_id")) : NULL;
	int err = text ? 0 : -errno;

	memset(st, 0, sizeof(*st));
	free(text);
	if (!err && (!boot || !(num(o, "t") > 0)))
		err = -EINVAL; /* not ours, or cut short: the next sample primes anew */
	if (!err) {
		snprintf(st->boot_id, sizeof(st->boot_id), "%s", boot);
		st->t = num(o, "t");
		st->errors = (__u64)num(o, "errors");
		st->matched = (__u64)num(o, "matched");
		st->streak = (unsigned int)num(o, "streak");
		st->judged = cJSON_IsTrue(cJSON_GetObjectItem(o, "judged"));
		st->bad = cJSON_IsTrue(cJSON_GetObjectItem(o, "bad"));
		st->span = num(o, "span");
		st->d_errors = (__u64)num(o, "d_errors");
		st->d_matched = (__u64)num(o, "d_matched");
	}
	cJSON_Delete(o);
	return err;
}

int pf_guard_state_write(const char *path, const struct pf_guard_state *st)
{
	cJSON *o = cJSON_CreateObject();
	char *text;
	int err;

	if (!o)
		return -ENOMEM;
	cJSON_AddStringToObject(o, "boot_id", st->boot_id);
	cJSON_AddNumberToObject(o, "t", st->t);
	cJSON_AddNumberToObject(o, "errors", (double)st->errors);
	cJSON_AddNumberToObject(o, "matched", (double)st->matched);
	cJSON_AddNumberToObject(o, "streak", st->streak);
	cJSON_AddBoolToObject(o, "judged", st->judged);
	cJSON_AddBoolToObject(o, "bad", st->bad);
	cJSON_AddNumberToObject(o, "span", st->span);
	cJSON_AddNumberToObject(o, "d_errors", (double)st->d_errors);
	cJSON_AddNumberToObject(o, "d_matched", (double)st->d_matched);
	text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	if (!text)
		return -ENOMEM;
	err = pf_write_atomic(path, text, strlen(text), 0600);
	free(text);
	return err;
}

bool pf_guard_is_tripped(const struct pf_paths *p)
{
	struct stat st;

	/* Whatever is there, even what cannot be read, is the flag: it stops attach. */
	return !lstat(p->tripped, &st) || errno != ENOENT;
}

cJSON *pf_guard_tripped(const struct pf_paths *p)
{
	char *text;
	cJSON *o;

	if (!pf_guard_is_tripped(p))
		return NULL;
	text = pf_read_file(p->tripped, 65536);
	o = text ? cJSON_Parse(text) : NULL;
	free(text);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		o = cJSON_CreateObject();
		if (o)
			cJSON_AddStringToObject(o, "reason",
						"the flag is there but cannot be read as one");
	}
	return o;
}

const char *pf_guard_trip_text(const cJSON *flag, char *buf, size_t len)
{
	const char *when = cJSON_GetStringValue(cJSON_GetObjectItem(flag, "time"));
	const char *why = cJSON_GetStringValue(cJSON_GetObjectItem(flag, "reason"));

	snprintf(buf, len, "tripped at %s: %s", when ? when : "an unknown time",
		 why ? why : "no reason recorded");
	return buf;
}
