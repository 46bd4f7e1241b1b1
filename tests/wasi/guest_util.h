/* An instance of one of the real guests (a .wasm from guests/) under WASI: guest_begin
 * makes the engine, store, linker and config, the test configures g->cfg, and guest_finish
 * instantiates. */
#ifndef WASI_TEST_GUEST_UTIL_H
#define WASI_TEST_GUEST_UTIL_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "wr_wasi.h"

typedef struct guest {
    wr_engine *engine;
    wr_store *store;
    wr_linker *linker;
    wr_module *module;
    wr_instance *instance;
    wr_wasi_config *cfg;
    wr_wasi *wasi;
} guest;

/* The guests are a few hundred bytes; 4 KiB is room enough. */
static inline uint8_t *load_guest(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    uint8_t *bytes = malloc(4096);
    *len = bytes ? fread(bytes, 1, 4096, f) : 0;
    fclose(f);
    return bytes;
}

static inline void guest_begin(guest *g)
{
    *g = (guest){0};
    g->engine = wr_engine_new(NULL);
    g->store = wr_store_new(g->engine);
    g->linker = wr_linker_new(g->engine);
    g->cfg = wr_wasi_config_new();
}

static inline bool guest_finish(guest *g, const uint8_t *wasm, size_t len, check_counts *counts)
{
    wr_error *e = wr_module_new(g->engine, wasm, len, &g->module);
    if (!e)
        e = wr_wasi_new(g->store, g->cfg, &g->wasi);
    if (!e)
        e = wr_wasi_define(g->linker, g->wasi);
    if (!e)
        e = wr_linker_instantiate(g->linker, g->store, g->module, &g->instance);
    if (e)
        printf("guest: %s\n", wr_error_message(e));
    CHECK_EQ(counts, e == NULL, 1);
    wr_error_free(e);
    return g->instance != NULL;
}

static inline void guest_end(guest *g)
{
    wr_linker_free(g->linker);
    wr_store_free(g->store);
    wr_wasi_free(g->wasi);
    wr_module_free(g->module);
    wr_wasi_config_free(g->cfg);
    wr_engine_free(g->engine);
}

#endif
