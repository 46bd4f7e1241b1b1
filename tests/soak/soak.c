/*
 * The soak test (`make soak MINUTES=N`, not part of ctest): a reactor pool under a random mix
 * of calls for N minutes (a fraction is fine: 0.5) - plain work, traps, proc_exit, cancels,
 * deadlines, failing hooks, memory growth, WASI output and sleeps - with the reactor itself
 * replaced now and then. Every call must end exactly as its kind says. The process's RSS and
 * open fds are sampled between batches (once every worker is idle with a whole instance) and
 * printed; it fails when the fds ever differ from their count after the first batch, or when the RSS of the last quarter of the run rises
 * more than RSS_SLACK above the highest of the first quarter (the warm-up, where allocator
 * caches and a sanitizer's quarantine fill).
 */
#include <dirent.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "wr.h"
#include "wr_reactor.h"
#include "wr_wasi.h"

#ifndef WR_SOAK_GUEST
#error "WR_SOAK_GUEST must name tests/soak/soak.wasm"
#endif

enum {
    WORKERS = 4,
    BATCH = 32,                   /* calls submitted before waiting for all of them */
    BATCHES_PER_REACTOR = 500,    /* then the reactor is freed and a new one made */
    DEADLINE_NS = 2 * 1000 * 1000,
    HOOK_CODE = 7,
};
#define RSS_SLACK (16.0 * 1024 * 1024)
#define WAIT_NS ((int64_t)30 * 1000 * 1000 * 1000)

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WR_SOAK_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(WR_SOAK_ASAN)
/* ASan keeps freed blocks in a quarantine of up to 256 MiB by default, which would look like
 * growth for the first minutes of a run; 16 MiB fills within the warm-up quarter. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "quarantine_size_mb=16"; }
#endif

typedef enum { WORK, CRASH, LEAVE, CANCEL, DEADLINE, HOOK, GROW, SAY, NAP, KINDS } kind;

static const char *const kind_names[KINDS] = {"work", "crash", "leave", "cancel", "deadline",
                                              "hook", "grow", "say", "nap"};

typedef struct {
    kind kind;
    int32_t arg;
    wr_future *future;
} call;

typedef struct {
    unsigned long long calls, failures;
    unsigned long long by_kind[KINDS];
} tally;

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

/* xorshift64*: the mix is random but the same for every run. */
static uint32_t rng(uint32_t n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 0x2545F4914F6CDD1Du) >> 32) % n;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%llu %llu", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE);
}

/* Open fds, counted in /proc/self/fd (the directory's own fd included, every time). */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static bool discard(void *user, const uint8_t *buf, size_t len)
{
    (void)user, (void)buf, (void)len;
    return true;
}

static int failing_hook(wr_hook_ctx *ctx, void *user)
{
    (void)ctx, (void)user;
    return HOOK_CODE;
}

static bool submit(wr_reactor *r, call *c)
{
    static const char *const exports[KINDS] = {"work", "crash", "leave", "spin", "spin",
                                               "work", "grow", "say", "nap"};
    wr_call_options opts;
    wr_call_options_default(&opts);
    c->kind = (kind)rng(KINDS);
    c->arg = (int32_t)rng(c->kind == WORK || c->kind == HOOK ? 100000 : c->kind == GROW ? 5 : 3);
    if (c->kind == DEADLINE)
        opts.deadline_ns = DEADLINE_NS;
    if (c->kind == HOOK)
        opts.store_hook = failing_hook;
    wr_val arg = wr_val_i32(c->arg);
    bool takes_arg = c->kind != CRASH && c->kind != CANCEL && c->kind != DEADLINE && c->kind != SAY;
    wr_error *e = wr_reactor_call(r, exports[c->kind], &arg, takes_arg, &opts, &c->future);
    if (e) {
        fprintf(stderr, "soak: submitting %s: %s\n", kind_names[c->kind], wr_error_message(e));
        wr_error_free(e);
        return false;
    }
    if (c->kind == CANCEL) {
        struct timespec pause = {0, (long)rng(2000) * 1000};
        nanosleep(&pause, NULL);
        wr_future_cancel(c->future);
    }
    return true;
}

