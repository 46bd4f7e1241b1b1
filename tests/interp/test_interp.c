/*
 * Interpreter and runtime tests through the public API: host functions and re-entry,
 * traps with backtraces, call stack exhaustion on a small thread stack, interruption
 * from another thread, fuel, memory.grow limits, and values of every type crossing the
 * API (v128, references, globals, tables), typed references (3.0) through the API.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "modules.h"
#include "wr.h"

static wr_module *load(wr_engine *engine, const uint8_t *bytes, size_t len)
{
    wr_module *m = NULL;
    wr_error *err = wr_module_new(engine, bytes, len, &m);
    if (err) {
        fprintf(stderr, "module: %s\n", wr_error_message(err));
        wr_error_free(err);
        return NULL;
    }
    return m;
}

static wr_instance *instantiate(wr_store *store, wr_module *m, const wr_extern *imports, size_t n)
{
    wr_instance *inst = NULL;
    wr_error *err = wr_instance_new(store, m, imports, n, &inst);
    if (err) {
        fprintf(stderr, "instantiate: %s\n", wr_error_message(err));
        wr_error_free(err);
    }
    return inst;
}

/* ---------------------------------------------------------------- host functions */

static wr_error *host_add3(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    int *calls = env;
    (*calls)++;
    wr_memory *mem = wr_caller_memory(caller);
    if (mem && wr_memory_size(mem) >= 8)
        memcpy(wr_memory_data(mem) + 4, &args[0].of.i32, 4);
    results[0].of.i32 = args[0].of.i32 + args[1].of.i32 + args[2].of.i32;
    return NULL;
}

static wr_error *host_fail(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller, (void)args, (void)results, (void)env;
    return wr_trap_new("host says no");
}

/* Calls back into the instance's "twice" export. */
static wr_error *host_reenter(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)env;
    wr_func *twice = wr_instance_func(wr_caller_instance(caller), "twice");
    if (!twice)
        return wr_trap_new("no twice");
    return wr_func_call(wr_caller_store(caller), twice, args, 1, results, 1);
}

/* Calls the instance's "rec" export, which calls back here: unbounded host -> wasm ->
 * host recursion, which must end in a trap rather than overflow the C stack. */
static wr_error *host_recurse(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    uintptr_t *deepest = env;
    uintptr_t here = (uintptr_t)&here;
    if (!*deepest || here < *deepest)
        *deepest = here;
    wr_func *rec = wr_instance_func(wr_caller_instance(caller), "rec");
    wr_val next = wr_val_i32(args[0].of.i32 + 1);
    return wr_func_call(wr_caller_store(caller), rec, &next, 1, results, 1);
}

