/*
 * The checks every test program uses. A program owns one check_counts, passes it to its
 * test functions as `t`, and ends with `return check_report(&t);`, which prints
 * "N passed, N failed" as the last line of its output (CI reads it) and gives the exit status.
 *
 *   CHECK(t, cond)               counts cond; a failure prints the expression and goes on
 *   CHECK_MSG(t, cond, fmt, ...) the same, printing the formatted message instead
 *   CHECK_EQ(t, got, want)       integers compared as long long; a failure prints both values
 *   CHECK_OK(t, err)             a wr_error * that must be NULL; a failure prints and frees it
 *   REQUIRE(t, cond)             CHECK, then `return;` from the (void) test function when it
 *   REQUIRE_OK(t, err)           failed: for the steps a test cannot go on without
 *
 * Each CHECK form is an expression giving whether the check held. check_at is the function
 * under them all, for a helper that reports at its caller's line.
 * Threads: the counters are atomic and each failure is printed as one line, so worker
 * threads may check into the same counts while the main thread does.
 */
#ifndef WR_TEST_CHECK_H
#define WR_TEST_CHECK_H

#include <stdatomic.h>
#include <stdbool.h>

#include "wr.h"

typedef struct check_counts {
    atomic_uint passed, failed;
} check_counts;

/* Counts ok; when it is false prints "file:line: " and the formatted message to stderr. */
bool check_at(check_counts *t, bool ok, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Prints "N passed, N failed" on stdout; the exit status for main: 1 when any check failed
 * or when no check ran at all (a test that asserts nothing is a broken test). */
int check_report(check_counts *t);

/* A line per case for programs that run named cases: check_case_begin before the case, then
 * check_case_end prints "ok   name" or "FAIL name" as it failed no check since. */
unsigned check_case_begin(check_counts *t);
void check_case_end(check_counts *t, unsigned begin, const char *name);

#define CHECK(t, cond) \
    check_at((t), (cond) ? true : false, __FILE__, __LINE__, "check failed: %s", #cond)

#define CHECK_MSG(t, cond, ...) check_at((t), (cond) ? true : false, __FILE__, __LINE__, __VA_ARGS__)

#define CHECK_EQ(t, got, want) \
    check_eq_at((t), (long long)(got), (long long)(want), #got, #want, __FILE__, __LINE__)

#define CHECK_OK(t, err) check_ok_at((t), (err), #err, __FILE__, __LINE__)

#define REQUIRE(t, cond)       \
    do {                       \
        if (!CHECK(t, cond))   \
            return;            \
    } while (0)

#define REQUIRE_OK(t, err)     \
    do {                       \
        if (!CHECK_OK(t, err)) \
            return;            \
    } while (0)

static inline bool check_eq_at(check_counts *t, long long got, long long want, const char *got_text,
                               const char *want_text, const char *file, int line)
{
    return check_at(t, got == want, file, line, "%s == %s: got %lld (%#llx), want %lld (%#llx)",
                    got_text, want_text, got, (unsigned long long)got, want, (unsigned long long)want);
}

/* Takes the error: it is freed here either way. */
static inline bool check_ok_at(check_counts *t, wr_error *err, const char *text, const char *file,
                               int line)
{
    bool ok = check_at(t, err == NULL, file, line, "%s: %s", text, err ? wr_error_message(err) : "");
    wr_error_free(err);
    return ok;
}

#endif
