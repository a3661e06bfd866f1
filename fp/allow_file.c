// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Allow lists as text: the `allow` command's own list (state-dir/allow.list)
 * and the files and pipes an operator or cron feeds it. Every line is checked
 * and every bad one reported (up to a bound), by the line number an editor
 * shows: blank lines count, a NUL byte, a byte-order mark or a CR line end is
 * an error, never a silent end or a silently changed line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "grow.h"
#include "allow_file.h"
#include "ctx.h"
#include "input.h"
#include "state.h"

#define MAX_REPORTED 10
#define MAX_LIST_BYTES (64u << 20)

struct report {
	char *buf;
	size_t len, at;
	unsigned int bad;
};

static void bad_line(struct report *r, const char *name, unsigned int line, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));

static void bad_line(struct report *r, const char *name, unsigned int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (r->bad++ >= MAX_REPORTED || r->at >= r->len)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->at += (size_t)snprintf(r->buf + r->at, r->len - r->at, "%s%s:%u: %s",
				  r->at ? "\n" : "", name, line, msg);
}

/* Check one line (s..e, without its newline); a prefix into *p when it holds one. */
static int parse_line(struct report *r, const char *name, unsigned int line, char *s, char *e,
		      struct pf_prefix *p)
{
	char msg[160], *hash;

	if (memchr(s, 0, (size_t)(e - s))) {
		bad_line(r, name, line, "a NUL byte (binary data, not a list of prefixes)");
		return -1;
	}
	if (line == 1 && e - s >= 3 && !memcmp(s, "\xef\xbb\xbf", 3)) {
		bad_line(r, name, line, "starts with a UTF-8 byte-order mark; save it without one");
		return -1;
	}
	if (e > s && e[-1] == '\r') {
		bad_line(r, name, line, "ends in CR (DOS line endings); convert it, e.g. with "
					"`tr -d '\\r'`");
		return -1;
	}
	*e = 0;
	hash = strchr(s, '#');
	if (hash)
		*(e = hash) = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = 0;
	if (!*s)
		return 0;
	if (strpbrk(s, " \t")) {
		bad_line(r, name, line, "'%s': one prefix per line", s);
		return -1;
	}
	if (pf_prefix_parse(s, p, msg, sizeof(msg))) {
		bad_line(r, name, line, "%s", msg);
		return -1;
	}
	return 1;
}

/* Does the last line (after the last newline) hold more than blanks and a comment? */
static bool last_has_content(const char *text, size_t len)
{
	size_t i = len;

	while (i && text[i - 1] != '\n')
		i--;
	for (; i < len && text[i] != '#'; i++)
		if (text[i] != ' ' && text[i] != '\t' && text[i])
			return true;
	return false;
}

int pf_allow_parse(const char *name, char *text, size_t len, struct pf_prefix **out, size_t *n,
		   char *err, size_t errlen)
{
	struct report r = { .buf = err, .len = errlen };
	struct pf_prefix *v = NULL, p;
	size_t cnt = 0, cap = 0;
	unsigned int line = 0;
	char *s = text, *end = text + len;
	/* Decided before parsing, which overwrites newlines and comments in place. */
	bool cut = len && text[len - 1] != '\n' && last_has_content(text, len);

	*out = NULL;
	*n = 0;
	err[0] = 0;
	while (s < end) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		char *e = nl ? nl : end;

		if (parse_line(&r, name, ++line, s, e, &p) > 0 && !r.bad) {
			if (pf_grow((void **)&v, &cap, cnt + 1, sizeof(*v))) {
				free(v);
				snprintf(err, errlen, "%s: out of memory", name);
				return -ENOMEM;
			}
			v[cnt++] = p;
		}
		s = e + 1;
	}
	/* A list cut short mid-line can still parse ("192.0.0.0/2"): demand the final newline. */
	if (cut)
		bad_line(&r, name, line,
			 "no newline at the end: a cut-off download? (a complete "
			 "file ends with one)");
	if (r.bad > MAX_REPORTED && r.at < r.len)
		snprintf(r.buf + r.at, r.len - r.at, "\n%s: %u more bad lines", name,
			 r.bad - MAX_REPORTED);
	if (r.bad) {
		free(v);
		return PF_REFUSED;
	}
	*out = v;
	*n = cnt;
	return 0;
}

int pf_allow_input_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
			size_t errlen)
{
	size_t len = 0;
	char *text = pf_read_input(path, MAX_LIST_BYTES, &len, err, errlen);
	int rc;

	*out = NULL;
	*n = 0;
	if (!text)
		return PF_REFUSED;
	rc = pf_allow_parse(strcmp(path, "-") ? path : "standard input", text, len, out, n, err,
			    errlen);
	free(text);
	return rc;
}

int pf_allow_file_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
		       size_t errlen)
{
	*out = NULL;
	*n = 0;
	if (access(path, F_OK) && errno == ENOENT)
		return 0;
	return pf_allow_input_read(path, out, n, err, errlen);
}

int pf_allow_file_write(const char *path, const struct pf_prefix *p, size_t n)
{
	size_t i, len = 0, cap = n * 48 + 128;
	char *buf = malloc(cap);
	int err;

	if (!buf)
		return -ENOMEM;
	len += (size_t)snprintf(buf, cap, "# packetframe allow list (written by `packetframe allow`)\n");
	for (i = 0; i < n; i++) {
		char s[64];

		pf_prefix_format(&p[i], s, sizeof(s));
		len += (size_t)snprintf(buf + len, cap - len, "%s\n", s);
	}
	err = pf_write_if_changed(path, buf, len, 0600);
	free(buf);
	return err;
}
