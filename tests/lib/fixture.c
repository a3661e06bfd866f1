// SPDX-License-Identifier: GPL-2.0-or-later
/* Fixture runner: verdict, bytes and counter deltas. */
#include <stdarg.h>
#include <string.h>
#include "fp/counter_names.h"
#include "fixture.h"

struct t_world *t_world(struct pf_t *t)
{
	static struct t_world w;
	static int state; /* 0 untried, 1 up, -1 failed */
	static unsigned int reset_for; /* the test the world was last reset for */

	if (pf_t_need_root(t))
		return NULL;
	if (!state) {
		state = t_world_up(&w) ? -1 : 1;
		reset_for = t->seq;
	}
	if (state < 0) {
		pf_t_fail(t, __FILE__, __LINE__, "test world could not be built");
		return NULL;
	}
	if (reset_for != t->seq) {
		reset_for = t->seq;
		if (t_world_reset(&w)) {
			pf_t_fail(t, __FILE__, __LINE__, "test world could not be reset");
			return NULL;
		}
	}
	return &w;
}

static void hexdiff(const __u8 *got, size_t glen, const __u8 *want, size_t wlen)
{
	size_t i, n = glen > wlen ? glen : wlen;
	int shown = 0;

	printf("  got %zu bytes, want %zu; first differences:\n", glen, wlen);
	for (i = 0; i < n && shown < 16; i++) {
		int g = i < glen ? got[i] : -1, w = i < wlen ? want[i] : -1;

		if (g != w) {
			printf("    [%zu] got %02x want %02x\n", i, g & 0xff, w & 0xff);
			shown++;
		}
	}
}

int t_fixture_raw_at(const char *file, int line, struct pf_t *t, const __u8 *in, size_t len,
		     int ifindex, __u32 verdict, const __u8 *out, size_t out_len,
		     const int *counters)
{
	struct t_world *w = t_world(t);
	__u64 want[PF_COUNTER_MAX] = { 0 };
	static struct t_run r;
	int err, i, ok = 1;

	if (!w)
		return 0;
	err = t_run_frame(w->obj, in, len, ifindex, &r);
	if (err) {
		pf_t_fail(t, file, line, "test_run: %s", strerror(-err));
		return 0;
	}
	if (r.retval != verdict) {
		pf_t_fail(t, file, line, "verdict %u, want %u", r.retval, verdict);
		ok = 0;
	}
	if (!out) {
		out = in;
		out_len = len;
	}
	if (r.out_len != out_len || memcmp(r.out, out, out_len)) {
		pf_t_fail(t, file, line, "output frame differs");
		hexdiff(r.out, r.out_len, out, out_len);
		ok = 0;
	}
	want[PF_C_rx_total] = 1;
	for (i = 0; counters[i] != T_END; i++)
		want[counters[i]]++;
	for (i = 0; i < PF_COUNTER_MAX; i++) {
		if (r.delta[i] != want[i]) {
			pf_t_fail(t, file, line, "counter %s: +%llu, want +%llu",
				  pf_counter_name(i), (unsigned long long)r.delta[i],
				  (unsigned long long)want[i]);
			ok = 0;
		}
	}
	return ok;
}

int t_fixture_at(const char *file, int line, struct pf_t *t, const struct pf_frame *in, int ifindex,
		 __u32 verdict, const struct pf_frame *out, ...)
{
	static __u8 ib[2048], ob[2048];
	int counters[16], n = 0;
	size_t il, ol = 0;
	va_list ap;

	va_start(ap, out);
	while (n < 15 && (counters[n] = va_arg(ap, int)) != T_END)
		n++;
	va_end(ap);
	counters[n] = T_END;
	il = pf_frame_build(in, ib, sizeof(ib));
	if (out)
		ol = pf_frame_build(out, ob, sizeof(ob));
	return t_fixture_raw_at(file, line, t, ib, il, ifindex, verdict, out ? ob : NULL, ol,
				counters);
}
