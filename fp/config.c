// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Config parser. The directive table below is the one list of directives:
 * section, name, whether it may appear once (scalar) and its handler.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include "config.h"
#include "input.h"
#include "grow.h"
#include "parse.h"
#include "ctx.h"

#define MAX_TOKENS    24
#define MAX_FILE_SIZE (1 << 20)

enum section { SEC_NONE, SEC_GLOBAL, SEC_MODULE };

struct parser;
typedef int (*handler_fn)(struct parser *p, int argc, char **argv);

struct directive {
	enum section section;
	const char *name;
	bool scalar;
	handler_fn fn;
	const char *unimplemented; /* non-NULL: accepted with this warning */
	const char *args, *help;   /* for packetframe.conf(5) and `help --json` */
};

struct parser {
	struct pf_config *c;
	const char *path;
	int line;
	char *err;
	size_t errlen;
	void (*warn_fn)(void *arg, const char *msg);
	void *arg;
	enum section section;
	int global_line, module_line, mss_global_line;
	int *scalar_line; /* per directive */
};

static int fail(struct parser *p, const char *token, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, const char *token, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (token)
		snprintf(p->err, p->errlen, "%s:%d: '%s': %s", p->path, p->line, token, msg);
	else
		snprintf(p->err, p->errlen, "%s:%d: %s", p->path, p->line, msg);
	return -1;
}

static void warn(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct parser *p, const char *fmt, ...)
{
	char msg[256], full[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "%s:%d: %s", p->path, p->line, msg);
	if (p->warn_fn)
		p->warn_fn(p->arg, full);
}

/* Room for element [n]; the arrays grow only through here (see grow.h). */
static int grow(struct parser *p, void **arr, size_t n, size_t elem)
{
	if (pf_grow_append(arr, n, elem))
		return fail(p, NULL, "out of memory");
	return 0;
}

/* ---- token validators --------------------------------------------------- */

static int want_args(struct parser *p, int argc, char **argv, int n)
{
	if (argc - 1 < n)
		return fail(p, argv[0], "needs %d argument%s", n, n == 1 ? "" : "s");
	if (argc - 1 > n)
		return fail(p, argv[n + 1], "unexpected extra argument");
	return 0;
}

static int parse_path(struct parser *p, const char *tok, char *out)
{
	size_t n = strlen(tok);

	if (tok[0] != '/')
		return fail(p, tok, "must be an absolute path");

	if (strstr(tok, "/../") || (n >= 3 && !strcmp(tok + n - 3, "/..")))
		return fail(p, tok, "must not contain '..'");
	if (n >= PATH_MAX - 64)
		return fail(p, tok, "path too long");
	strcpy(out, tok);
	return 0;
}

static int parse_iface(struct parser *p, const char *tok, char *out)
{
	size_t n = strlen(tok);

	if (n == 0 || n >= PF_IFNAMSIZ)
		return fail(p, tok, "interface names are 1-15 characters");
	if (strchr(tok, '/') || strchr(tok, '\\') || !strcmp(tok, ".") || !strcmp(tok, ".."))
		return fail(p, tok, "not a valid interface name");
	strcpy(out, tok);
	return 0;
}

static int parse_uint(struct parser *p, const char *tok, unsigned long lo, unsigned long hi,
		      unsigned int *out)
{
	unsigned long v;

	if (pf_parse_uint(tok, lo, hi, &v))
		return fail(p, tok, "must be a whole number from %lu to %lu", lo, hi);
	*out = (unsigned int)v;
	return 0;
}

static int parse_onoff(struct parser *p, const char *tok, bool *out)
{
	if (!strcmp(tok, "on"))
		*out = true;
	else if (!strcmp(tok, "off"))
		*out = false;
	else
		return fail(p, tok, "must be 'on' or 'off'");
	return 0;
}

static int parse_prefix(struct parser *p, const char *tok, int family, struct pf_prefix *out)
{
	char msg[160];

	if (pf_prefix_parse(tok, out, msg, sizeof(msg)))
		return fail(p, tok, "%s", msg);
	if (family && out->family != family)
		return fail(p, tok, "must be an IPv%d prefix", family);
	if (!strchr(tok, '/'))
		return fail(p, tok, "needs a prefix length (e.g. %s/%d)", tok,
			    out->family == 4 ? 32 : 128);
	return 0;
}

