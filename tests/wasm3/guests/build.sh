#!/bin/sh
# Rebuild the WebAssembly 3.0 feature guests; the built .wasm files are kept in the tree.
# Debian's wabt (wat2wasm 1.0.32) builds the guests it can read; the exception handling
# guests (exnref, try_table: newer text than 1.0.32 knows) are built with wabt 1.0.39 from
# the npm registry, pinned in package.json / package-lock.json and installed here on first
# use.
set -eu
cd "$(dirname "$0")"
for wat in *.wat; do
    case "$wat" in
    cpp_exceptions.wat | host_exceptions.wat | reactor_exceptions.wat)
        [ -x node_modules/.bin/wat2wasm ] ||
            npm ci --no-audit --no-fund --loglevel=error
        node_modules/.bin/wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm" ;;
    *)
        wat2wasm --enable-all "$wat" -o "${wat%.wat}.wasm" ;;
    esac
done
