#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# make vmtest: boot each pinned Debian kernel (release/kernels.lock) under
# qemu-system (TCG) with a test driver as /init (tests/vm/vminit.c, built
# static for the target) and the kernel's own veth/8021q modules, and record
# one line per (arch, kernel) in release/vmtest-results.md. The armhf binary
# runs on the arm64 kernels, as an armv7 userland on arm64 hardware would.
# Kernels come through the machine's apt configuration and are checked
# against the lock's sha256; downloads are cached in build/kernels.
#
# usage: release/vmtest.sh   (from the top of the tree; vminit built per arch)
set -u
top=$(pwd)
K=$top/build/kernels
OUT=$top/build/vmtest
lock=$top/release/kernels.lock
results=$top/release/vmtest-results.md
# A partial run (VMTEST_ONLY) must not stand in for the matrix the README's table is made from.
[ -z "${VMTEST_ONLY:-}" ] || results=$OUT/vmtest-results-partial.md
mkdir -p "$OUT"
. "$top/release/debs.sh"
debs_init "$K" "$lock"
fetch() { debs_fetch "$@" || exit 1; }

# The modules the VM loads, in order (the list also marks an unpacked kernel as current).
MODULES="veth llc stp garp mrp 8021q vrf"

unpack() { # deb dir: the kernel image and the modules the VM needs
	[ "$(cat "$2/.done" 2>/dev/null)" = "$MODULES" ] && return 0
	rm -rf "$2" && mkdir -p "$2/x" "$2/modules"
	dpkg-deb -x "$1" "$2/x"
	cp "$2"/x/boot/vmlinu[xz]-* "$2/vmlinuz" # MIPS boots the ELF vmlinux
	for m in $MODULES; do
		f=$(find "$2/x" -path '*/modules/*' -name "$m.ko*" | head -n 1)
		case $f in
		*.xz) xz -dc "$f" >"$2/modules/$m.ko" ;;
		*.zst) zstd -qdc "$f" >"$2/modules/$m.ko" ;;
		*) cp "$f" "$2/modules/$m.ko" ;;
		esac
	done
	echo "$MODULES" >"$2/modules/order"
	rm -rf "$2/x"
	echo "$MODULES" >"$2/.done"
}

boot() { # userland-arch kernel-dir log
	ird=$(mktemp -d)
	cp "$top/build/$1/vminit" "$ird/init"
	cp -r "$2/modules" "$ird/modules"
	(cd "$ird" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$3.initrd"
	rm -rf "$ird"
	case $1 in
	x86_64) set -- qemu-system-x86_64 -M pc -m 512 -append "console=ttyS0 panic=-1 quiet" ;;
	# The Malta board takes 256 MiB of low memory at most.
	mipsel) set -- qemu-system-mipsel -M malta -cpu 24Kc -m 256 -append "console=ttyS0 panic=-1 quiet" ;;
	*) set -- qemu-system-aarch64 -M virt -cpu cortex-a57 -m 512 -append "console=ttyAMA0 panic=-1 quiet" ;;
	esac
	timeout 600 "$@" -accel tcg -smp 1 -nodefaults -no-user-config -display none \
		-serial stdio -no-reboot -kernel "$kdir/vmlinuz" -initrd "$log.initrd" 2>&1 </dev/null |
		tr -d '\r' >"$log"
	rm -f "$log.initrd"
}

verifier() { # log name prog -> "processed/stack"
	sed -n "s/^INFO $2 $3: .*processed \([0-9-]*\), stack depth \([0-9-]*\).*/\1 insns, stack \2/p" "$1" | head -n 1
}

status() { # log test -> PASS, FAIL or the skip reason
	if grep -q "^PASS $2\$" "$1"; then echo PASS
	elif grep -q "^FAIL $2" "$1"; then echo FAIL
	else sed -n "s/^SKIP $2: //p" "$1" | head -n 1; fi
}

{
	echo "# vmtest results"
	echo
	echo "Written by \`make vmtest\` (release/vmtest.sh) on $(date -u +%Y-%m-%d), packetframe $(git -C "$top" describe --always --dirty 2>/dev/null)."
	echo "Each row is one boot: the userland binary, the Debian kernel, then the driver's checks."
	echo
	echo "| userland | kernel | verifier, JIT on | verifier, JIT off | fast_path (JIT on) | finalize (JIT on) | fast_path_sampled | finalize_sampled | checks passed / failed / skipped | result |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
} >"$results.tmp"
fail=0 rows=0 bad=0
while read -r arch suite pkg version sha kver; do
	case $arch in "#"* | "") continue ;; esac
	deb=$(fetch "$arch" "$pkg" "$version" "$sha") || exit 1
	kdir=$K/$pkg
	unpack "$deb" "$kdir"
	case $arch in amd64) users=x86_64 ;; mipsel) users=mipsel ;; *) users="aarch64 armhf" ;; esac
	for u in $users; do
		# VMTEST_ONLY=x86_64-5.10 (a prefix of "<userland>-<kernel>") boots just those
		case "$u-$kver" in "${VMTEST_ONLY:-}"*) ;; *) continue ;; esac
		log=$OUT/$u-$kver.log
		echo "  VMTEST  $u on $kver ($suite)"
		boot "$u" "$kdir" "$log"
		done_line=$(grep '^VMTEST DONE' "$log" | tail -n 1)
		set -- $done_line
		p=${3:-0} f=${4:-?} sk=$(grep -c '^SKIP ' "$log")
		rows=$((rows + 1))
		if [ "$f" = 0 ] && [ -n "$done_line" ]; then res=PASS; else res=FAIL; fail=1; bad=$((bad + 1)); fi
		grep -E '^(FAIL|SKIP)' "$log" | sed 's/^/      /'
		echo "| $u | $kver | $(status "$log" verifier_jit) | $(status "$log" verifier_nojit) | $(verifier "$log" verifier_jit fast_path) | $(verifier "$log" verifier_jit finalize) | $(verifier "$log" verifier_jit fast_path_sampled) | $(verifier "$log" verifier_jit finalize_sampled) | $p / $f / $sk | $res |" >>"$results.tmp"
	done
done <"$lock"
mv "$results.tmp" "$results"
cat "$results"
echo
echo "vmtest: $((rows - bad)) passed, $bad failed"
exit $fail
