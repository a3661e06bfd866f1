// SPDX-License-Identifier: GPL-2.0-or-later
/* The oracle's corpus (see corpus.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include "corpus.h"
#include "fp/frame.h"

struct rng {
	__u64 s;
};

static __u64 rnd(struct rng *r)
{
	/* xorshift64*: small, fast, and the same everywhere */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dULL;
}

static unsigned int below(struct rng *r, unsigned int n)
{
	return (unsigned int)(rnd(r) % n);
}

static int chance(struct rng *r, unsigned int percent)
{
	return below(r, 100) < percent;
}

/* One address class: a printf pattern with up to one %u (0-255) and a weight. */
struct cls {
	const char *pat;
	unsigned int weight;
};

/* %P: the sender port's number (0, 5 or 6); then up to two %u: random 1-254 / 0-255. */
static const char *draw(struct rng *r, const struct cls *c, size_t n, char *buf, size_t len,
			unsigned int port)
{
	static const char digit[] = { '0', '5', '6' };
	unsigned int total = 0, x;
	char pat[64], *at;
	size_t i;

	for (i = 0; i < n; i++)
		total += c[i].weight;
	x = below(r, total);
	for (i = 0; x >= c[i].weight; i++)
		x -= c[i].weight;
	snprintf(pat, sizeof(pat), "%s", c[i].pat);
	while ((at = strstr(pat, "%P"))) {
		at[0] = digit[port];
		memmove(at + 1, at + 2, strlen(at + 2) + 1);
	}
	snprintf(buf, len, pat, below(r, 254) + 1, below(r, 256));
	return buf;
}

static const struct cls v4_src[] = {
	{ "10.70.%P.2", 10 }, { "100.7%P.%u.%u", 30 },  { "100.64.1.%u", 8 },
	{ "100.64.2.%u", 6 }, { "100.64.9.%u", 5 },     { "0.0.0.0", 1 },
	{ "0.1.2.%u", 1 },    { "127.0.0.%u", 2 },      { "224.0.0.%u", 1 },
	{ "239.1.2.%u", 1 },  { "255.255.255.255", 1 }, { "240.0.0.%u", 1 },
	{ "10.70.0.1", 2 },   { "10.71.1.1", 1 },       { "10.70.%P.255", 1 },
	{ "198.18.1.%u", 3 }, { "192.0.2.%u", 5 },      { "10.72.10.%u", 4 },
	{ "10.72.11.%u", 3 },
};

static const struct cls v4_dst[] = {
	{ "198.18.1.%u", 25 }, { "198.18.2.%u", 10 },    { "198.18.3.%u", 10 },
	{ "198.18.4.%u", 4 },  { "198.18.5.%u", 4 },     { "198.18.6.%u", 4 },
	{ "198.18.7.%u", 4 },  { "198.18.8.%u", 5 },     { "203.0.113.%u", 3 },
	{ "10.70.0.1", 2 },    { "10.71.1.1", 1 },       { "10.70.%P.1", 1 },
	{ "10.70.%P.255", 2 }, { "255.255.255.255", 2 }, { "224.0.0.1", 1 },
	{ "239.1.1.%u", 2 },   { "0.0.0.%u", 1 },        { "127.0.0.1", 1 },
	{ "10.71.1.2", 5 },    { "10.71.3.2", 2 },       { "100.64.1.%u", 3 },
	{ "198.18.9.%u", 6 },  { "198.18.10.%u", 6 },    { "10.72.10.1", 1 },
};

static const struct cls v6_src[] = {
	{ "fd70:%P::2", 10 },
	{ "2001:db8:7%P::%x:%x", 35 },
	{ "2001:db8:70::%u", 10 },
	{ "::", 2 },
	{ "::1", 2 },
	{ "fe80::%u", 3 },
	{ "ff02::1", 1 },
	{ "ff05::%u", 1 },
	{ "::ffff:10.70.0.2", 2 },
	{ "fd70:0::1", 2 },
	{ "2001:db8:1::%u", 3 },
};

