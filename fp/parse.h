/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Value parsers shared by the command line and the config file, so that a
 * number, a duration or an attach mode means the same thing in both.
 */
#ifndef PF_PARSE_H
#define PF_PARSE_H

#include "config.h"

/* A decimal in [min, max], no sign, no trailing junk. 0, -EINVAL or -ERANGE. */
int pf_parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out);

/*
 * A duration: <N>ms, <N>s or <N>m, in milliseconds. A bare <N> counts in
 * `bare_unit_ms` (0: a unit is required). 0, -EINVAL (bad syntax), -ENOENT
 * (unit missing) or -ERANGE (more than `max_ms`).
 */
int pf_parse_duration(const char *s, unsigned long bare_unit_ms, unsigned long max_ms,
		      unsigned long *ms);

/* "auto", "native" or "generic"; 0 or -EINVAL. */
int pf_mode_parse(const char *s, enum pf_mode *m);
const char *pf_mode_name(enum pf_mode m);
#define PF_MODE_CHOICES "auto|native|generic"

#endif
