/* Building module bytes by hand for the decoder tests. */
#ifndef TESTS_DECODE_BUILDER_H
#define TESTS_DECODE_BUILDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint8_t b[8192];
    size_t n;
    /* Offsets where a section ends, so tests know which prefixes are whole modules. */
    size_t ends[32];
    size_t nends;
} buf;

static inline void put(buf *b, const void *p, size_t n)
{
    if (b->n + n <= sizeof b->b) {
        memcpy(b->b + b->n, p, n);
        b->n += n;
    }
}

#define BYTES(b, ...) put((b), (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

static inline void leb(buf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        if (v)
            byte |= 0x80;
        put(b, &byte, 1);
    } while (v);
}

static inline void sleb(buf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = v & 0x7F;
        v >>= 7; /* arithmetic on the compilers we support */
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        if (!done)
            byte |= 0x80;
        put(b, &byte, 1);
        if (done)
            return;
    }
}

static inline void str(buf *b, const char *s)
{
    leb(b, strlen(s));
    put(b, s, strlen(s));
}

static inline void header(buf *b)
{
    memset(b, 0, sizeof *b);
    BYTES(b, 0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00);
    b->ends[b->nends++] = b->n;
}

static inline void section(buf *mod, uint8_t id, const buf *content)
{
    put(mod, &id, 1);
    leb(mod, content->n);
    put(mod, content->b, content->n);
    if (mod->nends < 32)
        mod->ends[mod->nends++] = mod->n;
}

static inline void clear(buf *b) { memset(b, 0, sizeof *b); }

#endif
