/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sets of fixed-size map records (key + value) and reconciling a BPF map to
 * a desired set by delta: additions and changes first, deletions last, so
 * that a prefix moving to a shorter or longer covering entry never leaves a
 * gap in which its traffic is not matched.
 */
#ifndef PF_DELTA_H
#define PF_DELTA_H

#include <stdbool.h>
#include <stddef.h>

struct pf_kv_set {
	size_t ksz, vsz, n, cap;
	unsigned char *rec; /* n records of ksz + vsz bytes */
};

struct pf_delta {
	size_t added, changed, removed;
};

void pf_kv_init(struct pf_kv_set *s, size_t ksz, size_t vsz);
/*
 * Append a record. In small sets (< 64 records) a key already present has its
 * value replaced; larger sets may hold a key twice and pf_delta_plan keeps
 * one of them (callers build sets from validated, duplicate-free input).
 */
int pf_kv_add(struct pf_kv_set *s, const void *key, const void *val);
void pf_kv_free(struct pf_kv_set *s);

/*
 * Read every record of a map into s (initialised with the map's sizes). In
 * an array map a slot of all-zero bytes is no record, and deleting a record
 * zeroes its slot.
 */
int pf_kv_read_map(int fd, struct pf_kv_set *s);

/* Split the work: records to write (new or changed) and keys to delete. */
int pf_delta_plan(const struct pf_kv_set *cur, const struct pf_kv_set *want,
		  struct pf_kv_set *upsert, struct pf_kv_set *del, struct pf_delta *d);

/*
 * Write a plan: upserts then deletes (no gap for a prefix that moves to a
 * covering entry), or deletes first when the map could not hold both for a
 * moment. 0 or -errno; `done` counts what was written.
 */
int pf_map_write(int fd, const struct pf_kv_set *up, const struct pf_kv_set *del,
		 bool deletes_first, struct pf_delta *done);

/* Read, plan and write map fd to `want`; 0 or -errno. d is the plan. */
int pf_map_reconcile(int fd, const struct pf_kv_set *want, bool deletes_first,
		     struct pf_delta *d);

#endif
