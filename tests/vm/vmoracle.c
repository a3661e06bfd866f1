// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The differential oracle inside the qemu VMs, where 802.1Q and 802.1ad
 * subinterfaces exist (the host that runs `make test` has no 8021q). The
 * router of tests/oracle/topology.sh is rebuilt over rtnetlink (there is no
 * `ip` in the initramfs), in namespaces vo-s, vo-r, vo-e1..3 bound under
 * /run/netns as the engine expects, with these changes:
 *  - on r0, subinterfaces 802.1Q VID 10, 802.1ad VID 10 and 802.1ad VID 11
 *    (the same VID under both TPIDs is two devices), senders behind each;
 *  - on r1, egress subinterfaces 802.1Q VID 20 and 802.1ad VID 30, routes
 *    through them (198.18.9/24, 198.18.10/24 and their IPv6 twins);
 *  - r3 is a plain port (no bridge module here) and there are no policy
 *    rules (the netns oracle covers both);
 *  - `fib-lookup direct` (no rules here), where the netns oracle runs full;
 *  - every peer runs an XDP program: before 5.13 (and, across namespaces,
 *    before 6.3) that is what lets a veth take a native redirect.
 * The corpus runs in VLAN mode (most frames tagged). Each run gets a router
 * fresh from setup; a difference counts when a replay on fresh routers
 * confirms it, as in tests/oracle/oracle.sh.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "fp/config.h"
#include "fp/counter_names.h"
#include "fp/lifecycle.h"
#include "fp/state.h"
#include "fp/stats.h"
#include "tests/oracle/corpus.h"
#include "tests/oracle/engine.h"
#include "nl.h"
#include "vm.h"

#define PREFIX "vo"
#define MAX_CONFIRM 200

static const char *const namespaces[] = { "s", "r", "e1", "e2", "e3" };
static int root_ns = -1;
static int peer_prog = -1;
static const struct pf_ctx quiet = { .log_level = PF_LOG_ERROR };

static void ns_path(const char *ns, char *out, size_t len)
{
	snprintf(out, len, "/run/netns/" PREFIX "-%s", ns);
}

/* Into namespace ns (NULL: back to the VM's own); 0 or -errno. */
static int enter(const char *ns)
{
	char path[64];
	int fd, err = 0;

	if (!ns)
		return setns(root_ns, CLONE_NEWNET) ? -errno : 0;
	ns_path(ns, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		err = -errno;
	if (fd >= 0)
		close(fd);
	return err;
}

static void sysctl(const char *key, const char *v)
{
	char path[160];

	snprintf(path, sizeof(path), "/proc/sys/net/%s", key);
	write_file(path, v);
}

/* No IPv6 chatter, no ICMP rate limits: two runs must see the same thing. */
static void quiet_ns(void)
{
	static const char *const zero[] = {
		"ipv6/conf/all/accept_ra", "ipv6/conf/default/accept_ra",
		"ipv6/conf/all/accept_dad", "ipv6/conf/default/accept_dad",
		"ipv6/conf/all/router_solicitations", "ipv6/conf/default/router_solicitations",
		"ipv4/icmp_ratelimit", "ipv6/icmp/ratelimit",
	};
	size_t i;

	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		sysctl(zero[i], "0");
	sysctl("ipv4/icmp_msgs_per_sec", "100000");
	sysctl("ipv4/icmp_msgs_burst", "100000");
}

static int make_ns(const char *ns)
{
	char path[64];
	int fd, err;

	ns_path(ns, path, sizeof(path));
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	close(fd);
	if (unshare(CLONE_NEWNET) || mount("/proc/self/ns/net", path, NULL, MS_BIND, NULL))
		return -errno;
	quiet_ns();
	nl_up((int)if_nametoindex("lo"));
	err = enter(NULL);
	return err;
}

static void teardown(void)
{
	char path[64];
	size_t i;

	enter(NULL);
	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++) {
		ns_path(namespaces[i], path, sizeof(path));
		umount2(path, MNT_DETACH);
		unlink(path);
	}
	usleep(200 * 1000); /* the namespaces' devices go asynchronously */
}

