// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding xdp-forward's BPF object inside its binary (see xdp_forward.h). */
#include <stdio.h>
#include <string.h>
#include <linux/types.h>
#include <bpf/libbpf.h>
#include "xdp_forward.h"

struct bpf_object *t_xdp_forward_object(const char *binary)
{
	static char img[1 << 21];
	FILE *f = fopen(binary, "rb");
	size_t len = f ? fread(img, 1, sizeof(img), f) : 0, i;

	if (f)
		fclose(f);
	/* Every embedded 64-bit little-endian ELF whose machine is BPF, its section table inside. */
	for (i = 1; i + 64 < len; i++) {
		struct bpf_object *obj;
		__u64 shoff;
		__u16 shentsize, shnum, machine;

		if (memcmp(img + i, "\177ELF\2\1", 6))
			continue;
		memcpy(&machine, img + i + 18, 2);
		memcpy(&shoff, img + i + 0x28, 8);
		memcpy(&shentsize, img + i + 0x3a, 2);
		memcpy(&shnum, img + i + 0x3c, 2);
		if (machine != 247 /* EM_BPF */ || shoff + (__u64)shentsize * shnum > len - i)
			continue;
		obj = bpf_object__open_mem(img + i, shoff + (__u64)shentsize * shnum, NULL);
		if (obj && bpf_object__find_program_by_name(obj, "xdp_fwd_fib_direct"))
			return obj;
		bpf_object__close(obj);
	}
	return NULL;
}
