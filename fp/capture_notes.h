/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The comments capture writes beside a frame (pcapng opt_comment): one
 * sentence each, the verdict and its counter first.
 */
#ifndef PF_CAPTURE_NOTES_H
#define PF_CAPTURE_NOTES_H

#include <stddef.h>
#include <linux/types.h>
#include "sampler.h"

#define PF_NOTE_LEN 256
#define PF_NOTES_MAX 6

/* The notes of a sample's arrival into c; how many. */
size_t pf_capture_notes(const struct pf_sample *s, char c[][PF_NOTE_LEN]);

/* A port's name into buf (IF_NAMESIZE), or "#ifindex" when it has none here. */
const char *pf_capture_ifname(__u32 ifindex, char *buf);

#endif
