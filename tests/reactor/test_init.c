/* A looping _initialize (or start function) never hangs wr_reactor_new nor a worker: the
 * init deadline stops it, and so does wr_reactor_close(r, true). */
#include "harness.h"

static wr_error *init_spins(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller;
    (void)args;
    results[0] = wr_val_i32(atomic_load((atomic_int *)env));
    return NULL;
}

/* The wr_imports_fn: user is an atomic_int, non-zero while _initialize should loop. */
static wr_error *spin_imports(wr_linker *linker, wr_store *store, uint32_t worker, void *user)
{
    (void)worker;
    static const wr_valtype i32[1] = {WR_I32};
    const wr_functype type = {0, 1, NULL, i32};
    wr_func *f = wr_func_new_host(store, &type, init_spins, user, NULL);
    if (!f)
        return wr_trap_new("out of memory");
    wr_extern ext = {.kind = WR_EXTERN_FUNC, .of.func = f};
    return wr_linker_define(linker, "host", 4, "init_spins", 10, ext);
}

static wr_reactor_config spin_config(atomic_int *spins, uint32_t workers, uint64_t init_ns)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = workers;
    cfg.init_deadline_ns = init_ns;
    cfg.imports = spin_imports;
    cfg.imports_user = spins;
    return cfg;
}

static uint64_t ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (uint64_t)(t1.tv_sec - t0->tv_sec) * 1000u +
           (uint64_t)((t1.tv_nsec - t0->tv_nsec) / 1000000);
}

static void test_startup_deadline(harness *h)
{
    wr_module *m = load_guest(h, "spin_init.wasm");
    atomic_int spins;
    atomic_init(&spins, 1);
    for (uint32_t workers = 1; m && workers <= 2; workers++) {
        wr_reactor_config cfg = spin_config(&spins, workers, 100000000u);
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        wr_reactor *r = NULL;
        wr_error *err = wr_reactor_new(m, &cfg, &r);
        CHECK(&h->checks, err && !r);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_LIMIT);
        CHECK(&h->checks, ms_since(&t0) < 5000);
        wr_error_free(err);
    }
    /* The default deadline applies without any setting. */
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    CHECK(&h->checks, cfg.init_deadline_ns == 10000000000u);
    wr_module_free(m);
}

/* A one-worker reactor on m (when m loaded) that replaces an instance after a trap. */
static wr_reactor *fresh_spin_reactor(harness *h, wr_module *m, atomic_int *spins,
                                      uint64_t init_ns)
{
    wr_reactor_config cfg = spin_config(spins, 1, init_ns);
    cfg.fresh_after_failure = true;
    wr_reactor *r = NULL;
    if (m)
        CHECK_OK(&h->checks, wr_reactor_new(m, &cfg, &r));
    return r;
}

/* Traps a call, so that (with fresh_after_failure) the worker starts a fresh instance whose
 * _initialize loops. */
static void crash_into_spinning_init(harness *h, wr_reactor *r, atomic_int *spins)
{
    atomic_store(spins, 1);
    wr_future *f = NULL;
    CHECK_OK(&h->checks, wr_reactor_call(r, "crash", NULL, 0, NULL, &f));
    CHECK(&h->checks, f && wr_future_wait(f, 10000000000LL) && wr_future_status(f) == WR_CALL_TRAP);
    wr_future_free(f);
}

/* A fresh instance whose _initialize loops, with no deadline: closing still returns. */
static void test_close_stops_fresh_instance(harness *h)
{
    wr_module *m = load_guest(h, "spin_init.wasm");
    atomic_int spins;
    atomic_init(&spins, 0);
    wr_reactor *r = fresh_spin_reactor(h, m, &spins, 0);
    if (r) {
        crash_into_spinning_init(h, r, &spins);
        sleep_ms(50); /* the worker is now looping in the fresh instance's _initialize */
        wr_future *queued = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "one", NULL, 0, NULL, &queued));
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        wr_reactor_close(r, true);
        CHECK(&h->checks, ms_since(&t0) < 5000);
        CHECK(&h->checks, queued && wr_future_poll(queued) && wr_future_status(queued) == WR_CALL_CLOSED);
        wr_future_free(queued);
    }
    wr_reactor_free(r);
    wr_module_free(m);
}

/* A fresh instance past its deadline fails the next call, and the one after that works once
 * _initialize behaves. */
static void test_fresh_instance_deadline(harness *h)
{
    wr_module *m = load_guest(h, "spin_init.wasm");
    atomic_int spins;
    atomic_init(&spins, 0);
    wr_reactor *r = fresh_spin_reactor(h, m, &spins, 50000000u);
    if (r) {
        crash_into_spinning_init(h, r, &spins);
        wr_future *f = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "one", NULL, 0, NULL, &f));
        CHECK(&h->checks, f && wr_future_wait(f, 10000000000LL) &&
                              wr_future_status(f) == WR_CALL_INSTANCE);
        CHECK(&h->checks, f && wr_future_message(f) && strstr(wr_future_message(f), "deadline"));
        wr_future_free(f);
        atomic_store(&spins, 0);
        CHECK_OK(&h->checks, wr_reactor_call(r, "one", NULL, 0, NULL, &f));
        CHECK(&h->checks, f && wr_future_wait(f, 10000000000LL) && wr_future_status(f) == WR_CALL_OK);
        wr_future_free(f);
    }
    wr_reactor_free(r);
    wr_module_free(m);
}

int main(void)
{
    harness h;
    harness_init(&h);
    RUN(&h, test_startup_deadline);
    RUN(&h, test_close_stops_fresh_instance);
    RUN(&h, test_fresh_instance_deadline);
    return harness_finish(&h);
}
