#!/bin/sh
# Runs each 3.0 feature guest through `wr run --invoke`, on the interpreter and the compiled
# tier, and checks what it prints.
# usage: guests_test.sh WR GUESTS_DIR [memory64 | clang NATIVE_DIR]
# With memory64 it runs only the guest that grows a 64-bit memory past 4 GiB, and exits 77
# (ctest's "skipped") when this host cannot give it that memory. With clang it runs only the
# programs clang-19 compiled (GUESTS_DIR/clang), each against its source built natively
# (NATIVE_DIR/wasm3_native_NAME).
wr=$1 guests=$2 which=${3:-} native=${4:-}
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# The tiers each check runs on ("interp" is wr run's default).
tiers="interp --compile"

# check MODE WANT ARGS...: wr run ARGS in each tier; MODE "output" wants exit 0 and exactly
# WANT printed, MODE "trap" a failure whose message holds WANT.
check() {
    mode=$1 want=$2
    shift 2
    for tier in $tiers; do
        [ "$tier" = interp ] && tier=
        out=$("$wr" run $tier "$@" 2>&1)
        status=$?
        if [ "$mode" = output ]; then
            [ "$status" -eq 0 ] || fail "wr run $tier $* exited $status: $out"
            [ "$out" = "$want" ] || fail "wr run $tier $* printed '$out', expected '$want'"
        else
            [ "$status" -ne 0 ] || fail "wr run $tier $* succeeded, expected a trap: $out"
            case $out in *"$want"*) ;; *) fail "wr run $tier $* printed '$out', expected '$want'" ;; esac
        fi
    done
}
expect() { check output "$@"; }

# like_native NAME WR_OPTIONS -- ARGS...: the clang-built NAME.wasm run with ARGS prints what
# the native build prints and ends with the same exit status (134 for an exception nothing
# catches: natively std::terminate's abort, in wr an uncaught exception).
like_native() {
    name=$1
    shift
    options=
    while [ "$1" != -- ]; do
        options="$options $1"
        shift
    done
    shift
    want=$("$native/wasm3_native_$name" "$@" 2>/dev/null)
    want_status=$?
    for tier in $tiers; do
        [ "$tier" = interp ] && tier=
        out=$("$wr" run $tier $options "$guests/clang/$name.wasm" "$@" 2>/dev/null)
        status=$?
        [ "$status" -eq "$want_status" ] ||
            fail "wr run $tier $name $* exited $status, natively $want_status"
        [ "$out" = "$want" ] || fail "wr run $tier $name $* printed:
$out
natively:
$want"
    done
}
expect_trap() { check trap "$@"; }

if [ "$which" = clang ]; then
    # C++ exceptions (-fwasm-exceptions, translated to try_table/throw_ref): the full trace of
    # throws, destructors, handlers and rethrows, and one exception left uncaught.
    like_native cpp_exceptions --
    like_native cpp_exceptions -- uncaught
    expect_trap "uncaught exception" "$guests/clang/cpp_exceptions.wasm" uncaught
    # setjmp/longjmp on exceptions (-mllvm -wasm-enable-sjlj): error recovery out of deep
    # recursion, nested handlers, 10,000 jumps.
    like_native setjmp_longjmp --
    # [[clang::musttail]] dispatch (return_call_indirect): 4 million tail calls with at most
    # 100 frames allowed.
    like_native tail_dispatch -W max-call-depth=100 -- 1000000
elif [ "$which" = memory64 ]; then
    # 4 GiB + 2 pages: the engine's cap on one memory must allow it (-W max-memory-size).
    big="-W max-memory-size=4295098368"
    out=$("$wr" run $big --invoke run "$guests/memory64_big.wasm" 2>&1)
    if [ "$out" = -1 ]; then
        echo "SKIP: this host cannot give a 64-bit memory 4 GiB + 128 KiB (memory.grow failed)"
        exit 77
    fi
    expect 7745221174002536803 $big --invoke run "$guests/memory64_big.wasm"
    expect_trap "out of bounds memory access" --invoke past_end "$guests/memory64_big.wasm"
else
    # Tail calls: 3 million tail calls with at most 100 frames allowed (a frame per call
    # would exhaust them at once).
    expect 500000500000 -W max-call-depth=100 --invoke run "$guests/tail_interp.wasm" 1000000
    # Multi-memory: records copied between two memories and back.
    expect 1501502 --invoke run "$guests/two_memories.wasm" 1000
    # WASI addresses memory 0 with i32 pointers: a 64-bit memory 0 is refused clearly.
    expect_trap "memory 0 is a 64-bit memory (memory64)" "$guests/wasi_memory64.wasm"
    # Typed function references: vtable dispatch with null slots (call_ref, br_on_null,
    # br_on_non_null, ref.as_non_null). 64974 is the sum the guest's comment describes,
    # worked out independently of wr.
    expect 64974 --invoke run "$guests/vtable.wasm" 3000
    expect 20 --invoke perimeter "$guests/vtable.wasm" 4
    expect_trap "trap: null reference" --invoke perimeter "$guests/vtable.wasm" 5
    # Exceptions the way C++ compilers lower them: a throw 100 frames down, each frame's
    # cleanup pad (catch_all_ref, destructor, throw_ref) run on the way up, caught by type
    # at the top; a type the catch does not take goes on uncaught, which ends the call with
    # its own error (exit status 134, as a C++ program's std::terminate), not a trap.
    expect 12 --invoke run "$guests/cpp_exceptions.wasm" 5 7
    expect 42006 --invoke run "$guests/cpp_exceptions.wasm" 5 -42
    expect 3101 --invoke run "$guests/cpp_exceptions.wasm" 100 -3
    expect_trap "uncaught exception" --invoke run "$guests/cpp_exceptions.wasm" 5 0
    for tier in "" --compile; do
        "$wr" run $tier --invoke run "$guests/cpp_exceptions.wasm" 5 0 >/dev/null 2>&1
        status=$?
        [ "$status" -eq 134 ] || fail "an uncaught exception: wr run $tier exited $status"
    done
fi

[ "$failures" -eq 0 ] || exit 1
echo "all guests passed"
