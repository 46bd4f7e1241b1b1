/* One module shared by several threads, each with its own store. */
#include <pthread.h>

#include "capi.h"

enum { THREADS = 4, CALLS = 25 };

typedef struct worker {
    wasm_engine_t *engine;
    const wasm_shared_module_t *shared;
    int id;
    int reports;   /* calls of the host function with the right id */
    check_counts *t; /* the thread checks into the test's counts */
} worker;

static wasm_trap_t *report_cb(void *env, const wasm_val_vec_t *args, wasm_val_vec_t *results)
{
    (void)results;
    worker *w = env;
    if (args->data[0].of.i32 == w->id)
        w->reports++;
    return NULL;
}

static void run_worker(check_counts *t, worker *w)
{
    wasm_store_t *store = wasm_store_new(w->engine);
    wasm_module_t *module = wasm_module_obtain(store, w->shared);
    REQUIRE(t, module);

    wasm_functype_t *report_type = wasm_functype_new_1_0(wasm_valtype_new_i32());
    wasm_func_t *report = wasm_func_new_with_env(store, report_type, report_cb, w, NULL);
    wasm_functype_delete(report_type);
    wasm_globaltype_t *id_type = wasm_globaltype_new(wasm_valtype_new_i32(), WASM_CONST);
    wasm_val_t id = WASM_I32_VAL(w->id);
    wasm_global_t *global = wasm_global_new(store, id_type, &id);
    wasm_globaltype_delete(id_type);

    wasm_extern_t *imports_arr[] = {wasm_func_as_extern(report), wasm_global_as_extern(global)};
    wasm_extern_vec_t imports = WASM_ARRAY_VEC(imports_arr);
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, NULL);
    REQUIRE(t, instance);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *run = wasm_extern_as_func(exports.data[0]);
    REQUIRE(t, run);
    for (int i = 0; i < CALLS; i++)
        REQUIRE(t, wasm_func_call(run, NULL, NULL) == NULL);

    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_func_delete(report);
    wasm_global_delete(global);
    wasm_module_delete(module);
    wasm_store_delete(store);
}

static void *thread_main(void *arg)
{
    worker *w = arg;
    run_worker(w->t, w);
    return NULL;
}

void test_threads(check_counts *t)
{
    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "threads");
    REQUIRE(t, module);
    wasm_shared_module_t *shared = wasm_module_share(module);
    wasm_module_delete(module);
    REQUIRE(t, shared);

    worker workers[THREADS];
    pthread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++) {
        workers[i] = (worker){engine, shared, i + 1, 0, t};
        REQUIRE(t, pthread_create(&threads[i], NULL, thread_main, &workers[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < THREADS; i++)
        CHECK_EQ(t, workers[i].reports, CALLS);

    wasm_shared_module_delete(shared);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}
