/*
 * The allocation-failure sweep: an engine whose allocator (wr_config.alloc) refuses the Nth
 * request, for N = 1, 2, ... along each scenario below, until N is past every request the
 * scenario makes. Each scenario records what each of its steps answered; a run with a
 * refused request must answer like the run without one up to its first difference, and
 * that difference must be an out-of-memory answer (WR_ERR_NOMEM, WASI ENOMEM,
 * WR_CALL_NOMEM), never a crash or another error. After each run everything is freed and
 * the allocator must hold no byte: no leak on any failure path (LSan checks the rest under
 * ASan). The reactor scenario also checks that every future completes exactly once.
 *
 * By default a subset of N runs (every N up to 64, then about 40 spread over the rest), so
 * the test takes seconds; with --all every N runs (CI under ASan, tests/alloc/CMakeLists.txt).
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "test_util.h"
#include "util/file.h"
#include "wasi/abi.h"
#include "wr.h"
#include "wr_reactor.h"
#include "wr_wasi.h"

static check_counts counts;
/* The tier of the sweep's engines: set by main for each sweep. */
static wr_tier sweep_tier = WR_TIER_INTERP;

/* ---------------------------------------------------------------- the failing allocator */

typedef struct failing {
    unsigned long fail_at;   /* the request refused, counting from 1; 0 = none */
    atomic_ulong requests;   /* allocations and resizes asked for */
    atomic_uint refused;
    atomic_llong live;       /* bytes held */
} failing;

static void *failing_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    failing *f = ud;
    if (new_size == 0) {
        atomic_fetch_sub(&f->live, (long long)old_size);
        free(ptr);
        return NULL;
    }
    if (atomic_fetch_add(&f->requests, 1) + 1 == f->fail_at) {
        atomic_fetch_add(&f->refused, 1);
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (p)
        atomic_fetch_add(&f->live, (long long)new_size - (long long)old_size);
    return p;
}

/* ---------------------------------------------------------------- traces */

enum { MAX_STEPS = 64 };

/* What each step of a scenario answered, and whether the answer means "out of memory". */
typedef struct trace {
    long value[MAX_STEPS];
    bool nomem[MAX_STEPS];
    size_t n;
} trace;

static void record(trace *t, long value, bool nomem)
{
    if (t->n < MAX_STEPS) {
        t->value[t->n] = value;
        t->nomem[t->n] = nomem;
    }
    t->n++;
}

/* Records an error's kind (0 for none) and frees it; true when there was none. */
static bool record_error(trace *t, wr_error *e)
{
    record(t, e ? (long)wr_error_kind_of(e) : 0, e && wr_error_kind_of(e) == WR_ERR_NOMEM);
    wr_error_free(e);
    return e == NULL;
}

static void record_errno(trace *t, uint16_t err) { record(t, err, err == WASI_ENOMEM); }

typedef void (*scenario_fn)(wr_engine *engine, trace *t);

static const char *guests_dir = ALLOC_GUESTS_DIR;

static wr_module *load_guest(wr_engine *engine, const char *name, trace *t)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", guests_dir, name);
    wr_module *m = NULL;
    record_error(t, wr_module_load(engine, path, &m));
    return m;
}

/* ---------------------------------------------------------------- scenarios */

static wr_error *twice(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller;
    (void)env;
    results[0] = wr_val_i32(args[0].of.i32 * 2);
    return NULL;
}

/* Records the error, and the i32 result when it is not a growth's (whose -1 is the out of
 * memory answer: the caller records it). */
static bool call_i32(wr_store *store, wr_instance *inst, const char *name, const wr_val *args,
                     size_t nargs, trace *t, wr_val *result)
{
    wr_func *f = wr_instance_func(inst, name);
    *result = (wr_val){0};
    bool ok = f && record_error(t, wr_func_call(store, f, args, nargs, result, 1));
    CHECK(&counts, f != NULL);
    if (ok && strncmp(name, "grow", 4) != 0)
        record(t, result->of.i32, false);
    return ok;
}

/* The sweep guest instantiated in a store of its own through a linker that defines its host
 * import (env.twice), each step recorded. */
typedef struct sweep_guest {
    wr_module *m;
    wr_store *store;
    wr_linker *linker;
    wr_instance *inst;
} sweep_guest;

