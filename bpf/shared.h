/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layouts of map keys and values shared by the BPF programs and userspace.
 * Every struct here is padding-free (checked at compile time on both sides):
 * the kernel copies them byte for byte and LLVM must never see a hole it
 * could fill with a memset libcall.
 */
#ifndef PF_SHARED_H
#define PF_SHARED_H

#include <linux/types.h>

#define PF_ASSERT_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), #type " must be " #size " bytes, no padding")

/* CFG[0]: global switches. */
struct pf_cfg {
	__u8 dry_run;
	__u8 pad;
	__u16 mss_global; /* 0 = no global MSS clamp */
	__u32 version;    /* layout version of this struct */
};
PF_ASSERT_SIZE(struct pf_cfg, 8);

#define PF_CFG_VERSION 1

#endif
