/*
 * wr-bench-reactor: what an asynchronous call costs, against a direct call.
 *
 *   round trip   submit one empty call, wait for it, repeat: p50 / p99 / mean latency
 *   pipelined    submit a batch, wait for all of it, repeat: calls per second
 *   direct       wr_func_call on the calling thread: ns per call
 *
 * The reactor numbers are measured with one and with two workers. --quick runs a few thousand
 * calls only: a smoke test, not a measurement.
 */
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

typedef struct bench_sizes {
    size_t round_trips; /* timed round trips per pool size */
    size_t pipelined;   /* calls per pipelined run */
    size_t batches[2];  /* calls in flight at once: within the reactor's pool of reusable
                           futures (1024), and beyond it */
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

/* One call of "nop", waited for; false when it did not succeed. */
static bool call_and_wait(wr_reactor *r)
{
    wr_future *f;
    wr_error *err = wr_reactor_call(r, "nop", NULL, 0, NULL, &f);
    if (err)
        return report_error("call", err);
    bool ok = wr_future_wait(f, -1) && wr_future_status(f) == WR_CALL_OK;
    wr_future_free(f);
    if (!ok)
        fprintf(stderr, "wr-bench-reactor: a call did not succeed\n");
    return ok;
}

static bool bench_round_trip(wr_reactor *r, const bench_sizes *sz)
{
    size_t n = sz->round_trips;
    uint64_t *lat = malloc(n * sizeof *lat);
    if (!lat)
        return report_error("round trip", NULL);
    bool ok = true;
    for (size_t i = 0; ok && i < n / 10; i++) /* warm up caches and the worker's spin */
        ok = call_and_wait(r);
    uint64_t total = 0;
    for (size_t i = 0; ok && i < n; i++) {
        uint64_t t0 = now_ns();
        ok = call_and_wait(r);
        lat[i] = now_ns() - t0;
        total += lat[i];
    }
    if (ok) {
        qsort(lat, n, sizeof *lat, compare_u64);
        printf("  round trip    p50 %7.2f us   p99 %7.2f us   mean %7.2f us   (%zu calls)\n",
               (double)lat[n / 2] / 1e3, (double)lat[n * 99 / 100] / 1e3,
               (double)total / (double)n / 1e3, n);
    }
    free(lat);
    return ok;
}

static bool bench_pipelined(wr_reactor *r, const bench_sizes *sz, size_t batch)
{
    wr_future **fs = calloc(batch, sizeof *fs);
    if (!fs)
        return report_error("pipelined", NULL);
    bool ok = true;
    size_t done = 0;
    uint64_t t0 = now_ns();
    while (ok && done < sz->pipelined) {
        size_t k = 0;
        for (; k < batch && done + k < sz->pipelined; k++) {
            wr_error *err = wr_reactor_call(r, "nop", NULL, 0, NULL, &fs[k]);
            if (err) {
                ok = report_error("call", err);
                break;
            }
        }
        ok = ok && wr_future_wait_all(fs, k, -1);
        for (size_t i = 0; i < k; i++) {
            ok = ok && wr_future_status(fs[i]) == WR_CALL_OK;
            wr_future_free(fs[i]);
        }
        done += k;
    }
    double secs = (double)(now_ns() - t0) / 1e9;
    if (ok)
        printf("  pipelined     %9.0f calls/s   (%zu calls, %zu in flight)\n",
               (double)done / secs, done, batch);
    else
        fprintf(stderr, "wr-bench-reactor: a pipelined call did not succeed\n");
    free(fs);
    return ok;
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
    printf("reactor, %u worker%s\n", workers, workers == 1 ? "" : "s");
    bool ok = bench_round_trip(r, sz) && bench_pipelined(r, sz, sz->batches[0]) &&
              bench_pipelined(r, sz, sz->batches[1]);
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
    printf("  nop()         %7.1f ns\n", (double)(t1 - t0) / (double)sz->direct);
    printf("  add(1, 2)     %7.1f ns\n", (double)(t2 - t1) / (double)sz->direct);
    return true;
}

int main(int argc, char **argv)
{
    bench_sizes sz = {.round_trips = 200000, .pipelined = 2000000, .batches = {1024, 4096},
                      .direct = 10000000};
    if (argc == 2 && strcmp(argv[1], "--quick") == 0)
        sz = (bench_sizes){.round_trips = 2000, .pipelined = 20000, .batches = {100, 2000},
                           .direct = 100000};
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
    printf("wr-bench-reactor: the cost of a call through a reactor (an empty export)\n"
           "targets: round trip p50 <= 5 us, p99 <= 50 us; pipelined >= 1,000,000 calls/s; "
           "direct <= 50 ns\n\n");
    bool ok = bench_reactor(m, 1, &sz) && bench_reactor(m, 2, &sz) && bench_direct(engine, m, &sz);
    wr_module_free(m);
    wr_engine_free(engine);
    return ok ? 0 : 1;
}
