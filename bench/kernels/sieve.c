/* Sieve of Eratosthenes over the numbers below n: byte stores and strided loops. */
#include "kernel.h"

#define SIEVE_MAX (1u << 24)

static uint8_t composite[SIEVE_MAX];

uint32_t run(uint32_t n)
{
    if (n > SIEVE_MAX)
        n = SIEVE_MAX;
    for (uint32_t i = 0; i < n; i++)
        composite[i] = 0;
    for (uint32_t i = 2; i * i < n; i++) {
        if (composite[i])
            continue;
        for (uint32_t j = i * i; j < n; j += i)
            composite[j] = 1;
    }
    uint32_t count = 0, hash = 0;
    for (uint32_t i = 2; i < n; i++) {
        if (!composite[i]) {
            count++;
            hash = hash * 33u + i;
        }
    }
    return count ^ hash;
}