static int idx(const char *name)
{
	return (int)if_nametoindex(name);
}

static void mac_of(__u8 *mac, int group, int n)
{
	static const __u8 base[6] = { 2, 0, 0, 0, 0, 0 };

	memcpy(mac, base, 6);
	mac[4] = (__u8)group;
	mac[5] = (__u8)n;
}

/*
 * A veth from the router (name, MAC 02:..:0a:n) to host namespace ns (peer
 * name, MAC 02:..:group:n), where it comes up with GRO and an XDP program.
 */
static int wire(const char *name, int n, const char *ns, const char *peer, int group, int mtu)
{
	__u8 rmac[6], pmac[6];
	char path[64];
	int fd, err;

	mac_of(rmac, 0x0a, n);
	mac_of(pmac, group, n);
	ns_path(ns, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = nl_veth(name, peer, rmac) ?: nl_link_set(idx(peer), pmac, mtu, fd);
	close(fd);
	err = err ?: nl_link_set(idx(name), NULL, mtu, -1) ?: nl_up(idx(name));
	err = err ?: enter(ns) ?: nl_up(idx(peer));
	if (err)
		return err;
	gro_on(peer);
	/* Attached without a link: it goes with the device, when the namespace does. */
	err = bpf_xdp_attach(idx(peer), peer_prog, XDP_FLAGS_DRV_MODE, NULL);
	return err ?: enter("r");
}

/* Address in both families: "10.70.0.1/24" style pairs. */
static int addrs(const char *dev, const char *v4, const char *v6)
{
	return nl_addr(AF_INET, idx(dev), v4, 24) ?: nl_addr(AF_INET6, idx(dev), v6, 64);
}

/* Permanent neighbours for hosts first..last of a /24 ("10.70.0") and host `first` of a /64 ("fd70:0::"). */
static int hosts(const char *dev, const char *net4, const char *net6, int first, int last,
		 const __u8 *mac)
{
	char a[64];
	int h, err = 0;

	for (h = first; h <= last && !err; h++) {
		snprintf(a, sizeof(a), "%s.%d", net4, h);
		err = nl_neigh(AF_INET, idx(dev), a, mac);
	}
	snprintf(a, sizeof(a), "%s%d", net6, first);
	return err ?: nl_neigh(AF_INET6, idx(dev), a, mac);
}

/*
 * Router port r<n>: 10.<net>.<n>.1/24 and fd<net>:<n>::1/64, with its hosts
 * .2 to .<last> (and ::2) as static neighbours at MAC 02:..:<group>:<n>.
 */
static int port_subnet(int n, int net, int group, int last)
{
	char name[16], v4[32], v6[32];
	__u8 mac[6];
	int err;

	snprintf(name, sizeof(name), "r%d", n);
	snprintf(v4, sizeof(v4), "10.%d.%d.1", net, n);
	snprintf(v6, sizeof(v6), "fd%d:%d::1", net, n);
	err = addrs(name, v4, v6);
	snprintf(v4, sizeof(v4), "10.%d.%d", net, n);
	snprintf(v6, sizeof(v6), "fd%d:%d::", net, n);
	mac_of(mac, group, n);
	return err ?: hosts(name, v4, v6, 2, last, mac);
}

static int route(int family, const char *dst, int plen, const char *gw)
{
	return nl_route(family, RTN_UNICAST, dst, plen, gw, 0, 0);
}

/* A subinterface of router port r<n>, with that port's MAC as the kernel would give it. */
static int vlan(const char *name, int n, __u16 proto, __u16 vid, const char *v4, const char *v6)
{
	char lower[8];
	__u8 mac[6];

	snprintf(lower, sizeof(lower), "r%d", n);
	mac_of(mac, 0x0a, n);
	return nl_vlan(name, idx(lower), proto, vid, mac) ?: nl_up(idx(name)) ?: addrs(name, v4, v6);
}

static int routes(void)
{
	static const int kinds[] = { RTN_UNREACHABLE, RTN_PROHIBIT, RTN_BLACKHOLE };
	char d4[32], d6[32], g4[32], g6[32];
	int n, err = 0;

	for (n = 1; n <= 3 && !err; n++) {
		snprintf(d4, sizeof(d4), "198.18.%d.0", n);
		snprintf(d6, sizeof(d6), "2001:db8:%d::", n);
		snprintf(g4, sizeof(g4), "10.71.%d.2", n);
		snprintf(g6, sizeof(g6), "fd71:%d::2", n);
		err = route(AF_INET, d4, 24, g4) ?: route(AF_INET6, d6, 48, g6);
	}
	for (n = 0; n < 3 && !err; n++) {
		snprintf(d4, sizeof(d4), "198.18.%d.0", n + 4);
		snprintf(d6, sizeof(d6), "2001:db8:%d::", n + 4);
		err = nl_route(AF_INET, kinds[n], d4, 24, NULL, 0, 0) ?:
		      nl_route(AF_INET6, kinds[n], d6, 48, NULL, 0, 0);
	}
	return err ?: route(AF_INET, "198.18.7.0", 24, "10.70.0.3") ?:
	       route(AF_INET6, "2001:db8:7::", 48, "fd70:0::3") ?:
	       /* a route MTU without `lock` */
	       nl_route(AF_INET, RTN_UNICAST, "198.18.8.0", 24, "10.71.1.2", 0, 1000) ?:
	       nl_route(AF_INET6, RTN_UNICAST, "2001:db8:8::", 48, "fd71:1::2", 0, 1300) ?:
	       route(AF_INET, "100.70.0.0", 16, "10.70.0.2") ?:
	       route(AF_INET6, "2001:db8:70::", 48, "fd70:0::2") ?:
	       route(AF_INET, "100.75.0.0", 16, "10.70.5.2") ?:
	       route(AF_INET6, "2001:db8:75::", 48, "fd70:5::2") ?:
	       route(AF_INET, "100.76.0.0", 16, "10.70.6.2") ?:
	       route(AF_INET6, "2001:db8:76::", 48, "fd70:6::2") ?:
	       route(AF_INET, "100.64.1.0", 24, "10.71.1.2") ?:
	       route(AF_INET, "100.64.2.0", 24, "10.70.0.2") ?:
	       /* through the egress subinterfaces */
	       route(AF_INET, "198.18.9.0", 24, "10.73.20.2") ?:
	       route(AF_INET6, "2001:db8:9::", 48, "fd73:20::2") ?:
	       route(AF_INET, "198.18.10.0", 24, "10.73.30.2") ?:
	       route(AF_INET6, "2001:db8:10::", 48, "fd73:30::2");
}

static int topology(void)
{
	static const int senders[3] = { 0, 5, 6 };
	__u8 mac[6], e1[6];
	char name[16], peer[16];
	size_t i;
	int err = 0;

	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]) && !err; i++)
		err = make_ns(namespaces[i]);
	err = err ?: enter("r");
	if (err)
		return err;
	sysctl("ipv4/ip_forward", "1");
	sysctl("ipv6/conf/all/forwarding", "1");
	for (i = 0; i < 3 && !err; i++) {
		snprintf(name, sizeof(name), "r%d", senders[i]);
		snprintf(peer, sizeof(peer), "s%zu", i);
		err = wire(name, senders[i], "s", peer, 0x0c, 0);
	}
	for (i = 1; i <= 3 && !err; i++) {
		snprintf(name, sizeof(name), "r%zu", i);
		snprintf(peer, sizeof(peer), "e%zu", i);
		err = wire(name, (int)i, peer, peer, 0x0e, i == 2 ? 1280 : 0);
	}
	if (err)
		return err;
	sysctl("ipv4/conf/r5/rp_filter", "1");
	sysctl("ipv4/conf/r6/rp_filter", "2");
	for (i = 0; i < 3 && !err; i++)
		err = port_subnet(senders[i], 70, 0x0c, 254);
	for (i = 1; i <= 3 && !err; i++)
		err = port_subnet((int)i, 71, 0x0e, 2);
	mac_of(mac, 0x0c, 0x33);
	mac_of(e1, 0x0e, 1);
	err = err ?: hosts("r0", "10.70.0", "fd70:0::", 3, 3, mac) ?:
	      vlan("r0.10", 0, ETH_P_8021Q, 10, "10.72.10.1", "fd72:10::1") ?:
	      vlan("r0.a10", 0, ETH_P_8021AD, 10, "10.72.11.1", "fd72:11::1") ?:
	      vlan("r0.a11", 0, ETH_P_8021AD, 11, "10.72.12.1", "fd72:12::1") ?:
	      vlan("r1.20", 1, ETH_P_8021Q, 20, "10.73.20.1", "fd73:20::1") ?:
	      vlan("r1.30", 1, ETH_P_8021AD, 30, "10.73.30.1", "fd73:30::1");
	mac_of(mac, 0x0c, 0);
	err = err ?: hosts("r0.10", "10.72.10", "fd72:10::", 2, 254, mac) ?:
	      hosts("r0.a10", "10.72.11", "fd72:11::", 2, 254, mac) ?:
	      hosts("r0.a11", "10.72.12", "fd72:12::", 2, 254, mac) ?:
	      hosts("r1.20", "10.73.20", "fd73:20::", 2, 2, e1) ?:
	      hosts("r1.30", "10.73.30", "fd73:30::", 2, 2, e1) ?: routes();
	if (err)
		return err;
	/* no IPv6 on the hosts around (they only capture), nor on r6 (last: it drops its addresses) */
	for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
		if (strcmp(namespaces[i], "r") && !enter(namespaces[i]))
			sysctl("ipv6/conf/all/disable_ipv6", "1");
	err = enter("r");
	sysctl("ipv6/conf/r6/disable_ipv6", "1");
	sleep(1); /* let link-up chatter pass */
	return err;
}