static void test_host(check_counts *t, wr_engine *engine)
{
    wr_module *m = load(engine, host_wasm, sizeof host_wasm);
    CHECK(t, m != NULL);
    if (!m)
        return;
    wr_store *store = wr_store_new(engine);
    int calls = 0;
    static const wr_valtype i32x3[] = {WR_I32, WR_I32, WR_I32};
    wr_functype add3_type = {3, 1, i32x3, i32x3};
    wr_functype fail_type = {0, 0, NULL, NULL};
    wr_functype reenter_type = {1, 1, i32x3, i32x3};
    uintptr_t deepest = 0;
    wr_extern imports[4] = {
        {WR_EXTERN_FUNC, {.func = wr_func_new_host(store, &add3_type, host_add3, &calls, NULL)}},
        {WR_EXTERN_FUNC, {.func = wr_func_new_host(store, &fail_type, host_fail, NULL, NULL)}},
        {WR_EXTERN_FUNC,
         {.func = wr_func_new_host(store, &reenter_type, host_reenter, NULL, NULL)}},
        {WR_EXTERN_FUNC,
         {.func = wr_func_new_host(store, &reenter_type, host_recurse, &deepest, NULL)}},
    };
    CHECK(t, wr_func_type(imports[0].of.func)->nparams == 3);
    CHECK(t, wr_func_type(imports[0].of.func)->params[2] == WR_I32);

    /* Wrong import types are refused. */
    wr_extern swapped[4] = {imports[1], imports[0], imports[2], imports[3]};
    wr_instance *bad = NULL;
    wr_error *err = wr_instance_new(store, m, swapped, 4, &bad);
    CHECK(t, err && wr_error_kind_of(err) == WR_ERR_LINK);
    CHECK(t, err && strncmp(wr_error_reason(err), "incompatible import type", 24) == 0);
    wr_error_free(err);

    wr_instance *inst = instantiate(store, m, imports, 4);
    CHECK(t, inst != NULL);
    if (inst) {
        int32_t r = 0;
        err = call_i32(store, inst, "sum", 5, &r);
        CHECK(t, !err && r == 115 && calls == 1);
        wr_error_free(err);
        /* The host wrote its first argument at address 4 of the caller's memory. */
        err = call_i32(store, inst, "load", 4, &r);
        CHECK(t, !err && r == 5);
        wr_error_free(err);

        err = call_i32(store, inst, "via_host", 20, &r);
        CHECK(t, !err && r == 41);
        wr_error_free(err);

        wr_func *fails = wr_instance_func(inst, "fails");
        err = wr_func_call(store, fails, NULL, 0, NULL, 0);
        CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_HOST);
        CHECK(t, err && strcmp(wr_error_reason(err), "host says no") == 0);
        size_t n = 0;
        const wr_frame *frames = err ? wr_error_frames(err, &n) : NULL;
        CHECK(t, n == 1 && frames[0].func_name && strcmp(frames[0].func_name, "fails") == 0);
        wr_error_free(err);

        uintptr_t top = (uintptr_t)&top;
        err = call_i32(store, inst, "rec", 0, &r);
        CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_STACK_EXHAUSTED);
        /* Bounded by levels, and by the thread's stack (see the small-stack test). */
        CHECK(t, deepest && top > deepest);
        if (deepest)
            printf("host recursion used %zu KiB of C stack\n", (size_t)(top - deepest) / 1024);
        wr_error_free(err);
        err = call_i32(store, inst, "sum", 1, &r);
        CHECK(t, !err && r == 111);
        wr_error_free(err);

        /* Arity and type errors from the API. */
        wr_val wrong = wr_val_i64(1), res;
        err = wr_func_call(store, wr_instance_func(inst, "twice"), &wrong, 1, &res, 1);
        CHECK(t, err && wr_error_kind_of(err) == WR_ERR_ARG);
        wr_error_free(err);
        err = wr_func_call(store, wr_instance_func(inst, "twice"), NULL, 0, &res, 1);
        CHECK(t, err && wr_error_kind_of(err) == WR_ERR_ARG);
        wr_error_free(err);
    }

    /* The linker names missing imports. */
    wr_linker *linker = wr_linker_new(engine);
    err = wr_linker_define(linker, "env", 3, "add3", 4, imports[0]);
    CHECK(t, !err);
    err = wr_linker_instantiate(linker, store, m, &inst);
    CHECK(t, err && wr_error_kind_of(err) == WR_ERR_LINK);
    CHECK(t, err && strncmp(wr_error_reason(err), "unknown import", 14) == 0);
    wr_error_free(err);
    wr_linker_define(linker, "env", 3, "fail", 4, imports[1]);
    wr_linker_define(linker, "env", 3, "reenter", 7, imports[2]);
    wr_linker_define(linker, "env", 3, "recurse", 7, imports[3]);
    err = wr_linker_instantiate(linker, store, m, &inst);
    CHECK(t, !err && inst);
    wr_error_free(err);
    wr_linker_free(linker);

    wr_store_free(store);
    wr_module_free(m);
}

/* ---------------------------------------------------------------- traps */

