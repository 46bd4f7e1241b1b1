#!/bin/sh
# Rebuild the guest modules of the store-ownership tests from their WAT sources (needs wabt's
# wat2wasm).
set -e
cd "$(dirname "$0")"
for wat in *.wat; do
  wat2wasm -o "${wat%.wat}.wasm" "$wat"
done