/* ---- global ------------------------------------------------------------ */

static int d_metrics(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?: parse_path(p, argv[1], p->c->metrics_textfile);
}

static int d_bpffs_root(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?: parse_path(p, argv[1], p->c->bpffs_root);
}

static int d_state_dir(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?: parse_path(p, argv[1], p->c->state_dir);
}

static int d_runtime_dir(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?: parse_path(p, argv[1], p->c->runtime_dir);
}

static int d_log_level(struct parser *p, int argc, char **argv)
{
	static const char *const names[] = { "error", "warn", "info", "debug", "trace" };
	unsigned int i;

	if (want_args(p, argc, argv, 1))
		return -1;
	for (i = 0; i < 5; i++)
		if (!strcmp(argv[1], names[i])) {
			/* trace is the reference's; here it means debug plus libbpf's own. */
			p->c->log_level = (int)i;
			return 0;
		}
	return fail(p, argv[1], "must be one of error, warn, info, debug, trace");
}

static int d_settle(struct parser *p, int argc, char **argv)
{
	const char *t = argv[1];
	unsigned long ms;
	int err;

	if (want_args(p, argc, argv, 1))
		return -1;
	err = pf_parse_duration(t, 0, 60000, &ms);
	if (err == -ERANGE || (err && t[0] && t[strlen(t) - 1] == 's'))
		return fail(p, t, "must be 0-60s");
	if (err)
		return fail(p, t, "needs a unit: <N>s or <N>ms");
	p->c->settle_ms = (unsigned int)ms;
	return 0;
}

/* ---- module fast-path --------------------------------------------------- */

static int d_attach(struct parser *p, int argc, char **argv)
{
	struct pf_config *c = p->c;
	struct pf_attach_cfg a = { .line = p->line };
	size_t i;

	if (want_args(p, argc, argv, 2) || parse_iface(p, argv[1], a.iface))
		return -1;
	if (pf_mode_parse(argv[2], &a.mode))
		return fail(p, argv[2], "mode must be native, generic or auto");
	for (i = 0; i < c->n_attach; i++)
		if (!strcmp(c->attach[i].iface, a.iface))
			return fail(p, argv[1], "already attached at line %d", c->attach[i].line);
	if (grow(p, (void **)&c->attach, c->n_attach, sizeof(a)))
		return -1;
	c->attach[c->n_attach++] = a;
	return 0;
}

static int add_prefix(struct parser *p, struct pf_prefix_cfg **arr, size_t *n, const char *tok,
		      int family, const char *what)
{
	struct pf_prefix_cfg e = { .line = p->line };
	size_t i;

	if (parse_prefix(p, tok, family, &e.p))
		return -1;
	for (i = 0; i < *n; i++)
		if ((*arr)[i].p.family == e.p.family && (*arr)[i].p.len == e.p.len &&
		    !memcmp((*arr)[i].p.addr, e.p.addr, 16))
			return fail(p, tok, "already in the %s at line %d", what, (*arr)[i].line);
	if (grow(p, (void **)arr, *n, sizeof(e)))
		return -1;
	(*arr)[(*n)++] = e;
	return 0;
}

static int d_allow4(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?:
	       add_prefix(p, &p->c->allow, &p->c->n_allow, argv[1], 4, "allowlist");
}

static int d_allow6(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?:
	       add_prefix(p, &p->c->allow, &p->c->n_allow, argv[1], 6, "allowlist");
}

/* block-prefix takes both families (the reference's was IPv4 only). */
static int d_block(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?:
	       add_prefix(p, &p->c->block, &p->c->n_block, argv[1], 0, "block list");
}

static int d_block6(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?:
	       add_prefix(p, &p->c->block, &p->c->n_block, argv[1], 6, "block list");
}

static int d_dry_run(struct parser *p, int argc, char **argv)
{
	return want_args(p, argc, argv, 1) ?: parse_onoff(p, argv[1], &p->c->dry_run);
}

