/*
 * Helpers every benchmark program shares (util.c): timing, the machine description, reading
 * a file.
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CPU seconds used by the calling thread, which runs both the native and the wasm code: on a
 * busy machine this is far steadier than wall time, and on an idle one it is the same. */
double bench_cpu_seconds(void);
/* Wall-clock seconds since an arbitrary start (CLOCK_MONOTONIC): for loading a module, which
 * may wait for work done elsewhere, such as a compiler process. */
double bench_wall_seconds(void);
/* CPU seconds used by the child processes that have ended and been waited for, such as the
 * compiled tier's C compiler runs. */
double bench_children_cpu_seconds(void);
/* Prints the CPU model, core count and native compiler, and wasm_build, how the .wasm files
 * were built, unless it is NULL. */
void bench_print_machine(const char *wasm_build);
/* Reads a whole file into a buffer (free it with wr_mem_free); NULL (with errno set) on
 * failure. */
uint8_t *bench_read_file(const char *path, size_t *len);
/* Makes a new empty folder $TMPDIR/prefix.XXXXXX (/tmp without TMPDIR), its path in out;
 * false with errno set on failure. For the compiled tier's cache, so that a load is a whole
 * compile. */
bool bench_make_temp_dir(const char *prefix, char *out, size_t size);
/* Removes path and everything beneath it, following no symlink; false with errno set when
 * something could not be removed. */
bool bench_remove_tree(const char *path);

#endif
