// SPDX-License-Identifier: GPL-2.0-or-later
/* Record sets and map reconciliation. */
#define _GNU_SOURCE /* qsort_r */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "grow.h"
#include "delta.h"
#include "state.h"

#define REC(s, i) ((s)->rec + (i) * ((s)->ksz + (s)->vsz))

void pf_kv_init(struct pf_kv_set *s, size_t ksz, size_t vsz)
{
	memset(s, 0, sizeof(*s));
	s->ksz = ksz;
	s->vsz = vsz;
}

void pf_kv_free(struct pf_kv_set *s)
{
	free(s->rec);
	s->rec = NULL;
	s->n = s->cap = 0;
}

static long find(const struct pf_kv_set *s, const void *key)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (!memcmp(REC(s, i), key, s->ksz))
			return (long)i;
	return -1;
}

/* Sets stay small enough (allowlists of ~1e5) that a sorted index is built on demand. */
static int cmp_keys(const void *a, const void *b, void *ksz)
{
	return memcmp(a, b, *(const size_t *)ksz);
}

int pf_kv_add(struct pf_kv_set *s, const void *key, const void *val)
{
	size_t r = s->ksz + s->vsz;
	long i = s->n < 64 ? find(s, key) : -1;

	if (i >= 0) {
		memcpy(REC(s, i) + s->ksz, val, s->vsz);
		return 0;
	}
	if (pf_grow((void **)&s->rec, &s->cap, s->n + 1, r))
		return -ENOMEM;
	memcpy(REC(s, s->n), key, s->ksz);
	memcpy(REC(s, s->n) + s->ksz, val, s->vsz);
	s->n++;
	return 0;
}

static void sort_set(struct pf_kv_set *s)
{
	qsort_r(s->rec, s->n, s->ksz + s->vsz, cmp_keys, &s->ksz);
}

/* Binary search of a sorted set (bsearch has no context argument). */
static const unsigned char *lookup(const struct pf_kv_set *s, const void *key)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(key, REC(s, mid), s->ksz);

		if (!c)
			return REC(s, mid);
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* An array map holds every index: there an all-zero value is an absent record. */
static bool is_array(int fd)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);

	return !bpf_map_get_info_by_fd(fd, &info, &len) && info.type == BPF_MAP_TYPE_ARRAY;
}

static bool all_zero(const unsigned char *v, size_t n)
{
	while (n--)
		if (*v++)
			return false;
	return true;
}

/*
 * An array's nonzero records, a batch at a time: the slot-by-slot walk costs
 * two syscalls a slot, and ALLOW24_V4 has half a million. 1: this kernel
 * has no batch lookup for arrays (before 5.6), walk it.
 */
#define BATCH 4096
static int read_array(int fd, struct pf_kv_set *s)
{
	unsigned char *vals = malloc(BATCH * s->vsz);
	__u32 keys[BATCH], tok_in = 0, tok_out = 0, count, i;
	void *in = NULL;
	int err = 0, rc;

	if (!vals)
		return -ENOMEM;
	do {
		count = BATCH;
		rc = bpf_map_lookup_batch(fd, in, &tok_out, keys, vals, &count, NULL);
		if (rc && errno != ENOENT) {
			err = errno == EINVAL || errno == ENOTSUP || errno == EOPNOTSUPP ? 1
											 : -errno;
			break;
		}
		for (i = 0; i < count && !err; i++)
			if (!all_zero(vals + (size_t)i * s->vsz, s->vsz))
				err = pf_kv_add(s, &keys[i], vals + (size_t)i * s->vsz);
		tok_in = tok_out;
		in = &tok_in;
	} while (!rc && !err);
	free(vals);
	return err;
}

int pf_kv_read_map(int fd, struct pf_kv_set *s)
{
	unsigned char key[64], next[64], val[256];
	bool array = is_array(fd);
	void *prev = NULL;
	int err;

	if (s->ksz > sizeof(key) || s->vsz > sizeof(val))
		return -E2BIG;
	if (array && s->ksz == sizeof(__u32)) {
		err = read_array(fd, s);
		if (err != 1)
			return err;
		s->n = 0;
	}
	while (!bpf_map_get_next_key(fd, prev, next)) {
		memcpy(key, next, s->ksz);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, val) || (array && all_zero(val, s->vsz)))
			continue; /* deleted meanwhile, or an empty slot */
		err = pf_kv_add(s, key, val);
		if (err)
			return err;
	}
	return errno == ENOENT ? 0 : -errno;
}

