/*
 * Memory accesses in both bounds modes: explicit checks and guard regions. Every width
 * and kind of access (arithmetic reading an operand from memory too) is tried around the end of memory, with offsets near 2^32, before
 * and after memory.grow, from a host function's re-entry and from several threads at
 * once; each must trap exactly when the spec says, and a trapping store must write
 * nothing. In guard mode, faults that are not a wasm access must still reach the
 * handler installed before the engine.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"
#include "modules.h"
#include "wr.h"

#define PAGE 65536u

typedef struct {
    const char *name;
    uint32_t width;
    uint64_t offset;
    uint32_t addend; /* added to the address in 32 bits before the offset */
    bool store;
} access;

static const access accesses[] = {
    {"load8", 1, 0, 0, false},        {"load16", 2, 0, 0, false},
    {"load32", 4, 0, 0, false},       {"load64", 8, 0, 0, false},
    {"loadf32", 4, 0, 0, false},      {"loadf64", 8, 0, 0, false},
    {"load128", 16, 0, 0, false},     {"splat32", 4, 0, 0, false},
    {"lane64", 8, 0, 0, false},       {"store8", 1, 0, 0, true},
    {"store16", 2, 0, 0, true},       {"store32", 4, 0, 0, true},
    {"store64", 8, 0, 0, true},       {"store128", 16, 0, 0, true},
    {"storelane", 4, 0, 0, true},     {"load32_max_offset", 4, 0xFFFFFFFF, 0, false},
    {"load8_max_offset", 1, 0xFFFFFFFF, 0, false},
    {"store64_big_offset", 8, 0xFFFFFFF8, 0, true},
    {"load128_big_offset", 16, 0xFFFFFFF0, 0, false},
    {"load32_added", 4, 16, 0x7FFFFFF0, false},
    /* Arithmetic that reads its operand from memory itself. */
    {"addload32", 4, 0, 0, false},    {"mulload64", 8, 8, 0, false},
    {"addloadf32", 4, 0, 4, false},
};

static bool in_bounds(const access *a, uint32_t addr, uint64_t size)
{
    uint64_t ea = (uint64_t)(uint32_t)(addr + a->addend) + a->offset;
    return ea + a->width <= size;
}

static bool is_oob(const wr_error *err)
{
    return err && wr_error_kind_of(err) == WR_ERR_TRAP &&
           wr_error_trap_kind(err) == WR_TRAP_MEMORY_OOB &&
           strcmp(wr_error_reason(err), "out of bounds memory access") == 0;
}

/* Calls the instance's "load32" from inside a call, then lets the caller load too. */
static wr_error *host_reenter(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    wr_trap_kind *inner_trap = env;
    int32_t r = 0;
    wr_error *err = call_i32(wr_caller_store(caller), wr_caller_instance(caller), "load32",
                             args[0].of.i32, &r);
    *inner_trap = err ? wr_error_trap_kind(err) : WR_TRAP_NONE;
    wr_error_free(err);
    results[0].of.i32 = err ? -1 : r;
    return NULL;
}

typedef struct {
    wr_store *store;
    wr_instance *inst;
    wr_memory *mem;
    wr_trap_kind inner_trap;
} guest;

static bool guest_open(guest *g, wr_engine *engine, wr_module *m)
{
    memset(g, 0, sizeof *g);
    g->store = wr_store_new(engine);
    wr_functype type = {1, 1, (wr_valtype[]){WR_I32}, (wr_valtype[]){WR_I32}};
    wr_func *reenter = wr_func_new_host(g->store, &type, host_reenter, &g->inner_trap, NULL);
    wr_extern import = {.kind = WR_EXTERN_FUNC, .of.func = reenter};
    wr_error *err = wr_instance_new(g->store, m, &import, 1, &g->inst);
    if (err) {
        fprintf(stderr, "instantiate: %s\n", wr_error_message(err));
        wr_error_free(err);
        return false;
    }
    g->mem = wr_instance_memory(g->inst);
    return true;
}

/* Addresses around the end of a memory of size bytes, and near 2^31 and 2^32. */
static size_t probe_addresses(uint64_t size, uint32_t *out)
{
    static const uint32_t fixed[] = {0,          1,          0x7FFFFFFF, 0x80000000, 0x80000010,
                                     0xFFFFFFF0, 0xFFFFFFFF, 4 * PAGE,   0x7FFFFFF0};
    size_t n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        out[n++] = fixed[i];
    for (uint32_t back = 0; back <= 17; back++)
        out[n++] = (uint32_t)(size - back);
    out[n++] = (uint32_t)size + 1;
    /* Addresses that the folded addend wraps back into memory. */
    out[n++] = 0x80000010u;
    out[n++] = 0x80000010u + (uint32_t)size - 20;
    return n;
}

