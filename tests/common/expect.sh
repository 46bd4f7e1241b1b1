# Checks shared by the shell tests (sourced, not run): fail reports a failed check, expect
# runs a command and checks its exit status and output, finish prints the summary line and
# sets the exit status.

failures=0
passed=0

# fail MESSAGE...: report one failed check.
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# expect STATUS PATTERN COMMAND...: the exit status is STATUS and stdout+stderr hold PATTERN.
expect() {
    want_status=$1 pattern=$2
    shift 2
    before=$failures
    out=$("$@" 2>&1)
    status=$?
    [ "$status" -eq "$want_status" ] || fail "$* exited $status, expected $want_status: $out"
    printf '%s\n' "$out" | grep -F -q -- "$pattern" || fail "$* printed no '$pattern': $out"
    [ "$failures" -ne "$before" ] || passed=$((passed + 1))
}

# finish: the summary line (passed counts expect checks), and a failing exit status when
# any check failed.
finish() {
    echo "$passed passed, $failures failed"
    [ "$failures" -eq 0 ]
    exit $?
}
