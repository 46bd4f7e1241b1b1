# The entry points a new user types. Everything real lives in CMake; this file picks the
# build folder and the options. make, make test and make install configure a build folder
# the same way, so none of them rebuilds what another one built.
#   make            Release build into build/, warnings as errors (WERROR=OFF to relax)
#   make test       the same build, then every test through ctest
#   make install PREFIX=/usr/local   builds only the libraries and wr, then installs them
#   make test SANITIZE=address,undefined   the same in build-address-undefined/ with sanitizers
#   make test SANITIZE=thread CTEST_ARGS="-R 'reactor|capi'"   only some tests
#   make demo       the reactor demo
#   make bench      benchmarks against native code: the kernels, decoding, reactor calls and
#                   SQLite (configuring fetches the SQLite amalgamation from npm once)
#   make soak MINUTES=10   the soak test: a reactor pool under random calls for MINUTES minutes,
#                   checking RSS and open fds stay flat (add SANITIZE=address to run it under ASan)
#   make fuzz SECONDS=60   each libFuzzer target for SECONDS seconds (needs clang), in build-fuzz/;
#                   FUZZ_SEEDS=/path/to/spec-tests/core adds more seed modules

SANITIZE ?=
WERROR ?= ON
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

CMAKE_FLAGS = -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DWR_SANITIZE=$(SANITIZE) -DWR_WERROR=$(WERROR) \
              -DWR_TEST_COMPILE_CACHE=$(CURDIR)/build-compile-cache

.PHONY: all build configure test demo bench deps clean install fuzz soak

all: build

deps:
	@sh scripts/deps.sh

configure: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure --timeout 300 -j $(JOBS) $(CTEST_ARGS)

demo: build
	@if [ -x $(BUILD)/wr-demo ]; then $(BUILD)/wr-demo; \
	else echo "make demo: the reactor demo (examples/reactor) does not exist yet"; fi

bench: build
	@$(BUILD)/wr-bench
	@echo
	@$(BUILD)/wr-bench --compile
	@echo
	@$(BUILD)/wr-bench decode
	@if [ -x $(BUILD)/wr-bench-reactor ]; then echo; $(BUILD)/wr-bench-reactor; fi
	@if [ -x $(BUILD)/wr-bench-sqlite ]; then echo; $(BUILD)/wr-bench-sqlite; fi

MINUTES ?= 10
soak: configure
	@cmake --build $(BUILD) -j $(JOBS) --target wr-soak
	@$(BUILD)/wr-soak $(MINUTES)

SECONDS ?= 60
FUZZ_BUILD ?= build-fuzz
fuzz:
	@sh scripts/deps.sh fuzz
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWR_WERROR=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target fuzz_decode fuzz_run fuzz_codec fuzz_wasi_path fuzz_compile
	@FUZZ_SEEDS="$(FUZZ_SEEDS)" sh fuzz/run.sh $(FUZZ_BUILD) $(SECONDS)

install: configure
	@cmake --build $(BUILD) -j $(JOBS) --target wr_static wr_shared wr
	@cmake --install $(BUILD) $(if $(PREFIX),--prefix $(PREFIX))

clean:
	rm -rf build build-*
