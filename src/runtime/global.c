/* Globals. */
#include <stdlib.h>

#include "runtime/runtime.h"
#include "util/alloc.h"

wr_global *wr_global_new(wr_store *store, const wr_globaltype *type, wr_val value)
{
    /* Host globals have no module: a type index means nothing. */
    if (wr_valtype_heap_index(type->type) != UINT32_MAX ||
        !wr_val_fits(NULL, type->type, &value) || !wr_store_holds(store, &value) ||
        !wr_budget_charge(store, WR_BUDGET_GLOBALS, 1))
        return NULL;
    wr_global *g = wr_mem_zalloc(store->engine->alloc, 1, sizeof *g);
    if (!g) {
        wr_budget_refund(store, WR_BUDGET_GLOBALS, 1);
        return NULL;
    }
    g->store = store;
    g->type = *type;
    uint8_t t = (uint8_t)wr_valtype_val(type->type);
    wr_slots_from_vals(g->value, &t, 1, &value);
    if (!wr_store_own(&store->globals, g)) {
        wr_mem_free(g);
        wr_budget_refund(store, WR_BUDGET_GLOBALS, 1);
        return NULL;
    }
    return g;
}

wr_val wr_global_get(const wr_global *global)
{
    wr_val v;
    uint8_t t = (uint8_t)wr_valtype_val(global->type.type);
    wr_vals_from_slots(&v, &t, 1, global->value);
    return v;
}

bool wr_global_set(wr_global *global, wr_val value)
{
    if (!global->type.is_mutable || !wr_val_fits(global->module, global->type.type, &value) ||
        !wr_store_holds(global->store, &value))
        return false;
    uint8_t t = (uint8_t)wr_valtype_val(global->type.type);
    wr_slots_from_vals(global->value, &t, 1, &value);
    return true;
}

wr_globaltype wr_global_type(const wr_global *global) { return global->type; }
