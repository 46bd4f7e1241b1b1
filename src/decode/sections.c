/*
 * The sections that declare things: types, imports, functions, tables, memories, globals,
 * exports, start and data count. Arrays are allocated once from their section's count;
 * names are copied into one block per section, right after the array that points at them.
 */
#include <stdlib.h>
#include <string.h>

#include "decode/decoder.h"
#include "decode/ops.h"

/* Allocates n items of item_size followed by extra bytes, as one block. */
static void *alloc_with_extra(wr_decoder *d, size_t n, size_t item_size, size_t extra)
{
    size_t head = n * item_size; /* n is bounded by the section size: no overflow */
    if (extra > SIZE_MAX - head) {
        decode_stop(d, WR_ERR_NOMEM, d->r.pos, "out of memory");
        return NULL;
    }
    return wr_decode_alloc(d, head + extra, 1);
}

static size_t section_left(const wr_decoder *d)
{
    return d->section_end > d->r.pos ? d->section_end - d->r.pos : 0;
}

/* A name copied, NUL-terminated, into a section's block of names. Every name has a length
 * byte in the section, so the block, sized by the section, has room for the terminators;
 * a name that runs past the section's end fails instead. */
static wr_name take_name(wr_decoder *d, size_t section_start, char *block, size_t *used)
{
    uint32_t len;
    const uint8_t *p = wr_decode_name(d, &len);
    if (!p)
        return (wr_name){"", 0};
    if (d->r.pos > d->section_end) {
        decode_fail(d, section_start, "section size mismatch");
        return (wr_name){"", 0};
    }
    char *dst = block + *used;
    memcpy(dst, p, len);
    dst[len] = '\0';
    *used += (size_t)len + 1;
    return (wr_name){dst, len};
}

void wr_decode_type_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (!decode_ok(d))
        return;
    /* Every value type takes one byte of the section, so `left` bounds their total. */
    size_t left = section_left(d);
    if (left > SIZE_MAX / (sizeof(wr_valtype) + 1)) {
        decode_stop(d, WR_ERR_NOMEM, d->r.pos, "out of memory");
        return;
    }
    m->types = alloc_with_extra(d, n, sizeof *m->types, left * (sizeof(wr_valtype) + 1));
    if (!m->types)
        return;
    m->ntypes = n;
    wr_valtype *pub_types = (wr_valtype *)(m->types + n);
    uint8_t *types = (uint8_t *)(pub_types + left);
    size_t used = 0;
    for (uint32_t i = 0; i < n && decode_ok(d); i++) {
        size_t pos = d->r.pos;
        if (wr_decode_type_byte(d) != 0x60) {
            if (decode_ok(d))
                decode_fail(d, pos, "malformed function type");
            break;
        }
        wr_mfunctype *t = &m->types[i];
        t->types = types + used;
        uint32_t counts[2];
        for (int part = 0; part < 2; part++) {
            counts[part] = wr_decode_count(d);
            for (uint32_t k = 0; k < counts[part] && decode_ok(d); k++) {
                pub_types[used] = wr_decode_valtype(d);
                types[used] = wr_valtype_kind(pub_types[used]);
                t->indexed |= wr_valtype_heap_index(pub_types[used]) != UINT32_MAX;
                used++;
            }
        }
        t->module = m;
        t->nparams = counts[0];
        t->nresults = counts[1];
        t->pub = (wr_functype){
            .nparams = t->nparams, .nresults = t->nresults,
            .params = pub_types + (t->types - types),
            .results = pub_types + (t->types - types) + t->nparams,
        };
    }
    if (decode_ok(d))
        wr_decode_type_classes(d);
}

void wr_decode_import_section(wr_decoder *d)
{
    wr_module *m = d->m;
    size_t section_start = d->r.pos;
    uint32_t n = wr_decode_count(d);
    if (!decode_ok(d))
        return;
    size_t left = section_left(d);
    char *names = NULL;
    m->imports = alloc_with_extra(d, n, sizeof *m->imports, left);
    if (!m->imports)
        return;
    names = (char *)(m->imports + n);
    m->nimports = n;
    size_t used = 0;
    for (uint32_t i = 0; i < n && decode_ok(d); i++) {
        wr_mimport *im = &m->imports[i];
        im->module = take_name(d, section_start, names, &used);
        im->name = take_name(d, section_start, names, &used);
        size_t pos = d->r.pos;
        im->kind = wr_read_u8(&d->r);
        switch (im->kind) {
        case WR_EXTERN_FUNC:
            im->u.func_type = wr_read_u32(&d->r);
            m->nfunc_imports++;
            break;
        case WR_EXTERN_TABLE:
            wr_decode_tabletype(d, &im->u.table);
            m->ntable_imports++;
            break;
        case WR_EXTERN_MEMORY:
            wr_decode_memtype(d, &im->u.memory);
            m->nmemory_imports++;
            break;
        case WR_EXTERN_GLOBAL:
            wr_decode_globaltype(d, &im->u.global);
            m->nglobal_imports++;
            break;
        case WR_EXTERN_TAG:
            im->u.tag_type = wr_decode_tag_type(d);
            m->ntag_imports++;
            break;
        default:
            if (decode_ok(d))
                decode_fail(d, pos, "malformed import kind");
            break;
        }
    }
}

