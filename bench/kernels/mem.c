/*
 * The wasm builds have no C library, yet clang turns struct copies and simple loops into
 * calls to these. Linked only into the .wasm files; the native harness uses the C library's.
 */
#include <stddef.h>

void *memset(void *dst, int c, size_t len)
{
    unsigned char *d = dst;
    while (len--)
        *d++ = (unsigned char)c;
    return dst;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t len)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (len--)
        *d++ = *s++;
    return dst;
}

void *memmove(void *dst, const void *src, size_t len)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s) {
        while (len--)
            *d++ = *s++;
    } else {
        while (len--)
            d[len] = s[len];
    }
    return dst;
}
