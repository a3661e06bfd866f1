// SPDX-License-Identifier: GPL-2.0-or-later
/* The config parser: every directive, every error (with its line and token). */
#include <stdlib.h>
#include <string.h>
#include "fp/config.h"
#include "harness.h"

static char warnings[4096];

static void collect(void *arg, const char *msg)
{
	(void)arg;
	strncat(warnings, msg, sizeof(warnings) - strlen(warnings) - 2);
	strcat(warnings, "\n");
}

static int parse(struct pf_config *c, const char *text, char *err)
{
	warnings[0] = 0;
	err[0] = 0;
	return pf_config_parse(c, "t.conf", text, err, 512, collect, NULL);
}

PF_TEST(config_every_directive)
{
	static const char text[] =
		"# a full config\n"
		"global\n"
		"  metrics-textfile /var/lib/node_exporter/pf.prom\n"
		"  log-level debug   # trailing comment\n"
		"  bpffs-root /sys/fs/bpf/pf-test\n"
		"  state-dir /run/pf-test\n"
		"  runtime-dir /run/pf-rt\n"
		"  attach-settle-time 250ms\n"
		"module fast-path\n"
		"  attach eth0 native\n"
		"  attach eth1 generic\n"
		"  attach eth2 auto\n"
		"  allow-prefix 198.51.100.0/24\n"
		"  allow-prefix6 2001:db8::/32\n"
		"  block-prefix 192.0.2.0/24\n"
		"  block-prefix 2001:db9:dead::/48\n"
		"  block-prefix6 fc00::/7\n"
		"  dry-run on\n"
		"  mss-clamp 1400\n"
		"  mss-clamp via eth1 1380\n"
		"  mss-clamp 198.51.100.0/24 1360\n"
		"  mss-clamp 198.51.100.0/24 via eth1 1300\n"
		"  driver-workaround rvu-nicpf-head-shift off\n"
		"  forwarding-mode kernel-fib\n"
		"  allow-max-entries 100000\n"
		"  block-max-entries 500\n"
		"  redirect-max-entries 256\n"
		"  vlan-max-entries 64\n";
	struct pf_config c;
	char err[512];

	T_ASSERT(!parse(&c, text, err), "%s", err);
	T_CHECK(!strcmp(c.metrics_textfile, "/var/lib/node_exporter/pf.prom"), "metrics");
	T_EQ_U64(c.log_level, 3, "log-level debug");
	T_CHECK(!strcmp(c.bpffs_root, "/sys/fs/bpf/pf-test"), "bpffs-root");
	T_CHECK(!strcmp(c.state_dir, "/run/pf-test"), "state-dir");
	T_CHECK(!strcmp(c.runtime_dir, "/run/pf-rt"), "runtime-dir");
	T_EQ_U64(c.settle_ms, 250, "settle");
	T_EQ_U64(c.n_attach, 3, "attach count");
	T_CHECK(c.n_attach == 3 && c.attach[0].mode == PF_MODE_NATIVE &&
		c.attach[1].mode == PF_MODE_GENERIC && c.attach[2].mode == PF_MODE_AUTO &&
		!strcmp(c.attach[2].iface, "eth2") && c.attach[2].line == 12, "attach entries");
	T_EQ_U64(c.n_allow, 2, "allow count");
	T_EQ_U64(c.n_block, 3, "block count (v4 and v6)");
	T_CHECK(c.dry_run, "dry-run");
	T_EQ_U64(c.mss_global, 1400, "global mss");
	T_EQ_U64(c.n_mss, 3, "mss rules");
	T_CHECK(c.n_mss == 3 && !c.mss[0].has_prefix && !strcmp(c.mss[0].via, "eth1") &&
		c.mss[1].has_prefix && !c.mss[1].via[0] && c.mss[2].has_prefix &&
		c.mss[2].mss == 1300, "mss forms");
	T_EQ_U64(c.head_shift, PF_OFF, "workaround");
	T_EQ_U64(c.allow_max, 100000, "allow max");
	T_EQ_U64(c.redirect_max, 256, "redirect max");
	T_CHECK(!warnings[0], "unexpected warnings: %s", warnings);
	pf_config_free(&c);
}

