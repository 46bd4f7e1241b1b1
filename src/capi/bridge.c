/* The wr objects behind wasm.h objects (include/wr_wasm.h). */
#include "capi/capi.h"
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
