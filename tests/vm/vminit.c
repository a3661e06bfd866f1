// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * /init of the qemu test VMs (release/vmtest.sh): as PID 1 on a Debian
 * kernel it loads the modules it was given (veth, 8021q and its deps),
 * loads both programs through that kernel's verifier with the JIT on and
 * off, builds a topology (veths, VLAN subinterfaces, routes, neighbours) over
 * rtnetlink, runs packetframe's own attach (load, maps from netlink, native
 * links), checks forward fixtures byte for byte with BPF_PROG_TEST_RUN
 * (untagged, VLAN push/pop/rewrite, MSS clamp), sends a frame through the
 * VLAN path and checks the tag on the wire, checks the sampler's records of a
 * frame (vmsampler.c), runs detach --all, runs the
 * differential oracle with real 802.1Q/802.1ad subinterfaces (vmoracle.c),
 * and powers off.
 * Output: PASS/FAIL/INFO lines and "VMTEST DONE <passed> <failed>".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/if_packet.h>
#include <sys/uio.h>
#include <linux/reboot.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "bpf/objects.h"
#include "fp/bpf_obj.h"
#include "fp/config.h"
#include "fp/counter_names.h"
#include "fp/stats.h"
#include "fp/frame.h"
#include "fp/instance.h"
#include "fp/lifecycle.h"
#include "fp/loader.h"
#include "fp/netdev.h"
#include "fp/state.h"
#include "fp/watch.h"
#include "nl.h"
#include "vm.h"

/* The VLAN oracle's corpus size: about 2,000 frames keep a boot within its time cap. */
#define ORACLE_FRAMES 2000

static int passed, failed, fixtures_unsupported;
static const struct pf_ctx ctx = { .log_level = PF_LOG_WARN };

void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("%s %s", ok ? "PASS" : "FAIL", name);
	if (!ok && fmt) {
		printf(": ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
	}
	putchar('\n');
	ok ? passed++ : failed++;
}

static void load_modules(void)
{
	FILE *f = fopen("/modules/order", "r");
	char name[64], path[128];

	while (f && fscanf(f, "%63s", name) == 1) {
		int fd;

		snprintf(path, sizeof(path), "/modules/%s.ko", name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST))
			printf("INFO module %s: %s\n", name, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (f)
		fclose(f);
}

int write_file(const char *path, const char *v)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = write(fd, v, strlen(v)) == (ssize_t)strlen(v) ? 0 : -1;
	close(fd);
	return rc;
}

static void verifier(const char *name)
{
	static char logs[PF_PROG_COUNT][1 << 16];
	struct bpf_object *obj = pf_obj_open(&ctx);
	struct bpf_program *p;
	int i = 0;

	if (!obj) {
		result(0, name, "open");
		return;
	}
	bpf_object__for_each_program(p, obj) {
		if (i == PF_PROG_COUNT)
			break; /* the unit tests prove the object holds PF_PROGS exactly */
		bpf_program__set_log_buf(p, logs[i], sizeof(logs[i]));
		bpf_program__set_log_level(p, 4);
		i++;
	}
	if (bpf_object__load(obj)) {
		result(0, name, "the verifier refused the object");
		bpf_object__close(obj);
		return;
	}
	i = 0;
	bpf_object__for_each_program(p, obj) {
		const char *pr = strstr(logs[i], "processed "), *sd = strstr(logs[i], "stack depth ");

		if (!bpf_program__autoload(
			    p)) { /* a watch program this kernel has no tracepoint for */
			printf("INFO %s %s: not loaded (no such tracepoint here)\n", name,
			       bpf_program__name(p));
			i++;
			continue;
		}
		printf("INFO %s %s: %zu insns, verifier processed %ld, stack depth %ld\n", name,
		       bpf_program__name(p), bpf_program__insn_cnt(p),
		       pr ? strtol(pr + 10, NULL, 10) : -1, sd ? strtol(sd + 12, NULL, 10) : -1);
		i++;
	}
	result(1, name, NULL);
	bpf_object__close(obj);
}

