/* Pools: dispatch to idle workers, pinned calls, and a stress run with random cancels. */
#include "harness.h"

static wr_reactor_config pool_config(uint32_t workers)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = workers;
    return cfg;
}

static void test_pool_dispatch(harness *h)
{
    wr_reactor_config cfg = pool_config(3);
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    if (r) {
        CHECK(&h->checks, wr_reactor_workers(r) == 3);
        /* Three blocking calls occupy the three workers at once. */
        wr_future *blocked[3] = {0};
        for (int i = 0; i < 3; i++)
            CHECK_OK(&h->checks, wr_reactor_call(r, "block", NULL, 0, NULL, &blocked[i]));
        CHECK(&h->checks, wait_blocked(&env, 3));
        /* A fourth waits for one of them. */
        wr_future *fourth = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, NULL, &fourth));
        sleep_ms(20);
        CHECK(&h->checks, fourth && wr_future_state_of(fourth) == WR_FUTURE_QUEUED);
        open_gate(&env, true);
        CHECK(&h->checks, wr_future_wait_all(blocked, 3, 10000000000LL));
        CHECK(&h->checks, fourth && wr_future_wait(fourth, -1) && wr_future_status(fourth) == WR_CALL_OK);
        wr_future_free(fourth);
        for (int i = 0; i < 3; i++)
            wr_future_free(blocked[i]);

        /* Pinned calls: each worker's own counter counts only its calls, in order. */
        enum { PER = 40 };
        wr_future *fs[3][PER];
        for (int k = 0; k < PER; k++) {
            for (int w = 0; w < 3; w++) {
                wr_call_options opts = worker_opts(w);
                fs[w][k] = NULL;
                CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, &opts, &fs[w][k]));
            }
        }
        int32_t first[3];
        for (int w = 0; w < 3; w++) {
            for (int k = 0; k < PER; k++) {
                wr_future *f = fs[w][k];
                CHECK(&h->checks, f && wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK);
                size_t n;
                const wr_val *v = f ? wr_future_results(f, &n) : NULL;
                if (k == 0 && v)
                    first[w] = v[0].of.i32;
                CHECK(&h->checks, v && v[0].of.i32 == first[w] + k);
                wr_future_free(f);
            }
        }
        /* Notes from pinned calls land on the right worker's host binding. */
        pthread_mutex_lock(&env.lock);
        memset(env.notes_by_worker, 0, sizeof env.notes_by_worker);
        pthread_mutex_unlock(&env.lock);
        wr_future *last = NULL;
        for (int i = 0; i < 10; i++) {
            wr_call_options opts = worker_opts(2);
            wr_val v = wr_val_i32(i);
            wr_future_free(last);
            last = NULL;
            CHECK_OK(&h->checks, wr_reactor_call(r, "note", &v, 1, &opts, &last));
        }
        CHECK(&h->checks, last && wr_future_wait(last, -1));
        pthread_mutex_lock(&env.lock);
        CHECK(&h->checks, env.notes_by_worker[2] == 10 && env.notes_by_worker[0] == 0);
        pthread_mutex_unlock(&env.lock);
        wr_future_free(last);
    }
    basic_teardown(r, m, &env);
}

/* ---------------------------------------------------------------- stress */

/* Calls per thread: 100,000 (about 4 s in a release build, a minute or more under TSan), or
 * WR_STRESS_CALLS from the environment for shorter or longer runs. */
enum { THREADS = 8, DEFAULT_CALLS = 100000 };

static int stress_calls(void)
{
    const char *env = getenv("WR_STRESS_CALLS");
    long n = env ? strtol(env, NULL, 10) : 0;
    return n > 0 && n <= 10000000 ? (int)n : DEFAULT_CALLS;
}

typedef struct stress_thread stress_thread;

typedef struct stress_slot {
    stress_thread *t;
    int index;
} stress_slot;

/* Lives until the reactor is freed: callbacks of futures freed in flight still use it. */
struct stress_thread {
    harness *h;
    wr_reactor *r;
    unsigned seed;
    int calls;
    atomic_int *completions;
    stress_slot *slots;
    int ok, cancelled, other;
};

static void count_completion(wr_future *f, void *user)
{
    (void)f;
    stress_slot *s = user;
    atomic_fetch_add(&s->t->completions[s->index], 1);
}

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

