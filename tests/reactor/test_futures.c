/* Futures: ids, ordering (from one thread and from several at once), batches, results, reuse,
 * wait/poll/callback/fd/wait-any/wait-all, argument errors. */
#include <poll.h>

#include "harness.h"

static wr_future *call_i32(harness *h, wr_reactor *r, const char *name, const wr_val *args,
                           size_t nargs, const wr_call_options *opts)
{
    wr_future *f = NULL;
    CHECK_OK(&h->checks, wr_reactor_call(r, name, args, nargs, opts, &f));
    return f;
}

static int32_t result_i32(harness *h, wr_future *f)
{
    CHECK(&h->checks, wr_future_wait(f, -1));
    CHECK(&h->checks, wr_future_status(f) == WR_CALL_OK);
    size_t n;
    const wr_val *res = wr_future_results(f, &n);
    CHECK(&h->checks, n == 1 && res && res[0].type == WR_I32);
    return n == 1 && res ? res[0].of.i32 : INT32_MIN;
}

static void test_basic_call(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_val args[2] = {wr_val_i32(40), wr_val_i32(2)};
        wr_future *f = call_i32(h, r, "add", args, 2, NULL);
        if (f) {
            CHECK(&h->checks, result_i32(h, f) == 42);
            CHECK(&h->checks, wr_future_state_of(f) == WR_FUTURE_DONE);
            CHECK(&h->checks, wr_future_message(f) == NULL);
            CHECK(&h->checks, wr_future_error(f) == NULL);
            wr_future_free(f);
        }
        f = call_i32(h, r, "initialized", NULL, 0, NULL);
        if (f) {
            CHECK(&h->checks, result_i32(h, f) == 1); /* _initialize ran once */
            wr_future_free(f);
        }
        CHECK(&h->checks, wr_reactor_workers(r) == 1);
    }
    basic_teardown(r, m, &env);
}

static void test_bad_arguments(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *f = NULL;
        wr_val one = wr_val_i32(1);
        wr_val wide = wr_val_i64(1);
        wr_error *err = wr_reactor_call(r, "nope", NULL, 0, NULL, &f);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
        wr_error_free(err);
        err = wr_reactor_call(r, "memory", NULL, 0, NULL, &f);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
        wr_error_free(err);
        err = wr_reactor_call(r, "add", &one, 1, NULL, &f);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
        wr_error_free(err);
        wr_val args[2] = {one, wide};
        err = wr_reactor_call(r, "add", args, 2, NULL, &f);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
        wr_error_free(err);
        wr_call_options opts = worker_opts(3);
        err = wr_reactor_call(r, "next", NULL, 0, &opts, &f);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG && !f);
        wr_error_free(err);
    }
    basic_teardown(r, m, &env);
}

/* Ids are 1, 2, 3... and calls on one instance run in submission order. */
static void test_ids_and_order(harness *h)
{
    enum { N = 300 };
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *fs[N] = {0};
        for (int i = 0; i < N; i++) {
            fs[i] = call_i32(h, r, "next", NULL, 0, NULL);
            if (fs[i])
                CHECK(&h->checks, wr_future_id(fs[i]) == (uint64_t)i + 1);
        }
        for (int i = 0; i < N; i++) {
            if (!fs[i])
                continue;
            CHECK(&h->checks, result_i32(h, fs[i]) == i);
            wr_future_free(fs[i]);
        }
        /* Mixed calls into the host keep their order too. */
        for (int i = 0; i < 50; i++) {
            wr_val v = wr_val_i32(i);
            wr_future *f = call_i32(h, r, "note", &v, 1, NULL);
            if (i == 49 && f)
                CHECK(&h->checks, wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK);
            wr_future_free(f); /* freed in flight: the call still runs */
        }
        pthread_mutex_lock(&env.lock);
        CHECK(&h->checks, env.nnotes == 50);
        for (int i = 0; i < env.nnotes; i++)
            CHECK(&h->checks, env.notes[i] == i);
        pthread_mutex_unlock(&env.lock);
    }
    basic_teardown(r, m, &env);
}

typedef struct callback_log {
    atomic_int calls;
    wr_future *_Atomic seen;
} callback_log;

static void on_done(wr_future *f, void *user)
{
    callback_log *log = user;
    log->seen = f;
    atomic_fetch_add(&log->calls, 1);
}