void wr_decode_index_space(wr_decoder *d, uint8_t kind, uint32_t ndefined)
{
    wr_module *m = d->m;
    uint32_t nimported;
    size_t item_size;
    switch (kind) {
    case WR_EXTERN_FUNC: nimported = m->nfunc_imports, item_size = sizeof *m->funcs; break;
    case WR_EXTERN_TABLE: nimported = m->ntable_imports, item_size = sizeof *m->tables; break;
    case WR_EXTERN_MEMORY: nimported = m->nmemory_imports, item_size = sizeof *m->memories; break;
    default: nimported = m->nglobal_imports, item_size = sizeof *m->globals; break;
    }
    if ((uint64_t)nimported + ndefined > UINT32_MAX) {
        decode_fail(d, d->r.pos, "too many definitions");
        return;
    }
    uint32_t total = nimported + ndefined;
    void *space = wr_decode_alloc(d, total, item_size);
    if (!space)
        return;
    switch (kind) {
    case WR_EXTERN_FUNC: m->funcs = space, m->nfuncs = total; break;
    case WR_EXTERN_TABLE: m->tables = space, m->ntables = total; break;
    case WR_EXTERN_MEMORY: m->memories = space, m->nmemories = total; break;
    default: m->globals = space, m->nglobals = total; break;
    }
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wr_mimport *im = &m->imports[i];
        if (im->kind != kind)
            continue;
        switch (kind) {
        case WR_EXTERN_FUNC: m->funcs[k].type_index = im->u.func_type; break;
        case WR_EXTERN_TABLE: m->tables[k] = im->u.table; break;
        case WR_EXTERN_MEMORY: m->memories[k] = im->u.memory; break;
        default: m->globals[k].type = im->u.global; break;
        }
        k++;
    }
}

void wr_decode_function_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (decode_ok(d))
        wr_decode_index_space(d, WR_EXTERN_FUNC, n);
    d->nfunc_decls = n;
    for (uint32_t i = 0; i < n && decode_ok(d); i++)
        m->funcs[m->nfunc_imports + i].type_index = wr_read_u32(&d->r);
}

void wr_decode_table_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (decode_ok(d))
        wr_decode_index_space(d, WR_EXTERN_TABLE, n);
    for (uint32_t i = 0; i < n && decode_ok(d); i++) {
        /* 3.0: 0x40 0x00 opens a table with an initialiser expression after its type. */
        bool has_init = wr_reader_left(&d->r) && d->r.base[d->r.pos] == 0x40;
        if (has_init) {
            d->r.pos++;
            size_t pos = d->r.pos;
            if (wr_read_u8(&d->r) != 0 && decode_ok(d))
                decode_fail(d, pos, "malformed table");
        }
        wr_decode_tabletype(d, &m->tables[m->ntable_imports + i]);
        if (!has_init || !decode_ok(d))
            continue;
        if (!m->table_inits && !(m->table_inits = wr_decode_alloc(d, n, sizeof *m->table_inits)))
            return;
        wr_decode_constexpr(d, &m->table_inits[i]);
    }
}

void wr_decode_memory_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (decode_ok(d))
        wr_decode_index_space(d, WR_EXTERN_MEMORY, n);
    for (uint32_t i = 0; i < n && decode_ok(d); i++)
        wr_decode_memtype(d, &m->memories[m->nmemory_imports + i]);
}

void wr_decode_global_section(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = wr_decode_count(d);
    if (decode_ok(d))
        wr_decode_index_space(d, WR_EXTERN_GLOBAL, n);
    for (uint32_t i = 0; i < n && decode_ok(d); i++) {
        wr_mglobal *g = &m->globals[m->nglobal_imports + i];
        wr_decode_globaltype(d, &g->type);
        wr_decode_constexpr(d, &g->init);
    }
}

void wr_decode_export_section(wr_decoder *d)
{
    wr_module *m = d->m;
    size_t section_start = d->r.pos;
    uint32_t n = wr_decode_count(d);
    if (!decode_ok(d))
        return;
    m->exports = alloc_with_extra(d, n, sizeof *m->exports, section_left(d));
    if (!m->exports)
        return;
    m->nexports = n;
    char *names = (char *)(m->exports + n);
    size_t used = 0;
    for (uint32_t i = 0; i < n && decode_ok(d); i++) {
        wr_mexport *ex = &m->exports[i];
        ex->name = take_name(d, section_start, names, &used);
        size_t pos = d->r.pos;
        ex->kind = wr_read_u8(&d->r);
        if (ex->kind > WR_EXTERN_TAG && decode_ok(d))
            decode_fail(d, pos, "malformed export kind");
        ex->index = wr_read_u32(&d->r);
    }
}

void wr_decode_start_section(wr_decoder *d)
{
    d->m->has_start = true;
    d->m->start = wr_read_u32(&d->r);
}

void wr_decode_datacount_section(wr_decoder *d)
{
    d->m->has_datacount = true;
    d->m->datacount = wr_read_u32(&d->r);
}
