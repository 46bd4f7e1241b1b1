/* Tier-up (WR_TIER_AUTO): modules start interpreted and their instances switch to compiled
 * code at the next call once the object is built in the background. The cases check the
 * same results and the same state (global, memory, table) across the switch, that the
 * switch is seen through the query API within a bound, a compiler that fails, a module
 * freed while its build runs, a reactor whose workers switch, and stores on several
 * threads switching at once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "wr.h"
#include "wr_reactor.h"

#ifndef TIERUP_GUEST
#error "TIERUP_GUEST must name tests/compile/guest/tierup.wasm"
#endif

/* How long a build may take on a loaded machine before the switch counts as missed. */
#define BUILD_BOUND_MS 120000u

static check_counts checks;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static wr_engine *auto_engine(const char *cc)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.tier = WR_TIER_AUTO;
    cfg.cc = cc;
    wr_engine *e = wr_engine_new(&cfg);
    if (!e) {
        fprintf(stderr, "no engine\n");
        exit(1);
    }
    return e;
}

/* A compiler that waits for a gate before it runs: the build is held until the case has
 * seen its instances run interpreted (its command differs per run, so nothing is cached). */
typedef struct gated_cc {
    char script[64], gate[80], cmd[96];
} gated_cc;

static bool gated_cc_new(gated_cc *g)
{
    snprintf(g->script, sizeof g->script, "/tmp/wr-gatedcc-XXXXXX");
    int fd = mkstemp(g->script);
    if (fd < 0)
        return false;
    snprintf(g->gate, sizeof g->gate, "%s.open", g->script);
    char text[256];
    int n = snprintf(text, sizeof text,
                     "case \"$1\" in --version) exec ${CC:-cc} --version;; esac\n"
                     "while [ ! -e %s ]; do sleep 0.01; done\nexec ${CC:-cc} \"$@\"\n", g->gate);
    bool ok = write(fd, text, (size_t)n) == n;
    close(fd);
    snprintf(g->cmd, sizeof g->cmd, "sh %s", g->script);
    return ok;
}

static void gate_open(gated_cc *g)
{
    FILE *f = fopen(g->gate, "w");
    CHECK(&checks, f != NULL);
    if (f)
        fclose(f);
}

static void gated_cc_free(gated_cc *g)
{
    unlink(g->gate);
    unlink(g->script);
}

static wr_module *load(wr_engine *e)
{
    wr_module *m = NULL;
    wr_error *err = wr_module_load(e, TIERUP_GUEST, &m);
    CHECK_OK(&checks, err);
    return m;
}

/* The set-up of the cases that hold the build: a gated compiler, an auto-tier engine on it
 * and the guest's module (NULL when it failed to load, a failed check). */
typedef struct held {
    gated_cc cc;
    wr_engine *e;
    wr_module *m;
} held;

static bool held_new(held *h)
{
    if (!gated_cc_new(&h->cc))
        return false;
    h->e = auto_engine(h->cc.cmd);
    h->m = load(h->e);
    return true;
}

static void held_free(held *h)
{
    wr_module_free(h->m);
    wr_engine_free(h->e);
    gated_cc_free(&h->cc);
}

static wr_error *note(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller, (void)args, (void)results;
    (*(int *)env)++;
    return NULL;
}

/* One instance of the guest in its own store, with "host" "note" counting into notes. */
typedef struct guest {
    wr_store *store;
    wr_instance *inst;
    int notes;
} guest;

static bool guest_new(guest *g, wr_engine *e, wr_module *m)
{
    memset(g, 0, sizeof *g);
    g->store = wr_store_new(e);
    static const wr_valtype i32[] = {WR_I32};
    wr_functype ft = {1, 0, i32, NULL};
    wr_func *f = g->store ? wr_func_new_host(g->store, &ft, note, &g->notes, NULL) : NULL;
    wr_extern imp = {.kind = WR_EXTERN_FUNC, .of.func = f};
    wr_error *err = f ? wr_instance_new(g->store, m, &imp, 1, &g->inst) : NULL;
    CHECK_OK(&checks, err);
    return f && !err;
}

