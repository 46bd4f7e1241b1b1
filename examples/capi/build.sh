#!/bin/sh
# Rebuild the example's guest module from its WAT source (needs wabt's wat2wasm).
set -e
cd "$(dirname "$0")"
wat2wasm -o fib.wasm fib.wat
