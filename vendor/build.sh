#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the pinned libraries static with musl for one target architecture:
# zlib, libelf (from elfutils), libbpf and cJSON into $OUT/prefix, plus a
# compiler wrapper $OUT/cc that adds the kernel uapi headers musl lacks.
# x86_64 uses Debian's musl-gcc; the cross targets build musl from the pinned
# source with Debian's cross gcc.
#
# usage: build.sh ARCH SRC_DIR OUT_DIR
set -eu
arch=$1 src=$2 out=$(mkdir -p "$3" && cd "$3" && pwd)
# `make ARCH=...` exports ARCH (and passes it down in MAKEFLAGS), which musl's
# and libbpf's own builds would read as theirs.
unset ARCH MAKEFLAGS MFLAGS MAKELEVEL
jobs=${JOBS:-$(nproc)}

# MIPS builds are soft-float, as OpenWrt's userland is: OpenWrt's MIPS
# kernels have no FPU emulator (CONFIG_MIPS_FP_SUPPORT off), and a hard-float
# binary gets SIGILL at its first FP instruction on the many cores without an
# FPU (MT7621, QCA95xx). Debian's cross libgcc has only hard-float versions of
# the soft-float routines (__adddf3 with add.d), so step 6 builds them from
# glibc's soft-fp, the same code libgcc's are made from.
case $arch in
x86_64) triple=x86_64-linux-gnu kasm=/usr/include/x86_64-linux-gnu/asm ;;
aarch64) triple=aarch64-linux-gnu ;;
armhf) triple=arm-linux-gnueabihf ;;
mips) triple=mips-linux-gnu abi=-msoft-float ;;
mipsel) triple=mipsel-linux-gnu abi=-msoft-float ;;
*) echo "build.sh: unknown arch '$arch' (x86_64, aarch64, armhf, mips, mipsel)" >&2; exit 1 ;;
esac
P=$out/prefix
mkdir -p "$P/lib" "$P/include" "$out/work"
log() { echo "  VENDOR  $arch: $*"; }
# Each step logs to a file and shows it only when it fails.
run() { # logname cmd...
	l=$out/work/$1.log
	shift
	if ! "$@" >"$l" 2>&1; then
		tail -n 40 "$l" >&2
		echo "build.sh: $arch: step failed, full log in $l" >&2
		exit 1
	fi
}

# 1. musl + compiler wrapper (musl-gcc uses -nostdinc: add kernel uapi after it)
kinc=$out/kinc
if [ ! -x "$out/cc" ]; then
	rm -rf "$kinc" && mkdir -p "$kinc"
	if [ "$arch" = x86_64 ]; then
		musl_cc=musl-gcc
		cp -a /usr/include/linux /usr/include/asm-generic "$kinc/"
		cp -a "$kasm" "$kinc/asm"
	else
		cross_inc=/usr/$triple/include
		cp -a "$cross_inc/linux" "$cross_inc/asm-generic" "$cross_inc/asm" "$kinc/"
		if [ ! -x "$out/musl/bin/musl-gcc" ]; then
			log "musl (from source)"
			rm -rf "$out/work/musl" && cp -a "$src/musl" "$out/work/musl"
			(cd "$out/work/musl" &&
				run musl-configure ./configure --prefix="$out/musl" --target="$triple" \
					CROSS_COMPILE="$triple-" CC="$triple-gcc" CFLAGS="${abi:-}" --disable-shared \
					--enable-wrapper=gcc &&
				run musl-make make -j"$jobs" && run musl-install make install)
		fi
		musl_cc=$out/musl/bin/musl-gcc
	fi
	printf '#!/bin/sh\nexec %s %s "$@" -isystem %s\n' "$musl_cc" "${abi:-}" "$kinc" >"$out/cc.tmp"
	chmod +x "$out/cc.tmp" && mv "$out/cc.tmp" "$out/cc"
fi
CC=$out/cc
if [ "$arch" = x86_64 ]; then AR=ar RANLIB=ranlib; else AR=$triple-ar RANLIB=$triple-ranlib; fi

fresh() { # name: a private copy of the source tree for this arch
	rm -rf "$out/work/$1" && cp -a "$src/$1" "$out/work/$1"
	cd "$out/work/$1"
}

