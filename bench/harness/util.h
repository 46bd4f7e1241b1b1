/*
 * Helpers every benchmark program shares (util.c): timing, the machine description, reading
 * a file.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* CPU seconds used by the calling thread, which runs both the native and the wasm code: on a
 * busy machine this is far steadier than wall time, and on an idle one it is the same. */
double bench_cpu_seconds(void);
/* Wall-clock seconds since an arbitrary start (CLOCK_MONOTONIC): for loading a module, which
 * may wait for work done elsewhere, such as a compiler process. */
double bench_wall_seconds(void);
/* Prints the CPU model, core count and native compiler, and wasm_build, how the .wasm files
 * were built, unless it is NULL. */
void bench_print_machine(const char *wasm_build);
/* Reads a whole file into a malloc'ed buffer; NULL (with errno set) on failure. */
uint8_t *bench_read_file(const char *path, size_t *len);

#endif
