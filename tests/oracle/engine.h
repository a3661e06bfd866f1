/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The differential oracle's engine (engine.c): record what the ports around
 * the router receive for each corpus frame, and compare two records.
 */
#ifndef PF_ORACLE_ENGINE_H
#define PF_ORACLE_ENGINE_H

#include <stddef.h>

/* How long the ports must be quiet before a frame's outputs are complete. */
extern long long oracle_quiet_us;

/*
 * Send frames 0..count-1 (or only the n_only listed in `only`) from the
 * sender ports of namespaces PREFIX-s into the router, recording into `path`
 * what PREFIX-s, -e1, -e2, -e3 receive. 0, or 2 on a setup failure.
 */
int oracle_run(const char *prefix, unsigned long long seed, unsigned int count, const char *path,
	       const unsigned int *only, unsigned int n_only);

/*
 * Compare two records frame by frame, printing a DIFF line for each frame
 * whose outputs differ (bytes shown for the first `max`); the differing
 * frame numbers go into idx (up to cap) when it is given. 0 when equal, 1
 * with differences, 2 when the records cannot be compared.
 */
int oracle_diff(const char *a, const char *b, unsigned long long seed, unsigned int max,
		unsigned int *idx, unsigned int *n_idx, unsigned int cap);

/* "label (N B):" and the first 96 bytes in hex. */
void oracle_hex(const char *label, const unsigned char *b, size_t len);

#endif
