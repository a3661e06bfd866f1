// SPDX-License-Identifier: GPL-2.0-or-later
/* Prefix parsing, formatting and LPM keys. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bpf/shared.h"
#include "prefix.h"

void pf_prefix_format(const struct pf_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(p->family == 4 ? AF_INET : AF_INET6, p->addr, a, sizeof(a));
	snprintf(buf, len, "%s/%u", a, p->len);
}

static int host_bits_set(const struct pf_prefix *p)
{
	unsigned int bytes = p->family == 4 ? 4 : 16, i;

	for (i = 0; i < bytes; i++) {
		unsigned int first = i * 8;
		__u8 mask = first >= p->len ? 0 : p->len - first >= 8 ? 0xff
						 : (__u8)(0xff << (8 - (p->len - first)));

		if (p->addr[i] & ~mask)
			return 1;
	}
	return 0;
}

static void clear_host_bits(struct pf_prefix *p)
{
	unsigned int bytes = p->family == 4 ? 4 : 16, i;

	for (i = 0; i < bytes; i++) {
		unsigned int first = i * 8;

		if (first >= p->len)
			p->addr[i] = 0;
		else if (p->len - first < 8)
			p->addr[i] &= (__u8)(0xff << (8 - (p->len - first)));
	}
}

int pf_prefix_parse(const char *s, struct pf_prefix *p, char *err, size_t errlen)
{
	char addr[INET6_ADDRSTRLEN + 1], *end;
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	unsigned long len;

	memset(p, 0, sizeof(*p));
	if (alen == 0 || alen >= sizeof(addr)) {
		snprintf(err, errlen, "'%s' is not an address/prefix-length", s);
		return -1;
	}
	memcpy(addr, s, alen);
	addr[alen] = 0;
	if (inet_pton(AF_INET, addr, p->addr) == 1) {
		p->family = 4;
	} else if (inet_pton(AF_INET6, addr, p->addr) == 1) {
		p->family = 6;
	} else {
		snprintf(err, errlen, "'%s' is not an IPv4 or IPv6 address", addr);
		return -1;
	}
	if (!slash) {
		p->len = p->family == 4 ? 32 : 128;
		return 0;
	}
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	/* Digits only, no leading zero: "/ 24", "/024", "/+8" are typos, not lengths. */
	if (errno || end == slash + 1 || *end || slash[1] < '0' || slash[1] > '9' ||
	    (slash[1] == '0' && slash[2]) || len > (p->family == 4 ? 32u : 128u)) {
		snprintf(err, errlen, "'%s': prefix length must be 0-%d", s,
			 p->family == 4 ? 32 : 128);
		return -1;
	}
	p->len = (__u32)len;
	if (host_bits_set(p)) {
		char fixed[64];

		clear_host_bits(p);
		pf_prefix_format(p, fixed, sizeof(fixed));
		snprintf(err, errlen, "'%s' has host bits set; did you mean %s?", s, fixed);
		return -1;
	}
	return 0;
}

size_t pf_prefix_lpm_key(const struct pf_prefix *p, void *key)
{
	if (p->family == 4) {
		struct pf_lpm4 *k = key;

		k->prefixlen = p->len;
		memcpy(k->addr, p->addr, 4);
		return sizeof(*k);
	} else {
		struct pf_lpm6 *k = key;

		k->prefixlen = p->len;
		memcpy(k->addr, p->addr, 16);
		return sizeof(*k);
	}
}

int pf_prefix_cmp(const void *a, const void *b)
{
	const struct pf_prefix *x = a, *y = b;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return memcmp(x->addr, y->addr, sizeof(x->addr));
}

size_t pf_prefix_sort_unique(struct pf_prefix *v, size_t n)
{
	size_t i, out = 0;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), pf_prefix_cmp);
	for (i = 1; i < n; i++)
		if (pf_prefix_cmp(&v[out], &v[i]))
			v[++out] = v[i];
	return out + 1;
}

bool pf_prefix_in(const struct pf_prefix *sorted, size_t n, const struct pf_prefix *p)
{
	return n && bsearch(p, sorted, n, sizeof(*sorted), pf_prefix_cmp);
}