static void test_wait_poll_callback_fd(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        /* Hold the worker so the second call stays queued while we look at it. */
        wr_future *blocker = call_i32(h, r, "block", NULL, 0, NULL);
        CHECK(&h->checks, wait_blocked(&env, 1));
        CHECK(&h->checks, blocker && wr_future_state_of(blocker) == WR_FUTURE_RUNNING);
        wr_val args[2] = {wr_val_i32(1), wr_val_i32(2)};
        wr_future *f = call_i32(h, r, "add", args, 2, NULL);
        if (f && blocker) {
            CHECK(&h->checks, wr_future_state_of(f) == WR_FUTURE_QUEUED);
            CHECK(&h->checks, !wr_future_poll(f));
            CHECK(&h->checks, wr_future_status(f) == WR_CALL_PENDING);
            CHECK(&h->checks, !wr_future_wait(f, 0));
            CHECK(&h->checks, !wr_future_wait(f, 20 * 1000000));
            wr_future *both[2] = {blocker, f};
            size_t first = SIZE_MAX;
            CHECK(&h->checks, wr_future_wait_any(both, 2, 10 * 1000000, &first) == WR_WAIT_TIMEOUT);
            CHECK(&h->checks, first == SIZE_MAX); /* untouched */
            CHECK(&h->checks, !wr_future_wait_all(both, 2, 10 * 1000000));

            callback_log log = {0};
            wr_future_on_complete(f, on_done, &log);
            int fd = wr_future_fd(f);
            CHECK(&h->checks, fd >= 0);
            struct pollfd pfd = {.fd = fd, .events = POLLIN};
            CHECK(&h->checks, poll(&pfd, 1, 0) == 0);

            open_gate(&env, true);
            CHECK(&h->checks, wr_future_wait_any(both, 2, -1, &first) == WR_WAIT_FINISHED);
            CHECK(&h->checks, wr_future_wait_all(both, 2, -1));
            CHECK(&h->checks, poll(&pfd, 1, 5000) == 1 && (pfd.revents & POLLIN));
            CHECK(&h->checks, poll(&pfd, 1, 0) == 1); /* stays readable */
            CHECK(&h->checks, result_i32(h, f) == 3);
            /* Waiters may wake before the callback has run on the worker. */
            for (int i = 0; i < 5000 && atomic_load(&log.calls) == 0; i++)
                sleep_ms(1);
            CHECK(&h->checks, atomic_load(&log.calls) == 1 && log.seen == f);

            /* A callback set after completion runs at once, on this thread. */
            callback_log late = {0};
            wr_future_on_complete(f, on_done, &late);
            CHECK(&h->checks, atomic_load(&late.calls) == 1);
            /* An fd asked for after completion is readable at once. */
            int fd2 = wr_future_fd(blocker);
            struct pollfd pfd2 = {.fd = fd2, .events = POLLIN};
            CHECK(&h->checks, fd2 >= 0 && poll(&pfd2, 1, 0) == 1);
        }
        open_gate(&env, true);
        wr_future_free(f);
        wr_future_free(blocker);
    }
    basic_teardown(r, m, &env);
}

static int count_cleanup(wr_hook_ctx *ctx, void *user)
{
    (void)ctx;
    atomic_fetch_add((atomic_int *)user, 1);
    return 0;
}

/* Plain add(40, 2) calls until one comes in the future `was`, each kept until the end so that
 * it cannot come back: the pool hands out the oldest first, and the worker may still hold its
 * reference to `was` for a moment after the caller saw it finish. Every call, in `was` or
 * another recycled future, succeeds with nothing of the call that used its future before. */
static void check_reused(harness *h, wr_reactor *r, wr_future *was, uint64_t after_id)
{
    enum { TRIES = 64 };
    wr_future *got[TRIES];
    size_t n = 0;
    bool found = false;
    while (n < TRIES && !found) {
        wr_val args[2] = {wr_val_i32(40), wr_val_i32(2)};
        wr_future *f = call_i32(h, r, "add", args, 2, NULL);
        if (!f)
            break;
        got[n++] = f;
        found = f == was;
        CHECK(&h->checks, wr_future_id(f) > after_id);
        CHECK(&h->checks, result_i32(h, f) == 42);
        CHECK(&h->checks, wr_future_message(f) == NULL && wr_future_error(f) == NULL);
        int fd = wr_future_fd(f);
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        CHECK(&h->checks, fd >= 0 && poll(&pfd, 1, 0) == 1);
    }
    CHECK(&h->checks, found);
    for (size_t i = 0; i < n; i++)
        wr_future_free(got[i]);
}

/* A finished future goes back to the reactor's pool and serves a later call: what the first
 * call set (options and hooks, a callback, an fd, a cancel) must not reach the next. */
