/*
 * wr-demo: a tour of the reactor (run by `make demo`). One guest module (guest.c) is served
 * by two worker threads while this thread submits calls, gets futures back at once and goes
 * on with its own work. Every result is checked, so the demo doubles as a test: it exits 1
 * when anything is not as shown.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wr.h"
#include "wr_reactor.h"

#ifndef WR_DEMO_GUEST
#define WR_DEMO_GUEST "examples/reactor/guest.wasm"
#endif

typedef struct demo {
    wr_reactor *reactor;
    int problems;
} demo;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double ms_since(uint64_t t0) { return (double)(now_ns() - t0) / 1e6; }

static void section(const char *title) { printf("\n%s\n", title); }

static void expect(demo *d, bool ok, const char *what)
{
    if (!ok) {
        printf("   !! not as expected: %s\n", what);
        d->problems++;
    }
}

/* Submit a plain call; NULL (reported) when the reactor refuses it. */
static wr_future *submit(demo *d, const char *name, const wr_val *args, size_t nargs,
                         const wr_call_options *opts)
{
    wr_future *f = NULL;
    wr_error *err = wr_reactor_call(d->reactor, name, args, nargs, opts, &f);
    if (err) {
        printf("   !! %s refused: %s\n", name, wr_error_message(err));
        wr_error_free(err);
        d->problems++;
    }
    return f;
}

/* The i32 result of a finished call, or -1 when it failed. */
static int32_t result_i32(const wr_future *f)
{
    size_t n;
    const wr_val *v = wr_future_results(f, &n);
    return n == 1 ? v[0].of.i32 : -1;
}

/* A store hook that only notes which worker runs the call. */
static int note_worker(wr_hook_ctx *ctx, void *user)
{
    *(uint32_t *)user = wr_hook_worker(ctx);
    return 0;
}

static uint32_t native_fib(uint32_t n) { return n < 2 ? n : native_fib(n - 1) + native_fib(n - 2); }

/* ---------------------------------------------------------------- 1. futures */

static void show_futures(demo *d)
{
    section("1. Calls return futures at once, and the host keeps working");
    enum { CALLS = 4 };
    static const uint32_t ns[CALLS] = {30, 27, 24, 21};
    wr_future *fs[CALLS], *pending[CALLS];
    uint32_t worker[CALLS];
    size_t npending = 0;
    uint64_t t0 = now_ns();
    for (size_t i = 0; i < CALLS; i++) {
        wr_call_options opts;
        wr_call_options_default(&opts);
        opts.store_hook = note_worker;
        opts.user = &worker[i];
        wr_val arg = wr_val_i32((int32_t)ns[i]);
        if ((fs[i] = submit(d, "fib", &arg, 1, &opts)))
            pending[npending++] = fs[i];
    }
    printf("   submitted fib(30), fib(27), fib(24), fib(21) in %.0f us: each call returned a "
           "future at once\n", ms_since(t0) * 1000);
    unsigned host_rounds = 0;
    while (npending > 0) {
        size_t k;
        if (wr_future_wait_any(pending, npending, 2000000, &k) != WR_WAIT_FINISHED) { /* 2 ms */
            host_rounds++; /* the host's own work would go here */
            continue;
        }
        size_t i = 0;
        while (fs[i] != pending[k])
            i++;
        int32_t value = result_i32(fs[i]);
        printf("   [%6.1f ms] fib(%u) = %-7d on worker %u\n", ms_since(t0), ns[i], value,
               worker[i]);
        expect(d, wr_future_status(fs[i]) == WR_CALL_OK && (uint32_t)value == native_fib(ns[i]),
               "fib result");
        pending[k] = pending[--npending];
    }
    printf("   results arrive as they finish, not in submission order; meanwhile this thread\n"
           "   went round its own loop %u times (wr_future_wait_any with a 2 ms timeout)\n",
           host_rounds);
    for (size_t i = 0; i < CALLS; i++)
        wr_future_free(fs[i]);
}

/* ---------------------------------------------------------------- 2. strings via hooks */

typedef struct text_job {
    const char *text;
    uint32_t len;
    uint32_t address;   /* where the guest's malloc put it */
    char result[128];
    bool freed;         /* the cleanup hook handed it back to the guest's free */
} text_job;

/* Before the call: malloc in the guest, copy the text in, pass (address, length). */
static int place_text(wr_hook_ctx *ctx, void *user)
{
    text_job *job = user;
    wr_val size = wr_val_i32((int32_t)job->len), block;
    if (!wr_hook_call(ctx, "malloc", &size, 1, &block, 1) || block.of.i32 == 0)
        return 1;
    size_t mem_size;
    uint8_t *mem = wr_hook_memory(ctx, &mem_size);
    job->address = (uint32_t)block.of.i32;
    if (job->address > mem_size || job->len > mem_size - job->address)
        return 2;
    memcpy(mem + job->address, job->text, job->len);
    size_t nargs;
    wr_val *args = wr_hook_args(ctx, &nargs);
    args[0] = wr_val_i32((int32_t)job->address);
    args[1] = wr_val_i32((int32_t)job->len);
    return 0;
}

