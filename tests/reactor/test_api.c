/* The 1.0 API as an embedder meets it: backtraces of nameless modules, bounded backtraces,
 * stdin and call identity for WASI callbacks, cleanup hooks, completion callbacks that return
 * before waiters wake, option defaults, stop backtraces, wait_any results, queue capacity,
 * export handles, no embedder callback under a reactor lock, codec limits and engine limits. */
#include "harness.h"

#include <unistd.h>

#include "wr_wasi.h"

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static wr_future *wait_call(harness *h, wr_reactor *r, const char *name, const wr_val *args,
                            size_t nargs, const wr_call_options *opts)
{
    wr_future *f = NULL;
    CHECK_OK(&h->checks, wr_reactor_call(r, name, args, nargs, opts, &f));
    if (f)
        CHECK(&h->checks, wr_future_wait(f, 10000000000LL));
    return f;
}

/* Wait until f runs (a stop before that leaves no backtrace to check). */
static bool wait_running(wr_future *f)
{
    for (int i = 0; i < 5000 && wr_future_state_of(f) == WR_FUTURE_QUEUED; i++)
        sleep_ms(1);
    return wr_future_state_of(f) != WR_FUTURE_QUEUED;
}

/* ---------------------------------------------------------------- 1. names */

/* basic.wasm has no name section: a trap names the export it happened in. */
static void test_nameless_trap_names_export(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_val args[2] = {wr_val_i32(1), wr_val_i32(0)};
        wr_future *f = wait_call(h, r, "div", args, 2, NULL);
        const wr_error *e = f ? wr_future_error(f) : NULL;
        size_t n = 0;
        const wr_frame *frames = e ? wr_error_frames(e, &n) : NULL;
        CHECK(&h->checks, frames && n == 1 && frames[0].func_name && !strcmp(frames[0].func_name, "div"));
        /* The index maps back to the same names. */
        wr_func_names names;
        CHECK(&h->checks, frames && wr_module_func_names(m, frames[0].func_index, &names));
        CHECK(&h->checks, frames && !names.debug && names.export_name.len == 3 &&
                              !memcmp(names.export_name.data, "div", 3) && !names.import_name.data);
        /* Imports 0 and 1 are host.note and host.block. */
        CHECK(&h->checks, wr_module_func_names(m, 1, &names) && names.import_name.data &&
                              !strcmp(names.import_module.data, "host") &&
                              !strcmp(names.import_name.data, "block"));
        CHECK(&h->checks, !wr_module_func_names(m, 100000, &names) && !names.export_name.data);
        wr_future_free(f);
    }
    basic_teardown(r, m, &env);
}

static wr_error *nothing(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller;
    (void)args;
    (void)results;
    (void)env;
    return NULL;
}

typedef struct index_probe {
    bool found;
    uint32_t index;
} index_probe;

static int probe_index(wr_hook_ctx *ctx, void *user)
{
    index_probe *p = user;
    wr_func *add = wr_instance_func(wr_hook_instance(ctx), "add");
    p->found = add && wr_func_index(add, &p->index);
    return 0;
}