static int32_t call2(guest *g, const char *name, int32_t a, int32_t b, wr_error **err)
{
    wr_val args[2] = {wr_val_i32(a), wr_val_i32(b)}, r;
    *err = wr_func_call(g->store, wr_instance_func(g->inst, name), args, 2, &r, 1);
    return *err ? 0 : r.of.i32;
}

static int32_t fib(int32_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

/* step(n, which) as the guest computes it after `calls` steps (this one included). */
static int32_t expected_step(int32_t n, int32_t which, int32_t calls)
{
    return (int32_t)((uint32_t)(which ? n * n : fib(n)) + (uint32_t)calls * 1000000u);
}

/* Calls step for n in [from, to), checking each result against the count of steps. */
static void steps(guest *g, int32_t from, int32_t to)
{
    for (int32_t n = from; n < to; n++) {
        wr_error *err;
        int32_t got = call2(g, "step", n, n & 1, &err);
        CHECK_OK(&checks, err);
        CHECK_EQ(&checks, got, expected_step(n, n & 1, n + 1));
    }
}

static void same_results_across_switch(void)
{
    held h;
    REQUIRE(&checks, held_new(&h));
    if (!h.m)
        goto out;
    guest g;
    if (!guest_new(&g, h.e, h.m))
        goto out;
    CHECK_EQ(&checks, wr_instance_tier(g.inst), WR_TIER_INTERP);
    steps(&g, 0, 10);
    CHECK_EQ(&checks, wr_module_tier(h.m), WR_TIER_INTERP);
    CHECK_EQ(&checks, wr_instance_tier(g.inst), WR_TIER_INTERP);
    /* The switch is seen within the bound, and only at the instance's next call. */
    double t0 = now_s();
    gate_open(&h.cc);
    CHECK_EQ(&checks, wr_module_tier_wait(h.m, BUILD_BOUND_MS), WR_TIER_COMPILED);
    CHECK_EQ(&checks, wr_instance_tier(g.inst), WR_TIER_INTERP);
    CHECK_MSG(&checks, now_s() - t0 < BUILD_BOUND_MS / 1000.0, "the build took %.1f s",
              now_s() - t0);
    CHECK(&checks, wr_module_tier_error(h.m) == NULL);
    steps(&g, 10, 11);
    CHECK_EQ(&checks, wr_instance_tier(g.inst), WR_TIER_COMPILED);
    steps(&g, 11, 20);
    /* Memory, the global and the host's count carried over the switch. */
    wr_error *err = NULL;
    wr_val total;
    err = wr_func_call(g.store, wr_instance_func(g.inst, "total"), NULL, 0, &total, 1);
    CHECK_OK(&checks, err);
    CHECK_EQ(&checks, total.of.i32, 19 * 20 / 2);
    CHECK_EQ(&checks, g.notes, 20);
    wr_extern calls;
    CHECK(&checks, wr_instance_export(g.inst, "calls", 5, &calls));
    CHECK_EQ(&checks, wr_global_get(calls.of.global).of.i32, 20);
    /* Traps stay traps, with the same kind. */
    call2(&g, "div", 1, 0, &err);
    CHECK(&checks, err && wr_error_trap_kind(err) == WR_TRAP_DIV_ZERO);
    wr_error_free(err);
    /* A new instance of a compiled module starts compiled. */
    guest g2;
    if (guest_new(&g2, h.e, h.m)) {
        CHECK_EQ(&checks, wr_instance_tier(g2.inst), WR_TIER_COMPILED);
        steps(&g2, 0, 5);
        wr_store_free(g2.store);
    }
    wr_store_free(g.store);
out:
    held_free(&h);
}

static void compiler_fails(void)
{
    wr_engine *e = auto_engine("false");
    wr_module *m = load(e);
    REQUIRE(&checks, m);
    guest g;
    if (guest_new(&g, e, m)) {
        steps(&g, 0, 5);
        CHECK_EQ(&checks, wr_module_tier_wait(m, BUILD_BOUND_MS), WR_TIER_INTERP);
        const char *why = wr_module_tier_error(m);
        CHECK_MSG(&checks, why && strstr(why, "false"), "tier-up error: %s", why ? why : "none");
        steps(&g, 5, 10); /* calls never fail for it */
        CHECK_EQ(&checks, wr_instance_tier(g.inst), WR_TIER_INTERP);
        wr_store_free(g.store);
    }
    wr_module_free(m);
    wr_engine_free(e);
}

/* A compiler whose gate never opens: the module is freed while its build runs, which must
 * end it at once, killing the compiler, and leak nothing. */
static void free_while_compiling(void)
{
    gated_cc cc;
    REQUIRE(&checks, gated_cc_new(&cc));
    wr_engine *e = auto_engine(cc.cmd);
    double t0 = now_s();
    wr_module *m = load(e);
    CHECK_MSG(&checks, now_s() - t0 < 5.0, "wr_module_new waited %.1f s", now_s() - t0);
    if (m) {
        guest g;
        if (guest_new(&g, e, m)) {
            steps(&g, 0, 5);
            wr_store_free(g.store);
        }
        /* Long enough for the build to reach the compiler. */
        CHECK_EQ(&checks, wr_module_tier_wait(m, 300), WR_TIER_INTERP);
        CHECK(&checks, wr_module_tier_error(m) == NULL); /* still building */
        double t1 = now_s();
        wr_module_free(m);
        CHECK_MSG(&checks, now_s() - t1 < 5.0, "freeing the module took %.1f s", now_s() - t1);
    }
    /* A second module queued behind a running build, freed too. */
    wr_module *a = load(e), *b = load(e);
    wr_module_free(b);
    wr_module_free(a);
    wr_engine_free(e);
    gated_cc_free(&cc);
}

/* Stores on several threads call the same module while its object arrives. */
enum { CALLS_BEFORE = 20 };

typedef struct runner {
    wr_engine *engine;
    wr_module *module;
    atomic_int *ready;  /* threads that made CALLS_BEFORE interpreted calls */
    int compiled_after; /* calls made before the instance ran compiled */
} runner;

static void *run_thread(void *arg)
{
    runner *r = arg;
    guest g;
    if (!guest_new(&g, r->engine, r->module))
        return NULL;
    int32_t calls = 0;
    double t0 = now_s();
    while (wr_instance_tier(g.inst) != WR_TIER_COMPILED && now_s() - t0 < BUILD_BOUND_MS / 1000.0) {
        wr_error *err;
        int32_t n = calls % 16;
        int32_t got = call2(&g, "step", n, 0, &err);
        calls++;
        CHECK_OK(&checks, err);
        CHECK_EQ(&checks, got, expected_step(n, 0, calls));
        if (calls == CALLS_BEFORE)
            atomic_fetch_add(r->ready, 1);
        if (calls >= CALLS_BEFORE) /* each step keeps a word: stay within the memory */
            usleep(1000);
    }
    r->compiled_after = calls;
    wr_store_free(g.store);
    return NULL;
}

static void threads_switch(void)
{
    held h;
    REQUIRE(&checks, held_new(&h));
    enum { N = 4 };
    runner rs[N];
    pthread_t th[N];
    atomic_int ready;
    atomic_init(&ready, 0);
    for (int i = 0; h.m && i < N; i++) {
        rs[i] = (runner){h.e, h.m, &ready, -1};
        pthread_create(&th[i], NULL, run_thread, &rs[i]);
    }
    /* The build goes on once every thread runs interpreted, and they switch as they call. */
    double t0 = now_s();
    while (h.m && atomic_load(&ready) < N && now_s() - t0 < 60)
        usleep(1000);
    gate_open(&h.cc);
    for (int i = 0; h.m && i < N; i++) {
        pthread_join(th[i], NULL);
        CHECK_MSG(&checks, rs[i].compiled_after >= CALLS_BEFORE,
                  "thread %d switched after %d calls", i, rs[i].compiled_after);
    }
    held_free(&h);
}

/* ---- a reactor whose workers switch ------------------------------------------------ */

/* Workers run on threads of their own: their notes are counted atomically. */
static wr_error *note_atomic(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller, (void)args, (void)results;
    atomic_fetch_add((atomic_int *)env, 1);
    return NULL;
}

static wr_error *reactor_imports(wr_linker *linker, wr_store *store, uint32_t worker, void *user)
{
    (void)worker;
    static const wr_valtype i32[] = {WR_I32};
    wr_functype ft = {1, 0, i32, NULL};
    wr_func *f = wr_func_new_host(store, &ft, note_atomic, user, NULL);
    if (!f)
        return wr_trap_new("out of memory");
    wr_extern ext = {.kind = WR_EXTERN_FUNC, .of.func = f};
    return wr_linker_define(linker, "host", 4, "note", 4, ext);
}

/* The load hook records the tier each worker's instance ran the call on. */
static int record_tier(wr_hook_ctx *ctx, void *user)
{
    atomic_int *tiers = user;
    atomic_store(&tiers[wr_hook_worker(ctx)], (int)wr_instance_tier(wr_hook_instance(ctx)));
    return 0;
}

/* Calls fib(n) for n in 0, 5, 10, 15 on each worker, checking the results. */
static void fib_on_each_worker(wr_reactor *r, const wr_reactor_fn *fib_fn, uint32_t workers,
                               atomic_int *tiers)
{
    for (uint32_t w = 0; w < workers; w++)
        for (int32_t n = 0; n < 20; n += 5) {
            wr_call_options opts = {.pinned = true, .worker = w, .load_hook = record_tier,
                                    .user = tiers};
            wr_val arg = wr_val_i32(n);
            wr_future *f = NULL;
            CHECK_OK(&checks, wr_reactor_invoke(r, fib_fn, &arg, 1, &opts, &f));
            if (!f)
                continue;
            CHECK(&checks, wr_future_wait(f, -1));
            size_t count = 0;
            const wr_val *res = wr_future_results(f, &count);
            CHECK(&checks, wr_future_status(f) == WR_CALL_OK && count == 1 && res &&
                               res[0].of.i32 == fib(n));
            wr_future_free(f);
        }
}

static void reactor_switch(void)
{
    held h;
    REQUIRE(&checks, held_new(&h));
    if (!h.m)
        goto out;
    enum { WORKERS = 2 };
    atomic_int notes;
    atomic_init(&notes, 0);
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = WORKERS;
    cfg.imports = reactor_imports;
    cfg.imports_user = &notes;
    wr_reactor *r = NULL;
    wr_error *err = wr_reactor_new(h.m, &cfg, &r);
    CHECK_OK(&checks, err);
    atomic_int tiers[WORKERS];
    for (int i = 0; i < WORKERS; i++)
        atomic_init(&tiers[i], -1);
    const wr_reactor_fn *fib_fn = NULL;
    if (r)
        CHECK_OK(&checks, wr_reactor_export(r, "fib", &fib_fn));
    if (fib_fn)
        fib_on_each_worker(r, fib_fn, WORKERS, tiers);
    for (int w = 0; w < WORKERS; w++)
        CHECK_MSG(&checks, atomic_load(&tiers[w]) == WR_TIER_INTERP, "worker %d ran on tier %d",
                  w, atomic_load(&tiers[w]));
    gate_open(&h.cc);
    CHECK_EQ(&checks, wr_module_tier_wait(h.m, BUILD_BOUND_MS), WR_TIER_COMPILED);
    /* Every worker's next call runs compiled, with the same results. */
    if (fib_fn)
        fib_on_each_worker(r, fib_fn, WORKERS, tiers);
    for (int w = 0; w < WORKERS; w++)
        CHECK_MSG(&checks, atomic_load(&tiers[w]) == WR_TIER_COMPILED, "worker %d ran on tier %d",
                  w, atomic_load(&tiers[w]));
    wr_reactor_free(r);
out:
    held_free(&h);
}

int main(void)
{
    static const struct {
        const char *name;
        void (*run)(void);
    } cases[] = {
        {"same_results_across_switch", same_results_across_switch},
        {"compiler_fails", compiler_fails},
        {"free_while_compiling", free_while_compiling},
        {"threads_switch", threads_switch},
        {"reactor_switch", reactor_switch},
    };
    const char *only = getenv("TIERUP_CASE");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (only && strcmp(only, cases[i].name) != 0)
            continue;
        unsigned begin = check_case_begin(&checks);
        cases[i].run();
        check_case_end(&checks, begin, cases[i].name);
    }
    return check_report(&checks);
}
