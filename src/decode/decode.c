/*
 * wr_decode: the module header, the section sequence and the checks that need the whole
 * module (function/code and data count/data agreement, index spaces, declared functions).
 */
#include <stdlib.h>
#include <string.h>

#include "decode/decoder.h"
#include "decode/opcodes.h"
#include "util/alloc.h"
#include "util/error.h"

static const char *const section_names[SEC_LAST + 1] = {
    [SEC_CUSTOM] = "custom", [SEC_TYPE] = "type", [SEC_IMPORT] = "import",
    [SEC_FUNCTION] = "function", [SEC_TABLE] = "table", [SEC_MEMORY] = "memory",
    [SEC_GLOBAL] = "global", [SEC_EXPORT] = "export", [SEC_START] = "start",
    [SEC_ELEMENT] = "element", [SEC_CODE] = "code", [SEC_DATA] = "data",
    [SEC_DATACOUNT] = "datacount", [SEC_TAG] = "tag",
};

/* Where each non-custom section must come; data count sits between element and code, tag
 * between memory and global. */
static const uint8_t section_rank[SEC_LAST + 1] = {
    [SEC_TYPE] = 1, [SEC_IMPORT] = 2, [SEC_FUNCTION] = 3, [SEC_TABLE] = 4,
    [SEC_MEMORY] = 5, [SEC_TAG] = 6, [SEC_GLOBAL] = 7, [SEC_EXPORT] = 8, [SEC_START] = 9,
    [SEC_ELEMENT] = 10, [SEC_DATACOUNT] = 11, [SEC_CODE] = 12, [SEC_DATA] = 13,
};

static void (*const section_decoders[SEC_LAST + 1])(wr_decoder *) = {
    [SEC_TYPE] = wr_decode_type_section, [SEC_IMPORT] = wr_decode_import_section,
    [SEC_FUNCTION] = wr_decode_function_section, [SEC_TABLE] = wr_decode_table_section,
    [SEC_MEMORY] = wr_decode_memory_section, [SEC_GLOBAL] = wr_decode_global_section,
    [SEC_EXPORT] = wr_decode_export_section, [SEC_START] = wr_decode_start_section,
    [SEC_ELEMENT] = wr_decode_element_section, [SEC_CODE] = wr_decode_code_section,
    [SEC_DATA] = wr_decode_data_section, [SEC_DATACOUNT] = wr_decode_datacount_section,
    [SEC_TAG] = wr_decode_tag_section,
};

/* Whether the file looks like the text format: '(' or a ";;" comment after white space. */
static bool looks_like_text(const uint8_t *bytes, size_t len)
{
    size_t i = 0;
    while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r'))
        i++;
    return i < len && (bytes[i] == '(' || (bytes[i] == ';' && i + 1 < len && bytes[i + 1] == ';'));
}

/* The testsuite's wording comes first; the rest recognises what the file is instead. */
static void decode_header(wr_decoder *d)
{
    const uint8_t *magic = wr_read_bytes(&d->r, 4);
    if (magic && memcmp(magic, "\0asm", 4) != 0) {
        decode_fail(d, 0, looks_like_text(d->r.base, d->r.end)
                              ? "magic header not detected: this is the text format; convert it "
                                "with wat2wasm"
                              : "magic header not detected");
        return;
    }
    const uint8_t *version = wr_read_bytes(&d->r, 4);
    /* A component's preamble has layer 1 in its upper half (version 0x0d, layer 0x0001). */
    if (version && memcmp(version, "\1\0\0\0", 4) != 0)
        decode_fail(d, 4, version[2] == 1 && version[3] == 0
                              ? "unknown binary version: a component-model binary; wr runs core "
                                "modules"
                              : "unknown binary version");
}

/* Keeps the section's name and place for wr_module_custom. */
static void record_custom(wr_decoder *d, const uint8_t *name, uint32_t len)
{
    wr_module *m = d->m;
    if (m->ncustoms == m->max_customs) {
        uint32_t cap = m->max_customs ? m->max_customs * 2 : 4;
        wr_mcustom *grown = cap > m->max_customs ? wr_mem_realloc(d->m->alloc, m->customs, cap,
                                                                  sizeof *grown) : NULL;
        if (!grown) {
            decode_stop(d, WR_ERR_NOMEM, d->r.pos, "out of memory");
            return;
        }
        m->customs = grown;
        m->max_customs = cap;
    }
    char *copy = wr_decode_alloc(d, (size_t)len + 1, 1);
    if (!copy)
        return;
    if (len)
        memcpy(copy, name, len);
    m->customs[m->ncustoms++] = (wr_mcustom){{copy, len}, d->r.pos, d->section_end - d->r.pos};
}

static void decode_custom_section(wr_decoder *d)
{
    uint32_t len;
    const uint8_t *name = wr_decode_name(d, &len);
    if (!decode_ok(d))
        return;
    if (d->r.pos > d->section_end) {
        decode_fail(d, d->section_end, "unexpected end of section or function");
        return;
    }
    record_custom(d, name, len);
    if (decode_ok(d) && len == 4 && memcmp(name, "name", 4) == 0)
        wr_decode_name_section(d, d->r.pos, d->section_end);
    d->r.pos = d->section_end;
}

