// SPDX-License-Identifier: GPL-2.0-or-later
/* The feasibility checks. */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/if.h>
#include <linux/sockios.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf_obj.h"
#include "feasibility.h"
#include "grow.h"
#include "netdev.h"
#include "state.h"

const char *const pf_check_status_names[4] = { "pass", "fail", "warn", "info" };

#define HELPER_NAME(name, id, ...) [id] = "bpf_" #name,
static const char *const helper_names[] = { ___BPF_FUNC_MAPPER(HELPER_NAME) };
#undef HELPER_NAME
#define N_HELPERS (sizeof(helper_names) / sizeof(helper_names[0]))

static void add(struct pf_checks *cs, const char *name, bool req, enum pf_check_status st,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add(struct pf_checks *cs, const char *name, bool req, enum pf_check_status st,
		const char *fmt, ...)
{
	struct pf_check *q;
	va_list ap;

	if (pf_grow_append((void **)&cs->v, cs->n, sizeof(*q)))
		return;
	q = &cs->v[cs->n++];
	snprintf(q->name, sizeof(q->name), "%s", name);
	q->required = req;
	q->status = st;
	va_start(ap, fmt);
	vsnprintf(q->detail, sizeof(q->detail), fmt, ap);
	va_end(ap);
}

void pf_checks_free(struct pf_checks *cs)
{
	free(cs->v);
	cs->v = NULL;
	cs->n = 0;
}

size_t pf_checks_failed(const struct pf_checks *cs)
{
	size_t i, n = 0;

	for (i = 0; i < cs->n; i++)
		n += cs->v[i].required && cs->v[i].status != PF_CHECK_PASS;
	return n;
}

static long read_long(const char *path, long dflt)
{
	char buf[32];
	FILE *f = fopen(path, "r");
	long v = dflt;

	if (f) {
		if (fgets(buf, sizeof(buf), f))
			v = strtol(buf, NULL, 10);
		fclose(f);
	}
	return v;
}

static void check_syscall(struct pf_checks *cs)
{
	long rc = syscall(__NR_bpf, 0xfffff, NULL, 0);

	if (rc >= 0 || errno == EINVAL || errno == E2BIG)
		add(cs, "bpf.syscall", true, PF_CHECK_PASS, "bpf() is available");
	else if (errno == EPERM)
		add(cs, "bpf.syscall", true, PF_CHECK_FAIL,
		    "EPERM: run as root (or with CAP_BPF + CAP_NET_ADMIN)");
	else if (errno == ENOSYS)
		add(cs, "bpf.syscall", true, PF_CHECK_FAIL,
		    "ENOSYS: this kernel is built without BPF (CONFIG_BPF_SYSCALL)");
	else
		add(cs, "bpf.syscall", true, PF_CHECK_FAIL, "bpf(): %s", strerror(errno));
}

static void check_object_needs(struct pf_checks *cs)
{
	static const struct pf_ctx quiet = { .log_level = PF_LOG_ERROR };
	struct bpf_object *obj = pf_obj_open(&quiet);
	bool seen[N_HELPERS] = { false }, types[64] = { false };
	struct bpf_program *p;
	struct bpf_map *m;
	char name[64];
	size_t i;

	if (!obj) {
		add(cs, "object.open", true, PF_CHECK_FAIL, "the embedded BPF object does not open");
		return;
	}
	add(cs, "prog_type.xdp", true,
	    libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_XDP, NULL) == 1 ? PF_CHECK_PASS
								      : PF_CHECK_FAIL,
	    "XDP programs");
	bpf_object__for_each_map(m, obj) {
		enum bpf_map_type t = bpf_map__type(m);

		if ((size_t)t >= 64 || types[t])
			continue;
		types[t] = true;
		snprintf(name, sizeof(name), "map.%s", libbpf_bpf_map_type_str(t));
		add(cs, name, true,
		    libbpf_probe_bpf_map_type(t, NULL) == 1 ? PF_CHECK_PASS : PF_CHECK_FAIL,
		    "used by %s", bpf_map__name(m));
	}
	/* Helpers: every call instruction of the object's programs (src_reg 0). */
	bpf_object__for_each_program(p, obj) {
		const struct bpf_insn *insn = bpf_program__insns(p);
		size_t n = bpf_program__insn_cnt(p);

		for (i = 0; i < n; i++)
			if (insn[i].code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
			    insn[i].imm > 0 && (size_t)insn[i].imm < N_HELPERS)
				seen[insn[i].imm] = true;
	}
	for (i = 0; i < N_HELPERS; i++) {
		if (!seen[i])
			continue;
		snprintf(name, sizeof(name), "helper.%s", helper_names[i]);
		add(cs, name, true,
		    libbpf_probe_bpf_helper(BPF_PROG_TYPE_XDP, (enum bpf_func_id)i, NULL) == 1
			    ? PF_CHECK_PASS
			    : PF_CHECK_FAIL,
		    "called by the fast path (id %zu)", i);
	}
	bpf_object__close(obj);
}

