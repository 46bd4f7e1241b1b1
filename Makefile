# The entry points a new user types. Everything real lives in CMake; this file picks the
# build folder and the options.
#   make            Release build into build/
#   make test       warnings as errors, then every test through ctest
#   make test SANITIZE=address,undefined   the same in build-address-undefined/ with sanitizers
#   make test SANITIZE=thread CTEST_ARGS="-R 'reactor|capi'"   only some tests
#   make demo       the reactor demo
#   make bench      benchmarks against native code
#   make soak MINUTES=10   the soak test: a reactor pool under random calls for MINUTES minutes,
#                   checking RSS and open fds stay flat (add SANITIZE=address to run it under ASan)
#   make fuzz SECONDS=60   each libFuzzer target for SECONDS seconds (needs clang), in build-fuzz/;
#                   FUZZ_SEEDS=/path/to/spec-tests/core adds more seed modules

SANITIZE ?=
CTEST_ARGS ?=
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ifeq ($(SANITIZE),)
BUILD ?= build
BUILD_TYPE ?= Release
else
BUILD ?= build-$(subst $(comma),-,$(SANITIZE))
BUILD_TYPE ?= RelWithDebInfo
endif
comma := ,

CMAKE_FLAGS = -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DWR_SANITIZE=$(SANITIZE)

.PHONY: all build test demo bench deps clean install fuzz soak

all: build

deps:
	@sh scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DWR_WERROR=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

test: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DWR_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@ctest --test-dir $(BUILD) --output-on-failure --timeout 300 -j $(JOBS) $(CTEST_ARGS)

demo: build
	@if [ -x $(BUILD)/wr-demo ]; then $(BUILD)/wr-demo; \
	else echo "make demo: the reactor demo (examples/reactor) does not exist yet"; fi

bench: build
	@$(BUILD)/wr-bench
	@echo
	@$(BUILD)/wr-bench decode
	@if [ -x $(BUILD)/wr-bench-reactor ]; then echo; $(BUILD)/wr-bench-reactor; fi

MINUTES ?= 10
soak: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DWR_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) --target wr-soak
	@$(BUILD)/wr-soak $(MINUTES)

SECONDS ?= 60
FUZZ_BUILD ?= build-fuzz
fuzz:
	@sh scripts/deps.sh fuzz
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWR_WERROR=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_decode fuzz_run fuzz_codec fuzz_wasi_path
	@FUZZ_SEEDS="$(FUZZ_SEEDS)" sh fuzz/run.sh $(FUZZ_BUILD) $(SECONDS)

install: build
	@cmake --install $(BUILD) $(if $(PREFIX),--prefix $(PREFIX))

clean:
	rm -rf build build-*
