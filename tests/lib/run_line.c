// SPDX-License-Identifier: GPL-2.0-or-later
/* The first line of a command's output (see run_line.h). */
#include <stdio.h>
#include <string.h>
#include "run_line.h"

int t_run_line(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");
	int ok;

	out[0] = 0;
	if (!p)
		return 0;
	ok = fgets(out, (int)len, p) != NULL;
	out[strcspn(out, "\n")] = 0;
	return pclose(p) == 0 && ok;
}
