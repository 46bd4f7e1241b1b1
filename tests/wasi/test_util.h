/* Small pieces the WASI tests share: a WASI instance for direct calls, calling an import by
 * name on a made-up guest memory, writing an iovec into it, a monotonic clock in milliseconds for timing waits, and running
 * a command through the linker. */
#ifndef WASI_TEST_UTIL_H
#define WASI_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"
#include "wasi/state.h"
#include "wr_wasi.h"

/* A WASI instance of cfg with no store, the calls made directly; NULL (a failed check in t)
 * when it cannot be made. */
static inline wr_wasi *wasi_of(check_counts *t, const wr_wasi_config *cfg)
{
    wr_wasi *w;
    wr_error *e = wr_wasi_new(NULL, cfg, &w);
    CHECK_EQ(t, e == NULL, 1);
    if (e) {
        wr_error_free(e);
        return NULL;
    }
    return w;
}

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

/* A WASI command through the linker: a WASI instance made from cfg (in *w, the caller's to
 * free, once made) is defined in linker, module is instantiated in store and its _start
 * runs. The first error, or NULL with the exit code in *code. */
static inline wr_error *run_linked(wr_linker *linker, wr_store *store, wr_module *module,
                                   wr_wasi_config *cfg, wr_wasi **w, int *code)
{
    wr_instance *instance = NULL;
    wr_error *e = wr_wasi_new(store, cfg, w);
    if (!e)
        e = wr_wasi_define(linker, *w);
    if (!e)
        e = wr_linker_instantiate(linker, store, module, &instance);
    if (!e)
        e = wr_wasi_run_start(*w, instance, code);
    return e;
}

#endif