static const __u8 MAC_IN0[6] = { 2, 0, 0, 0, 0, 0x01 }, MAC_OUT0[6] = { 2, 0, 0, 0, 0, 0x02 },
		  MAC_IN10[6] = { 2, 0, 0, 0, 0, 0x10 }, MAC_OUT20[6] = { 2, 0, 0, 0, 0, 0x20 },
		  NH0[6] = { 2, 0, 0, 0, 0, 0x99 }, NH20[6] = { 2, 0, 0, 0, 0, 0x98 },
		  MAC_PEER[6] = { 2, 0, 0, 0, 0, 0xaa };

static int topology(int vlans)
{
	int in0, out0, err;

	err = nl_veth("in0", "in0p", MAC_IN0) ?: nl_veth("out0", "out0p", MAC_OUT0);
	if (err)
		return err;
	in0 = (int)if_nametoindex("in0");
	out0 = (int)if_nametoindex("out0");
	err = nl_up(in0) ?: nl_up(out0) ?: nl_up((int)if_nametoindex("in0p")) ?:
	      nl_up((int)if_nametoindex("out0p")) ?: nl_addr(AF_INET, in0, "10.1.0.1", 24) ?:
	      nl_addr(AF_INET, out0, "10.2.0.1", 24) ?: nl_route(AF_INET, RTN_UNICAST, "198.51.100.0", 24, NULL, out0, 0) ?:
	      nl_neigh(AF_INET, out0, "198.51.100.7", NH0);
	if (err || !vlans)
		return err;
	err = nl_vlan("in0.10", in0, ETH_P_8021Q, 10, MAC_IN10)
		      ?: nl_vlan("out0.20", out0, ETH_P_8021Q, 20, MAC_OUT20);
	if (err)
		return err;
	return nl_up((int)if_nametoindex("in0.10")) ?: nl_up((int)if_nametoindex("out0.20")) ?:
	       nl_addr(AF_INET, (int)if_nametoindex("in0.10"), "10.10.0.1", 24) ?:
	       nl_addr(AF_INET, (int)if_nametoindex("out0.20"), "10.20.0.1", 24) ?:
	       nl_route(AF_INET, RTN_UNICAST, "198.51.102.0", 24, NULL,
			(int)if_nametoindex("out0.20"), 0) ?:
	       nl_neigh(AF_INET, (int)if_nametoindex("out0.20"), "198.51.102.7", NH20);
}

static int kernel_before(int major, int minor)
{
	int k = pf_kernel_version();

	return k && k < major * 1000 + minor;
}

/* Run `in` through the pinned fast_path on in0 and compare with `want`. */
static void fixture(const char *name, int prog, const struct pf_frame *in, const struct pf_frame *want)
{
	static __u8 ib[512], wb[512], out[600];
	struct xdp_md x = { .ingress_ifindex = if_nametoindex("in0") };
	LIBBPF_OPTS(bpf_test_run_opts, t, .data_in = ib, .data_out = out,
		    .data_size_out = sizeof(out), .ctx_in = &x, .ctx_size_in = sizeof(x), .repeat = 1);
	size_t il = pf_frame_build(in, ib, sizeof(ib)), wl = pf_frame_build(want, wb, sizeof(wb));

	x.data_end = (__u32)il;
	t.data_size_in = (__u32)il;
	if (fixtures_unsupported) {
		printf("SKIP %s: BPF_PROG_TEST_RUN takes no xdp_md context (ingress_ifindex) "
		       "before Linux 5.11; the wire test covers the forward path here\n", name);
		return;
	}
	if (bpf_prog_test_run_opts(prog, &t)) {
		if (errno == EINVAL && kernel_before(5, 11)) {
			fixtures_unsupported = 1;
			fixture(name, prog, in, want);
			return;
		}
		result(0, name, "test_run: %s", strerror(errno));
		return;
	}
	result(t.retval == XDP_REDIRECT && t.data_size_out == wl && !memcmp(out, wb, wl), name,
	       "verdict %u, %u bytes (want REDIRECT, %zu bytes, exact)", t.retval,
	       t.data_size_out, wl);
}

