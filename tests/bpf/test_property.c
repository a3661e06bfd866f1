// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Property test: random and mutated frames (truncations at every offset,
 * random ethertypes, header fields, lengths and byte flips) through
 * fast_path with an MSS clamp configured. Every PASS must hand back the input
 * byte-identical; every REDIRECT must be a correct forward of the input (TTL
 * or hop limit one lower, checksums still valid, nothing else changed but
 * MACs, the VLAN tag and a lowered MSS). The seed is printed; PF_SEED=N
 * replays a run.
 */
#include <stdlib.h>
#include <string.h>
#include "fixture.h"

#define ROUNDS 12000

static __u64 rng;

static __u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static const char *const dst4[] = { "198.51.100.7", "198.51.102.7", "203.0.113.9",
				    "192.0.2.1",    "10.1.0.1",     "100.64.9.9" };
static const char *const dst6[] = { "2001:db8:100::7", "2001:db8:102::7", "2001:db8:113::9",
				    "2001:db8:666::1", "fd01::1",	  "2001:db9::9" };

static size_t random_frame(struct t_world *w, __u8 *f, size_t cap)
{
	static const __u8 protos[] = { 6, 6, 17, 1, 58, 47 };
	struct pf_frame s;
	int v6 = (int)pick(2);
	size_t len;

	pf_frame_init(&s, v6, v6 ? "2001:db9::2" : "100.64.0.2",
		    v6 ? dst6[pick(6)] : dst4[pick(6)], protos[pick(6)]);
	if (!v6 && s.proto == 58)
		s.proto = 17;
	if (v6 && s.proto == 1)
		s.proto = 58;
	s.ttl = (__u8)(pick(4) ? 64 : pick(4));
	s.payload = (int)pick(120);
	s.tos = (__u8)rnd();
	if (pick(3) == 0) { /* tagged: priority, known subif or unknown VID */
		static const __u16 vids[] = { 0, 10, 99 };

		s.tags = 1;
		s.tci = (__u16)((rnd() & 0xf000) | vids[pick(3)]);
		s.tpid = pick(2) ? 0x8100 : 0x88a8;
		if ((s.tci & 0xfff) == 10)
			memcpy(s.dmac, w->mac_in10, 6);
	}
	if (s.proto == 6) {
		s.tcp_flags = pick(2) ? 0x02 : (__u8)rnd();
		if (pick(2)) {
			int lead = (int)pick(4);

			memset(s.tcp_opts, 1, 8);
			s.tcp_opts[lead] = 2;
			s.tcp_opts[lead + 1] = (__u8)(pick(5) ? 4 : pick(8));
			s.tcp_opts[lead + 2] = (__u8)rnd();
			s.tcp_opts[lead + 3] = (__u8)rnd();
			s.tcp_opts_len = 8;
		}
	}
	if (s.proto == 58)
		s.icmp_type = (__u8)(pick(2) ? 128 + pick(12) : rnd());
	if (!v6 && pick(8) == 0)
		s.frag_off = (__u16)rnd();
	len = pf_frame_build(&s, f, cap);

	switch (pick(6)) { /* mutations */
	case 0: /* truncate anywhere from the Ethernet header on */
		return 14 + pick((unsigned int)(len - 13));
	case 1: { /* flip 1-4 bytes in the headers */
		int n = 1 + (int)pick(4);

		while (n--)
			f[pick(len < 80 ? (unsigned int)len : 80)] ^= (__u8)(1 + pick(255));
		return len;
	}
	case 2: /* random ethertype */
		f[12 + 4 * s.tags] = (__u8)rnd();
		f[13 + 4 * s.tags] = (__u8)rnd();
		return len;
	case 3: /* random length fields */
		f[pf_frame_l3_off(f, len) + (v6 ? 4 : 2)] = (__u8)rnd();
		return len;
	default:
		return len;
	}
}

/*
 * The whole Ethernet header as the kernel would write it for the two egresses
 * of the world: out0 untagged (next hop ..:99 from out0's MAC), or the VLAN 20
 * stand-in (next hop ..:98 from out20's MAC, 802.1Q VID 20, PCP and DEI 0).
 */
static const char *l2_bad(const __u8 *out, const struct pf_frame_info *fo)
{
	static const __u8 nh0[6] = { 2, 0, 0, 0, 0, 0x99 }, mac0[6] = { 2, 0, 0, 0, 0, 0x02 };
	static const __u8 nh20[6] = { 2, 0, 0, 0, 0, 0x98 }, mac20[6] = { 2, 0, 0, 0, 0, 0x20 };

	if (!memcmp(out, nh0, 6))
		return memcmp(out + 6, mac0, 6) ? "source MAC is not out0's"
		       : fo->l3 != 14           ? "a tag left on untagged egress"
						: NULL;
	if (!memcmp(out, nh20, 6))
		return memcmp(out + 6, mac20, 6) ? "source MAC is not out20's"
		       : fo->l3 != 18 || out[12] != 0x81 || out[13] != 0 ? "not 802.1Q tagged"
		       : out[14] != 0 || out[15] != 20 ? "tag is not VID 20 with PCP and DEI 0"
						       : NULL;
	return "destination MAC is neither next hop's";
}