static void *stress_main(void *arg)
{
    stress_thread *t = arg;
    harness *h = t->h;
    const int calls = t->calls;
    wr_future **fs = calloc((size_t)calls, sizeof *fs);
    stress_slot *slots = t->slots;
    if (!fs) {
        CHECK(&h->checks, !"out of memory");
        return NULL;
    }
    for (int i = 0; i < calls; i++) {
        unsigned pick = next_random(&t->seed) % 10;
        wr_val arg0 = wr_val_i32((int32_t)(next_random(&t->seed) % 2000));
        wr_call_options opts;
        wr_call_options_default(&opts);
        if (pick == 9)
            opts = worker_opts(next_random(&t->seed) % 2);
        if (pick == 8)
            opts.deadline_ns = 1000; /* expires almost at once */
        const char *name = pick < 6 ? "count_down" : pick == 6 ? "spin" : "next";
        CHECK_OK(&h->checks, wr_reactor_call(t->r, name, &arg0, name[0] == 'c' ? 1 : 0, &opts, &fs[i]));
        if (!fs[i])
            continue;
        slots[i] = (stress_slot){t, i};
        wr_future_on_complete(fs[i], count_completion, &slots[i]);
        /* Cancel every spin, and some others at random. */
        if (pick == 6 || next_random(&t->seed) % 4 == 0)
            wr_future_cancel(fs[i]);
        /* Free some right away, in flight. */
        if (pick != 6 && next_random(&t->seed) % 8 == 0) {
            wr_future_free(fs[i]);
            fs[i] = NULL;
        }
    }
    /* Wait on groups too, so waiter registration races with completion. The bound is no
     * latency target: a group can sit behind every call the other threads submitted while
     * this one was descheduled, which under TSan on a busy machine takes minutes (one run
     * had a group 11,000 calls behind the front after 30 s). */
    for (int i = 0; i + 20 <= calls; i += 20) {
        wr_future *group[20];
        size_t k = 0;
        for (int j = i; j < i + 20; j++)
            if (fs[j])
                group[k++] = fs[j];
        size_t first;
        CHECK(&h->checks, k == 0 || wr_future_wait_any(group, k, 300000000000LL, &first) ==
                                        WR_WAIT_FINISHED);
    }
    for (int i = 0; i < calls; i++) {
        if (!fs[i])
            continue;
        CHECK(&h->checks, wr_future_wait(fs[i], 30000000000LL));
        switch (wr_future_status(fs[i])) {
        case WR_CALL_OK: t->ok++; break;
        case WR_CALL_CANCELLED:
        case WR_CALL_DEADLINE: t->cancelled++; break;
        default: t->other++; break;
        }
        wr_future_free(fs[i]);
    }
    free(fs);
    return NULL;
}

/* A gate a store hook waits at, so that a call holds its worker while the test looks on. */
typedef struct hold {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    bool entered, released;
} hold;

static int hold_hook(wr_hook_ctx *ctx, void *user)
{
    (void)ctx;
    hold *g = user;
    pthread_mutex_lock(&g->lock);
    g->entered = true;
    pthread_cond_broadcast(&g->changed);
    while (!g->released)
        pthread_cond_wait(&g->changed, &g->lock);
    pthread_mutex_unlock(&g->lock);
    return 0;
}

static bool hold_wait_entered(hold *g)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&g->lock);
    int rc = 0;
    while (!g->entered && rc == 0)
        rc = pthread_cond_timedwait(&g->changed, &g->lock, &until);
    bool entered = g->entered;
    pthread_mutex_unlock(&g->lock);
    return entered;
}

static void hold_release(hold *g)
{
    pthread_mutex_lock(&g->lock);
    g->released = true;
    pthread_cond_broadcast(&g->changed);
    pthread_mutex_unlock(&g->lock);
}

/* A worker takes a batch of calls off the queues at once. Calls waiting
 * in a batch are still waiting: counted by wr_reactor_queued, cancelled like queued ones, and
 * the others keep their order. Worker 0 is held in `block` while X (held by a store hook) and
 * ten `next` calls queue up for it; once `block` returns it starts X and takes the ten into its
 * batch. */
