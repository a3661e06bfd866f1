// SPDX-License-Identifier: GPL-2.0-or-later
/* The C test runner: runs registered tests (or those named on argv). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "harness.h"

#define MAX_TESTS 512

static struct {
	const char *name;
	pf_test_fn fn;
} tests[MAX_TESTS];
static int n_tests;

void pf_t_register(const char *name, pf_test_fn fn)
{
	if (n_tests == MAX_TESTS) {
		fprintf(stderr, "harness: too many tests\n");
		exit(2);
	}
	tests[n_tests].name = name;
	tests[n_tests].fn = fn;
	n_tests++;
}

void pf_t_fail(struct pf_t *t, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	/* Every failed check is reported; the summary line comes at the end. */
	fprintf(stdout, "  %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	t->failed = true;
}

void pf_t_skip(struct pf_t *t, const char *fmt, ...)
{
	va_list ap;

	printf("SKIP %s: ", t->name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	t->skipped = true;
}

bool pf_t_need_root(struct pf_t *t)
{
	if (geteuid() == 0)
		return false;
	pf_t_skip(t, "needs root (BPF load, netns)");
	return true;
}

static bool selected(int argc, char **argv, const char *name)
{
	int i;

	if (argc < 2)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	int i, failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n_tests; i++) {
		struct pf_t t = { .name = tests[i].name, .seq = (unsigned int)i + 1 };

		if (!selected(argc, argv, t.name))
			continue;
		tests[i].fn(&t);
		if (t.failed) {
			printf("FAIL %s\n", t.name);
			failed++;
		} else if (!t.skipped) {
			printf("PASS %s\n", t.name);
		}
	}
	return failed ? 1 : 0;
}
