// SPDX-License-Identifier: GPL-2.0-or-later
/* Value parsers: see parse.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "parse.h"

int pf_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	/* strtoul would accept leading blanks and signs ("-1" wraps around). */
	if (*s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int pf_parse_duration(const char *s, unsigned long bare_unit_ms, unsigned long max_ms,
		      unsigned long *ms)
{
	static const struct {
		const char *suffix;
		unsigned long scale;
	} units[] = { { "ms", 1 }, { "s", 1000 }, { "m", 60000 } };
	unsigned long v, scale = bare_unit_ms;
	char num[24];
	size_t n = strspn(s, "0123456789"), i;
	int err;

	if (!n || n >= sizeof(num))
		return -EINVAL;
	if (s[n]) {
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
			if (!strcmp(s + n, units[i].suffix))
				break;
		if (i == sizeof(units) / sizeof(units[0]))
			return -EINVAL;
		scale = units[i].scale;
	} else if (!scale) {
		return -ENOENT;
	}
	memcpy(num, s, n);
	num[n] = 0;
	err = pf_parse_uint(num, 0, max_ms / scale, &v);
	if (err)
		return err;
	*ms = v * scale;
	return 0;
}

static const char *const mode_names[] = {
	[PF_MODE_AUTO] = "auto",
	[PF_MODE_NATIVE] = "native",
	[PF_MODE_GENERIC] = "generic",
};

int pf_mode_parse(const char *s, enum pf_mode *m)
{
	size_t i;

	for (i = 0; i < sizeof(mode_names) / sizeof(mode_names[0]); i++)
		if (!strcmp(s, mode_names[i])) {
			*m = (enum pf_mode)i;
			return 0;
		}
	return -EINVAL;
}

const char *pf_mode_name(enum pf_mode m)
{
	return (unsigned int)m < sizeof(mode_names) / sizeof(mode_names[0]) ? mode_names[m] : "?";
}