static void fixtures(int prog, int vlans)
{
	struct pf_frame s, o;

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.100.7", 17);
	o = pf_frame_forwarded(&s, NH0, MAC_OUT0);
	fixture("fixture_forward_untagged", prog, &s, &o);

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.100.7", 6);
	s.tcp_flags = 0x02;
	s.payload = 0;
	memcpy(s.tcp_opts, "\x01\x02\x04\x05\xb4\x01\x01\x01", 8); /* MSS 1460, odd offset */
	s.tcp_opts_len = 8;
	o = pf_frame_forwarded(&s, NH0, MAC_OUT0);
	o.tcp_opts[3] = 1400 >> 8;
	o.tcp_opts[4] = 1400 & 0xff;
	fixture("fixture_mss_clamp", prog, &s, &o);
	if (!vlans)
		return;

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.102.7", 17);
	o = pf_frame_forwarded(&s, NH20, MAC_OUT20);
	o.tags = 1;
	o.tpid = 0x8100;
	o.tci = 20;
	fixture("fixture_vlan_push", prog, &s, &o);

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.100.7", 17);
	s.tags = 1;
	s.tci = 0xa000 | 10;
	memcpy(s.dmac, MAC_IN10, 6);
	o = pf_frame_forwarded(&s, NH0, MAC_OUT0);
	o.tags = 0;
	fixture("fixture_vlan_pop", prog, &s, &o);

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.102.7", 17);
	s.tags = 1;
	s.tci = 0xa000 | 10;
	memcpy(s.dmac, MAC_IN10, 6);
	o = pf_frame_forwarded(&s, NH20, MAC_OUT20);
	o.tci = 20; /* the egress subinterface's tag: PCP and DEI 0 */
	fixture("fixture_vlan_rewrite", prog, &s, &o);
}

static int packet_socket(const char *ifname)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL),
				   .sll_ifindex = (int)if_nametoindex(ifname) };
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));

	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		return -1;
	return fd;
}

void gro_on(const char *ifname)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_SGRO, .data = 1 };
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&ev;
	ioctl(fd, SIOCETHTOOL, &ifr);
	close(fd);
}

/*
 * A frame into in0 from its peer must leave out0 tagged VID 20, TTL - 1.
 * Native redirects into a veth need NAPI on its peer: an XDP program there
 * (GRO alone does it only from 5.13 on).
 */