static const char vo_conf[] = "global\n  bpffs-root /sys/fs/bpf/vo\n  state-dir /run/vo\n"
			      "  attach-settle-time 0s\nmodule fast-path\n"
			      "  attach r0 native\n  attach r5 native\n  attach r6 native\n"
			      "  attach r1 native\n  attach r2 native\n  attach r3 native\n"
			      "  allow-prefix 0.0.0.0/0\n  allow-prefix6 ::/0\n"
			      /* no policy rules here: the netns oracle has them (full lookups) */
			      "  fib-lookup direct\n";

static int attach(void)
{
	static const struct pf_want want[] = {
		{ "r0", PF_MODE_NATIVE }, { "r5", PF_MODE_NATIVE }, { "r6", PF_MODE_NATIVE },
		{ "r1", PF_MODE_NATIVE }, { "r2", PF_MODE_NATIVE }, { "r3", PF_MODE_NATIVE },
	};
	struct pf_config c;
	struct pf_paths p;
	char err[256];
	int rc;

	if (pf_config_parse(&c, "vo.conf", vo_conf, err, sizeof(err), NULL, NULL)) {
		printf("INFO oracle config: %s\n", err);
		return -EINVAL;
	}
	pf_paths_init(&p, &c);
	mkdir("/run/vo", 0700);
	rc = enter("r") ?: pf_converge(&quiet, &c, &p, want, 6, false, false);
	pf_config_free(&c);
	return rc;
}

