/* Tables of references: wr_func* for funcref, the host's pointer for externref. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "util/alloc.h"
#include "util/error.h"

/* The element array; calloc'ed so a table of nulls costs address space until written. */
static wr_table *table_alloc(const wr_store *store, const wr_tabletype *type, void *init)
{
    uint32_t cap = store->engine->config.max_table_elems;
    wr_table *table = wr_mem_zalloc(store->engine->alloc, 1, sizeof *table);
    if (!table)
        return NULL;
    table->elem = type->elem;
    table->declared = type->limits;
    table->is64 = type->is64;
    table->max = type->limits.has_max && type->limits.max < cap ? (uint32_t)type->limits.max : cap;
    table->size = (uint32_t)type->limits.min; /* at most cap: wr_table_make checked */
    table->elems = wr_mem_zalloc(store->engine->alloc, table->size ? table->size : 1,
                                 sizeof *table->elems);
    if (!table->elems) {
        wr_mem_free(table);
        return NULL;
    }
    for (uint32_t i = 0; init && i < table->size; i++)
        table->elems[i] = init;
    return table;
}

wr_error *wr_table_make(wr_store *store, const wr_tabletype *type, void *init, wr_table **out)
{
    *out = NULL;
    uint64_t min = type->limits.min;
    uint32_t cap = store->engine->config.max_table_elems;
    if (min > cap)
        return wr_error_new(WR_ERR_LIMIT, "table of %" PRIu64 " elements exceeds the engine's "
                            "max_table_elems of %" PRIu32, min, cap);
    if (!wr_budget_charge(store, WR_BUDGET_TABLES, 1))
        return wr_budget_error(store, WR_BUDGET_TABLES, 1);
    if (!wr_budget_charge(store, WR_BUDGET_TABLE_ELEMS, min)) {
        wr_budget_refund(store, WR_BUDGET_TABLES, 1);
        return wr_budget_error(store, WR_BUDGET_TABLE_ELEMS, min);
    }
    wr_table *table = table_alloc(store, type, init);
    if (!table || !wr_store_own(&store->tables, table)) {
        wr_table_release(table);
        wr_budget_refund(store, WR_BUDGET_TABLES, 1);
        wr_budget_refund(store, WR_BUDGET_TABLE_ELEMS, min);
        return wr_error_nomem();
    }
    table->store = store;
    *out = table;
    return NULL;
}

void wr_table_release(wr_table *table)
{
    if (!table)
        return;
    wr_mem_free(table->elems);
    wr_mem_free(table);
}

int64_t wr_table_grow_elems(wr_table *table, uint32_t delta, void *init)
{
    uint32_t old = table->size;
    if (delta == 0)
        return old;
    if ((uint64_t)old + delta > table->max)
        return -1;
    uint32_t size = old + delta;
    uint64_t bytes = (uint64_t)size * sizeof *table->elems;
    if (bytes > SIZE_MAX || !wr_budget_charge(table->store, WR_BUDGET_TABLE_ELEMS, delta))
        return -1;
    void **elems = wr_mem_realloc(table->store->engine->alloc, table->elems, 1, (size_t)bytes);
    if (!elems) {
        wr_budget_refund(table->store, WR_BUDGET_TABLE_ELEMS, delta);
        return -1;
    }
    for (uint32_t i = old; i < size; i++)
        elems[i] = init;
    table->elems = elems;
    table->size = size;
    return old;
}

wr_trap_kind wr_table_init_segment(wr_table *table, const wr_elemseg *seg, uint32_t dst,
                                   uint32_t src, uint32_t n)
{
    if ((uint64_t)src + n > seg->count || (uint64_t)dst + n > table->size)
        return WR_TRAP_TABLE_OOB;
    if (n)
        memcpy(table->elems + dst, seg->refs + src, (size_t)n * sizeof *table->elems);
    return WR_TRAP_NONE;
}

/* The reference v holds, when table may hold it: the element type, and a funcref of the
 * table's own store. */
static bool ref_of(const wr_table *table, wr_val v, void **out)
{
    if (!wr_val_fits(table->module, table->elem, &v) || !wr_store_holds(table->store, &v))
        return false;
    *out = v.type == WR_FUNCREF  ? (void *)v.of.funcref
           : v.type == WR_EXNREF ? (void *)v.of.exnref
                                 : v.of.externref;
    return true;
}

wr_table *wr_table_new(wr_store *store, const wr_tabletype *type, wr_val init)
{
    void *ref;
    if (!wr_valtype_is_ref(type->elem) || wr_valtype_heap_index(type->elem) != UINT32_MAX ||
        wr_valtype_val(type->elem) == WR_EXNREF)
        return NULL;
    wr_table probe = {.elem = type->elem, .store = store};
    if (!ref_of(&probe, init, &ref))
        return NULL;
    wr_table *table;
    wr_error_free(wr_table_make(store, type, ref, &table));
    return table;
}

uint32_t wr_table_size(const wr_table *table) { return table->size; }

bool wr_table_get(const wr_table *table, uint32_t index, wr_val *out)
{
    if (index >= table->size)
        return false;
    out->type = wr_valtype_val(table->elem);
    if (out->type == WR_FUNCREF)
        out->of.funcref = table->elems[index];
    else if (out->type == WR_EXNREF)
        out->of.exnref = table->elems[index];
    else
        out->of.externref = table->elems[index];
    return true;
}

bool wr_table_set(wr_table *table, uint32_t index, wr_val value)
{
    void *ref;
    if (index >= table->size || !ref_of(table, value, &ref))
        return false;
    table->elems[index] = ref;
    return true;
}

bool wr_table_grow(wr_table *table, uint32_t delta, wr_val init, uint32_t *old_size)
{
    void *ref;
    if (!ref_of(table, init, &ref))
        return false;
    int64_t old = wr_table_grow_elems(table, delta, ref);
    if (old < 0)
        return false;
    if (old_size)
        *old_size = (uint32_t)old;
    return true;
}

wr_tabletype wr_table_type(const wr_table *table)
{
    wr_tabletype type = {table->elem, table->declared, table->is64};
    type.limits.min = table->size;
    return type;
}
