// SPDX-License-Identifier: GPL-2.0-or-later
/* The `allow` command's list on disk (state-dir/allow.list). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "allow_file.h"
#include "state.h"

int pf_allow_file_read(const char *path, struct pf_prefix **out, size_t *n, char *err,
		       size_t errlen)
{
	char *text = pf_read_file(path, 64 << 20), *line, *save = NULL, msg[160];
	struct pf_prefix *v = NULL;
	size_t cnt = 0;
	int lineno = 0;

	*out = NULL;
	*n = 0;
	if (!text) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *s = line, *e, *hash = strchr(line, '#');
		struct pf_prefix pf;

		lineno++;
		if (hash)
			*hash = 0;
		while (*s == ' ' || *s == '\t' || *s == '\r')
			s++;
		for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
			*--e = 0;
		if (!*s)
			continue;
		if (strpbrk(s, " \t")) {
			snprintf(err, errlen, "%s:%d: '%s': one prefix per line", path, lineno, s);
			goto fail;
		}
		if (pf_prefix_parse(s, &pf, msg, sizeof(msg))) {
			snprintf(err, errlen, "%s:%d: %s", path, lineno, msg);
			goto fail;
		}
		if (!(cnt & (cnt - 1)) || cnt == 0) {
			struct pf_prefix *q = realloc(v, (cnt ? cnt * 2 : 16) * sizeof(*q));

			if (!q) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			v = q;
		}
		v[cnt++] = pf;
	}
	free(text);
	*out = v;
	*n = cnt;
	return 0;
fail:
	free(text);
	free(v);
	return -1;
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
	err = pf_write_atomic(path, buf, len, 0600);
	free(buf);
	return err;
}
