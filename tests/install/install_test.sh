#!/bin/sh
# install_test.sh BUILD_DIR WORK_DIR CMAKE CC CXX
# Installs the build into a fresh prefix, then builds and runs programs against it: through
# pkg-config, linked statically (wr-static) and dynamically (wr), and through
# find_package(wr) (consumer_build.sh package).
set -eu
build=$1 work=$2 cmake=$3 cc=$4 cxx=$5
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v pkg-config >/dev/null 2>&1; then
    echo "pkg-config is not installed (apt-get install pkg-config)"
    exit 77
fi
rm -rf "$work"
mkdir -p "$work"
"$cmake" --install "$build" --prefix "$work/prefix" >/dev/null
[ -x "$work/prefix/bin/wr" ] && [ -f "$work/prefix/share/man/man1/wr.1" ]
[ -f "$work/prefix/include/wr/wr.h" ] && [ -f "$work/prefix/include/wr/wasm.h" ]
[ ! -e "$work/prefix/include/wasm.h" ] || { echo "wasm.h installed outside include/wr"; exit 1; }

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
libdir=$(pkg-config --variable=libdir wr)
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -o "$work/consumer-static" "$here/consumer/consumer.c" \
    $(pkg-config --cflags --libs wr-static)
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -o "$work/consumer-shared" "$here/consumer/consumer.c" \
    $(pkg-config --cflags --libs wr) -Wl,-rpath,"$libdir"
"$work/consumer-static" | grep -q "add(40, 2) = 42"
"$work/consumer-shared" | grep -q "add(40, 2) = 42"
if readelf -d "$work/consumer-static" | grep -q 'NEEDED.*libwr'; then
    echo "pkg-config wr-static linked the shared library"
    exit 1
fi
readelf -d "$work/consumer-shared" | grep -q 'NEEDED.*libwr\.so'
echo "pkg-config: static and shared consumers built and run"

sh "$here/consumer_build.sh" package "$work/package" /nonexistent "$cmake" "$cc" "$cxx" \
    "$work/prefix"
