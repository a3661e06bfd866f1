# SPDX-License-Identifier: GPL-2.0-or-later
# packetframe: the one entry point for build, test, bench, demo, release.
#
#   make            build ./packetframe (static, musl, BPF object embedded)
#   make test       build, then run every test; ends with "N passed, N failed, N skipped"
#   make ARCH=...   build for x86_64 (default), aarch64, armhf, mips or mipsel into build/ARCH
#   make docs       man pages and bash/zsh completion into build/docs
#   make readme     regenerate the README's counter and platform tables
#   make release    static binaries, .debs and OpenWrt .ipks for all five targets into
#                   release/out (+ SHA256SUMS)
#   make release-check   run each under qemu-user: version, --help, exit codes; lintian
#                   and install/upgrade/purge of the host's .deb in a throwaway root
#   make vmtest     boot Debian 5.10/6.1/6.12 kernels (amd64, arm64) in qemu with a test /init
#
# Downloads (vendor/vendor.lock) and build output live in build/ (git-ignored);
# a second `make` fetches and rebuilds nothing.

VERSION := 0.1.0
ARCH ?= x86_64

B      := build/$(ARCH)
SRC    := build/src
DL     := build/dl
PREFIX := $(B)/prefix
OBJ    := $(B)/obj
GEN    := $(B)/gen

VENDOR_NAMES := zlib elfutils libbpf cjson
# The cross targets build musl itself from the pinned source.
ifneq ($(ARCH),x86_64)
VENDOR_NAMES += musl
endif
# MIPS is soft-float (vendor/build.sh): its FP routines come from glibc's soft-fp.
ifneq ($(filter mips mipsel,$(ARCH)),)
VENDOR_NAMES += softfp
endif
RELEASE_ARCHES := x86_64 aarch64 armhf mips mipsel
VENDOR_LIBS  := $(PREFIX)/lib/libbpf.a $(PREFIX)/lib/libelf.a $(PREFIX)/lib/libz.a \
                $(PREFIX)/lib/libcjson.a
VENDOR_SRC   := $(SRC)/.fetched$(if $(filter-out x86_64,$(ARCH)),-musl)$(if $(filter mips mipsel,$(ARCH)),-softfp)
ifneq ($(filter mips mipsel,$(ARCH)),)
VENDOR_LIBS  += $(PREFIX)/lib/softfp.o
endif

# BPF: one object per endianness; mips is the big-endian target.
ifeq ($(ARCH),mips)
BPF_TARGET := bpfeb
EI_DATA    := 02
else
BPF_TARGET := bpfel
EI_DATA    := 01
endif
HOST_MULTIARCH := $(shell gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)
BPF_B     := build/bpf/$(BPF_TARGET)
BPF_INC   := build/bpf/include
BPF_OBJ   := $(BPF_B)/fast_path.bpf.o
PROBE_OBJ := $(BPF_B)/probe.bpf.o
BPF_HDRS  := $(wildcard bpf/*.h)
BPF_CFLAGS := -O2 -g -Wall -Werror -target $(BPF_TARGET) -I bpf -I $(BPF_INC) \
              -idirafter /usr/include -idirafter /usr/include/$(HOST_MULTIARCH)

# Userspace: C11 (GNU dialect for getopt_long and friends), all warnings fatal.
CC      := $(B)/cc
CFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -fstack-protector-strong \
           -D_FORTIFY_SOURCE=2 -ffunction-sections -fdata-sections \
           -I. -Ifp -I$(GEN) -I$(PREFIX)/include \
           -DPF_VERSION='"$(VERSION)"' -DPF_ARCH='"$(ARCH)"'
LDFLAGS := -static -Wl,--gc-sections -L$(PREFIX)/lib
LDLIBS  := -lbpf -lelf -lz -lcjson
ifneq ($(filter mips mipsel,$(ARCH)),)
LDLIBS  += $(PREFIX)/lib/softfp.o
endif

FP_SRCS  := $(wildcard fp/*.c)
FP_OBJS  := $(patsubst %.c,$(OBJ)/%.o,$(FP_SRCS)) $(OBJ)/fp/embed.o
FP_HDRS  := $(wildcard fp/*.h) $(BPF_HDRS)

.PHONY: all deps vendor test clean distclean
all: packetframe

# Cross compilers and their kernel headers, only for the targets that need them.
CROSS_DEPS_aarch64 := aarch64-linux-gnu-gcc:gcc-aarch64-linux-gnu dpkg:linux-libc-dev-arm64-cross
CROSS_DEPS_armhf   := arm-linux-gnueabihf-gcc:gcc-arm-linux-gnueabihf dpkg:linux-libc-dev-armhf-cross
CROSS_DEPS_mips    := mips-linux-gnu-gcc:gcc-mips-linux-gnu dpkg:linux-libc-dev-mips-cross
CROSS_DEPS_mipsel  := mipsel-linux-gnu-gcc:gcc-mipsel-linux-gnu dpkg:linux-libc-dev-mipsel-cross

deps:
	@vendor/host-deps.sh $(CROSS_DEPS_$(ARCH))

# ---- vendored libraries -------------------------------------------------
$(VENDOR_SRC): vendor/vendor.lock vendor/fetch.sh vendor/apt-src.sh | deps
	@vendor/fetch.sh $(DL) $(SRC) $(VENDOR_NAMES)
	@touch $@

$(VENDOR_LIBS) &: $(VENDOR_SRC) vendor/build.sh
	@vendor/build.sh $(ARCH) $(SRC) $(B)
	@touch $(VENDOR_LIBS)

vendor: $(VENDOR_LIBS)

# ---- BPF object ---------------------------------------------------------
$(BPF_INC)/bpf/bpf_helpers.h: | $(VENDOR_SRC)
	@mkdir -p $(BPF_INC)
	@$(MAKE) -s -C $(SRC)/libbpf/src install_headers install_uapi_headers NO_PKG_CONFIG=1 \
		DESTDIR=$(abspath $(BPF_INC))/.. PREFIX= INCLUDEDIR=/include >/dev/null
	@touch $@

$(BPF_B)/%.bpf.o: bpf/%.bpf.c $(BPF_HDRS) $(BPF_INC)/bpf/bpf_helpers.h
	@mkdir -p $(BPF_B)
	@echo "  CLANG   $@"
	@clang $(BPF_CFLAGS) -c $< -o $@

# The build id is a hash of the exact object bytes that get embedded; the
# endianness check refuses to embed an object the target kernel cannot load.
$(GEN)/pf_build_id.h: $(BPF_OBJ) $(PROBE_OBJ)
	@mkdir -p $(GEN)
	@for o in $^; do ei=$$(od -An -tx1 -j5 -N1 $$o | tr -d ' '); if [ "$$ei" != "$(EI_DATA)" ]; then \
		echo "error: $$o has EI_DATA $$ei, $(ARCH) needs $(EI_DATA)" >&2; exit 1; fi; done
	@id=$$(sha256sum $< | cut -c1-16); \
		printf '/* generated from %s */\n#define PF_BUILD_ID "%s"\n' "$<" "$$id" >$@.tmp
	@mv $@.tmp $@

# ---- userspace ----------------------------------------------------------
# Only bpf_obj.c reads the build id, so only it (and embed.o) rebuilds when
# the BPF object changes; everything else needs the headers and libraries.
$(OBJ)/%.o: %.c $(FP_HDRS) $(VENDOR_LIBS)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS) -c $< -o $@

