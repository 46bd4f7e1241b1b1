/* Modules: compile, validate, reflect, and share across stores and threads. */
#include <stdlib.h>

#include "capi/capi.h"
#include "util/alloc.h"

struct wasm_shared_module_t {
    wr_capi_object *module; /* held */
};

static wasm_module_t *module_handle(wr_capi_object *obj)
{
    wasm_ref_t *h = wr_capi_handle(obj);
    if (!h) {
        wr_capi_object_retain(obj);
        wr_capi_object_release(obj);
    }
    return (wasm_module_t *)h;
}

wasm_module_t *wasm_module_new(wasm_store_t *store, const wasm_byte_vec_t *binary)
{
    wr_capi_object *obj = wr_capi_object_new(WR_CAPI_MODULE, NULL);
    if (!obj)
        return NULL;
    wr_error *err = wr_module_new(store->engine->engine, (const uint8_t *)binary->data,
                                  binary->size, &obj->of.module);
    if (err) {
        wr_error_free(err);
        wr_mem_free(obj);
        return NULL;
    }
    return module_handle(obj);
}

bool wasm_module_validate(wasm_store_t *store, const wasm_byte_vec_t *binary)
{
    wr_error *err = wr_module_validate(store->engine->engine, (const uint8_t *)binary->data,
                                       binary->size);
    wr_error_free(err);
    return err == NULL;
}

static bool name_from_wr(wasm_name_t *out, wr_name name)
{
    wasm_name_new(out, name.len, name.data);
    return out->size == name.len;
}

void wasm_module_imports(const wasm_module_t *module, wasm_importtype_vec_t *out)
{
    const wr_module *m = wr_capi_obj(module)->of.module;
    wasm_importtype_vec_new_uninitialized(out, wr_module_import_count(m));
    for (size_t i = 0; i < out->size; i++) {
        wr_name module_name, name;
        wr_externtype type;
        wr_module_import(m, i, &module_name, &name, &type);
        wasm_name_t mn, n;
        if (!name_from_wr(&mn, module_name)) {
            wasm_importtype_vec_delete(out);
            return;
        }
        if (!name_from_wr(&n, name)) {
            wasm_name_delete(&mn);
            wasm_importtype_vec_delete(out);
            return;
        }
        out->data[i] = wasm_importtype_new(&mn, &n, wr_capi_externtype_from_wr(&type));
        if (!out->data[i]) {
            wasm_importtype_vec_delete(out);
            return;
        }
    }
}

void wasm_module_exports(const wasm_module_t *module, wasm_exporttype_vec_t *out)
{
    const wr_module *m = wr_capi_obj(module)->of.module;
    wasm_exporttype_vec_new_uninitialized(out, wr_module_export_count(m));
    for (size_t i = 0; i < out->size; i++) {
        wr_name name;
        wr_externtype type;
        wr_module_export(m, i, &name, &type);
        wasm_name_t n;
        if (!name_from_wr(&n, name)) {
            wasm_exporttype_vec_delete(out);
            return;
        }
        out->data[i] = wasm_exporttype_new(&n, wr_capi_externtype_from_wr(&type));
        if (!out->data[i]) {
            wasm_exporttype_vec_delete(out);
            return;
        }
    }
}

/* Compiled code is not kept in any form but the module's own, so there is nothing to save. */
void wasm_module_serialize(const wasm_module_t *module, wasm_byte_vec_t *out)
{
    (void)module;
    wasm_byte_vec_new_empty(out);
}

wasm_module_t *wasm_module_deserialize(wasm_store_t *store, const wasm_byte_vec_t *bytes)
{
    (void)store;
    (void)bytes;
    return NULL;
}

/* A module is immutable and not tied to a store, so sharing it is sharing the object. */
wasm_shared_module_t *wasm_module_share(const wasm_module_t *module)
{
    wasm_shared_module_t *shared = wr_mem_alloc(&wr_default_allocator, 1, sizeof *shared);
    if (!shared)
        return NULL;
    shared->module = wr_capi_obj(module);
    wr_capi_object_retain(shared->module);
    return shared;
}

wasm_module_t *wasm_module_obtain(wasm_store_t *store, const wasm_shared_module_t *shared)
{
    (void)store;
    return (wasm_module_t *)wr_capi_handle(shared->module);
}

void wasm_shared_module_delete(wasm_shared_module_t *shared)
{
    if (!shared)
        return;
    wr_capi_object_release(shared->module);
    wr_mem_free(shared);
}