static void test_recycled_future(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        atomic_int cleanups = 0;
        wr_call_options opts = {.cleanup_hook = count_cleanup, .user = &cleanups};
        wr_val args[2] = {wr_val_i32(1), wr_val_i32(2)};
        wr_future *f = call_i32(h, r, "add", args, 2, &opts);
        callback_log log = {0};
        if (f) {
            wr_future_on_complete(f, on_done, &log);
            CHECK(&h->checks, wr_future_fd(f) >= 0);
            CHECK(&h->checks, result_i32(h, f) == 3);
        }
        uint64_t id = f ? wr_future_id(f) : 0;
        wr_future *const was = f;
        wr_future_free(f); /* into the pool, now or when the worker lets it go */
        check_reused(h, r, was, id);
        for (int i = 0; i < 5000 && atomic_load(&log.calls) == 0; i++)
            sleep_ms(1);
        CHECK(&h->checks, atomic_load(&cleanups) == 1); /* the first call's hook, once */
        CHECK(&h->checks, atomic_load(&log.calls) == 1 && log.seen == was);

        /* A cancelled call's future (completed and let go by the canceller), freed into the
         * pool: a later call takes it. */
        wr_future *blocker = call_i32(h, r, "block", NULL, 0, NULL);
        CHECK(&h->checks, wait_blocked(&env, 1));
        wr_future *cancelled = call_i32(h, r, "add", args, 2, NULL);
        if (cancelled) {
            CHECK(&h->checks, wr_future_cancel(cancelled));
            CHECK(&h->checks, wr_future_status(cancelled) == WR_CALL_CANCELLED);
        }
        id = cancelled ? wr_future_id(cancelled) : 0;
        wr_future *const was2 = cancelled;
        wr_future_free(cancelled);
        open_gate(&env, true);
        CHECK(&h->checks, blocker && wr_future_wait(blocker, -1) &&
                              wr_future_status(blocker) == WR_CALL_OK);
        check_reused(h, r, was2, id);
        wr_future_free(blocker);
    }
    basic_teardown(r, m, &env);
}

/* wait_any returns the finished one among unfinished ones, from several reactors. */
static void test_wait_any_mixed(harness *h)
{
    host_env env_a, env_b;
    host_env_init(&env_a);
    host_env_init(&env_b);
    wr_module *m = load_guest(h, "basic.wasm");
    wr_reactor *a = m ? basic_reactor(h, m, &env_a, NULL) : NULL;
    wr_reactor *b = m ? basic_reactor(h, m, &env_b, NULL) : NULL;
    if (a && b) {
        wr_future *fs[3];
        fs[0] = call_i32(h, a, "block", NULL, 0, NULL);
        fs[1] = call_i32(h, b, "block", NULL, 0, NULL);
        CHECK(&h->checks, wait_blocked(&env_a, 1) && wait_blocked(&env_b, 1));
        fs[2] = call_i32(h, a, "next", NULL, 0, NULL);
        if (fs[0] && fs[1] && fs[2]) {
            size_t first;
            CHECK(&h->checks, wr_future_wait_any(fs, 3, 20 * 1000000, &first) == WR_WAIT_TIMEOUT);
            open_gate(&env_b, true);
            CHECK(&h->checks, wr_future_wait_any(fs, 3, -1, &first) == WR_WAIT_FINISHED && first == 1);
            open_gate(&env_a, true);
            CHECK(&h->checks, wr_future_wait_all(fs, 3, 5000000000LL));
            CHECK(&h->checks, wr_future_wait_any(fs, 3, 0, &first) == WR_WAIT_FINISHED && first == 0);
        }
        open_gate(&env_a, true);
        for (int i = 0; i < 3; i++)
            wr_future_free(fs[i]);
    }
    wr_reactor_free(a);
    wr_reactor_free(b);
    wr_module_free(m);
    host_env_destroy(&env_a);
    host_env_destroy(&env_b);
}

/* More futures than wait_any keeps on its stack. */
static void test_wait_any_many(harness *h)
{
    enum { N = 40 };
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *blocker = call_i32(h, r, "block", NULL, 0, NULL);
        CHECK(&h->checks, wait_blocked(&env, 1));
        wr_future *fs[N];
        int made = 0;
        for (int i = 0; i < N; i++)
            if ((fs[made] = call_i32(h, r, "next", NULL, 0, NULL)))
                made++;
        CHECK(&h->checks, made == N);
        size_t first;
        CHECK(&h->checks, wr_future_wait_any(fs, (size_t)made, 10 * 1000000, &first) ==
                              WR_WAIT_TIMEOUT);
        open_gate(&env, true);
        CHECK(&h->checks, wr_future_wait_any(fs, (size_t)made, -1, &first) == WR_WAIT_FINISHED &&
                              first == 0);
        CHECK(&h->checks, wr_future_wait_all(fs, (size_t)made, -1));
        for (int i = 0; i < made; i++)
            wr_future_free(fs[i]);
        wr_future_free(blocker);
    }
    basic_teardown(r, m, &env);
}

