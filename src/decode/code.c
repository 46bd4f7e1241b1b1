/*
 * The code section: each body's size, local declarations and instruction range. The
 * instructions themselves are left to the validator.
 *
 * Two passes: the first finds every body and counts local declarations, the second expands
 * them into storage allocated once, right after the function array (so the array's block
 * owns it and wr_module_destroy needs no per-function frees).
 */
#include <stdlib.h>

#include "decode/decoder.h"
#include "decode/ops.h"
#include "util/alloc.h"

/* The most locals one function may declare. */
#define MAX_FUNC_LOCALS 50000u
/* Expanded local types across the module may not exceed this many bytes per byte of the
 * code section (plus a fixed allowance), so a small hostile file cannot make the decoder
 * allocate gigabytes through compact local declarations. */
#define LOCALS_PER_CODE_BYTE 64u
#define LOCALS_ALLOWANCE ((size_t)1 << 20)

/* Reads one body's size and local declarations into f (counts only). */
static void scan_body(wr_decoder *d, wr_mfunc *f)
{
    wr_reader *r = &d->r;
    size_t size_pos = r->pos;
    uint32_t size = wr_read_u32(r);
    if (!decode_ok(d))
        return;
    if (size > r->end - size_pos) {
        decode_fail(d, size_pos, "length out of bounds");
        return;
    }
    size_t body_start = r->pos;
    if (size > r->end - body_start) {
        decode_fail(d, r->end, "unexpected end of section or function");
        return;
    }
    size_t body_end = body_start + size;
    if (body_end > d->section_end) {
        decode_fail(d, size_pos, "section size mismatch");
        return;
    }
    size_t groups_pos = r->pos;
    uint32_t ngroups = wr_read_u32(r);
    if (decode_ok(d) && ngroups > body_end - r->pos) {
        decode_fail(d, groups_pos, "unexpected end of section or function");
        return;
    }
    uint32_t nlocals = 0;
    for (uint32_t g = 0; g < ngroups && decode_ok(d); g++) {
        uint32_t count = wr_read_u32(r);
        if (decode_ok(d) && count > MAX_FUNC_LOCALS - nlocals) {
            decode_fail(d, body_start, "too many locals");
            return;
        }
        nlocals += count;
        wr_decode_valtype(d);
    }
    if (!decode_ok(d))
        return;
    if (r->pos > body_end) {
        decode_fail(d, size_pos, "section size mismatch");
        return;
    }
    f->size_offset = (uint32_t)size_pos;
    f->body_offset = (uint32_t)r->pos;
    f->body_end = (uint32_t)body_end;
    f->ngroups = ngroups;
    f->nlocals = nlocals;
    r->pos = body_end;
}

/* Re-reads a scanned body's declarations into its groups and expanded types. */
static void expand_locals(wr_decoder *d, wr_mfunc *f)
{
    wr_reader r = d->r;
    r.pos = f->size_offset;
    wr_read_u32(&r);  /* body size */
    wr_read_u32(&r);  /* group count */
    uint32_t k = 0;
    for (uint32_t g = 0; g < f->ngroups; g++) {
        uint32_t count = wr_read_u32(&r);
        wr_valtype full = WR_I32;
        wr_read_valtype(&r, &full); /* read once already: cannot fail */
        uint8_t type = wr_valtype_kind(full);
        f->groups[g] = (wr_localgroup){count, type, full};
        for (uint32_t i = 0; i < count; i++)
            f->local_types[k++] = type;
    }
}

void wr_decode_code_section(wr_decoder *d)
{
    wr_module *m = d->m;
    size_t start = d->r.pos;
    uint32_t n = wr_decode_count(d);
    if (!decode_ok(d))
        return;
    d->nbodies = n;
    if (n != d->nfunc_decls) {
        /* Still read the bodies: a malformed one, or a later section, may be the error
         * to report; the counts are compared once the module has been read. */
        for (uint32_t i = 0; i < n && decode_ok(d); i++) {
            wr_mfunc unused = {0};
            scan_body(d, &unused);
        }
        return;
    }
    if (n == 0)
        return;
    wr_mfunc *defined = m->funcs + m->nfunc_imports;
    size_t ngroups = 0;
    uint64_t nlocals = 0;
    for (uint32_t i = 0; i < n && decode_ok(d); i++) {
        scan_body(d, &defined[i]);
        ngroups += defined[i].ngroups;
        nlocals += defined[i].nlocals;
    }
    if (!decode_ok(d))
        return;
    size_t code_size = d->section_end - start;
    if (nlocals > LOCALS_ALLOWANCE && nlocals / LOCALS_PER_CODE_BYTE > code_size) {
        decode_stop(d, WR_ERR_LIMIT, start, "too many locals in module");
        return;
    }
    /* Each group takes two bytes of the section, so their storage cannot overflow. */
    size_t funcs_size = (size_t)m->nfuncs * sizeof *m->funcs;
    size_t fixed = funcs_size + ngroups * sizeof(wr_localgroup);
    wr_mfunc *funcs = nlocals <= SIZE_MAX - fixed ? wr_mem_realloc(d->m->alloc, m->funcs, 1,
                                                                   fixed + (size_t)nlocals) : NULL;
    if (!funcs) {
        decode_stop(d, WR_ERR_NOMEM, start, "out of memory");
        return;
    }
    m->funcs = funcs;
    defined = funcs + m->nfunc_imports;
    wr_localgroup *groups = (wr_localgroup *)((char *)funcs + funcs_size);
    uint8_t *types = (uint8_t *)(groups + ngroups);
    for (uint32_t i = 0; i < n; i++) {
        wr_mfunc *f = &defined[i];
        f->groups = groups;
        f->local_types = types;
        groups += f->ngroups;
        types += f->nlocals;
        expand_locals(d, f);
    }
}