/* Checks a REDIRECT output against its input; returns a reason or NULL. */
static const char *forward_ok(const __u8 *in, size_t il, const __u8 *out, size_t ol)
{
	struct pf_frame_info fin, fout;
	size_t a, b, n, i, l4, mss = 0;
	const __u8 *x, *y;
	int v6;

	if (pf_frame_decode(in, il, &fin) || pf_frame_decode(out, ol, &fout))
		return "not an IP frame";
	a = fin.l3;
	b = fout.l3;
	v6 = fin.v6;
	x = in + a;
	y = out + b;
	l4 = fin.l4 - a;
	/* The IP packet, without what followed it (trimmed, as the kernel does). */
	n = v6 ? (size_t)(x[4] << 8 | x[5]) + 40 : (size_t)(x[2] << 8 | x[3]);
	if (n > il - a)
		return "forwarded a frame shorter than its IP header says";
	if (ol - b != n)
		return "L3 length not the IP packet's";
	if (l2_bad(out, &fout))
		return l2_bad(out, &fout);
	if (fout.ttl != fin.ttl - 1)
		return v6 ? "hop limit not decremented exactly once"
			  : "TTL not decremented exactly once";
	if (!v6 && pf_ipv4_hdr_csum_ok(x) && !pf_ipv4_hdr_csum_ok(y))
		return "IPv4 header checksum broken";
	/* The fast path only clamps SYNs; the option walk is the same either way. */
	if (fin.proto == 6)
		mss = pf_tcp_opt_find(x + l4, n - l4, PF_TCPOPT_MSS, PF_TCPOLEN_MSS);
	if (pf_l4_csum_ok(in, il) && !pf_l4_csum_ok(out, ol))
		return "L4 checksum broken";
	for (i = 0; i < n; i++) {
		if (x[i] == y[i])
			continue;
		if (i == (v6 ? 7u : 8u) || (!v6 && (i == 10 || i == 11)))
			continue;
		if (mss && (i == l4 + 16 || i == l4 + 17 || i == l4 + mss || i == l4 + mss + 1))
			continue;
		return "bytes beyond TTL/checksum/MSS changed";
	}
	if (mss && (y[l4 + mss] << 8 | y[l4 + mss + 1]) > (x[l4 + mss] << 8 | x[l4 + mss + 1]))
		return "MSS raised";
	return NULL;
}

PF_TEST(property_random_frames)
{
	static __u8 f[2048];
	static struct t_run r;
	unsigned long verdicts[5] = { 0 };
	const char *env = getenv("PF_SEED");
	__u64 seed = env ? strtoull(env, NULL, 0) : 0x5eed0f0f1ceULL;
	int i, bad = 0;
	T_NEED_WORLD(w);

	printf("INFO property seed %llu (PF_SEED=%llu replays), %d frames\n",
	       (unsigned long long)seed, (unsigned long long)seed, ROUNDS);
	rng = seed;
	T_ASSERT(!t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT | PF_CFG_MSS_PRESENT, 1360), "cfg");
	for (i = 0; i < ROUNDS && bad < 5; i++) {
		size_t len = random_frame(w, f, sizeof(f));
		const char *why = NULL;
		int err = t_run_frame(w->obj, f, len, w->in0, &r);

		if (err) {
			why = "test_run failed";
		} else if (r.retval > 4) {
			why = "unknown verdict";
		} else {
			verdicts[r.retval]++;
			if (r.retval == XDP_PASS && (r.out_len != len || memcmp(r.out, f, len)))
				why = "PASS with a modified frame";
			else if (r.retval == XDP_REDIRECT)
				why = forward_ok(f, len, r.out, r.out_len);
			else if (r.retval == XDP_ABORTED)
				why = "XDP_ABORTED";
		}
		if (why) {
			pf_t_fail(t, __FILE__, __LINE__, "frame %d (%zu bytes): %s", i, len, why);
			bad++;
		}
	}
	printf("INFO verdicts: pass %lu, drop %lu, redirect %lu, aborted %lu\n",
	       verdicts[XDP_PASS], verdicts[XDP_DROP], verdicts[XDP_REDIRECT],
	       verdicts[XDP_ABORTED]);
	T_CHECK(verdicts[XDP_REDIRECT] > ROUNDS / 20, "too few forwards to mean anything");
	T_CHECK(verdicts[XDP_PASS] > ROUNDS / 5, "too few passes to mean anything");
	t_set_cfg(w, 0, PF_CFG_VLAN_PRESENT, 0);
}