static int d_workaround(struct parser *p, int argc, char **argv)
{
	if (want_args(p, argc, argv, 2))
		return -1;
	if (strcmp(argv[1], "rvu-nicpf-head-shift"))
		return fail(p, argv[1], "unknown workaround (known: rvu-nicpf-head-shift)");
	if (!strcmp(argv[2], "auto"))
		p->c->head_shift = PF_AUTO;
	else if (!strcmp(argv[2], "on"))
		p->c->head_shift = PF_ON;
	else if (!strcmp(argv[2], "off"))
		p->c->head_shift = PF_OFF;
	else
		return fail(p, argv[2], "must be auto, on or off");
	return 0;
}

const char *const pf_fib_mode_names[PF_FIB_MODES] = {
	[PF_FIB_AUTO] = "auto",
	[PF_FIB_FULL] = "full",
	[PF_FIB_DIRECT] = "direct",
};

static int d_fib_lookup(struct parser *p, int argc, char **argv)
{
	size_t i;

	if (want_args(p, argc, argv, 1))
		return -1;
	for (i = 0; i < PF_FIB_MODES; i++)
		if (!strcmp(argv[1], pf_fib_mode_names[i])) {
			p->c->fib_lookup = (enum pf_fib_mode)i;
			return 0;
		}
	return fail(p, argv[1], "must be auto, full or direct");
}

static int d_fwd_mode(struct parser *p, int argc, char **argv)
{
	if (want_args(p, argc, argv, 1))
		return -1;
	if (!strcmp(argv[1], "kernel-fib"))
		return 0;
	if (!strcmp(argv[1], "custom-fib") || !strcmp(argv[1], "compare"))
		return fail(p, argv[1],
			    "this build forwards by the kernel FIB only, so it would "
			    "forward differently; use `forwarding-mode kernel-fib` and "
			    "let the routing daemon install its routes in the kernel "
			    "(a table of its own and an `ip rule`, if it must)");
	return fail(p, argv[1], "must be kernel-fib, custom-fib or compare");
}

/* A route feed only the custom FIB reads: honouring it is impossible, ignoring it misleads. */
static int d_route_source(struct parser *p, int argc, char **argv)
{
	(void)argc;
	return fail(p, argv[0],
		    "this build forwards by the kernel FIB and takes no route feed; "
		    "peer the routing daemon with the kernel instead (e.g. BIRD's kernel "
		    "protocol exporting into a table of its own) and remove this line");
}

/*
 * circuit-breaker drop-ratio <f> of matched window <N>s threshold <n>: the
 * reference grammar, token for token; `of rx` is refused as it was there.
 * The last line wins (as in the reference), with a warning naming the first.
 */
static int d_breaker(struct parser *p, int argc, char **argv)
{
	struct pf_breaker_cfg *b = &p->c->breaker;
	unsigned long window, threshold;
	char secs[16], *end;
	double ratio;
	size_t len;

	if (argc != 9)
		return fail(p, argv[0],
			    "expected `circuit-breaker drop-ratio F of matched window "
			    "Ns threshold N`");
	len = strlen(argv[6]);
	if (strcmp(argv[1], "drop-ratio"))
		return fail(p, argv[1], "expected drop-ratio");
	ratio = strtod(argv[2], &end);
	if (*end || end == argv[2] || !(ratio >= 0 && ratio <= 1))
		return fail(p, argv[2], "the ratio must be a number from 0 to 1");
	if (strcmp(argv[3], "of"))
		return fail(p, argv[3], "expected of");
	if (strcmp(argv[4], "matched"))
		return fail(p, argv[4], "only `of matched` is supported (`of rx` is not)");
	if (strcmp(argv[5], "window"))
		return fail(p, argv[5], "expected window");
	/* "<N>s": the number without its unit. */
	if (len < 2 || len > sizeof(secs) || argv[6][len - 1] != 's')
		return fail(p, argv[6], "the window is whole seconds, 1s to 86400s (e.g. 10s)");
	memcpy(secs, argv[6], len - 1);
	secs[len - 1] = 0;
	if (pf_parse_uint(secs, 1, 86400, &window))
		return fail(p, argv[6], "the window is whole seconds, 1s to 86400s (e.g. 10s)");
	if (strcmp(argv[7], "threshold"))
		return fail(p, argv[7], "expected threshold");
	if (pf_parse_uint(argv[8], 0, 0xffffffffUL, &threshold))
		return fail(p, argv[8], "the threshold is a whole number of samples");
	if (b->line)
		warn(p, "circuit-breaker replaces the one at line %d (the last one wins)", b->line);
	b->line = p->line;
	b->ratio = ratio;
	b->window_s = (unsigned int)window;
	b->threshold = (unsigned int)threshold;
	return 0;
}