static void detach(void)
{
	struct pf_paths p;
	struct pf_config c;
	char err[256];

	if (pf_config_parse(&c, "vo.conf", vo_conf, err, sizeof(err), NULL, NULL))
		return;
	pf_paths_init(&p, &c);
	enter("r");
	pf_detach_all(&quiet, &p, 0);
	pf_config_free(&c);
}

/* The fast path's counters after a run (non-zero ones as INFO); fwd_ok. */
static __u64 counters(void)
{
	int fd = bpf_obj_get("/sys/fs/bpf/vo/fast-path/maps/STATS");
	__u64 v[PF_COUNTER_MAX];
	int i;

	if (fd < 0 || pf_stats_read(fd, v)) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	close(fd);
	printf("INFO vm oracle counters:");
	for (i = 0; i < PF_COUNTER_MAX; i++)
		if (v[i])
			printf(" %s=%llu", pf_counter_name(i), (unsigned long long)v[i]);
	printf("\n");
	return v[PF_C_fwd_ok];
}

/* One run on a fresh router: the kernel alone or with packetframe (*fwd: its fwd_ok). */
static int record(bool fast, unsigned long long seed, unsigned int frames, const char *path,
		  const unsigned int *only, unsigned int n_only, __u64 *fwd)
{
	int rc = topology();

	if (rc)
		printf("INFO oracle topology: %s\n", strerror(-rc));
	else if (fast && (rc = attach()))
		printf("INFO oracle attach failed: %d\n", rc);
	rc = rc ?: (oracle_run(PREFIX, seed, frames, path, only, n_only) ? -EIO : 0);
	if (fast && fwd)
		*fwd = counters();
	if (fast)
		detach();
	teardown();
	return rc;
}

