# SPDX-License-Identifier: GPL-2.0-or-later
# The BPF object as compiled: no bpf-to-bpf call instructions (a memset or
# memcpy libcall shows up as one), no subprograms in .text; print each
# program's instruction count.
. tests/lib/t.sh
obj=$PF_BPF_OBJ
dis=$(llvm-objdump -d --no-show-raw-insn "$obj") || { t_fail object_disassembles; exit 0; }
t_pass object_disassembles
# A call is opcode 0x85; its register byte holds src_reg, which is 0 for a
# helper and 1 (BPF_PSEUDO_CALL) for a bpf-to-bpf call: byte 0x10 in a
# little-endian object, 0x01 in a big-endian one.
calls=$(llvm-objdump -d "$obj" | grep -E '^ +[0-9]+:\s+85 (10|01) ')
if [ -n "$calls" ]; then
	t_fail object_no_bpf_to_bpf_calls "$(echo "$calls" | head -3)"
else
	t_pass object_no_bpf_to_bpf_calls
fi
if llvm-objdump -h "$obj" | awk '$2 == ".text" && $3 !~ /^0+$/ { found = 1 } END { exit !found }'; then
	t_fail object_no_text_subprograms ".text is not empty"
else
	t_pass object_no_text_subprograms
fi
echo "$dis" | awk '/^[0-9a-f]+ <[a-z_]+>:$/ { if (name) print "INFO", name, n, "insns"; name = $2; n = 0; next }
	/^ +[0-9]+:/ { n++ } END { if (name) print "INFO", name, n, "insns" }' | tr -d '<>:'
