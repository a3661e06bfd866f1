#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Collect the per-architecture static binaries into release/out: the
# binaries and a tarball per arch (binary, README, LICENSE, example config);
# the Makefile adds the packages and SHA256SUMS. Refuses a binary that is not
# static, not for the right machine and byte order, or that embeds BPF objects
# of the wrong byte order.
#
# usage: release/package.sh VERSION ARCH...
set -eu
version=$1
shift
out=release/out
. release/lib.sh # SOURCE_DATE_EPOCH
rm -rf "$out"
mkdir -p "$out"

expect() { # arch -> "machine|data"
	case $1 in
	x86_64) echo "Advanced Micro Devices X86-64|little endian" ;;
	aarch64) echo "AArch64|little endian" ;;
	armhf) echo "ARM|little endian" ;;
	mips) echo "MIPS R3000|big endian" ;;
	mipsel) echo "MIPS R3000|little endian" ;;
	esac
}

for arch in "$@"; do
	bin=build/$arch/packetframe
	want=$(expect "$arch")
	machine=$(readelf -h "$bin" | sed -n 's/^ *Machine: *//p')
	data=$(readelf -h "$bin" | sed -n 's/^ *Data: *2.s complement, //p')
	if [ "$machine|$data" != "$want" ]; then
		echo "release: $bin is '$machine|$data', want '$want'" >&2
		exit 1
	fi
	if readelf -lW "$bin" | grep -qE 'INTERP|DYNAMIC'; then
		echo "release: $bin is not fully static" >&2
		exit 1
	fi
	# Every BPF object embedded in the binary (ELF, e_machine 247) must have
	# the target's byte order.
	case $data in little*) ei=1 ;; *) ei=2 ;; esac
	found=0
	for off in $(LC_ALL=C grep -obUaP '\x7fELF' "$bin" | cut -d: -f1); do
		set -- $(od -An -tu1 -j $((off + 5)) -N1 "$bin") $(od -An -tu1 -j $((off + 18)) -N2 "$bin")
		[ "$2" = 247 ] || [ "$3" = 247 ] || continue # not a BPF object
		if [ "$1" != $ei ]; then
			echo "release: $bin embeds a BPF object of the wrong byte order (EI_DATA $1)" >&2
			exit 1
		fi
		found=$((found + 1))
	done
	if [ $found != 2 ]; then
		echo "release: $bin embeds $found BPF objects, want 2 (fast path, probe)" >&2
		exit 1
	fi
	# MIPS is soft-float (vendor/build.sh): not one instruction may touch an FP
	# register, or the binary dies of SIGILL on a kernel without an FPU emulator.
	case $arch in mips*)
		fpu=$("$arch-linux-gnu-objdump" -d "$bin" | grep -c '\$f[0-9]' || true)
		if [ "$fpu" != 0 ]; then
			echo "release: $bin has $fpu instructions on FP registers (want soft-float)" >&2
			exit 1
		fi ;;
	esac
	name=packetframe-$version-$arch
	cp "$bin" "$out/$name"
	mkdir -p "$out/$name.d/$name"
	cp "$bin" "$out/$name.d/$name/packetframe"
	cp README.md LICENSE "$out/$name.d/$name/"
	cp release/packetframe.conf.example "$out/$name.d/$name/packetframe.conf.example"
	# What runs it without a package: units, hooks, the loop, OpenWrt and cron files.
	cp -r release/systemd release/hooks release/openwrt release/cron "$out/$name.d/$name/"
	tar -C "$out/$name.d" --sort=name --mtime="@$SOURCE_DATE_EPOCH" \
		--owner=0 --group=0 --numeric-owner -cf - "$name" | gzip -9n >"$out/$name.tar.gz"
	rm -rf "$out/$name.d"
	echo "  RELEASE $out/$name ($(stat -c %s "$bin") bytes, $machine, $data)"
done