/* mss-clamp <mss> | via <iface> <mss> | <cidr> <mss> | <cidr> via <iface> <mss> */
static int d_mss(struct parser *p, int argc, char **argv)
{
	struct pf_config *c = p->c;
	struct pf_mss_cfg m = { .line = p->line };
	int i = 1;
	size_t k;

	if (argc < 2)
		return fail(p, argv[0], "needs an MSS value");
	if (argc > 2 && strchr(argv[i], '/')) {
		if (parse_prefix(p, argv[i], 0, &m.prefix))
			return -1;
		m.has_prefix = true;
		i++;
	}
	if (i < argc && !strcmp(argv[i], "via")) {
		if (i + 1 >= argc || parse_iface(p, argv[i + 1], m.via))
			return i + 1 >= argc ? fail(p, argv[i], "needs an interface") : -1;
		i += 2;
	}
	if (i != argc - 1)
		return fail(p, argv[i < argc ? i : argc - 1],
			    "expected: mss-clamp [<prefix>] [via <iface>] <mss>");
	if (parse_uint(p, argv[i], 88, 65495, &m.mss))
		return -1;
	if (!m.has_prefix && !m.via[0]) {
		if (p->mss_global_line)
			return fail(p, argv[i], "global mss-clamp already set at line %d",
				    p->mss_global_line);
		p->mss_global_line = p->line;
		c->mss_global = m.mss;
		return 0;
	}
	for (k = 0; k < c->n_mss; k++) {
		struct pf_mss_cfg *o = &c->mss[k];

		if (o->has_prefix == m.has_prefix && !strcmp(o->via, m.via) &&
		    (!m.has_prefix || (o->prefix.family == m.prefix.family &&
				       o->prefix.len == m.prefix.len &&
				       !memcmp(o->prefix.addr, m.prefix.addr, 16))))
			return fail(p, argv[1], "same clamp already set at line %d", o->line);
	}
	if (grow(p, (void **)&c->mss, c->n_mss, sizeof(m)))
		return -1;
	c->mss[c->n_mss++] = m;
	return 0;
}

static int size_directive(struct parser *p, int argc, char **argv, unsigned int *out)
{
	return want_args(p, argc, argv, 1) ?: parse_uint(p, argv[1], 1, 1u << 24, out);
}

static int d_allow_max(struct parser *p, int argc, char **argv)
{
	return size_directive(p, argc, argv, &p->c->allow_max);
}

static int d_block_max(struct parser *p, int argc, char **argv)
{
	return size_directive(p, argc, argv, &p->c->block_max);
}

static int d_redirect_max(struct parser *p, int argc, char **argv)
{
	return size_directive(p, argc, argv, &p->c->redirect_max);
}

static int d_vlan_max(struct parser *p, int argc, char **argv)
{
	return size_directive(p, argc, argv, &p->c->vlan_max);
}

#define NOT_BUILT "is accepted but not implemented by this build (custom FIB / route sources)"