/* Whether the call ended as its kind says it must. */
static bool ended_right(const call *c)
{
    wr_future *f = c->future;
    wr_call_status s = wr_future_status(f);
    size_t n = 0;
    const wr_val *res = s == WR_CALL_OK ? wr_future_results(f, &n) : NULL;
    switch (c->kind) {
    case WORK: return s == WR_CALL_OK && n == 1 && res[0].of.i32 == c->arg;
    case CRASH: return s == WR_CALL_TRAP;
    case LEAVE: return s == WR_CALL_EXIT && wr_future_code(f) == c->arg;
    case CANCEL: return s == WR_CALL_CANCELLED;
    case DEADLINE: return s == WR_CALL_DEADLINE;
    case HOOK: return s == WR_CALL_HOOK && wr_future_code(f) == HOOK_CODE;
    case GROW: return s == WR_CALL_OK && n == 1 && res[0].of.i32 >= -1 && res[0].of.i32 < 64;
    case SAY:
    case NAP: return s == WR_CALL_OK && n == 1 && res[0].of.i32 == 0;
    default: return false;
    }
}

static bool run_batch(wr_reactor *r, tally *t)
{
    call calls[BATCH];
    wr_future *futures[BATCH];
    size_t n = 0;
    bool ok = true;
    for (; n < BATCH && (ok = submit(r, &calls[n])); n++)
        futures[n] = calls[n].future;
    if (n && !wr_future_wait_all(futures, n, WAIT_NS)) {
        fprintf(stderr, "soak: a batch did not finish in 30 s\n");
        ok = false;
    }
    for (size_t i = 0; i < n; i++) {
        t->calls++;
        t->by_kind[calls[i].kind]++;
        if (wr_future_poll(calls[i].future) && !ended_right(&calls[i])) {
            t->failures++;
            const char *m = wr_future_message(calls[i].future);
            fprintf(stderr, "soak: %s(%d) ended with status %d: %s\n", kind_names[calls[i].kind],
                    calls[i].arg, (int)wr_future_status(calls[i].future), m ? m : "no message");
        }
        wr_future_free(calls[i].future);
    }
    return ok;
}

/* A plain call pinned to each worker, waited for: a worker replaces a failed instance before
 * it runs its next call, so afterwards every worker holds a whole instance, and the fds
 * can be counted without catching one between its old instance and the fresh one. */
static bool quiesce(wr_reactor *r)
{
    bool ok = true;
    for (uint32_t w = 0; w < WORKERS && ok; w++) {
        wr_call_options opts;
        wr_call_options_default(&opts);
        opts.pinned = true;
        opts.worker = w;
        call c = {.kind = WORK, .arg = 1};
        wr_val arg = wr_val_i32(1);
        wr_error *e = wr_reactor_call(r, "work", &arg, 1, &opts, &c.future);
        ok = !e && wr_future_wait(c.future, WAIT_NS) && ended_right(&c);
        if (!ok)
            fprintf(stderr, "soak: the quiet call on worker %u failed: %s\n", (unsigned)w,
                    e ? wr_error_message(e) : "it did not end well");
        wr_error_free(e);
        wr_future_free(c.future);
    }
    return ok;
}

static wr_reactor *reactor_new(wr_module *module, const wr_wasi_config *wasi)
{
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = WORKERS;
    cfg.fresh_after_failure = true;
    cfg.wasi = wasi;
    wr_reactor *r = NULL;
    wr_error *e = wr_reactor_new(module, &cfg, &r);
    if (e) {
        fprintf(stderr, "soak: wr_reactor_new: %s\n", wr_error_message(e));
        wr_error_free(e);
    }
    return r;
}

typedef struct {
    double t, rss;
    int fds;
} sample;

