/* Element and data segments. */
#include "decode/decoder.h"

static void decode_elem_items(wr_decoder *d, wr_melem *e, bool expressions)
{
    e->count = wr_decode_count(d);
    if (!decode_ok(d))
        return;
    if (expressions) {
        e->exprs = wr_decode_alloc(d, e->count, sizeof *e->exprs);
        for (uint32_t i = 0; i < e->count && decode_ok(d); i++)
            wr_decode_constexpr(d, &e->exprs[i]);
    } else {
        e->funcs = wr_decode_alloc(d, e->count, sizeof *e->funcs);
        for (uint32_t i = 0; i < e->count && decode_ok(d); i++)
            e->funcs[i] = wr_read_u32(&d->r);
    }
}

/* The flags' bits: 1 = passive or declarative, 2 = explicit table index (active) or
 * declarative, 4 = expressions instead of function indices. */
static void decode_elem(wr_decoder *d, wr_melem *e)
{
    size_t pos = d->r.pos;
    uint32_t flags = wr_read_u32(&d->r);
    if (!decode_ok(d))
        return;
    if (flags > 7) {
        decode_fail(d, pos, "malformed elements segment kind");
        return;
    }
    bool expressions = flags & 4;
    if (flags & 1) {
        e->mode = flags & 2 ? SEG_DECLARATIVE : SEG_PASSIVE;
    } else {
        e->mode = SEG_ACTIVE;
        e->table = flags & 2 ? wr_read_u32(&d->r) : 0;
        wr_decode_constexpr(d, &e->offset);
    }
    /* Function indices make (ref func) elements; flags 4's expressions funcref ones. */
    wr_valtype ref_func = (wr_valtype)(WR_FUNCREF | WR_REF_NONNULL);
    if ((flags & 3) == 0) {
        e->type = expressions ? WR_FUNCREF : ref_func;
    } else if (expressions) {
        e->type = wr_decode_reftype(d);
    } else {
        pos = d->r.pos;
        if (wr_read_u8(&d->r) != 0 && decode_ok(d))
            decode_fail(d, pos, "malformed element kind");
        e->type = ref_func;
    }
    decode_elem_items(d, e, expressions);
}

void wr_decode_element_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (!decode_ok(d))
        return;
    m->elems = wr_decode_alloc(d, n, sizeof *m->elems);
    if (!m->elems)
        return;
    m->nelems = n;
    for (uint32_t i = 0; i < n && decode_ok(d); i++)
        decode_elem(d, &m->elems[i]);
}

static void decode_data(wr_decoder *d, wr_mdata *seg)
{
    size_t pos = d->r.pos;
    uint32_t flags = wr_read_u32(&d->r);
    if (!decode_ok(d))
        return;
    switch (flags) {
    case 0:
    case 2:
        seg->mode = SEG_ACTIVE;
        seg->memory = flags == 2 ? wr_read_u32(&d->r) : 0;
        wr_decode_constexpr(d, &seg->offset);
        break;
    case 1:
        seg->mode = SEG_PASSIVE;
        break;
    default:
        decode_fail(d, pos, "malformed data segment kind");
        return;
    }
    const uint8_t *bytes = wr_decode_bytes(d, &seg->size);
    if (bytes)
        seg->data_offset = (uint32_t)(bytes - d->r.base);
}

void wr_decode_data_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (!decode_ok(d))
        return;
    m->datas = wr_decode_alloc(d, n, sizeof *m->datas);
    if (!m->datas)
        return;
    m->ndatas = n;
    for (uint32_t i = 0; i < n && decode_ok(d); i++)
        decode_data(d, &m->datas[i]);
}
