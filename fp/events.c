// SPDX-License-Identifier: GPL-2.0-or-later
/* The event log: noting changes during a run, appending its record, reading them back. */
#define _GNU_SOURCE /* strptime, timegm */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "events.h"
#include "log.h"
#include "manifest.h"
#include "sync.h"

/* This run's record in the making: one command per process. */
static cJSON *run_args, *run_changes;
static char run_command[32];

/*
 * An argument as a record holds it: valid UTF-8 (any other byte as the text
 * \xNN, so strict JSON readers take the line), at most ARG_MAX_BYTES.
 */
#define ARG_MAX_BYTES 256
#define ARGS_MAX 32

static cJSON *arg_string(const char *a)
{
	char out[ARG_MAX_BYTES * 4 + 16];
	const unsigned char *p = (const unsigned char *)a;
	size_t at = 0, n;

	while (*p && at < ARG_MAX_BYTES) {
		/* The length of a well-formed sequence starting here, or 0. */
		n = *p < 0x80                           ? 1
		    : (*p & 0xe0) == 0xc0 && *p >= 0xc2 ? 2
		    : (*p & 0xf0) == 0xe0               ? 3
		    : (*p & 0xf8) == 0xf0 && *p <= 0xf4 ? 4
							: 0;
		for (size_t k = 1; k < n; k++)
			if ((p[k] & 0xc0) != 0x80)
				n = 0;
		if (n) {
			memcpy(out + at, p, n);
			at += n;
			p += n;
		} else {
			at += (size_t)snprintf(out + at, sizeof(out) - at, "\\x%02x", *p++);
		}
	}
	if (*p)
		at += (size_t)snprintf(out + at, sizeof(out) - at, "...");
	out[at] = 0;
	return cJSON_CreateString(out);
}

void pf_event_begin(const char *command, int argc, char **argv)
{
	char more[32];
	int i;

	snprintf(run_command, sizeof(run_command), "%s", command);
	cJSON_Delete(run_args);
	run_args = cJSON_CreateArray();
	for (i = 1; run_args && i < argc && i <= ARGS_MAX; i++)
		cJSON_AddItemToArray(run_args, arg_string(argv[i]));
	if (run_args && argc - 1 > ARGS_MAX) {
		snprintf(more, sizeof(more), "(%d more)", argc - 1 - ARGS_MAX);
		cJSON_AddItemToArray(run_args, cJSON_CreateString(more));
	}
}

static cJSON *changes(void)
{
	if (!run_changes)
		run_changes = cJSON_CreateObject();
	return run_changes;
}

/* parent[key], created as an object or array on first use (NULL parent: NULL). */
static cJSON *member(cJSON *parent, const char *key, bool array)
{
	cJSON *m = parent ? cJSON_GetObjectItem(parent, key) : NULL;

	if (!m && parent)
		m = array ? cJSON_AddArrayToObject(parent, key)
			  : cJSON_AddObjectToObject(parent, key);
	return m;
}

static void add_count(cJSON *o, const char *key, size_t n)
{
	cJSON *v = cJSON_GetObjectItem(o, key);

	if (v)
		cJSON_SetNumberValue(v, v->valuedouble + (double)n);
	else
		cJSON_AddNumberToObject(o, key, (double)n);
}

void pf_event_sync(const struct pf_sync *s)
{
	cJSON *m;
	int i;

	for (i = 0; i < PF_MAP_COUNT; i++) {
		const struct pf_delta *d = &s->delta[i];

		if (!s->wanted[i] || !(d->added || d->removed || d->changed))
			continue;
		m = member(member(changes(), "maps", false), pf_maps[i].name, false);
		if (!m)
			continue;
		add_count(m, "added", d->added);
		add_count(m, "removed", d->removed);
		add_count(m, "changed", d->changed);
	}
	if (s->cfg_wanted && s->cfg.dry_run != s->cfg_prev.dry_run)
		pf_event_set("dry_run", cJSON_CreateBool(s->cfg.dry_run));
	if (s->cfg_wanted && s->cfg.mss_global != s->cfg_prev.mss_global)
		pf_event_set("mss_clamp", cJSON_CreateNumber(s->cfg.mss_global));
}

void pf_event_link(const char *iface, const char *action, const char *mode)
{
	cJSON *links = member(changes(), "links", true), *l = cJSON_CreateObject();

	if (!links || !l) {
		cJSON_Delete(l);
		return;
	}
	cJSON_AddStringToObject(l, "iface", iface);
	cJSON_AddStringToObject(l, "action", action);
	if (mode)
		cJSON_AddStringToObject(l, "mode", mode);
	cJSON_AddItemToArray(links, l);
}

