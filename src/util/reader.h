/*
 * A bounds-checked cursor over untrusted bytes with the binary format's LEB128 rules.
 * Every read sets `err` (a static reason in the spec's wording) instead of running past
 * the end; callers check `r->err` once after a group of reads.
 */
#ifndef WR_UTIL_READER_H
#define WR_UTIL_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    const uint8_t *base;  /* start of the whole module, so offsets are file offsets */
    size_t pos, end;      /* current position and limit, as offsets from base */
    const char *err;      /* first failure's reason, or NULL */
    size_t err_pos;       /* where it happened */
} wr_reader;

static inline void wr_reader_fail(wr_reader *r, const char *reason)
{
    if (!r->err) {
        r->err = reason;
        r->err_pos = r->pos;
    }
    r->pos = r->end; /* later reads fail too, without touching memory */
}

static inline bool wr_reader_eof(const wr_reader *r) { return r->pos >= r->end; }
static inline size_t wr_reader_left(const wr_reader *r) { return r->end - r->pos; }

static inline uint8_t wr_read_u8(wr_reader *r)
{
    if (r->pos >= r->end) {
        wr_reader_fail(r, "unexpected end");
        return 0;
    }
    return r->base[r->pos++];
}

/* Unsigned LEB128 of at most `bits` bits (32 or 64). */
static inline uint64_t wr_read_uleb(wr_reader *r, unsigned bits)
{
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
        if (r->pos >= r->end) {
            wr_reader_fail(r, "unexpected end");
            return 0;
        }
        uint8_t b = r->base[r->pos++];
        if (shift + 7 >= bits) {
            /* Last byte allowed: no continuation, and the unused high bits must be zero. */
            unsigned used = bits - shift;
            if (b & 0x80) {
                wr_reader_fail(r, "integer representation too long");
                return 0;
            }
            if (used < 7 && (b >> used) != 0) {
                wr_reader_fail(r, "integer too large");
                return 0;
            }
            return result | ((uint64_t)b << shift);
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80))
            return result;
        shift += 7;
    }
}

/* Signed LEB128 of at most `bits` bits (32 or 64), sign-extended to 64. */
static inline int64_t wr_read_sleb(wr_reader *r, unsigned bits)
{
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
        if (r->pos >= r->end) {
            wr_reader_fail(r, "unexpected end");
            return 0;
        }
        uint8_t b = r->base[r->pos++];
        if (shift + 7 >= bits) {
            unsigned used = bits - shift; /* value bits in this byte, sign bit included */
            if (b & 0x80) {
                wr_reader_fail(r, "integer representation too long");
                return 0;
            }
            if (used < 7) {
                /* The unused bits must all equal the sign bit. */
                uint8_t rest = (uint8_t)((b & 0x7F) >> (used - 1));
                if (rest != 0 && rest != (0x7F >> (used - 1))) {
                    wr_reader_fail(r, "integer too large");
                    return 0;
                }
            }
            result |= (uint64_t)(b & 0x7F) << shift;
            shift += 7;
            if (shift < 64 && (b & 0x40))
                result |= ~(uint64_t)0 << shift;
            return (int64_t)result;
        }
        result |= (uint64_t)(b & 0x7F) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            if (shift < 64 && (b & 0x40))
                result |= ~(uint64_t)0 << shift;
            return (int64_t)result;
        }
    }
}

static inline uint32_t wr_read_u32(wr_reader *r) { return (uint32_t)wr_read_uleb(r, 32); }
static inline int32_t wr_read_s32(wr_reader *r) { return (int32_t)wr_read_sleb(r, 32); }
static inline int64_t wr_read_s64(wr_reader *r) { return wr_read_sleb(r, 64); }

/* Fixed-width little-endian values (float immediates, v128 constants). */
static inline const uint8_t *wr_read_bytes(wr_reader *r, size_t n)
{
    if (wr_reader_left(r) < n) {
        wr_reader_fail(r, "unexpected end");
        return NULL;
    }
    const uint8_t *p = r->base + r->pos;
    r->pos += n;
    return p;
}

static inline uint32_t wr_read_f32_bits(wr_reader *r)
{
    const uint8_t *p = wr_read_bytes(r, 4);
    uint32_t v = 0;
    if (p)
        memcpy(&v, p, 4); /* hosts are little-endian (checked in CMake) */
    return v;
}

static inline uint64_t wr_read_f64_bits(wr_reader *r)
{
    const uint8_t *p = wr_read_bytes(r, 8);
    uint64_t v = 0;
    if (p)
        memcpy(&v, p, 8);
    return v;
}

#endif
