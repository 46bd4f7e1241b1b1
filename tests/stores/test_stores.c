/* Store ownership: an object belongs to the store it was created in, and using it in another
 * store (as an import, a callee or a funcref value) is an error, through wr.h and wasm.h
 * alike; one wr_wasi serves one instance. Where a foreign import used to be kept, the test
 * then frees the foreign store and goes on using its own. Guests: the WAT files of wasm/
 * (wasm/build.sh rebuilds them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wasm.h"
#include "wr.h"
#include "wr_wasi.h"

static wr_engine *engine;

static wr_module *load(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.wasm", STORES_WASM_DIR, name);
    wr_module *module = NULL;
    wr_error *err = wr_module_load(engine, path, &module);
    if (err) {
        fprintf(stderr, "%s: %s\n", path, wr_error_message(err));
        wr_error_free(err);
    }
    return module;
}

/* Whether err is of kind and its message contains text; frees err. */
static bool error_is(wr_error *err, wr_error_kind kind, const char *text)
{
    bool ok = err && wr_error_kind_of(err) == kind && strstr(wr_error_message(err), text);
    if (!ok)
        fprintf(stderr, "unexpected error: %s\n", err ? wr_error_message(err) : "(none)");
    wr_error_free(err);
    return ok;
}

static wr_error *seven(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller, (void)args, (void)env;
    results[0] = wr_val_i32(7);
    return NULL;
}

/* The case: a linker filled from store A instantiating into store B. */
static void test_linker_other_store(check_counts *t)
{
    wr_module *exports = load("exports"), *imports = load("imports");
    REQUIRE(t, exports && imports);
    wr_store *a = wr_store_new(engine), *b = wr_store_new(engine);
    wr_instance *provider, *consumer = NULL;
    REQUIRE(t, !wr_instance_new(a, exports, NULL, 0, &provider));
    wr_linker *linker = wr_linker_new(engine);
    REQUIRE(t, !wr_linker_define_instance(linker, "a", 1, provider));
    REQUIRE(t, error_is(wr_linker_instantiate(linker, b, imports, &consumer), WR_ERR_LINK,
                   "import 0 belongs to another store"));
    REQUIRE(t, consumer == NULL);

    /* Only the memory from A: the message names import 1. */
    static const wr_valtype i32[1] = {WR_I32};
    wr_functype type = {0, 1, NULL, i32};
    wr_func *f = wr_func_new_host(b, &type, seven, NULL, NULL);
    REQUIRE(t, f);
    REQUIRE(t, !wr_linker_define(linker, "a", 1, "f", 1, (wr_extern){WR_EXTERN_FUNC, {.func = f}}));
    REQUIRE(t, error_is(wr_linker_instantiate(linker, b, imports, &consumer), WR_ERR_LINK,
                   "import 1 belongs to another store"));

    /* B's own memory links, and B keeps working once A is gone. */
    wr_memtype memtype = {{1, 0, false}, false};
    wr_memory *mem = wr_memory_new(b, &memtype);
    REQUIRE(t, mem);
    REQUIRE(t, !wr_linker_define(linker, "a", 1, "mem", 3,
                            (wr_extern){WR_EXTERN_MEMORY, {.memory = mem}}));
    wr_store_free(a);
    REQUIRE(t, !wr_linker_instantiate(linker, b, imports, &consumer));
    wr_val result;
    REQUIRE(t, !wr_func_call(b, wr_instance_func(consumer, "call"), NULL, 0, &result, 1));
    REQUIRE(t, result.of.i32 == 7);
    wr_linker_free(linker);
    wr_store_free(b);
    wr_module_free(exports);
    wr_module_free(imports);
}

/* wr_instance_new with each kind of another store's object. */
static void test_instance_other_store(check_counts *t)
{
    wr_module *exports = load("exports"), *imports = load("imports");
    REQUIRE(t, exports && imports);
    wr_store *a = wr_store_new(engine), *b = wr_store_new(engine);
    wr_instance *provider, *consumer = NULL;
    REQUIRE(t, !wr_instance_new(a, exports, NULL, 0, &provider));
    wr_extern fa, mema, fb;
    REQUIRE(t, wr_instance_export(provider, "f", 1, &fa));
    REQUIRE(t, wr_instance_export(provider, "mem", 3, &mema));
    static const wr_valtype i32[1] = {WR_I32};
    wr_functype type = {0, 1, NULL, i32};
    fb = (wr_extern){WR_EXTERN_FUNC, {.func = wr_func_new_host(b, &type, seven, NULL, NULL)}};
    wr_memtype memtype = {{1, 0, false}, false};
    wr_extern memb = {WR_EXTERN_MEMORY, {.memory = wr_memory_new(b, &memtype)}};
    REQUIRE(t, fb.of.func && memb.of.memory);

    wr_extern both_a[2] = {fa, mema}, func_a[2] = {fa, memb}, mem_a[2] = {fb, mema};
    REQUIRE(t, error_is(wr_instance_new(b, imports, both_a, 2, &consumer), WR_ERR_LINK,
                   "import 0 belongs to another store"));
    REQUIRE(t, error_is(wr_instance_new(b, imports, func_a, 2, &consumer), WR_ERR_LINK,
                   "import 0 belongs to another store"));
    REQUIRE(t, error_is(wr_instance_new(b, imports, mem_a, 2, &consumer), WR_ERR_LINK,
                   "import 1 belongs to another store"));
    REQUIRE(t, consumer == NULL);
    wr_store_free(a);
    wr_extern own[2] = {fb, memb};
    REQUIRE(t, !wr_instance_new(b, imports, own, 2, &consumer));
    wr_store_free(b);
    wr_module_free(exports);
    wr_module_free(imports);
}

