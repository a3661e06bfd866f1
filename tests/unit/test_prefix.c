// SPDX-License-Identifier: GPL-2.0-or-later
/* Prefix parsing: accepted forms, every error, and the LPM key layout. */
#include <string.h>
#include "bpf/shared.h"
#include "fp/prefix.h"
#include "harness.h"

static int parse_ok(const char *s, const char *canon)
{
	struct pf_prefix p;
	char err[128], out[64];

	if (pf_prefix_parse(s, &p, err, sizeof(err)))
		return 0;
	pf_prefix_format(&p, out, sizeof(out));
	return !strcmp(out, canon);
}

static int parse_err(const char *s, const char *want)
{
	struct pf_prefix p;
	char err[128];

	return pf_prefix_parse(s, &p, err, sizeof(err)) == -1 && strstr(err, want);
}

PF_TEST(prefix_accepts_v4_v6_and_hosts)
{
	T_CHECK(parse_ok("192.0.2.0/24", "192.0.2.0/24"), "v4 /24");
	T_CHECK(parse_ok("0.0.0.0/0", "0.0.0.0/0"), "v4 default");
	T_CHECK(parse_ok("198.51.100.7", "198.51.100.7/32"), "bare v4 = /32");
	T_CHECK(parse_ok("2001:db8::/32", "2001:db8::/32"), "v6 /32");
	T_CHECK(parse_ok("2001:DB8:0:0::/48", "2001:db8::/48"), "v6 normalised");
	T_CHECK(parse_ok("::/0", "::/0"), "v6 default");
	T_CHECK(parse_ok("fd00::1", "fd00::1/128"), "bare v6 = /128");
	T_CHECK(parse_ok("10.0.0.0/7", "10.0.0.0/7"), "odd length, bits clear");
}

PF_TEST(prefix_rejects_with_reasons)
{
	T_CHECK(parse_err("192.0.2.1/24", "did you mean 192.0.2.0/24?"), "host bits v4");
	T_CHECK(parse_err("2001:db8::1/32", "did you mean 2001:db8::/32?"), "host bits v6");
	T_CHECK(parse_err("10.1.0.0/15", "did you mean 10.0.0.0/15?"), "host bits odd length");
	T_CHECK(parse_err("192.0.2.0/33", "prefix length must be 0-32"), "v4 too long");
	T_CHECK(parse_err("2001:db8::/129", "prefix length must be 0-128"), "v6 too long");
	T_CHECK(parse_err("192.0.2.0/", "prefix length"), "empty length");
	T_CHECK(parse_err("192.0.2.0/-1", "prefix length"), "negative length");
	T_CHECK(parse_err("192.0.2.0/24x", "prefix length"), "trailing junk");
	T_CHECK(parse_err("192.0.2/24", "not an IPv4 or IPv6"), "short v4");
	T_CHECK(parse_err("example.com/24", "not an IPv4 or IPv6"), "name");
	T_CHECK(parse_err("/24", "not an address"), "no address");
	T_CHECK(parse_err("", "not an address"), "empty");
}

PF_TEST(prefix_lpm_key_layout)
{
	struct pf_prefix p;
	struct pf_lpm4 k4;
	struct pf_lpm6 k6;
	char err[128];

	T_ASSERT(!pf_prefix_parse("192.0.2.0/24", &p, err, sizeof(err)), "%s", err);
	T_EQ_U64(pf_prefix_lpm_key(&p, &k4), sizeof(k4), "v4 key size");
	T_EQ_U64(k4.prefixlen, 24, "v4 prefixlen");
	T_CHECK(!memcmp(k4.addr, "\xc0\x00\x02\x00", 4), "v4 key bytes in network order");
	T_ASSERT(!pf_prefix_parse("2001:db8::/32", &p, err, sizeof(err)), "%s", err);
	T_EQ_U64(pf_prefix_lpm_key(&p, &k6), sizeof(k6), "v6 key size");
	T_EQ_U64(k6.prefixlen, 32, "v6 prefixlen");
	T_CHECK(!memcmp(k6.addr, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\0", 16), "v6 key bytes");
}
