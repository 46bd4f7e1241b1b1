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

# expect_trap REASON ARGS...: wr run ARGS fails and names REASON.
expect_trap() {
    want=$1
    shift
    out=$("$wr" run "$@" 2>&1)
    status=$?
    [ "$status" -ne 0 ] || fail "wr run $* succeeded: $out"
    case "$out" in
    *"trap: $want"*) ;;
    *) fail "wr run $* printed '$out', expected a '$want' trap" ;;
    esac
}

# Tail calls: 3 million tail calls with at most 100 frames allowed (a frame per call
# would exhaust them at once).
expect 500000500000 -W max-call-depth=100 --invoke run "$guests/tail_interp.wasm" 1000000

# Typed function references: vtable dispatch with null slots (call_ref, br_on_null,
# br_on_non_null, ref.as_non_null), on both tiers. 64974 is the sum the guest's comment
# describes, worked out independently of wr.
for tier in "" --compile; do
    expect 64974 $tier --invoke run "$guests/vtable.wasm" 3000
    expect 20 $tier --invoke perimeter "$guests/vtable.wasm" 4
    expect_trap "null reference" $tier --invoke perimeter "$guests/vtable.wasm" 5
done

[ "$failures" -eq 0 ] || exit 1
echo "all guests passed"
