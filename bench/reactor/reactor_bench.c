/*
 * wr-bench-reactor: what an asynchronous call costs, against a direct call.
 *
 *   round trip        submit one call, wait for it, repeat: p50 / p99 / mean latency
 *   batch + wait_all  submit 1,000 calls one by one, wr_future_wait_all, repeat: calls/s
 *   batch call        the same through wr_reactor_invoke_batch (one submission per batch)
 *   sliding window    keep 1,024 calls in flight, waiting for the oldest: calls/s
 *   4 submitters      four threads each doing batch + wait_all at once: calls/s
 *   direct            wr_func_call on the calling thread: ns per call
 *
 * Every call is add(i, 1) and its result is checked. Each throughput case runs five times
 * and prints the median and the range (on a 2-core machine, which threads share a core changes
 * from run to run, and the median of five keeps one unlucky run from setting the figure), next
 * to the figure of the former design (one reactor lock for submitters and workers, a wake-up
 * per future; measured on an idle 2-core AMD EPYC). --quick runs a few thousand calls only: a
 * smoke test, not a measurement.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wr.h"
#include "wr_reactor.h"

/* (module
 *   (func (export "nop"))
 *   (func (export "add") (param i32 i32) (result i32)
 *     (i32.add (local.get 0) (local.get 1)))) */
static const uint8_t bench_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x02, 0x60, 0x00, 0x00,
    0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, 0x03, 0x03, 0x02, 0x00, 0x01, 0x07, 0x0d, 0x02,
    0x03, 0x6e, 0x6f, 0x70, 0x00, 0x00, 0x03, 0x61, 0x64, 0x64, 0x00, 0x01, 0x0a, 0x0c,
    0x02, 0x02, 0x00, 0x0b, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
};

enum { BATCH = 1000, WINDOW = 1024, SUBMITTERS = 4, RUNS = 5 };

