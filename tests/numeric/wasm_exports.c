#include "wasm_exports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/reader.h"

typedef struct {
    uint32_t nparams, nresults;
    uint8_t params[EXPORT_MAX_PARAMS];
    uint8_t result;
} func_type;

typedef struct {
    func_type *types;
    uint32_t ntypes;
    uint32_t nimported_funcs;
    uint32_t *func_types; /* per defined function: its type index */
    uint32_t nfuncs;
    const uint8_t **bodies;
    size_t *body_lens;
} module_parts;

static void skip_limits(wr_reader *r)
{
    uint8_t flags = wr_read_u8(r);
    wr_read_u32(r);
    if (flags & 1) wr_read_u32(r);
}

static void read_types(wr_reader *r, module_parts *m)
{
    uint32_t n = wr_read_u32(r);
    if (n > wr_reader_left(r)) {
        wr_reader_fail(r, "too many types");
        return;
    }
    m->types = calloc(n ? n : 1, sizeof *m->types);
    if (!m->types) {
        wr_reader_fail(r, "out of memory");
        return;
    }
    m->ntypes = n;
    for (uint32_t i = 0; i < n && !r->err; i++) {
        func_type *t = &m->types[i];
        if (wr_read_u8(r) != 0x60) {
            wr_reader_fail(r, "not a function type");
            return;
        }
        t->nparams = wr_read_u32(r);
        for (uint32_t p = 0; p < t->nparams && !r->err; p++) {
            uint8_t type = wr_read_u8(r);
            if (p < EXPORT_MAX_PARAMS) t->params[p] = type;
        }
        t->nresults = wr_read_u32(r);
        for (uint32_t p = 0; p < t->nresults && !r->err; p++) {
            uint8_t type = wr_read_u8(r);
            if (p == 0) t->result = type;
        }
    }
}

static void read_imports(wr_reader *r, module_parts *m)
{
    uint32_t n = wr_read_u32(r);
    for (uint32_t i = 0; i < n && !r->err; i++) {
        for (int name = 0; name < 2; name++) wr_read_bytes(r, wr_read_u32(r));
        switch (wr_read_u8(r)) {
        case 0: wr_read_u32(r); m->nimported_funcs++; break;
        case 1: wr_read_u8(r); skip_limits(r); break;
        case 2: skip_limits(r); break;
        case 3: wr_read_u8(r); wr_read_u8(r); break;
        default: wr_reader_fail(r, "unknown import kind");
        }
    }
}

static void read_functions(wr_reader *r, module_parts *m)
{
    uint32_t n = wr_read_u32(r);
    if (n > wr_reader_left(r)) {
        wr_reader_fail(r, "too many functions");
        return;
    }
    m->func_types = calloc(n ? n : 1, sizeof *m->func_types);
    m->bodies = calloc(n ? n : 1, sizeof *m->bodies);
    m->body_lens = calloc(n ? n : 1, sizeof *m->body_lens);
    if (!m->func_types || !m->bodies || !m->body_lens) {
        wr_reader_fail(r, "out of memory");
        return;
    }
    m->nfuncs = n;
    for (uint32_t i = 0; i < n; i++) m->func_types[i] = wr_read_u32(r);
}

static void read_code(wr_reader *r, module_parts *m)
{
    uint32_t n = wr_read_u32(r);
    if (n != m->nfuncs) {
        wr_reader_fail(r, "code and function counts differ");
        return;
    }
    for (uint32_t i = 0; i < n && !r->err; i++) {
        uint32_t size = wr_read_u32(r);
        m->bodies[i] = wr_read_bytes(r, size);
        m->body_lens[i] = size;
    }
}

static void read_exports(wr_reader *r, const module_parts *m, wasm_exports *out)
{
    uint32_t n = wr_read_u32(r);
    if (n > wr_reader_left(r)) {
        wr_reader_fail(r, "too many exports");
        return;
    }
    out->fns = calloc(n ? n : 1, sizeof *out->fns);
    if (!out->fns) {
        wr_reader_fail(r, "out of memory");
        return;
    }
    for (uint32_t i = 0; i < n && !r->err; i++) {
        uint32_t len = wr_read_u32(r);
        const uint8_t *name = wr_read_bytes(r, len);
        uint8_t kind = wr_read_u8(r);
        uint32_t index = wr_read_u32(r);
        if (r->err || kind != 0 || index < m->nimported_funcs) continue;
        index -= m->nimported_funcs;
        if (index >= m->nfuncs || m->func_types[index] >= m->ntypes) {
            wr_reader_fail(r, "bad function index");
            return;
        }
        const func_type *t = &m->types[m->func_types[index]];
        export_fn *fn = &out->fns[out->count];
        fn->name = malloc(len + 1);
        if (!fn->name) {
            wr_reader_fail(r, "out of memory");
            return;
        }
        memcpy(fn->name, name, len);
        fn->name[len] = 0;
        fn->nparams = t->nparams;
        fn->nresults = t->nresults;
        memcpy(fn->params, t->params, sizeof fn->params);
        fn->result = t->result;
        fn->defined_index = index; /* the code section comes later */
        out->count++;
    }
}

int wasm_exports_load(const char *path, wasm_exports *out)
{
    memset(out, 0, sizeof *out);
    if (wr_read_file(&wr_default_allocator, path, SIZE_MAX, &out->bytes, &out->len) != 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        wasm_exports_free(out);
        return 0;
    }
    module_parts m = {0};
    wr_reader r = {out->bytes, 8, out->len, NULL, 0};
    if (out->len < 8 || memcmp(out->bytes, "\0asm\1\0\0\0", 8) != 0) wr_reader_fail(&r, "not wasm");
    while (!r.err && !wr_reader_eof(&r)) {
        uint8_t id = wr_read_u8(&r);
        uint32_t size = wr_read_u32(&r);
        if (r.err || size > wr_reader_left(&r)) {
            wr_reader_fail(&r, "bad section size");
            break;
        }
        wr_reader section = {out->bytes, r.pos, r.pos + size, NULL, 0};
        switch (id) {
        case 1: read_types(&section, &m); break;
        case 2: read_imports(&section, &m); break;
        case 3: read_functions(&section, &m); break;
        case 7: read_exports(&section, &m, out); break;
        case 10: read_code(&section, &m); break;
        default: break;
        }
        if (section.err) wr_reader_fail(&r, section.err);
        r.pos += size;
    }
    for (size_t i = 0; i < out->count && !r.err; i++) {
        out->fns[i].body = m.bodies[out->fns[i].defined_index];
        out->fns[i].body_len = m.body_lens[out->fns[i].defined_index];
    }
    free(m.types);
    free(m.func_types);
    free(m.bodies);
    free(m.body_lens);
    if (r.err) {
        fprintf(stderr, "%s: %s\n", path, r.err);
        wasm_exports_free(out);
        return 0;
    }
    return 1;
}

void wasm_exports_free(wasm_exports *w)
{
    for (size_t i = 0; i < w->count; i++) free(w->fns[i].name);
    free(w->fns);
    wr_mem_free(w->bytes);
    memset(w, 0, sizeof *w);
}

const export_fn *wasm_exports_find(const wasm_exports *w, const char *name)
{
    for (size_t i = 0; i < w->count; i++)
        if (!strcmp(w->fns[i].name, name)) return &w->fns[i];
    return NULL;
}
