/*
 * Mixing the standard C API with wr's reactor: the module is compiled, inspected and run
 * synchronously through wasm.h, then the same compiled module is handed to a reactor
 * (wr_reactor.h) whose worker threads run calls asynchronously while the main thread keeps
 * using its own wasm.h instance. wr_wasm.h is the only bridge between the two.
 *
 *   capi_reactor_mix [module.wasm]   (default: the fib.wasm next to this file)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasm.h"
#include "wr_reactor.h"
#include "wr_wasm.h"

enum { WORKERS = 2, CALLS = 25 };

static bool read_module(wasm_store_t *store, const char *path, wasm_module_t **out)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return false;
    }
    wasm_byte_vec_t bytes;
    bool ok = fseek(f, 0, SEEK_END) == 0;
    long size = ok ? ftell(f) : -1;
    ok = size > 0 && fseek(f, 0, SEEK_SET) == 0;
    if (ok) {
        wasm_byte_vec_new_uninitialized(&bytes, (size_t)size);
        ok = bytes.size == (size_t)size && fread(bytes.data, 1, bytes.size, f) == bytes.size;
        *out = ok ? wasm_module_new(store, &bytes) : NULL;
        ok = *out != NULL;
        wasm_byte_vec_delete(&bytes);
    }
    fclose(f);
    if (!ok)
        fprintf(stderr, "%s is not a valid module\n", path);
    return ok;
}

static const char *kind_name(wasm_externkind_t kind)
{
    switch (kind) {
    case WASM_EXTERN_FUNC: return "func";
    case WASM_EXTERN_GLOBAL: return "global";
    case WASM_EXTERN_TABLE: return "table";
    default: return "memory";
    }
}

/* The module's exports through wasm.h's reflection; true when it has fib: (i32) -> i32. */
static bool show_exports(const wasm_module_t *module)
{
    wasm_exporttype_vec_t exports;
    wasm_module_exports(module, &exports);
    bool has_fib = false;
    for (size_t i = 0; i < exports.size; i++) {
        const wasm_name_t *name = wasm_exporttype_name(exports.data[i]);
        const wasm_externtype_t *type = wasm_exporttype_type(exports.data[i]);
        printf("export %.*s: %s\n", (int)name->size, name->data, kind_name(wasm_externtype_kind(type)));
        const wasm_functype_t *ft = wasm_externtype_as_functype_const(type);
        if (ft && name->size == 3 && memcmp(name->data, "fib", 3) == 0 &&
            wasm_functype_params(ft)->size == 1 && wasm_functype_results(ft)->size == 1 &&
            wasm_valtype_kind(wasm_functype_params(ft)->data[0]) == WASM_I32 &&
            wasm_valtype_kind(wasm_functype_results(ft)->data[0]) == WASM_I32)
            has_fib = true;
    }
    wasm_exporttype_vec_delete(&exports);
    return has_fib;
}

static const wasm_func_t *export_func(const wasm_module_t *module, const wasm_extern_vec_t *exports,
                                      const char *want)
{
    wasm_exporttype_vec_t types;
    wasm_module_exports(module, &types);
    const wasm_func_t *found = NULL;
    for (size_t i = 0; i < types.size && i < exports->size; i++) {
        const wasm_name_t *name = wasm_exporttype_name(types.data[i]);
        if (name->size == strlen(want) && memcmp(name->data, want, name->size) == 0)
            found = wasm_extern_as_func(exports->data[i]);
    }
    wasm_exporttype_vec_delete(&types);
    return found;
}

/* fib(n) on the main thread through wasm.h; -1 on a trap. */
static int32_t call_sync(const wasm_func_t *fib, int32_t n)
{
    wasm_val_t args_arr[1] = {WASM_I32_VAL(n)}, results_arr[1] = {WASM_INIT_VAL};
    wasm_val_vec_t args = WASM_ARRAY_VEC(args_arr), results = WASM_ARRAY_VEC(results_arr);
    wasm_trap_t *trap = wasm_func_call(fib, &args, &results);
    if (trap) {
        wasm_message_t msg;
        wasm_trap_message(trap, &msg);
        fprintf(stderr, "trap: %s\n", msg.data);
        wasm_byte_vec_delete(&msg);
        wasm_trap_delete(trap);
        return -1;
    }
    return results_arr[0].of.i32;
}

/* Submit fib(0) .. fib(CALLS-1) to the reactor, and while its workers run them compute the
 * same values here; then compare. */
static int run_both(wr_reactor *reactor, const wasm_func_t *fib)
{
    wr_future *futures[CALLS] = {0};
    int failures = 0;
    for (int32_t n = 0; n < CALLS; n++) {
        wr_val arg = wr_val_i32(n);
        wr_call_options opts;
        wr_call_options_default(&opts);
        wr_error *err = wr_reactor_call(reactor, "fib", &arg, 1, &opts, &futures[n]);
        if (err) {
            fprintf(stderr, "submit fib(%d): %s\n", n, wr_error_message(err));
            wr_error_free(err);
            failures++;
        }
    }
    int32_t expected[CALLS];
    for (int32_t n = 0; n < CALLS; n++)
        expected[n] = call_sync(fib, n);
    for (int32_t n = 0; n < CALLS; n++) {
        if (!futures[n])
            continue;
        wr_future_wait(futures[n], -1);
        size_t count = 0;
        const wr_val *res = wr_future_results(futures[n], &count);
        if (wr_future_status(futures[n]) != WR_CALL_OK || count != 1 || res[0].of.i32 != expected[n]) {
            const char *why = wr_future_message(futures[n]);
            fprintf(stderr, "fib(%d): reactor disagrees (%s)\n", n, why ? why : "wrong value");
            failures++;
        }
        wr_future_free(futures[n]);
    }
    printf("fib(%d) = %d, computed %d times on each side\n", CALLS - 1, expected[CALLS - 1], CALLS);
    return failures;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : EXAMPLE_DIR "/fib.wasm";
    wasm_config_t *config = wasm_config_new();
    /* wr's own limits through the bridge: a runaway guest stops instead of hanging. */
    wr_wasm_config(config)->max_call_depth = 2000;
    wasm_engine_t *engine = wasm_engine_new_with_config(config);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = NULL;
    int failures = 1;
    if (!engine || !store || !read_module(store, path, &module))
        goto out;
    if (!show_exports(module)) {
        fprintf(stderr, "%s exports no fib: (i32) -> i32\n", path);
        goto out;
    }

    wasm_trap_t *trap = NULL;
    wasm_extern_vec_t imports = WASM_EMPTY_VEC, exports = WASM_EMPTY_VEC;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    if (!instance) {
        fprintf(stderr, "instantiation failed\n");
        wasm_trap_delete(trap);
        goto out;
    }
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *init = export_func(module, &exports, "_initialize");
    const wasm_func_t *fib = export_func(module, &exports, "fib");
    if (init)
        wasm_trap_delete(wasm_func_call(init, NULL, NULL));

    wr_reactor_config rcfg;
    wr_reactor_config_default(&rcfg);
    rcfg.workers = WORKERS;
    wr_reactor *reactor = NULL;
    wr_error *err = wr_reactor_new(wr_wasm_module(module), &rcfg, &reactor);
    if (err) {
        fprintf(stderr, "reactor: %s\n", wr_error_message(err));
        wr_error_free(err);
    } else {
        failures = run_both(reactor, fib);
        wr_reactor_free(reactor);
    }
    printf("%s\n", failures ? "MISMATCH" : "reactor and wasm.h agree");

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
out:
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return failures ? 1 : 0;
}