/* False when a step failed; sweep_guest_free frees what was made either way. */
static bool sweep_guest_new(wr_engine *engine, trace *t, sweep_guest *g)
{
    *g = (sweep_guest){load_guest(engine, "sweep.wasm", t), NULL, NULL, NULL};
    g->store = g->m ? wr_store_new(engine) : NULL;
    g->linker = g->store ? wr_linker_new(engine) : NULL;
    record(t, g->linker != NULL, !g->linker);
    if (!g->linker)
        return false;
    wr_valtype i32 = WR_I32;
    wr_functype type = {1, 1, &i32, &i32};
    wr_func *host = wr_func_new_host(g->store, &type, twice, NULL, NULL);
    record(t, host != NULL, !host);
    wr_extern import = {.kind = WR_EXTERN_FUNC, .of.func = host};
    return host && record_error(t, wr_linker_define(g->linker, "env", 3, "twice", 5, import)) &&
           record_error(t, wr_linker_instantiate(g->linker, g->store, g->m, &g->inst));
}

static void sweep_guest_free(sweep_guest *g)
{
    wr_linker_free(g->linker);
    wr_store_free(g->store);
    wr_module_free(g->m);
}

/* Decode, validate, translate, instantiate (a host import through a linker, segments, the
 * start function) and calls: a host import, growth, bulk copies and a trap's backtrace. */
static void runtime_scenario(wr_engine *engine, trace *t)
{
    sweep_guest g;
    if (!sweep_guest_new(engine, t, &g))
        goto out;
    wr_val three = wr_val_i32(3), one = wr_val_i32(1);
    wr_val result;
    call_i32(g.store, g.inst, "run", &three, 1, t, &result);
    /* Growth that finds no memory answers -1, as the spec allows. */
    if (call_i32(g.store, g.inst, "grow_memory", &one, 1, t, &result))
        record(t, result.of.i32, result.of.i32 == -1);
    if (call_i32(g.store, g.inst, "grow_table", &one, 1, t, &result))
        record(t, result.of.i32, result.of.i32 == -1);
    call_i32(g.store, g.inst, "init", NULL, 0, t, &result);
    wr_error *e = wr_func_call(g.store, wr_instance_func(g.inst, "crash"), NULL, 0, NULL, 0);
    size_t frames = 0;
    if (e)
        wr_error_frames(e, &frames);
    record(t, (long)frames, false);
    record_error(t, e);
    wr_memtype mt = {.limits = {1, 2, true}};
    wr_memory *mem = wr_memory_new(g.store, &mt);
    record(t, mem != NULL, !mem);
out:
    sweep_guest_free(&g);
}

enum { MEM_SIZE = 65536 };

/* WASI calls on a made-up guest memory, through an in-memory and a host preopen. */
static void wasi_calls(wr_wasi *w, trace *t)
{
    static uint8_t mem[MEM_SIZE];
    memset(mem, 0, sizeof mem);
    guest_mem m = {mem, sizeof mem};
    const uint64_t rw = WASI_R(FD_READ) | WASI_R(FD_WRITE) | WASI_R(FD_READDIR);
    for (uint32_t dir = 3; dir <= 4; dir++) {
        memcpy(mem + 100, "sub", 3);
        record_errno(t, CALL(w, &m, "path_create_directory", dir, 100, 3));
        memcpy(mem + 100, "sub/file.txt", 12);
        record_errno(t, CALL(w, &m, "path_open", dir, 0, 100, 12, WASI_OFLAG_CREAT, rw, 0, 0, 200));
        uint32_t fd = get_u32(mem + 200);
        memcpy(mem + 300, "hello, sweep", 12);
        put_iovec(mem, 400, 300, 12);
        record_errno(t, CALL(w, &m, "fd_write", fd, 400, 1, 408));
        record_errno(t, CALL(w, &m, "fd_close", fd));
        memcpy(mem + 120, "link", 4);
        record_errno(t, CALL(w, &m, "path_symlink", 100, 12, dir, 120, 4));
        record_errno(t, CALL(w, &m, "path_filestat_get", dir, WASI_LOOKUP_SYMLINK_FOLLOW, 120, 4, 500));
        record_errno(t, CALL(w, &m, "path_open", dir, 0, 100, 3, WASI_OFLAG_DIRECTORY, rw, 0, 0, 200));
        fd = get_u32(mem + 200);
        record_errno(t, CALL(w, &m, "fd_readdir", fd, 1000, 512, 0, 600));
        record_errno(t, CALL(w, &m, "fd_close", fd));
        memcpy(mem + 140, "sub/moved.txt", 13);
        record_errno(t, CALL(w, &m, "path_rename", dir, 100, 12, dir, 140, 13));
        record_errno(t, CALL(w, &m, "path_unlink_file", dir, 140, 13));
        record_errno(t, CALL(w, &m, "path_unlink_file", dir, 120, 4));
        record_errno(t, CALL(w, &m, "path_remove_directory", dir, 100, 3));
    }
    record_errno(t, CALL(w, &m, "args_sizes_get", 700, 704));
    record_errno(t, CALL(w, &m, "args_get", 800, 900));
}

