#!/bin/sh
# Checks the wr command-line tool, one group of checks per ctest test.
#   cli_test.sh WR SHARED_DIR WORK_DIR GROUP
# SHARED_DIR holds spec-tests/ and wasi-tests/; the guests are in guests/ beside this script
# (rebuilt by guests/build.sh). GROUP is one of the functions named group_* below.
set -u
wr=$1 shared=$2 work=$3 group=$4
core="$shared/spec-tests/core"
wasi="$shared/wasi-tests/assemblyscript"
guests="$(cd "$(dirname "$0")" && pwd)/guests"
mkdir -p "$work"
esc=$(printf '\033')

. "$(dirname "$0")/../common/expect.sh"

# no_escape COMMAND...: nothing the command prints holds an ESC byte.
no_escape() {
    out=$("$@" 2>&1)
    case "$out" in
    *"$esc"*) fail "$* printed a raw escape sequence" ;;
    esac
}

group_basics() {
    expect 0 "wr " "$wr" --version
    expect 0 "usage: wr" "$wr" --help
    expect 0 "134" "$wr" --help
    expect 2 "unknown command 'frobnicate'" "$wr" frobnicate
    expect 2 "usage: wr validate" "$wr" validate
    expect 1 "No such file" "$wr" validate "$work/does-not-exist.wasm"

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
}

# Per-command help, wr help CMD, --opt=value forms.
group_help() {
    expect 0 "usage: wr run [OPTIONS] FILE.wasm" "$wr" run --help
    expect 0 "usage: wr run [OPTIONS] FILE.wasm" "$wr" run -h
    expect 0 "usage: wr run [OPTIONS] FILE.wasm" "$wr" help run
    expect 0 "--tcplisten HOST:PORT" "$wr" run --help
    expect 0 "fuel=N" "$wr" run --help
    expect 0 "inherit-env" "$wr" run --help
    expect 0 "usage: wr inspect [OPTIONS] FILE.wasm" "$wr" inspect --help
    expect 0 "usage: wr validate [OPTIONS] FILE.wasm..." "$wr" help validate
    expect 2 "unknown command 'nope'" "$wr" help nope
    expect 0 "5" "$wr" run --invoke=add "$core/i32/i32.0.wasm" 2 3
    expect 2 "unknown option --bogus" "$wr" run --bogus "$core/i32/i32.0.wasm"
    expect 2 "--invoke needs a value" "$wr" run --invoke
    expect 2 "knows no setting 'bogus'" "$wr" run -W bogus=1 "$core/i32/i32.0.wasm"
    expect 2 "cannot use -W fuel=x" "$wr" run -W fuel=x "$core/i32/i32.0.wasm"
}

group_run() {
    i32="$core/i32/i32.0.wasm"
    expect 0 "5" "$wr" run --invoke add "$i32" 2 3
    expect 0 "-1" "$wr" run --invoke add "$i32" 0x7fffffff 0x80000000
    expect 2 "takes 2 arguments" "$wr" run --invoke add "$i32" 1
    expect 2 "not a valid i32" "$wr" run --invoke add "$i32" 1 x
    expect 1 "exports no _start function" "$wr" run "$i32"
    expect 1 "unknown import" "$wr" run "$core/imports/imports.1.wasm"
    expect 2 "cannot use --timeout -1" "$wr" run --timeout -1 "$i32"
    expect 1 "preopen" "$wr" run --dir "$work/no-such-folder" "$wasi/fd_write-to-stdout.wasm"

    # WASI commands: output, exit codes, arguments and environment.
    expect 0 "hello" "$wr" run "$wasi/fd_write-to-stdout.wasm"
    expect 0 "fd_write(fd=1" "$wr" run --trace-wasi "$wasi/fd_write-to-stdout.wasm"
    expect 33 "" "$wr" run "$wasi/proc_exit-failure.wasm"
    expect 0 "" "$wr" run "$wasi/args_get-multiple-arguments.wasm" first 'the "second" arg' 3
    expect 0 "" "$wr" run --env a=text --env 'b=escap " ing' --env 'c=new
line' "$wasi/environ_get-multiple-variables.wasm"

    # argv[0] is the file's base name, or --argv0.
    expect 0 "printargs.wasm" "$wr" run "$guests/printargs.wasm"
    out=$("$wr" run "$guests/printargs.wasm" 2>&1)
    case "$out" in *"$guests"*) fail "argv[0] shows the host path: $out" ;; esac
    expect 0 "myname" "$wr" run --argv0 myname "$guests/printargs.wasm"

    # A reactor: _initialize runs before the --invoke call; without --invoke a hint.
    expect 0 "42" "$wr" run --invoke get "$guests/reactor.wasm"
    expect 1 "it is a reactor: call one of its functions with --invoke NAME (exports: get, add)" \
        "$wr" run "$guests/reactor.wasm"

    # A module read from standard input.
    out=$("$wr" run --invoke add - 4 5 <"$i32" 2>&1)
    [ "$out" = 9 ] || fail "run - (stdin) printed $out"
}

