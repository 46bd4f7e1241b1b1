#!/bin/sh
# Rebuild the test guests from their text form (needs wat2wasm from wabt).
set -e
cd "$(dirname "$0")"
for wat in *.wat; do
    wat2wasm "$wat" -o "${wat%.wat}.wasm"
done