static void wasi_scenario(wr_engine *engine, trace *t)
{
    char host_dir[] = "/tmp/wr-alloc-sweep.XXXXXX";
    if (!mkdtemp(host_dir)) {
        record(t, -1, false);
        return;
    }
    wr_memfs *fs = wr_memfs_new();
    wr_wasi_config *cfg = wr_wasi_config_new();
    bool made = fs && cfg && wr_wasi_config_arg(cfg, "sweep") && wr_wasi_config_arg(cfg, "--all") &&
                wr_wasi_config_preopen_memfs(cfg, fs, "/", "/mem", false) &&
                wr_wasi_config_preopen(cfg, host_dir, false);
    CHECK(&counts, made);
    wr_store *store = wr_store_new(engine);
    wr_wasi *w = NULL;
    record(t, store != NULL, !store);
    if (store && made && record_error(t, wr_wasi_new(store, cfg, &w)))
        wasi_calls(w, t);
    wr_wasi_free(w);
    wr_store_free(store);
    wr_wasi_config_free(cfg);
    wr_memfs_free(fs);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", host_dir);
    CHECK_EQ(&counts, system(cmd), 0);
}

/* Counts completions: each future's callback must run exactly once. */
typedef struct completions {
    atomic_int count[8];
} completions;

static void completed(wr_future *f, void *user)
{
    (void)f;
    atomic_fetch_add((atomic_int *)user, 1);
}

/* A reactor of two workers: its making, submissions, runs and completions. Workers run
 * beside the test, so the requests come in varying order; only what does not depend on
 * the order is recorded. */
static void reactor_scenario(wr_engine *engine, trace *t)
{
    wr_module *m = load_guest(engine, "reactor.wasm", t);
    if (!m)
        return;
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = 2;
    wr_reactor *r = NULL;
    bool made = record_error(t, wr_reactor_new(m, &cfg, &r));
    completions done = {0};
    wr_future *fs[8] = {0};
    static const char *const names[8] = {"add", "crash", "grow", "add", "add", "crash", "add", "grow"};
    wr_val args[2] = {wr_val_i32(2), wr_val_i32(3)};
    for (size_t i = 0; made && i < 8; i++) {
        size_t nargs = names[i][0] == 'a' ? 2 : names[i][0] == 'g' ? 1 : 0;
        wr_error *e = wr_reactor_call(r, names[i], args, nargs, NULL, &fs[i]);
        CHECK(&counts, !e || wr_error_kind_of(e) == WR_ERR_NOMEM);
        CHECK(&counts, !e == (fs[i] != NULL));
        wr_error_free(e);
        if (fs[i])
            wr_future_on_complete(fs[i], completed, &done.count[i]);
    }
    for (size_t i = 0; i < 8; i++) {
        if (!fs[i])
            continue;
        CHECK(&counts, wr_future_wait(fs[i], -1));
        wr_call_status s = wr_future_status(fs[i]);
        wr_call_status want = names[i][0] == 'c' ? WR_CALL_TRAP : WR_CALL_OK;
        CHECK(&counts, s == want || s == WR_CALL_NOMEM);
        if (s != want && s != WR_CALL_NOMEM)
            printf("  %s: status %d (%s)\n", names[i], (int)s,
                   wr_future_message(fs[i]) ? wr_future_message(fs[i]) : "");
    }
    wr_reactor_free(r);
    for (size_t i = 0; i < 8; i++) {
        if (fs[i])
            CHECK_EQ(&counts, atomic_load(&done.count[i]), 1);
        wr_future_free(fs[i]);
    }
    wr_module_free(m);
}