void pf_event_build(const char *from, const char *to)
{
	cJSON *b = cJSON_CreateObject();

	if (!b)
		return;
	if (from)
		cJSON_AddStringToObject(b, "from", from);
	cJSON_AddStringToObject(b, "to", to);
	pf_event_set("build", b);
}

void pf_event_set(const char *key, cJSON *value)
{
	cJSON *c = changes();

	if (!c || !value) {
		cJSON_Delete(value);
		return;
	}
	cJSON_DeleteItemFromObject(c, key);
	cJSON_AddItemToObject(c, key, value);
}

static void add_user(cJSON *rec)
{
	uid_t uid = getuid();
	struct passwd *pw = getpwuid(uid);
	const char *sudo = getenv("SUDO_USER");

	cJSON_AddNumberToObject(rec, "uid", uid);
	if (pw)
		cJSON_AddStringToObject(rec, "user", pw->pw_name);
	if (sudo && uid == 0)
		cJSON_AddStringToObject(rec, "sudo_user", sudo);
}

static const char *result_name(int exit_code)
{
	switch (exit_code) {
	case PF_EXIT_OK:
		return "ok";
	case PF_EXIT_USAGE:
		return "refused";
	case PF_EXIT_TRIPPED:
		return "tripped";
	default:
		return "failed";
	}
}