PF_TEST(config_defaults_and_empty)
{
	struct pf_config c;
	char err[512];

	T_ASSERT(!parse(&c, "", err), "%s", err);
	T_CHECK(!strcmp(c.bpffs_root, "/sys/fs/bpf/packetframe"), "default bpffs-root");
	T_CHECK(!strcmp(c.state_dir, "/var/lib/packetframe/state"), "default state-dir");
	T_CHECK(!strcmp(c.runtime_dir, "/run/packetframe"), "default runtime-dir");
	T_EQ_U64(c.settle_ms, 2000, "default settle 2s");
	T_CHECK(!c.has_module && !c.dry_run && !c.n_attach, "empty");
	T_ASSERT(!parse(&c, "global\nattach-settle-time 0s\n", err), "%s", err);
	T_EQ_U64(c.settle_ms, 0, "0s disables pacing");
	pf_config_free(&c);
}

/* Directives of the custom FIB that change nothing the kernel FIB forwards: a warning. */
PF_TEST(config_unimplemented_directives_warn)
{
	static const char text[] = "module fast-path\n"
				   "forwarding-mode kernel-fib\n"
				   "circuit-breaker drop-ratio 0.5 of matched window 10s threshold "
				   "3\n"
				   "local-prefix 10.0.0.0/24 via eth0\n"
				   "fallback-default via eth0 nexthop 10.0.0.1\n"
				   "ecmp-default-hash-mode 5\n"
				   "fib-v4-max-entries 100\n";
	struct pf_config c;
	char err[512];

	T_ASSERT(!parse(&c, text, err), "%s", err);
	T_CHECK(strstr(warnings, "t.conf:4: 'local-prefix'"), "local-prefix warning");
	T_CHECK(strstr(warnings, "t.conf:6: 'ecmp-default-hash-mode'"), "ecmp warning");
	T_CHECK(!strstr(warnings, "circuit-breaker"), "circuit-breaker is parsed, not warned");
	T_EQ_U64(c.breaker.line, 3, "circuit-breaker line");
	T_EQ_U64(c.breaker.window_s, 10, "circuit-breaker window");
	T_EQ_U64(c.breaker.threshold, 3, "circuit-breaker threshold");
	T_CHECK(c.breaker.ratio == 0.5, "circuit-breaker ratio");
	pf_config_free(&c);
}

/* What would make this build forward differently from the config's intent is refused. */
PF_TEST(config_forwarding_changing_directives_refused)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "module fast-path\nforwarding-mode custom-fib\n", "t.conf:2: 'custom-fib': this "
								    "build forwards by the kernel "
								    "FIB only" },
		{ "module fast-path\nforwarding-mode compare\n", "t.conf:2: 'compare': this build "
								 "forwards by the kernel FIB "
								 "only" },
		{ "module fast-path\nroute-source bgp 127.0.0.1:1179 local-as 65000 peer-as "
		  "65000\n",
		  "t.conf:2: 'route-source': this build forwards by the kernel FIB and takes no "
		  "route feed" },
		{ "module fast-path\ncircuit-breaker drop-ratio 0.5 of rx window 10s threshold 3\n",
		  "t.conf:2: 'rx': only `of matched` is supported" },
		{ "module fast-path\ncircuit-breaker drop-ratio 1.5 of matched window 10s "
		  "threshold 3\n",
		  "t.conf:2: '1.5': the ratio must be a number from 0 to 1" },
		{ "module fast-path\ncircuit-breaker drop-ratio nan of matched window 10s "
		  "threshold 3\n",
		  "t.conf:2: 'nan': the ratio must be a number from 0 to 1" },
		{ "module fast-path\ncircuit-breaker drop-ratio 0.5 of matched window 10 threshold "
		  "3\n",
		  "t.conf:2: '10': the window is whole seconds" },
		{ "module fast-path\ncircuit-breaker drop-ratio 0.5 of matched window 0s threshold "
		  "3\n",
		  "t.conf:2: '0s': the window is whole seconds" },
		{ "module fast-path\ncircuit-breaker drop-ratio 0.5 of matched window 10s "
		  "threshold x\n",
		  "t.conf:2: 'x': the threshold is a whole number" },
		{ "module fast-path\ncircuit-breaker drop-ratio 0.5 of matched window 10s "
		  "threshold 3 "
		  "extra\n",
		  "t.conf:2: 'circuit-breaker': expected `circuit-breaker drop-ratio" },
	};
	struct pf_config c;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		T_CHECK(parse(&c, cases[i].text, err), "case %zu parsed", i);
		T_CHECK(strstr(err, cases[i].want), "case %zu: got '%s', want '%s'", i, err,
			cases[i].want);
	}
}