/* After a normal return: copy the text out of guest memory. */
static int take_text(wr_hook_ctx *ctx, void *user)
{
    text_job *job = user;
    size_t nresults, mem_size;
    wr_val *results = wr_hook_results(ctx, &nresults);
    uint8_t *mem = wr_hook_memory(ctx, &mem_size);
    uint32_t at = (uint32_t)results[0].of.i32;
    if (at > mem_size || job->len > mem_size - at || job->len >= sizeof job->result)
        return 3;
    memcpy(job->result, mem + at, job->len);
    job->result[job->len] = '\0';
    return 0;
}

/* After every call, whatever its outcome (a trap or a stop too): free the block, so the kept
 * instance never leaks it. */
static int free_text(wr_hook_ctx *ctx, void *user)
{
    text_job *job = user;
    if (job->address) {
        wr_val block = wr_val_i32((int32_t)job->address);
        job->freed = wr_hook_call(ctx, "free", &block, 1, NULL, 0);
    }
    return 0;
}

static void show_strings(demo *d)
{
    section("2. Strings through guest memory, placed and read back by store/load hooks");
    text_job job = {.text = "the quick brown fox jumps over the lazy dog"};
    job.len = (uint32_t)strlen(job.text);
    wr_call_options opts;
    wr_call_options_default(&opts);
    opts.store_hook = place_text;
    opts.load_hook = take_text;
    opts.cleanup_hook = free_text;
    opts.user = &job;
    wr_val placeholders[2] = {wr_val_i32(0), wr_val_i32(0)}; /* set by place_text */
    wr_future *f = submit(d, "title_case", placeholders, 2, &opts);
    if (!f)
        return;
    wr_future_wait(f, -1);
    bool ok = wr_future_status(f) == WR_CALL_OK;
    printf("   in:  \"%s\"\n", job.text);
    printf("        copied to 0x%" PRIx32 " (the guest's malloc), title_case(0x%" PRIx32
           ", %" PRIu32 ") ran in place\n", job.address, job.address, job.len);
    printf("   out: \"%s\" (read back; the cleanup hook %s)\n",
           ok ? job.result : wr_future_message(f),
           job.freed ? "gave the block to the guest's free" : "could not free the block");
    expect(d, ok && strcmp(job.result, "The Quick Brown Fox Jumps Over The Lazy Dog") == 0,
           "title_case result");
    expect(d, job.freed, "cleanup hook");
    wr_future_free(f);
}

/* ---------------------------------------------------------------- 3. tagged codec */

static void show_codec(demo *d)
{
    section("3. Typed values through the tagged codec (include/wr_guest.h on the guest side)");
    const char *text = "WebAssembly reactors serve calls from many threads";
    wr_tagged arg = {.tag = WR_TAG_STRING, .of.str = {text, (uint32_t)strlen(text)}};
    wr_future *f = NULL;
    wr_error *err = wr_reactor_call_tagged(d->reactor, "word_stats", &arg, 1, NULL, &f);
    if (err) {
        printf("   !! word_stats refused: %s\n", wr_error_message(err));
        wr_error_free(err);
        d->problems++;
        return;
    }
    wr_future_wait(f, -1);
    size_t n;
    const wr_tagged *out = wr_future_tagged(f, &n);
    printf("   word_stats(string \"%s\")\n", text);
    bool ok = n == 3 && out[0].tag == WR_TAG_U32 && out[1].tag == WR_TAG_STRING &&
              out[2].tag == WR_TAG_U32_ARRAY;
    if (ok) {
        printf("     -> u32 %" PRIu32 ", string \"%s\", u32 array {", out[0].of.u32,
               out[1].of.str.data);
        for (uint32_t i = 0; i < out[2].of.u32s.count; i++)
            printf("%s%" PRIu32, i ? ", " : "", out[2].of.u32s.data[i]);
        printf("}\n");
        ok = out[0].of.u32 == 7 && strcmp(out[1].of.str.data, "WebAssembly") == 0 &&
             out[2].of.u32s.count == 7 && out[2].of.u32s.data[6] == 7;
    } else {
        printf("     -> %s\n", wr_future_message(f) ? wr_future_message(f) : "unexpected results");
    }
    printf("   (the area came from the guest's malloc and went back to its free)\n");
    expect(d, ok, "word_stats results");
    wr_future_free(f);
}

/* ---------------------------------------------------------------- 4. traps */

