/* Globals, tables and memories. */
#include <stdlib.h>

#include "capi/capi.h"
#include "wr_wasm.h"

static void *handle_for(wasm_store_t *store, wr_capi_kind kind, void *runtime_obj)
{
    return runtime_obj ? wr_capi_handle(wr_capi_store_object(store, kind, runtime_obj)) : NULL;
}

/* ---------------------------------------------------------------- globals */

wasm_global_t *wasm_global_new(wasm_store_t *store, const wasm_globaltype_t *type,
                               const wasm_val_t *val)
{
    wr_globaltype t = {wr_capi_valtype_to_wr(wasm_valtype_kind(wasm_globaltype_content(type))),
                       wasm_globaltype_mutability(type) == WASM_VAR};
    wr_val v;
    if (!wr_capi_val_to_wr(store, val, t.type, &v))
        return NULL;
    return handle_for(store, WR_CAPI_GLOBAL, wr_global_new(store->store, &t, v));
}

wasm_globaltype_t *wasm_global_type(const wasm_global_t *global)
{
    wr_externtype t = {.kind = WR_EXTERN_GLOBAL};
    t.of.global = wr_global_type(wr_capi_obj(global)->of.global);
    return (wasm_globaltype_t *)wr_capi_externtype_from_wr(&t);
}

void wasm_global_get(const wasm_global_t *global, wasm_val_t *out)
{
    const wr_capi_object *obj = wr_capi_obj(global);
    wr_val v = wr_global_get(obj->of.global);
    if (!wr_capi_val_from_wr(obj->store, &v, out))
        *out = (wasm_val_t)WASM_INIT_VAL;
}

void wasm_global_set(wasm_global_t *global, const wasm_val_t *val)
{
    const wr_capi_object *obj = wr_capi_obj(global);
    wr_val v;
    if (wr_capi_val_to_wr(obj->store, val, wr_global_type(obj->of.global).type, &v))
        wr_global_set(obj->of.global, v);
}

/* ---------------------------------------------------------------- tables */

static bool ref_to_wr(wasm_store_t *store, wr_valtype elem, wasm_ref_t *ref, wr_val *out)
{
    wasm_val_t v = {.kind = wr_capi_valtype_from_wr(elem), .of = {.ref = ref}};
    return wr_capi_val_to_wr(store, &v, elem, out);
}

wasm_table_t *wasm_table_new(wasm_store_t *store, const wasm_tabletype_t *type, wasm_ref_t *init)
{
    wr_tabletype t = {wr_capi_valtype_to_wr(wasm_valtype_kind(wasm_tabletype_element(type))),
                      wr_wasm_tabletype_limits64(type), wr_wasm_tabletype_is64(type)};
    wr_val v;
    if (!ref_to_wr(store, t.elem, init, &v))
        return NULL;
    return handle_for(store, WR_CAPI_TABLE, wr_table_new(store->store, &t, v));
}

wasm_tabletype_t *wasm_table_type(const wasm_table_t *table)
{
    wr_externtype t = {.kind = WR_EXTERN_TABLE};
    t.of.table = wr_table_type(wr_capi_obj(table)->of.table);
    return (wasm_tabletype_t *)wr_capi_externtype_from_wr(&t);
}

wasm_ref_t *wasm_table_get(const wasm_table_t *table, wasm_table_size_t index)
{
    const wr_capi_object *obj = wr_capi_obj(table);
    wr_val v;
    wasm_val_t out;
    if (!wr_table_get(obj->of.table, index, &v) || !wr_capi_val_from_wr(obj->store, &v, &out))
        return NULL;
    return out.of.ref;
}

bool wasm_table_set(wasm_table_t *table, wasm_table_size_t index, wasm_ref_t *ref)
{
    const wr_capi_object *obj = wr_capi_obj(table);
    wr_val v;
    return ref_to_wr(obj->store, wr_table_type(obj->of.table).elem, ref, &v) &&
           wr_table_set(obj->of.table, index, v);
}

wasm_table_size_t wasm_table_size(const wasm_table_t *table)
{
    return wr_table_size(wr_capi_obj(table)->of.table);
}

bool wasm_table_grow(wasm_table_t *table, wasm_table_size_t delta, wasm_ref_t *init)
{
    const wr_capi_object *obj = wr_capi_obj(table);
    wr_val v;
    uint32_t old_size;
    return ref_to_wr(obj->store, wr_table_type(obj->of.table).elem, init, &v) &&
           wr_table_grow(obj->of.table, delta, v, &old_size);
}

/* ---------------------------------------------------------------- memories */

wasm_memory_t *wasm_memory_new(wasm_store_t *store, const wasm_memorytype_t *type)
{
    wr_memtype t = {wr_wasm_memorytype_limits64(type), wr_wasm_memorytype_is64(type)};
    return handle_for(store, WR_CAPI_MEMORY, wr_memory_new(store->store, &t));
}

wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *memory)
{
    wr_externtype t = {.kind = WR_EXTERN_MEMORY};
    t.of.memory = wr_memory_type(wr_capi_obj(memory)->of.memory);
    return (wasm_memorytype_t *)wr_capi_externtype_from_wr(&t);
}

byte_t *wasm_memory_data(wasm_memory_t *memory)
{
    return (byte_t *)wr_memory_data(wr_capi_obj(memory)->of.memory);
}

size_t wasm_memory_data_size(const wasm_memory_t *memory)
{
    return wr_memory_size(wr_capi_obj(memory)->of.memory);
}

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *memory)
{
    return wr_memory_pages(wr_capi_obj(memory)->of.memory);
}

bool wasm_memory_grow(wasm_memory_t *memory, wasm_memory_pages_t delta)
{
    uint32_t old_pages;
    return wr_memory_grow(wr_capi_obj(memory)->of.memory, delta, &old_pages);
}
