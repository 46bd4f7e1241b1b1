/* The binary format's small building blocks: counts, names, types, limits. */
#include <stdlib.h>

#include "decode/decoder.h"
#include "decode/ops.h"

void *wr_decode_alloc(wr_decoder *d, size_t n, size_t item_size)
{
    void *p = calloc(n ? n : 1, item_size ? item_size : 1);
    if (!p)
        decode_stop(d, WR_ERR_NOMEM, d->r.pos, "out of memory");
    return p;
}

/* The format measures a length against the bytes left from where the length itself
 * starts; longer is "length out of bounds", anything shorter fails when read. */
static bool length_in_file(wr_decoder *d, size_t start, uint64_t n)
{
    if (n > d->r.end - start) {
        decode_fail(d, start, "length out of bounds");
        return false;
    }
    return true;
}

uint32_t wr_decode_count(wr_decoder *d)
{
    size_t start = d->r.pos;
    uint32_t n = wr_read_u32(&d->r);
    if (!decode_ok(d) || !length_in_file(d, start, n))
        return 0;
    /* Every item takes at least one byte of this section. */
    size_t left = d->section_end > d->r.pos ? d->section_end - d->r.pos : 0;
    if (n > left) {
        decode_fail(d, start, "unexpected end of section or function");
        return 0;
    }
    return n;
}

const uint8_t *wr_decode_bytes(wr_decoder *d, uint32_t *len)
{
    size_t start = d->r.pos;
    uint32_t n = wr_read_u32(&d->r);
    *len = 0;
    if (!decode_ok(d) || !length_in_file(d, start, n))
        return NULL;
    const uint8_t *p = wr_read_bytes(&d->r, n);
    if (p)
        *len = n;
    return p;
}

const uint8_t *wr_decode_name(wr_decoder *d, uint32_t *len)
{
    size_t start = d->r.pos;
    const uint8_t *p = wr_decode_bytes(d, len);
    if (p && !wr_utf8_valid(p, *len)) {
        decode_fail(d, start, "malformed UTF-8 encoding");
        return NULL;
    }
    return p;
}

uint8_t wr_decode_type_byte(wr_decoder *d)
{
    size_t pos = d->r.pos;
    uint8_t t = wr_read_u8(&d->r);
    /* Types are one-byte signed LEB128 numbers, so a continuation bit makes them too long. */
    if (t & 0x80) {
        decode_fail(d, pos, "integer representation too long");
        return 0;
    }
    return t;
}

uint8_t wr_decode_valtype(wr_decoder *d)
{
    size_t pos = d->r.pos;
    uint8_t t = wr_decode_type_byte(d);
    if (wr_is_valtype(t))
        return t;
    if (decode_ok(d))
        decode_fail(d, pos, "malformed value type");
    return 0;
}

uint8_t wr_decode_reftype(wr_decoder *d)
{
    size_t pos = d->r.pos;
    uint8_t t = wr_decode_type_byte(d);
    if (t == WR_FUNCREF || t == WR_EXTERNREF || t == WR_EXNREF)
        return t;
    if (decode_ok(d))
        decode_fail(d, pos, "malformed reference type");
    return 0;
}

void wr_decode_limits(wr_decoder *d, wr_limits *limits)
{
    /* The flag is a one-bit LEB128 number, so 0x02 is "integer too large" and 0x81 0x00
     * "integer representation too long". */
    bool has_max = wr_read_uleb(&d->r, 1) != 0;
    limits->min = wr_read_u32(&d->r);
    limits->max = has_max ? wr_read_u32(&d->r) : 0;
    limits->has_max = has_max;
}

void wr_decode_memtype(wr_decoder *d, wr_memtype *type)
{
    /* The testsuite's wording comes first; the rest says what the flag asked for. */
    uint8_t flags = wr_reader_left(&d->r) ? d->r.base[d->r.pos] : 0;
    if (flags >= 0x02 && flags <= 0x07) {
        decode_fail(d, d->r.pos, flags & 0x04 ? "integer too large: a 64-bit memory (memory64 is "
                                                "not supported)"
                                              : "integer too large: a shared memory (threads are "
                                                "not supported)");
        return;
    }
    wr_decode_limits(d, &type->limits);
}

void wr_decode_tabletype(wr_decoder *d, wr_tabletype *type)
{
    type->elem = (wr_valtype)wr_decode_reftype(d);
    wr_decode_limits(d, &type->limits);
}

void wr_decode_globaltype(wr_decoder *d, wr_globaltype *type)
{
    type->type = (wr_valtype)wr_decode_valtype(d);
    size_t pos = d->r.pos;
    uint8_t mut = wr_read_u8(&d->r);
    if (mut > 1 && decode_ok(d))
        decode_fail(d, pos, "malformed mutability");
    type->is_mutable = mut == 1;
}
