/* Quicksort of n pseudo-random 32-bit keys: compares, swaps and recursion. */
#include "kernel.h"

#define QSORT_MAX (1u << 22)

static uint32_t keys[QSORT_MAX];

static void insertion_sort(uint32_t *v, uint32_t len)
{
    for (uint32_t i = 1; i < len; i++) {
        uint32_t key = v[i], j = i;
        for (; j > 0 && v[j - 1] > key; j--)
            v[j] = v[j - 1];
        v[j] = key;
    }
}

static uint32_t median_of_three(uint32_t a, uint32_t b, uint32_t c)
{
    if (a > b) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    if (b > c)
        b = c;
    return a > b ? a : b;
}

/* Recurses into the smaller part and loops on the larger, so depth stays under log2(n). */
static void quicksort(uint32_t *v, uint32_t len)
{
    while (len > 16) {
        uint32_t pivot = median_of_three(v[0], v[len / 2], v[len - 1]);
        uint32_t i = 0, j = len - 1;
        for (;;) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i >= j)
                break;
            uint32_t t = v[i];
            v[i] = v[j];
            v[j] = t;
            i++;
            j--;
        }
        uint32_t left = j + 1;
        if (left < len - left) {
            quicksort(v, left);
            v += left;
            len -= left;
        } else {
            quicksort(v + left, len - left);
            len = left;
        }
    }
    insertion_sort(v, len);
}

uint32_t run(uint32_t n)
{
    if (n > QSORT_MAX)
        n = QSORT_MAX;
    uint32_t seed = 0x12345678;
    for (uint32_t i = 0; i < n; i++)
        keys[i] = kernel_rand(&seed);
    quicksort(keys, n);
    uint32_t sum = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i > 0 && keys[i - 1] > keys[i])
            return 0; /* not sorted: a checksum no correct run produces */
        sum = sum * 31u + keys[i];
    }
    return sum;
}
