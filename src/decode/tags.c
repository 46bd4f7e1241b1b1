/*
 * Exception tags (3.0 exception handling): the tag section and the tag index space. A tag
 * is only a type index here; that the type exists and has no results is the validator's
 * to check, as for functions.
 */
#include "decode/decoder.h"

uint32_t wr_decode_tag_type(wr_decoder *d)
{
    size_t pos = d->r.pos;
    /* The attribute: 0 (exception) is the only one defined. */
    if (wr_read_u8(&d->r) != 0 && decode_ok(d)) {
        decode_fail(d, pos, "malformed tag attribute");
        return 0;
    }
    return wr_read_u32(&d->r);
}

void wr_decode_tag_space(wr_decoder *d, uint32_t ndefined)
{
    wr_module *m = d->m;
    if ((uint64_t)m->ntag_imports + ndefined > UINT32_MAX) {
        decode_fail(d, d->r.pos, "too many definitions");
        return;
    }
    uint32_t total = m->ntag_imports + ndefined;
    m->tag_types = wr_decode_alloc(d, total, sizeof *m->tag_types);
    if (!m->tag_types)
        return;
    m->ntags = total;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->nimports; i++)
        if (m->imports[i].kind == WR_EXTERN_TAG)
            m->tag_types[k++] = m->imports[i].u.tag_type;
}

void wr_decode_tag_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (decode_ok(d))
        wr_decode_tag_space(d, n);
    for (uint32_t i = 0; i < n && decode_ok(d); i++)
        m->tag_types[m->ntag_imports + i] = wr_decode_tag_type(d);
}
