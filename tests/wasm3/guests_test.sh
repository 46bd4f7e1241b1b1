#!/bin/sh
# Runs each 3.0 feature guest through `wr run --invoke` and checks what it prints.
# usage: guests_test.sh WR GUESTS_DIR
wr=$1 guests=$2
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect OUTPUT ARGS...: wr run ARGS exits 0 and prints exactly OUTPUT.
expect() {
    want=$1
    shift
    out=$("$wr" run "$@" 2>&1)
    status=$?
    [ "$status" -eq 0 ] || fail "wr run $* exited $status: $out"
    [ "$out" = "$want" ] || fail "wr run $* printed '$out', expected '$want'"
}

# Tail calls: 3 million tail calls with at most 100 frames allowed (a frame per call
# would exhaust them at once).
expect 500000500000 -W max-call-depth=100 --invoke run "$guests/tail_interp.wasm" 1000000

# Exceptions the way C++ compilers lower them: a throw 100 frames down, each frame's
# cleanup pad (catch_all_ref, destructor, throw_ref) run on the way up, caught by type at
# the top; a type the catch does not take goes on uncaught, which ends the call with its
# own error, not a trap.
# On both tiers.
for tier in "" --compile; do
    expect 12 $tier --invoke run "$guests/cpp_exceptions.wasm" 5 7
    expect 42006 $tier --invoke run "$guests/cpp_exceptions.wasm" 5 -42
    expect 3101 $tier --invoke run "$guests/cpp_exceptions.wasm" 100 -3
    out=$("$wr" run $tier --invoke run "$guests/cpp_exceptions.wasm" 5 0 2>&1)
    status=$?
    [ "$status" -eq 134 ] || fail "an uncaught exception: wr run $tier exited $status: $out"
    case "$out" in
    *"uncaught exception"*) ;;
    *) fail "an uncaught exception: wr run $tier printed '$out'" ;;
    esac
done

[ "$failures" -eq 0 ] || exit 1
echo "all guests passed"
