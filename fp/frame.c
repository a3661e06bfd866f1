// SPDX-License-Identifier: GPL-2.0-or-later
/* Frame builder and checksum validators (full recomputation, RFC 1071). */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "frame.h"

static __u32 sum16(const __u8 *p, size_t len, __u32 sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (__u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (__u32)(p[len - 1] << 8);
	return sum;
}

static __u16 fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

static void put16(__u8 *p, __u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

int pf_mac_parse(__u8 mac[6], const char *s)
{
	unsigned int b[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = (__u8)b[i];
	return 0;
}

void pf_frame_init(struct pf_frame *s, int v6, const char *src, const char *dst, __u8 proto)
{
	memset(s, 0, sizeof(*s));
	s->v6 = v6;
	inet_pton(v6 ? AF_INET6 : AF_INET, src, s->src);
	inet_pton(v6 ? AF_INET6 : AF_INET, dst, s->dst);
	s->proto = proto;
	s->ttl = 64;
	s->sport = 40000;
	s->dport = 443;
	s->tcp_flags = 0x10; /* ACK */
	s->payload = 32;
	s->tpid = 0x8100;
	pf_mac_parse(s->dmac, "02:00:00:00:00:01");
	pf_mac_parse(s->smac, "02:00:00:00:00:aa");
}

struct pf_frame pf_frame_forwarded(const struct pf_frame *in, const __u8 *dmac,
				   const __u8 *smac)
{
	struct pf_frame o = *in;

	memcpy(o.dmac, dmac, 6);
	memcpy(o.smac, smac, 6);
	o.ttl--;
	return o;
}

/* L4 checksum over the pseudo header + segment. */
static __u16 l4_csum(const struct pf_frame *s, const __u8 *l4, size_t l4len, __u8 proto)
{
	__u32 sum = 0;
	__u8 ph[4];

	sum = sum16(s->src, s->v6 ? 16 : 4, sum);
	sum = sum16(s->dst, s->v6 ? 16 : 4, sum);
	ph[0] = 0;
	ph[1] = proto;
	put16(ph + 2, (__u16)l4len);
	sum = sum16(ph, 4, sum);
	sum = sum16(l4, l4len, sum);
	return (__u16)~fold(sum);
}

size_t pf_frame_build(const struct pf_frame *s, __u8 *buf, size_t cap)
{
	size_t off = 12, l3, l4, hl, l4len, total;
	__u8 *p;
	int i;

	memset(buf, 0, cap);
	memcpy(buf, s->dmac, 6);
	memcpy(buf + 6, s->smac, 6);
	if (s->tags >= 1) {
		put16(buf + off, s->tpid);
		put16(buf + off + 2, s->tci);
		off += 4;
	}
	if (s->tags >= 2) {
		put16(buf + off, 0x8100);
		put16(buf + off + 2, 7);
		off += 4;
	}
	if (s->ethertype) {
		put16(buf + off, s->ethertype);
		off += 2;
		for (i = 0; i < s->payload; i++)
			buf[off + i] = (__u8)(0x5a + i);
		total = off + s->payload;
		return total < 60 ? 60 : total;
	}
	put16(buf + off, s->v6 ? 0x86dd : 0x0800);
	l3 = off + 2;

	hl = s->v6 ? 40 : (size_t)(s->ihl ? s->ihl : 5) * 4;
	l4 = l3 + hl;
	p = buf + l4;
	switch (s->proto) {
	case 6:
		l4len = 20 + s->tcp_opts_len;
		put16(p, s->sport);
		put16(p + 2, s->dport);
		p[4] = 0x12; p[5] = 0x34; p[6] = 0x56; p[7] = 0x78; /* seq */
		p[12] = (__u8)((l4len / 4) << 4);
		p[13] = s->tcp_flags;
		put16(p + 14, 65535);
		memcpy(p + 20, s->tcp_opts, s->tcp_opts_len);
		break;
	case 17:
		l4len = 8;
		put16(p, s->sport);
		put16(p + 2, s->dport);
		break;
	case 1:
	case 58:
		l4len = 8;
		p[0] = s->icmp_type;
		put16(p + 4, 0x1234);
		put16(p + 6, 1);
		break;
	default:
		l4len = 0;
	}
	for (i = 0; i < s->payload; i++)
		p[l4len + i] = (__u8)(0xa5 ^ i);
	l4len += s->payload;
	if (s->proto == 17)
		put16(p + 4, (__u16)l4len);

	p = buf + l3;
	if (s->v6) {
		__u32 w = 6u << 28 | (__u32)s->tos << 20 | (s->flowlabel & 0xfffff);

		p[0] = w >> 24; p[1] = (w >> 16) & 0xff; p[2] = (w >> 8) & 0xff; p[3] = w & 0xff;
		put16(p + 4, (__u16)l4len);
		p[6] = s->v6_nexthdr ? s->v6_nexthdr : s->proto;
		p[7] = s->ttl;
		memcpy(p + 8, s->src, 16);
		memcpy(p + 24, s->dst, 16);
	} else {
		p[0] = (__u8)(0x40 | (hl / 4));
		p[1] = s->tos;
		put16(p + 2, (__u16)(hl + l4len));
		put16(p + 4, 0x1c46);
		put16(p + 6, s->frag_off);
		p[8] = s->ttl;
		p[9] = s->proto;
		memcpy(p + 12, s->src, 4);
		memcpy(p + 16, s->dst, 4);
		for (i = 20; i < (int)hl; i++)
			p[i] = 1; /* NOP options */
		put16(p + 10, (__u16)~fold(sum16(p, hl, 0)));
	}
	p = buf + l4;
	if (s->proto == 6)
		put16(p + 16, l4_csum(s, p, l4len, 6));
	else if (s->proto == 17)
		put16(p + 6, l4_csum(s, p, l4len, 17));
	else if (s->proto == 58)
		put16(p + 2, l4_csum(s, p, l4len, 58));
	total = l4 + l4len;
	return total < 60 ? 60 : total; /* Ethernet minimum, zero padded */
}

size_t pf_frame_l3_off(const __u8 *f, size_t len)
{
	size_t off = 12;

	while (off + 2 <= len && ((f[off] == 0x81 && f[off + 1] == 0x00) ||
				  (f[off] == 0x88 && f[off + 1] == 0xa8)))
		off += 4;
	return off + 2;
}

size_t pf_tcp_opt_find(const __u8 *tcp, size_t avail, __u8 kind, __u8 olen)
{
	size_t end, i = 20;

	if (avail < 20)
		return 0;
	end = (size_t)(tcp[PF_TCP_OFF_DOFF] >> 4) * 4;
	if (end > avail)
		end = avail;
	while (i < end && tcp[i] != PF_TCPOPT_EOL) {
		if (tcp[i] == PF_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 2 > end || tcp[i + 1] < 2 || i + tcp[i + 1] > end)
			return 0;
		if (tcp[i] == kind && tcp[i + 1] == olen)
			return i + 2;
		i += tcp[i + 1];
	}
	return 0;
}

int pf_frame_decode(const __u8 *f, size_t len, struct pf_frame_info *fi)
{
	const __u8 *ip, *l4;
	size_t need;

	memset(fi, 0, sizeof(*fi));
	fi->l3 = pf_frame_l3_off(f, len);
	fi->tags = (int)(fi->l3 - 14) / 4;
	if (fi->tags)
		fi->tci = (__u16)(f[14] << 8 | f[15]);
	if (fi->l3 > len)
		return -EINVAL;
	fi->ethertype = (__u16)(f[fi->l3 - 2] << 8 | f[fi->l3 - 1]);
	ip = f + fi->l3;
	if (fi->ethertype == 0x86dd) {
		fi->v6 = 1;
		if (fi->l3 + 40 > len)
			return -EINVAL;
		fi->proto = ip[6];
		fi->ttl = ip[7];
		fi->l4 = fi->l3 + 40;
	} else if (fi->ethertype == 0x0800) {
		if (fi->l3 + 20 > len || (ip[0] & 0xf) < 5)
			return -EINVAL;
		fi->proto = ip[9];
		fi->ttl = ip[8];
		fi->l4 = fi->l3 + (size_t)(ip[0] & 0xf) * 4;
	} else {
		return -EINVAL;
	}
	l4 = f + fi->l4;
	need = fi->proto == 6 ? 20 : 8;
	if ((fi->proto == 6 || fi->proto == 17) && fi->l4 + need <= len) {
		fi->sport = (__u16)(l4[0] << 8 | l4[1]);
		fi->dport = (__u16)(l4[2] << 8 | l4[3]);
	}
	if (fi->proto == 6 && fi->l4 + 20 <= len && (l4[PF_TCP_OFF_FLAGS] & PF_TCP_FLAG_SYN)) {
		size_t off = pf_tcp_opt_find(l4, len - fi->l4, PF_TCPOPT_MSS, PF_TCPOLEN_MSS);

		if (off)
			fi->mss = (size_t)(l4[off] << 8 | l4[off + 1]);
	}
	return 0;
}

int pf_ipv4_hdr_csum_ok(const __u8 *iph)
{
	return fold(sum16(iph, (size_t)(iph[0] & 0xf) * 4, 0)) == 0xffff;
}

int pf_l4_csum_ok(const __u8 *f, size_t len)
{
	size_t l3 = pf_frame_l3_off(f, len), l4, l4len;
	const __u8 *ip = f + l3;
	__u32 sum = 0;
	__u8 proto, ph[4];
	int v6 = f[l3 - 2] == 0x86;

	if (v6) {
		l4 = l3 + 40;
		proto = ip[6];
		l4len = (size_t)(ip[4] << 8 | ip[5]);
		sum = sum16(ip + 8, 32, 0);
	} else {
		l4 = l3 + (size_t)(ip[0] & 0xf) * 4;
		proto = ip[9];
		l4len = (size_t)(ip[2] << 8 | ip[3]) - (size_t)(ip[0] & 0xf) * 4;
		sum = sum16(ip + 12, 8, 0);
	}
	if (proto != 6 && proto != 17 && proto != 58)
		return 1;
	if (l4 + l4len > len)
		return 0;
	if (proto == 17 && !v6 && f[l4 + 6] == 0 && f[l4 + 7] == 0)
		return 1; /* IPv4 UDP without a checksum */
	ph[0] = 0;
	ph[1] = proto;
	put16(ph + 2, (__u16)l4len);
	sum = sum16(ph, 4, sum);
	sum = sum16(f + l4, l4len, sum);
	return fold(sum) == 0xffff;
}
