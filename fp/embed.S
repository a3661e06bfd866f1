/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The BPF objects (fast path, probe), embedded as bytes. 8-byte alignment:
 * libelf parses the image in place and its structures must be naturally
 * aligned.
 */
	.section .rodata.pf_bpf_obj, "a"
	.balign 8
	.global pf_bpf_obj_start
pf_bpf_obj_start:
	.incbin PF_BPF_OBJ_PATH
	.global pf_bpf_obj_end
pf_bpf_obj_end:
	.byte 0

	.balign 8
	.global pf_probe_obj_start
pf_probe_obj_start:
	.incbin PF_PROBE_OBJ_PATH
	.global pf_probe_obj_end
pf_probe_obj_end:
	.byte 0
	.section .note.GNU-stack, "", %progbits
