/*
 * wr_guest.h - the guest side of wasi-reactor's tagged-argument codec, for C modules compiled
 * with clang --target=wasm32. Freestanding: needs only <stdint.h>; no libc, no allocation.
 *
 * An exported function receives the area holding its arguments and its capacity, reads the
 * arguments, writes its results over the same area and returns 0 (or a non-zero error code,
 * which the host reports as the call's failure):
 *
 *   #include "wr_guest.h"
 *
 *   WR_GUEST_EXPORT("add")
 *   int32_t add(uint8_t *area, uint32_t capacity)
 *   {
 *       wr_guest_reader in = wr_guest_reader_init(area, capacity);
 *       int32_t a, b;
 *       if (!wr_guest_read_i32(&in, &a) || !wr_guest_read_i32(&in, &b) || !wr_guest_at_end(&in))
 *           return 1;
 *       wr_guest_writer out = wr_guest_writer_init(area, capacity);
 *       wr_guest_write_i32(&out, a + b);
 *       return wr_guest_finish(&out);
 *   }
 *
 * Results overwrite the arguments: strings and arrays read from the area point into it, so
 * copy what is still needed before writing. Encoding (little-endian): tag 1 i32 and tag 2 u32
 * (4 bytes), tag 3 string (u32 length + bytes), tag 4 i32 array and tag 5 u32 array (u32 count
 * + 4-byte elements), 0xFF after the last value.
 */
#ifndef WR_GUEST_H
#define WR_GUEST_H

#include <stdint.h>

#define WR_GUEST_EXPORT(name) __attribute__((export_name(name)))

enum {
    WR_GUEST_TAG_I32 = 1,
    WR_GUEST_TAG_U32 = 2,
    WR_GUEST_TAG_STRING = 3,
    WR_GUEST_TAG_I32_ARRAY = 4,
    WR_GUEST_TAG_U32_ARRAY = 5,
    WR_GUEST_TAG_END = 0xFF
};

/* wr_guest_finish's error code when the results did not fit the area; the area's first 4
 * bytes then hold (little-endian) the bytes the results need, end marker included, so that
 * the host can say how large the area must be. */
#define WR_GUEST_OVERFLOW 0x7FFFFFFF

typedef struct wr_guest_reader {
    const uint8_t *area;
    uint32_t size, pos;
} wr_guest_reader;

typedef struct wr_guest_writer {
    uint8_t *area;
    uint32_t capacity, pos;
    int overflow;
    uint32_t need;  /* bytes every value written so far takes, fitting or not (saturates) */
} wr_guest_writer;

/* An array inside the area; its elements may be unaligned, so read them with
 * wr_guest_array_get. */
typedef struct wr_guest_array {
    const uint8_t *bytes;
    uint32_t count;
} wr_guest_array;

static inline uint32_t wr_guest_load_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void wr_guest_store_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static inline wr_guest_reader wr_guest_reader_init(const uint8_t *area, uint32_t size)
{
    wr_guest_reader r = {area, size, 0};
    return r;
}

/* The tag of the next value (WR_GUEST_TAG_END after the last), or 0 past the area. */
static inline int wr_guest_peek_tag(const wr_guest_reader *r)
{
    return r->pos < r->size ? r->area[r->pos] : 0;
}

/* True when the next byte is the end marker. */
static inline int wr_guest_at_end(const wr_guest_reader *r)
{
    return wr_guest_peek_tag(r) == WR_GUEST_TAG_END;
}

/* Read a tag and a u32 word; 0 when the tag differs or the bytes run out. */
static inline int wr_guest_read_word(wr_guest_reader *r, int tag, uint32_t *word)
{
    if (wr_guest_peek_tag(r) != tag || r->size - r->pos < 5)
        return 0;
    *word = wr_guest_load_u32(r->area + r->pos + 1);
    r->pos += 5;
    return 1;
}

static inline int wr_guest_read_i32(wr_guest_reader *r, int32_t *out)
{
    uint32_t w;
    if (!wr_guest_read_word(r, WR_GUEST_TAG_I32, &w))
        return 0;
    *out = (int32_t)w;
    return 1;
}

static inline int wr_guest_read_u32(wr_guest_reader *r, uint32_t *out)
{
    return wr_guest_read_word(r, WR_GUEST_TAG_U32, out);
}

/* The string's bytes stay in the area (not NUL-terminated). */
static inline int wr_guest_read_string(wr_guest_reader *r, const char **data, uint32_t *len)
{
    uint32_t start = r->pos, n;
    if (!wr_guest_read_word(r, WR_GUEST_TAG_STRING, &n))
        return 0;
    if (n > r->size - r->pos) {
        r->pos = start;
        return 0;
    }
    *data = (const char *)(r->area + r->pos);
    *len = n;
    r->pos += n;
    return 1;
}

