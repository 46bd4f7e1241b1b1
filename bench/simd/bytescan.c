/* Counts newlines and spaces in a 1 MiB buffer, n passes, sixteen bytes at a time with the
 * compilers' generic vector types (SSE natively, simd128 in wasm). */
#include "../kernels/kernel.h"

#define SCAN_LEN (1u << 20)

typedef uint8_t u8x16 __attribute__((vector_size(16)));

static u8x16 text[SCAN_LEN / 16];

/* Lane-wise compare gives 0xff (that is, -1) per match; subtracting it counts matches. At most
 * 255 steps fit a byte lane before the counts are widened. */
static uint32_t count_byte(uint8_t byte)
{
    u8x16 needle;
    for (int lane = 0; lane < 16; lane++)
        needle[lane] = byte;
    uint32_t total = 0;
    for (uint32_t block = 0; block < SCAN_LEN / 16; block += 255) {
        u8x16 counts = {0};
        uint32_t end = block + 255 < SCAN_LEN / 16 ? block + 255 : SCAN_LEN / 16;
        for (uint32_t i = block; i < end; i++)
            counts -= (u8x16)(text[i] == needle);
        for (int lane = 0; lane < 16; lane++)
            total += counts[lane];
    }
    return total;
}

uint32_t run(uint32_t n)
{
    uint32_t seed = 0xB17E5;
    for (uint32_t i = 0; i < SCAN_LEN / 16; i++) {
        for (int lane = 0; lane < 16; lane++) {
            uint32_t r = kernel_rand(&seed);
            text[i][lane] = r % 64 ? (uint8_t)(' ' + (r >> 8) % 95) : '\n';
        }
    }
    uint32_t sum = 0;
    for (uint32_t pass = 0; pass < n; pass++) {
        text[(pass * 7919u) % (SCAN_LEN / 16)][pass % 16] = pass & 1 ? '\n' : ' ';
        sum = sum * 31u + count_byte('\n');
        sum = sum * 31u + count_byte(' ');
    }
    return sum;
}
