/*
 * Resource budgets: the engine's limits on what a module may declare and on what a store's
 * objects may make the host allocate together. One table says, for each entry of a store's
 * budget, which wr_config field bounds it and how the error names it.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include "decode/module.h"
#include "runtime/runtime.h"
#include "util/error.h"

typedef struct {
    const char *what;    /* plural, for the error */
    const char *setting; /* the wr_config field */
    size_t offset;       /* of that field */
    size_t size;         /* sizeof that field: uint32_t or uint64_t */
} budget_entry;

#define ENTRY(item, what, field)                                                              \
    [item] = {what, #field, offsetof(wr_config, field), sizeof(((wr_config *)0)->field)}

static const budget_entry entries[WR_BUDGET_COUNT] = {
    ENTRY(WR_BUDGET_INSTANCES, "instances", max_instances),
    ENTRY(WR_BUDGET_MEMORIES, "memories", max_memories),
    ENTRY(WR_BUDGET_TABLES, "tables", max_tables),
    ENTRY(WR_BUDGET_FUNCTIONS, "functions", max_store_functions),
    ENTRY(WR_BUDGET_GLOBALS, "globals", max_store_globals),
    ENTRY(WR_BUDGET_MEMORY_PAGES, "memory pages", max_store_memory_pages),
    ENTRY(WR_BUDGET_TABLE_ELEMS, "table elements", max_store_table_elems),
    ENTRY(WR_BUDGET_TAGS, "tags", max_store_tags),
    ENTRY(WR_BUDGET_EXCEPTIONS, "exceptions", max_store_exceptions),
};

#undef ENTRY

static uint64_t limit_of(const wr_store *store, wr_budget_item item)
{
    const unsigned char *field = (const unsigned char *)&store->engine->config + entries[item].offset;
    if (entries[item].size == sizeof(uint32_t)) {
        uint32_t v;
        memcpy(&v, field, sizeof v);
        return v;
    }
    uint64_t v;
    memcpy(&v, field, sizeof v);
    return v;
}

bool wr_budget_charge(wr_store *store, wr_budget_item item, uint64_t n)
{
    uint64_t used = store->budget_used[item];
    if (n > limit_of(store, item) - used)
        return false;
    store->budget_used[item] = used + n;
    return true;
}

void wr_budget_refund(wr_store *store, wr_budget_item item, uint64_t n)
{
    store->budget_used[item] -= n;
}

wr_error *wr_budget_error(const wr_store *store, wr_budget_item item, uint64_t n)
{
    const budget_entry *e = &entries[item];
    return wr_error_new(WR_ERR_LIMIT,
                        "the store's %s of %" PRIu64 " is reached: it holds %" PRIu64
                        " %s, and %" PRIu64 " more were asked for",
                        e->setting, limit_of(store, item), store->budget_used[item], e->what, n);
}

static wr_error *over(const char *what, uint64_t n, const char *setting, uint32_t cap)
{
    return wr_error_new(WR_ERR_LIMIT, "the module's %" PRIu64 " %s exceed the engine's %s of %" PRIu32,
                        n, what, setting, cap);
}

wr_error *wr_budget_check_module(const wr_module *m)
{
    const wr_config *c = &m->engine->config;
    if (m->nfuncs > c->max_functions)
        return over("functions", m->nfuncs, "max_functions", c->max_functions);
    if (m->nglobals > c->max_globals)
        return over("globals", m->nglobals, "max_globals", c->max_globals);
    if (m->ntags > c->max_tags)
        return over("tags", m->ntags, "max_tags", c->max_tags);
    if ((uint64_t)m->nelems + m->ndatas > c->max_segments)
        return over("element and data segments", (uint64_t)m->nelems + m->ndatas, "max_segments",
                    c->max_segments);
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        const wr_mfunc *f = &m->funcs[i];
        uint32_t size = f->body_end - f->size_offset;
        if (size > c->max_function_size)
            return wr_error_at(WR_ERR_LIMIT, "code", f->size_offset,
                               "function %" PRIu32 " has %" PRIu32
                               " bytes of code, over the engine's max_function_size of %" PRIu32,
                               i, size, c->max_function_size);
    }
    return NULL;
}
