/*
 * wr-bench-sqlite: the SQLite workload (workload.c) run natively, linked into this program,
 * and as the WASI command workload.wasm in wr, in the same process and on the same thread.
 * Prints the CPU time of each, the ratio to native, and whether the output text is the same
 * byte for byte; with --check, only the comparison at a small size (the ctest test).
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sqlite3.h"
#include "util.h"
#include "util/error.h"
#include "workload.h"
#include "wr.h"
#include "wr_wasi.h"

/* Set by bench/sqlite/CMakeLists.txt; --wasm overrides it. */
#ifndef WR_BENCH_SQLITE_WASM
#define WR_BENCH_SQLITE_WASM "bench/sqlite/workload.wasm"
#endif

#define TIMED_RUNS 3
/* Once wr has spent this long it is not run again, so an interpreted run (~13 s here) is
 * one run and the whole benchmark stays under half a minute. */
#define WR_REPEAT_BUDGET 10.0
/* Native ~1 s, interpreted 10-20 s on the 2-core machine the README's figures come from. */
#define BENCH_ROWS 100000u
#define CHECK_ROWS 2000u
/* The report is ~20 lines whatever the size; more than this is a runaway guest. */
#define OUTPUT_LIMIT (1u << 20)

/* A growable text buffer, capped at OUTPUT_LIMIT. */
typedef struct text_buf {
    char *data;
    size_t len, cap;
} text_buf;

static bool text_append(text_buf *b, const void *bytes, size_t len)
{
    if (len > OUTPUT_LIMIT - b->len)
        return false;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + len)
            cap *= 2;
        char *data = realloc(b->data, cap);
        if (!data)
            return false;
        b->data = data;
        b->cap = cap;
    }
    memcpy(b->data + b->len, bytes, len);
    b->len += len;
    return true;
}

static int native_out(void *user, const char *line)
{
    return text_append(user, line, strlen(line)) ? 0 : 1;
}

static bool wasi_out(void *user, const uint8_t *bytes, size_t len)
{
    return text_append(user, bytes, len);
}

