/* Instances: instantiate with imports in order, and list the exports. */
#include <stdlib.h>

#include "capi/capi.h"
#include "util/alloc.h"

static wasm_trap_t *link_trap(const char *text)
{
    return wr_capi_trap_from_error(wr_trap_new("%s", text), NULL);
}

static void set_trap(wasm_trap_t **out, wasm_trap_t *trap)
{
    if (out)
        *out = trap;
    else
        wasm_trap_delete(trap);
}

static bool extern_to_wr(const wasm_extern_t *e, wr_extern *out)
{
    const wr_capi_object *obj = wr_capi_obj(e);
    if (!obj)
        return false;
    switch (obj->kind) {
    case WR_CAPI_FUNC: *out = (wr_extern){WR_EXTERN_FUNC, {.func = obj->of.func.func}}; return true;
    case WR_CAPI_GLOBAL: *out = (wr_extern){WR_EXTERN_GLOBAL, {.global = obj->of.global}}; return true;
    case WR_CAPI_TABLE: *out = (wr_extern){WR_EXTERN_TABLE, {.table = obj->of.table}}; return true;
    case WR_CAPI_MEMORY: *out = (wr_extern){WR_EXTERN_MEMORY, {.memory = obj->of.memory}}; return true;
    case WR_CAPI_TAG: *out = (wr_extern){WR_EXTERN_TAG, {.tag = obj->of.tag}}; return true;
    default: return false;
    }
}

static wasm_instance_t *instantiate(wasm_store_t *store, wr_capi_object *module_obj,
                                    const wr_extern *imports, size_t nimports, wasm_trap_t **trap)
{
    wr_instance *inst;
    wr_error *err = wr_instance_new(store->store, module_obj->of.module, imports, nimports,
                                    &inst);
    if (err) {
        set_trap(trap, wr_capi_trap_from_error(err, store));
        return NULL;
    }
    wr_capi_object *obj = wr_capi_store_object(store, WR_CAPI_INSTANCE, inst);
    if (!obj) {
        set_trap(trap, link_trap("out of memory"));
        return NULL;
    }
    /* The start function may have shown the instance already, in a trap it caught. */
    if (!obj->of.instance.module_obj) {
        wr_capi_object_retain(module_obj);
        obj->of.instance.module_obj = module_obj;
    }
    return (wasm_instance_t *)wr_capi_handle(obj);
}

wasm_instance_t *wasm_instance_new(wasm_store_t *store, const wasm_module_t *module,
                                   const wasm_extern_vec_t *imports, wasm_trap_t **trap)
{
    if (trap)
        *trap = NULL;
    wr_capi_object *module_obj = wr_capi_obj(module);
    size_t n = imports ? imports->size : 0;
    if (n != wr_module_import_count(module_obj->of.module)) {
        set_trap(trap, link_trap("wrong number of imports"));
        return NULL;
    }
    wr_extern *wimports = wr_mem_alloc(&wr_default_allocator, (n ? n : 1), sizeof *wimports);
    if (!wimports) {
        set_trap(trap, link_trap("out of memory"));
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!extern_to_wr(imports->data[i], &wimports[i])) {
            wr_mem_free(wimports);
            set_trap(trap, link_trap("an import is missing or not an extern"));
            return NULL;
        }
    }
    wasm_instance_t *inst = instantiate(store, module_obj, wimports, n, trap);
    wr_mem_free(wimports);
    return inst;
}

static wr_capi_object *export_object(wasm_store_t *store, const wr_extern *ext)
{
    switch (ext->kind) {
    case WR_EXTERN_GLOBAL: return wr_capi_store_object(store, WR_CAPI_GLOBAL, ext->of.global);
    case WR_EXTERN_TABLE: return wr_capi_store_object(store, WR_CAPI_TABLE, ext->of.table);
    case WR_EXTERN_MEMORY: return wr_capi_store_object(store, WR_CAPI_MEMORY, ext->of.memory);
    case WR_EXTERN_FUNC: return wr_capi_store_object(store, WR_CAPI_FUNC, ext->of.func);
    case WR_EXTERN_TAG: return wr_capi_store_object(store, WR_CAPI_TAG, ext->of.tag);
    }
    return NULL;
}

void wasm_instance_exports(const wasm_instance_t *instance, wasm_extern_vec_t *out)
{
    wr_capi_object *obj = wr_capi_obj(instance);
    wr_instance *inst = obj->of.instance.instance;
    const wr_module *m = wr_instance_module(inst);
    wasm_extern_vec_new_uninitialized(out, wr_module_export_count(m));
    for (size_t i = 0; i < out->size; i++) {
        wr_name name;
        wr_externtype type;
        wr_extern ext;
        wr_module_export(m, i, &name, &type);
        wr_capi_object *e = NULL;
        if (wr_instance_export(inst, name.data, name.len, &ext))
            e = export_object(obj->store, &ext);
        if (e && e->kind == WR_CAPI_FUNC && !e->of.func.instance)
            e->of.func.instance = obj;
        out->data[i] = e ? (wasm_extern_t *)wr_capi_handle(e) : NULL;
        if (!out->data[i]) {
            wasm_extern_vec_delete(out);
            return;
        }
    }
}