int pf_delta_plan(const struct pf_kv_set *cur, const struct pf_kv_set *want,
		  struct pf_kv_set *upsert, struct pf_kv_set *del, struct pf_delta *d)
{
	struct pf_kv_set c = *cur, w = *want;
	size_t i;
	int err = 0;

	memset(d, 0, sizeof(*d));
	pf_kv_init(upsert, want->ksz, want->vsz);
	pf_kv_init(del, cur->ksz, cur->vsz);
	/* Sort private copies; duplicates in `want` (last wins) are folded by bsearch order. */
	c.rec = malloc(cur->n * (cur->ksz + cur->vsz) + 1);
	w.rec = malloc(want->n * (want->ksz + want->vsz) + 1);
	if (!c.rec || !w.rec) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(c.rec, cur->rec, cur->n * (cur->ksz + cur->vsz));
	memcpy(w.rec, want->rec, want->n * (want->ksz + want->vsz));
	sort_set(&c);
	sort_set(&w);
	for (i = 0; i < w.n && !err; i++) {
		const unsigned char *r = REC(&w, i), *have = lookup(&c, r);

		if (i + 1 < w.n && !memcmp(r, REC(&w, i + 1), w.ksz))
			continue; /* same key twice: keep one */
		if (have && !memcmp(have + w.ksz, r + w.ksz, w.vsz))
			continue;
		err = pf_kv_add(upsert, r, r + w.ksz);
		if (have)
			d->changed++;
		else
			d->added++;
	}
	for (i = 0; i < c.n && !err; i++) {
		const unsigned char *r = REC(&c, i);

		if (lookup(&w, r))
			continue;
		err = pf_kv_add(del, r, r + c.ksz);
		d->removed++;
	}
out:
	free(c.rec);
	free(w.rec);
	return err;
}

static int write_upserts(int fd, const struct pf_kv_set *up, struct pf_delta *done)
{
	size_t i;

	for (i = 0; i < up->n; i++) {
		const unsigned char *r = REC(up, i);
		int err = pf_fault_point("map-write");

		if (err || bpf_map_update_elem(fd, r, r + up->ksz, BPF_ANY))
			return err ?: -errno;
		done->added++; /* added or changed: the caller's plan tells which */
	}
	return 0;
}

/* Deleted records; in an array, zeroed slots (see is_array). */
static int write_deletes(int fd, const struct pf_kv_set *del, struct pf_delta *done)
{
	unsigned char zero[256] = { 0 };
	bool array = del->n && is_array(fd);
	size_t i;

	if (del->vsz > sizeof(zero))
		return -E2BIG;
	for (i = 0; i < del->n; i++) {
		int err = pf_fault_point("map-write");

		if (!err && array)
			err = bpf_map_update_elem(fd, REC(del, i), zero, BPF_ANY) ? -errno : 0;
		else if (!err && bpf_map_delete_elem(fd, REC(del, i)) && errno != ENOENT)
			err = -errno;
		if (err)
			return err;
		done->removed++;
	}
	return 0;
}

int pf_map_write(int fd, const struct pf_kv_set *up, const struct pf_kv_set *del,
		 bool deletes_first, struct pf_delta *done)
{
	memset(done, 0, sizeof(*done));
	if (deletes_first)
		return write_deletes(fd, del, done) ?: write_upserts(fd, up, done);
	return write_upserts(fd, up, done) ?: write_deletes(fd, del, done);
}

int pf_map_reconcile(int fd, const struct pf_kv_set *want, bool deletes_first,
		     struct pf_delta *d)
{
	struct pf_kv_set cur, up, del;
	struct pf_delta done;
	int err;

	memset(d, 0, sizeof(*d));
	pf_kv_init(&cur, want->ksz, want->vsz);
	err = pf_kv_read_map(fd, &cur);
	if (!err)
		err = pf_delta_plan(&cur, want, &up, &del, d);
	pf_kv_free(&cur);
	if (err)
		return err;
	err = pf_map_write(fd, &up, &del, deletes_first, &done);
	pf_kv_free(&up);
	pf_kv_free(&del);
	return err;
}