static const struct directive directives[] = {
	{ SEC_GLOBAL, "metrics-textfile", true, d_metrics, NULL,
	  "PATH",
	  "where `stats --prometheus` without a FILE, and `detach --all`, write the Prometheus textfile (put it on tmpfs, e.g. under /run)" },
	{ SEC_GLOBAL, "log-level", true, d_log_level, NULL,
	  "error|warn|info|debug|trace",
	  "how much the commands log; -v and -q override it" },
	{ SEC_GLOBAL, "bpffs-root", true, d_bpffs_root, NULL,
	  "PATH",
	  "where the pins live (default /sys/fs/bpf/packetframe); must be on a bpf filesystem" },
	{ SEC_GLOBAL, "state-dir", true, d_state_dir, NULL,
	  "PATH",
	  "what survives a reboot: allow list, registry, trip flag, event log (default /var/lib/packetframe/state); written only when it changes" },
	{ SEC_GLOBAL, "runtime-dir", true, d_runtime_dir, NULL,
	  "PATH",
	  "what changes every few seconds: the circuit breaker's samples (default /run/packetframe, tmpfs)" },
	{ SEC_GLOBAL, "attach-settle-time", true, d_settle, NULL,
	  "Ns|Nms",
	  "pause between link changes, so a driver that resets its rings on attach does not take every port down at once (default 2s, 0s off)" },
	{ SEC_MODULE, "attach", false, d_attach, NULL,
	  "IFACE native|generic|auto",
	  "an interface to attach; auto is native XDP where the driver and kernel allow it, else generic" },
	{ SEC_MODULE, "allow-prefix", false, d_allow4, NULL,
	  "CIDR",
	  "an IPv4 prefix of the allowlist: traffic from or to it takes the fast path" },
	{ SEC_MODULE, "allow-prefix6", false, d_allow6, NULL,
	  "CIDR",
	  "an IPv6 prefix of the allowlist" },
	{ SEC_MODULE, "block-prefix", false, d_block, NULL,
	  "CIDR",
	  "a destination dropped in XDP (IPv4 or IPv6); must not overlap the allowlist" },
	{ SEC_MODULE, "block-prefix6", false, d_block6, NULL,
	  "CIDR",
	  "an IPv6 destination dropped in XDP" },
	{ SEC_MODULE, "dry-run", true, d_dry_run, NULL,
	  "on|off",
	  "count only: allowlisted traffic goes to the kernel, nothing is forwarded or dropped" },
	{ SEC_MODULE, "mss-clamp", false, d_mss, NULL,
	  "[CIDR] [via IFACE] MSS",
	  "lower the TCP MSS option of SYNs to MSS (88-65495): for all, for a prefix (source or destination), for an egress interface, or both" },
	{ SEC_MODULE, "driver-workaround", true, d_workaround, NULL,
	  "rvu-nicpf-head-shift auto|on|off",
	  "the rvu-nicpf native-mode gate and head-shift quirk (auto: native only from Linux 6.8)" },
	{ SEC_MODULE, "forwarding-mode", true, d_fwd_mode, NULL,
	  "kernel-fib",
	  "only kernel-fib: custom-fib and compare are refused (this build forwards by the kernel's FIB)" },
	{ SEC_MODULE, "fib-lookup", true, d_fib_lookup, NULL,
	  "auto|full|direct",
	  "how the FIB is asked: auto (direct lookups where they are the kernel's own, else full), full (policy rules and local table, as the kernel), direct (main table only; refused where that would differ)" },
	{ SEC_MODULE, "allow-max-entries", true, d_allow_max, NULL,
	  "N",
	  "capacity of the allowlist maps (applied at load, or by attach --recreate)" },
	{ SEC_MODULE, "block-max-entries", true, d_block_max, NULL,
	  "N",
	  "capacity of the block maps" },
	{ SEC_MODULE, "redirect-max-entries", true, d_redirect_max, NULL,
	  "N",
	  "capacity of the redirect device map" },
	{ SEC_MODULE, "vlan-max-entries", true, d_vlan_max, NULL,
	  "N",
	  "capacity of the VLAN map" },
	{ SEC_MODULE, "circuit-breaker", false, d_breaker, NULL,
	  "drop-ratio F of matched window Ns threshold N",
	  "the circuit breaker judged by `packetframe guard`: THRESHOLD windows in a row whose error signals exceed F of the matched frames detach everything (threshold 0 acts as 1)" },
	{ SEC_MODULE, "route-source", false, d_route_source, NULL,
	  "...",
	  "refused: this build takes no route feed (peer the routing daemon with the kernel instead)" },
	{ SEC_MODULE, "local-prefix", false, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "local-prefix6", false, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "fallback-default", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "ecmp-default-hash-mode", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "fib-v4-max-entries", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "fib-v6-max-entries", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "nexthops-max-entries", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "ecmp-groups-max-entries", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "fib-cache", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "bridge-resolve", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "fdb-pin", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
	{ SEC_MODULE, "integrity-authority", true, NULL, NOT_BUILT,
	  "...",
	  "accepted with a warning: it tunes the reference implementation's custom FIB, which this build does not have" },
};

#define N_DIRECTIVES (sizeof(directives) / sizeof(directives[0]))

static int tokenize(char *line, char **argv)
{
	int argc = 0;
	char *s, *save = NULL;

	s = strchr(line, '#');
	if (s)
		*s = 0;
	for (s = strtok_r(line, " \t\r", &save); s; s = strtok_r(NULL, " \t\r", &save)) {
		if (argc == MAX_TOKENS)
			return -1;
		argv[argc++] = s;
	}
	return argc;
}

static int section_line(struct parser *p, int argc, char **argv)
{
	if (!strcmp(argv[0], "global")) {
		if (argc != 1)
			return fail(p, argv[1], "'global' takes no arguments");
		if (p->global_line)
			return fail(p, argv[0], "second global section (first at line %d)",
				    p->global_line);
		p->global_line = p->line;
		p->section = SEC_GLOBAL;
		return 0;
	}
	if (argc != 2)
		return fail(p, argv[0], "expected: module <name>");
	if (strcmp(argv[1], "fast-path"))
		return fail(p, argv[1], "unknown module (this build has: fast-path)");
	if (p->module_line)
		return fail(p, argv[1], "second 'module fast-path' (first at line %d)",
			    p->module_line);
	p->module_line = p->line;
	p->c->has_module = true;
	p->section = SEC_MODULE;
	return 0;
}

static int directive_line(struct parser *p, int argc, char **argv)
{
	size_t i;

	if (p->section == SEC_NONE)
		return fail(p, argv[0], "directive before any section ('global' or "
					"'module fast-path')");
	for (i = 0; i < N_DIRECTIVES; i++) {
		const struct directive *d = &directives[i];

		if (strcmp(d->name, argv[0]))
			continue;
		if (d->section != p->section)
			return fail(p, argv[0], "belongs in the %s section",
				    d->section == SEC_GLOBAL ? "global" : "module fast-path");
		if (d->scalar && p->scalar_line[i])
			return fail(p, argv[0], "already set at line %d", p->scalar_line[i]);
		p->scalar_line[i] = p->line;
		if (d->unimplemented) {
			warn(p, "'%s' %s; ignored", d->name, d->unimplemented);
			return 0;
		}
		return d->fn(p, argc, argv);
	}
	return fail(p, argv[0], "unknown directive");
}

static bool prefix_covers(const struct pf_prefix *a, const struct pf_prefix *b)
{
	unsigned int bits = a->len, i;

	if (a->family != b->family || a->len > b->len)
		return false;
	for (i = 0; i < bits / 8; i++)
		if (a->addr[i] != b->addr[i])
			return false;
	if (bits % 8) {
		__u8 mask = (__u8)(0xff << (8 - bits % 8));

		if ((a->addr[i] & mask) != (b->addr[i] & mask))
			return false;
	}
	return true;
}

/* A blocked prefix overlapping the allowlist is almost always a typo. */
static int check_overlaps(struct parser *p)
{
	size_t i, j;
	char a[64], b[64];

	for (i = 0; i < p->c->n_block; i++)
		for (j = 0; j < p->c->n_allow; j++) {
			const struct pf_prefix *x = &p->c->block[i].p, *y = &p->c->allow[j].p;

			if (!prefix_covers(x, y) && !prefix_covers(y, x))
				continue;
			pf_prefix_format(x, a, sizeof(a));
			pf_prefix_format(y, b, sizeof(b));
			p->line = p->c->block[i].line;
			return fail(p, a, "block-prefix overlaps allow-prefix %s (line %d)", b,
				    p->c->allow[j].line);
		}
	return 0;
}

cJSON *pf_config_directives_json(void)
{
	cJSON *list = cJSON_CreateArray(), *o;
	size_t i;

	for (i = 0; list && i < sizeof(directives) / sizeof(directives[0]); i++) {
		const struct directive *d = &directives[i];

		o = cJSON_CreateObject();
		if (!o)
			break;
		cJSON_AddItemToArray(list, o);
		cJSON_AddStringToObject(o, "section",
					d->section == SEC_GLOBAL ? "global" : "module fast-path");
		cJSON_AddStringToObject(o, "name", d->name);
		cJSON_AddStringToObject(o, "args", d->args);
		cJSON_AddStringToObject(o, "help", d->help);
		cJSON_AddBoolToObject(o, "once", d->scalar);
		cJSON_AddBoolToObject(o, "implemented", !d->unimplemented);
	}
	return list;
}

void pf_config_defaults(struct pf_config *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->bpffs_root, PF_DEFAULT_BPFFS);
	strcpy(c->state_dir, PF_DEFAULT_STATE);
	strcpy(c->runtime_dir, PF_DEFAULT_RUNTIME);
	c->log_level = -1;
	c->settle_ms = 2000;
}

