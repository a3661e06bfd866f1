/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A pcapng writer (the capture command's output): a section header, one
 * interface description per port (Ethernet, nanosecond timestamps, its
 * name), and enhanced packet blocks carrying the frame, its direction and
 * comments (the verdict, the counter that explains it, ...). Each block is
 * built whole and written with one fwrite, so a reader of a pipe never sees
 * half a block. Host byte order, which the section header's magic declares.
 */
#ifndef PF_PCAPNG_H
#define PF_PCAPNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum pf_pcapng_dir {
	PF_PCAPNG_DIR_UNKNOWN = 0,
	PF_PCAPNG_DIR_IN = 1,  /* as it arrived */
	PF_PCAPNG_DIR_OUT = 2, /* as it left */
};

struct pf_pcapng {
	FILE *f;
	unsigned int n_if; /* interfaces described so far: the next one's id */
};

/* The section header, naming the writing application; 0 or -errno. */
int pf_pcapng_start(struct pf_pcapng *w, FILE *f, const char *appl);

/* An Ethernet interface; its id (0, 1, ...) or -errno. */
int pf_pcapng_interface(struct pf_pcapng *w, const char *name, unsigned int snaplen);

/* One frame: caplen bytes of a frame that had origlen; 0 or -errno. */
int pf_pcapng_packet(struct pf_pcapng *w, unsigned int if_id, uint64_t ts_ns, const void *data,
		     unsigned int caplen, unsigned int origlen, enum pf_pcapng_dir dir,
		     const char *const *comments, size_t n_comments);

#endif
