/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Layouts of map keys and values shared by the BPF programs and userspace.
 * Every struct here is padding-free (checked at compile time on both sides):
 * the kernel copies them byte for byte and LLVM must never see a hole it
 * could fill with a memset libcall.
 */
#ifndef PF_SHARED_H
#define PF_SHARED_H

#include <linux/types.h>

#define PF_ASSERT_SIZE(type, size) \
	_Static_assert(sizeof(type) == (size), #type " must be " #size " bytes, no padding")

/* 802.1Q tag control information (TCI), host order: PCP(3) DEI(1) VID(12). */
#define PF_VLAN_VID_MASK 0x0fff
#define PF_VLAN_PRIO_SHIFT 13

/* TCP options (RFC 9293): the kinds the MSS clamp walks over or rewrites. */
#define PF_TCPOPT_EOL 0
#define PF_TCPOPT_NOP 1
#define PF_TCPOPT_MSS 2
#define PF_TCPOLEN_MSS 4
/*
 * Byte offsets in the TCP header for the fields struct tcphdr declares as
 * bitfields: their layout follows the host's byteorder headers, which are
 * wrong for a big-endian BPF object built on a little-endian host.
 */
#define PF_TCP_OFF_DOFF 12 /* high nibble: header length in 32-bit words */
#define PF_TCP_OFF_FLAGS 13
#define PF_TCP_FLAG_SYN 0x02

/* CFG[0]: global switches, read once per fast_path run. */
struct pf_cfg {
	__u8 dry_run;     /* 1: count, never forward or drop */
	__u8 flags;       /* PF_CFG_* presence bits: skip lookups in empty maps */
	__u16 mss_global; /* 0 = no global MSS clamp */
	__u32 version;    /* PF_CFG_VERSION: layout of this struct */
	/*
	 * Map generation: bumped by userspace after every change to ALLOW_V4/V6,
	 * IFACES or VLAN_RESOLVE; per-CPU cached answers of another generation
	 * are ignored. 0 turns the caches off.
	 */
	__u32 gen;
	/*
	 * The lowest MTU a route sets without `lock` (0: none). bpf_fib_lookup
	 * checks only locked route MTUs and the device's; the kernel honours
	 * these too, so larger packets go to the kernel.
	 */
	__u32 route_mtu;
};
PF_ASSERT_SIZE(struct pf_cfg, 16);

#define PF_CFG_VERSION       1
#define PF_CFG_BLOCK_PRESENT (1 << 0) /* BLOCK_V4/V6 have entries */
#define PF_CFG_VLAN_PRESENT  (1 << 1) /* VLAN_RESOLVE has entries */
#define PF_CFG_MSS_PRESENT   (1 << 2) /* some MSS clamp is configured */
#define PF_CFG_PORT_RULES (1 << 3)    /* policy rules on ports: only TCP/UDP ports are known */
/*
 * The FIB lookup skips the policy rules (BPF_FIB_LOOKUP_DIRECT: the main
 * table, or the VRF's), per family: only when the kernel's three rules are
 * all there are and the local table holds nothing but the host routes of
 * LOCAL (checked first, as the local table would be).
 */
#define PF_CFG_FIB_DIRECT4 (1 << 4)
#define PF_CFG_FIB_DIRECT6 (1 << 5)
/*
 * `fib-lookup auto`'s direct IPv4 lookup, which is the kernel's own only
 * while its local table stays merged into main: a policy rule added since
 * `apply` splits it (for good). So every PF_FIB_PROBE_EVERY frames each CPU
 * asks main for evidence that it is still merged (FIB_PROBE4); without it
 * (split, or the probe's route gone: a direct lookup says "not forwarded"
 * alike for a local route and for no route), every CPU (FIB_SPLIT4) takes
 * the full lookup and the kernel's source check (PF_PORT_RP_VALIDATE) until
 * the next `apply`.
 */
#define PF_CFG_FIB_PROBE4 (1 << 6)
#define PF_FIB_PROBE_EVERY 1024
/*
 * A capture or sflow session runs: look at CAPTURE. Set and cleared by
 * that session under the lock; `sync` carries it over when it rewrites CFG.
 * Without it the sampler costs a test of a word already loaded.
 */
#define PF_CFG_SAMPLER (1 << 7)

/*
 * FIB_PROBE4[0]: `own`, one of the router's addresses, and `other`, not the
 * router's, whose most specific route of main is the same: the connected
 * route of own's subnet. Looked up directly (as arriving on `ifindex`, own's
 * device, which forwards), `other` answers while that route is there, and
 * then `own` answers "not forwarded" only while its local route is in main:
 * merged. Own's address going away takes that route with it.
 */
struct pf_fib_probe {
	__be32 own, other;
	__u32 ifindex;
	__u32 pad;
};
PF_ASSERT_SIZE(struct pf_fib_probe, 16);

/* FIB_PROBE_CPU (per CPU): frames until this CPU's next probe, valid while gen == CFG.gen. */
struct pf_fib_probe_cpu {
	__u32 gen;
	__u32 countdown;
};
PF_ASSERT_SIZE(struct pf_fib_probe_cpu, 8);

/* FIB_SPLIT4: the generation a probe found the tables split in, as one 64-bit word. */
#define PF_FIB_SPLIT_AT(gen) (((__u64)(gen) << 1) | 1)

/*
 * LOCAL_HINT[0] (IPv4), [1] (IPv6): a bitmap with a bit set for every
 * LOCAL address's hash, so that the two LOCAL checks of every frame cost a
 * bit test, and a hash lookup only for the few addresses whose bit is set.
 * Until `ready`, the programs ask LOCAL itself (a new, empty map must not
 * say "not local").
 */
#define PF_LOCAL_HINT_WORDS 16
struct pf_local_hint {
	__u64 ready;
	__u64 w[PF_LOCAL_HINT_WORDS];
};
PF_ASSERT_SIZE(struct pf_local_hint, 136);

/* An address's bit: its 32-bit words folded, then a multiplicative hash. */
static inline __attribute__((always_inline)) __u32 pf_local_hint_bit(const __u32 *a, int v6)
{
	__u32 x = a[0];

	if (v6)
		x ^= a[1] ^ a[2] ^ a[3];
	return ((x * 0x9e3779b1u) >> 22) & (PF_LOCAL_HINT_WORDS * 64 - 1);
}

/* Userspace: set an address's bit (a: 1 or 4 words as on the wire). */
static inline void pf_local_hint_add(struct pf_local_hint *h, const __u32 *a, int v6)
{
	__u32 bit = pf_local_hint_bit(a, v6);

	h->w[bit / 64] |= 1ull << (bit % 64);
}

/* The programs: is the address surely not local? Never said before the hint is ready. */
static inline __attribute__((always_inline)) int pf_local_hint_not(const struct pf_local_hint *h,
								   const __u32 *a, int v6)
{
	__u32 bit = pf_local_hint_bit(a, v6);

	return h && h->ready && !((h->w[bit / 64] >> (bit % 64)) & 1);
}

/*
 * fe80::/10, link-local: never forwarded off-link, a martian to the fast path
 * (checked before anything else asks about an address), so LOCAL leaves it out.
 */
static inline __attribute__((always_inline)) int pf_ip6_link_local(const __u8 *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* LOCAL_V4/V6 values: what an address is to the router. */
#define PF_LOCAL_SRC (1 << 0) /* one of its addresses (or a subnet broadcast): not a source */
#define PF_LOCAL_DST (1 << 1) /* a host route of the local table: delivered, not forwarded */

/*
 * ALLOW_CACHE (per CPU, direct mapped): the IPv6 allowlist answer for one address,
 * valid while gen == CFG.gen. Saves the LPM walk for hot addresses.
 */
struct pf_allow_slot {
	__u32 addr[4];
	__u32 gen;
	__u8 v6; /* 1: IPv6 slots only now (builds before ALLOW24_V4 kept IPv4 here too) */
	__u8 hit;
	__u16 pad;
};
PF_ASSERT_SIZE(struct pf_allow_slot, 24);

/*
 * ALLOW24_V4: the IPv4 allowlist at /24 granularity, two bits per /24, 32
 * /24s to a word (/24 number a24 in word a24 / 32, bits 2 * (a24 % 32)): an
 * array lookup the verifier inlines, whatever the flow mix. ALL: a prefix of
 * /24 or shorter covers it. SOME: a longer prefix lies in it, and ALLOW_V4
 * (the exact set) answers. Neither: not allowed. 4 MiB, every router.
 */
#define PF_ALLOW24_ALL 1
#define PF_ALLOW24_SOME 2
#define PF_ALLOW24_PER_WORD 32
#define PF_ALLOW24_WORDS ((1u << 24) / PF_ALLOW24_PER_WORD)

#define PF_ALLOW_CACHE_BITS 12
#define PF_ALLOW_CACHE_SIZE (1 << PF_ALLOW_CACHE_BITS)

/* LPM trie keys (ALLOW_*, BLOCK_*, MSS_CLAMP_V*): prefix length + address. */
struct pf_lpm4 {
	__u32 prefixlen;
	__u8 addr[4];
};
PF_ASSERT_SIZE(struct pf_lpm4, 8);

struct pf_lpm6 {
	__u32 prefixlen;
	__u8 addr[16];
};
PF_ASSERT_SIZE(struct pf_lpm6, 20);

/*
 * MSS_CLAMP_IF_V*: prefix scoped to one FIB egress interface. The ifindex is
 * part of the trie key ahead of the address, so prefixlen = 32 + address
 * bits and only an exact ifindex can match.
 */
struct pf_lpm4_if {
	__u32 prefixlen;
	__u32 ifindex;
	__u8 addr[4];
};
PF_ASSERT_SIZE(struct pf_lpm4_if, 12);

struct pf_lpm6_if {
	__u32 prefixlen;
	__u32 ifindex;
	__u8 addr[16];
};
PF_ASSERT_SIZE(struct pf_lpm6_if, 24);

/* IFACES[ingress ifindex]: what fast_path must know about a receiving port. */
struct pf_iface {
	__u8 mac[6];  /* frames to any other unicast MAC are not ours to route */
	__u16 flags;  /* PF_QUIRK_* for this port's driver, PF_PORT_* for its settings */
};
PF_ASSERT_SIZE(struct pf_iface, 8);

/* IFACE_CACHE[0] (per CPU): the last port seen, valid while gen == CFG.gen. */
struct pf_iface_slot {
	__u32 ifindex;
	__u32 gen;
	struct pf_iface iface;
};
PF_ASSERT_SIZE(struct pf_iface_slot, 16);

/* rvu-nicpf native XDP < 6.8: data starts 128 B early and ends 128 B short. */
#define PF_QUIRK_HEAD_SHIFT_128 (1 << 0)
#define PF_HEAD_SHIFT           128
/* The port's effective rp_filter (max of conf/all and conf/<port>): 1 strict, 2 loose. */
#define PF_PORT_RP_STRICT (1 << 1)
#define PF_PORT_RP_LOOSE (1 << 2)
/* Policy rules of the router's own: every source is checked against the FIB. */
#define PF_PORT_RP_VALIDATE (1 << 3)
/* The kernel forwards no IPv6 from this port (disable_ipv6, or all.forwarding 0). */
#define PF_PORT_NO_IPV6 (1 << 4)
/* No IPv4 address: rp_filter (either mode) wants the route back via this port. */
#define PF_PORT_NO_ADDR4 (1 << 5)

/* VLAN_INGRESS[(port, vid)] -> the VLAN subinterface that frame arrived on. */
struct pf_vlan_key {
	__u32 ifindex;
	__u16 vid;
	__be16 tpid; /* a subinterface is (TPID, VID): 802.1ad VID 10 is not 802.1Q VID 10 */
};
PF_ASSERT_SIZE(struct pf_vlan_key, 8);

struct pf_vlan_in {
	__u32 ifindex; /* the subinterface: FIB lookup input */
	__u8 mac[6];   /* its MAC (may differ from the port's) */
	__u16 flags;   /* PF_PORT_* of the subinterface */
};
PF_ASSERT_SIZE(struct pf_vlan_in, 12);

/* VLAN_RESOLVE[FIB egress subif] -> the port to transmit on and its tag. */
struct pf_vlan_out {
	__u32 phys_ifindex;
	__u16 vid;
	__be16 tpid; /* 802.1Q (0x8100) or 802.1ad (0x88a8), network order */
};
PF_ASSERT_SIZE(struct pf_vlan_out, 8);

/* EGRESS_CACHE[0] (per CPU): VLAN_RESOLVE's answer for the last FIB egress. */
struct pf_egress_slot {
	__u32 ifindex;
	__u32 gen;
	__u32 tagged; /* 0: not a VLAN subinterface */
	struct pf_vlan_out out;
};
PF_ASSERT_SIZE(struct pf_egress_slot, 20);

/* VLAN work finalize has to do. */
enum pf_vlan_action {
	PF_VLAN_KEEP = 0, /* same tag (or none) in and out */
	PF_VLAN_PUSH,     /* untagged in, tagged out */
	PF_VLAN_POP,      /* tagged (incl. priority tag) in, untagged out */
	PF_VLAN_REWRITE,  /* tagged in, another tag out: the egress TPID and VID, PCP/DEI 0 */
};

/*
 * MUTATION_CTX[0] (per CPU): what fast_path decided, for finalize. The frame
 * reaches finalize unmodified; finalize re-derives header offsets itself.
 */
struct pf_mutation {
	__u32 egress_ifindex; /* physical port to redirect to */
	__u32 fib_ifindex;    /* FIB egress before VLAN resolve (MSS iface key) */
	__u8 dmac[6];
	__u8 smac[6];
	__u16 vid;       /* VID for PUSH/REWRITE */
	__be16 tpid;     /* TPID for PUSH */
	__u8 vlan_action; /* enum pf_vlan_action */
	__u8 mss_check;  /* 1: TCP SYN with a clamp configured */
	__u16 mss_global;
};
PF_ASSERT_SIZE(struct pf_mutation, 28);

/*
 * The sampler that `capture` and `sflow` share (bpf/capture.h). CAPTURE[0]
 * is its session: off while rate is 0. The filters run in the fast path so
 * an unwanted frame costs no copy: port, then src-or-dst prefix (after the
 * parse), then verdict and counter (at the exit).
 */
struct pf_capture_cfg {
	__u32 rate;    /* 1 in rate frames, at random gaps (mean rate); 0: off */
	__u32 gen;     /* a new session: every CPU draws a new gap */
	__u32 ifindex; /* only frames arriving here; 0: every port */
	__u32 snaplen; /* frame bytes per record at most */
	__u32 counter; /* only exits explained by this counter; PF_CAP_ANY */
	__u8 verdicts; /* bit 1 << XDP action: the exits kept */
	__u8 family;   /* prefix filter: 0 none, 4, 6 */
	__u16 pad;
	__u32 addr[4]; /* prefix, masked (network order) */
	__u32 mask[4];
};
PF_ASSERT_SIZE(struct pf_capture_cfg, 56);

#define PF_CAP_ANY 0xffffffffu
#define PF_CAP_DRAWN 0x1   /* pf_capture_cpu.drawn: the sampler drew this frame */
#define PF_CAP_PENDING 0x2 /* ... but the prefix filter has not matched it yet */

/* CAPTURE_CPU[0], per CPU: where this CPU's sampler is. */
struct pf_capture_cpu {
	__u32 gen;  /* session the gap was drawn for */
	__u32 skip; /* frames until the next sample (1: this one) */
	__u64 pool; /* frames the sampler considered this session */
	__u64 lost; /* records the perf buffer refused (full, no reader) */
	/*
	 * The frame in flight on this CPU: PF_CAP_DRAWN, and PF_CAP_PENDING
	 * until the prefix filter matched it. Kept here, not in a register (see
	 * struct pf_exit); finalize_sampled, on the same CPU, reads it after the
	 * tail call.
	 */
	__u32 drawn;
	__u32 pad;
};
PF_ASSERT_SIZE(struct pf_capture_cpu, 32);

/*
 * CAPTURE_PORT[ifindex % PF_CAP_PORTS], per CPU: one port's sampling pool
 * and lost records (sFlow counts both per data source, here a port).
 * Userspace empties it when a session starts.
 */
struct pf_capture_port {
	__u64 pool; /* frames arriving on this port the sampler considered */
	__u64 lost; /* records of its frames the perf buffer refused */
};
PF_ASSERT_SIZE(struct pf_capture_port, 16);

#define PF_CAP_PORTS 1024 /* a power of two */

/*
 * Header of a record in CAPTURE_EVENTS; cap_len frame bytes follow. A
 * forwarded frame gives two, the same seq on the same CPU: IN (as it
 * arrived, before the first write) then OUT (as it left). Any other exit
 * gives OUT alone, the frame as it arrived (XDP_PASS and XDP_DROP never
 * change it).
 */
struct pf_capture_rec {
	__u64 ns;         /* bpf_ktime_get_ns() */
	__u64 seq;        /* the CPU's pool count at the draw: pairs IN with OUT */
	__u32 ingress;    /* ifindex it arrived on */
	__u32 egress;     /* redirect target (the physical port); 0 */
	__u32 fib_egress; /* the FIB's egress (a VLAN subinterface); 0 */
	__u32 counter;    /* the counter explaining the exit; PF_CAP_ANY: none */
	__u32 frame_len;  /* the frame's length (linear part) here */
	__u32 cap_len;    /* bytes that follow */
	__u16 vid;        /* tag pushed or rewritten */
	__u8 kind;        /* PF_CAP_IN, PF_CAP_OUT */
	__u8 action;      /* XDP verdict (OUT) */
	__u8 vlan_action; /* enum pf_vlan_action (forwarded) */
	__u8 pad[3];
};
PF_ASSERT_SIZE(struct pf_capture_rec, 48);

#define PF_CAP_IN 1
#define PF_CAP_OUT 2

/* META[0]: which build created these maps and programs (for adoption). */
struct pf_meta {
	char build_id[24]; /* hex, NUL-terminated */
	char version[24];
};
PF_ASSERT_SIZE(struct pf_meta, 48);

#endif