void pf_config_free(struct pf_config *c)
{
	free(c->attach);
	free(c->allow);
	free(c->block);
	free(c->mss);
	c->attach = NULL;
	c->allow = c->block = NULL;
	c->mss = NULL;
	c->n_attach = c->n_allow = c->n_block = c->n_mss = 0;
}

int pf_config_parse(struct pf_config *c, const char *path, const char *text, char *err,
		    size_t errlen, void (*warn_fn)(void *arg, const char *msg), void *arg)
{
	int scalar_line[N_DIRECTIVES] = { 0 };
	struct parser p = { .c = c, .path = path, .err = err, .errlen = errlen,
			    .warn_fn = warn_fn, .arg = arg, .scalar_line = scalar_line };
	const char *s = text;
	char *argv[MAX_TOKENS], buf[4096];
	int rc = 0;

	pf_config_defaults(c);
	snprintf(c->path, sizeof(c->path), "%s", path);
	while (*s && !rc) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		int argc;

		p.line++;
		if (n >= sizeof(buf)) {
			rc = fail(&p, NULL, "line longer than %zu characters", sizeof(buf) - 1);
			break;
		}
		memcpy(buf, s, n);
		buf[n] = 0;
		s += n + (nl ? 1 : 0);
		argc = tokenize(buf, argv);
		if (argc < 0)
			rc = fail(&p, NULL, "more than %d words", MAX_TOKENS);
		else if (argc == 0)
			continue;
		else if (!strcmp(argv[0], "global") || !strcmp(argv[0], "module"))
			rc = section_line(&p, argc, argv);
		else
			rc = directive_line(&p, argc, argv);
	}
	if (!rc)
		rc = check_overlaps(&p);
	if (rc)
		pf_config_free(c);
	return rc;
}