$(OBJ)/fp/bpf_obj.o: $(GEN)/pf_build_id.h

$(OBJ)/fp/embed.o: fp/embed.S $(BPF_OBJ) $(PROBE_OBJ) $(GEN)/pf_build_id.h $(VENDOR_LIBS)
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	@$(CC) -DPF_BPF_OBJ_PATH='"$(BPF_OBJ)"' -DPF_PROBE_OBJ_PATH='"$(PROBE_OBJ)"' -c $< -o $@

$(B)/packetframe: $(OBJ)/main.o $(FP_OBJS)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -s -o $@ $^ $(LDLIBS)
	@if readelf -lW $@ | grep -qE 'INTERP|DYNAMIC'; then \
		echo "error: $@ is not fully static" >&2; exit 1; fi

packetframe: $(B)/packetframe
	@cp $< $@

# ---- man pages and shell completion, from the binary's own tables ----------
.PHONY: docs readme
docs: packetframe
	@release/docs.sh ./packetframe build/docs

# The README's generated tables (counters, platforms); tests/unit/readme.sh checks them.
readme: packetframe
	@release/readme.sh ./packetframe >README.md.new && mv README.md.new README.md

# ---- release: static binaries for every target, checked --------------------
.PHONY: release release-check
release: docs
	@for a in $(RELEASE_ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a build/$$a/packetframe || exit 1; done
	@release/package.sh $(VERSION) $(RELEASE_ARCHES)
	@release/deb.sh $(VERSION) build/docs $(RELEASE_ARCHES)
	@release/ipk.sh $(VERSION) $(RELEASE_ARCHES)
	@cd release/out && sha256sum packetframe[-_]* >SHA256SUMS

release-check: release $(B)/tests/pktio
	@vendor/host-deps.sh qemu-aarch64-static:qemu-user-static lintian:lintian
	@release/check.sh $(VERSION) $(RELEASE_ARCHES)
	@release/check-deb.sh $(VERSION) build/docs $(RELEASE_ARCHES)
	@PF=./packetframe release/check-ipk.sh $(VERSION)
	@PF=$(CURDIR)/packetframe PKTIO=$(CURDIR)/$(B)/tests/pktio release/check-ops.sh

# The qemu kernel matrix: amd64 kernels run the x86_64 build, arm64 kernels the
# aarch64 and (compat) armhf builds, Debian's mipsel Malta kernel the mipsel
# build. mips: see release-check (no Debian kernel for big-endian MIPS).
VM_ARCHES := x86_64 aarch64 armhf mipsel
.PHONY: vmtest
vmtest:
	@vendor/host-deps.sh qemu-system-x86_64:qemu-system-x86 qemu-system-aarch64:qemu-system-arm \
		qemu-system-mipsel:qemu-system-mips cpio:cpio dpkg-deb:dpkg
	@for a in $(VM_ARCHES); do \
		$(MAKE) --no-print-directory ARCH=$$a build/$$a/vminit || exit 1; done
	@release/vmtest.sh

# ---- tests --------------------------------------------------------------
include tests/tests.mk

clean:
	rm -rf $(B)/obj $(B)/gen $(B)/tests build/bpf $(B)/packetframe packetframe

distclean:
	rm -rf build packetframe
