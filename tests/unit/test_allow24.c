// SPDX-License-Identifier: GPL-2.0-or-later
/* ALLOW24_V4's words, exactly, for prefixes shorter, equal and longer than /24. */
#include <string.h>
#include "bpf/shared.h"
#include "fp/allow24.h"
#include "harness.h"

/* The words of these prefixes (IPv4 and IPv6 text), into *want. */
static int words(struct pf_kv_set *want, const char *const *prefixes, size_t n)
{
	struct pf_allow24 a = { 0 };
	struct pf_prefix p;
	char err[128];
	size_t i;

	pf_kv_init(want, sizeof(__u32), sizeof(__u64));
	for (i = 0; i < n; i++)
		if (pf_prefix_parse(prefixes[i], &p, err, sizeof(err)) || pf_allow24_add(&a, &p))
			return -1;
	return pf_allow24_want(&a, want);
}

/* Word i of the set: its index and bits. */
static void word(const struct pf_kv_set *s, size_t i, __u32 *w, __u64 *bits)
{
	memcpy(w, s->rec + i * 12, 4);
	memcpy(bits, s->rec + i * 12 + 4, 8);
}

PF_TEST(allow24_words_exact)
{
	static const char *const p[] = {
		"192.0.2.0/24",     /* /24 number 0xc00002: word 0x60000, bits 4-5 */
		"192.0.2.128/25",   /* the same /24: SOME besides ALL */
		"192.0.31.0/24",    /* the word's last /24 (31) */
		"198.51.100.64/26", /* SOME alone */
		"2001:db8::/32",    /* IPv6: not here */
		"10.1.30.0/23",     /* /24s 30 and 31 of word (0x0a011e >> 5) */
	};
	struct pf_kv_set s;
	__u32 w;
	__u64 bits;

	T_ASSERT(!words(&s, p, sizeof(p) / sizeof(p[0])), "build");
	T_EQ_U64(s.n, 3, "three words");
	word(&s, 0, &w, &bits);
	T_EQ_U64(w, 0x0a011e / 32, "the /23's word");
	T_EQ_U64(bits, 0x5ull << 60, "ALL for /24s 30 and 31 only");
	word(&s, 1, &w, &bits);
	T_EQ_U64(w, 0xc00002 / 32, "192.0.2's word");
	T_EQ_U64(bits, 0x3ull << 4 | 0x1ull << 62, "ALL|SOME at 2, ALL at 31");
	word(&s, 2, &w, &bits);
	T_EQ_U64(w, 0xc63364 / 32, "198.51.100's word");
	T_EQ_U64(bits, 0x2ull << 2 * (0xc63364 % 32), "SOME only");
	pf_kv_free(&s);
}

PF_TEST(allow24_words_wide)
{
	static const char *const eight[] = { "10.0.0.0/8" }, *const all[] = { "0.0.0.0/0" },
				 *const twenty[] = { "10.0.16.0/20" };
	struct pf_kv_set s;
	__u32 w;
	__u64 bits;
	size_t i;
	int ok = 1;

	T_ASSERT(!words(&s, eight, 1), "build /8");
	T_EQ_U64(s.n, 65536 / 32, "a /8: 2048 whole words");
	for (i = 0; i < s.n; i++) {
		word(&s, i, &w, &bits);
		ok &= w == (10u << 16) / 32 + i && bits == 0x5555555555555555ull;
	}
	T_CHECK(ok, "every word of 10/8 all ALL, in order");
	pf_kv_free(&s);
	T_ASSERT(!words(&s, all, 1), "build /0");
	T_EQ_U64(s.n, PF_ALLOW24_WORDS, "the default route: every word");
	pf_kv_free(&s);
	T_ASSERT(!words(&s, twenty, 1), "build /20");
	T_EQ_U64(s.n, 1, "a /20: half a word");
	word(&s, 0, &w, &bits);
	T_EQ_U64(bits, 0x55555555ull << 32, "its 16 /24s, the word's upper half");
	pf_kv_free(&s);
}