/* wr_func_index gives the index frames report and wr_module_func_names resolves. */
static void test_func_index(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        index_probe probe = {0};
        wr_call_options opts = {.store_hook = probe_index, .user = &probe};
        wr_future_free(wait_call(h, r, "next", NULL, 0, &opts));
        wr_func_names names;
        CHECK(&h->checks, probe.found && wr_module_func_names(m, probe.index, &names) &&
                              names.export_name.data && !strcmp(names.export_name.data, "add"));
        /* A host function has no index. */
        wr_store *store = wr_store_new(h->engine);
        wr_functype t = {0, 0, NULL, NULL};
        wr_func *host = store ? wr_func_new_host(store, &t, nothing, NULL, NULL) : NULL;
        uint32_t index;
        CHECK(&h->checks, host && !wr_func_index(host, &index));
        wr_store_free(store);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 2. bounded backtraces */

/* 100,000 frames deep: the trap keeps the bound's worth, counts the rest, and costs little
 * (a frame array grown one frame at a time took minutes under ASan). */
static void test_deep_trap_is_bounded(harness *h)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.max_call_depth = 100000;
    cfg.max_backtrace_frames = 10;
    wr_engine *engine = wr_engine_new(&cfg);
    host_env env;
    host_env_init(&env);
    char path[1024];
    snprintf(path, sizeof path, "%s/basic.wasm", WR_GUEST_DIR);
    wr_module *m = NULL;
    CHECK_OK(&h->checks, wr_module_load(engine, path, &m));
    wr_reactor *r = m ? basic_reactor(h, m, &env, NULL) : NULL;
    if (r) {
        uint64_t t0 = now_ns();
        wr_future *f = wait_call(h, r, "recurse", NULL, 0, NULL);
        uint64_t took = now_ns() - t0;
        CHECK(&h->checks, took < 1000000000u);
        const wr_error *e = f ? wr_future_error(f) : NULL;
        CHECK(&h->checks, e && wr_error_trap_kind(e) == WR_TRAP_STACK_EXHAUSTED);
        size_t n = 0, gap = 0;
        const wr_frame *frames = e ? wr_error_frames(e, &n) : NULL;
        CHECK(&h->checks, frames && n == 10);
        CHECK(&h->checks, e && wr_error_frames_left_out(e, &gap) == 100000 - 10 && gap == 5);
        for (size_t i = 0; frames && i < n; i++)
            CHECK(&h->checks, frames[i].func_name && !strcmp(frames[i].func_name, "recurse"));
        printf("     100,000-frame trap in %.1f ms\n", (double)took / 1e6);
        wr_future_free(f);
    }
    wr_reactor_free(r);
    wr_module_free(m);
    host_env_destroy(&env);
    wr_engine_free(engine);
}

/* ---------------------------------------------------------------- 3. stdin and identity */

typedef struct worker_out {
    wr_reactor *r;
    uint32_t worker;
    uint64_t call_id;   /* what wr_reactor_running said inside the callback */
    void *call_user;
    char text[64];
} worker_out;

static bool record_output(void *user, const uint8_t *buf, size_t len)
{
    worker_out *o = user;
    o->call_id = wr_reactor_running(o->r, o->worker, &o->call_user);
    size_t n = len < sizeof o->text - 1 ? len : sizeof o->text - 1;
    memcpy(o->text, buf, n);
    o->text[n] = 0;
    return true;
}

static void test_stdin_and_identity(harness *h)
{
    enum { WORKERS = 2 };
    wr_module *m = load_guest(h, "wasi_reactor.wasm");
    worker_out outs[WORKERS];
    memset(outs, 0, sizeof outs);
    wr_wasi_config *wasi[WORKERS] = {NULL, NULL};
    bool ok = m != NULL;
    for (uint32_t i = 0; i < WORKERS; i++) {
        outs[i].worker = i;
        wasi[i] = wr_wasi_config_new();
        ok = ok && wasi[i] && wr_wasi_config_stdin_push(wasi[i]) &&
             wr_wasi_config_output_callback(wasi[i], 1, record_output, &outs[i]);
    }
    CHECK(&h->checks, ok);
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = WORKERS;
    cfg.worker_wasi = (const wr_wasi_config *const *)wasi;
    wr_reactor *r = NULL;
    if (ok)
        CHECK_OK(&h->checks, wr_reactor_new(m, &cfg, &r));
    if (r) {
        for (uint32_t i = 0; i < WORKERS; i++)
            outs[i].r = r;
        CHECK(&h->checks, wr_reactor_stdin_push(r, 1, "to one", 6));
        CHECK(&h->checks, !wr_reactor_stdin_push(r, WORKERS, "x", 1));
        int tag = 0;
        wr_call_options opts = {.pinned = true, .worker = 1, .user = &tag};
        wr_future *f = wait_call(h, r, "echo", NULL, 0, &opts);
        size_t n;
        const wr_val *res = f ? wr_future_results(f, &n) : NULL;
        CHECK(&h->checks, res && res[0].of.i32 == 6);
        CHECK(&h->checks, !strcmp(outs[1].text, "to one") && outs[0].text[0] == 0);
        CHECK(&h->checks, f && outs[1].call_id == wr_future_id(f) && outs[1].call_user == &tag);
        CHECK(&h->checks, wr_reactor_running(r, 1, NULL) == 0); /* idle now */
        wr_future_free(f);
        /* End of file once closed: the read returns 0, pushes fail. */
        wr_reactor_stdin_close(r, 1);
        CHECK(&h->checks, !wr_reactor_stdin_push(r, 1, "late", 4));
        f = wait_call(h, r, "echo", NULL, 0, &opts);
        res = f ? wr_future_results(f, &n) : NULL;
        CHECK(&h->checks, res && res[0].of.i32 == 0);
        wr_future_free(f);
    }
    wr_reactor_free(r);
    for (uint32_t i = 0; i < WORKERS; i++)
        wr_wasi_config_free(wasi[i]);
    wr_module_free(m);
}

