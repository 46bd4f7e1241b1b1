#!/bin/sh
# Rebuild the soak test's guest module; the built .wasm is kept in the tree.
set -eu
cd "$(dirname "$0")"
wat2wasm soak.wat -o soak.wasm
