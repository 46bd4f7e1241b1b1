#!/bin/sh
# Checks for what building and testing need (a C compiler, CMake, make, pkg-config, a C++
# compiler for the consumer tests, and npm, which fetches the SQLite benchmark's amalgamation
# from the npm registry; with the argument "fuzz" also clang and its libFuzzer runtime; with
# the argument "guests" what rebuilding the committed test guests needs: wabt, and clang-19
# with lld-19, wasi-libc and libc++/libc++abi/compiler-rt for wasm32, the WebAssembly 3.0
# guests' compiler (tests/wasm3/guests/build.sh)) and, when run as root on Debian, installs
# what is missing. Otherwise it names what to install and stops.
# The bindings are optional: with node and npm present it installs the Node addon's build
# headers (node-api-headers, pinned in bindings/node/package-lock.json) from the npm registry;
# as root on Debian it installs python3-pytest for the Python binding's tests. Without them
# the bindings' tests are left out of ctest, with a note from cmake.
cd "$(dirname "$0")/.." || exit 1
if command -v npm >/dev/null 2>&1 &&
    [ ! -f bindings/node/node_modules/node-api-headers/include/node_api.h ]; then
    (cd bindings/node && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) ||
        echo "note: npm could not install node-api-headers; the Node addon is skipped"
fi
optional=""
if ! python3 -c "import pytest" >/dev/null 2>&1 &&
    ! /usr/bin/python3 -c "import pytest" >/dev/null 2>&1; then
    optional="python3-pytest"
fi
missing=""
command -v cmake >/dev/null 2>&1 || missing="$missing cmake"
command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing="$missing gcc"
command -v c++ >/dev/null 2>&1 || command -v g++ >/dev/null 2>&1 || missing="$missing g++"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ "${1:-}" = fuzz ]; then
    command -v clang >/dev/null 2>&1 || missing="$missing clang"
    resource=$(clang -print-resource-dir 2>/dev/null)
    ls "$resource"/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 ||
        missing="$missing libclang-rt-dev"
fi
if [ "${1:-}" = guests ]; then
    command -v wat2wasm >/dev/null 2>&1 || missing="$missing wabt"
    command -v clang-19 >/dev/null 2>&1 || missing="$missing clang-19"
    command -v wasm-ld-19 >/dev/null 2>&1 || missing="$missing lld-19"
    [ -f /usr/lib/wasm32-wasi/libc.a ] || missing="$missing wasi-libc"
    [ -f /usr/lib/llvm-19/lib/wasm32-wasi/libc++.a ] || missing="$missing libc++-19-dev-wasm32"
    [ -f /usr/lib/llvm-19/lib/wasm32-wasi/libc++abi.a ] ||
        missing="$missing libc++abi-19-dev-wasm32"
    [ -f /usr/lib/llvm-19/lib/clang/19/lib/wasi/libclang_rt.builtins-wasm32.a ] ||
        missing="$missing libclang-rt-19-dev-wasm32"
fi
if [ -n "$optional" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    missing="$missing $optional"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing missing Debian packages:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing || exit 1
else
    echo "missing tools:$missing"
    echo "install them first, e.g.: sudo apt-get install$missing"
    exit 1
fi