static void test_trap_backtrace(check_counts *t, wr_engine *engine)
{
    wr_module *m = load(engine, trap_wasm, sizeof trap_wasm);
    CHECK(t, m != NULL);
    if (!m)
        return;
    wr_store *store = wr_store_new(engine);
    wr_instance *inst = instantiate(store, m, NULL, 0);
    CHECK(t, inst != NULL);
    if (inst) {
        int32_t r = 0;
        wr_error *err = call_i32(store, inst, "outer", 1, &r);
        CHECK(t, !err && r == 2);
        wr_error_free(err);
        err = call_i32(store, inst, "outer", 0, &r);
        CHECK(t, err && wr_error_kind_of(err) == WR_ERR_TRAP);
        CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_DIV_ZERO);
        CHECK(t, err && strcmp(wr_error_reason(err), "integer divide by zero") == 0);
        size_t n = 0;
        const wr_frame *f = err ? wr_error_frames(err, &n) : NULL;
        CHECK(t, n == 2);
        if (n == 2) {
            CHECK(t, f[0].func_index == 0 && f[0].func_name && strcmp(f[0].func_name, "inner") == 0);
            CHECK(t, f[1].func_index == 1 && f[1].func_name && strcmp(f[1].func_name, "outer") == 0);
            /* The offsets point at the trapping instruction and at the call. */
            CHECK(t, f[0].code_offset < sizeof trap_wasm && trap_wasm[f[0].code_offset] == 0x6D);
            CHECK(t, f[1].code_offset < sizeof trap_wasm && trap_wasm[f[1].code_offset] == 0x10);
            /* Counted from each code entry's local count: after it and two instructions,
             * and after it and one. */
            CHECK(t, f[0].func_offset == 5 && f[1].func_offset == 3);
            CHECK(t, f[0].instance == inst && f[1].instance == inst);
        }
        wr_error_free(err);

        err = call_i32(store, inst, "count", 1000, &r);
        CHECK(t, !err && r == 1000);
        wr_error_free(err);
    }
    wr_store_free(store);
    wr_module_free(m);
}

/* Unbounded recursion on a thread with a small C stack: a trap, not a crash. */
typedef struct {
    wr_engine *engine;
    wr_trap_kind trap;
    size_t frames, left_out;
} recursion_job;

static void *recurse_thread(void *arg)
{
    recursion_job *job = arg;
    wr_module *m = load(job->engine, trap_wasm, sizeof trap_wasm);
    if (!m)
        return NULL;
    wr_store *store = wr_store_new(job->engine);
    wr_instance *inst = instantiate(store, m, NULL, 0);
    int32_t r;
    wr_error *err = inst ? call_i32(store, inst, "recurse", 0, &r) : NULL;
    if (err) {
        job->trap = wr_error_trap_kind(err);
        wr_error_frames(err, &job->frames);
        job->left_out = wr_error_frames_left_out(err, NULL);
    }
    wr_error_free(err);
    wr_store_free(store);
    wr_module_free(m);
    return NULL;
}

/* Runs fn(job) to completion on a thread with a 256 KiB stack; false when no thread starts. */
static bool run_on_small_stack(void *(*fn)(void *), recursion_job *job)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t thread;
    bool started = pthread_create(&thread, &attr, fn, job) == 0;
    if (started)
        pthread_join(thread, NULL);
    pthread_attr_destroy(&attr);
    return started;
}

static void test_stack_exhausted(check_counts *t, wr_engine *engine)
{
    recursion_job job = {engine, WR_TRAP_NONE, 0, 0};
    CHECK(t, run_on_small_stack(recurse_thread, &job));
    CHECK(t, job.trap == WR_TRAP_STACK_EXHAUSTED);
    /* Every level is a frame: the bound's worth are kept, the rest counted. */
    const wr_config *cfg = wr_engine_config(engine);
    CHECK(t, job.frames == cfg->max_backtrace_frames);
    CHECK(t, job.frames + job.left_out == cfg->max_call_depth);
}

/* Unbounded host -> wasm -> host recursion on a thread with a small C stack: a trap in
 * every build, even where one level takes a hundred KiB. */
static void *host_recurse_thread(void *arg)
{
    recursion_job *job = arg;
    wr_module *m = load(job->engine, host_wasm, sizeof host_wasm);
    if (!m)
        return NULL;
    wr_store *store = wr_store_new(job->engine);
    wr_functype t_iii_i = {3, 1, (wr_valtype[]){WR_I32, WR_I32, WR_I32}, (wr_valtype[]){WR_I32}};
    wr_functype t_v = {0, 0, NULL, NULL};
    wr_functype t_i_i = {1, 1, (wr_valtype[]){WR_I32}, (wr_valtype[]){WR_I32}};
    int calls = 0;
    uintptr_t deepest = 0;
    wr_extern imports[4] = {
        {.kind = WR_EXTERN_FUNC, .of.func = wr_func_new_host(store, &t_iii_i, host_add3, &calls, NULL)},
        {.kind = WR_EXTERN_FUNC, .of.func = wr_func_new_host(store, &t_v, host_fail, NULL, NULL)},
        {.kind = WR_EXTERN_FUNC, .of.func = wr_func_new_host(store, &t_i_i, host_reenter, NULL, NULL)},
        {.kind = WR_EXTERN_FUNC, .of.func = wr_func_new_host(store, &t_i_i, host_recurse, &deepest, NULL)},
    };
    wr_instance *inst = instantiate(store, m, imports, 4);
    int32_t r;
    wr_error *err = inst ? call_i32(store, inst, "rec", 0, &r) : NULL;
    job->trap = err ? wr_error_trap_kind(err) : WR_TRAP_NONE;
    wr_error_free(err);
    wr_store_free(store);
    wr_module_free(m);
    return NULL;
}

