// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The pcapng writer, block by block, byte for byte (the layout worked out
 * from the pcapng specification by hand, on a little-endian host), and
 * refusals that keep a stream readable; tcpdump and tshark read what it
 * writes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fp/pcapng.h"
#include "harness.h"
#include "run_line.h"

/* What the writer put into a memory stream so far. */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
}

static int same(struct mem *m, const unsigned char *want, size_t len)
{
	fflush(m->f);
	return m->len == len && !memcmp(m->buf, want, len);
}

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
PF_TEST(pcapng_blocks_exact)
{
	static const unsigned char shb[] = {
		0x0a, 0x0d, 0x0d, 0x0a, 0x28, 0,    0,    0,    /* type, total length 40 */
		0x4d, 0x3c, 0x2b, 0x1a, 1,    0,    0,    0,    /* byte-order magic, 1.0 */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* section length: unknown */
		4,    0,    2,    0,    'p',  'f',  0,    0,    /* shb_userappl "pf" */
		0,    0,    0,    0,    0x28, 0,    0,    0,    /* end of options, length */
	};
	static const unsigned char idb[] = {
		1, 0, 0, 0, 0x28, 0,   0, 0, /* type, total length 40 */
		1, 0, 0, 0, 0,    0,   4, 0, /* Ethernet, snaplen 262144 */
		2, 0, 2, 0, 'r',  '0', 0, 0, /* if_name "r0" */
		9, 0, 1, 0, 9,    0,   0, 0, /* if_tsresol: 10^-9 */
		0, 0, 0, 0, 0x28, 0,   0, 0,
	};
	static const unsigned char epb[] = {
		6,   0,   0,   0, 0x38, 0,   0, 0,             /* type, total length 56 */
		0,   0,   0,   0, 1,    0,   0, 0, 2, 0, 0, 0, /* interface 0, ts 2^32 + 2 */
		3,   0,   0,   0, 60,   0,   0, 0,             /* captured 3 of 60 */
		'a', 'b', 'c', 0,                              /* data, padded */
		2,   0,   4,   0, 1,    0,   0, 0,             /* epb_flags: inbound */
		1,   0,   2,   0, 'o',  'k', 0, 0,             /* opt_comment "ok" */
		0,   0,   0,   0, 0x38, 0,   0, 0,
	};
	const char *comment[] = { "ok" };
	struct pf_pcapng w;
	struct mem m;

	mem_open(&m);
	T_ASSERT(m.f, "open_memstream");
	T_ASSERT(!pf_pcapng_start(&w, m.f, "pf"), "section header");
	T_CHECK(same(&m, shb, sizeof(shb)), "section header bytes");
	fclose(m.f);
	free(m.buf);

	mem_open(&m);
	w.f = m.f;
	T_EQ_U64(pf_pcapng_interface(&w, "r0", 262144), 0, "first interface is 0");
	T_CHECK(same(&m, idb, sizeof(idb)), "interface block bytes");
	fclose(m.f);
	free(m.buf);

	mem_open(&m);
	w.f = m.f;
	T_ASSERT(!pf_pcapng_packet(&w, 0, (1ULL << 32) + 2, "abc", 3, 60, PF_PCAPNG_DIR_IN, comment,
				   1),
		 "packet");
	T_CHECK(same(&m, epb, sizeof(epb)), "packet block bytes");
	fclose(m.f);
	free(m.buf);
}
#endif

PF_TEST(pcapng_refusals)
{
	struct pf_pcapng w;
	struct mem m;
	size_t before;

	mem_open(&m);
	T_ASSERT(!pf_pcapng_start(&w, m.f, "pf") && pf_pcapng_interface(&w, "r0", 64) == 0, "star"
											    "t");
	fflush(m.f);
	before = m.len;
	T_EQ_U64(pf_pcapng_packet(&w, 1, 0, "x", 1, 1, PF_PCAPNG_DIR_IN, NULL, 0), -EINVAL,
		 "an undescribed interface is refused");
	T_EQ_U64(pf_pcapng_packet(&w, 0, 0, "xy", 2, 1, PF_PCAPNG_DIR_IN, NULL, 0), -EINVAL,
		 "more captured than the frame had is refused");
	fflush(m.f);
	T_EQ_U64(m.len, before, "a refused packet writes nothing");
	T_EQ_U64(pf_pcapng_interface(&w, "r1", 64), 1, "the second interface is 1");
	fclose(m.f);
	free(m.buf);
}

/* Real readers take the file: tcpdump counts its frames, tshark reads the comments. */
PF_TEST(pcapng_readers)
{
	static const unsigned char frame[60] = { 0x02, 0, 0,    0,    0x0a, 0x01, 0x02, 0,
						 0,    0, 0x0c, 0x01, 0x08, 0x00, 0x45 };
	const char *comments[] = { "verdict fwd_ok", "egress r1" };
	char path[] = "/tmp/pf-pcapng-XXXXXX", cmd[256], line[256];
	struct pf_pcapng w;
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	T_ASSERT(f, "temporary file");
	T_ASSERT(!pf_pcapng_start(&w, f, "packetframe test") &&
			 pf_pcapng_interface(&w, "r0", 262144) == 0 &&
			 pf_pcapng_interface(&w, "r1", 262144) == 1 &&
			 !pf_pcapng_packet(&w, 0, 1790000000000000000ULL, frame, 60, 60,
					   PF_PCAPNG_DIR_IN, comments, 2) &&
			 !pf_pcapng_packet(&w, 1, 1790000000000000500ULL, frame, 60, 60,
					   PF_PCAPNG_DIR_OUT, NULL, 0) &&
			 !pf_pcapng_packet(&w, 0, 1790000000000001000ULL, frame, 14, 60,
					   PF_PCAPNG_DIR_UNKNOWN, NULL, 0),
		 "write");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "tcpdump -nr %s 2>/dev/null | wc -l", path);
	T_CHECK(t_run_line(cmd, line, sizeof(line)) && !strcmp(line, "3"),
		"tcpdump reads 3 frames: '%s'", line);
	snprintf(cmd, sizeof(cmd),
		 "tshark -r %s -T fields -e frame.comment -e frame.interface_name 2>/dev/null",
		 path);
	T_CHECK(t_run_line(cmd, line, sizeof(line)) && !strcmp(line, "verdict fwd_ok,egress "
								     "r1\tr0"),
		"tshark reads the comments and the interface: '%s'", line);
	unlink(path);
}