/* ---------------------------------------------------------------- 4. cleanup hooks */

typedef struct cleanup_log {
    int runs;
    wr_call_status seen[8];
    int32_t freed_value;
} cleanup_log;

static int note_cleanup(wr_hook_ctx *ctx, void *user)
{
    cleanup_log *log = user;
    if (log->runs < 8)
        log->seen[log->runs] = wr_hook_status(ctx);
    log->runs++;
    /* The instance is usable even after a stop: call back into it. */
    wr_val arg = wr_val_i32(41), res;
    if (wr_hook_call(ctx, "add", (wr_val[]){arg, wr_val_i32(1)}, 2, &res, 1))
        log->freed_value = res.of.i32;
    return 7; /* ignored */
}

static void test_cleanup_hook(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        cleanup_log log = {0};
        wr_call_options opts = {.cleanup_hook = note_cleanup, .user = &log};
        wr_val args[2] = {wr_val_i32(6), wr_val_i32(3)};
        wr_future *ok = wait_call(h, r, "div", args, 2, &opts);
        args[1] = wr_val_i32(0);
        wr_future *trap = wait_call(h, r, "div", args, 2, &opts);
        wr_future *spin = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "spin", NULL, 0, &opts, &spin));
        CHECK(&h->checks, spin && wait_running(spin) && wr_future_cancel(spin) &&
                              wr_future_wait(spin, 5000000000LL));
        /* A cancelled call may finish before its worker has stopped the guest; the hook
         * runs before the worker's next call, so one more call (no hooks) on the single
         * worker orders the count after it. */
        wr_val more[2] = {wr_val_i32(4), wr_val_i32(2)};
        wr_future_free(wait_call(h, r, "div", more, 2, NULL));
        CHECK(&h->checks, log.runs == 3);
        CHECK(&h->checks, log.seen[0] == WR_CALL_OK && log.seen[1] == WR_CALL_TRAP &&
                              log.seen[2] == WR_CALL_CANCELLED);
        CHECK(&h->checks, log.freed_value == 42);
        size_t n;
        const wr_val *res = ok ? wr_future_results(ok, &n) : NULL;
        CHECK(&h->checks, res && res[0].of.i32 == 2); /* the hook's 7 changed nothing */
        CHECK(&h->checks, trap && wr_future_status(trap) == WR_CALL_TRAP);
        CHECK(&h->checks, spin && wr_future_status(spin) == WR_CALL_CANCELLED);
        wr_future_free(ok);
        wr_future_free(trap);
        wr_future_free(spin);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 5. completion callbacks */

typedef struct slow_callback {
    atomic_int returned;
    wr_call_status status_inside;
    bool poll_inside;
} slow_callback;

static void slow_complete(wr_future *f, void *user)
{
    slow_callback *cb = user;
    cb->status_inside = wr_future_status(f);
    cb->poll_inside = wr_future_poll(f);
    sleep_ms(50);
    atomic_store(&cb->returned, 1);
}

static void test_callback_before_waiters(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        slow_callback *cb = calloc(1, sizeof *cb);
        wr_future *f = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "block", NULL, 0, NULL, &f));
        if (f && cb) {
            wr_future_on_complete(f, slow_complete, cb);
            CHECK(&h->checks, wait_blocked(&env, 1));
            open_gate(&env, true);
            CHECK(&h->checks, wr_future_wait(f, 5000000000LL));
            /* Seen finished only after the callback returned: its data may go now. */
            CHECK(&h->checks, atomic_load(&cb->returned) == 1);
            CHECK(&h->checks, cb->status_inside == WR_CALL_OK && !cb->poll_inside);
        }
        free(cb);
        wr_future_free(f);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 6. options */

