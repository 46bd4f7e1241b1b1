/* A minimal checker: CHECK_EQ counts and reports, main prints "N passed, N failed". */
#ifndef WASI_TEST_CHECK_H
#define WASI_TEST_CHECK_H

#include <stdio.h>

typedef struct check_counts {
    int passed, failed;
} check_counts;

#define CHECK_EQ(counts, got, want)                                                          \
    do {                                                                                     \
        long long got_ = (long long)(got), want_ = (long long)(want);                        \
        if (got_ == want_) {                                                                 \
            (counts)->passed++;                                                              \
        } else {                                                                             \
            (counts)->failed++;                                                              \
            printf("FAIL %s:%d: %s = %lld, expected %lld\n", __FILE__, __LINE__, #got, got_, \
                   want_);                                                                   \
        }                                                                                    \
    } while (0)

static inline int check_report(const check_counts *c)
{
    printf("%d passed, %d failed\n", c->passed, c->failed);
    return c->failed ? 1 : 0;
}

#endif