static void test_batch_stops(harness *h)
{
    wr_reactor_config cfg = pool_config(2);
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    hold g = {.entered = false, .released = false};
    pthread_mutex_init(&g.lock, NULL);
    pthread_cond_init(&g.changed, NULL);
    if (r) {
        enum { N = 10 };
        wr_call_options pin = worker_opts(0);
        wr_call_options held = worker_opts(0);
        held.store_hook = hold_hook;
        held.user = &g;
        wr_future *blocker = NULL, *x = NULL, *fs[N] = {0};
        CHECK_OK(&h->checks, wr_reactor_call(r, "block", NULL, 0, &pin, &blocker));
        CHECK(&h->checks, wait_blocked(&env, 1));
        CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, &held, &x));
        for (int i = 0; i < N; i++)
            CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, &pin, &fs[i]));
        open_gate(&env, true);
        CHECK(&h->checks, hold_wait_entered(&g));
        void *user = NULL;
        CHECK(&h->checks, x && wr_reactor_running(r, 0, &user) == wr_future_id(x) && user == &g);
        CHECK(&h->checks, wr_reactor_queued(r) == N);
        /* The fifth waits in worker 0's batch, or (were batches off) in its queue: either
         * way the cancel takes it out, and the count drops. */
        CHECK(&h->checks, fs[4] && wr_future_cancel(fs[4]));
        CHECK(&h->checks, fs[4] && wr_future_status(fs[4]) == WR_CALL_CANCELLED);
        CHECK(&h->checks, !wr_future_cancel(fs[4]));
        CHECK(&h->checks, wr_reactor_queued(r) == N - 1);
        hold_release(&g);
        CHECK(&h->checks, x && wr_future_wait(x, -1) && wr_future_status(x) == WR_CALL_OK);
        size_t nx;
        const wr_val *vx = x ? wr_future_results(x, &nx) : NULL;
        /* `next` counts the calls before it on this instance: x was the first. */
        CHECK(&h->checks, vx && nx == 1 && vx[0].of.i32 == 0);
        int32_t expect = 1;
        for (int i = 0; i < N; i++) {
            wr_future *f = fs[i];
            if (i == 4 || !f)
                continue;
            CHECK(&h->checks, wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK);
            size_t n;
            const wr_val *v = wr_future_results(f, &n);
            CHECK(&h->checks, n == 1 && v && v[0].of.i32 == expect);
            expect++;
        }
        CHECK(&h->checks, wr_reactor_queued(r) == 0);
        wr_future_free(blocker);
        wr_future_free(x);
        for (int i = 0; i < N; i++)
            wr_future_free(fs[i]);
    }
    basic_teardown(r, m, &env);
    pthread_cond_destroy(&g.changed);
    pthread_mutex_destroy(&g.lock);
}