# 2. zlib
if [ ! -f "$P/lib/libz.a" ]; then
	log zlib
	(fresh zlib &&
		run zlib-configure env CC="$CC" AR="$AR" RANLIB="$RANLIB" CHOST="$triple" \
			./configure --static --prefix="$P" &&
		run zlib-make make -j"$jobs" libz.a && run zlib-install make install)
fi

# 3. libelf only, from elfutils. musl has no argp/fts/obstack; those are only
#    used by the tools, so the configure checks are pre-answered. 0.192 keeps
#    eu-search.o (tsearch wrappers) in libeu only: add it to libelf.a.
if [ ! -f "$P/lib/libelf.a" ]; then
	log "libelf (elfutils)"
	(fresh elfutils &&
		run elfutils-configure env CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="-O2 -Wno-error" \
			CPPFLAGS="-I$P/include" LDFLAGS="-L$P/lib" \
			ac_cv_search_argp_parse="none required" ac_cv_search_fts_close="none required" \
			ac_cv_search__obstack_free="none required" \
			./configure --host="$triple" --prefix="$P" --disable-shared \
			--disable-debuginfod --disable-libdebuginfod --disable-nls \
			--disable-symbol-versioning --disable-demangler --without-bzlib \
			--without-lzma --without-zstd --disable-stacktrace &&
		run elfutils-make make -C libelf -j"$jobs" libelf.a &&
		run elfutils-eusearch make -C lib eu-search.o &&
		run elfutils-ar "$AR" r libelf/libelf.a lib/eu-search.o &&
		cp libelf/libelf.h libelf/gelf.h libelf/nlist.h "$P/include/" &&
		cp libelf/libelf.a "$P/lib/libelf.a.tmp" && mv "$P/lib/libelf.a.tmp" "$P/lib/libelf.a")
fi

# 4. libbpf
if [ ! -f "$P/lib/libbpf.a" ]; then
	log libbpf
	(fresh libbpf &&
		run libbpf-make make -C src -j"$jobs" BUILD_STATIC_ONLY=y NO_PKG_CONFIG=1 \
			CC="$CC" AR="$AR" EXTRA_CFLAGS="-O2 -I$P/include" OBJDIR="$out/work/libbpf-obj" \
			PREFIX="$P" LIBDIR="$P/lib" DESTDIR= install install_uapi_headers)
fi

# 5. cJSON (two files; no build system needed)
if [ ! -f "$P/lib/libcjson.a" ]; then
	log cjson
	(fresh cjson &&
		run cjson-cc "$CC" -O2 -std=c89 -c cJSON.c -o cJSON.o &&
		run cjson-ar "$AR" rcs libcjson.a cJSON.o &&
		mkdir -p "$P/include/cjson" && cp cJSON.h "$P/include/cjson/" &&
		cp libcjson.a "$P/lib/")
fi

# 6. MIPS: the soft-float routines (see the top), as one relocatable object
# the link always takes whole, so none of libgcc's hard-float ones is used.
if [ -n "${abi:-}" ] && [ ! -f "$P/lib/softfp.o" ]; then
	log "soft-fp (glibc)"
	(cd "$src/softfp" && rm -rf "$out/work/softfp" && mkdir -p "$out/work/softfp" &&
		for f in soft-fp/*[sd]f[0-9].c soft-fp/*[sd]f[sd]f2.c soft-fp/*[sd]f[sd]i.c \
			soft-fp/*[sd]i[sd]f.c; do
			case $f in *bf* | *hf* | *tf*) continue ;; esac # no such types here
			run "softfp-$(basename "$f" .c)" "$CC" -O2 -include endian.h \
				'-Dstrong_alias(n,a)=extern __typeof(n) a __attribute__((alias(#n)));' \
				-I sysdeps/mips/mips32 -I soft-fp -I stdlib -c "$f" \
				-o "$out/work/softfp/$(basename "$f" .c).o" || exit 1
		done &&
		run softfp-ld "$triple-ld" -r -o "$P/lib/softfp.o" "$out"/work/softfp/*.o)
fi