/* Notes v through the batch call, n of them from v on; the futures go to fs. */
static void note_batch(harness *h, wr_reactor *r, int32_t v, size_t n,
                       const wr_call_options *opts, wr_future **fs)
{
    const wr_reactor_fn *note;
    CHECK_OK(&h->checks, wr_reactor_export(r, "note", &note));
    wr_val args[128];
    for (size_t i = 0; i < n && i < 128; i++)
        args[i] = wr_val_i32(v + (int32_t)i);
    CHECK_OK(&h->checks, wr_reactor_invoke_batch(r, note, args, 1, n, opts, fs));
}

/* Batches get consecutive ids and keep their order among single calls, pinned or not; a
 * batch's type errors name the call, and it is refused whole. */
static void test_batch(harness *h)
{
    enum { N = 4 + 100 };
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        wr_future *blocker = call_i32(h, r, "block", NULL, 0, NULL);
        CHECK(&h->checks, wait_blocked(&env, 1));
        wr_call_options pinned = worker_opts(0);
        wr_future *fs[N] = {0};
        note_batch(h, r, 0, 40, NULL, fs);            /* notes 0..39, shared */
        wr_val v = wr_val_i32(40);
        fs[40] = call_i32(h, r, "note", &v, 1, &pinned);
        note_batch(h, r, 41, 50, &pinned, fs + 41);   /* notes 41..90, pinned */
        v = wr_val_i32(91);
        fs[91] = call_i32(h, r, "note", &v, 1, NULL);
        note_batch(h, r, 92, 12, NULL, fs + 92);      /* notes 92..103 */
        for (int i = 0; i < N; i++)
            CHECK(&h->checks, fs[i] && wr_future_id(fs[i]) == wr_future_id(blocker) + 1 + (uint64_t)i);
        CHECK(&h->checks, wr_reactor_queued(r) == N);
        CHECK(&h->checks, !wr_future_wait_all(fs, N, 20 * 1000000)); /* sleeps, times out */
        open_gate(&env, true);
        CHECK(&h->checks, wr_future_wait_all(fs, N, -1));
        for (int i = 0; i < N; i++) {
            CHECK(&h->checks, wr_future_status(fs[i]) == WR_CALL_OK);
            wr_future_free(fs[i]);
        }
        pthread_mutex_lock(&env.lock);
        CHECK(&h->checks, env.nnotes == N);
        for (int i = 0; i < env.nnotes; i++)
            CHECK(&h->checks, env.notes[i] == i);
        pthread_mutex_unlock(&env.lock);
        wr_future_free(blocker);

        const wr_reactor_fn *add;
        CHECK_OK(&h->checks, wr_reactor_export(r, "add", &add));
        wr_val args[6] = {wr_val_i32(1), wr_val_i32(2), wr_val_i32(3), wr_val_i64(4),
                          wr_val_i32(5), wr_val_i32(6)};
        wr_future *three[3] = {blocker, blocker, blocker};
        wr_error *err = wr_reactor_invoke_batch(r, add, args, 2, 3, NULL, three);
        CHECK(&h->checks, err && wr_error_kind_of(err) == WR_ERR_ARG &&
                              strstr(wr_error_message(err), "call 1 of the batch"));
        CHECK(&h->checks, !three[0] && !three[1] && !three[2]);
        wr_error_free(err);
        CHECK(&h->checks, wr_reactor_invoke_batch(r, add, NULL, 2, 0, NULL, NULL) == NULL);
        args[3] = wr_val_i32(4);
        CHECK_OK(&h->checks, wr_reactor_invoke_batch(r, add, args, 2, 3, NULL, three));
        CHECK(&h->checks, wr_future_wait_all(three, 3, -1));
        for (int i = 0; i < 3; i++) {
            CHECK(&h->checks, result_i32(h, three[i]) == 4 * i + 3);
            wr_future_free(three[i]);
        }
    }
    basic_teardown(r, m, &env);
}

