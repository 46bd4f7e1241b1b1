/* Dense n x n double matrix product C = A * B: f64 loads, multiplies and adds. */
#include "kernel.h"

#define MATMUL_MAX 512

static double a[MATMUL_MAX * MATMUL_MAX];
static double b[MATMUL_MAX * MATMUL_MAX];
static double c[MATMUL_MAX * MATMUL_MAX];

uint32_t run(uint32_t n)
{
    if (n > MATMUL_MAX)
        n = MATMUL_MAX;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++) {
            a[i * n + j] = (double)((i * 7 + j * 3) % 17) * 0.25 - 1.0;
            b[i * n + j] = (double)((i * 5 + j * 11) % 13) * 0.5 + 0.125;
            c[i * n + j] = 0.0;
        }
    }
    /* i-k-j order walks every row contiguously. */
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t k = 0; k < n; k++) {
            double aik = a[i * n + k];
            for (uint32_t j = 0; j < n; j++)
                c[i * n + j] += aik * b[k * n + j];
        }
    }
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n * n; i++)
        sum = kernel_fold_f64(sum, c[i]);
    return sum;
}
