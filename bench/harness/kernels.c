#include <string.h>

#include "bench.h"

uint32_t kernel_fib_run(uint32_t n);
uint32_t kernel_sieve_run(uint32_t n);
uint32_t kernel_matmul_run(uint32_t n);
uint32_t kernel_sha256_run(uint32_t n);
uint32_t kernel_qsort_run(uint32_t n);
uint32_t kernel_nbody_run(uint32_t n);
uint32_t kernel_mandel_run(uint32_t n);
uint32_t kernel_strings_run(uint32_t n);
uint32_t kernel_dot_run(uint32_t n);
uint32_t kernel_bytescan_run(uint32_t n);

const bench_kernel bench_kernels[] = {
    {"fib", "kernels/fib.wasm", kernel_fib_run, 38, 18, "recursive Fibonacci of n"},
    {"sieve", "kernels/sieve.wasm", kernel_sieve_run, 16000000, 20000,
     "sieve of Eratosthenes below n"},
    {"matmul", "kernels/matmul.wasm", kernel_matmul_run, 448, 12, "n x n f64 matrix product"},
    {"sha256", "kernels/sha256.wasm", kernel_sha256_run, 256, 1, "SHA-256 of 64 KiB, n times"},
    {"qsort", "kernels/qsort.wasm", kernel_qsort_run, 1000000, 3000,
     "quicksort of n random u32"},
    {"nbody", "kernels/nbody.wasm", kernel_nbody_run, 1000000, 500, "five bodies, n steps"},
    {"mandel", "kernels/mandel.wasm", kernel_mandel_run, 1100, 24,
     "Mandelbrot set on an n x n grid"},
    {"strings", "kernels/strings.wasm", kernel_strings_run, 8192, 8,
     "word count and replace over n KiB of text"},
    {"simd-dot", "simd/dot.wasm", kernel_dot_run, 10000, 2,
     "f32x4 dot product of 64 Ki floats, n times"},
    {"simd-bytescan", "simd/bytescan.wasm", kernel_bytescan_run, 1000, 1,
     "i8x16 byte counts over 1 MiB, n times"},
};

const size_t bench_kernel_count = sizeof bench_kernels / sizeof bench_kernels[0];

const bench_kernel *bench_kernel_find(const char *name)
{
    for (size_t i = 0; i < bench_kernel_count; i++)
        if (strcmp(bench_kernels[i].name, name) == 0)
            return &bench_kernels[i];
    return NULL;
}