PF_TEST(config_every_error_names_line_and_token)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "attach eth0 auto\n", "t.conf:1: 'attach': directive before any section" },
		{ "global\nfrobnicate 1\n", "t.conf:2: 'frobnicate': unknown directive" },
		{ "global\nglobal\n", "t.conf:2: 'global': second global section (first at line "
				      "1)" },
		{ "global x\n", "t.conf:1: 'x': 'global' takes no arguments" },
		{ "module\n", "t.conf:1: 'module': expected: module <name>" },
		{ "module vpp-offload\n", "t.conf:1: 'vpp-offload': unknown module" },
		{ "module fast-path\nmodule fast-path\n", "t.conf:2: 'fast-path': second 'module "
							  "fast-path' (first at line 1)" },
		{ "global\nattach eth0 auto\n", "t.conf:2: 'attach': belongs in the module "
						"fast-path section" },
		{ "module fast-path\nbpffs-root /x\n", "t.conf:2: 'bpffs-root': belongs in the "
						       "global section" },
		{ "global\nbpffs-root relative/path\n", "t.conf:2: 'relative/path': must be an "
							"absolute path" },
		{ "global\nstate-dir /var/../etc\n", "t.conf:2: '/var/../etc': must not contain "
						     "'..'" },
		{ "global\nstate-dir /a /b\n", "t.conf:2: '/b': unexpected extra argument" },
		{ "global\nmetrics-textfile\n", "t.conf:2: 'metrics-textfile': needs 1 argument" },
		{ "global\nlog-level loud\n", "t.conf:2: 'loud': must be one of error, warn, info, "
					      "debug, trace" },
		{ "global\nlog-level info\nlog-level debug\n", "t.conf:3: 'log-level': already set "
							       "at line 2" },
		{ "global\nattach-settle-time 2\n", "t.conf:2: '2': needs a unit: <N>s or <N>ms" },
		{ "global\nattach-settle-time 99s\n", "t.conf:2: '99s': must be 0-60s" },
		{ "global\nattach-settle-time xs\n", "t.conf:2: 'xs': must be 0-60s" },
		{ "module fast-path\nattach eth0\n", "t.conf:2: 'attach': needs 2 arguments" },
		{ "module fast-path\nattach eth0 turbo\n", "t.conf:2: 'turbo': mode must be "
							   "native, generic or auto" },
		{ "module fast-path\nattach averyveryverylongname auto\n", "t.conf:2: "
									   "'averyveryverylongname'"
									   ": interface names are "
									   "1-15 characters" },
		{ "module fast-path\nattach ../x auto\n", "t.conf:2: '../x': not a valid interface "
							  "name" },
		{ "module fast-path\nattach eth0 auto\nattach eth0 native\n", "t.conf:3: 'eth0': "
									      "already attached at "
									      "line 2" },
		{ "module fast-path\nallow-prefix 198.51.100.1/24\n", "t.conf:2: "
								      "'198.51.100.1/24': "
								      "'198.51.100.1/24' has host "
								      "bits set; did you mean "
								      "198.51.100.0/24?" },
		{ "module fast-path\nallow-prefix 2001:db8::/32\n", "t.conf:2: '2001:db8::/32': "
								    "must be an IPv4 prefix" },
		{ "module fast-path\nallow-prefix6 10.0.0.0/8\n", "t.conf:2: '10.0.0.0/8': must be "
								  "an IPv6 prefix" },
		{ "module fast-path\nallow-prefix 10.0.0.0/33\n", "prefix length must be 0-32" },
		{ "module fast-path\nallow-prefix 10.0.0.1\n", "t.conf:2: '10.0.0.1': needs a "
							       "prefix length (e.g. 10.0.0.1/32)" },
		{ "module fast-path\nallow-prefix 10.0.0.0/8\nallow-prefix 10.0.0.0/8\n",
		  "t.conf:3: '10.0.0.0/8': already in the allowlist at line 2" },
		{ "module fast-path\nblock-prefix bogus\n", "t.conf:2: 'bogus': 'bogus' is not an "
							    "IPv4 or IPv6 address" },
		{ "module fast-path\nallow-prefix 10.0.0.0/8\nblock-prefix 10.1.0.0/16\n",
		  "t.conf:3: '10.1.0.0/16': block-prefix overlaps allow-prefix 10.0.0.0/8 (line "
		  "2)" },
		{ "module fast-path\nblock-prefix 10.0.0.0/8\nallow-prefix 10.1.0.0/16\n",
		  "t.conf:2: '10.0.0.0/8': block-prefix overlaps allow-prefix 10.1.0.0/16 (line "
		  "3)" },
		{ "module fast-path\ndry-run maybe\n", "t.conf:2: 'maybe': must be 'on' or 'off'" },
		{ "module fast-path\ndry-run on\ndry-run off\n", "t.conf:3: 'dry-run': already set "
								 "at line 2" },
		{ "module fast-path\nmss-clamp\n", "t.conf:2: 'mss-clamp': needs an MSS value" },
		{ "module fast-path\nmss-clamp 40\n", "t.conf:2: '40': must be a whole number from "
						      "88 to 65495" },
		{ "module fast-path\nmss-clamp 1400\nmss-clamp 1300\n", "t.conf:3: '1300': global "
									"mss-clamp already set at "
									"line 2" },
		{ "module fast-path\nmss-clamp via\n", "t.conf:2: 'via': needs an interface" },
		{ "module fast-path\nmss-clamp 10.0.0.0/8 via eth0\n", "t.conf:2: 'eth0': "
								       "expected: mss-clamp "
								       "[<prefix>] [via <iface>] "
								       "<mss>" },
		{ "module fast-path\nmss-clamp 10.0.0.0/8 1400\nmss-clamp 10.0.0.0/8 1300\n",
		  "t.conf:3: '10.0.0.0/8': same clamp already set at line 2" },
		{ "module fast-path\nmss-clamp 10.0.0.0/8 1400 extra\n", "expected: mss-clamp "
									 "[<prefix>] [via <iface>] "
									 "<mss>" },
		{ "module fast-path\ndriver-workaround foo on\n", "t.conf:2: 'foo': unknown "
								  "workaround (known: "
								  "rvu-nicpf-head-shift)" },
		{ "module fast-path\ndriver-workaround rvu-nicpf-head-shift maybe\n", "t.conf:2: "
										      "'maybe': "
										      "must be "
										      "auto, on or "
										      "off" },
		{ "module fast-path\nforwarding-mode warp\n", "t.conf:2: 'warp': must be "
							      "kernel-fib, custom-fib or compare" },
		{ "module fast-path\nallow-max-entries 0\n", "t.conf:2: '0': must be a whole "
							     "number from 1 to 16777216" },
		{ "module fast-path\nfib-cache on\nfib-cache off\n", "t.conf:3: 'fib-cache': "
								     "already set at line 2" },
		{ "module fast-path\nattach a b c d e f g h i j k l m n o p q r s t u v w x y z\n",
		  "t.conf:2: more than 24 words" },
	};
	struct pf_config c;
	char err[512];
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = parse(&c, cases[i].text, err);

		T_CHECK(rc == -1, "case %u accepted: %s", i, cases[i].text);
		T_CHECK(strstr(err, cases[i].want), "case %u: got \"%s\", want \"%s\"", i, err,
			cases[i].want);
		T_CHECK(c.attach == NULL && c.allow == NULL, "case %u: state left behind", i);
	}
}

PF_TEST(config_load_file_errors)
{
	struct pf_config c;
	char err[512];

	T_CHECK(pf_config_load(&c, "/nonexistent/pf.conf", err, sizeof(err), NULL, NULL) == -1 &&
			strstr(err, "/nonexistent/pf.conf: No such file or directory"),
		"missing file: %s", err);
	T_CHECK(pf_config_load(&c, "/", err, sizeof(err), NULL, NULL) == -1 &&
			strstr(err, "not a regular file"),
		"directory: %s", err);
}