static inline int wr_guest_read_array(wr_guest_reader *r, int tag, wr_guest_array *out)
{
    uint32_t start = r->pos, n;
    if (!wr_guest_read_word(r, tag, &n))
        return 0;
    if (n > (r->size - r->pos) / 4) {
        r->pos = start;
        return 0;
    }
    out->bytes = r->area + r->pos;
    out->count = n;
    r->pos += n * 4;
    return 1;
}

static inline int wr_guest_read_i32_array(wr_guest_reader *r, wr_guest_array *out)
{
    return wr_guest_read_array(r, WR_GUEST_TAG_I32_ARRAY, out);
}

static inline int wr_guest_read_u32_array(wr_guest_reader *r, wr_guest_array *out)
{
    return wr_guest_read_array(r, WR_GUEST_TAG_U32_ARRAY, out);
}

static inline uint32_t wr_guest_array_get(const wr_guest_array *a, uint32_t i)
{
    return wr_guest_load_u32(a->bytes + (uint64_t)i * 4);
}

static inline wr_guest_writer wr_guest_writer_init(uint8_t *area, uint32_t capacity)
{
    wr_guest_writer w = {area, capacity, 0, 0, 0};
    return w;
}

/* Reserve n bytes; NULL (and the writer marked overflowed) when they do not fit, keeping
 * one byte for the end marker. */
static inline uint8_t *wr_guest_reserve(wr_guest_writer *w, uint32_t n)
{
    w->need = n > UINT32_MAX - w->need ? UINT32_MAX : w->need + n;
    if (w->overflow || w->capacity == 0 || n > w->capacity - 1 - w->pos) {
        w->overflow = 1;
        return 0;
    }
    uint8_t *p = w->area + w->pos;
    w->pos += n;
    return p;
}

static inline void wr_guest_write_word(wr_guest_writer *w, int tag, uint32_t word)
{
    uint8_t *p = wr_guest_reserve(w, 5);
    if (p) {
        p[0] = (uint8_t)tag;
        wr_guest_store_u32(p + 1, word);
    }
}

static inline void wr_guest_write_i32(wr_guest_writer *w, int32_t v)
{
    wr_guest_write_word(w, WR_GUEST_TAG_I32, (uint32_t)v);
}

static inline void wr_guest_write_u32(wr_guest_writer *w, uint32_t v)
{
    wr_guest_write_word(w, WR_GUEST_TAG_U32, v);
}

/* data may point into the area only if it lies after the write position. */
static inline void wr_guest_write_string(wr_guest_writer *w, const char *data, uint32_t len)
{
    uint32_t start = w->pos;
    wr_guest_write_word(w, WR_GUEST_TAG_STRING, len);
    uint8_t *p = wr_guest_reserve(w, len);
    if (!p) {
        w->pos = start;
        return;
    }
    for (uint32_t i = 0; i < len; i++)
        p[i] = (uint8_t)data[i];
}

static inline void wr_guest_write_words(wr_guest_writer *w, int tag, const uint32_t *elems,
                                        uint32_t count)
{
    uint32_t start = w->pos;
    wr_guest_write_word(w, tag, count);
    uint8_t *p = wr_guest_reserve(w, count > UINT32_MAX / 4 ? UINT32_MAX : count * 4);
    if (!p) {
        w->overflow = 1;
        w->pos = start;
        return;
    }
    for (uint32_t i = 0; i < count; i++)
        wr_guest_store_u32(p + i * 4, elems[i]);
}

static inline void wr_guest_write_i32_array(wr_guest_writer *w, const int32_t *elems,
                                            uint32_t count)
{
    wr_guest_write_words(w, WR_GUEST_TAG_I32_ARRAY, (const uint32_t *)elems, count);
}

static inline void wr_guest_write_u32_array(wr_guest_writer *w, const uint32_t *elems,
                                            uint32_t count)
{
    wr_guest_write_words(w, WR_GUEST_TAG_U32_ARRAY, elems, count);
}

/* Write the end marker. Returns 0, or WR_GUEST_OVERFLOW when something did not fit (the area
 * then holds no results, only the size they need in its first 4 bytes when it has them).
 * Return its value from the export. */
static inline int32_t wr_guest_finish(wr_guest_writer *w)
{
    if (w->overflow || w->capacity == 0 || w->pos >= w->capacity) {
        if (w->capacity >= 4)
            wr_guest_store_u32(w->area, w->need == UINT32_MAX ? UINT32_MAX : w->need + 1);
        return WR_GUEST_OVERFLOW;
    }
    w->area[w->pos] = WR_GUEST_TAG_END;
    return 0;
}

#endif
