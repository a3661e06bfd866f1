/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The frame template the test wrappers (testprogs.bpf.c: bench_wrap,
 * headroom_wrap) write over the frame before each run of the program under
 * test: one layout for the BPF side and for the bench and tests that fill it.
 */
#ifndef PF_T_TPL_H
#define PF_T_TPL_H

#include <linux/types.h>

#define TPL_BYTES 96

struct tpl {
	__u32 len;
	__u32 burn;   /* headroom_wrap: headroom to use up first */
	__u8 bytes[TPL_BYTES] __attribute__((aligned(8)));
	__u32 flows;  /* bench_wrap: rotate over this many flows (0, 1: one) */
	__u8 v6;      /* the template is IPv6 (else IPv4), untagged */
	__u8 src_too; /* rotate the source as well as the destination */
	__u16 pad;
};

#endif
