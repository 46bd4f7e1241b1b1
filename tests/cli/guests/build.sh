#!/bin/sh
# Rebuild the CLI tests' guest modules (wabt's wat2wasm); the built .wasm files are kept in
# the tree.
set -eu
cd "$(dirname "$0")"
# tail_call, shared_memory and atomic_fence use proposals after 2.0, on purpose.
for wat in *.wat; do
    wat2wasm --enable-tail-call --enable-threads "$wat" -o "${wat%.wat}.wasm"
done
# escape.wasm gets a name section that wat2wasm cannot write (names are identifiers there):
# module name ESC ] 0 ; x BEL (retitles a terminal), function 0 named ESC [ 2 J boom
# (clears the screen). Custom sections may come last.
printf '\000\033\004name' >>escape.wasm
printf '\000\007\006\033]0;x\007' >>escape.wasm
printf '\001\013\001\000\010\033[2Jboom' >>escape.wasm
# bidi.wasm: spin.wasm named "a" U+009B (CSI, a C1 control) "b" U+202E (right-to-left
# override) "c", both in UTF-8; neither may reach a terminal raw.
cp spin.wasm bidi.wasm
printf '\000\020\004name\000\011\010a\302\233b\342\200\256c' >>bidi.wasm
