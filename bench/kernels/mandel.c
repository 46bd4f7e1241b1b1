/* Mandelbrot set membership on an n x n grid: tight f64 loops with data-dependent exits. */
#include "kernel.h"

#define MANDEL_ITERATIONS 64

uint32_t run(uint32_t n)
{
    uint32_t sum = 0;
    for (uint32_t row = 0; row < n; row++) {
        double ci = 2.0 * row / n - 1.0;
        for (uint32_t col = 0; col < n; col++) {
            double cr = 2.5 * col / n - 2.0;
            double zr = 0, zi = 0;
            uint32_t iter = 0;
            while (iter < MANDEL_ITERATIONS && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                iter++;
            }
            sum = sum * 31u + iter;
        }
    }
    return sum;
}