static wr_func *foreign_func; /* what get_foreign returns */

static wr_error *get_foreign(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller, (void)args, (void)env;
    results[0].of.funcref = foreign_func;
    return NULL;
}

/* Calls, funcref arguments and results, tables and globals. */
static void test_calls_and_refs(check_counts *t)
{
    wr_module *exports = load("exports"), *refs = load("funcref");
    REQUIRE(t, exports && refs);
    wr_store *a = wr_store_new(engine), *b = wr_store_new(engine);
    wr_instance *ia, *ib;
    REQUIRE(t, !wr_instance_new(a, exports, NULL, 0, &ia));
    wr_func *fa = wr_instance_func(ia, "f");
    wr_val result;
    REQUIRE(t, error_is(wr_func_call(b, fa, NULL, 0, &result, 1), WR_ERR_ARG,
                   "belongs to another store"));
    REQUIRE(t, !wr_func_call(a, fa, NULL, 0, &result, 1) && result.of.i32 == 7);

    static const wr_valtype funcref[1] = {WR_FUNCREF};
    wr_functype get_type = {0, 1, NULL, funcref};
    wr_extern get = {WR_EXTERN_FUNC,
                     {.func = wr_func_new_host(b, &get_type, get_foreign, NULL, NULL)}};
    REQUIRE(t, get.of.func);
    REQUIRE(t, !wr_instance_new(b, refs, &get, 1, &ib));
    wr_val ref_a = {.type = WR_FUNCREF, .of.funcref = fa};
    REQUIRE(t, error_is(wr_func_call(b, wr_instance_func(ib, "take"), &ref_a, 1, NULL, 0), WR_ERR_ARG,
                   "argument 0 is a funcref of another store"));
    foreign_func = fa;
    REQUIRE(t, error_is(wr_func_call(b, wr_instance_func(ib, "fetch"), NULL, 0, NULL, 0), WR_ERR_TRAP,
                   "funcref of another store"));
    foreign_func = wr_instance_func(ib, "take");
    REQUIRE(t, !wr_func_call(b, wr_instance_func(ib, "fetch"), NULL, 0, NULL, 0));

    wr_tabletype tabletype = {WR_FUNCREF, {1, 0, false}, false};
    wr_val null_ref = {.type = WR_FUNCREF, .of.funcref = NULL};
    REQUIRE(t, wr_table_new(b, &tabletype, ref_a) == NULL);
    wr_table *table = wr_table_new(b, &tabletype, null_ref);
    REQUIRE(t, table);
    REQUIRE(t, !wr_table_set(table, 0, ref_a));
    REQUIRE(t, !wr_table_grow(table, 1, ref_a, NULL));
    REQUIRE(t, wr_table_size(table) == 1);
    wr_val ref_b = {.type = WR_FUNCREF, .of.funcref = foreign_func};
    REQUIRE(t, wr_table_set(table, 0, ref_b));

    wr_globaltype globaltype = {WR_FUNCREF, true};
    REQUIRE(t, wr_global_new(b, &globaltype, ref_a) == NULL);
    wr_global *global = wr_global_new(b, &globaltype, ref_b);
    REQUIRE(t, global);
    REQUIRE(t, !wr_global_set(global, ref_a));
    REQUIRE(t, wr_global_get(global).of.funcref == foreign_func);

    wr_store_free(a);
    wr_store_free(b);
    wr_module_free(exports);
    wr_module_free(refs);
}

