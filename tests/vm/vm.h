/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the VM driver's parts share: results, sysctl writes, GRO. */
#ifndef PF_VM_H
#define PF_VM_H

/* A PASS or FAIL line (fmt explains a failure) and the tally. */
void result(int ok, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Write v into a /proc or /sys file; 0 or -1. */
int write_file(const char *path, const char *v);

/* GRO on for a device of the current network namespace. */
void gro_on(const char *ifname);

/*
 * The differential oracle with real 802.1Q and 802.1ad subinterfaces
 * (vmoracle.c): `frames` corpus frames through the kernel alone and through
 * packetframe, every difference confirmed on replay fails.
 */
void vm_oracle(unsigned int frames);

/*
 * The sampler's records of one frame through the pinned fast_path
 * (vmsampler.c); with_ingress: BPF_PROG_TEST_RUN takes an ingress port, so
 * the frame is forwarded to next hop `nh` from `smac`.
 */
struct pf_inst;
void vm_sampler(const struct pf_inst *in, int with_ingress, const unsigned char *nh,
		const unsigned char *smac);

#endif
