/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IPv4/IPv6 prefixes as operators write them ("192.0.2.0/24", "2001:db8::/32"):
 * strict parsing (host bits set is an error that suggests the right prefix),
 * formatting, and the LPM trie key the BPF maps use.
 */
#ifndef PF_PREFIX_H
#define PF_PREFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

struct pf_prefix {
	int family;   /* 4 or 6 */
	__u32 len;    /* prefix length in bits */
	__u8 addr[16];
};

/*
 * Parse "ADDR/LEN" (a bare address means a host prefix). Returns 0, or -1
 * with a message for the operator in err (e.g. the corrected prefix).
 */
int pf_prefix_parse(const char *s, struct pf_prefix *p, char *err, size_t errlen);

/* "ADDR/LEN" into buf (at least 50 bytes). */
void pf_prefix_format(const struct pf_prefix *p, char *buf, size_t len);

/* Total order (family, length, address) for sorting and searching. */
int pf_prefix_cmp(const void *a, const void *b);
/* Sort and drop duplicates in place; returns the new count. */
size_t pf_prefix_sort_unique(struct pf_prefix *v, size_t n);
/* Is p in a sorted array? O(log n). */
bool pf_prefix_in(const struct pf_prefix *sorted, size_t n, const struct pf_prefix *p);

/* Fill a struct pf_lpm4 or pf_lpm6 key; returns the key size. */
size_t pf_prefix_lpm_key(const struct pf_prefix *p, void *key);

#endif