static void wire_vlan(void)
{
	const struct bpf_insn ret_pass[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = XDP_PASS },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_link_create_opts, lo, .flags = XDP_FLAGS_DRV_MODE);
	int pass_prog = bpf_prog_load(BPF_PROG_TYPE_XDP, "peer_pass", "GPL", ret_pass, 2, NULL);
	int peer_link = pass_prog < 0 ? -1 : bpf_link_create(pass_prog, (int)if_nametoindex("out0p"),
							       BPF_XDP, &lo);
	static __u8 f[512], want[512], got[600];
	int tx = packet_socket("in0p"), rx = packet_socket("out0p"), i;
	struct pf_frame s, o;
	size_t fl, wl;

	pf_frame_init(&s, 0, "100.64.0.2", "198.51.102.7", 17);
	memcpy(s.smac, MAC_PEER, 6);
	o = pf_frame_forwarded(&s, NH20, MAC_OUT20);
	o.tags = 1;
	o.tpid = 0x8100;
	o.tci = 20;
	fl = pf_frame_build(&s, f, sizeof(f));
	wl = pf_frame_build(&o, want, sizeof(want));
	if (tx < 0 || rx < 0 || send(tx, f, fl, 0) != (ssize_t)fl) {
		result(0, "wire_vlan_push", "sockets: %s", strerror(errno));
		goto out;
	}
	/* The receive path moves a tag into skb metadata: get it back via auxdata. */
	setsockopt(rx, SOL_PACKET, PACKET_AUXDATA, &(int){ 1 }, sizeof(int));
	for (i = 0; i < 20; i++) {
		struct pollfd p = { .fd = rx, .events = POLLIN };
		char cbuf[CMSG_SPACE(sizeof(struct tpacket_auxdata))];
		struct iovec iov = { .iov_base = got + 4, .iov_len = sizeof(got) - 4 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
				     .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm;
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			break;
		n = recvmsg(rx, &mh, 0);
		if (n < 14)
			continue;
		memmove(got, got + 4, 12); /* MACs back to the front */
		for (cm = CMSG_FIRSTHDR(&mh); cm; cm = CMSG_NXTHDR(&mh, cm)) {
			struct tpacket_auxdata *a = (void *)CMSG_DATA(cm);

			if (cm->cmsg_level != SOL_PACKET || cm->cmsg_type != PACKET_AUXDATA ||
			    !(a->tp_status & TP_STATUS_VLAN_VALID))
				continue;
			got[12] = a->tp_vlan_tpid ? a->tp_vlan_tpid >> 8 : 0x81;
			got[13] = a->tp_vlan_tpid ? a->tp_vlan_tpid & 0xff : 0x00;
			got[14] = a->tp_vlan_tci >> 8;
			got[15] = a->tp_vlan_tci & 0xff;
			n += 4;
		}
		if (n == (ssize_t)wl && !memcmp(got, want, wl)) {
			result(1, "wire_vlan_push", NULL);
			goto out;
		}
	}
	result(0, "wire_vlan_push", "no frame with tag 20, TTL 63 and the subif MACs on out0");
out:
	if (peer_link >= 0)
		close(peer_link);
	if (pass_prog >= 0)
		close(pass_prog);
}

/*
 * `fib-lookup direct` is refused, nothing attached, while a VRF exists (its
 * ports' direct lookups would take its table whatever the rules say). The
 * host that runs `make test` has no VRF support; the VMs load vrf.ko.
 */
static void direct_refused_with_vrf(const struct pf_paths *p)
{
	static const char conf[] = "global\n  bpffs-root /sys/fs/bpf/packetframe\n"
				   "  state-dir /run/pf\n  attach-settle-time 0s\n"
				   "module fast-path\n  attach in0 native\n  fib-lookup direct\n"
				   "  allow-prefix 198.51.100.0/22\n";
	struct pf_want want[1] = { { "in0", PF_MODE_NATIVE } };
	struct pf_config c;
	char err[256];
	int rc;

	if (nl_vrf("vrf9", 9) || nl_up((int)if_nametoindex("vrf9"))) {
		printf("SKIP fib_direct_refused_with_vrf: no VRF device (vrf.ko not loaded)\n");
		return;
	}
	/* Without its l3mdev rules (pref 1000): only the VRF itself can refuse now. */
	nl_rule_del(AF_INET, 1000);
	nl_rule_del(AF_INET6, 1000);
	if (pf_config_parse(&c, "vrf.conf", conf, err, sizeof(err), NULL, NULL)) {
		result(0, "fib_direct_refused_with_vrf", "config: %s", err);
		return;
	}
	rc = pf_converge(&ctx, &c, p, want, 1, false, false);
	result(rc == PF_REFUSED && access("/sys/fs/bpf/packetframe/fast-path/links/in0", F_OK),
	       "fib_direct_refused_with_vrf", "attach returned %d", rc);
	pf_detach_all(&ctx, p, 0);
	pf_config_free(&c);
}

/* Non-zero counters, to explain a failure. */
static void dump_counters(const struct pf_inst *in)
{
	__u64 v[PF_COUNTER_MAX];
	int i;

	if (in->map_fd[PF_MAP_STATS] < 0 || pf_stats_read(in->map_fd[PF_MAP_STATS], v))
		return;
	for (i = 0; i < PF_COUNTER_MAX; i++)
		if (v[i])
			printf("INFO counter %s %llu\n", pf_counter_name(i), (unsigned long long)v[i]);
}