/* "fail": throws the host's tag with its argument when that is negative. */
static wr_error *host_fail(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)results;
    return args[0].of.i32 < 0 ? wr_exception_new(wr_caller_store(caller), env, args, 1) : NULL;
}

/* "call_back": the guest's throw_err, whose exception it passes on. */
static wr_error *host_call_back(wr_caller *caller, const wr_val *args, wr_val *results,
                                void *env)
{
    (void)results;
    wr_func *f = wr_instance_func(*(wr_instance **)env, "throw_err");
    return f ? wr_func_call(wr_caller_store(caller), f, args, 1, NULL, 0) : wr_trap_new("none");
}

/* Exception handling (3.0): tags made by the host and the module, exceptions thrown and
 * caught in wasm, thrown by the host, passed on through it, kept as exnrefs and uncaught
 * (tests/wasm3/guests/host_exceptions.wat). */
static void exceptions_scenario(wr_engine *engine, trace *t)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/host_exceptions.wasm", WASM3_GUESTS_DIR);
    wr_module *m = NULL;
    wr_store *store = NULL;
    if (!record_error(t, wr_module_load(engine, path, &m)))
        goto out;
    store = wr_store_new(engine);
    record(t, store != NULL, !store);
    if (!store)
        goto out;
    wr_valtype i32 = WR_I32;
    wr_functype type = {1, 0, &i32, NULL};
    wr_exntag *tag = wr_exntag_new(store, &type);
    record(t, tag != NULL, !tag);
    wr_instance *inst = NULL;
    wr_func *fail = tag ? wr_func_new_host(store, &type, host_fail, tag, NULL) : NULL;
    wr_func *back = fail ? wr_func_new_host(store, &type, host_call_back, &inst, NULL) : NULL;
    record(t, back != NULL, !back);
    if (!back)
        goto out;
    wr_extern imports[] = {{.kind = WR_EXTERN_TAG, .of.tag = tag},
                           {.kind = WR_EXTERN_FUNC, .of.func = fail},
                           {.kind = WR_EXTERN_FUNC, .of.func = back}};
    if (!record_error(t, wr_instance_new(store, m, imports, 3, &inst)))
        goto out;
    static const struct {
        const char *name;
        int32_t arg;
    } calls[] = {{"catch_host", -7}, {"catch_nested", -9}, {"throw_err", 42},
                 {"throw_local", 3}, {"keep", 4},          {"rethrow_kept", 0},
                 {"forget", 0},      {"catch_refs", 20},   {"catch_plain", 20}};
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        wr_func *f = wr_instance_func(inst, calls[i].name);
        CHECK(&counts, f != NULL);
        if (!f)
            continue;
        const wr_functype *ft = wr_func_type(f);
        wr_val arg = wr_val_i32(calls[i].arg), result = {0};
        wr_error *e = wr_func_call(store, f, &arg, ft->nparams, &result, ft->nresults);
        size_t n = 0;
        if (e && wr_error_kind_of(e) == WR_ERR_EXCEPTION)
            record(t, wr_error_exception_values(e, &n)[0].of.i32, false);
        if (record_error(t, e) && ft->nresults)
            record(t, result.of.i32, false);
    }
out:
    wr_store_free(store);
    wr_module_free(m);
}

/* Tier-up: the module's background build (its queue entry, the object, the code records)
 * and each instance's switch (its compiled context) on the engine's allocator. A refused
 * request leaves the module or the instance interpreted (the tier is the out-of-memory
 * answer there), with the same results. */
static void tierup_scenario(wr_engine *engine, trace *t)
{
    sweep_guest g;
    if (!sweep_guest_new(engine, t, &g))
        goto out;
    wr_val three = wr_val_i32(3), result;
    call_i32(g.store, g.inst, "run", &three, 1, t, &result);
    wr_tier tier = wr_module_tier_wait(g.m, 120000);
    record(t, tier, tier != WR_TIER_COMPILED);
    call_i32(g.store, g.inst, "run", &three, 1, t, &result); /* the switch, then the call */
    tier = wr_instance_tier(g.inst);
    record(t, tier, tier != WR_TIER_COMPILED);
    call_i32(g.store, g.inst, "run", &three, 1, t, &result);
out:
    sweep_guest_free(&g);
}