void vm_oracle(unsigned int frames)
{
	static const struct bpf_insn ret_pass[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static unsigned int diffs[MAX_CONFIRM];
	unsigned int n_diffs = 0, confirmed = 0;
	struct timespec now;
	__u64 fwd = 0;
	unsigned long long seed;
	int rc;

	clock_gettime(CLOCK_REALTIME, &now);
	seed = (unsigned long long)now.tv_sec * 1000003ULL + (unsigned long long)now.tv_nsec;
	printf("INFO vm oracle seed %llu, %u frames (VLAN mode)\n", seed, frames);
	mkdir("/run/netns", 0755);
	root_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	peer_prog = bpf_prog_load(BPF_PROG_TYPE_XDP, "peer_pass", "GPL", ret_pass, 2, NULL);
	oracle_vlan_mode = 1;
	oracle_quiet_us = 3000; /* an emulated CPU: give late outputs time */
	rc = root_ns < 0 || peer_prog < 0 ? -EINVAL : 0;
	rc = rc ?: record(false, seed, frames, "/run/vo-kernel.rec", NULL, 0, NULL);
	rc = rc ?: record(true, seed, frames, "/run/vo-fast.rec", NULL, 0, &fwd);
	if (rc) {
		result(0, "oracle_vlan", "could not record both runs: %s", strerror(-rc));
		return;
	}
	rc = oracle_diff("/run/vo-kernel.rec", "/run/vo-fast.rec", seed, 0, diffs, &n_diffs,
			 MAX_CONFIRM);
	if (rc == 2) {
		result(0, "oracle_vlan", "the records cannot be compared");
		return;
	}
	if (n_diffs) {
		rc = record(false, seed, 0, "/run/vo-kernel2.rec", diffs, n_diffs, NULL) ?:
		     record(true, seed, 0, "/run/vo-fast2.rec", diffs, n_diffs, NULL);
		if (!rc)
			oracle_diff("/run/vo-kernel2.rec", "/run/vo-fast2.rec", seed, 10, diffs,
				    &confirmed, MAX_CONFIRM);
		else
			confirmed = n_diffs;
	}
	/* Equal outputs prove little if the fast path forwarded nothing. */
	result(fwd > frames / 10, "oracle_vlan_fast_path_forwarded_some", "fwd_ok %llu",
	       (unsigned long long)fwd);
	printf("INFO vm oracle: %u frames, %u differing in the run, %u confirmed on replay\n",
	       frames, n_diffs, confirmed);
	result(!confirmed, "oracle_vlan", "%u of %u frames differ from the kernel (seed %llu)",
	       confirmed, frames, seed);
	oracle_vlan_mode = 0;
	close(peer_prog);
}
