/* A tiny check counter shared by the numeric unit tests. */
#ifndef WR_TESTS_NUMERIC_CHECK_H
#define WR_TESTS_NUMERIC_CHECK_H

#include <stdio.h>

typedef struct {
    unsigned passed, failed;
} check_counts;

static inline void check_at(check_counts *c, int ok, const char *what, const char *file, int line)
{
    if (ok) {
        c->passed++;
        return;
    }
    c->failed++;
    fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
}

#define CHECK(c, cond) check_at((c), (cond) ? 1 : 0, #cond, __FILE__, __LINE__)

static inline int check_report(const check_counts *c)
{
    printf("%u passed, %u failed\n", c->passed, c->failed);
    return c->failed ? 1 : 0;
}

#endif