static void sweep(check_counts *t, guest *g)
{
    uint64_t size = wr_memory_size(g->mem);
    uint8_t *data = wr_memory_data(g->mem);
    uint32_t addrs[40];
    size_t naddrs = probe_addresses(size, addrs);
    unsigned wrong = 0, wrote = 0;
    for (size_t i = 0; i < sizeof accesses / sizeof accesses[0]; i++) {
        const access *a = &accesses[i];
        for (size_t k = 0; k < naddrs; k++) {
            uint8_t head[16], tail[16];
            memcpy(head, data, 16);
            memcpy(tail, data + size - 16, 16);
            int32_t r;
            wr_error *err = call_i32(g->store, g->inst, a->name, (int32_t)addrs[k], &r);
            bool ok = in_bounds(a, addrs[k], size);
            if (ok ? err != NULL : !is_oob(err)) {
                wrong++;
                fprintf(stderr, "%s(%#x) with %llu bytes: %s\n", a->name, addrs[k],
                        (unsigned long long)size, err ? wr_error_message(err) : "no trap");
            }
            if (!ok && a->store &&
                (memcmp(head, data, 16) != 0 || memcmp(tail, data + size - 16, 16) != 0))
                wrote++;
            wr_error_free(err);
        }
    }
    CHECK(t, wrong == 0);
    CHECK(t, wrote == 0);
}

static void test_accesses(check_counts *t, wr_engine *engine, wr_module *m)
{
    guest g;
    CHECK(t, guest_open(&g, engine, m));
    if (g.inst) {
        sweep(t, &g);
        int32_t r = 0;
        wr_error *err = call_i32(g.store, g.inst, "grow", 1, &r);
        CHECK(t, !err && r == 1);
        sweep(t, &g);
        err = call_i32(g.store, g.inst, "grow", 2, &r);
        CHECK(t, !err && r == 2);
        sweep(t, &g);
        err = call_i32(g.store, g.inst, "grow", 1, &r);
        CHECK(t, !err && r == -1);
        /* The host grows it too; wasm must see the new size. */
        CHECK(t, !wr_memory_grow(g.mem, 1, NULL)); /* at the maximum already */
    }
    wr_store_free(g.store);

    /* Growing from the host side between calls. */
    CHECK(t, guest_open(&g, engine, m));
    if (g.inst) {
        int32_t r = 0;
        wr_error *err = call_i32(g.store, g.inst, "load32", (int32_t)PAGE, &r);
        CHECK(t, is_oob(err));
        wr_error_free(err);
        CHECK(t, wr_memory_grow(g.mem, 1, NULL));
        err = call_i32(g.store, g.inst, "load32", (int32_t)PAGE, &r);
        CHECK(t, !err);
        wr_error_free(err);
    }
    wr_store_free(g.store);
}

/* With explicit checks, a trap in arithmetic that loads its operand names the load. */
static void test_fused_trap_offset(check_counts *t, wr_engine *engine, wr_module *m)
{
    guest g;
    CHECK(t, guest_open(&g, engine, m));
    if (g.inst) {
        int32_t r;
        wr_error *err = call_i32(g.store, g.inst, "addload32", -1, &r);
        CHECK(t, is_oob(err));
        size_t n = 0;
        const wr_frame *f = err ? wr_error_frames(err, &n) : NULL;
        CHECK(t, n == 1 && f[0].code_offset < sizeof guard_wasm &&
              guard_wasm[f[0].code_offset] == 0x28); /* i32.load */
        wr_error_free(err);
    }
    wr_store_free(g.store);
}

static void test_reentry(check_counts *t, wr_engine *engine, wr_module *m)
{
    guest g;
    CHECK(t, guest_open(&g, engine, m));
    if (g.inst) {
        memcpy(wr_memory_data(g.mem) + 8, &(uint32_t){21}, 4);
        int32_t r = 0;
        wr_error *err = call_i32(g.store, g.inst, "via_host", 8, &r);
        CHECK(t, !err && r == 42 && g.inner_trap == WR_TRAP_NONE);
        wr_error_free(err);
        /* The nested call traps, the host carries on, and the outer load traps too. */
        err = call_i32(g.store, g.inst, "via_host", (int32_t)PAGE - 2, &r);
        CHECK(t, g.inner_trap == WR_TRAP_MEMORY_OOB);
        CHECK(t, is_oob(err));
        wr_error_free(err);
        /* And everything still works afterwards. */
        err = call_i32(g.store, g.inst, "via_host", 8, &r);
        CHECK(t, !err && r == 42);
        wr_error_free(err);
    }
    wr_store_free(g.store);
}

typedef struct {
    wr_engine *engine;
    wr_module *module;
    unsigned wrong;
} thread_job;