/* ---------------------------------------------------------------- the sweep */

/* One run of the scenario with request fail_at refused (0: none). False when the run did not
 * keep to the rules. */
static bool run_once(scenario_fn scenario, unsigned long fail_at, const trace *base, trace *out,
                     unsigned long *requests)
{
    failing f = {.fail_at = fail_at};
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.alloc = failing_alloc;
    cfg.alloc_ud = &f;
    cfg.tier = sweep_tier;
    wr_engine *engine = wr_engine_new(&cfg);
    *out = (trace){0};
    if (!engine) {
        /* only the engine's own block (and a tier-up engine's build queue) may fail this */
        CHECK(&counts, fail_at == 1 || (sweep_tier == WR_TIER_AUTO && fail_at == 2));
        record(out, -1, true);
    } else {
        scenario(engine, out);
        wr_engine_free(engine);
    }
    *requests = atomic_load(&f.requests);
    bool ok = true;
    if (atomic_load(&f.live) != 0) {
        printf("  N=%lu: %lld bytes never freed\n", fail_at, (long long)atomic_load(&f.live));
        ok = false;
    }
    if (!base)
        return ok;
    size_t n = out->n < base->n ? out->n : base->n;
    n = n < MAX_STEPS ? n : MAX_STEPS;
    size_t i = 0;
    while (i < n && out->value[i] == base->value[i])
        i++;
    bool same = i == n && out->n == base->n;
    if (!same && !(i < n && out->nomem[i]) && !(i == n && out->n > base->n && out->nomem[i])) {
        printf("  N=%lu: step %zu answered %ld (without the failure: %ld), not out of memory\n",
               fail_at, i, i < out->n ? out->value[i] : -1L, i < base->n ? base->value[i] : -1L);
        ok = false;
    }
    if (atomic_load(&f.refused) == 0 && !same) {
        printf("  N=%lu: nothing refused, yet the run differs at step %zu\n", fail_at, i);
        ok = false;
    }
    return ok;
}

/* The values of N to try for a scenario that makes `total` requests. */
static bool wanted(unsigned long n, unsigned long total, bool all)
{
    return all || n <= 64 || n % (total / 40 + 1) == 0 || n == total;
}

static void sweep(const char *name, scenario_fn scenario, bool all, bool order_varies)
{
    trace base;
    unsigned long total;
    bool ok = run_once(scenario, 0, NULL, &base, &total);
    CHECK(&counts, ok);
    CHECK(&counts, base.n <= MAX_STEPS);
    for (size_t i = 0; i < base.n && i < MAX_STEPS; i++)
        CHECK(&counts, !base.nomem[i]); /* the run without failures must succeed */
    /* Requests made by threads beside the test vary a little from run to run. */
    unsigned long last = order_varies ? total + total / 4 + 8 : total + 1;
    unsigned long runs = 0, failed = 0;
    for (unsigned long n = 1; n <= last; n++) {
        if (!wanted(n, last, all))
            continue;
        trace t;
        unsigned long requests;
        runs++;
        if (!run_once(scenario, n, order_varies ? NULL : &base, &t, &requests)) {
            failed++;
            CHECK(&counts, false);
        }
    }
    printf("%s: %lu requests without failures; %lu runs with one refused, %lu bad\n", name,
           total, runs, failed);
}

int main(int argc, char **argv)
{
    bool all = argc > 1 && strcmp(argv[1], "--all") == 0;
    sweep("decode, validate, translate, instantiate, call", runtime_scenario, all, false);
    sweep("WASI calls (in-memory and host file systems)", wasi_scenario, all, false);
    sweep("reactor: make, submit, run, complete", reactor_scenario, all, true);
    sweep("exceptions: tags, throw, catch, host exceptions, exnrefs", exceptions_scenario, all,
          false);
    /* The build thread's requests interleave with the test's. */
    sweep_tier = WR_TIER_AUTO;
    sweep("tier-up: background build, instance switch", tierup_scenario, all, true);
    return check_report(&counts);
}