static void test_stress(harness *h)
{
    wr_reactor_config cfg = pool_config(2);
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    const int calls = stress_calls();
    stress_thread *ts = calloc(THREADS, sizeof *ts);
    bool ready = r && ts;
    for (int i = 0; ready && i < THREADS; i++) {
        ts[i].completions = calloc((size_t)calls, sizeof *ts[i].completions);
        ts[i].slots = calloc((size_t)calls, sizeof *ts[i].slots);
        ready = ts[i].completions && ts[i].slots;
    }
    CHECK(&h->checks, !r || ready);
    if (ready) {
        pthread_t threads[THREADS];
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        for (int i = 0; i < THREADS; i++) {
            ts[i].h = h;
            ts[i].r = r;
            ts[i].seed = 1234u + (unsigned)i * 7919u;
            ts[i].calls = calls;
            for (int k = 0; k < calls; k++)
                atomic_init(&ts[i].completions[k], 0);
            pthread_create(&threads[i], NULL, stress_main, &ts[i]);
        }
        for (int i = 0; i < THREADS; i++)
            pthread_join(threads[i], NULL);
        /* Freed-in-flight futures may still be finishing: closing waits for them. */
        wr_reactor_free(r);
        r = NULL;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        int ok = 0, stopped = 0, other = 0, wrong = 0;
        for (int i = 0; i < THREADS; i++) {
            ok += ts[i].ok;
            stopped += ts[i].cancelled;
            other += ts[i].other;
            for (int k = 0; k < calls; k++)
                if (atomic_load(&ts[i].completions[k]) != 1)
                    wrong++;
        }
        printf("     stress: %d threads x %d calls in %.2f s: %d ok, %d cancelled or past "
               "deadline, %d other, %d not completed exactly once\n",
               THREADS, calls,
               (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ok,
               stopped, other, wrong);
        CHECK(&h->checks, wrong == 0);  /* every call completed exactly once */
        CHECK(&h->checks, other == 0);
        CHECK(&h->checks, ok > 0 && stopped > 0);
    }
    for (int i = 0; ts && i < THREADS; i++) {
        free(ts[i].completions);
        free(ts[i].slots);
    }
    free(ts);
    basic_teardown(r, m, &env);
}

/* Close while other threads keep submitting: every call still completes exactly once. */
/* Each racer submits until it has seen a few calls refused by the close (or RACE_CALLS in
 * all, far more than it can run before the close), so the close always lands mid-stream. */
enum { RACERS = 4, RACE_CALLS = 20000, RACE_CLOSED_SEEN = 8, RACE_RUN_BEFORE_CLOSE = 100 };

typedef struct racer {
    harness *h;
    wr_reactor *r;
    atomic_int *progress; /* calls run by all racers, shared */
    atomic_int done[RACE_CALLS];
    int submitted, closed, ran;
} racer;

static void count_done(wr_future *f, void *user)
{
    (void)f;
    atomic_fetch_add((atomic_int *)user, 1);
}

static void *race_main(void *arg)
{
    racer *t = arg;
    for (int i = 0; i < RACE_CALLS && t->closed < RACE_CLOSED_SEEN; i++) {
        wr_val n = wr_val_i32(500);
        wr_future *f = NULL;
        CHECK_OK(&t->h->checks, wr_reactor_call(t->r, "count_down", &n, 1, NULL, &f));
        if (!f)
            continue;
        t->submitted++;
        wr_future_on_complete(f, count_done, &t->done[i]);
        CHECK(&t->h->checks, wr_future_wait(f, 30000000000LL));
        wr_call_status st = wr_future_status(f);
        CHECK(&t->h->checks, st == WR_CALL_OK || st == WR_CALL_CLOSED);
        if (st == WR_CALL_CLOSED) {
            t->closed++;
        } else {
            t->ran++;
            atomic_fetch_add(t->progress, 1);
        }
        wr_future_free(f);
    }
    return NULL;
}

static void test_close_race(harness *h)
{
    wr_reactor_config cfg = pool_config(2);
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, &cfg);
    racer *ts = calloc(RACERS, sizeof *ts);
    atomic_int progress;
    atomic_init(&progress, 0);
    if (r && ts) {
        pthread_t threads[RACERS];
        for (int i = 0; i < RACERS; i++) {
            ts[i].h = h;
            ts[i].r = r;
            ts[i].progress = &progress;
            for (int k = 0; k < RACE_CALLS; k++)
                atomic_init(&ts[i].done[k], 0);
            pthread_create(&threads[i], NULL, race_main, &ts[i]);
        }
        for (int waited = 0; atomic_load(&progress) < RACE_RUN_BEFORE_CLOSE && waited < 10000; waited++)
            sleep_ms(1);
        wr_reactor_close(r, true);
        for (int i = 0; i < RACERS; i++)
            pthread_join(threads[i], NULL);
        int closed = 0, ran = 0, wrong = 0, submitted = 0;
        for (int i = 0; i < RACERS; i++) {
            closed += ts[i].closed;
            ran += ts[i].ran;
            submitted += ts[i].submitted;
            for (int k = 0; k < ts[i].submitted; k++)
                wrong += atomic_load(&ts[i].done[k]) != 1;
        }
        CHECK(&h->checks, wrong == 0);
        CHECK(&h->checks, ran >= RACE_RUN_BEFORE_CLOSE && closed > 0 && closed + ran == submitted);
    }
    free(ts);
    basic_teardown(r, m, &env);
}

/* A completion callback may submit the next call (it runs on the worker). */
typedef struct chain {
    wr_reactor *r;
    atomic_int remaining;
} chain;

static void chain_next(wr_future *f, void *user)
{
    chain *c = user;
    wr_future_free(f);
    if (atomic_fetch_sub(&c->remaining, 1) <= 1)
        return;
    wr_future *next = NULL;
    wr_error *err = wr_reactor_call(c->r, "next", NULL, 0, NULL, &next);
    wr_error_free(err);
    if (next)
        wr_future_on_complete(next, chain_next, c);
}

static void test_callback_chain(harness *h)
{
    host_env env;
    wr_module *m;
    wr_reactor *r = basic_setup(h, &env, &m, NULL);
    if (r) {
        chain c = {.r = r};
        atomic_init(&c.remaining, 100);
        wr_future *first = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, NULL, &first));
        if (first)
            wr_future_on_complete(first, chain_next, &c);
        for (int i = 0; i < 5000 && atomic_load(&c.remaining) > 0; i++)
            sleep_ms(1);
        CHECK(&h->checks, atomic_load(&c.remaining) == 0);
        wr_future *probe = NULL;
        CHECK_OK(&h->checks, wr_reactor_call(r, "next", NULL, 0, NULL, &probe));
        size_t n;
        const wr_val *v = probe && wr_future_wait(probe, -1) ? wr_future_results(probe, &n) : NULL;
        CHECK(&h->checks, v && v[0].of.i32 == 100);
        wr_future_free(probe);
    }
    basic_teardown(r, m, &env);
}

int main(void)
{
    harness h;
    harness_init(&h);
    RUN(&h, test_pool_dispatch);
    RUN(&h, test_batch_stops);
    RUN(&h, test_stress);
    RUN(&h, test_close_race);
    RUN(&h, test_callback_chain);
    return harness_finish(&h);
}
