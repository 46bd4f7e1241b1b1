#!/bin/sh
# Checks for what building and testing need (a C compiler, CMake, make, pkg-config, and a C++
# compiler for the consumer tests; with the argument "fuzz" also clang and its libFuzzer
# runtime) and, when run as root on Debian, installs what is missing. Otherwise it names what
# to install and stops.
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
if [ "${1:-}" = fuzz ]; then
    command -v clang >/dev/null 2>&1 || missing="$missing clang"
    resource=$(clang -print-resource-dir 2>/dev/null)
    ls "$resource"/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 ||
        missing="$missing libclang-rt-dev"
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