/* Two instances on one wr_wasi: the second one's WASI calls trap. */
static void test_wasi_one_instance(check_counts *t)
{
    wr_module *module = load("wasi");
    REQUIRE(t, module);
    wr_store *store = wr_store_new(engine);
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_wasi *wasi;
    REQUIRE(t, store && cfg && !wr_wasi_new(store, cfg, &wasi));
    wr_linker *linker = wr_linker_new(engine);
    REQUIRE(t, !wr_wasi_define(linker, wasi));
    wr_instance *first, *second;
    REQUIRE(t, !wr_linker_instantiate(linker, store, module, &first));
    REQUIRE(t, !wr_linker_instantiate(linker, store, module, &second));
    wr_val result;
    REQUIRE(t, !wr_func_call(store, wr_instance_func(first, "yield"), NULL, 0, &result, 1));
    REQUIRE(t, result.of.i32 == 0);
    REQUIRE(t, error_is(wr_func_call(store, wr_instance_func(second, "yield"), NULL, 0, &result, 1),
                   WR_ERR_TRAP, "each instance needs its own wr_wasi"));
    int code;
    REQUIRE(t, error_is(wr_wasi_run_start(wasi, second, &code), WR_ERR_ARG,
                   "already serves another instance"));
    REQUIRE(t, !wr_wasi_run_start(wasi, first, &code) && code == 0);
    REQUIRE(t, !wr_func_call(store, wr_instance_func(first, "yield"), NULL, 0, &result, 1));
    wr_linker_free(linker);
    wr_store_free(store);
    wr_wasi_free(wasi);
    wr_wasi_config_free(cfg);
    wr_module_free(module);
}

static wasm_trap_t *seven_cb(const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)args;
    results->data[0].kind = WASM_I32;
    results->data[0].of.i32 = 7;
    return NULL;
}

static wasm_module_t *capi_load(wasm_store_t *store, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.wasm", STORES_WASM_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    wasm_byte_vec_t bytes = {n, buf};
    return wasm_module_new(store, &bytes);
}

/* The same through wasm.h: another store's wasm_func as an import. */
static void test_capi_other_store(check_counts *t)
{
    wasm_engine_t *e = wasm_engine_new();
    wasm_store_t *a = wasm_store_new(e), *b = wasm_store_new(e);
    wasm_module_t *module = capi_load(b, "imports");
    REQUIRE(t, module);
    wasm_valtype_t *i32 = wasm_valtype_new_i32();
    wasm_functype_t *type = wasm_functype_new_0_1(i32);
    wasm_func_t *fa = wasm_func_new(a, type, seven_cb), *fb = wasm_func_new(b, type, seven_cb);
    wasm_limits_t limits = {1, wasm_limits_max_default};
    wasm_memorytype_t *memtype = wasm_memorytype_new(&limits);
    wasm_memory_t *mem = wasm_memory_new(b, memtype);
    REQUIRE(t, fa && fb && mem);

    wasm_extern_t *foreign[2] = {wasm_func_as_extern(fa), wasm_memory_as_extern(mem)};
    wasm_extern_vec_t imports = {2, foreign};
    wasm_trap_t *trap = NULL;
    REQUIRE(t, wasm_instance_new(b, module, &imports, &trap) == NULL);
    REQUIRE(t, trap);
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    char text[512];
    snprintf(text, sizeof text, "%.*s", (int)msg.size, msg.data);
    wasm_byte_vec_delete(&msg);
    bool named = strstr(text, "import 0 belongs to another store") != NULL;
    if (!named)
        fprintf(stderr, "unexpected trap: %s\n", text);
    wasm_trap_delete(trap);
    REQUIRE(t, named);

    wasm_func_delete(fa);
    wasm_store_delete(a);
    wasm_extern_t *own[2] = {wasm_func_as_extern(fb), wasm_memory_as_extern(mem)};
    imports.data = own;
    wasm_instance_t *instance = wasm_instance_new(b, module, &imports, &trap);
    REQUIRE(t, instance && !trap);
    wasm_instance_delete(instance);
    wasm_func_delete(fb);
    wasm_memory_delete(mem);
    wasm_memorytype_delete(memtype);
    wasm_functype_delete(type);
    wasm_module_delete(module);
    wasm_store_delete(b);
    wasm_engine_delete(e);
}

int main(void)
{
    static const struct {
        const char *name;
        void (*run)(check_counts *t);
    } tests[] = {
        {"linker_other_store", test_linker_other_store},
        {"instance_other_store", test_instance_other_store},
        {"calls_and_refs", test_calls_and_refs},
        {"wasi_one_instance", test_wasi_one_instance},
        {"capi_other_store", test_capi_other_store},
    };
    engine = wr_engine_new(NULL);
    if (!engine)
        return 1;
    check_counts t = {0};
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        unsigned begin = check_case_begin(&t);
        tests[i].run(&t);
        check_case_end(&t, begin, tests[i].name);
    }
    wr_engine_free(engine);
    return check_report(&t);
}
