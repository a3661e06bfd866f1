// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The differential oracle's command line (tests/oracle/oracle.sh drives it):
 *
 *   oracle run PREFIX SEED COUNT OUT   record a run (namespaces PREFIX-s, -e1, -e2, -e3)
 *   oracle replay PREFIX SEED OUT I... record only frames I...
 *   oracle diff A B SEED [MAX]        compare two records; lists differences
 *   oracle show SEED I                print frame I of the corpus (hex)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "corpus.h"
#include "engine.h"

static int replay(char **argv, int n)
{
	unsigned int *only = calloc((size_t)n, sizeof(*only));
	int i, rc;

	if (!only)
		return 2;
	for (i = 0; i < n; i++)
		only[i] = (unsigned int)strtoul(argv[3 + i], NULL, 10);
	rc = oracle_run(argv[0], strtoull(argv[1], NULL, 0), 0, argv[2], only, (unsigned int)n);
	free(only);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "run"))
		return oracle_run(argv[2], strtoull(argv[3], NULL, 0), (unsigned int)atoi(argv[4]),
				  argv[5], NULL, 0);
	if (argc >= 6 && !strcmp(argv[1], "replay"))
		return replay(argv + 2, argc - 5);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "diff"))
		return oracle_diff(argv[2], argv[3], strtoull(argv[4], NULL, 0),
				   argc == 6 ? (unsigned int)atoi(argv[5]) : 20, NULL, NULL, 0);
	if (argc == 4 && !strcmp(argv[1], "show")) {
		struct oracle_frame f;

		oracle_frame(strtoull(argv[2], NULL, 0), (unsigned int)atoi(argv[3]), &f);
		printf("frame %s (%s, in at port %d)\n", argv[3], f.cls, f.port);
		oracle_hex("bytes", f.b, f.len);
		return 0;
	}
	fprintf(stderr, "usage: oracle run PREFIX SEED COUNT OUT | replay PREFIX SEED OUT I... | "
			"diff A B SEED [MAX] | show SEED I\n");
	return 2;
}
