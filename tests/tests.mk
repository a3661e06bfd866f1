# SPDX-License-Identifier: GPL-2.0-or-later
# Test programs, included by the top-level Makefile. All tests/unit/*.c link
# into one binary (no root needed), all tests/bpf/*.c into another (root).

TEST_B      := $(B)/tests
T_LIB_OBJS  := $(patsubst %.c,$(OBJ)/%.o,$(filter-out %.bpf.c,$(wildcard tests/lib/*.c)))
T_UNIT_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(wildcard tests/unit/*.c))
T_BPF_OBJS  := $(patsubst %.c,$(OBJ)/%.o,$(wildcard tests/bpf/*.c))
T_HDRS      := $(wildcard tests/lib/*.h)
# The world without the harness (for programs with their own main).
T_WORLD_OBJS := $(patsubst %,$(OBJ)/tests/lib/%.o,bpfrun world)

$(OBJ)/tests/%.o: CFLAGS += -Itests/lib
# Explicit targets: a prerequisite-only pattern rule would not add to them.
T_ALL_OBJS := $(patsubst %.c,$(OBJ)/%.o,$(filter-out %.bpf.c,$(wildcard tests/*/*.c)))
$(T_ALL_OBJS): $(T_HDRS) $(wildcard tests/vm/*.h)

$(TEST_B)/unit: $(T_UNIT_OBJS) $(T_LIB_OBJS) $(FP_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(TEST_B)/bpf: $(T_BPF_OBJS) $(T_LIB_OBJS) $(FP_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Test/bench-only BPF programs (wrappers, reference forwarder).
TESTPROGS_OBJ := $(BPF_B)/testprogs.bpf.o

.PHONY: test test-build
test-build: packetframe $(TEST_B)/unit $(TEST_B)/bpf $(TESTPROGS_OBJ) $(TEST_B)/pktio $(TEST_B)/oracle \
	    $(TEST_B)/live

test: test-build
	@tests/run.sh $(B) $(BPF_OBJ) $(TESTPROGS_OBJ)

# ---- test programs and the benchmark (root; prints, never fails on numbers) --
$(TESTPROGS_OBJ): tests/lib/testprogs.bpf.c tests/lib/tpl.h $(BPF_HDRS) $(BPF_INC)/bpf/bpf_helpers.h
	@echo "  CLANG   $@"
	@clang $(BPF_CFLAGS) -c $< -o $@

$(TEST_B)/bench: $(OBJ)/tests/bench/bench.o $(OBJ)/tests/bench/xdp_forward.o $(T_WORLD_OBJS) \
		 $(FP_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lm

# The bench's baseline: the fast path with the sampler compiled out (bpf/capture.h).
NOSAMPLER_OBJ := $(BPF_B)/fast_path_nosampler.bpf.o
$(NOSAMPLER_OBJ): bpf/fast_path.bpf.c $(BPF_HDRS) $(BPF_INC)/bpf/bpf_helpers.h
	@echo "  CLANG   $@"
	@clang $(BPF_CFLAGS) -DPF_SAMPLER_COMPILED_OUT -c $< -o $@
.PHONY: bench bench-live
bench: $(TEST_B)/bench $(TESTPROGS_OBJ) $(NOSAMPLER_OBJ)
	@$(TEST_B)/bench $(TESTPROGS_OBJ) $$(tests/bench/peers.sh)

$(TEST_B)/live: $(OBJ)/tests/bench/live.o $(OBJ)/tests/bench/xdp_forward.o $(OBJ)/fp/frame.o
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Live frames through three namespaces (tests/bench/live.sh); prints ratios.
bench-live: packetframe $(TEST_B)/live $(TESTPROGS_OBJ)
	@PF_TESTPROGS_OBJ=$(TESTPROGS_OBJ) LIVE=$(TEST_B)/live PF=$$(pwd)/packetframe \
		sh tests/bench/live.sh $$(tests/bench/peers.sh)

# ---- netns end-to-end helper ---------------------------------------------------
$(TEST_B)/pktio: $(OBJ)/tests/netns/pktio.o $(OBJ)/fp/frame.o
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# ---- fuzzing (host clang + libFuzzer + ASan/UBSan; bounded time) ------------
FUZZ_SECONDS ?= 60
FUZZ_B := build/fuzz
FUZZ_SRCS := tests/fuzz/fuzz_config.c fp/config.c fp/prefix.c fp/grow.c fp/parse.c
$(FUZZ_B)/fuzz_config: $(FUZZ_SRCS) fp/config.h fp/prefix.h fp/grow.h fp/parse.h | deps
	@mkdir -p $(FUZZ_B)
	@echo "  CLANG   $@ (libFuzzer, ASan, UBSan)"
	@clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-I. -Ifp -o $@ $(FUZZ_SRCS)

.PHONY: fuzz
fuzz: $(FUZZ_B)/fuzz_config
	@mkdir -p $(FUZZ_B)/corpus tests/fuzz/regressions
	@echo "  FUZZ    config parser for $(FUZZ_SECONDS)s (crashes -> tests/fuzz/regressions/)"
	@$(FUZZ_B)/fuzz_config -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=5 \
		-artifact_prefix=tests/fuzz/regressions/ $(FUZZ_B)/corpus tests/fuzz/corpus \
		2>&1 | tail -n 3

# ---- make demo (root) ---------------------------------------------------------
.PHONY: demo
demo: packetframe $(TEST_B)/pktio
	@tests/demo/demo.sh $(TEST_B)/pktio

# ---- /init of the qemu test VMs (any ARCH) ------------------------------------
$(B)/vminit: $(OBJ)/tests/vm/vminit.o $(OBJ)/tests/vm/nl.o $(OBJ)/tests/vm/vmoracle.o \
	     $(OBJ)/tests/vm/vmsampler.o \
	     $(OBJ)/tests/oracle/engine.o $(OBJ)/tests/oracle/corpus.o $(FP_OBJS)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -s -o $@ $^ $(LDLIBS)

# ---- the differential oracle (netns; kernel alone vs packetframe) -------------
$(TEST_B)/oracle: $(OBJ)/tests/oracle/oracle.o $(OBJ)/tests/oracle/engine.o \
		  $(OBJ)/tests/oracle/corpus.o $(OBJ)/fp/frame.o
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^
