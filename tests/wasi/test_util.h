/* Small pieces the WASI tests share: calling an import by name on a made-up guest memory,
 * writing an iovec into it, and a monotonic clock in milliseconds for timing waits. */
#ifndef WASI_TEST_UTIL_H
#define WASI_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wasi/abi.h"
#include "wasi/handlers.h"
#include "wasi/state.h"

/* An unknown name is a bug in the test, so it answers with a value no WASI errno has. */
static inline uint16_t call(wr_wasi *w, const guest_mem *m, const char *name, const uint64_t *args)
{
    for (size_t i = 0; i < wr_wasi_import_count; i++)
        if (strcmp(wr_wasi_imports[i].name, name) == 0)
            return wr_wasi_imports[i].fn(w, m, args);
    printf("no WASI function %s\n", name);
    return 0xFFFE;
}
#define CALL(w, m, name, ...) call(w, m, name, (const uint64_t[]){__VA_ARGS__})

static inline void put_iovec(uint8_t *mem, uint32_t at, uint32_t buf, uint32_t len)
{
    put_u32(mem + at, buf);
    put_u32(mem + at + 4, len);
}

static inline uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#endif
