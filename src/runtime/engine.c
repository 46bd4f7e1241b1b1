/* Engines (configuration and limits) and the library's version. */
#include <stdlib.h>
#include <string.h>

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
    engine->cc = cfg && cfg->cc ? strdup(cfg->cc) : NULL;
    engine->cache_dir = cfg && cfg->cache_dir ? strdup(cfg->cache_dir) : NULL;
    if ((cfg && cfg->cc && !engine->cc) || (cfg && cfg->cache_dir && !engine->cache_dir)) {
        wr_engine_free(engine);
        return NULL;
    }
    engine->config.cc = engine->cc;
    engine->config.cache_dir = engine->cache_dir;
    if (!engine->config.bounds_checks && !wr_guard_install())
        engine->config.bounds_checks = true;
    return engine;
}

const wr_config *wr_engine_config(const wr_engine *engine) { return &engine->config; }

void wr_engine_free(wr_engine *engine)
{
    if (!engine)
        return;
    free(engine->cc);
    free(engine->cache_dir);
    free(engine);
}

const char *wr_version(void) { return WR_VERSION_STRING; }