const char *pf_event_time(time_t t, char buf[PF_EVENT_TIME_LEN])
{
	struct tm tm;

	strftime(buf, PF_EVENT_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	return buf;
}

static cJSON *record(const char *config_path, int exit_code)
{
	cJSON *rec = cJSON_CreateObject();
	time_t now = time(NULL);
	char when[PF_EVENT_TIME_LEN], abs[PATH_MAX];

	if (!rec)
		return NULL;
	cJSON_AddStringToObject(rec, "time", pf_event_time(now, when));
	cJSON_AddNumberToObject(rec, "ts", (double)now);
	cJSON_AddStringToObject(rec, "command", run_command);
	if (run_args)
		cJSON_AddItemReferenceToObject(rec, "args", run_args);
	add_user(rec);
	if (config_path && config_path[0])
		cJSON_AddStringToObject(rec, "config",
					realpath(config_path, abs) ? abs : config_path);
	cJSON_AddItemReferenceToObject(rec, "changes", changes());
	cJSON_AddStringToObject(rec, "result", result_name(exit_code));
	cJSON_AddNumberToObject(rec, "exit", exit_code);
	if (exit_code && pf_log_last_error()[0])
		cJSON_AddStringToObject(rec, "error", pf_log_last_error());
	return rec;
}

/* The log's last line (a record a crash cut short included), or NULL. */
static cJSON *last_record(int fd, off_t size, bool *torn)
{
	char buf[8192], *nl;
	off_t from = size > (off_t)sizeof(buf) - 1 ? size - (off_t)sizeof(buf) + 1 : 0;
	ssize_t got = pread(fd, buf, (size_t)(size - from), from);

	*torn = false;
	if (got <= 0)
		return NULL;
	buf[got] = 0;
	*torn = buf[got - 1] != '\n';
	if (!*torn)
		buf[--got] = 0;
	nl = strrchr(buf, '\n');
	return cJSON_Parse(nl ? nl + 1 : buf);
}

/* Does rec say what the last record said: the same failure, again? */
static bool repeats(const cJSON *rec, const cJSON *last)
{
	static const char *const keys[] = { "command", "args", "result", "error", "config" };
	size_t i;

	for (i = 0; last && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const cJSON *a = cJSON_GetObjectItem(rec, keys[i]);
		const cJSON *b = cJSON_GetObjectItem(last, keys[i]);

		if (!a != !b || (a && !cJSON_Compare(a, b, true)))
			return false;
	}
	return last != NULL;
}

/*
 * Open the log for appending, moving a full one to events.log.1 first. A
 * failure that repeats the last record (a timer's apply on a port that went
 * away) is not written again: -EALREADY.
 */
static int open_log(const struct pf_paths *p, const cJSON *rec, size_t len)
{
	char old[PATH_MAX + 4];
	struct stat st;
	cJSON *last;
	bool torn;
	int fd;

	fd = open(p->events, O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode))
		goto fail;
	if (st.st_size) {
		last = last_record(fd, st.st_size, &torn);
		if (!torn && cJSON_GetObjectItem(rec, "error") && repeats(rec, last)) {
			cJSON_Delete(last);
			close(fd);
			return -EALREADY;
		}
		cJSON_Delete(last);
		/* A line a crash cut short ends here, so the next record is whole. */
		if (torn && write(fd, "\n", 1) != 1)
			goto fail;
	}
	if ((size_t)st.st_size + len <= PF_EVENTS_MAX || !st.st_size)
		return fd;
	close(fd);
	snprintf(old, sizeof(old), "%s.1", p->events);
	if (rename(p->events, old))
		return -errno;
	fd = open(p->events, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
fail:
	if (fd >= 0) {
		close(fd);
		return -EINVAL; /* not a regular file: never append through it */
	}
	return -errno;
}

int pf_event_commit(const struct pf_paths *p, const char *config_path, int exit_code)
{
	cJSON *rec;
	char *line;
	size_t len;
	int fd, err = 0;

	if (!exit_code && (!run_changes || !run_changes->child))
		return 0; /* nothing changed: nothing to say, nothing written */
	if (access(p->state, F_OK))
		return 0; /* no state dir (a refusal removed it): nowhere to write */
	rec = record(config_path, exit_code);
	line = rec ? cJSON_PrintUnformatted(rec) : NULL;
	if (!line) {
		cJSON_Delete(rec);
		return -ENOMEM;
	}
	len = strlen(line);
	line[len++] = '\n'; /* over the NUL: one write() of one whole line */
	fd = open_log(p, rec, len);
	cJSON_Delete(rec);
	if (fd == -EALREADY) {
		err = 0;
	} else if (fd < 0) {
		err = fd;
	} else {
		if (write(fd, line, len) != (ssize_t)len || fsync(fd))
			err = errno ? -errno : -EIO;
		close(fd);
	}
	free(line);
	cJSON_Delete(run_changes);
	run_changes = NULL;
	return err;
}

/* Append the records of one file at or after since; -errno only when it can't be read. */
static int read_one(const char *path, time_t since, cJSON *out, size_t *bad)
{
	char *text = pf_read_file(path, 4 * PF_EVENTS_MAX), *line, *next;

	if (!text)
		return errno == ENOENT ? 0 : -errno;
	for (line = text; *line; line = next) {
		cJSON *rec, *ts;

		next = strchr(line, '\n');
		next = next ? (*next = 0, next + 1) : line + strlen(line);
		if (!*line)
			continue;
		rec = cJSON_Parse(line);
		ts = rec ? cJSON_GetObjectItem(rec, "ts") : NULL;
		if (!cJSON_IsNumber(ts) || !cJSON_IsString(cJSON_GetObjectItem(rec, "command"))) {
			(*bad)++;
			cJSON_Delete(rec);
			continue;
		}
		if ((time_t)ts->valuedouble >= since)
			cJSON_AddItemToArray(out, rec);
		else
			cJSON_Delete(rec);
	}
	free(text);
	return 0;
}

cJSON *pf_events_read(const struct pf_paths *p, time_t since, size_t *bad)
{
	cJSON *out = cJSON_CreateArray();
	char old[PATH_MAX + 4];
	int err;

	*bad = 0;
	if (!out) {
		errno = ENOMEM;
		return NULL;
	}
	snprintf(old, sizeof(old), "%s.1", p->events);
	err = read_one(old, since, out, bad) ?: read_one(p->events, since, out, bad);
	if (err) {
		cJSON_Delete(out);
		errno = -err;
		return NULL;
	}
	return out;
}

int pf_events_parse_since(const char *text, time_t now, time_t *since)
{
	static const struct {
		char unit;
		long secs;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	static const char *const formats[] = { "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S",
					       "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d" };
	char *end;
	size_t i;

	if (text[0] == '@') {
		long long v;

		errno = 0;
		v = strtoll(text + 1, &end, 10);
		if (end == text + 1 || *end || v < 0 || errno)
			return -EINVAL;
		*since = (time_t)v;
		return 0;
	}
	if (text[0] >= '0' && text[0] <= '9') {
		unsigned long v = strtoul(text, &end, 10);

		for (i = 0; end != text && i < sizeof(units) / sizeof(units[0]); i++)
			if (end[0] == units[i].unit && !end[1] &&
			    (unsigned long long)v <= 100ULL * 365 * 86400 / (unsigned long long)units[i].secs) {
				*since = now - (time_t)v * units[i].secs;
				return 0;
			}
	}
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		struct tm tm = { 0 }, back;
		const char *rest = strptime(text, formats[i], &tm);
		time_t t;

		if (!rest || *rest)
			continue;
		t = timegm(&tm);
		/* 2026-02-31 is no date (timegm would make it March 3rd). */
		if (!gmtime_r(&t, &back) || back.tm_mday != tm.tm_mday || back.tm_mon != tm.tm_mon)
			return -EINVAL;
		*since = t;
		return 0;
	}
	return -EINVAL;
}
