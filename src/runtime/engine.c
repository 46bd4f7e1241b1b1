/* Engines (configuration and limits), the engine-wide fd ceiling and the library's version. */
#include <sys/resource.h>

#include "runtime/guard.h"
#include "runtime/host_fds.h"
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
        .bounds_checks = WR_BOUNDS_BY_TIER,
        .max_functions = 1000000,
        .max_function_size = 7654321,
        .max_globals = 1000000,
        .max_segments = 200000,
        .max_tags = 1000000,
        .max_instances = 10000,
        .max_memories = 10000,
        .max_tables = 10000,
        .max_store_functions = 2000000,
        .max_store_globals = 1000000,
        .max_store_memory_pages = 131072,
        .max_store_table_elems = 10000000,
        .max_store_tags = 1000000,
        .max_store_exceptions = 1000000,
    };
}

/* The default of max_host_fds: half of what the process may open, the rest left to the host. */
static uint32_t default_host_fds(void)
{
    enum { FLOOR = 64 };
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return UINT32_MAX / 2;
    rlim_t half = rl.rlim_cur / 2;
    return half < FLOOR ? FLOOR : half > UINT32_MAX ? UINT32_MAX : (uint32_t)half;
}

wr_engine *wr_engine_new(const wr_config *cfg)
{
    wr_allocator custom = {cfg ? cfg->alloc : NULL, cfg ? cfg->alloc_ud : NULL};
    wr_engine *engine = wr_mem_alloc(custom.fn ? &custom : &wr_default_allocator, 1,
                                     sizeof *engine);
    if (!engine)
        return NULL;
    engine->custom = custom;
    engine->tierq = NULL;
    engine->alloc = custom.fn ? &engine->custom : &wr_default_allocator;
    wr_mem_set_owner(engine, engine->alloc);
    if (cfg)
        engine->config = *cfg;
    else
        wr_config_default(&engine->config);
    engine->cc = cfg && cfg->cc ? wr_mem_strdup(engine->alloc, cfg->cc) : NULL;
    engine->cache_dir = cfg && cfg->cache_dir ? wr_mem_strdup(engine->alloc, cfg->cache_dir) : NULL;
    if ((cfg && cfg->cc && !engine->cc) || (cfg && cfg->cache_dir && !engine->cache_dir)) {
        wr_engine_free(engine);
        return NULL;
    }
    engine->config.cc = engine->cc;
    engine->config.cache_dir = engine->cache_dir;
    if (!engine->config.max_host_fds)
        engine->config.max_host_fds = default_host_fds();
    atomic_init(&engine->host_fds, 0);
    if (engine->config.bounds_checks == WR_BOUNDS_BY_TIER)
        engine->config.bounds_checks = engine->config.tier == WR_TIER_INTERP;
    else
        engine->config.bounds_checks = engine->config.bounds_checks != 0;
    if (!engine->config.bounds_checks && !wr_guard_install())
        engine->config.bounds_checks = true;
    if (engine->config.tier == WR_TIER_AUTO && !(engine->tierq = wr_tierq_new(engine->alloc))) {
        wr_engine_free(engine);
        return NULL;
    }
    return engine;
}

const wr_config *wr_engine_config(const wr_engine *engine) { return &engine->config; }

const wr_allocator *wr_engine_allocator(const wr_engine *engine)
{
    return engine ? engine->alloc : &wr_default_allocator;
}

void wr_engine_free(wr_engine *engine)
{
    if (!engine)
        return;
    wr_tierq_free(engine->tierq);
    wr_mem_free(engine->cc);
    wr_mem_free(engine->cache_dir);
    wr_mem_free(engine);
}

const char *wr_version(void) { return WR_VERSION_STRING; }

wr_engine *wr_host_fd_engine(const wr_store *store) { return store ? store->engine : NULL; }

bool wr_host_fd_take(wr_engine *e)
{
    if (!e)
        return true;
    unsigned n = atomic_load_explicit(&e->host_fds, memory_order_relaxed);
    do {
        if (n >= e->config.max_host_fds)
            return false;
    } while (!atomic_compare_exchange_weak_explicit(&e->host_fds, &n, n + 1, memory_order_relaxed,
                                                    memory_order_relaxed));
    return true;
}

void wr_host_fd_give(wr_engine *e)
{
    if (e)
        atomic_fetch_sub_explicit(&e->host_fds, 1, memory_order_relaxed);
}

bool wr_host_fd_room(const wr_engine *e)
{
    return !e || atomic_load_explicit(&e->host_fds, memory_order_relaxed) < e->config.max_host_fds;
}

uint32_t wr_host_fd_ceiling(const wr_engine *e) { return e ? e->config.max_host_fds : UINT32_MAX; }
