/* Engines: the configuration, and its defaults. */
#include <stdlib.h>

#include "runtime/guard.h"
#include "runtime/runtime.h"

void wr_config_default(wr_config *cfg)
{
    *cfg = (wr_config){
        .max_memory_pages = 65536,
        .max_table_elems = 10000000,
        .max_call_depth = 10000,
        .max_backtrace_frames = 64,
        .max_module_size = (size_t)1 << 30,
        .fuel = 0,
        .bounds_checks = true,
        .max_functions = 1000000,
        .max_function_size = 7654321,
        .max_globals = 1000000,
        .max_segments = 200000,
        .max_instances = 10000,
        .max_memories = 10000,
        .max_tables = 10000,
        .max_store_functions = 2000000,
        .max_store_globals = 1000000,
        .max_store_memory_pages = 131072,
        .max_store_table_elems = 10000000,
    };
}

wr_engine *wr_engine_new(const wr_config *cfg)
{
    wr_engine *engine = malloc(sizeof *engine);
    if (!engine)
        return NULL;
    if (cfg)
        engine->config = *cfg;
    else
        wr_config_default(&engine->config);
    if (!engine->config.bounds_checks && !wr_guard_install())
        engine->config.bounds_checks = true;
    return engine;
}

const wr_config *wr_engine_config(const wr_engine *engine) { return &engine->config; }

void wr_engine_free(wr_engine *engine) { free(engine); }
