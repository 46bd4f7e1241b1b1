/*
 * The `name` custom section: the module's name, function names and local names, kept for
 * backtraces. Each map is one allocation holding its entries and their strings.
 */
#include <stdlib.h>
#include <string.h>

#include "decode/decoder.h"
#include "util/alloc.h"

enum { NAMES_MODULE = 0, NAMES_FUNCTIONS = 1, NAMES_LOCALS = 2 };

/* A name from the section, or NULL when malformed. */
static const uint8_t *read_name(wr_reader *r, uint32_t *len)
{
    *len = wr_read_u32(r);
    const uint8_t *p = r->err ? NULL : wr_read_bytes(r, *len);
    if (p && !wr_utf8_valid(p, *len)) {
        wr_reader_fail(r, "malformed UTF-8 encoding");
        return NULL;
    }
    return p;
}

static char *copy_name(char **strings, const uint8_t *p, uint32_t len)
{
    char *dst = *strings;
    memcpy(dst, p, len);
    dst[len] = '\0';
    *strings += (size_t)len + 1;
    return dst;
}

/* Reads a name map into assocs (when not NULL) after checking it; returns its length, or
 * -1 when malformed. Indices must be strictly increasing, which also keeps the map sorted
 * for binary search. */
static int64_t read_namemap(wr_reader *r, wr_nameassoc *assocs, char **strings)
{
    uint32_t n = wr_read_u32(r);
    if (r->err || n > wr_reader_left(r))
        return -1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t index = wr_read_u32(r);
        uint32_t len;
        const uint8_t *p = read_name(r, &len);
        if (!p)
            return -1;
        if (assocs) {
            if (i > 0 && index <= assocs[i - 1].index)
                return -1;
            assocs[i] = (wr_nameassoc){index, copy_name(strings, p, len)};
        }
    }
    return n;
}

static bool read_module_name(wr_module *m, wr_reader *r)
{
    uint32_t len;
    const uint8_t *p = read_name(r, &len);
    if (!p)
        return false;
    wr_mem_free(m->name);
    m->name = wr_mem_alloc(m->alloc, 1, (size_t)len + 1);
    if (!m->name)
        return false;
    memcpy(m->name, p, len);
    m->name[len] = '\0';
    return true;
}

/* Every string has a length byte in the subsection, so its size bounds the strings with
 * their terminators. */
static bool read_func_names(wr_module *m, wr_reader *r)
{
    size_t start = r->pos, size = wr_reader_left(r);
    uint32_t n = wr_read_u32(r);
    if (r->err || n > wr_reader_left(r))
        return false;
    r->pos = start;
    wr_mem_free(m->func_names);
    m->nfunc_names = 0;
    m->func_names = wr_mem_alloc(m->alloc, 1, (size_t)n * sizeof(wr_nameassoc) + size);
    if (!m->func_names)
        return false;
    char *strings = (char *)(m->func_names + n);
    if (read_namemap(r, m->func_names, &strings) < 0)
        return false;
    m->nfunc_names = n;
    return true;
}

static bool read_local_names(wr_module *m, wr_reader *r)
{
    size_t start = r->pos, size = wr_reader_left(r);
    /* First pass: check the map and count its entries. */
    uint32_t n = wr_read_u32(r);
    if (r->err || n > wr_reader_left(r))
        return false;
    size_t total = 0;
    for (uint32_t i = 0; i < n; i++) {
        wr_read_u32(r);
        int64_t k = read_namemap(r, NULL, NULL);
        if (k < 0)
            return false;
        total += (size_t)k;
    }
    wr_mem_free(m->local_names);
    m->nlocal_names = 0;
    m->local_names = wr_mem_alloc(m->alloc, 1,
                                  n * sizeof(wr_localnames) + total * sizeof(wr_nameassoc) + size);
    if (!m->local_names)
        return false;
    wr_nameassoc *assocs = (wr_nameassoc *)(m->local_names + n);
    char *strings = (char *)(assocs + total);
    r->pos = start;
    wr_read_u32(r);
    for (uint32_t i = 0; i < n; i++) {
        wr_localnames *ln = &m->local_names[i];
        ln->func = wr_read_u32(r);
        if (i > 0 && ln->func <= ln[-1].func)
            return false;
        ln->names = assocs;
        int64_t k = read_namemap(r, assocs, &strings);
        if (k < 0)
            return false;
        ln->count = (uint32_t)k;
        assocs += k;
    }
    m->nlocal_names = n;
    return true;
}

static void drop_names(wr_module *m)
{
    wr_mem_free(m->name);
    wr_mem_free(m->func_names);
    wr_mem_free(m->local_names);
    m->name = NULL;
    m->func_names = NULL;
    m->local_names = NULL;
    m->nfunc_names = m->nlocal_names = 0;
}

void wr_decode_name_section(wr_decoder *d, size_t pos, size_t end)
{
    wr_module *m = d->m;
    wr_reader r = {.base = d->r.base, .pos = pos, .end = end};
    int last_id = -1;
    while (!wr_reader_eof(&r)) {
        uint8_t id = wr_read_u8(&r);
        uint32_t size = wr_read_u32(&r);
        if (r.err || size > wr_reader_left(&r) || (int)id <= last_id) {
            drop_names(m);
            return;
        }
        last_id = id;
        wr_reader sub = {.base = r.base, .pos = r.pos, .end = r.pos + size};
        r.pos += size;
        bool ok = true;
        switch (id) {
        case NAMES_MODULE: ok = read_module_name(m, &sub); break;
        case NAMES_FUNCTIONS: ok = read_func_names(m, &sub); break;
        case NAMES_LOCALS: ok = read_local_names(m, &sub); break;
        default: continue; /* later extensions (labels, types, ...) are not kept */
        }
        if (!ok || !wr_reader_eof(&sub)) {
            drop_names(m);
            return;
        }
    }
}