static void test_host_recursion_small_stack(check_counts *t, wr_engine *engine)
{
    recursion_job job = {engine, WR_TRAP_NONE, 0, 0};
    CHECK(t, run_on_small_stack(host_recurse_thread, &job));
    CHECK(t, job.trap == WR_TRAP_STACK_EXHAUSTED);
}

/* ---------------------------------------------------------------- interruption and fuel */

typedef struct {
    wr_store *store;
} interrupt_job;

static void *interrupt_thread(void *arg)
{
    interrupt_job *job = arg;
    struct timespec delay = {0, 50 * 1000 * 1000};
    nanosleep(&delay, NULL);
    wr_store_interrupt(job->store);
    return NULL;
}

static void test_interrupt(check_counts *t, wr_engine *engine)
{
    wr_module *m = load(engine, trap_wasm, sizeof trap_wasm);
    if (!m) {
        CHECK(t, m != NULL);
        return;
    }
    wr_store *store = wr_store_new(engine);
    wr_instance *inst = instantiate(store, m, NULL, 0);
    CHECK(t, inst != NULL);
    if (inst) {
        interrupt_job job = {store};
        pthread_t thread;
        CHECK(t, pthread_create(&thread, NULL, interrupt_thread, &job) == 0);
        wr_error *err = wr_func_call(store, wr_instance_func(inst, "spin"), NULL, 0, NULL, 0);
        pthread_join(thread, NULL);
        CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_INTERRUPTED);
        wr_error_free(err);
        /* The request stays until cleared. */
        int32_t r = 0;
        err = call_i32(store, inst, "count", 5, &r);
        CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_INTERRUPTED);
        wr_error_free(err);
        wr_store_clear_interrupt(store);
        err = call_i32(store, inst, "count", 5, &r);
        CHECK(t, !err && r == 5);
        wr_error_free(err);
    }
    wr_store_free(store);
    wr_module_free(m);
}

static void test_fuel(check_counts *t)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.fuel = 10000;
    wr_engine *engine = wr_engine_new(&cfg);
    wr_module *m = load(engine, trap_wasm, sizeof trap_wasm);
    if (m) {
        wr_store *store = wr_store_new(engine);
        wr_instance *inst = instantiate(store, m, NULL, 0);
        if (inst) {
            wr_error *err = wr_func_call(store, wr_instance_func(inst, "spin"), NULL, 0, NULL, 0);
            CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_OUT_OF_FUEL);
            wr_error_free(err);
            /* Each call gets the configured fuel anew. */
            int32_t r = 0;
            err = call_i32(store, inst, "count", 100, &r);
            CHECK(t, !err && r == 100);
            wr_error_free(err);
        }
        wr_store_free(store);
        wr_module_free(m);
    }
    CHECK(t, m != NULL);
    wr_engine_free(engine);
}

/* ---------------------------------------------------------------- memory.grow */

static int32_t grow(check_counts *t, wr_store *store, wr_instance *inst, int32_t delta)
{
    int32_t r = -2;
    wr_error *err = call_i32(store, inst, "grow", delta, &r);
    CHECK(t, !err);
    wr_error_free(err);
    return r;
}

