/* The counting and reporting behind check.h. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>

bool check_at(check_counts *t, bool ok, const char *file, int line, const char *fmt, ...)
{
    if (ok) {
        atomic_fetch_add(&t->passed, 1);
        return true;
    }
    atomic_fetch_add(&t->failed, 1);
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

int check_report(check_counts *t)
{
    unsigned passed = atomic_load(&t->passed), failed = atomic_load(&t->failed);
    fflush(stderr);
    printf("%u passed, %u failed\n", passed, failed);
    fflush(stdout);
    return failed || !passed ? 1 : 0;
}
