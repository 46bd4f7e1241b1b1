#!/bin/sh
# install_test.sh BUILD_DIR WORK_DIR CC
# Installs the build into a fresh prefix, then builds and runs a program against it twice,
# linked statically and dynamically, with flags taken only from pkg-config.
set -eu
build=$1 work=$2 cc=$3
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v pkg-config >/dev/null 2>&1; then
    echo "pkg-config is not installed (apt-get install pkg-config)"
    exit 77
fi
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
libdir=$(pkg-config --variable=libdir wr)
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -o "$work/consumer-static" "$here/consumer.c" \
    $(pkg-config --cflags wr) "$libdir/libwr.a" $(pkg-config --libs-only-other --static wr) -lpthread -lm
# shellcheck disable=SC2046
"$cc" -std=c11 -Wall -Wextra -Werror -o "$work/consumer-shared" "$here/consumer.c" \
    $(pkg-config --cflags --libs wr) -Wl,-rpath,"$libdir"
"$work/consumer-static" | grep -q "add(40, 2) = 42"
"$work/consumer-shared" | grep -q "add(40, 2) = 42"
[ -x "$work/prefix/bin/wr" ]
[ -f "$work/prefix/share/man/man1/wr.1" ]
echo "1 passed, 0 failed"
