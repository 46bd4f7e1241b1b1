#include <math.h>
#include <stdio.h>

#include "bench.h"

#define TIMED_RUNS 3
/* Once wr has spent this many seconds on one kernel it is not run again: a slow interpreter
 * should not stretch the whole bench past a few minutes. */
#define WR_REPEAT_BUDGET 20.0

static double time_native(const bench_kernel *kernel, uint32_t *checksum)
{
    double best = INFINITY;
    for (int i = 0; i < TIMED_RUNS; i++) {
        double start = bench_cpu_seconds();
        *checksum = kernel->native(kernel->n);
        double elapsed = bench_cpu_seconds() - start;
        if (elapsed < best)
            best = elapsed;
    }
    return best;
}

static wr_error *time_wr(bench_instance *inst, const bench_kernel *kernel, uint32_t *checksum,
                         double *best)
{
    double spent = 0;
    *best = INFINITY;
    for (int i = 0; i < TIMED_RUNS && spent < WR_REPEAT_BUDGET; i++) {
        double start = bench_cpu_seconds();
        wr_error *err = bench_instance_run(inst, kernel->n, checksum);
        double elapsed = bench_cpu_seconds() - start;
        if (err)
            return err;
        spent += elapsed;
        if (elapsed < *best)
            *best = elapsed;
    }
    return NULL;
}

int bench_run_kernels(const char *bench_dir, const bench_kernel *only, const wr_config *config)
{
    bool compiled = config && config->tier == WR_TIER_COMPILED;
    bench_print_machine();
    printf("CPU seconds, best of %d runs each; ratio = wr / native; %s\n\n", TIMED_RUNS,
           compiled ? "wr on the compiled tier" : "wr interpreting");
    double build_seconds = 0, build_mb = 0;
    printf("%-14s %10s %10s %10s %9s  %s\n", "kernel", "n", "native s", "wr s", "ratio",
           "checksum equal");
    int status = 0, measured = 0;
    double log_sum = 0;
    for (size_t k = 0; k < bench_kernel_count; k++) {
        const bench_kernel *kernel = &bench_kernels[k];
        if (only && kernel != only)
            continue;
        printf("%-14s %10u ", kernel->name, kernel->n);
        fflush(stdout);
        uint32_t native_sum;
        double native = time_native(kernel, &native_sum);
        printf("%10.4f ", native);
        fflush(stdout);

        bench_instance inst;
        wr_error *err = bench_instance_open(&inst, bench_dir, kernel, config);
        build_seconds += inst.load_seconds;
        build_mb += (double)inst.wasm_bytes / 1e6;
        if (err) {
            printf("%10s %9s  failed to load: %s\n", "-", "-", wr_error_message(err));
            wr_error_free(err);
            status = 1;
            continue;
        }
        uint32_t wr_sum;
        double wr_time;
        err = time_wr(&inst, kernel, &wr_sum, &wr_time);
        bench_instance_close(&inst);
        if (err) {
            printf("%10s %9s  failed: %s\n", "-", "-", wr_error_message(err));
            wr_error_free(err);
            status = 1;
            continue;
        }
        double ratio = wr_time / native;
        printf("%10.4f %8.2fx  ", wr_time, ratio);
        if (wr_sum == native_sum) {
            printf("yes\n");
        } else {
            printf("NO (native %08x, wr %08x)\n", native_sum, wr_sum);
            status = 1;
        }
        log_sum += log(ratio);
        measured++;
    }
    if (measured > 0)
        printf("\ngeometric mean of ratios: %.2fx over %d kernel%s\n", exp(log_sum / measured),
               measured, measured == 1 ? "" : "s");
    if (compiled && build_mb > 0)
        printf("compiled-tier build (C compiler included, empty cache): %.2f s for %.3f MB of "
               "wasm = %.1f s per MB\n",
               build_seconds, build_mb, build_seconds / build_mb);
    return status;
}

int bench_check_kernels(const char *bench_dir)
{
    int status = 0;
    for (size_t k = 0; k < bench_kernel_count; k++) {
        const bench_kernel *kernel = &bench_kernels[k];
        uint32_t expected = kernel->native(kernel->check_n), got = 0;
        bench_instance inst;
        wr_error *err = bench_instance_open(&inst, bench_dir, kernel, NULL);
        if (err) {
            printf("%-14s FAILED to load: %s\n", kernel->name, wr_error_message(err));
            wr_error_free(err);
            status = 1;
            continue;
        }
        err = bench_instance_run(&inst, kernel->check_n, &got);
        if (!err) /* a second call must redo the same work from scratch */
            err = bench_instance_run(&inst, kernel->check_n, &got);
        bench_instance_close(&inst);
        if (err) {
            printf("%-14s FAILED: %s\n", kernel->name, wr_error_message(err));
            wr_error_free(err);
            status = 1;
        } else if (got != expected) {
            printf("%-14s FAILED: checksum %08x, native %08x\n", kernel->name, got, expected);
            status = 1;
        } else {
            printf("%-14s ok (n=%u, checksum %08x)\n", kernel->name, kernel->check_n, got);
        }
        fflush(stdout); /* so a kernel that hangs is easy to spot */
    }
    return status;
}
