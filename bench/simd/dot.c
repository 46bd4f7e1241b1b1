/* f32 dot product of two 64 Ki-element vectors, n passes, four lanes at a time. Written with
 * the compilers' generic vector types so the one source becomes SSE natively and simd128 in
 * wasm, with the same lane order (hence the same rounding) in both. */
#include "../kernels/kernel.h"

#define DOT_LEN (64u * 1024u)

typedef float f32x4 __attribute__((vector_size(16)));

static f32x4 xs[DOT_LEN / 4];
static f32x4 ys[DOT_LEN / 4];

uint32_t run(uint32_t n)
{
    uint32_t seed = 0xD07D07;
    for (uint32_t i = 0; i < DOT_LEN / 4; i++) {
        for (int lane = 0; lane < 4; lane++) {
            xs[i][lane] = (float)(kernel_rand(&seed) % 2001) / 1000.0f - 1.0f;
            ys[i][lane] = (float)(kernel_rand(&seed) % 2001) / 1000.0f - 1.0f;
        }
    }
    uint32_t sum = 0;
    for (uint32_t pass = 0; pass < n; pass++) {
        f32x4 acc0 = {0, 0, 0, 0}, acc1 = {0, 0, 0, 0};
        for (uint32_t i = 0; i < DOT_LEN / 4; i += 2) {
            acc0 += xs[i] * ys[i];
            acc1 += xs[i + 1] * ys[i + 1];
        }
        f32x4 acc = acc0 + acc1;
        float dot = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        sum = kernel_fold_f64(sum, (double)dot);
        /* Perturb one input so no pass can reuse the previous one's result. */
        xs[pass % (DOT_LEN / 4)][pass % 4] += 0.5f;
    }
    return sum;
}
