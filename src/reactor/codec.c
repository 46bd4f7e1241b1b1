/* The tagged-value encoding of arguments and results in guest memory. */
#include "reactor/internal.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/utf8.h"

enum { TAG_END = 0xFF };

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Bytes a value takes after its tag, or SIZE_MAX for a bad tag. */
static size_t payload_size(const wr_tagged *v)
{
    switch (v->tag) {
    case WR_TAG_I32:
    case WR_TAG_U32: return 4;
    case WR_TAG_STRING: return 4 + (size_t)v->of.str.len;
    case WR_TAG_I32_ARRAY: return 4 + (size_t)v->of.i32s.count * 4;
    case WR_TAG_U32_ARRAY: return 4 + (size_t)v->of.u32s.count * 4;
    }
    return SIZE_MAX;
}

wr_error *wr_codec_encode(const wr_allocator *a, const wr_tagged *args, size_t nargs,
                          uint8_t **out, size_t *out_len)
{
    /* Guest memory is 32-bit: anything beyond 4 GiB could never be placed. */
    const uint64_t limit = UINT32_MAX;
    uint64_t total = 1;
    for (size_t i = 0; i < nargs; i++) {
        size_t n = payload_size(&args[i]);
        if (n == SIZE_MAX)
            return wr_error_new(WR_ERR_ARG, "tagged argument %zu has unknown tag %d", i,
                                (int)args[i].tag);
        if (args[i].tag == WR_TAG_STRING &&
            !wr_utf8_valid((const uint8_t *)args[i].of.str.data, args[i].of.str.len))
            return wr_error_new(WR_ERR_ARG, "tagged argument %zu is not valid UTF-8", i);
        total += 1 + (uint64_t)n;
        if (total > limit)
            return wr_error_new(WR_ERR_ARG, "tagged arguments exceed 4 GiB");
    }
    uint8_t *buf = wr_mem_alloc(a, (size_t)total, 1);
    if (!buf)
        return wr_error_nomem();
    uint8_t *p = buf;
    for (size_t i = 0; i < nargs; i++) {
        const wr_tagged *v = &args[i];
        *p++ = (uint8_t)v->tag;
        switch (v->tag) {
        case WR_TAG_I32: put_u32(p, (uint32_t)v->of.i32); p += 4; break;
        case WR_TAG_U32: put_u32(p, v->of.u32); p += 4; break;
        case WR_TAG_STRING:
            put_u32(p, v->of.str.len);
            if (v->of.str.len)
                memcpy(p + 4, v->of.str.data, v->of.str.len);
            p += 4 + v->of.str.len;
            break;
        case WR_TAG_I32_ARRAY:
            put_u32(p, v->of.i32s.count);
            p += 4;
            for (uint32_t k = 0; k < v->of.i32s.count; k++, p += 4)
                put_u32(p, (uint32_t)v->of.i32s.data[k]);
            break;
        case WR_TAG_U32_ARRAY:
            put_u32(p, v->of.u32s.count);
            p += 4;
            for (uint32_t k = 0; k < v->of.u32s.count; k++, p += 4)
                put_u32(p, v->of.u32s.data[k]);
            break;
        }
    }
    *p = TAG_END;
    *out = buf;
    *out_len = (size_t)total;
    return NULL;
}

static size_t align4(size_t n) { return (n + 3) & ~(size_t)3; }

/* One pass over the encoded results. Without `out` it only checks them and counts what the
 * decoded form needs; with it, it fills the values and their storage. */
static bool walk(const wr_allocator *a, const uint8_t *area, size_t size, size_t *nvalues,
                 size_t *storage_size, wr_tagged *out, uint8_t *storage, char **msg)
{
    size_t pos = 0, count = 0, used = 0;
    for (;;) {
        if (pos >= size) {
            *msg = wr_strdup_printf(a, "codec: results end at offset %zu without the 0xFF marker",
                                    pos);
            return false;
        }
        uint8_t tag = area[pos];
        if (tag == TAG_END)
            break;
        size_t at = pos++;
        if (tag < WR_TAG_I32 || tag > WR_TAG_U32_ARRAY) {
            *msg = wr_strdup_printf(a, "codec: unknown tag 0x%02x at offset %zu", tag, at);
            return false;
        }
        if (size - pos < 4) {
            *msg = wr_strdup_printf(a, "codec: value at offset %zu is truncated", at);
            return false;
        }
        uint32_t word = get_u32(area + pos);
        pos += 4;
        size_t len = 0;
        if (tag == WR_TAG_STRING)
            len = word;
        else if (tag == WR_TAG_I32_ARRAY || tag == WR_TAG_U32_ARRAY)
            len = (size_t)word * 4;
        if (len > size - pos) {
            *msg = wr_strdup_printf(a, "codec: value at offset %zu declares %zu bytes, only "
                                       "%zu remain", at, len, size - pos);
            return false;
        }
        if (tag == WR_TAG_STRING && !wr_utf8_valid(area + pos, len)) {
            *msg = wr_strdup_printf(a, "codec: string at offset %zu is not valid UTF-8", at);
            return false;
        }
        if (out) {
            wr_tagged *v = &out[count];
            v->tag = (wr_tag)tag;
            switch (tag) {
            case WR_TAG_I32: v->of.i32 = (int32_t)word; break;
            case WR_TAG_U32: v->of.u32 = word; break;
            case WR_TAG_STRING:
                memcpy(storage + used, area + pos, len);
                storage[used + len] = 0;
                v->of.str.data = (const char *)(storage + used);
                v->of.str.len = word;
                break;
            default: {
                uint32_t *elems = (uint32_t *)(void *)(storage + used);
                for (uint32_t k = 0; k < word; k++)
                    elems[k] = get_u32(area + pos + 4 * (size_t)k);
                if (tag == WR_TAG_I32_ARRAY) {
                    v->of.i32s.data = (const int32_t *)elems;
                    v->of.i32s.count = word;
                } else {
                    v->of.u32s.data = elems;
                    v->of.u32s.count = word;
                }
            }
            }
        }
        if (tag == WR_TAG_STRING)
            used = align4(used + len + 1);
        else if (len)
            used += len;
        pos += len;
        count++;
    }
    *nvalues = count;
    *storage_size = used;
    return true;
}

bool wr_codec_decode(const wr_allocator *a, const uint8_t *area, size_t size, wr_outcome *out,
                     char **msg)
{
    size_t count, storage_size;
    if (!walk(a, area, size, &count, &storage_size, NULL, NULL, msg))
        return false;
    wr_tagged *values = count ? wr_mem_zalloc(a, count, sizeof *values) : NULL;
    /* One spare byte, so an empty array still points into the allocation (never NULL + 0). */
    uint8_t *storage = count ? wr_mem_alloc(a, storage_size + 1, 1) : NULL;
    if (count && (!values || !storage)) {
        wr_mem_free(values);
        wr_mem_free(storage);
        *msg = wr_strdup_printf(a, "codec: out of memory for %zu result bytes", storage_size);
        return false;
    }
    walk(a, area, size, &count, &storage_size, values, storage, msg);
    out->tagged = values;
    out->ntagged = count;
    out->tagged_storage = storage;
    return true;
}
