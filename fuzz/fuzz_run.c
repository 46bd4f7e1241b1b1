/*
 * Fuzz target: build any bytes into a module, instantiate it against stand-in imports and
 * call every exported function (arguments all zero bits, then all one bits), under fuel and
 * small memory, table and call-depth limits so that every input finishes quickly. Traps are
 * fine; crashes, hangs and sanitizer reports are not. Inputs of odd length run with guard
 * regions (bounds_checks off), so both ways of catching out-of-bounds accesses get fuzzed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wr.h"

enum { MAX_CALLS = 64, MAX_VALUES = 64 };

static wr_error *zero_results(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller;
    (void)args;
    uint32_t nresults = (uint32_t)(uintptr_t)env;
    for (uint32_t i = 0; i < nresults; i++)
        memset(&results[i].of, 0, sizeof results[i].of);
    return NULL;
}

static wr_val zero_of(wr_valtype type)
{
    wr_val v;
    memset(&v, 0, sizeof v);
    v.type = type;
    return v;
}

/* A stand-in for one import, or false when the limits forbid making it. A function's env is
 * its result count. */
static bool make_import(wr_store *store, const wr_externtype *type, wr_extern *out)
{
    out->kind = type->kind;
    switch (type->kind) {
    case WR_EXTERN_FUNC:
        out->of.func = wr_func_new_host(store, &type->of.func, zero_results,
                                        (void *)(uintptr_t)type->of.func.nresults, NULL);
        return out->of.func != NULL;
    case WR_EXTERN_TABLE:
        out->of.table = wr_table_new(store, &type->of.table, zero_of(type->of.table.elem));
        return out->of.table != NULL;
    case WR_EXTERN_MEMORY:
        out->of.memory = wr_memory_new(store, &type->of.memory);
        return out->of.memory != NULL;
    case WR_EXTERN_GLOBAL:
        out->of.global = wr_global_new(store, &type->of.global, zero_of(type->of.global.type));
        return out->of.global != NULL;
    case WR_EXTERN_TAG:
        out->of.tag = wr_exntag_new(store, &type->of.tag);
        return out->of.tag != NULL;
    }
    return false;
}

/* Every exported function, with arguments of all bits clear and then all bits set. */
static void call_exports(wr_store *store, wr_module *module, wr_instance *instance)
{
    size_t nexports = wr_module_export_count(module), calls = 0;
    for (size_t n = 0; n < 2 * nexports && calls < MAX_CALLS; n++) {
        size_t i = n % nexports;
        bool ones = n >= nexports;
        wr_name name;
        wr_externtype type;
        wr_module_export(module, i, &name, &type);
        wr_extern ext;
        if (type.kind != WR_EXTERN_FUNC || !wr_instance_export(instance, name.data, name.len, &ext))
            continue;
        const wr_functype *ft = wr_func_type(ext.of.func);
        if (ft->nparams > MAX_VALUES || ft->nresults > MAX_VALUES)
            continue;
        wr_val args[MAX_VALUES], results[MAX_VALUES];
        for (uint32_t k = 0; k < ft->nparams; k++) {
            args[k] = zero_of(ft->params[k]);
            bool numeric = ft->params[k] != WR_FUNCREF && ft->params[k] != WR_EXTERNREF;
            if (ones && numeric)
                memset(&args[k].of, 0xFF, sizeof args[k].of);
        }
        calls++;
        wr_error *err = wr_func_call(store, ext.of.func, args, ft->nparams, results, ft->nresults);
        if (err) {
            size_t nframes;
            (void)wr_error_frames(err, &nframes);
            (void)wr_error_message(err);
            wr_error_free(err);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.max_memory_pages = 16;
    cfg.max_table_elems = 1024;
    cfg.max_call_depth = 200;
    cfg.max_module_size = 1 << 20;
    cfg.fuel = 20000;
    cfg.bounds_checks = size % 2 == 0;
    wr_engine *engine = wr_engine_new(&cfg);
    if (!engine)
        return 0;
    wr_module *module = NULL;
    wr_error *err = wr_module_new(engine, data, size, &module);
    wr_error_free(err);
    wr_store *store = module ? wr_store_new(engine) : NULL;
    if (store) {
        size_t nimports = wr_module_import_count(module);
        wr_extern *imports = calloc(nimports ? nimports : 1, sizeof *imports);
        bool ready = imports != NULL;
        for (size_t i = 0; ready && i < nimports; i++) {
            wr_name mod, name;
            wr_externtype type;
            wr_module_import(module, i, &mod, &name, &type);
            ready = make_import(store, &type, &imports[i]);
        }
        wr_instance *instance = NULL;
        if (ready) {
            err = wr_instance_new(store, module, imports, nimports, &instance);
            wr_error_free(err);
        }
        if (instance)
            call_exports(store, module, instance);
        free(imports);
        wr_store_free(store);
    }
    wr_module_free(module);
    wr_engine_free(engine);
    return 0;
}
