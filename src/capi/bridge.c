/* The wr objects behind wasm.h objects (include/wr_wasm.h). */
#include "capi/capi.h"
#include "util/alloc.h"
#include "wr_wasm.h"

wr_config *wr_wasm_config(wasm_config_t *config) { return &config->config; }
wr_engine *wr_wasm_engine(const wasm_engine_t *engine) { return engine->engine; }
wr_store *wr_wasm_store(const wasm_store_t *store) { return store->store; }

wr_module *wr_wasm_module(const wasm_module_t *module)
{
    return wr_capi_obj(module)->of.module;
}

wr_instance *wr_wasm_instance(const wasm_instance_t *instance)
{
    return wr_capi_obj(instance)->of.instance.instance;
}

wasm_extern_t *wr_wasm_tag_new(wasm_store_t *store, const wasm_tagtype_t *type)
{
    wr_functype t;
    if (!wr_capi_functype_to_wr(wasm_tagtype_functype(type), &t))
        return NULL;
    wr_exntag *tag = wr_exntag_new(store->store, &t); /* copies the type */
    wr_mem_free((void *)t.params);
    return tag ? (wasm_extern_t *)wr_capi_handle(wr_capi_store_object(store, WR_CAPI_TAG, tag))
               : NULL;
}

wr_exntag *wr_wasm_extern_tag(const wasm_extern_t *e)
{
    const wr_capi_object *obj = wr_capi_obj(e);
    return obj && obj->kind == WR_CAPI_TAG ? obj->of.tag : NULL;
}