typedef struct bench_sizes {
    size_t round_trips; /* timed round trips */
    size_t calls;       /* calls per throughput run (per submitter with several) */
    size_t direct;      /* direct calls */
} bench_sizes;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static bool report_error(const char *what, wr_error *err)
{
    fprintf(stderr, "wr-bench-reactor: %s: %s\n", what,
            err ? wr_error_message(err) : "out of memory");
    wr_error_free(err);
    return false;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Submit add(i, 1); false (reported) when the submission fails. */
static bool submit_add(wr_reactor *r, const wr_reactor_fn *add, int32_t i, wr_future **out)
{
    wr_val args[2] = {wr_val_i32(i), wr_val_i32(1)};
    wr_error *err = wr_reactor_invoke(r, add, args, 2, NULL, out);
    return err ? report_error("call", err) : true;
}

/* Whether f (add(i, 1), finished) returned i + 1; frees f. */
static bool check_add(wr_future *f, int32_t i)
{
    size_t n;
    const wr_val *res = wr_future_results(f, &n);
    bool ok = wr_future_status(f) == WR_CALL_OK && n == 1 && res[0].of.i32 == i + 1;
    if (!ok)
        fprintf(stderr, "wr-bench-reactor: call %d: %s\n", i,
                wr_future_message(f) ? wr_future_message(f) : "wrong result");
    wr_future_free(f);
    return ok;
}

static bool bench_round_trip(wr_reactor *r, const wr_reactor_fn *add, const bench_sizes *sz)
{
    size_t n = sz->round_trips;
    uint64_t *lat = malloc(n * sizeof *lat);
    if (!lat)
        return report_error("round trip", NULL);
    bool ok = true;
    uint64_t total = 0;
    /* The first tenth warms up caches and the worker's polling, untimed. */
    for (size_t i = 0; ok && i < n + n / 10; i++) {
        wr_future *f;
        uint64_t t0 = now_ns();
        ok = submit_add(r, add, (int32_t)i, &f) && wr_future_wait(f, -1);
        uint64_t took = now_ns() - t0;
        ok = ok && check_add(f, (int32_t)i);
        if (i >= n / 10) {
            lat[i - n / 10] = took;
            total += took;
        }
    }
    if (ok) {
        qsort(lat, n, sizeof *lat, compare_u64);
        printf("  round trip             p50 %5.2f us  p99 %5.2f us  mean %5.2f us"
               "   before: p50 1.0 us, p99 1.8 us\n",
               (double)lat[n / 2] / 1e3, (double)lat[n * 99 / 100] / 1e3,
               (double)total / (double)n / 1e3);
    }
    free(lat);
    return ok;
}

/* One submitter's work: `calls` calls of add, in batches of BATCH waited with wait_all,
 * submitted one by one or (batch_call) with wr_reactor_invoke_batch. */
typedef struct submitter {
    wr_reactor *r;
    const wr_reactor_fn *add;
    size_t calls;
    bool batch_call;
    pthread_barrier_t *start;
    bool ok;
} submitter;

/* Submit k calls add(base + i, 1) into fs; returns how many were submitted (k unless a
 * submission failed, which is reported). */
static size_t submit_batch(submitter *s, int32_t base, size_t k, wr_future **fs, wr_val *args)
{
    if (!s->batch_call) {
        for (size_t i = 0; i < k; i++)
            if (!submit_add(s->r, s->add, base + (int32_t)i, &fs[i]))
                return i;
        return k;
    }
    for (size_t i = 0; i < k; i++) {
        args[2 * i] = wr_val_i32(base + (int32_t)i);
        args[2 * i + 1] = wr_val_i32(1);
    }
    wr_error *err = wr_reactor_invoke_batch(s->r, s->add, args, 2, k, NULL, fs);
    return err ? (report_error("batch call", err), 0) : k;
}

static void *submitter_main(void *arg)
{
    submitter *s = arg;
    wr_future *fs[BATCH];
    wr_val args[2 * BATCH];
    if (s->start)
        pthread_barrier_wait(s->start);
    s->ok = true;
    for (size_t done = 0; s->ok && done < s->calls; done += BATCH) {
        size_t k = s->calls - done < BATCH ? s->calls - done : BATCH;
        size_t made = submit_batch(s, (int32_t)done, k, fs, args);
        s->ok = made == k && wr_future_wait_all(fs, made, -1);
        for (size_t i = 0; i < made; i++)
            s->ok = check_add(fs[i], (int32_t)(done + i)) && s->ok;
    }
    return NULL;
}

/* `threads` submitters at once (1: on this thread); calls/s, or -1 on failure. */
static double run_submitters(wr_reactor *r, const wr_reactor_fn *add, size_t threads,
                             size_t calls, bool batch_call)
{
    submitter s[SUBMITTERS];
    pthread_t tids[SUBMITTERS];
    pthread_barrier_t start;
    if (threads > 1 && pthread_barrier_init(&start, NULL, (unsigned)threads + 1) != 0)
        return -1;
    size_t started = 0;
    for (size_t i = 0; i < threads; i++)
        s[i] = (submitter){r, add, calls, batch_call, threads > 1 ? &start : NULL, false};
    for (; threads > 1 && started < threads; started++)
        if (pthread_create(&tids[started], NULL, submitter_main, &s[started]) != 0)
            break;
    if (threads > 1 && started < threads) {
        fprintf(stderr, "wr-bench-reactor: cannot start the submitter threads\n");
        exit(1); /* the started ones wait at the barrier forever */
    }
    if (threads > 1)
        pthread_barrier_wait(&start);
    uint64_t t0 = now_ns();
    if (threads == 1)
        submitter_main(&s[0]);
    bool ok = true;
    for (size_t i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    for (size_t i = 0; i < threads; i++)
        ok = ok && s[i].ok;
    double secs = (double)(now_ns() - t0) / 1e9;
    if (threads > 1)
        pthread_barrier_destroy(&start);
    return ok ? (double)(calls * threads) / secs : -1;
}

/* WINDOW calls in flight: each finished oldest call is replaced by a new one. */
static double run_window(wr_reactor *r, const wr_reactor_fn *add, size_t calls)
{
    wr_future *fs[WINDOW];
    bool ok = true;
    uint64_t t0 = now_ns();
    for (size_t i = 0; ok && i < calls + WINDOW; i++) {
        wr_future **slot = &fs[i % WINDOW];
        if (i >= WINDOW)
            ok = wr_future_wait(*slot, -1) && check_add(*slot, (int32_t)(i - WINDOW));
        if (ok && i < calls)
            ok = submit_add(r, add, (int32_t)i, slot);
    }
    double secs = (double)(now_ns() - t0) / 1e9;
    return ok ? (double)calls / secs : -1;
}

typedef enum bench_kind { BATCH_WAIT_ALL, BATCH_CALL, SLIDING_WINDOW, SEVERAL } bench_kind;

/* Run one throughput case RUNS times; prints the median and range next to `before`. */
static bool bench_throughput(wr_reactor *r, const wr_reactor_fn *add, const bench_sizes *sz,
                             bench_kind kind, const char *name, const char *before)
{
    double rates[RUNS];
    for (int i = 0; i < RUNS; i++) {
        switch (kind) {
        case BATCH_WAIT_ALL: rates[i] = run_submitters(r, add, 1, sz->calls, false); break;
        case BATCH_CALL: rates[i] = run_submitters(r, add, 1, sz->calls, true); break;
        case SLIDING_WINDOW: rates[i] = run_window(r, add, sz->calls); break;
        case SEVERAL: rates[i] = run_submitters(r, add, SUBMITTERS, sz->calls, false); break;
        }
        if (rates[i] < 0) {
            fprintf(stderr, "wr-bench-reactor: %s: a call did not succeed\n", name);
            return false;
        }
    }
    qsort(rates, RUNS, sizeof *rates, compare_double);
    printf("  %-22s %5.2fM calls/s (%.2f-%.2fM)   before: %s\n", name, rates[RUNS / 2] / 1e6,
           rates[0] / 1e6, rates[RUNS - 1] / 1e6, before);
    return true;
}

static bool bench_reactor(wr_module *m, uint32_t workers, const bench_sizes *sz)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = workers;
    wr_reactor *r;
    wr_error *err = wr_reactor_new(m, &cfg, &r);
    if (err)
        return report_error("reactor", err);
    const wr_reactor_fn *add;
    err = wr_reactor_export(r, "add", &add);
    if (err) {
        wr_reactor_free(r);
        return report_error("export", err);
    }
    printf("reactor, %u worker%s\n", workers, workers == 1 ? "" : "s");
    bool ok;
    if (workers == 1) {
        ok = bench_round_trip(r, add, sz) &&
             bench_throughput(r, add, sz, BATCH_WAIT_ALL, "batch 1000 + wait_all", "0.6-0.76M") &&
             bench_throughput(r, add, sz, BATCH_CALL, "batch call 1000", "-") &&
             bench_throughput(r, add, sz, SLIDING_WINDOW, "sliding window 1024", "2.8-3.1M") &&
             bench_throughput(r, add, sz, SEVERAL, "4 submitters", "1.3-1.4M");
    } else {
        ok = bench_throughput(r, add, sz, SEVERAL, "4 submitters", "1.2M");
    }
    wr_reactor_free(r);
    return ok;
}

static bool bench_direct(wr_engine *engine, wr_module *m, const bench_sizes *sz)
{
    wr_store *store = wr_store_new(engine);
    if (!store)
        return report_error("store", NULL);
    wr_instance *inst;
    wr_error *err = wr_instance_new(store, m, NULL, 0, &inst);
    if (err) {
        wr_store_free(store);
        return report_error("instance", err);
    }
    wr_func *nop = wr_instance_func(inst, "nop");
    wr_func *add = wr_instance_func(inst, "add");
    printf("direct wr_func_call on the calling thread\n");
    uint64_t t0 = now_ns();
    for (size_t i = 0; !err && i < sz->direct; i++)
        err = wr_func_call(store, nop, NULL, 0, NULL, 0);
    uint64_t t1 = now_ns();
    wr_val args[2] = {wr_val_i32(1), wr_val_i32(2)}, result;
    for (size_t i = 0; !err && i < sz->direct; i++)
        err = wr_func_call(store, add, args, 2, &result, 1);
    uint64_t t2 = now_ns();
    wr_store_free(store);
    if (err)
        return report_error("direct call", err);
    printf("  nop()                  %5.1f ns\n", (double)(t1 - t0) / (double)sz->direct);
    printf("  add(1, 2)              %5.1f ns   before: 16-23 ns\n",
           (double)(t2 - t1) / (double)sz->direct);
    return true;
}

int main(int argc, char **argv)
{
    bench_sizes sz = {.round_trips = 200000, .calls = 2000000, .direct = 10000000};
    if (argc == 2 && strcmp(argv[1], "--quick") == 0)
        sz = (bench_sizes){.round_trips = 2000, .calls = 20000, .direct = 100000};
    else if (argc != 1) {
        fprintf(stderr, "usage: wr-bench-reactor [--quick]\n");
        return 2;
    }
    wr_engine *engine = wr_engine_new(NULL);
    if (!engine)
        return report_error("engine", NULL), 1;
    wr_module *m;
    wr_error *err = wr_module_new(engine, bench_module, sizeof bench_module, &m);
    if (err) {
        wr_engine_free(engine);
        return report_error("module", err), 1;
    }
    printf("wr-bench-reactor: the cost of a call through a reactor (an add export)\n"
           "targets: round trip p50 <= 1 us, p99 <= 5 us; batch + wait_all and 4 submitters "
           ">= 5M calls/s (goal 10M); direct call unchanged\n\n");
    bool ok = bench_reactor(m, 1, &sz) && bench_reactor(m, 2, &sz) && bench_direct(engine, m, &sz);
    wr_module_free(m);
    wr_engine_free(engine);
    return ok ? 0 : 1;
}
