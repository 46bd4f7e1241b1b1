/* Configs and engines of wasm.h (stores live with the registry in object.c). */
#include <stdlib.h>

#include "capi/capi.h"
#include "util/alloc.h"

wasm_config_t *wasm_config_new(void)
{
    wasm_config_t *cfg = wr_mem_alloc(&wr_default_allocator, 1, sizeof *cfg);
    if (cfg)
        wr_config_default(&cfg->config);
    return cfg;
}

void wasm_config_delete(wasm_config_t *cfg) { wr_mem_free(cfg); }

wasm_engine_t *wasm_engine_new_with_config(wasm_config_t *cfg)
{
    wasm_engine_t *engine = wr_mem_alloc(&wr_default_allocator, 1, sizeof *engine);
    if (engine) {
        engine->engine = wr_engine_new(cfg ? &cfg->config : NULL);
        if (!engine->engine) {
            wr_mem_free(engine);
            engine = NULL;
        }
    }
    wasm_config_delete(cfg);
    return engine;
}

wasm_engine_t *wasm_engine_new(void) { return wasm_engine_new_with_config(NULL); }

void wasm_engine_delete(wasm_engine_t *engine)
{
    if (!engine)
        return;
    wr_engine_free(engine->engine);
    wr_mem_free(engine);
}
