/* The byte writer behind wasm_builder.h. */
#include "wasm_builder.h"

#include <stdlib.h>
#include <string.h>

/* Makes room for n more bytes; false (and b->failed) when it cannot. */
static bool reserve(wbuf *b, size_t n)
{
    if (b->failed)
        return false;
    if (n <= b->cap - b->len)
        return true;
    if (n > WBUF_MAX - b->len) {
        b->failed = true;
        return false;
    }
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n)
        cap *= 2; /* stays far below SIZE_MAX: len + n <= WBUF_MAX */
    uint8_t *data = realloc(b->data, cap);
    if (!data) {
        b->failed = true;
        return false;
    }
    b->data = data;
    b->cap = cap;
    return true;
}

void wbuf_bytes(wbuf *b, const void *bytes, size_t n)
{
    if (n && reserve(b, n)) {
        memcpy(b->data + b->len, bytes, n);
        b->len += n;
    }
}

void wbuf_byte(wbuf *b, uint8_t byte) { wbuf_bytes(b, &byte, 1); }

void wbuf_uleb(wbuf *b, uint64_t v)
{
    do {
        uint8_t byte = v & 0x7F;
        v >>= 7;
        wbuf_byte(b, (uint8_t)(byte | (v ? 0x80 : 0)));
    } while (v);
}

void wbuf_sleb(wbuf *b, int64_t v)
{
    for (;;) {
        uint8_t byte = (uint8_t)(v & 0x7F);
        v >>= 7; /* arithmetic shift: gcc and clang define it for negative values */
        bool done = (v == 0 && !(byte & 0x40)) || (v == -1 && (byte & 0x40));
        wbuf_byte(b, (uint8_t)(byte | (done ? 0 : 0x80)));
        if (done)
            return;
    }
}

void wbuf_name(wbuf *b, const char *s)
{
    size_t n = strlen(s);
    wbuf_uleb(b, n);
    wbuf_bytes(b, s, n);
}

/* The supported hosts (x86-64, arm64) are little-endian, like the binary format. */
void wbuf_f32(wbuf *b, float v) { wbuf_bytes(b, &v, sizeof v); }
void wbuf_f64(wbuf *b, double v) { wbuf_bytes(b, &v, sizeof v); }

void wbuf_header(wbuf *b)
{
    wbuf_reset(b);
    WBUF_BYTES(b, 0x00, 'a', 's', 'm', 0x01, 0x00, 0x00, 0x00);
}

void wbuf_sized(wbuf *b, const wbuf *contents)
{
    if (contents->failed)
        b->failed = true;
    wbuf_uleb(b, contents->len);
    wbuf_bytes(b, contents->data, contents->len);
}

void wbuf_section(wbuf *module, uint8_t id, const wbuf *contents)
{
    wbuf_byte(module, id);
    wbuf_sized(module, contents);
}

void wbuf_section_bytes(wbuf *module, uint8_t id, const void *bytes, size_t n)
{
    wbuf_byte(module, id);
    wbuf_uleb(module, n);
    wbuf_bytes(module, bytes, n);
}

void wbuf_reset(wbuf *b)
{
    b->len = 0;
    b->failed = false;
}

void wbuf_free(wbuf *b)
{
    free(b->data);
    *b = (wbuf){0};
}
