// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer target: the config parser (and, through allow-prefix and
 * mss-clamp, the prefix parser) on arbitrary bytes. Any crash, hang or
 * sanitizer report is a bug; its input goes into tests/fuzz/regressions/,
 * which `make test` replays.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fp/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pf_config c;
	char err[512];
	char *text = malloc(size + 1);

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = 0; /* the loader refuses NUL bytes before parsing */
	if (!pf_config_parse(&c, "fuzz.conf", text, err, sizeof(err), NULL, NULL))
		pf_config_free(&c);
	free(text);
	return 0;
}