/*
 * XDP bpf_link arrived in Linux 5.9. There is no side-effect-free probe for it
 * (a link needs a device to attach to), so the kernel version decides.
 */
static void check_xdp_link(struct pf_checks *cs)
{
	int k = pf_kernel_version();

	if (k >= 5009)
		add(cs, "link.xdp", true, PF_CHECK_PASS, "bpf_link for XDP (Linux 5.9+)");
	else
		add(cs, "link.xdp", true, PF_CHECK_FAIL,
		    "Linux %d.%d has no bpf_link for XDP: 5.9 or later is needed", k / 1000,
		    k % 1000);
}

static void check_bpffs(struct pf_checks *cs, const struct pf_config *c)
{
	char err[400];

	if (!pf_check_bpffs(c->bpffs_root, err, sizeof(err)))
		add(cs, "bpffs", true, PF_CHECK_PASS, "%s is on bpffs", c->bpffs_root);
	else
		add(cs, "bpffs", true, PF_CHECK_FAIL, "%s", err);
}

static void check_sysctls(struct pf_checks *cs)
{
	long fwd = read_long("/proc/sys/net/ipv4/ip_forward", -1);
	long fwd6 = read_long("/proc/sys/net/ipv6/conf/all/forwarding", -1);
	long jit = read_long("/proc/sys/net/core/bpf_jit_enable", -1);
	long harden = read_long("/proc/sys/net/core/bpf_jit_harden", -1);

	add(cs, "sysctl.net.ipv4.ip_forward", true, fwd == 1 ? PF_CHECK_PASS : PF_CHECK_FAIL,
	    fwd == 1 ? "1" : "is %ld: the kernel FIB will not forward (sysctl -w "
				 "net.ipv4.ip_forward=1)", fwd);
	add(cs, "sysctl.net.ipv6.conf.all.forwarding", false,
	    fwd6 == 1 ? PF_CHECK_PASS : PF_CHECK_WARN,
	    fwd6 == 1 ? "1" : "is %ld: IPv6 will not be forwarded", fwd6);
	/* net.core.bpf_jit_* exist only in the initial network namespace. */
	if (jit < 0)
		add(cs, "jit", false, PF_CHECK_INFO,
		    "bpf_jit_enable not visible from this network namespace");
	else
		add(cs, "jit", false, jit >= 1 ? PF_CHECK_PASS : PF_CHECK_WARN,
		    jit >= 1 ? "bpf_jit_enable=%ld" : "bpf_jit_enable=%ld: the interpreter is slow",
		    jit);
	if (harden >= 0)
		add(cs, "jit.harden", false, harden == 0 ? PF_CHECK_PASS : PF_CHECK_WARN,
		    harden == 0 ? "bpf_jit_harden=%ld"
				: "bpf_jit_harden=%ld: costs speed for root programs",
		    harden);
}

static void check_info(struct pf_checks *cs)
{
	struct utsname u;
	struct rlimit rl;
	int k = pf_kernel_version();

	uname(&u);
	add(cs, "kernel", false, PF_CHECK_INFO, "%s %s", u.release, u.machine);
	/* The object has no subprograms, so the JIT never has to mix them with tail calls. */
	add(cs, "jit.subprog_tailcalls", false, PF_CHECK_INFO,
	    "not needed: the object has no bpf-to-bpf calls (x86_64 JITs mix them since 5.10, "
	    "arm64 since 6.0)");
	add(cs, "btf.vmlinux", false,
	    access("/sys/kernel/btf/vmlinux", R_OK) ? PF_CHECK_WARN : PF_CHECK_PASS,
	    access("/sys/kernel/btf/vmlinux", R_OK) ? "no kernel BTF: forwarding works, but "
						      "redirects the kernel fails to hand "
						      "over are not counted (err_redirect is not "
						      "reported)"
						    : "present (the redirect watch counts failed "
						      "hand-overs in err_redirect)");
	if (!getrlimit(RLIMIT_MEMLOCK, &rl))
		add(cs, "rlimit.memlock", false, PF_CHECK_INFO, "%s%s",
		    rl.rlim_cur == RLIM_INFINITY ? "unlimited" : "limited",
		    k >= 5011 ? " (BPF memory is charged to the memory cgroup on 5.11+)"
			      : " (before 5.11 BPF maps count against it; libbpf raises it)");
}