int main(void)
{
	static const char conf[] = "global\n  bpffs-root /sys/fs/bpf/packetframe\n"
				   "  state-dir /run/pf\n  attach-settle-time 0s\n"
				   "module fast-path\n  attach in0 native\n  attach out0 native\n"
				   "  allow-prefix 198.51.100.0/22\n  mss-clamp 1400\n";
	struct pf_want want[2] = { { "in0", PF_MODE_NATIVE }, { "out0", PF_MODE_NATIVE } };
	struct pf_config c;
	struct pf_paths p;
	struct pf_inst in;
	char err[256];
	int fd, vlans;

	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mkdir("/run", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("bpf", "/sys/fs/bpf", "bpf", 0, NULL);
	fd = open("/dev/console", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	{
		FILE *v = fopen("/proc/version", "r");
		char line[256] = "";

		if (v && fgets(line, sizeof(line), v))
			printf("INFO %s", line);
		if (v)
			fclose(v);
	}
	load_modules();
	vlans = !access("/proc/net/vlan", F_OK) || !access("/sys/module/8021q", F_OK);

	verifier("verifier_jit");
	if (write_file("/proc/sys/net/core/bpf_jit_enable", "0"))
		printf("INFO verifier_nojit skipped: bpf_jit_enable=0 refused (JIT always on)\n");
	else {
		verifier("verifier_nojit");
		write_file("/proc/sys/net/core/bpf_jit_enable", "1");
	}

	write_file("/proc/sys/net/ipv4/ip_forward", "1");
	fd = topology(vlans);
	result(!fd, "topology", "rtnetlink: %s", strerror(-fd));
	gro_on("out0p"); /* native redirects into a veth need NAPI on its peer */
	gro_on("in0p");
	if (pf_config_parse(&c, "vm.conf", conf, err, sizeof(err), NULL, NULL)) {
		result(0, "config", "%s", err);
		goto done;
	}
	pf_paths_init(&p, &c);
	result(pf_converge(&ctx, &c, &p, want, 2, false, false) == 0, "attach_native", "attach failed");
	pf_inst_open(&ctx, &p, &in);
	{
		char why[PATH_MAX + 128];
		bool runs = pf_watch_runs(&p, &in, why, sizeof(why));

		/*
		 * A kernel without BTF (Debian's Malta, most of OpenWrt) cannot
		 * run the watch: the fast path must load without it and say why.
		 */
		if (access("/sys/kernel/btf/vmlinux", R_OK))
			result(!runs && strstr(why, "no BTF"), "redirect_watch_absent_without_btf",
			       "without BTF: runs %d, %s", runs, why);
		else
			result(runs, "redirect_watch_runs", "%s", why);
	}
	if (in.prog_fd[PF_PROG_fast_path] >= 0) {
		fixtures(in.prog_fd[PF_PROG_fast_path], vlans);
		vm_sampler(&in, !fixtures_unsupported, NH0, MAC_OUT0);
		if (vlans)
			wire_vlan();
		if (failed)
			dump_counters(&in);
	}
	pf_inst_close(&in);
	result(pf_detach_all(&ctx, &p, 0) == 0, "detach_all", "detach --all failed");
	result(access("/sys/fs/bpf/packetframe/fast-path", F_OK) != 0, "no_pins_left", "pins remain");
	direct_refused_with_vrf(&p);
	if (vlans)
		vm_oracle(ORACLE_FRAMES);
	else
		printf("SKIP oracle_vlan: no 8021q module loaded\n");
done:
	printf("VMTEST DONE %d %d\n", passed, failed);
	fflush(stdout);
	tcdrain(1);
	sync();
	reboot(LINUX_REBOOT_CMD_POWER_OFF);
	return 0;
}