# A trap or a timeout exits with 134 (128 + SIGABRT), as wasmtime.
group_trap_exit() {
    expect 134 "unreachable" "$wr" run "$guests/trap.wasm"
    expect 134 "integer divide by zero" "$wr" run --invoke div_s "$core/i32/i32.0.wasm" 1 0
    expect 134 "timeout after 0.2 seconds" "$wr" run --invoke spin --timeout 0.2 "$guests/spin.wasm"
    expect 134 "timeout after 0.2 seconds" "$wr" run -W timeout=200ms --invoke spin "$guests/spin.wasm"
    # A command whose _start blocks in fd_read on stdin: the timeout must still end it.
    out=$(sleep 1 | "$wr" run --timeout 0.2 "$guests/read_stdin.wasm" 2>&1; echo "status $?")
    printf '%s\n' "$out" | grep -F -q "timeout after 0.2 seconds" || fail "blocked read not interrupted: $out"
    printf '%s\n' "$out" | grep -F -q "status 134" || fail "blocked read: not status 134: $out"
}

# wr FILE.wasm is wr run FILE.wasm, with run options before the file too.
group_implicit_run() {
    expect 134 "unreachable" "$wr" "$guests/trap.wasm"
    expect 0 "hello" "$wr" "$wasi/fd_write-to-stdout.wasm"
    expect 0 "42" "$wr" --invoke get "$guests/reactor.wasm"
    expect 0 "X=1" "$wr" --env X=1 "$guests/printargs.wasm"
}

# --env NAME passes the host's value on; -S inherit-env passes everything, --env wins.
group_env() {
    expect 0 "WR_TEST_VAR=from host" env WR_TEST_VAR="from host" "$wr" run --env WR_TEST_VAR "$guests/printargs.wasm"
    expect 0 "WR_TEST_VAR=from host" env WR_TEST_VAR="from host" "$wr" run --env=WR_TEST_VAR "$guests/printargs.wasm"
    out=$(env -u WR_TEST_UNSET "$wr" run --env WR_TEST_UNSET "$guests/printargs.wasm" 2>&1)
    case "$out" in *WR_TEST_UNSET*) fail "an unset host variable was passed on: $out" ;; esac
    out=$(env -i PATH=/bin WR_A=1 WR_B=2 "$wr" run -S inherit-env --env WR_B=3 "$guests/printargs.wasm" 2>&1)
    printf '%s\n' "$out" | grep -x -q "WR_A=1" || fail "-S inherit-env lost WR_A: $out"
    printf '%s\n' "$out" | grep -x -q "WR_B=3" || fail "--env did not win over -S inherit-env: $out"
    printf '%s\n' "$out" | grep -x -q "WR_B=2" && fail "-S inherit-env passed WR_B twice: $out"
    out=$(env WR_A=1 "$wr" run "$guests/printargs.wasm" 2>&1)
    case "$out" in *WR_A=*) fail "the environment leaked without -S inherit-env: $out" ;; esac
    expect 2 "cannot use --env =x" "$wr" run --env =x "$guests/printargs.wasm"
}

# -W limits: fuel, memory, call depth.
group_limits() {
    expect 134 "all fuel consumed" "$wr" run -W fuel=10000 --invoke spin "$guests/spin.wasm"
    expect 134 "all fuel consumed" "$wr" run -Wfuel=10000 --invoke spin "$guests/spin.wasm"
    expect 0 "42" "$wr" run -W fuel=10000 --invoke get "$guests/reactor.wasm"
    expect 134 "call stack exhausted" "$wr" run -W max-call-depth=100 --invoke runaway "$core/call/call.0.wasm"
    expect 134 "call stack exhausted" "$wr" run -W max-wasm-stack=6400 --invoke runaway "$core/call/call.0.wasm"
    # The engine keeps the ends of a deep backtrace; the gap is shown with its size.
    expect 134 "... 9936 frames left out" "$wr" run --invoke runaway "$core/call/call.0.wasm"
    expect 2 "cannot use -W max-call-depth=20000000" "$wr" run -W max-call-depth=20000000 --invoke runaway "$core/call/call.0.wasm"
    # printargs has a memory of 2 pages: a limit of one page cannot instantiate it.
    expect 1 "" "$wr" run -W max-memory-size=65536 "$guests/printargs.wasm"
    expect 0 "printargs" "$wr" run -W max-memory-size=131072 "$guests/printargs.wasm"
}

