// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `packetframe events [--since T] [--json]`: the event log, oldest first:
 * one line per record, or the records as a JSON array. Read-only.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "commands.h"
#include "events.h"
#include "log.h"
#include "session.h"

struct events_opts {
	bool json;
	const char *since;
};

static const struct pf_opt events_opts[] = {
	{ "since", 0, PF_OPT_STRING, offsetof(struct events_opts, since), .metavar = "T",
	  .help = "only records from T on: UTC time (2026-12-01T22:00:00Z, \"2026-12-01 "
		  "22:00\", 2026-12-01), @EPOCH, or an age (90s, 15m, 2h, 7d)" },
	{ "json", 0, PF_OPT_FLAG, offsetof(struct events_opts, json),
	  .help = "the records as one JSON array" },
	{ NULL },
};

const struct pf_cmd_opts pf_events_opts = { events_opts, "", 0, 0 };

/*
 * Text from a record on a terminal: a line break as "; ", other control
 * characters as \xNN, so no argument forges a line or drives the terminal.
 */
static void put_text(const char *s)
{
	for (; *s; s++)
		if (*s == '\n')
			fputs("; ", stdout);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			printf("\\x%02x", (unsigned char)*s);
		else
			putchar(*s);
}

static const char *str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItem(o, key);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* "maps ALLOW_V4 +3 -0 ~0; links r0 attached (native); ..." */
static void print_changes(const cJSON *c)
{
	const cJSON *k, *e;
	const char *sep = "";

	cJSON_ArrayForEach(k, c) {
		printf("%s%s", sep, k->string);
		sep = "; ";
		if (!strcmp(k->string, "maps")) {
			cJSON_ArrayForEach(e, k)
				printf(" %s +%.0f -%.0f ~%.0f", e->string,
				       cJSON_GetNumberValue(cJSON_GetObjectItem(e, "added")),
				       cJSON_GetNumberValue(cJSON_GetObjectItem(e, "removed")),
				       cJSON_GetNumberValue(cJSON_GetObjectItem(e, "changed")));
		} else if (!strcmp(k->string, "links")) {
			cJSON_ArrayForEach(e, k) {
				printf(" %s %s", str(e, "iface"), str(e, "action"));
				if (str(e, "mode")[0])
					printf(" (%s)", str(e, "mode"));
			}
		} else {
			char *v = cJSON_PrintUnformatted(k);

			printf(" %s", v ? v : "?");
			cJSON_free(v);
		}
	}
}

static void print_record(const cJSON *r)
{
	const cJSON *args = cJSON_GetObjectItem(r, "args"), *a, *c;

	printf("%s %s", str(r, "time"), str(r, "command"));
	cJSON_ArrayForEach(a, args) {
		putchar(' ');
		put_text(cJSON_IsString(a) ? a->valuestring : "?");
	}
	printf(" [%s] %s", str(r, "user")[0] ? str(r, "user") : "?", str(r, "result"));
	if (str(r, "error")[0]) {
		printf(" (");
		put_text(str(r, "error"));
		putchar(')');
	}
	c = cJSON_GetObjectItem(r, "changes");
	if (c && c->child) {
		printf(": ");
		print_changes(c);
	}
	putchar('\n');
}

int pf_cmd_events(struct pf_ctx *ctx, const struct pf_cmd *cmd, int argc, char **argv)
{
	struct events_opts o = { 0 };
	struct pf_session s;
	struct pf_args a;
	time_t since = 0;
	cJSON *list, *r;
	size_t bad;
	int rc;

	rc = pf_cli_parse(ctx, cmd, argc, argv, &o, &a);
	if (rc >= 0)
		return rc;
	if (o.since && pf_events_parse_since(o.since, time(NULL), &since)) {
		pf_err(ctx,
		       "--since '%s': expected a UTC time (2026-12-01T22:00:00Z, "
		       "\"2026-12-01 22:00\", 2026-12-01), @EPOCH, or an age (90s, 15m, 2h, 7d)",
		       o.since);
		return PF_EXIT_USAGE;
	}
	rc = pf_session_open(ctx, &s, false, false);
	if (rc)
		return rc;
	list = pf_events_read(&s.paths, since, &bad);
	if (!list) {
		pf_err(ctx, "cannot read %s: %s", s.paths.events, strerror(errno));
		rc = PF_EXIT_RUNTIME;
		goto out;
	}
	if (bad)
		pf_warn(ctx, "%s: %zu line(s) are not event records (a write cut short?); skipped",
			s.paths.events, bad);
	if (!cJSON_GetArraySize(list) && access(s.paths.events, F_OK))
		pf_info(ctx, "no events recorded (%s does not exist)", s.paths.events);
	if (o.json) {
		rc = pf_cli_print_json(list);
		list = NULL;
	} else {
		cJSON_ArrayForEach(r, list)
			print_record(r);
	}
	cJSON_Delete(list);
out:
	pf_session_close(&s, rc);
	return rc;
}