static void test_memory_grow(check_counts *t, wr_engine *engine)
{
    wr_module *m = load(engine, grow_wasm, sizeof grow_wasm);
    wr_store *store = wr_store_new(engine);
    wr_instance *inst = m ? instantiate(store, m, NULL, 0) : NULL;
    CHECK(t, inst != NULL);
    if (inst) {
        CHECK(t, grow(t, store, inst, 1) == 1);
        CHECK(t, grow(t, store, inst, 2) == -1);
        CHECK(t, grow(t, store, inst, 0) == 2);
        CHECK(t, grow(t, store, inst, 1) == 2);
        CHECK(t, grow(t, store, inst, 1) == -1);
        CHECK(t, grow(t, store, inst, -1) == -1);
        wr_memory *mem = wr_instance_memory(inst);
        CHECK(t, mem && wr_memory_pages(mem) == 3 && wr_memory_size(mem) == 3 * 65536);
        /* The new pages are zeroed and usable; one past the end traps. */
        wr_val args[2] = {wr_val_i32(3 * 65536 - 4), wr_val_i32(77)};
        wr_error *err = wr_func_call(store, wr_instance_func(inst, "store"), args, 2, NULL, 0);
        CHECK(t, !err);
        wr_error_free(err);
        int32_t r = 0;
        err = call_i32(store, inst, "load", 3 * 65536 - 4, &r);
        CHECK(t, !err && r == 77);
        wr_error_free(err);
        err = call_i32(store, inst, "load", 2 * 65536, &r);
        CHECK(t, !err && r == 0);
        wr_error_free(err);
        err = call_i32(store, inst, "load", 3 * 65536 - 3, &r);
        CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_MEMORY_OOB);
        wr_error_free(err);
        uint32_t old = 0;
        CHECK(t, !wr_memory_grow(mem, 1, &old));
    }
    wr_store_free(store);
    wr_module_free(m);

    /* Without a declared maximum, the engine's cap applies. */
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.max_memory_pages = 4;
    wr_engine *small = wr_engine_new(&cfg);
    m = load(small, grow_nomax_wasm, sizeof grow_nomax_wasm);
    store = wr_store_new(small);
    inst = m ? instantiate(store, m, NULL, 0) : NULL;
    CHECK(t, inst != NULL);
    if (inst) {
        CHECK(t, grow(t, store, inst, 3) == 1);
        CHECK(t, grow(t, store, inst, 1) == -1);
        CHECK(t, grow(t, store, inst, 0) == 4);
    }
    wr_store_free(store);
    wr_module_free(m);
    wr_engine_free(small);

    /* The default engine refuses growth past 4 GiB without aborting. */
    m = load(engine, grow_nomax_wasm, sizeof grow_nomax_wasm);
    store = wr_store_new(engine);
    inst = m ? instantiate(store, m, NULL, 0) : NULL;
    if (inst) {
        CHECK(t, grow(t, store, inst, 65535) == 1 || grow(t, store, inst, 0) == 1);
        CHECK(t, grow(t, store, inst, 65535) == -1);
    }
    wr_store_free(store);
    wr_module_free(m);
}

/* ---------------------------------------------------------------- values through the API */

static wr_val v128_of(const uint32_t lanes[4])
{
    wr_val v = {.type = WR_V128};
    memcpy(v.of.v128, lanes, 16);
    return v;
}

