#!/bin/sh
# Rebuild the compiled-tier tests' guest modules; the built .wasm files are kept in the tree.
set -eu
cd "$(dirname "$0")"
for wat in *.wat; do
    wat2wasm "$wat" -o "${wat%.wat}.wasm"
done
