// SPDX-License-Identifier: GPL-2.0-or-later
/* pcapng blocks (see pcapng.h): built in memory, written whole. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "grow.h"
#include "pcapng.h"

#define BT_SHB 0x0A0D0D0AU
#define BT_IDB 0x00000001U
#define BT_EPB 0x00000006U
#define BYTE_ORDER_MAGIC 0x1A2B3C4DU
#define LINKTYPE_ETHERNET 1

enum { OPT_END = 0, OPT_COMMENT = 1, SHB_USERAPPL = 4, IF_NAME = 2, IF_TSRESOL = 9, EPB_FLAGS = 2 };

struct block {
	uint8_t *p;
	size_t len, cap;
	int err;
};

static void put(struct block *b, const void *data, size_t len)
{
	if (b->err || pf_grow((void **)&b->p, &b->cap, b->len + len + 4, 1)) {
		b->err = -ENOMEM;
		return;
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
}

static void put32(struct block *b, uint32_t v)
{
	put(b, &v, 4);
}

static void put16(struct block *b, uint16_t v)
{
	put(b, &v, 2);
}

/* Zeros up to the next 32-bit boundary. */
static void pad(struct block *b)
{
	static const uint8_t zero[4];

	put(b, zero, (4 - b->len % 4) % 4);
}

static void option(struct block *b, uint16_t code, const void *value, size_t len)
{
	if (len > UINT16_MAX) {
		b->err = -EINVAL;
		return;
	}
	put16(b, code);
	put16(b, (uint16_t)len);
	put(b, value, len);
	pad(b);
}

static void begin(struct block *b, uint32_t type)
{
	memset(b, 0, sizeof(*b));
	put32(b, type);
	put32(b, 0); /* total length, known at the end */
}

/* End of options, the trailing length, then one write. */
static int finish(struct block *b, FILE *f, bool options)
{
	uint32_t total;
	int err;

	if (options) {
		put16(b, OPT_END);
		put16(b, 0);
	}
	total = (uint32_t)(b->len + 4);
	put32(b, total);
	if (!b->err)
		memcpy(b->p + 4, &total, 4);
	err = b->err ?: fwrite(b->p, 1, b->len, f) == b->len ? 0 : -EIO;
	free(b->p);
	return err;
}

int pf_pcapng_start(struct pf_pcapng *w, FILE *f, const char *appl)
{
	struct block b;
	uint64_t section_len = UINT64_MAX; /* not given: the section runs to the end */

	w->f = f;
	w->n_if = 0;
	begin(&b, BT_SHB);
	put32(&b, BYTE_ORDER_MAGIC);
	put16(&b, 1); /* version 1.0 */
	put16(&b, 0);
	put(&b, &section_len, 8);
	option(&b, SHB_USERAPPL, appl, strlen(appl));
	return finish(&b, f, true);
}

int pf_pcapng_interface(struct pf_pcapng *w, const char *name, unsigned int snaplen)
{
	uint8_t nanoseconds = 9; /* 10^-9 */
	struct block b;
	int err;

	begin(&b, BT_IDB);
	put16(&b, LINKTYPE_ETHERNET);
	put16(&b, 0);
	put32(&b, snaplen);
	option(&b, IF_NAME, name, strlen(name));
	option(&b, IF_TSRESOL, &nanoseconds, 1);
	err = finish(&b, w->f, true);
	return err ?: (int)w->n_if++;
}

int pf_pcapng_packet(struct pf_pcapng *w, unsigned int if_id, uint64_t ts_ns, const void *data,
		     unsigned int caplen, unsigned int origlen, enum pf_pcapng_dir dir,
		     const char *const *comments, size_t n_comments)
{
	uint32_t flags = dir;
	struct block b;
	size_t i;

	if (if_id >= w->n_if || caplen > origlen)
		return -EINVAL;
	begin(&b, BT_EPB);
	put32(&b, if_id);
	put32(&b, (uint32_t)(ts_ns >> 32));
	put32(&b, (uint32_t)ts_ns);
	put32(&b, caplen);
	put32(&b, origlen);
	put(&b, data, caplen);
	pad(&b);
	if (dir)
		option(&b, EPB_FLAGS, &flags, 4);
	for (i = 0; i < n_comments; i++)
		option(&b, OPT_COMMENT, comments[i], strlen(comments[i]));
	return finish(&b, w->f, dir || n_comments);
}
