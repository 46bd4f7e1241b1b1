/* wr's own features reached from wasm.h objects through wr_wasm.h: fuel and interrupts. */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "capi.h"
#include "wr_wasm.h"

static wasm_trap_t *spin_once(wasm_store_t *store, wasm_module_t *module)
{
    wasm_instance_t *instance = wasm_instance_new(store, module, NULL, NULL);
    if (!instance)
        return NULL;
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    wasm_trap_t *trap = wasm_func_call(wasm_extern_as_func(exports.data[0]), NULL, NULL);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    return trap;
}

static void *interrupt_later(void *store)
{
    struct timespec ts = {0, 20 * 1000 * 1000};
    nanosleep(&ts, NULL);
    wr_store_interrupt(store);
    return NULL;
}

void test_bridge(check_counts *t)
{
    char buf[128];
    wasm_config_t *config = wasm_config_new();
    wr_wasm_config(config)->fuel = 100000;
    wasm_engine_t *engine = capi_engine(config);
    REQUIRE(t, wr_engine_config(wr_wasm_engine(engine))->fuel == 100000);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "spin");
    REQUIRE(t, module && wr_module_export_count(wr_wasm_module(module)) == 1);
    wasm_trap_t *trap = spin_once(store, module);
    REQUIRE(t, trap);
    REQUIRE(t, strcmp(trap_text(trap, buf, sizeof buf), "all fuel consumed") == 0);
    wasm_trap_delete(trap);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);

    engine = capi_engine(NULL);
    store = wasm_store_new(engine);
    module = load_module(store, "spin");
    REQUIRE(t, module);
    pthread_t thread;
    REQUIRE(t, pthread_create(&thread, NULL, interrupt_later, wr_wasm_store(store)) == 0);
    trap = spin_once(store, module);
    pthread_join(thread, NULL);
    REQUIRE(t, trap);
    REQUIRE(t, strcmp(trap_text(trap, buf, sizeof buf), "interrupted") == 0);
    wasm_trap_delete(trap);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
}
