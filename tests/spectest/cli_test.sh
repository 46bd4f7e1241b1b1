#!/bin/sh
# Checks the wr command-line tool against modules of the core testsuite and WASI programs.
#   cli_test.sh WR SHARED_DIR WORK_DIR [--run]
# SHARED_DIR holds spec-tests/ and wasi-tests/. With --run it also executes code.
set -u
wr=$1 shared=$2 work=$3 mode=${4:-}
core="$shared/spec-tests/core"
wasi="$shared/wasi-tests/assemblyscript"
mkdir -p "$work"
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect STATUS PATTERN COMMAND...: the exit status is STATUS and stdout+stderr hold PATTERN.
expect() {
    want_status=$1 pattern=$2
    shift 2
    out=$("$@" 2>&1)
    status=$?
    [ "$status" -eq "$want_status" ] || fail "$* exited $status, expected $want_status: $out"
    printf '%s\n' "$out" | grep -F -q -- "$pattern" || fail "$* printed no '$pattern': $out"
}

expect 0 "wr " "$wr" --version
expect 0 "usage: wr" "$wr" --help
expect 2 "unknown command" "$wr" frobnicate
expect 2 "usage: wr validate" "$wr" validate
expect 1 "cannot read" "$wr" validate "$work/does-not-exist.wasm"

expect 0 "$core/i32/i32.0.wasm: valid" "$wr" validate "$core/i32/i32.0.wasm"
expect 1 "alignment must not be larger than natural" "$wr" validate "$core/align/align.69.wasm"
expect 1 "magic header not detected" "$wr" validate "$core/binary/binary.7.wasm"

exports="$core/imports/imports.0.wasm"
expect 0 "export func func () -> ()" "$wr" inspect "$exports"
expect 0 "export func func-i64->i64 (i64) -> (i64)" "$wr" inspect "$exports"
expect 0 "export global global-i32: i32" "$wr" inspect "$exports"
expect 0 "export global global-mut-i64: mut i64" "$wr" inspect "$exports"
expect 0 "export table table-10-inf: funcref 10.." "$wr" inspect "$exports"
expect 0 "export table table-10-20: funcref 10..20" "$wr" inspect "$exports"
expect 0 "export memory memory-2-inf: pages 2.." "$wr" inspect "$exports"
expect 0 "import func spectest.print_i32_f32 (i32, f32) -> ()" "$wr" inspect "$core/imports/imports.1.wasm"
imports="$core/imports/imports.141.wasm"
expect 0 "import global not wasm.overloaded: f64" "$wr" inspect "$imports"
expect 0 "import table not wasm.overloaded: funcref 0.." "$wr" inspect "$imports"
expect 0 "import memory not wasm.overloaded: pages 0.." "$wr" inspect "$imports"

if [ "$mode" = "--run" ]; then
    i32="$core/i32/i32.0.wasm"
    expect 0 "5" "$wr" run --invoke add "$i32" 2 3
    expect 0 "-1" "$wr" run --invoke add "$i32" 0x7fffffff 0x80000000
    expect 1 "integer divide by zero" "$wr" run --invoke div_s "$i32" 1 0
    expect 2 "takes 2 arguments" "$wr" run --invoke add "$i32" 1
    expect 2 "not a valid i32" "$wr" run --invoke add "$i32" 1 x
    expect 1 "_start" "$wr" run "$i32"
    expect 1 "unknown import" "$wr" run "$core/imports/imports.1.wasm"
    expect 2 "cannot use --env novalue" "$wr" run --env novalue "$i32"
    expect 2 "cannot use --timeout -1" "$wr" run --timeout -1 "$i32"
    expect 2 "unknown option --bogus" "$wr" run --bogus "$i32"
    expect 1 "preopen" "$wr" run --dir "$work/no-such-folder" "$wasi/fd_write-to-stdout.wasm"

    # WASI commands: output, exit codes, arguments and environment.
    expect 0 "hello" "$wr" run "$wasi/fd_write-to-stdout.wasm"
    expect 0 "fd_write(fd=1" "$wr" run --trace-wasi "$wasi/fd_write-to-stdout.wasm"
    expect 33 "" "$wr" run "$wasi/proc_exit-failure.wasm"
    expect 0 "" "$wr" run "$wasi/args_get-multiple-arguments.wasm" first 'the "second" arg' 3
    expect 0 "" "$wr" run --env a=text --env 'b=escap " ing' --env 'c=new
line' "$wasi/environ_get-multiple-variables.wasm"

    # (module (func (export "spin") (loop (br 0))))
    spin="$work/spin.wasm"
    printf '\000asm\001\000\000\000\001\004\001\140\000\000\003\002\001\000' >"$spin"
    printf '\007\010\001\004spin\000\000\012\011\001\007\000\003\100\014\000\013\013' >>"$spin"
    expect 1 "timeout after 0.2 seconds" "$wr" run --invoke spin --timeout 0.2 "$spin"

    # A command whose _start blocks in fd_read on stdin: the timeout must still end it.
    read_stdin="$work/read_stdin.wasm"
    printf '\000asm\001\000\000\000\001\014\002\140\004\177\177\177\177\001\177\140\000\000' >"$read_stdin"
    printf '\002\042\001\026wasi_snapshot_preview1\007fd_read\000\000\003\002\001\001' >>"$read_stdin"
    printf '\005\003\001\000\001\007\023\002\006memory\002\000\006_start\000\001\012\036\001\034' >>"$read_stdin"
    printf '\000A\000A\0206\002\000A\004A\300\0006\002\000A\000A\000A\001A\010\020\000\032\013' >>"$read_stdin"
    out=$(sleep 1 | "$wr" run --timeout 0.2 "$read_stdin" 2>&1)
    printf '%s\n' "$out" | grep -F -q "timeout after 0.2 seconds" || fail "blocked read not interrupted: $out"
fi

[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all checks passed"
