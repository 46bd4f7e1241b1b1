/* The counting and reporting behind check.h. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>

bool check_at(check_counts *t, bool ok, const char *file, int line, const char *fmt, ...)
{
    /* Relaxed: counting must not order the threads under test, or ThreadSanitizer would see
     * every check as a synchronization and miss the races the tests look for. */
    if (ok) {
        atomic_fetch_add_explicit(&t->passed, 1, memory_order_relaxed);
        return true;
    }
    atomic_fetch_add_explicit(&t->failed, 1, memory_order_relaxed);
    va_list ap;
    va_start(ap, fmt);
    flockfile(stderr); /* one line even when several threads fail at once */
    fprintf(stderr, "%s:%d: ", file, line);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    funlockfile(stderr);
    va_end(ap);
    return false;
}

unsigned check_case_begin(check_counts *t) { return atomic_load(&t->failed); }

void check_case_end(check_counts *t, unsigned begin, const char *name)
{
    printf("%s %s\n", atomic_load(&t->failed) == begin ? "ok  " : "FAIL", name);
    fflush(stdout);
}

int check_report(check_counts *t)
{
    /* The threads that checked have been joined: their counts are all in. */
    unsigned passed = atomic_load(&t->passed), failed = atomic_load(&t->failed);
    fflush(stderr);
    printf("%u passed, %u failed\n", passed, failed);
    fflush(stdout);
    return failed || !passed ? 1 : 0;
}