static void *trap_repeatedly(void *arg)
{
    thread_job *job = arg;
    guest g;
    if (!guest_open(&g, job->engine, job->module)) {
        job->wrong++;
        wr_store_free(g.store);
        return NULL;
    }
    for (int i = 0; i < 2000; i++) {
        int32_t r;
        uint32_t back = (uint32_t)i % 16, width = i % 2 ? 8 : 16;
        wr_error *err = call_i32(g.store, g.inst, i % 2 ? "store64" : "load128",
                                 (int32_t)(PAGE - back), &r);
        if (back < width ? !is_oob(err) : err != NULL)
            job->wrong++;
        wr_error_free(err);
    }
    wr_store_free(g.store);
    return NULL;
}

static void test_threads(check_counts *t, wr_engine *engine, wr_module *m)
{
    thread_job jobs[3];
    pthread_t threads[3];
    for (int i = 0; i < 3; i++) {
        jobs[i] = (thread_job){engine, m, 0};
        CHECK(t, pthread_create(&threads[i], NULL, trap_repeatedly, &jobs[i]) == 0);
    }
    for (int i = 0; i < 3; i++) {
        pthread_join(threads[i], NULL);
        CHECK(t, jobs[i].wrong == 0);
    }
}

static void run_mode(check_counts *t, bool bounds_checks)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.bounds_checks = bounds_checks;
    wr_engine *engine = wr_engine_new(&cfg);
    wr_module *m = NULL;
    wr_error *err = wr_module_new(engine, guard_wasm, sizeof guard_wasm, &m);
    CHECK(t, !err);
    if (err) {
        fprintf(stderr, "module: %s\n", wr_error_message(err));
        wr_error_free(err);
    } else {
        test_accesses(t, engine, m);
        if (bounds_checks)
            test_fused_trap_offset(t, engine, m);
        test_reentry(t, engine, m);
        test_threads(t, engine, m);
    }
    wr_module_free(m);
    wr_engine_free(engine);
}

/* ---------------------------------------------------------------- other faults */

static sigjmp_buf outer_recover;
static volatile sig_atomic_t outer_faults;

static void outer_handler(int sig, siginfo_t *info, void *context)
{
    (void)sig, (void)info, (void)context;
    outer_faults++;
    siglongjmp(outer_recover, 1);
}

static bool faults(volatile const uint8_t *p)
{
    if (sigsetjmp(outer_recover, 1))
        return true;
    (void)*p;
    return false;
}

/* Faults that are not a running wasm access go to the handler that was there first:
 * one in unrelated memory, and one in a wasm memory's guard region touched by the host
 * while no wasm runs. Also: a guarded module refuses a memory without a guard region. */
static void test_other_faults(check_counts *t)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.bounds_checks = false;
    wr_engine *engine = wr_engine_new(&cfg);
    if (wr_engine_config(engine)->bounds_checks) {
        printf("guard regions unavailable here; fault chaining not tested\n");
        wr_engine_free(engine);
        return;
    }
    wr_module *m = NULL;
    wr_error *err = wr_module_new(engine, guard_wasm, sizeof guard_wasm, &m);
    CHECK(t, !err);
    wr_error_free(err);
    guest g;
    if (m && guest_open(&g, engine, m)) {
        int32_t r;
        err = call_i32(g.store, g.inst, "load32", -1, &r);
        CHECK(t, is_oob(err));
        wr_error_free(err);
        outer_faults = 0;
        CHECK(t, faults(wr_memory_data(g.mem) + wr_memory_size(g.mem) + 100));
        CHECK(t, outer_faults == 1);
        void *unrelated = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        CHECK(t, unrelated != MAP_FAILED);
        if (unrelated != MAP_FAILED) {
            CHECK(t, faults(unrelated));
            CHECK(t, outer_faults == 2);
            munmap(unrelated, 4096);
        }
        err = call_i32(g.store, g.inst, "load32", 0, &r);
        CHECK(t, !err && outer_faults == 2);
        wr_error_free(err);
        wr_store_free(g.store);
    }

    wr_config checked_cfg = cfg;
    checked_cfg.bounds_checks = true;
    wr_engine *checked = wr_engine_new(&checked_cfg);
    wr_store *store = wr_store_new(checked);
    wr_instance *inst = NULL;
    wr_functype type = {1, 1, (wr_valtype[]){WR_I32}, (wr_valtype[]){WR_I32}};
    wr_func *reenter = wr_func_new_host(store, &type, host_reenter, &g.inner_trap, NULL);
    wr_extern import = {.kind = WR_EXTERN_FUNC, .of.func = reenter};
    err = m ? wr_instance_new(store, m, &import, 1, &inst) : NULL;
    CHECK(t, err && wr_error_kind_of(err) == WR_ERR_LINK);
    wr_error_free(err);
    wr_store_free(store);
    wr_engine_free(checked);
    wr_module_free(m);
    wr_engine_free(engine);
}

int main(void)
{
    check_counts counts = {0}, *t = &counts;
    /* Before any engine, so the engine's handler finds this one to pass faults to. */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = outer_handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    run_mode(t, true);
    run_mode(t, false);
    test_other_faults(t);
    return check_report(t);
}