static void test_api_values(check_counts *t, wr_engine *engine)
{
    wr_module *m = load(engine, api_wasm, sizeof api_wasm);
    wr_store *store = wr_store_new(engine);
    wr_instance *inst = m ? instantiate(store, m, NULL, 0) : NULL;
    CHECK(t, inst != NULL);
    if (inst) {
        static const uint32_t x[4] = {1, 2, 3, 0xFFFFFFFF}, y[4] = {10, 20, 30, 1};
        wr_val args[2] = {v128_of(x), v128_of(y)}, r;
        wr_error *err = wr_func_call(store, wr_instance_func(inst, "add4"), args, 2, &r, 1);
        uint32_t lanes[4];
        memcpy(lanes, r.of.v128, 16);
        CHECK(t, !err && r.type == WR_V128 && lanes[0] == 11 && lanes[1] == 22 && lanes[2] == 33 &&
              lanes[3] == 0);
        wr_error_free(err);

        err = wr_func_call(store, wr_instance_func(inst, "bump"), NULL, 0, &r, 1);
        memcpy(lanes, r.of.v128, 16);
        CHECK(t, !err && lanes[0] == 11 && lanes[3] == 14);
        wr_error_free(err);
        wr_extern g;
        CHECK(t, wr_instance_export(inst, "g", 1, &g) && g.kind == WR_EXTERN_GLOBAL);
        wr_val gv = wr_global_get(g.of.global);
        memcpy(lanes, gv.of.v128, 16);
        CHECK(t, gv.type == WR_V128 && lanes[1] == 12);
        CHECK(t, wr_global_set(g.of.global, v128_of(y)));
        CHECK(t, !wr_global_set(g.of.global, wr_val_i32(1)));
        err = wr_func_call(store, wr_instance_func(inst, "bump"), NULL, 0, &r, 1);
        memcpy(lanes, r.of.v128, 16);
        CHECK(t, !err && lanes[0] == 20 && lanes[3] == 11);
        wr_error_free(err);

        /* Host references stored through the table API come back out of wasm. */
        wr_extern table;
        CHECK(t, wr_instance_export(inst, "t", 1, &table) && table.kind == WR_EXTERN_TABLE);
        int marker;
        wr_val ref = {.type = WR_EXTERNREF, .of.externref = &marker};
        CHECK(t, wr_table_set(table.of.table, 1, ref));
        CHECK(t, !wr_table_set(table.of.table, 2, ref));
        wr_val idx = wr_val_i32(1);
        err = wr_func_call(store, wr_instance_func(inst, "ext"), &idx, 1, &r, 1);
        CHECK(t, !err && r.type == WR_EXTERNREF && r.of.externref == &marker);
        wr_error_free(err);
        idx = wr_val_i32(2);
        err = wr_func_call(store, wr_instance_func(inst, "ext"), &idx, 1, &r, 1);
        CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_TABLE_OOB);
        wr_error_free(err);
        uint32_t old = 0;
        CHECK(t, wr_table_grow(table.of.table, 3, ref, &old) && old == 2);
        CHECK(t, wr_table_size(table.of.table) == 5);
        wr_val got;
        CHECK(t, wr_table_get(table.of.table, 4, &got) && got.of.externref == &marker);

        /* Mixed types in and out, floats by their bits. */
        wr_val margs[3] = {wr_val_i64(-5), wr_val_f32(1.5f), wr_val_f64(-2.25)}, mres[3];
        err = wr_func_call(store, wr_instance_func(inst, "multi"), margs, 3, mres, 3);
        CHECK(t, !err && mres[0].type == WR_F64 && wr_val_as_f64(mres[0]) == -2.25);
        CHECK(t, !err && mres[1].type == WR_I64 && mres[1].of.i64 == -5);
        CHECK(t, !err && mres[2].type == WR_F32 && wr_val_as_f32(mres[2]) == 1.5f);
        wr_error_free(err);
    }
    wr_store_free(store);
    wr_module_free(m);
}

/* ---------------------------------------------------------------- typed references */

/* Typed references keep their full types through the API, and values crossing it are
 * checked against them: typed code trusts them without checking again. */