static const struct cls v6_dst[] = {
	{ "2001:db8:1::%u", 25 },
	{ "2001:db8:2::%u", 10 },
	{ "2001:db8:3::%u", 10 },
	{ "2001:db8:4::%u", 4 },
	{ "2001:db8:5::%u", 4 },
	{ "2001:db8:6::%u", 4 },
	{ "2001:db8:7::%u", 4 },
	{ "2001:db8:8::%u", 5 },
	{ "2001:db8:ff::%u", 3 },
	{ "fd70:0::1", 3 },
	{ "fd70:%P::1", 1 },
	{ "fe80::%u", 3 },
	{ "ff02::1", 2 },
	{ "ff05::%u", 2 },
	{ "::", 1 },
	{ "::1", 1 },
	{ "fd71:1::2", 5 },
	{ "::ffff:198.18.1.%u", 1 },
	{ "2001:db8:9::%u", 6 },
	{ "2001:db8:10::%u", 6 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static __u16 ipv4_csum(const __u8 *h, size_t hl)
{
	__u32 s = 0;
	size_t i;

	for (i = 0; i < hl; i += 2)
		s += (__u32)(h[i] << 8 | h[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (__u16)~s;
}

/* L4 and size choices on the frame description. */
static void shape(struct rng *r, struct pf_frame *s, int v6)
{
	unsigned int l4 = below(r, 100);
	static const unsigned int mtu_edges[] = { 999,  1000, 1001, 1279, 1280, 1281,
						  1299, 1300, 1301, 1400, 1499, 1500 };

	s->proto = l4 < 55 ? 17 : l4 < 80 ? 6 : l4 < 95 ? (v6 ? 58 : 1) : (chance(r, 50) ? 47 : 50);
	s->sport = (__u16)rnd(r);
	s->dport = chance(r, 50) ? 443 : chance(r, 20) ? 7777 : (__u16)rnd(r);
	s->payload = (int)below(r, 200);
	if (chance(r, 10)) {
		size_t hdr = (v6 ? 40 : 20) + (s->proto == 6                      ? 20
					       : s->proto == 47 || s->proto == 50 ? 0
										  : 8);
		int want = (int)mtu_edges[below(r, N(mtu_edges))] - (int)hdr;

		s->payload = want > 0 ? want : 0;
	}
	if (s->proto == 6) {
		s->tcp_flags = chance(r, 40) ? (chance(r, 70) ? 0x02 : 0x12) : 0x10;
		if (s->tcp_flags & 0x02) {
			/* MSS somewhere among up to 9 NOPs (all 40 option bytes). */
			int nops = (int)below(r, 10), k;

			for (k = 0; k < nops; k++)
				s->tcp_opts[k] = 1;
			s->tcp_opts[k++] = 2;
			s->tcp_opts[k++] = 4;
			s->tcp_opts[k++] = 0x05;
			s->tcp_opts[k++] = 0xb4;
			while (k % 4)
				s->tcp_opts[k++] = chance(r, 50) ? 1 : 0;
			s->tcp_opts_len = k;
		}
	}
	if (s->proto == 1 || s->proto == 58)
		s->icmp_type = chance(r, 80) ? (v6 ? 128 : 8) : (__u8)(v6 ? below(r, 4) + 1 : 3);
	if (v6 && chance(r, 2)) { /* NDP to the router */
		s->proto = 58;
		s->icmp_type = (__u8)(133 + below(r, 5));
	}
	if (v6 && chance(r, 3))
		s->v6_nexthdr = chance(r, 50) ? 0 : chance(r, 50) ? 43 : 44;
}

/* The fields an IP header has, drawn. */
static void header(struct rng *r, struct pf_frame *s, int v6, unsigned int port)
{
	char src[64], dst[64];
	unsigned int t = below(r, 100);

	if (v6)
		pf_frame_init(s, 1, draw(r, v6_src, N(v6_src), src, sizeof(src), port),
			      draw(r, v6_dst, N(v6_dst), dst, sizeof(dst), port), 17);
	else
		pf_frame_init(s, 0, draw(r, v4_src, N(v4_src), src, sizeof(src), port),
			      draw(r, v4_dst, N(v4_dst), dst, sizeof(dst), port), 17);
	s->ttl = t < 5 ? 1 : t < 10 ? 2 : t < 11 ? 0 : t < 14 ? 255 : 64;
	if (chance(r, 20))
		s->tos = (__u8)rnd(r);
	if (v6 && chance(r, 30))
		s->flowlabel = (__u32)rnd(r) & 0xfffff;
	if (!v6) {
		s->frag_off = chance(r, 50) ? 0x4000 : 0;
		if (chance(r, 2))
			s->frag_off |= 0x2000;
		if (chance(r, 2))
			s->frag_off |= (__u16)(below(r, 100) + 1);
		if (chance(r, 3))
			s->ihl = (int)(6 + below(r, 4));
	}
}

int oracle_vlan_mode;

/*
 * VLAN mode: most frames tagged, for the subinterfaces of the VM topology
 * (tests/vm/vmoracle.c: 802.1Q VID 10 and 802.1ad VID 10 and 11 on r0), and
 * tags nothing there answers to: another VID, a priority tag, TPID 0x9100,
 * two tags; any PCP and DEI.
 */
static void vlan_tag(struct rng *r, struct pf_frame *s)
{
	static const __u16 vids[] = { 10, 10, 10, 11, 11, 0, 99 };
	unsigned int t = below(r, 100);

	if (t < 25)
		return;
	s->tags = t < 30 ? 2 : 1;
	s->tpid = t < 70 ? 0x8100 : t < 95 ? 0x88a8 : 0x9100;
	s->tci = (__u16)(vids[below(r, N(vids))] | (below(r, 16) << 12));
}

/* Layer-2 choices: the router port's MAC mostly, sometimes not; sometimes a tag. */
static void link_layer(struct rng *r, struct pf_frame *s, unsigned int port)
{
	static const __u8 rmac[3][6] = { { 2, 0, 0, 0, 0x0a, 0 },
					 { 2, 0, 0, 0, 0x0a, 5 },
					 { 2, 0, 0, 0, 0x0a, 6 } };
	unsigned int d = below(r, 100);

	memcpy(s->dmac, rmac[port], 6);
	if (d < 2)
		memset(s->dmac, 0xff, 6);
	else if (d < 4)
		memcpy(s->dmac, "\x01\x00\x5e\x00\x00\x01", 6);
	else if (d < 6)
		memcpy(s->dmac, "\x02\x00\x00\x00\x99\x99", 6);
	else if (d < 7)
		memcpy(s->dmac, rmac[(port + 1) % 3], 6);
	memcpy(s->smac, "\x02\x00\x00\x00\x0c\x00", 6);
	s->smac[5] = (__u8)(port == 0 ? 0 : port == 1 ? 5 : 6);
	if (oracle_vlan_mode)
		vlan_tag(r, s);
	else if (chance(r, 4)) {
		s->tags = 1;
		s->tpid = chance(r, 70) ? 0x8100 : 0x88a8;
		s->tci = (__u16)((chance(r, 50) ? 0 : 10) | (below(r, 8) << 13));
	}
	if (chance(r, 2))
		s->ethertype = chance(r, 50) ? 0x0806 : (__u16)rnd(r);
}

/* Byte-level damage the description cannot express. */
static void damage(struct rng *r, struct oracle_frame *f, const struct pf_frame *s, unsigned int i)
{
	size_t l3 = pf_frame_l3_off(f->b, f->len);
	__u8 *ip = f->b + l3;
	size_t hl = (size_t)(ip[0] & 0x0f) * 4;

	if (s->ethertype || l3 + 40 > f->len)
		return;
	if (!s->v6) {
		put16(ip + 4, (__u16)i); /* IP ID: the frame number, for reading diffs */
		put16(ip + 10, 0);
		put16(ip + 10, ipv4_csum(ip, hl));
		if (chance(r, 3)) {
			f->cls = "v4 bad header checksum";
			ip[10] ^= (__u8)(1 + below(r, 255));
		}
		if (chance(r, 3)) {
			__u16 tot = (__u16)(ip[2] << 8 | ip[3]);

			f->cls = "v4 total length off";
			tot = chance(r, 60) ? (__u16)(tot - below(r, 8) - 1)
					    : (__u16)(tot + below(r, 64) + 1);
			put16(ip + 2, tot);
			put16(ip + 10, 0);
			put16(ip + 10, ipv4_csum(ip, hl));
		}
	} else if (chance(r, 2)) {
		f->cls = "v6 payload length off";
		put16(ip + 4, (__u16)((ip[4] << 8 | ip[5]) +
				      (chance(r, 50) ? 1 : -1) * (int)(below(r, 16) + 1)));
	}
	if (chance(r, 5) && f->len + 32 < ORACLE_MAX_FRAME) {
		size_t n = below(r, 30) + 1, k;

		f->cls = "trailing bytes";
		for (k = 0; k < n; k++)
			f->b[f->len + k] = (__u8)rnd(r);
		f->len += n;
	}
	if (chance(r, 2)) {
		f->cls = "truncated";
		f->len = 14 + below(r, (unsigned int)(f->len - 14));
	}
}

void oracle_frame(unsigned long long seed, unsigned int i, struct oracle_frame *f)
{
	struct rng r = { .s = (seed ^ 0x9e3779b97f4a7c15ULL) * (i + 1) + i };
	struct pf_frame s;
	int v6;

	rnd(&r);
	rnd(&r);
	memset(f, 0, sizeof(*f));
	f->port = (int)below(&r, ORACLE_PORTS_IN);
	if (oracle_vlan_mode && chance(&r, 50))
		f->port = 0; /* the port with the subinterfaces */
	v6 = chance(&r, 40);
	header(&r, &s, v6, (unsigned int)f->port);
	shape(&r, &s, v6);
	link_layer(&r, &s, (unsigned int)f->port);
	f->cls = v6 ? "v6" : "v4";
	f->len = pf_frame_build(&s, f->b, sizeof(f->b));
	damage(&r, f, &s, i);
}