/* queue_capacity applies call by call within a batch; after close a batch fails whole. */
static void test_batch_busy_closed(harness *h)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.queue_capacity = 5;
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    if (r) {
        wr_future *blocker = call_i32(h, r, "block", NULL, 0, NULL);
        CHECK(&h->checks, wait_blocked(&env, 1));
        wr_future *fs[8] = {0};
        note_batch(h, r, 0, 8, NULL, fs);
        for (int i = 0; i < 8; i++) {
            wr_future_state s = fs[i] ? wr_future_state_of(fs[i]) : WR_FUTURE_DONE;
            CHECK(&h->checks, i < 5 ? s == WR_FUTURE_QUEUED : s == WR_FUTURE_FAILED);
            if (i >= 5)
                CHECK(&h->checks, wr_future_status(fs[i]) == WR_CALL_BUSY);
        }
        CHECK(&h->checks, wr_reactor_queued(r) == 5);
        open_gate(&env, true);
        CHECK(&h->checks, wr_future_wait_all(fs, 8, -1));
        for (int i = 0; i < 8; i++) {
            CHECK(&h->checks, wr_future_status(fs[i]) == (i < 5 ? WR_CALL_OK : WR_CALL_BUSY));
            wr_future_free(fs[i]);
        }
        wr_future_free(blocker);
        wr_reactor_close(r, false);
        note_batch(h, r, 0, 3, NULL, fs);
        for (int i = 0; i < 3; i++) {
            CHECK(&h->checks, fs[i] && wr_future_poll(fs[i]) &&
                                  wr_future_status(fs[i]) == WR_CALL_CLOSED);
            wr_future_free(fs[i]);
        }
    }
    basic_teardown(r, m, &env);
}

/* Several threads submit at once, alternating pinned and shared calls (single and batched)
 * into one instance: each thread's calls run in its order. */
enum { ORDER_THREADS = 4, ORDER_CALLS = 1000 };

typedef struct order_thread {
    harness *h;
    wr_reactor *r;
    int index;
} order_thread;

static void *order_main(void *arg)
{
    order_thread *t = arg;
    wr_future *fs[ORDER_CALLS] = {0};
    wr_call_options pinned = worker_opts(0);
    for (int i = 0; i < ORDER_CALLS;) {
        int32_t note = t->index * ORDER_CALLS + i;
        const wr_call_options *opts = i % 3 == 1 ? &pinned : NULL;
        if (i % 5 == 4 && i + 3 <= ORDER_CALLS) {
            note_batch(t->h, t->r, note, 3, opts, fs + i);
            i += 3;
        } else {
            wr_val v = wr_val_i32(note);
            fs[i++] = call_i32(t->h, t->r, "note", &v, 1, opts);
        }
    }
    CHECK(&t->h->checks, wr_future_wait_all(fs, ORDER_CALLS, 60000000000LL));
    for (int i = 0; i < ORDER_CALLS; i++) {
        CHECK(&t->h->checks, wr_future_status(fs[i]) == WR_CALL_OK);
        wr_future_free(fs[i]);
    }
    return NULL;
}

static void test_order_many_submitters(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        order_thread ts[ORDER_THREADS];
        pthread_t tids[ORDER_THREADS];
        int started = 0;
        for (; started < ORDER_THREADS; started++) {
            ts[started] = (order_thread){h, r, started};
            if (pthread_create(&tids[started], NULL, order_main, &ts[started]) != 0)
                break;
        }
        CHECK(&h->checks, started == ORDER_THREADS);
        for (int i = 0; i < started; i++)
            pthread_join(tids[i], NULL);
        pthread_mutex_lock(&env.lock);
        CHECK(&h->checks, env.nnotes == started * ORDER_CALLS);
        int last[ORDER_THREADS] = {-1, -1, -1, -1};
        for (int i = 0; i < env.nnotes; i++) {
            int t = env.notes[i] / ORDER_CALLS, seq = env.notes[i] % ORDER_CALLS;
            CHECK(&h->checks, t >= 0 && t < ORDER_THREADS && seq == last[t] + 1);
            if (t >= 0 && t < ORDER_THREADS)
                last[t] = seq;
        }
        pthread_mutex_unlock(&env.lock);
    }
    basic_teardown(r, m, &env);
}

int main(void)
{
    harness h;
    harness_init(&h);
    RUN(&h, test_basic_call);
    RUN(&h, test_bad_arguments);
    RUN(&h, test_ids_and_order);
    RUN(&h, test_wait_poll_callback_fd);
    RUN(&h, test_recycled_future);
    RUN(&h, test_wait_any_mixed);
    RUN(&h, test_wait_any_many);
    RUN(&h, test_batch);
    RUN(&h, test_batch_busy_closed);
    RUN(&h, test_order_many_submitters);
    return harness_finish(&h);
}
