/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The config file: the reference grammar (a `global` section and a
 * `module fast-path` section, one directive per line, `#` comments). Every
 * error names file, line and token; duplicate scalar directives are errors;
 * directives of features not built here are accepted with a warning.
 */
#ifndef PF_CONFIG_H
#define PF_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include "prefix.h"

#define PF_DEFAULT_CONFIG "/etc/packetframe/packetframe.conf"
#define PF_DEFAULT_BPFFS  "/sys/fs/bpf/packetframe"
#define PF_DEFAULT_STATE  "/var/lib/packetframe/state"
/* What changes every few seconds (guard samples) goes on tmpfs, not flash. */
#define PF_DEFAULT_RUNTIME "/run/packetframe"
#define PF_IFNAMSIZ       16

enum pf_mode { PF_MODE_AUTO = 0, PF_MODE_NATIVE, PF_MODE_GENERIC };
enum pf_tristate { PF_AUTO = 0, PF_ON, PF_OFF };

struct pf_attach_cfg {
	char iface[PF_IFNAMSIZ];
	enum pf_mode mode;
	int line;
};

/* mss-clamp [<cidr>] [via <iface>] <mss> */
struct pf_mss_cfg {
	bool has_prefix;
	struct pf_prefix prefix;
	char via[PF_IFNAMSIZ]; /* "" = any egress */
	unsigned int mss;
	int line;
};

struct pf_prefix_cfg {
	struct pf_prefix p;
	int line;
};

/* circuit-breaker drop-ratio F of matched window Ns threshold N (line 0: none) */
struct pf_breaker_cfg {
	double ratio;
	unsigned int window_s, threshold;
	int line;
};

/* fib-lookup: how the fast path asks the FIB (see PF_CFG_FIB_DIRECT4). */
enum pf_fib_mode {
	PF_FIB_AUTO,   /* direct where it is the kernel's own lookup, else full (the default) */
	PF_FIB_FULL,   /* through the policy rules and the local table */
	PF_FIB_DIRECT, /* the main table, refused where that would skip a rule or route */
	PF_FIB_MODES
};

/* The directive's words, by mode: the parser's and status's one list. */
extern const char *const pf_fib_mode_names[PF_FIB_MODES];

struct pf_config {
	char path[PATH_MAX];
	/* global */
	char bpffs_root[PATH_MAX];
	char state_dir[PATH_MAX];   /* survives a reboot: written only when it changes */
	char runtime_dir[PATH_MAX]; /* tmpfs: lost at reboot, rewritten freely */
	char metrics_textfile[PATH_MAX];
	int log_level;              /* enum pf_log_level, -1 = not set */
	unsigned int settle_ms;     /* attach-settle-time */
	/* module fast-path */
	bool has_module;
	bool dry_run;
	enum pf_tristate head_shift; /* driver-workaround rvu-nicpf-head-shift */
	enum pf_fib_mode fib_lookup; /* fib-lookup */
	unsigned int mss_global;     /* 0 = none */
	struct pf_attach_cfg *attach;
	size_t n_attach;
	struct pf_prefix_cfg *allow; /* v4 and v6 */
	size_t n_allow;
	struct pf_prefix_cfg *block;
	size_t n_block;
	struct pf_mss_cfg *mss;      /* prefix and/or iface forms */
	size_t n_mss;
	struct pf_breaker_cfg breaker; /* judged by `guard` */
	/* map sizes (max_entries), 0 = built-in default */
	unsigned int allow_max, block_max, redirect_max, vlan_max;
};

/* Defaults, with no file read (what commands use when there is no config). */
void pf_config_defaults(struct pf_config *c);

/*
 * Parse `text` (the contents of `path`). Returns 0, or -1 with the message in
 * err ("FILE:LINE: ..."). Warnings (unimplemented directives) go to warn_fn.
 */
int pf_config_parse(struct pf_config *c, const char *path, const char *text, char *err,
		    size_t errlen, void (*warn_fn)(void *arg, const char *msg), void *arg);

/* Read and parse a file (at most 1 MiB). */
int pf_config_load(struct pf_config *c, const char *path, char *err, size_t errlen,
		   void (*warn_fn)(void *arg, const char *msg), void *arg);

void pf_config_free(struct pf_config *c);

/* The grammar as JSON ({section, name, args, help, once, implemented}), for docs. */
struct cJSON;
struct cJSON *pf_config_directives_json(void);

/*
 * For rescue only: the bpffs-root and state-dir lines of a config that does
 * not parse (anything else in it is ignored), over c's defaults.
 */
void pf_config_salvage_paths(const char *path, struct pf_config *c);

#endif
