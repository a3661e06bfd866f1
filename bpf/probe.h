/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layouts shared by the probe program (probe.bpf.c) and `packetframe probe`.
 */
#ifndef PF_PROBE_H
#define PF_PROBE_H

#include <linux/types.h>

#define PF_PROBE_HEAD            64   /* bytes copied per frame */
#define PF_PROBE_MAX_OFFSET      512
#define PF_PROBE_MAX_OFFSET_MASK 1023 /* verifier bound; userspace caps at 512 */

/*
 * The probe object's program and maps: userspace finds them by these names
 * only, and a unit test checks the built object has exactly these.
 */
#define PF_PROBE_PROGS(X) X(pf_probe)
#define PF_PROBE_MAPS(X) \
	X(SAMPLES)       \
	X(PROBE_CFG)

struct pf_probe_cfg {
	__u32 offset;
};

struct pf_probe_sample {
	__u64 ts_ns;
	__u32 len;    /* frame length as XDP saw it */
	__u32 caplen; /* bytes of head[] filled */
	__u8 head[PF_PROBE_HEAD];
};

#endif
