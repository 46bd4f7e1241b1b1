#!/bin/sh
# Rebuild the compiled-tier tests' guest modules; the built .wasm files are kept in the tree.
# tail_ref.wat uses typed function references, which Debian's wabt 1.0.32 cannot read: it
# goes through Binaryen's wasm-as, pinned with the 3.0 guests' tools
# (tests/wasm3/guests/package.json) and installed from the npm registry on first use.
set -eu
cd "$(dirname "$0")"
tools=../../wasm3/guests
for wat in *.wat; do
    case "$wat" in
    tail_ref.wat)
        [ -x "$tools/node_modules/.bin/wasm-as" ] ||
            (cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
        "$tools/node_modules/.bin/wasm-as" --all-features "$wat" -o "${wat%.wat}.wasm"
        ;;
    *)
        wat2wasm "$wat" -o "${wat%.wat}.wasm"
        ;;
    esac
done