static void test_typed_refs(check_counts *t, wr_engine *engine)
{
    wr_module *m = load(engine, typed_refs_wasm, sizeof typed_refs_wasm);
    REQUIRE(t, m);
    wr_store *store = wr_store_new(engine);
    wr_instance *inst = instantiate(store, m, NULL, 0);
    REQUIRE(t, inst);
    wr_func *inc = wr_instance_func(inst, "inc"), *apply = wr_instance_func(inst, "apply");
    wr_func *idnn = wr_instance_func(inst, "idnn"), *other = wr_instance_func(inst, "other");
    REQUIRE(t, inc && apply && idnn && other);

    const wr_functype *ft = wr_func_type(apply);
    CHECK(t, ft->nparams == 2 && ft->params[0] == wr_valtype_ref(0, true) &&
                 ft->params[1] == WR_I32);
    CHECK(t, wr_valtype_is_ref(ft->params[0]) && wr_valtype_nullable(ft->params[0]) &&
                 wr_valtype_heap_index(ft->params[0]) == 0);
    CHECK(t, wr_valtype_val(ft->params[0]) == WR_FUNCREF);
    char name[32];
    CHECK(t, !strcmp(wr_valtype_format(ft->params[0], name, sizeof name), "(ref null 0)"));
    CHECK(t, !strcmp(wr_valtype_name(ft->params[0]), "(ref null $t)"));
    ft = wr_func_type(idnn);
    CHECK(t, ft->results[0] == wr_valtype_ref(0, false) && !wr_valtype_nullable(ft->results[0]));
    CHECK(t, !strcmp(wr_valtype_name((wr_valtype)(WR_FUNCREF | WR_REF_NONNULL)), "(ref func)"));
    /* exnref is in the same scheme: exn with its bottom noexn, values of both are exnrefs. */
    wr_valtype exn = (wr_valtype)(WR_EXNREF | WR_REF_NONNULL);
    CHECK(t, wr_valtype_is_ref(exn) && !wr_valtype_nullable(exn) &&
                 wr_valtype_is_ref(WR_NULLEXNREF));
    CHECK(t, wr_valtype_val(exn) == WR_EXNREF && wr_valtype_val(WR_NULLEXNREF) == WR_EXNREF);
    CHECK(t, wr_valtype_heap_index(exn) == UINT32_MAX);
    CHECK(t, !strcmp(wr_valtype_name(exn), "(ref exn)") &&
                 !strcmp(wr_valtype_name(WR_NULLEXNREF), "nullexnref"));

    /* call_ref through apply: the function, another type's function, null. */
    wr_val args[2] = {{.type = WR_FUNCREF, .of.funcref = inc}, wr_val_i32(41)}, r;
    wr_error *err = wr_func_call(store, apply, args, 2, &r, 1);
    CHECK(t, !err && r.of.i32 == 42);
    wr_error_free(err);
    args[0].of.funcref = other;
    err = wr_func_call(store, apply, args, 2, &r, 1);
    CHECK(t, err && wr_error_kind_of(err) == WR_ERR_ARG);
    wr_error_free(err);
    args[0].of.funcref = NULL;
    err = wr_func_call(store, apply, args, 2, &r, 1);
    CHECK(t, err && wr_error_trap_kind(err) == WR_TRAP_NULL_FUNC_REF &&
                 !strcmp(wr_error_reason(err), "null function reference"));
    wr_error_free(err);

    /* A non-null parameter refuses null; results come back as funcref values. */
    err = wr_func_call(store, idnn, args, 1, &r, 1);
    CHECK(t, err && wr_error_kind_of(err) == WR_ERR_ARG);
    wr_error_free(err);
    args[0].of.funcref = inc;
    err = wr_func_call(store, idnn, args, 1, &r, 1);
    CHECK(t, !err && r.type == WR_FUNCREF && r.of.funcref == inc);
    wr_error_free(err);

    /* The typed table and global take null and functions of their type only. */
    wr_extern te, ge;
    REQUIRE(t, wr_instance_export(inst, "t", 1, &te) && wr_instance_export(inst, "g", 1, &ge));
    wr_table *table = te.of.table;
    wr_global *global = ge.of.global;
    CHECK(t, wr_table_type(table).elem == wr_valtype_ref(0, true));
    wr_val f_inc = {.type = WR_FUNCREF, .of.funcref = inc};
    wr_val f_other = {.type = WR_FUNCREF, .of.funcref = other};
    wr_val null = {.type = WR_FUNCREF, .of.funcref = NULL};
    CHECK(t, wr_table_set(table, 0, f_inc) && !wr_table_set(table, 1, f_other) &&
                 wr_table_set(table, 1, null));
    CHECK(t, wr_global_set(global, f_inc) && !wr_global_set(global, f_other) &&
                 wr_global_get(global).of.funcref == inc);

    /* Host functions cannot name a type index: it would mean nothing outside a module. */
    wr_valtype p = wr_valtype_ref(0, true);
    wr_functype host_type = {1, 0, &p, NULL};
    CHECK(t, wr_func_new_host(store, &host_type, host_fail, NULL, NULL) == NULL);
    wr_globaltype gt = {wr_valtype_ref(0, true), true};
    CHECK(t, wr_global_new(store, &gt, null) == NULL);
    wr_store_free(store);
    wr_module_free(m);
}

int main(void)
{
    check_counts counts = {0}, *t = &counts;
    wr_engine *engine = wr_engine_new(NULL);
    test_host(t, engine);
    test_trap_backtrace(t, engine);
    test_stack_exhausted(t, engine);
    test_host_recursion_small_stack(t, engine);
    test_interrupt(t, engine);
    test_fuel(t);
    test_memory_grow(t, engine);
    test_api_values(t, engine);
    test_typed_refs(t, engine);
    wr_engine_free(engine);
    return check_report(t);
}