/* Newlines before `end`. */
static long count_lines(const char *text, const char *end)
{
	long n = 0;

	for (; text < end; text++)
		n += *text == '\n';
	return n;
}

int pf_config_load(struct pf_config *c, const char *path, char *err, size_t errlen,
		   void (*warn_fn)(void *arg, const char *msg), void *arg)
{
	size_t len = 0;
	char *text = pf_read_input(path, MAX_FILE_SIZE, &len, err, errlen);
	const char *nul;
	int rc;

	if (!text)
		return -1;
	nul = memchr(text, 0, len);
	if (nul) {
		snprintf(err, errlen, "%s:%zu: a NUL byte (not a text file)", path,
			 1 + (size_t)count_lines(text, nul));
		free(text);
		return -1;
	}
	rc = pf_config_parse(c, path, text, err, errlen, warn_fn, arg);
	free(text);
	return rc;
}

void pf_config_salvage_paths(const char *path, struct pf_config *c)
{
	size_t len = 0;
	char err[256], *text = pf_read_input(path, MAX_FILE_SIZE, &len, err, sizeof(err));
	char *line, *save = NULL;

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char key[32], val[PATH_MAX];

		if (sscanf(line, " %31s %4095s", key, val) != 2 || val[0] != '/')
			continue;
		if (!strcmp(key, "bpffs-root"))
			snprintf(c->bpffs_root, sizeof(c->bpffs_root), "%s", val);
		else if (!strcmp(key, "state-dir"))
			snprintf(c->state_dir, sizeof(c->state_dir), "%s", val);
	}
	free(text);
}
