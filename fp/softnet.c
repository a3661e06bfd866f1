// SPDX-License-Identifier: GPL-2.0-or-later
/* Summing /proc/net/softnet_stat (see softnet.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "softnet.h"

int pf_softnet_read(struct pf_softnet *s)
{
	FILE *f = fopen("/proc/net/softnet_stat", "re");
	unsigned long long processed, dropped, squeeze;
	char line[512];
	int cpus = 0;

	memset(s, 0, sizeof(*s));
	if (!f)
		return -errno;
	/* One line a CPU, hexadecimal: processed, dropped, time_squeeze, ... */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %llx %llx", &processed, &dropped, &squeeze) == 3) {
			s->dropped += dropped;
			s->time_squeeze += squeeze;
			cpus++;
		}
	fclose(f);
	return cpus ? 0 : -ENODATA;
}