/* Run for `seconds`, sampling about every `every` seconds; false on any failure. */
static bool soak(wr_module *module, const wr_wasi_config *wasi, double seconds, double every)
{
    tally t = {0};
    size_t cap = (size_t)(seconds / every) + 4, nsamples = 0;
    sample *samples = calloc(cap, sizeof *samples);
    wr_reactor *r = reactor_new(module, wasi);
    bool ok = r && samples;
    double start = now_s(), next = start;
    int base_fds = -1;
    unsigned long long reactors = 1;
    for (unsigned batch = 1; ok; batch++) {
        ok = run_batch(r, &t) && t.failures == 0;
        if (ok && batch % BATCHES_PER_REACTOR == 0) {
            wr_reactor_free(r);
            r = reactor_new(module, wasi);
            reactors++;
            ok = ok && r;
        }
        double now = now_s();
        if (!ok || (base_fds >= 0 && now < next && now - start < seconds))
            continue;
        ok = quiesce(r);
        if (base_fds < 0)
            base_fds = open_fds();
        sample s = {now - start, rss_bytes(), open_fds()};
        if (nsamples < cap)
            samples[nsamples++] = s;
        printf("%8.0f s %12llu calls %5llu reactors %8.1f MiB RSS %4d fds\n", s.t, t.calls,
               reactors, s.rss / (1024 * 1024), s.fds);
        fflush(stdout);
        if (s.fds != base_fds) {
            fprintf(stderr, "soak: %d open fds, %d after the first batch\n", s.fds, base_fds);
            ok = false;
        }
        next = now + every;
        if (now - start >= seconds)
            break;
    }
    if (r)
        wr_reactor_free(r);
    double warm = 0, late = 0;
    for (size_t i = 0; i < nsamples; i++) {
        if (samples[i].t <= seconds / 4 && samples[i].rss > warm)
            warm = samples[i].rss;
        if (samples[i].t >= seconds * 3 / 4 && samples[i].rss > late)
            late = samples[i].rss;
    }
    printf("calls %llu, failures %llu; by kind:", t.calls, t.failures);
    for (int k = 0; k < KINDS; k++)
        printf(" %s %llu", kind_names[k], t.by_kind[k]);
    printf("\nRSS: at most %.1f MiB in the first quarter, %.1f MiB in the last; fds %d\n",
           warm / (1024 * 1024), late / (1024 * 1024), base_fds);
    if (ok && late > warm + RSS_SLACK) {
        fprintf(stderr, "soak: RSS grew by %.1f MiB\n", (late - warm) / (1024 * 1024));
        ok = false;
    }
    free(samples);
    return ok;
}

int main(int argc, char **argv)
{
    double minutes = argc > 1 ? strtod(argv[1], NULL) : 1;
    if (!(minutes > 0 && minutes <= 24 * 60)) {
        fprintf(stderr, "usage: wr-soak MINUTES (a positive number, up to a day)\n");
        return 2;
    }
    double seconds = minutes * 60, every = seconds / 20 < 30 ? seconds / 20 : 30;
    wr_engine *engine = wr_engine_new(NULL);
    wr_wasi_config *wasi = wr_wasi_config_new();
    wr_module *module = NULL;
    wr_error *e = engine ? wr_module_load(engine, WR_SOAK_GUEST, &module) : NULL;
    bool ok = engine && wasi && !e && wr_wasi_config_output_callback(wasi, 1, discard, NULL);
    if (e)
        fprintf(stderr, "soak: %s\n", wr_error_message(e));
    wr_error_free(e);
    printf("soak: %g minutes, %d workers, batches of %d calls\n", minutes, WORKERS, BATCH);
    ok = ok && soak(module, wasi, seconds, every);
    wr_module_free(module);
    wr_wasi_config_free(wasi);
    wr_engine_free(engine);
    printf("soak: %s\n", ok ? "passed" : "FAILED");
    return ok ? 0 : 1;
}
