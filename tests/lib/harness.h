/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A minimal test harness for C tests. Tests register themselves with
 * PF_TEST(name); the harness runs them in order and prints one line each:
 * "PASS name", "FAIL name: why" or "SKIP name: why", which tests/run.sh adds up.
 */
#ifndef PF_HARNESS_H
#define PF_HARNESS_H

#include <stdbool.h>
#include <stdio.h>

struct pf_t {
	const char *name;
	unsigned int seq; /* 1, 2, ... in run order: fixtures reset per test */
	bool failed;
	bool skipped;
};

typedef void (*pf_test_fn)(struct pf_t *t);
void pf_t_register(const char *name, pf_test_fn fn);
void pf_t_fail(struct pf_t *t, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void pf_t_skip(struct pf_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Skip unless running as root; returns true when the test must return now. */
bool pf_t_need_root(struct pf_t *t);

#define PF_TEST(fn)                                                      \
	static void fn(struct pf_t *t);                                  \
	__attribute__((constructor)) static void pf_t_reg_##fn(void)     \
	{                                                                \
		pf_t_register(#fn, fn);                                  \
	}                                                                \
	static void fn(struct pf_t *t)

/* Record a failure and leave the test when `cond` is false. */
#define T_ASSERT(cond, ...)                                              \
	do {                                                             \
		if (!(cond)) {                                           \
			pf_t_fail(t, __FILE__, __LINE__, __VA_ARGS__);   \
			return;                                          \
		}                                                        \
	} while (0)

/* Record a failure and continue (several checks in one test). */
#define T_CHECK(cond, ...)                                               \
	do {                                                             \
		if (!(cond))                                             \
			pf_t_fail(t, __FILE__, __LINE__, __VA_ARGS__);   \
	} while (0)

#define T_EQ_U64(a, b, what)                                                         \
	T_CHECK((unsigned long long)(a) == (unsigned long long)(b), "%s: got %llu, want %llu", \
		what, (unsigned long long)(a), (unsigned long long)(b))

#endif
