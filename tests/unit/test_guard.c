// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The circuit breaker's judgement (pf_guard_judge) on made-up samples: the
 * reference's arithmetic (a window without matched frames keeps the count,
 * a good one resets it), each window judged once over at least its length,
 * a new counter block or boot primes anew; only the error signals count;
 * the volatile state survives its round trip through guard.json.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fp/counter_names.h"
#include "fp/guard.h"
#include "harness.h"

static const struct pf_breaker_cfg cfg = {
	.ratio = 0.1, .window_s = 10, .threshold = 3, .line = 1
};

/* A sample: errors split over two signals, matched over v4 and v6. */
static enum pf_guard_verdict look(struct pf_guard_state *st, const char *boot, double t,
				  __u64 errors, __u64 matched, bool *dirty)
{
	__u64 c[PF_COUNTER_MAX] = { 0 };

	c[PF_C_err_redirect] = errors / 2;
	c[PF_C_err_tail_call] = errors - errors / 2;
	c[PF_C_matched_v4] = matched / 2;
	c[PF_C_matched_v6] = matched - matched / 2;
	/* Deliberate drops and malformed frames: never error signals. */
	c[PF_C_drop_unreachable] = 1000000;
	c[PF_C_bogon_dropped] = 1000000;
	c[PF_C_err_parse] = 1000000;
	return pf_guard_judge(&cfg, st, boot, t, c, dirty);
}

PF_TEST(guard_windows)
{
	struct pf_guard_state st = { 0 };
	bool dirty;

	T_EQ_U64(look(&st, "b1", 100, 0, 0, &dirty), PF_GUARD_PRIMED, "first look primes");
	T_CHECK(dirty, "a primed sample is written");
	T_EQ_U64(look(&st, "b1", 105, 50, 100, &dirty), PF_GUARD_WAITING, "inside the window");
	T_CHECK(!dirty, "waiting writes nothing");
	T_EQ_U64(look(&st, "b1", 110, 50, 100, &dirty), PF_GUARD_BAD, "50 of 100 > 0.1");
	T_EQ_U64(st.streak, 1, "one bad window");
	T_EQ_U64(st.d_errors, 50, "errors of the window");
	T_CHECK(st.span == 10, "span %.1f", st.span);
	T_EQ_U64(look(&st, "b1", 125, 50, 100, &dirty), PF_GUARD_NO_DATA, "no matched frames");
	T_EQ_U64(st.streak, 1, "no data keeps the count");
	T_EQ_U64(look(&st, "b1", 135, 60, 200, &dirty), PF_GUARD_OK, "10 of 100 is not > 0.1");
	T_EQ_U64(st.streak, 0, "a good window resets the count");
	T_EQ_U64(look(&st, "b1", 145, 80, 210, &dirty), PF_GUARD_BAD, "bad 1");
	T_EQ_U64(look(&st, "b1", 155, 100, 220, &dirty), PF_GUARD_BAD, "bad 2");
	T_EQ_U64(look(&st, "b1", 166, 120, 230, &dirty), PF_GUARD_TRIP, "bad 3: trip");
}

PF_TEST(guard_primes_anew)
{
	struct pf_guard_state st = { 0 };
	bool dirty;

	look(&st, "b1", 100, 10, 100, &dirty);
	T_EQ_U64(look(&st, "b1", 120, 5, 100, &dirty), PF_GUARD_PRIMED, "errors went back");
	T_EQ_U64(look(&st, "b2", 5, 90, 100, &dirty), PF_GUARD_PRIMED, "new boot");
	T_EQ_U64(look(&st, "b2", 20, 1, 5, &dirty), PF_GUARD_PRIMED, "counters went back");
	T_EQ_U64(st.streak, 0, "priming forgets the count");
}

PF_TEST(guard_threshold_zero_is_one)
{
	struct pf_breaker_cfg zero = cfg;
	struct pf_guard_state st = { 0 };
	__u64 c[PF_COUNTER_MAX] = { 0 };
	bool dirty;

	zero.threshold = 0;
	pf_guard_judge(&zero, &st, "b", 100, c, &dirty);
	c[PF_C_matched_v4] = 100;
	T_EQ_U64(pf_guard_judge(&zero, &st, "b", 110, c, &dirty), PF_GUARD_OK,
		 "a good window never trips");
	c[PF_C_matched_v4] = 200;
	c[PF_C_err_vlan] = 100;
	T_EQ_U64(pf_guard_judge(&zero, &st, "b", 120, c, &dirty), PF_GUARD_TRIP,
		 "the first bad one does");
}

PF_TEST(guard_signals)
{
	__u64 c[PF_COUNTER_MAX];
	int i;

	/* Every err_ counter but err_parse is a signal; nothing else is. */
	for (i = 0; i < PF_COUNTER_MAX; i++) {
		const char *n = pf_counter_name(i);
		bool want = !strncmp(n, "err_", 4) && strcmp(n, "err_parse");

		memset(c, 0, sizeof(c));
		c[i] = 1;
		T_EQ_U64(pf_guard_errors(c), want, n);
	}
}

PF_TEST(guard_state_round_trip)
{
	char dir[] = "/tmp/pf-guard-XXXXXX", path[PATH_MAX];
	struct pf_guard_state st = { .boot_id = "abc",

				     .t = 12.5,
				     .errors = 3,
				     .matched = 4,
				     .streak = 2,
				     .judged = true,
				     .bad = true,
				     .span = 10.25,
				     .d_errors = 1,
				     .d_matched = 2 },
			      back;

	T_ASSERT(mkdtemp(dir), "mkdtemp");
	pf_path_join(path, dir, "guard.json");
	T_ASSERT(!pf_guard_state_write(path, &st), "write");
	T_ASSERT(!pf_guard_state_read(path, &back), "read");
	T_CHECK(!strcmp(back.boot_id, "abc") && back.t == 12.5 && back.errors == 3 &&
			back.matched == 4 && back.streak == 2 && back.judged && back.bad &&
			back.span == 10.25 && back.d_errors == 1 && back.d_matched == 2,
		"round trip");
	T_ASSERT(!pf_write_atomic(path, "{\"t\": 1", 7, 0600), "cut short");
	T_CHECK(pf_guard_state_read(path, &back) && !back.t, "a cut file primes anew");
	unlink(path);
	rmdir(dir);
}
