#!/bin/sh
# The compiled tier through the wr tool: the cache (fresh, in WORK_DIR), its rebuild of
# damaged entries, its folder checks, objects written by wr compile, traps (dead loads and
# unrolled recursion included), return_call_ref, the error when there is no compiler, and
# --tier=auto with and without one.
#   compile_test.sh WR SHARED_DIR WORK_DIR
set -u
wr=$1 shared=$2 work=$3
core="$shared/spec-tests/core"
prog="$shared/wasi-tests/c/clock_getres-monotonic.wasm"
rm -rf "$work"
mkdir -p "$work"
export XDG_CACHE_HOME="$work/cache" WR_COMPILE_OPT=-O0
unset WR_CC CC
cache="$XDG_CACHE_HOME/wr"
. "$(dirname "$0")/../common/expect.sh"

# A first run builds one entry, in a folder only its owner may use.
expect 0 "" "$wr" run --compile "$prog"
[ "$(ls "$cache"/*.so 2>/dev/null | wc -l)" -eq 1 ] || fail "no single cache entry: $(ls "$cache")"
[ "$(stat -c %a "$cache")" = 700 ] || fail "cache folder mode $(stat -c %a "$cache")"
entry=$(ls "$cache"/*.so)
good=$(cksum < "$entry")

# A damaged object is detected before it is loaded, and rebuilt.
printf 'garbage' | dd of="$entry" bs=1 seek=4096 conv=notrunc 2>/dev/null
[ "$(cksum < "$entry")" != "$good" ] || fail "the entry was not damaged"
expect 0 "" "$wr" run --compile "$prog"
[ "$(cksum < "$entry")" = "$good" ] || fail "the damaged entry was not rebuilt"

# So is an entry whose checksum file names other contents, and one cut short.
printf '%064d' 0 > "${entry%.so}.sum"
expect 0 "" "$wr" run --compile "$prog"
[ "$(cksum < "$entry")" = "$good" ] || fail "the entry with a wrong sum was not rebuilt"
head -c 100 "$entry" > "$work/short" && cp "$work/short" "$entry"
expect 0 "" "$wr" run --compile "$prog"
[ "$(cksum < "$entry")" = "$good" ] || fail "the truncated entry was not rebuilt"

# A folder others may write to is refused.
chmod 777 "$cache"
expect 1 "not be writable by others" "$wr" run --compile "$prog"
chmod 700 "$cache"

# Traps unwind with their kind and name the function (a trap exits with 134, as in wasmtime).
expect 134 "integer divide by zero" "$wr" run --compile --invoke div_s "$core/i32/i32.0.wasm" 1 0
expect 134 "div_s" "$wr" run --compile --invoke div_s "$core/i32/i32.0.wasm" 1 0
expect 0 "7" "$wr" run --compile --invoke add "$core/i32/i32.0.wasm" 3 4

# wr compile writes an object that runs alone, exports one symbol and imports none.
expect 0 "" "$wr" compile "$prog" -o "$work/prog.so"
expect 0 "" "$wr" run "$work/prog.so"
if command -v nm >/dev/null; then
    [ -z "$(nm -u "$work/prog.so")" ] || fail "the object imports symbols: $(nm -u "$work/prog.so")"
    [ "$(nm -D --defined-only "$work/prog.so" | wc -l)" -eq 1 ] || fail "the object exports more than its descriptor"
fi
expect 0 "" "$wr" compile "$core/i32/i32.0.wasm" -o "$work/i32.so"
expect 0 "-1" "$wr" run --invoke sub "$work/i32.so" 3 4
# Only the compiled tier loads objects; the interpreter's tools refuse them.
expect 1 "compiled object" "$wr" inspect "$work/i32.so"
expect 2 "usage: wr compile" "$wr" compile "$prog"

# With guard regions (the compiled tier's default) and the optimiser on, a load whose value is
# dropped still happens, so it still traps.
dead="$(dirname "$0")/guest/dead_loads.wasm"
for f in i32 i64_8u f32 f64 v128; do
    WR_COMPILE_OPT=-O2 expect 134 "out of bounds memory access" "$wr" run --compile --invoke "$f" "$dead"
done
WR_COMPILE_OPT=-O2 expect 0 "1" "$wr" run --compile --invoke ok "$dead"

# A self-recursive function is declared inline, so at -O2 gcc unrolls it several levels
# deep into one C frame; every level keeps its shadow frame and its checks, so results, a
# trap's backtrace and call stack exhaustion are the interpreter's, and a timeout stops it.
rec="$(dirname "$0")/guest/recursion.wasm"
for args in "20 0" "20 1" "100000 0"; do
    want=$("$wr" run --invoke fib "$rec" $args 2>&1; echo "status $?")
    got=$(WR_COMPILE_OPT=-O2 "$wr" run --compile --invoke fib "$rec" $args 2>&1; echo "status $?")
    if [ "$got" = "$want" ]; then passed=$((passed + 1)); else
        fail "fib $args compiled printed '$got', the interpreter '$want'"
    fi
done
WR_COMPILE_OPT=-O2 expect 134 "timeout" "$wr" run --compile --timeout 100ms --invoke fib "$rec" 60 0

# return_call_ref (3.0): a million tail calls within 100 frames, a tail call of a host
# function through its reference, and a null reference's trap.
tail="$(dirname "$0")/guest/tail_ref.wasm"
expect 0 "500000500000" "$wr" run --compile -W max-call-depth=100 --invoke sum "$tail" 1000000
expect 0 "0" "$wr" run --compile --invoke yield "$tail"
expect 134 "null function reference" "$wr" run --compile --invoke null "$tail"

# No compiler: the error names what was tried.
WR_CC=/nonexistent/cc expect 1 "/nonexistent/cc --version" "$wr" run --compile "$prog"

# Tier-up: a run starts interpreted; without a compiler it stays there and still runs.
expect 0 "7" "$wr" run --tier=auto --invoke add "$core/i32/i32.0.wasm" 3 4
WR_CC=false expect 0 "7" "$wr" run --tier=auto --invoke add "$core/i32/i32.0.wasm" 3 4
WR_CC=false expect 0 "" "$wr" run --tier auto "$prog"
expect 134 "integer divide by zero" "$wr" run --tier=auto --invoke div_s "$core/i32/i32.0.wasm" 1 0
expect 0 "-1" "$wr" run --tier=auto --invoke sub "$work/i32.so" 3 4
expect 2 "cannot use --tier fast" "$wr" run --tier=fast "$prog"

finish
