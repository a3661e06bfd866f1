/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The oracle's corpus: frames drawn from a seed (the same seed gives the same
 * frames, so two runs and a replay see exactly the same input), random and
 * crafted for every class the kernel treats specially. The addresses match
 * the topology tests/oracle/oracle.sh builds.
 */
#ifndef PF_ORACLE_CORPUS_H
#define PF_ORACLE_CORPUS_H

#include <stddef.h>
#include <linux/types.h>

#define ORACLE_MAX_FRAME 1600
#define ORACLE_PORTS_IN 3 /* s0 (rp_filter off), s1 (strict), s2 (loose) */

struct oracle_frame {
	int port;        /* sender port, 0..ORACLE_PORTS_IN-1 */
	const char *cls; /* what it is meant to exercise */
	size_t len;
	__u8 b[ORACLE_MAX_FRAME];
};

/*
 * Set for the VM topology, which has VLAN subinterfaces: most frames then
 * carry tags (see vlan_tag in corpus.c). The same seed gives other frames.
 */
extern int oracle_vlan_mode;

/* Frame number i of the corpus for this seed. */
void oracle_frame(unsigned long long seed, unsigned int i, struct oracle_frame *f);

#endif