static void test_zero_options(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = 2;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    if (r) {
        /* Zero options run on any worker: a call blocking worker 0 does not hold back one
         * submitted after it with only a deadline set. */
        wr_call_options zero = {.deadline_ns = 5000000000LL};
        wr_future *blocked = NULL, *next = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "block", NULL, 0, &zero, &blocked));
        CHECK(&h->checks, wait_blocked(&env, 1));
        next = wait_call(h, r, "next", NULL, 0, &zero);
        CHECK(&h->checks, next && wr_future_status(next) == WR_CALL_OK);
        open_gate(&env, true);
        CHECK(&h->checks, blocked && wr_future_wait(blocked, 5000000000LL));
        wr_future_free(blocked);
        wr_future_free(next);
        /* Invalid workers are errors, not "any". */
        wr_call_options bad[2] = {{.pinned = true, .worker = 2}, {.worker = 1}};
        for (int i = 0; i < 2; i++) {
            wr_future *f = NULL;
            wr_error *err = wr_reactor_call(r, "next", NULL, 0, &bad[i], &f);
            CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
            wr_error_free(err);
        }
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 7. where a stop landed */

static void test_stop_backtrace(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_call_options opts = {.deadline_ns = 300000000}; /* 300 ms */
        wr_future *late = NULL, *cancelled = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "spin", NULL, 0, &opts, &late));
        CHECK(&h->checks, late && wait_running(late) && wr_future_wait(late, 5000000000LL));
        CHECK_OK(&h->checks, wr_reactor_call(r, "spin", NULL, 0, NULL, &cancelled));
        CHECK(&h->checks, cancelled && wait_running(cancelled) && wr_future_cancel(cancelled) &&
                              wr_future_wait(cancelled, 5000000000LL));
        wr_future *both[2] = {late, cancelled};
        wr_call_status want[2] = {WR_CALL_DEADLINE, WR_CALL_CANCELLED};
        for (int i = 0; i < 2; i++) {
            CHECK(&h->checks, both[i] && wr_future_status(both[i]) == want[i]);
            const wr_error *e = both[i] ? wr_future_error(both[i]) : NULL;
            size_t n = 0;
            const wr_frame *frames = e ? wr_error_frames(e, &n) : NULL;
            CHECK(&h->checks, e && wr_error_trap_kind(e) == WR_TRAP_INTERRUPTED);
            CHECK(&h->checks, frames && n == 1 && frames[0].func_name &&
                                  !strcmp(frames[0].func_name, "spin"));
            wr_future_free(both[i]);
        }
        /* Stopped before it ran: no guest was stopped, so no backtrace. */
        wr_future *blocker = NULL, *queued = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "block", NULL, 0, NULL, &blocker));
        CHECK(&h->checks, wait_blocked(&env, 1));
        CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, NULL, &queued));
        CHECK(&h->checks, queued && wr_future_cancel(queued) && !wr_future_error(queued));
        open_gate(&env, true);
        CHECK(&h->checks, blocker && wr_future_wait(blocker, 5000000000LL));
        wr_future_free(blocker);
        wr_future_free(queued);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 8. wait_any */

static void test_wait_any_results(harness *h)
{
    size_t index = 99;
    CHECK(&h->checks, wr_future_wait_any(NULL, 0, -1, &index) == WR_WAIT_FAILED && index == 99);
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *f = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "block", NULL, 0, NULL, &f));
        if (f) {
            CHECK(&h->checks, wr_future_wait_any(&f, 1, 1000000, &index) == WR_WAIT_TIMEOUT);
            open_gate(&env, true);
            CHECK(&h->checks, wr_future_wait_any(&f, 1, -1, &index) == WR_WAIT_FINISHED && index == 0);
        }
        wr_future_free(f);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 9. backpressure */

