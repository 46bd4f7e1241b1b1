/*
 * The shape every benchmark kernel shares: one C file, no library calls, one entry point
 *     uint32_t run(uint32_t n)
 * that does work proportional to n and returns a checksum of everything it computed.
 *
 * The same file is built twice. bench/build-wasm.sh compiles it to a module exporting "run";
 * bench/CMakeLists.txt compiles it into the native harness, where all kernels share one
 * program, so there it defines run to a per-kernel name (e.g. -Drun=kernel_fib_run).
 * Kernels keep their data in static arrays and rebuild it on every call, so repeated calls
 * do the same work and give the same checksum.
 */
#ifndef BENCH_KERNEL_H
#define BENCH_KERNEL_H

#include <stddef.h>
#include <stdint.h>

uint32_t run(uint32_t n);

/* Deterministic input data: xorshift32, the same sequence natively and in wasm. */
static inline uint32_t kernel_rand(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Folds a double into a checksum by its bit pattern, so native and wasm must agree exactly. */
static inline uint32_t kernel_fold_f64(uint32_t sum, double d)
{
    union {
        double d;
        uint64_t u;
    } bits = {d};
    return (sum * 31u) ^ (uint32_t)bits.u ^ (uint32_t)(bits.u >> 32);
}

#endif