# Names from a module are escaped in backtraces, link errors and inspect.
group_escape() {
    no_escape "$wr" run "$guests/escape.wasm"
    expect 134 '\1b[2Jboom' "$wr" run "$guests/escape.wasm"
    no_escape "$wr" inspect "$guests/escape.wasm"
    expect 0 'module \1b]0;x\07' "$wr" inspect "$guests/escape.wasm"
    expect 0 'export func \1b[2Jclear' "$wr" inspect "$guests/escape.wasm"
    no_escape "$wr" inspect --json "$guests/escape.wasm"
    expect 0 '"name": "\u001b]0;x\u0007"' "$wr" inspect --json "$guests/escape.wasm"
    no_escape "$wr" run "$guests/unknown_escape.wasm"
    expect 1 'unknown import: "env\1b]0;pwned\07" "f\1b[2J"' "$wr" run "$guests/unknown_escape.wasm"
    no_escape "$wr" run --invoke "$(printf 'x\033[2J')" "$guests/reactor.wasm"
    # C1 controls and direction overrides in UTF-8 are escaped byte by byte too.
    expect 0 'module a\c2\9bb\e2\80\aec' "$wr" inspect "$guests/bidi.wasm"
    expect 0 '"name": "a\u009bb\u202ec"' "$wr" inspect --json "$guests/bidi.wasm"
}

# Inputs are size-checked: an endless stream stops at the limit, a big file is refused from
# its size before it is read.
group_dev_zero() {
    # No module header: refused from the first bytes, whatever the limit.
    expect 1 "magic header not detected" "$wr" validate /dev/zero
    expect 1 "magic header not detected" "$wr" run /dev/zero
    expect 1 "magic header not detected" "$wr" inspect - </dev/zero
    # A header, then no end: read up to the limit only.
    endless() { printf '\000asm\001\000\000\000'; cat /dev/zero; }
    for command in validate run inspect; do
        out=$(endless | "$wr" "$command" -W max-module-size=65536 - 2>&1; echo "status $?")
        printf '%s\n' "$out" | grep -F -q "module larger than the limit of 65536 bytes" ||
            fail "$command of an endless stream: $out"
        printf '%s\n' "$out" | grep -F -q "status 1" || fail "$command of an endless stream: $out"
    done
    big="$work/big.wasm"
    rm -f "$big"
    # A sparse file: 3 GiB that cost no disk; refused before a byte is read.
    if truncate -s 3G "$big" 2>/dev/null; then
        expect 1 "module of 3221225472 bytes exceeds the limit of 1073741824 bytes" "$wr" validate "$big"
        rm -f "$big"
    fi
}

# A closed pipe on stdout: a clear message and status 1, not death by SIGPIPE (141).
group_broken_pipe() {
    # The reader is gone before wr writes: the sleep outlives `true`.
    { sleep 0.5; "$wr" inspect "$core/imports/imports.0.wasm" 2>"$work/pipe.err"; echo $? >"$work/pipe.status"; } | true
    [ "$(cat "$work/pipe.status")" = 1 ] || fail "inspect into a closed pipe exited $(cat "$work/pipe.status")"
    grep -F -q "cannot write to standard output: Broken pipe" "$work/pipe.err" ||
        fail "inspect into a closed pipe said: $(cat "$work/pipe.err")"
    { sleep 0.5; "$wr" run "$wasi/fd_write-to-stdout.wasm" 2>/dev/null; echo $? >"$work/pipe.status"; } | true
    [ "$(cat "$work/pipe.status")" != 141 ] || fail "a WASI write into a closed pipe killed wr"
}

# wr validate with several files and -; inspect --json; messages that say what the input is.
group_messages() {
    expect 1 "binary.7.wasm: malformed module" "$wr" validate "$core/i32/i32.0.wasm" "$core/binary/binary.7.wasm" - <"$core/i32/i32.0.wasm"
    expect 1 "<stdin>: valid" "$wr" validate "$core/i32/i32.0.wasm" "$core/binary/binary.7.wasm" - <"$core/i32/i32.0.wasm"
    expect 0 '"start": null' "$wr" inspect --json "$core/i32/i32.0.wasm"
    expect 0 '{"name": "add", "kind": "func", "params": ["i32", "i32"], "results": ["i32"]}' \
        "$wr" inspect --json "$core/i32/i32.0.wasm"
    expect 0 '"custom_sections": [' "$wr" inspect --json "$guests/escape.wasm"
    expect 0 'start func[0] init' "$wr" inspect "$guests/start.wasm"
    expect 0 '"start": {"index": 0, "name": "init"}' "$wr" inspect --json "$guests/start.wasm"
    expect 0 'custom name: 22 bytes' "$wr" inspect "$guests/escape.wasm"
    printf '(module)\n' >"$work/text.wat"
    expect 1 "text format; convert it with wat2wasm" "$wr" validate "$work/text.wat"
    printf '\000asm\015\000\001\000' >"$work/component.wasm"
    expect 1 "a component-model binary; wr runs core modules" "$wr" validate "$work/component.wasm"
    expect 0 "valid" "$wr" validate "$guests/tail_call.wasm"
    expect 1 "a shared memory (threads are not supported)" "$wr" validate "$guests/shared_memory.wasm"
    expect 1 "threads (atomic instructions) are not supported" "$wr" validate "$guests/atomic_fence.wasm"
    expect 1 "expected func () -> (), given func (i32, i32, i32, i32) -> (i32)" "$wr" run "$guests/wrong_import.wasm"
}

"group_$group"
finish