static bool text_equal(const text_buf *a, const text_buf *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

/* Prints the first line where the outputs differ, from both. */
static void print_difference(const text_buf *native, const text_buf *wasm)
{
    size_t i = 0, line_start = 0, line = 1;
    while (i < native->len && i < wasm->len && native->data[i] == wasm->data[i]) {
        if (native->data[i] == '\n') {
            line_start = i + 1;
            line++;
        }
        i++;
    }
    const text_buf *sides[2] = {native, wasm};
    const char *names[2] = {"native", "wr"};
    for (int s = 0; s < 2; s++) {
        const char *start = sides[s]->data + line_start;
        size_t left = sides[s]->len - line_start;
        const char *end = left ? memchr(start, '\n', left) : NULL;
        printf("  line %zu, %-6s: %.*s%s\n", line, names[s],
               (int)(end ? (size_t)(end - start) : left), left ? start : "",
               left ? "" : "(end of output)");
    }
}

/* One native run into out (emptied first); false when the workload failed. */
static bool run_native(uint32_t rows, text_buf *out, double *seconds)
{
    out->len = 0;
    double start = bench_cpu_seconds();
    int status = workload_run(rows, native_out, out);
    *seconds = bench_cpu_seconds() - start;
    return status == 0;
}

/* One run of the command in a fresh store: WASI set-up, instantiation and _start, timed. */
static wr_error *run_wasm(wr_module *module, uint32_t rows, text_buf *out, int *exit_code,
                          double *seconds)
{
    out->len = 0;
    wr_engine *engine = wr_module_engine(module);
    char rows_arg[16];
    snprintf(rows_arg, sizeof rows_arg, "%u", (unsigned)rows);
    wr_wasi_config *cfg = wr_wasi_config_new();
    wr_store *store = wr_store_new(engine);
    wr_linker *linker = wr_linker_new(engine);
    wr_wasi *wasi = NULL;
    wr_error *err = NULL;
    if (!cfg || !store || !linker || !wr_wasi_config_arg(cfg, "workload") ||
        !wr_wasi_config_arg(cfg, rows_arg) ||
        !wr_wasi_config_output_callback(cfg, 1, wasi_out, out))
        err = wr_error_nomem();
    double start = bench_cpu_seconds();
    if (!err)
        err = wr_wasi_new(store, cfg, &wasi);
    if (!err)
        err = wr_wasi_define(linker, wasi);
    wr_instance *instance = NULL;
    if (!err)
        err = wr_linker_instantiate(linker, store, module, &instance);
    if (!err)
        err = wr_wasi_run_start(wasi, instance, exit_code);
    *seconds = bench_cpu_seconds() - start;
    if (linker)
        wr_linker_free(linker);
    /* The store's WASI functions point at wasi, so the store goes first. */
    if (store)
        wr_store_free(store);
    wr_wasi_free(wasi);
    wr_wasi_config_free(cfg);
    return err;
}

/* What one tier of wr did with the workload. */
typedef struct wr_result {
    double load;    /* wall seconds of wr_module_load: decode, validate, translate */
    double run;     /* the best run's CPU seconds */
    int exit_code;  /* the command's, from the last run */
    text_buf out;   /* its stdout, from the last run */
} wr_result;

/* Loads the command with the engine config cfg and runs it up to max_runs times, fewer once
 * WR_REPEAT_BUDGET seconds are spent; stops at the first failure or nonzero exit. */
static wr_error *measure_wr(const char *path, const wr_config *cfg, uint32_t rows,
                            int max_runs, wr_result *r)
{
    wr_engine *engine = wr_engine_new(cfg);
    if (!engine)
        return wr_error_nomem();
    wr_module *module = NULL;
    double start = bench_wall_seconds();
    wr_error *err = wr_module_load(engine, path, &module);
    r->load = bench_wall_seconds() - start;
    r->run = INFINITY;
    double spent = 0;
    for (int i = 0; !err && i < max_runs && spent < WR_REPEAT_BUDGET; i++) {
        double seconds;
        err = run_wasm(module, rows, &r->out, &r->exit_code, &seconds);
        if (err || r->exit_code != 0)
            break;
        spent += seconds;
        r->run = fmin(r->run, seconds);
    }
    wr_module_free(module);
    wr_engine_free(engine);
    return err;
}

/* Says why a wr run failed (and frees err), or whether its output equals native's; true when
 * all is well. */
static bool judge(const char *label, wr_error *err, const wr_result *r, const text_buf *native)
{
    if (err) {
        printf("%s failed: %s\n", label, wr_error_message(err));
        wr_error_free(err);
        return false;
    }
    if (r->exit_code != 0) {
        printf("%s: the workload exited with %d; its output:\n%.*s", label, r->exit_code,
               (int)r->out.len, r->out.data ? r->out.data : "");
        return false;
    }
    if (!text_equal(native, &r->out)) {
        printf("%s: the output differs from native\n", label);
        print_difference(native, &r->out);
        return false;
    }
    return true;
}

static void print_row(const char *label, const char *load, double seconds, double native,
                      const char *output)
{
    printf("%-16s %9s %10.4f %8.2fx  %s\n", label, load, seconds, seconds / native, output);
}

/* The native reference run (best of TIMED_RUNS); false, having said why, when it failed. */
static bool measure_native(uint32_t rows, int runs, text_buf *out, double *best)
{
    *best = INFINITY;
    for (int i = 0; i < runs; i++) {
        double seconds;
        if (!run_native(rows, out, &seconds)) {
            printf("the native workload failed:\n%.*s", (int)out->len,
                   out->data ? out->data : "");
            return false;
        }
        *best = fmin(*best, seconds);
    }
    return true;
}

/* Runs the workload in wr with cfg and prints its row; false, having said why, when it
 * failed or its output differs from native. *load is the time wr took to load the module. */
static bool bench_tier(const char *label, const wr_config *cfg, const char *wasm_path,
                       uint32_t rows, const text_buf *native, double native_time, double *load)
{
    wr_result r = {0};
    wr_error *err = measure_wr(wasm_path, cfg, rows, TIMED_RUNS, &r);
    bool ok = judge(label, err, &r, native);
    if (ok) {
        char load_text[32];
        snprintf(load_text, sizeof load_text, "%.4f", r.load);
        print_row(label, load_text, r.run, native_time, "same as native");
        *load = r.load;
    }
    free(r.out.data);
    fflush(stdout);
    return ok;
}

/* The compiled tier, compiling into a cache folder of its own so that its load time is a
 * whole compile, which it also prints per MB of wasm. */
static bool bench_compiled(const char *wasm_path, uint32_t rows, const text_buf *native,
                           double native_time)
{
    struct stat st;
    if (stat(wasm_path, &st) != 0) {
        printf("wr compiled: %s: %s\n", wasm_path, strerror(errno));
        return false;
    }
    char cache[4096];
    if (!bench_make_temp_dir("wr-bench-sqlite", cache, sizeof cache)) {
        printf("wr compiled: cannot make a cache folder %s: %s\n", cache, strerror(errno));
        return false;
    }
    wr_config cfg;
    wr_config_default(&cfg);
    cfg.tier = WR_TIER_COMPILED;
    cfg.cache_dir = cache;
    double compile, compiler_cpu = bench_children_cpu_seconds();
    bool ok = bench_tier("wr compiled", &cfg, wasm_path, rows, native, native_time, &compile);
    compiler_cpu = bench_children_cpu_seconds() - compiler_cpu;
    if (ok) {
        double mb = (double)st.st_size / (1024.0 * 1024.0);
        printf("compile: %.2f MB of wasm into an empty cache in %.1f s (%.1f s per MB); the C "
               "compiler used %.1f s of CPU (%.1f s per MB)\n",
               mb, compile, compile / mb, compiler_cpu, compiler_cpu / mb);
    }
    if (!bench_remove_tree(cache))
        printf("wr compiled: cannot remove %s: %s\n", cache, strerror(errno));
    return ok;
}

static int bench(const char *wasm_path, uint32_t rows)
{
    bench_print_machine("bench/sqlite/build-wasm.sh (clang --target=wasm32-wasi -O2, wasi-libc)");
    printf("workload: bench/sqlite/workload.c, %u rows, SQLite %s\n", (unsigned)rows,
           sqlite3_libversion());
    printf("run: CPU seconds, best of %d (wr: fewer once it has used %.0f s); "
           "ratio = run / native; load: wall seconds\n\n",
           TIMED_RUNS, WR_REPEAT_BUDGET);
    printf("%-16s %9s %10s %9s  %s\n", "run", "load s", "run s", "ratio", "output");
    fflush(stdout);
    text_buf native = {0};
    double native_time;
    if (!measure_native(rows, TIMED_RUNS, &native, &native_time)) {
        free(native.data);
        return 1;
    }
    char lines[32];
    size_t count = 0;
    for (size_t i = 0; i < native.len; i++)
        count += native.data[i] == '\n';
    snprintf(lines, sizeof lines, "%zu lines", count);
    print_row("native", "-", native_time, native_time, lines);
    fflush(stdout);

    wr_config cfg;
    wr_config_default(&cfg);
    double load;
    bool ok = bench_tier("wr interpreter", &cfg, wasm_path, rows, &native, native_time, &load);
    ok = bench_compiled(wasm_path, rows, &native, native_time) && ok;
    printf("\noutput:\n%.*s", (int)native.len, native.data);
    free(native.data);
    return ok ? 0 : 1;
}

/* The ctest check: one run each at a small size, outputs compared. */
static int check(const char *wasm_path, uint32_t rows)
{
    text_buf native = {0};
    double seconds;
    if (!measure_native(rows, 1, &native, &seconds)) {
        free(native.data);
        return 1;
    }
    wr_config cfg;
    wr_config_default(&cfg);
    wr_result interp = {0};
    wr_error *err = measure_wr(wasm_path, &cfg, rows, 1, &interp);
    int status = 0;
    if (judge("wr interpreter", err, &interp, &native))
        printf("wr interpreter: the same %zu bytes as native at %u rows\n", native.len,
               (unsigned)rows);
    else
        status = 1;
    free(interp.out.data);
    free(native.data);
    return status;
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: wr-bench-sqlite [--wasm FILE] [ROWS]           time the workload natively "
            "and in wr\n"
            "                                                      (default %u rows)\n"
            "       wr-bench-sqlite [--wasm FILE] --check [ROWS]   compare the outputs only "
            "(default %u rows)\n"
            "FILE is the workload command (default %s); ROWS is %u to %u\n",
            BENCH_ROWS, CHECK_ROWS, WR_BENCH_SQLITE_WASM, WORKLOAD_MIN_ROWS,
            WORKLOAD_MAX_ROWS);
}

/* ROWS, or false when the text is not a number in range. */
static bool parse_rows(const char *text, uint32_t *rows)
{
    char *end;
    unsigned long value = strtoul(text, &end, 10);
    if (end == text || *end || text[0] == '-' || value < WORKLOAD_MIN_ROWS ||
        value > WORKLOAD_MAX_ROWS)
        return false;
    *rows = (uint32_t)value;
    return true;
}

int main(int argc, char **argv)
{
    const char *wasm_path = WR_BENCH_SQLITE_WASM;
    bool check_only = false;
    int arg = 1;
    if (arg + 1 < argc && strcmp(argv[arg], "--wasm") == 0) {
        wasm_path = argv[arg + 1];
        arg += 2;
    }
    if (arg < argc && strcmp(argv[arg], "--check") == 0) {
        check_only = true;
        arg++;
    }
    if (arg < argc && (strcmp(argv[arg], "--help") == 0 || strcmp(argv[arg], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    uint32_t rows = check_only ? CHECK_ROWS : BENCH_ROWS;
    if (argc - arg > 1 || (arg < argc && !parse_rows(argv[arg], &rows))) {
        usage(stderr);
        return 2;
    }
    return check_only ? check(wasm_path, rows) : bench(wasm_path, rows);
}