static void show_trap(demo *d)
{
    section("4. A trap fails its future; the reactor keeps serving");
    wr_call_options on_worker0;
    wr_call_options_default(&on_worker0);
    on_worker0.pinned = true;
    on_worker0.worker = 0;
    wr_val bad[2] = {wr_val_i32(7), wr_val_i32(0)};
    wr_future *f = submit(d, "divide", bad, 2, &on_worker0);
    if (f) {
        wr_future_wait(f, -1);
        printf("   divide(7, 0)  -> %s\n", wr_future_message(f));
        size_t nframes = 0;
        const wr_frame *frames =
            wr_future_error(f) ? wr_error_frames(wr_future_error(f), &nframes) : NULL;
        for (size_t i = 0; i < nframes; i++)
            printf("                    at %-9s (function %" PRIu32 ", byte 0x%" PRIx32 ")\n",
                   frames[i].func_name ? frames[i].func_name : "?", frames[i].func_index,
                   frames[i].code_offset);
        expect(d, wr_future_status(f) == WR_CALL_TRAP && nframes == 2, "a trap with 2 frames");
        wr_future_free(f);
    }
    wr_val good[2] = {wr_val_i32(84), wr_val_i32(2)};
    f = submit(d, "divide", good, 2, &on_worker0);
    if (f) {
        wr_future_wait(f, -1);
        printf("   divide(84, 2) -> %d, on the same worker and instance\n", (int)result_i32(f));
        expect(d, wr_future_status(f) == WR_CALL_OK && result_i32(f) == 42, "divide after trap");
        wr_future_free(f);
    }
}

/* ---------------------------------------------------------------- 5. runaway loops */

static void show_stops(demo *d)
{
    section("5. A runaway loop, stopped by a deadline (or by a cancel)");
    wr_call_options opts;
    wr_call_options_default(&opts);
    opts.pinned = true;
    opts.worker = 1;
    opts.deadline_ns = 250000000; /* 250 ms */
    uint64_t t0 = now_ns();
    wr_future *f = submit(d, "spin", NULL, 0, &opts);
    if (f) {
        wr_future_wait(f, -1);
        printf("   spin() with a 250 ms deadline -> %s after %.0f ms\n", wr_future_message(f),
               ms_since(t0));
        size_t nframes = 0;
        const wr_error *where = wr_future_error(f);
        const wr_frame *frames = where ? wr_error_frames(where, &nframes) : NULL;
        if (nframes)
            printf("                  stopped at %s (function %" PRIu32 ", byte 0x%" PRIx32 ")\n",
                   frames[0].func_name ? frames[0].func_name : "?", frames[0].func_index,
                   frames[0].code_offset);
        expect(d, nframes > 0, "where the deadline stopped the guest");
        expect(d, wr_future_status(f) == WR_CALL_DEADLINE, "deadline");
        wr_future_free(f);
    }
    opts.deadline_ns = 0;
    t0 = now_ns();
    f = submit(d, "spin", NULL, 0, &opts);
    if (f) {
        wr_future_wait(f, 100000000); /* let it run 100 ms */
        bool cancelled = wr_future_cancel(f);
        wr_future_wait(f, -1);
        printf("   spin() cancelled by wr_future_cancel -> %s after %.0f ms\n",
               wr_future_message(f), ms_since(t0));
        expect(d, cancelled && wr_future_status(f) == WR_CALL_CANCELLED, "cancel");
        wr_future_free(f);
    }
    wr_val arg = wr_val_i32(25);
    f = submit(d, "fib", &arg, 1, &opts);
    if (f) {
        wr_future_wait(f, -1);
        printf("   the same worker right after: fib(25) = %d\n", (int)result_i32(f));
        expect(d, result_i32(f) == 75025, "fib after the stops");
        wr_future_free(f);
    }
}

int main(int argc, char **argv)
{
    const char *guest = argc > 1 ? argv[1] : WR_DEMO_GUEST;
    wr_engine *engine = wr_engine_new(NULL);
    if (!engine) {
        fprintf(stderr, "wr-demo: out of memory\n");
        return 1;
    }
    wr_module *module;
    wr_error *err = wr_module_load(engine, guest, &module);
    if (err) {
        fprintf(stderr, "wr-demo: %s: %s\n", guest, wr_error_message(err));
        wr_error_free(err);
        wr_engine_free(engine);
        return 1;
    }
    wr_reactor_config cfg;
    wr_reactor_config_default(&cfg);
    cfg.workers = 2;
    cfg.codec_area = WR_CODEC_MALLOC;
    demo d = {0};
    err = wr_reactor_new(module, &cfg, &d.reactor);
    wr_module_free(module); /* the reactor keeps its own reference */
    if (err) {
        fprintf(stderr, "wr-demo: %s\n", wr_error_message(err));
        wr_error_free(err);
        wr_engine_free(engine);
        return 1;
    }
    printf("wasi-reactor demo\n"
           "   guest:   %s (examples/reactor/guest.c, clang --target=wasm32)\n"
           "   reactor: 2 worker threads, each with its own instance; _initialize ran on both\n",
           guest);
    uint64_t t0 = now_ns();
    show_futures(&d);
    show_strings(&d);
    show_codec(&d);
    show_trap(&d);
    show_stops(&d);
    wr_reactor_free(d.reactor);
    wr_engine_free(engine);
    if (d.problems) {
        printf("\n%d thing%s did not go as expected\n", d.problems, d.problems == 1 ? "" : "s");
        return 1;
    }
    printf("\nAll done in %.1f s: every call completed and was checked. See docs/reactor.md.\n",
           ms_since(t0) / 1000);
    return 0;
}