static void decode_sections(wr_decoder *d)
{
    wr_reader *r = &d->r;
    uint8_t last_rank = 0;
    while (decode_ok(d) && !wr_reader_eof(r)) {
        size_t id_pos = r->pos;
        uint8_t id = wr_read_u8(r);
        if (id > SEC_LAST) {
            decode_fail(d, id_pos, "malformed section id");
            return;
        }
        d->section = section_names[id];
        if (id != SEC_CUSTOM) {
            /* Out of order or repeated: the module's sections have ended. */
            if (section_rank[id] <= last_rank) {
                decode_fail(d, id_pos, "unexpected content after last section");
                return;
            }
            last_rank = section_rank[id];
        }
        size_t size_pos = r->pos;
        uint32_t size = wr_read_u32(r);
        if (!decode_ok(d))
            return;
        if (size > wr_reader_left(r)) {
            decode_fail(d, size_pos, "length out of bounds");
            return;
        }
        size_t start = r->pos;
        d->section_end = start + size;
        if (id == SEC_CUSTOM)
            decode_custom_section(d);
        else
            section_decoders[id](d);
        if (!decode_ok(d))
            return;
        if (r->pos != d->section_end) {
            decode_fail(d, start, "section size mismatch");
            return;
        }
        d->section = NULL;
    }
}

/* global.get's type, once every global is known (zero when the index is unknown, which
 * the validator reports). */
static void type_global_get(const wr_module *m, wr_constexpr *e)
{
    if (e->op == OP_global_get && e->u.index < m->nglobals)
        e->type = m->globals[e->u.index].type.type;
}

static void declare(const wr_module *m, uint32_t func)
{
    if (func < m->nfuncs)
        m->declared_funcs[func / 8] |= (uint8_t)(1u << (func % 8));
}

static void declare_ref(const wr_module *m, const wr_constexpr *e)
{
    if (e->op == OP_ref_func)
        declare(m, e->u.index);
}

/* Types of global.get and the functions ref.func may name in bodies. */
static void link_expressions(wr_decoder *d)
{
    wr_module *m = d->m;
    m->declared_funcs = wr_decode_alloc(d, (size_t)m->nfuncs / 8 + 1, 1);
    if (!m->declared_funcs)
        return;
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        type_global_get(m, &m->globals[i].init);
        declare_ref(m, &m->globals[i].init);
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        wr_melem *e = &m->elems[i];
        type_global_get(m, &e->offset);
        for (uint32_t k = 0; k < e->count; k++) {
            if (e->funcs) {
                declare(m, e->funcs[k]);
            } else {
                type_global_get(m, &e->exprs[k]);
                declare_ref(m, &e->exprs[k]);
            }
        }
    }
    for (uint32_t i = 0; i < m->ndatas; i++)
        type_global_get(m, &m->datas[i].offset);
    for (uint32_t i = 0; i < m->nexports; i++) {
        if (m->exports[i].kind == WR_EXTERN_FUNC)
            declare(m, m->exports[i].index);
    }
}

static void finish(wr_decoder *d)
{
    wr_module *m = d->m;
    size_t end = d->r.end;
    if (d->nfunc_decls != d->nbodies) {
        decode_fail(d, end, "function and code section have inconsistent lengths");
        return;
    }
    if (m->has_datacount && m->datacount != m->ndatas) {
        decode_fail(d, end, "data count and data section have inconsistent lengths");
        return;
    }
    /* Index spaces whose section is absent hold only imports. */
    if (!m->funcs)
        wr_decode_index_space(d, WR_EXTERN_FUNC, 0);
    if (!m->tables && decode_ok(d))
        wr_decode_index_space(d, WR_EXTERN_TABLE, 0);
    if (!m->memories && decode_ok(d))
        wr_decode_index_space(d, WR_EXTERN_MEMORY, 0);
    if (!m->globals && decode_ok(d))
        wr_decode_index_space(d, WR_EXTERN_GLOBAL, 0);
    if (!m->tag_types && decode_ok(d))
        wr_decode_tag_space(d, 0);
    if (decode_ok(d))
        link_expressions(d);
}

static wr_error *decode_error(const wr_decoder *d)
{
    if (d->err_kind == WR_ERR_NOMEM)
        return wr_error_nomem();
    const char *reason = d->r.err;
    /* Inside a section, running out of bytes is the format's "end of section". */
    if (d->section && strcmp(reason, "unexpected end") == 0)
        reason = "unexpected end of section or function";
    return wr_error_at(d->err_kind, d->section, d->r.err_pos, "%s", reason);
}

wr_error *wr_decode(wr_engine *engine, const wr_allocator *alloc, uint8_t *bytes, size_t size,
                    wr_module **out)
{
    *out = NULL;
    /* Offsets into the module are 32-bit. */
    if (size > UINT32_MAX) {
        wr_mem_free(bytes);
        return wr_error_new(WR_ERR_LIMIT, "module larger than 4 GiB");
    }
    wr_module *m = wr_mem_zalloc(alloc, 1, sizeof *m);
    if (!m) {
        wr_mem_free(bytes);
        return wr_error_nomem();
    }
    atomic_init(&m->refs, 1);
    m->engine = engine;
    m->alloc = alloc;
    m->bytes = bytes;
    m->size = size;
    wr_decoder d = {
        .m = m,
        .r = {.base = bytes, .pos = 0, .end = size},
        .err_kind = WR_ERR_MALFORMED,
    };
    decode_header(&d);
    decode_sections(&d);
    if (decode_ok(&d))
        finish(&d);
    if (!decode_ok(&d)) {
        wr_error *e = decode_error(&d);
        wr_module_destroy(m);
        return e;
    }
    *out = m;
    return NULL;
}