static void test_queue_capacity(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.queue_capacity = 2;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    if (r) {
        wr_future *running = NULL, *queued[2] = {NULL, NULL}, *refused = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "block", NULL, 0, NULL, &running));
        CHECK(&h->checks, wait_blocked(&env, 1));
        CHECK(&h->checks, wr_reactor_queued(r) == 0);
        for (int i = 0; i < 2; i++)
            CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, NULL, &queued[i]));
        CHECK(&h->checks, wr_reactor_queued(r) == 2);
        CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, NULL, &refused));
        CHECK(&h->checks, refused && wr_future_poll(refused) &&
                              wr_future_status(refused) == WR_CALL_BUSY);
        const char *msg = refused ? wr_future_message(refused) : NULL;
        CHECK(&h->checks, msg && strstr(msg, "busy") && strstr(msg, "queue_capacity"));
        open_gate(&env, true);
        CHECK(&h->checks, wr_future_wait_all(queued, 2, 5000000000LL));
        CHECK(&h->checks, wr_reactor_queued(r) == 0);
        wr_future_free(running);
        wr_future_free(queued[0]);
        wr_future_free(queued[1]);
        wr_future_free(refused);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 10. handles */

static void test_export_handles(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        const wr_reactor_fn *add = NULL, *none = NULL;
        CHECK_OK(&h->checks, wr_reactor_export(r, "add", &add));
        CHECK(&h->checks, add && !strcmp(wr_reactor_fn_name(add), "add") &&
                              wr_reactor_fn_type(add)->nparams == 2);
        wr_error *err = wr_reactor_export(r, "memory", &none);
        CHECK(&h->checks, err && !none && strstr(wr_error_message(err), "not a function"));
        wr_error_free(err);
        err = wr_reactor_export(r, "nothing", &none);
        CHECK(&h->checks, err && !none && strstr(wr_error_message(err), "no export"));
        wr_error_free(err);
        for (int32_t i = 0; add && i < 100; i++) {
            wr_val args[2] = {wr_val_i32(i), wr_val_i32(i)};
            wr_future *f = NULL;
            CHECK_OK(&h->checks, wr_reactor_invoke(r, add, args, 2, NULL, &f));
            size_t n;
            const wr_val *res = f && wr_future_wait(f, -1) ? wr_future_results(f, &n) : NULL;
            CHECK(&h->checks, res && res[0].of.i32 == 2 * i);
            wr_future_free(f);
        }
        wr_val one = wr_val_i32(1);
        wr_future *f = NULL;
        err = add ? wr_reactor_invoke(r, add, &one, 1, NULL, &f) : NULL;
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
        wr_error_free(err);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- 11. no callback under a lock */

/* A wakeable stdin whose read waits on the embedder's lock, and whose wake_fn takes it. */
typedef struct lock_stdin {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool woken, reading;
    wr_reactor *r;
    wr_future *reader;
    atomic_int done;
} lock_stdin;

static long lock_read(void *user, uint8_t *buf, size_t len)
{
    (void)buf;
    (void)len;
    lock_stdin *s = user;
    pthread_mutex_lock(&s->lock);
    s->reading = true;
    pthread_cond_broadcast(&s->cond);
    while (!s->woken)
        pthread_cond_wait(&s->cond, &s->lock);
    s->woken = false;
    pthread_mutex_unlock(&s->lock);
    return WR_WASI_READ_WOKEN;
}

static void lock_wake(void *user)
{
    lock_stdin *s = user;
    pthread_mutex_lock(&s->lock);
    s->woken = true;
    pthread_cond_broadcast(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static bool discard(void *user, const uint8_t *buf, size_t len)
{
    (void)user;
    (void)buf;
    (void)len;
    return true;
}

static void *cancel_reader(void *arg)
{
    lock_stdin *s = arg;
    wr_future_cancel(s->reader);
    return NULL;
}

/* Holds the embedder's lock while a cancel wakes the reader (its wake_fn waits for that
 * lock), then submits a call: with the wake under the reactor lock, this deadlocked. */
static void *hold_lock_and_call(void *arg)
{
    lock_stdin *s = arg;
    pthread_mutex_lock(&s->lock);
    pthread_t canceller;
    bool started = pthread_create(&canceller, NULL, cancel_reader, s) == 0;
    sleep_ms(50); /* the canceller is inside wake_fn by now, waiting for our lock */
    wr_future *f = NULL;
    wr_error_free(wr_reactor_call(s->r, "say", NULL, 0, NULL, &f));
    pthread_mutex_unlock(&s->lock);
    if (started)
        pthread_join(canceller, NULL);
    if (f)
        wr_future_wait(f, -1);
    wr_future_free(f);
    atomic_store(&s->done, 1);
    return NULL;
}

static void test_wake_fn_taking_a_lock(harness *h)
{
    wr_module *m = load_guest(h, "wasi_reactor.wasm");
    lock_stdin s = {.woken = false};
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    atomic_init(&s.done, 0);
    wr_wasi_config *wasi = wr_wasi_config_new();
    CHECK(&h->checks, wasi && wr_wasi_config_stdin_callback_wakeable(wasi, lock_read, lock_wake, &s) &&
                          wr_wasi_config_output_callback(wasi, 1, discard, NULL));
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.wasi = wasi;
    wr_reactor *r = NULL;
    if (m && wasi)
        CHECK_OK(&h->checks, wr_reactor_new(m, &cfg, &r));
    if (r) {
        s.r = r;
        CHECK_OK(&h->checks, wr_reactor_call(r, "echo", NULL, 0, NULL, &s.reader));
        pthread_mutex_lock(&s.lock);
        while (!s.reading)
            pthread_cond_wait(&s.cond, &s.lock);
        pthread_mutex_unlock(&s.lock);
        pthread_t t;
        CHECK(&h->checks, pthread_create(&t, NULL, hold_lock_and_call, &s) == 0);
        for (int i = 0; i < 500 && !atomic_load(&s.done); i++)
            sleep_ms(10);
        if (!atomic_load(&s.done)) {
            fprintf(stderr, "  deadlock: a wake_fn taking the caller's lock\n");
            printf("FAIL test_wake_fn_taking_a_lock\n");
            fflush(stdout);
            _exit(1); /* the threads cannot be unwound */
        }
        pthread_join(t, NULL);
        CHECK(&h->checks, s.reader && wr_future_wait(s.reader, 5000000000LL) &&
                              wr_future_status(s.reader) == WR_CALL_CANCELLED);
        wr_future_free(s.reader);
    }
    wr_reactor_free(r);
    wr_wasi_config_free(wasi);
    wr_module_free(m);
    pthread_cond_destroy(&s.cond);
    pthread_mutex_destroy(&s.lock);
}

/* ---------------------------------------------------------------- 13. engine limits */

static void test_call_depth_limit(harness *h)
{
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.max_call_depth = 4000000000u;
    wr_engine *engine = wr_engine_new(&cfg);
    host_env env;
    host_env_init(&env);
    char path[1024];
    snprintf(path, sizeof path, "%s/basic.wasm", WR_GUEST_DIR);
    wr_module *m = NULL;
    CHECK_OK(&h->checks, wr_module_load(engine, path, &m));
    if (m) {
        wr_reactor_config rcfg;
        wr_reactor_config_default(&rcfg);
        rcfg.imports = host_imports;
        rcfg.imports_user = &env;
        wr_reactor *r = NULL;
        wr_error *err = wr_reactor_new(m, &rcfg, &r); /* _initialize is the first call */
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_LIMIT && !r);
        CHECK(&h->checks, err && strstr(wr_error_message(err), "max_call_depth"));
        wr_error_free(err);
    }
    wr_module_free(m);
    host_env_destroy(&env);
    wr_engine_free(engine);
}

int main(void)
{
    harness h;
    harness_init(&h);
    RUN(&h, test_nameless_trap_names_export);
    RUN(&h, test_func_index);
    RUN(&h, test_deep_trap_is_bounded);
    RUN(&h, test_stdin_and_identity);
    RUN(&h, test_cleanup_hook);
    RUN(&h, test_callback_before_waiters);
    RUN(&h, test_zero_options);
    RUN(&h, test_stop_backtrace);
    RUN(&h, test_wait_any_results);
    RUN(&h, test_queue_capacity);
    RUN(&h, test_export_handles);
    RUN(&h, test_wake_fn_taking_a_lock);
    RUN(&h, test_call_depth_limit);
    return harness_finish(&h);
}
