// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Allow-list text: line numbers as an editor shows them (blank lines count),
 * every bad line reported, and NUL bytes, byte-order marks and CR line ends
 * refused by line rather than silently ending or changing the list.
 */
#include <stdlib.h>
#include <string.h>
#include "ctx.h"
#include "fp/allow_file.h"
#include "harness.h"

/* Parse a literal of `len` bytes; returns the result code. */
static int parse(const char *lit, size_t len, size_t *n, char *err, size_t errlen)
{
	char *text = malloc(len + 1);
	struct pf_prefix *v = NULL;
	int rc;

	memcpy(text, lit, len);
	text[len] = 0;
	rc = pf_allow_parse("in.txt", text, len, &v, n, err, errlen);
	free(text);
	free(v);
	return rc;
}

#define PARSE(lit, n, err) parse(lit, sizeof(lit) - 1, n, err, sizeof(err))

PF_TEST(allow_parse_good_lines_comments_blank)
{
	char err[512];
	size_t n = 0;

	T_CHECK(!PARSE("# feed\n\n10.0.0.0/8\n  2001:db8::/32  # doc\n\n", &n, err), "%s", err);
	T_EQ_U64(n, 2, "prefixes");
	T_CHECK(!PARSE("10.0.0.0/8\n# the end, no newline", &n, err) && n == 1,
		"a final comment without newline: %s", err);
	T_CHECK(!PARSE("", &n, err) && n == 0, "empty text parses to nothing");
}

PF_TEST(allow_parse_line_numbers_count_blank_lines)
{
	char err[512];
	size_t n;

	T_CHECK(PARSE("\n\n\n10.0.0.1/8\n", &n, err) == PF_REFUSED, "host bits refused");
	T_CHECK(!strncmp(err, "in.txt:4: ", 10), "names line 4: %s", err);
}

PF_TEST(allow_parse_reports_every_bad_line)
{
	char err[1024];
	size_t n;

	T_CHECK(PARSE("bogus\n10.0.0.0/8\n1.2.3.4/33\n", &n, err) == PF_REFUSED, "refused");
	T_CHECK(strstr(err, "in.txt:1: ") && strstr(err, "in.txt:3: ") && !strstr(err, ":2: "),
		"lines 1 and 3, not 2: %s", err);
}

PF_TEST(allow_parse_bounds_the_report)
{
	char text[4096], err[4096];
	size_t n, at = 0;
	int i;

	for (i = 0; i < 25; i++)
		at += (size_t)snprintf(text + at, sizeof(text) - at, "bad%d\n", i);
	T_CHECK(parse(text, at, &n, err, sizeof(err)) == PF_REFUSED, "refused");
	T_CHECK(strstr(err, "in.txt:10: ") && !strstr(err, "in.txt:11: "), "ten listed: %s", err);
	T_CHECK(strstr(err, "in.txt: 15 more bad lines"), "the rest counted: %s", err);
}

PF_TEST(allow_parse_refuses_nul_bom_cr)
{
	char err[512];
	size_t n;

	T_CHECK(PARSE("10.0.0.0/8\n192.0.2.0/24\0\n198.51.100.0/24\n", &n, err) == PF_REFUSED,
		"a NUL byte is refused, not the end of the list");
	T_CHECK(strstr(err, "in.txt:2: a NUL byte"), "%s", err);
	T_CHECK(PARSE("\xef\xbb\xbf" "10.0.0.0/8\n", &n, err) == PF_REFUSED, "BOM refused");
	T_CHECK(strstr(err, "in.txt:1: starts with a UTF-8 byte-order mark"), "%s", err);
	T_CHECK(PARSE("10.0.0.0/8\r\n192.0.2.0/24\r\n", &n, err) == PF_REFUSED, "CRLF refused");
	T_CHECK(strstr(err, "in.txt:1: ends in CR") && strstr(err, "in.txt:2: ends in CR"), "%s",
		err);
}

/* A feed cut off mid-line can still parse ("192.0.0.0/24" -> "192.0.0.0/2"): refused. */
PF_TEST(allow_parse_refuses_a_missing_final_newline)
{
	char err[512];
	size_t n;

	T_CHECK(PARSE("10.91.2.0/24\n192.0.0.0/2", &n, err) == PF_REFUSED, "cut-off list accepted");
	T_CHECK(strstr(err, "in.txt:2: no newline at the end"), "%s", err);
	T_CHECK(!PARSE("10.91.2.0/24\n192.0.0.0/24\n", &n, err) && n == 2, "%s", err);
}