static void decode_xdp_features(__u64 f, char *buf, size_t len)
{
	static const char *const names[] = { "basic", "redirect", "ndo_xmit", "xsk_zerocopy",
					     "hw_offload", "rx_sg", "ndo_xmit_sg" };
	size_t i, off = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (f & (1ULL << i))
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? "," : "", names[i]);
	if (!off)
		snprintf(buf, len, "not reported (kernel before 6.3?)");
}

static int ethtool_value(const char *ifname, __u32 cmd, __u32 *val)
{
	struct ethtool_value ev = { .cmd = cmd };
	int rc = pf_ethtool(ifname, &ev);

	*val = ev.data;
	return rc;
}

static void check_ifaces(struct pf_checks *cs, const struct pf_config *c)
{
	struct pf_netdev *devs = NULL;
	size_t n = 0, i, j;
	int kernel = pf_kernel_version();

	if (pf_netdev_list(&devs, &n))
		return;
	for (i = 0; i < c->n_attach; i++) {
		const char *ifn = c->attach[i].iface;
		const struct pf_netdev *d = pf_netdev_by_name(devs, n, ifn);
		char name[64], drv[32], why[256], feat[128], path[128];
		LIBBPF_OPTS(bpf_xdp_query_opts, q);
		bool has_vlan = false;
		__u32 v;
		long mtu, fwd;

		snprintf(name, sizeof(name), "iface.%s", ifn);
		if (!d) {
			add(cs, name, false, PF_CHECK_WARN, "no such interface in this namespace");
			continue;
		}
		pf_netdev_driver(ifn, drv, sizeof(drv));
		bpf_xdp_query(d->ifindex, 0, &q);
		decode_xdp_features(q.feature_flags, feat, sizeof(feat));
		add(cs, name, false, PF_CHECK_INFO, "ifindex %d, driver %s, XDP features: %s",
		    d->ifindex, drv[0] ? drv : "?", feat);
		snprintf(name, sizeof(name), "iface.%s.native", ifn);
		if (pf_native_allowed(drv, kernel, c->head_shift, why, sizeof(why)))
			add(cs, name, false, PF_CHECK_PASS, "native XDP allowed%s",
			    pf_needs_head_shift(drv, kernel, c->head_shift) ? " (with the 128-byte head shift)" : "");
		else
			add(cs, name, false, PF_CHECK_WARN, "%s", why);
		for (j = 0; j < n; j++)
			has_vlan |= devs[j].is_vlan && devs[j].link == d->ifindex;
		snprintf(name, sizeof(name), "iface.%s.rxvlan", ifn);
		if (!ethtool_value(ifn, ETHTOOL_GFLAGS, &v))
			add(cs, name, false,
			    (v & ETH_FLAG_RXVLAN) && has_vlan ? PF_CHECK_WARN : PF_CHECK_INFO,
			    (v & ETH_FLAG_RXVLAN) ? "rx VLAN offload on%s" : "rx VLAN offload off%s",
			    (v & ETH_FLAG_RXVLAN) && has_vlan
				    ? ": VLAN tags may be stripped before XDP sees them (ethtool -K IF rxvlan off)"
				    : "");
		snprintf(name, sizeof(name), "iface.%s.gro", ifn);
		if (!ethtool_value(ifn, ETHTOOL_GGRO, &v))
			add(cs, name, false, PF_CHECK_INFO, "GRO %s", v ? "on" : "off");
		snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/forwarding", ifn);
		fwd = read_long(path, -1);
		snprintf(name, sizeof(name), "iface.%s.forwarding", ifn);
		add(cs, name, false, fwd == 1 ? PF_CHECK_PASS : PF_CHECK_WARN,
		    fwd == 1 ? "forwarding 1" : "forwarding %ld: the FIB answers FWD_DISABLED here", fwd);
		snprintf(path, sizeof(path), "/sys/class/net/%s/mtu", ifn);
		mtu = read_long(path, -1);
		snprintf(name, sizeof(name), "iface.%s.mtu", ifn);
		add(cs, name, false, mtu > 3498 ? PF_CHECK_WARN : PF_CHECK_INFO,
		    mtu > 3498 ? "MTU %ld is above the single-buffer XDP limit (~3498 on 4 KiB pages): "
				 "native attach may be refused"
			       : "MTU %ld", mtu);
	}
	free(devs);
}

void pf_feasibility_run(const struct pf_config *c, struct pf_checks *out)
{
	memset(out, 0, sizeof(*out));
	/* Probes must not change this process either: no RLIMIT_MEMLOCK bump. */
	libbpf_set_memlock_rlim(0);
	check_syscall(out);
	check_object_needs(out);
	check_xdp_link(out);
	check_bpffs(out, c);
	check_sysctls(out);
	check_info(out);
	check_ifaces(out, c);
}
