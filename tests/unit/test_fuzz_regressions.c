// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replays the fuzzer's seed corpus and every input it ever crashed on
 * (tests/fuzz/regressions/) through the config parser: each must parse, or
 * fail with an error naming the file and line, and leave nothing allocated.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fp/config.h"
#include "fp/state.h"
#include "harness.h"

static int replay(struct pf_t *t, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[PATH_MAX], err[512];
		struct pf_config c;

		if (e->d_name[0] == '.')
			continue;
		pf_path_join(path, dir, e->d_name);
		if (!pf_config_load(&c, path, err, sizeof(err), NULL, NULL))
			pf_config_free(&c);
		else
			T_CHECK(!strncmp(err, path, strlen(path)), "%s: error does not name the file: %s",
				path, err);
		T_CHECK(!c.attach && !c.allow && !c.block && !c.mss, "%s: left allocations", path);
		n++;
	}
	closedir(d);
	return n;
}

PF_TEST(fuzz_corpus_and_regressions_replay)
{
	int n = replay(t, "tests/fuzz/corpus") + replay(t, "tests/fuzz/regressions");

	T_CHECK(n >= 3, "expected the seed corpus, replayed %d files", n);
}
