/*
 * wr-bench: the kernels in bench/kernels and bench/simd, run natively and in wr in the same
 * process, and decode/validate throughput.
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wr.h"

typedef struct bench_kernel {
    const char *name;
    const char *wasm;                /* relative to the bench folder */
    uint32_t (*native)(uint32_t n);
    uint32_t n;                      /* for timing: a native run takes ~0.05-0.2 s */
    uint32_t check_n;                /* for the correctness test: quick even when interpreted */
    const char *what;
} bench_kernel;

extern const bench_kernel bench_kernels[];
extern const size_t bench_kernel_count;
const bench_kernel *bench_kernel_find(const char *name);

/* CPU seconds used by the calling thread, which runs both the native and the wasm code: on a
 * busy machine this is far steadier than wall time, and on an idle one it is the same. */
double bench_cpu_seconds(void);
/* Prints the CPU model, core count and compilers. */
void bench_print_machine(void);
/* Reads a whole file into a malloc'ed buffer; NULL (with errno set) on failure. */
uint8_t *bench_read_file(const char *path, size_t *len);

/* A kernel's module, instantiated and ready to call. */
typedef struct bench_instance {
    wr_engine *engine;
    wr_module *module;
    wr_store *store;
    wr_func *run;
    double load_seconds;  /* wall time of wr_module_load (the C compiler's, when compiled) */
    size_t wasm_bytes;
} bench_instance;

/* Loads bench_dir/kernel->wasm with an engine of config (NULL: the defaults) and
 * instantiates it; on failure returns the reason (the caller frees it) and leaves nothing
 * to free. */
wr_error *bench_instance_open(bench_instance *inst, const char *bench_dir,
                              const bench_kernel *kernel, const wr_config *config);
wr_error *bench_instance_run(bench_instance *inst, uint32_t n, uint32_t *checksum);
void bench_instance_close(bench_instance *inst);

/* The subcommands; each returns the process exit status. only is one kernel, or NULL for all. */
/* config selects the tier (NULL: the interpreter); on the compiled tier the build time
 * per MB of wasm is printed too. */
int bench_run_kernels(const char *bench_dir, const bench_kernel *only, const wr_config *config);
int bench_check_kernels(const char *bench_dir);
int bench_decode(const char *wasi_tests_dir);
int bench_write_generated(const char *path, size_t min_size);

#endif
