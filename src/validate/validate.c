/*
 * Module-level validation: index spaces, limits, constant expressions, segments, exports
 * and the start function; function bodies are checked in code.c.
 */
#include <stdlib.h>
#include <string.h>

#include "decode/opcodes.h"
#include "util/alloc.h"
#include "util/error.h"
#include "decode/ops.h"
#include "validate/validator.h"

/* The largest memory in pages: 4 GiB for 32-bit addresses, 2^64 bytes for 64-bit ones. */
#define MAX_PAGES 65536u
#define MAX_PAGES64 (UINT64_C(1) << 48)

static wr_error *invalid(const char *section, size_t offset, const char *reason)
{
    return wr_error_at(WR_ERR_INVALID, section, offset, "%s", reason);
}

static wr_error *unknown(const char *section, size_t offset, const char *what, uint32_t index)
{
    return wr_error_at(WR_ERR_INVALID, section, offset, "unknown %s %u", what, index);
}

wr_error *wr_validate_table_limits(const wr_tabletype *t, const char *section)
{
    if (!t->is64 && (t->limits.min > UINT32_MAX || (t->limits.has_max && t->limits.max > UINT32_MAX)))
        return invalid(section, SIZE_MAX, "table size must be at most 2^32-1 elements for a "
                                          "32-bit table");
    if (t->limits.has_max && t->limits.min > t->limits.max)
        return invalid(section, SIZE_MAX, "size minimum must not be greater than maximum");
    return NULL;
}

wr_error *wr_validate_memory_limits(const wr_memtype *t, const char *section)
{
    uint64_t most = t->is64 ? MAX_PAGES64 : MAX_PAGES;
    if (t->limits.min > most || (t->limits.has_max && t->limits.max > most))
        return invalid(section, SIZE_MAX, t->is64 ? "memory size must be at most 2^48 pages "
                                                    "(2^64 bytes) for a 64-bit memory"
                                                  : "memory size must be at most 65536 pages "
                                                    "(4GiB)");
    if (t->limits.has_max && t->limits.min > t->limits.max)
        return invalid(section, SIZE_MAX, "size minimum must not be greater than maximum");
    return NULL;
}

/* The type one constant instruction produces, into *got. global.get may read the first
 * `nvisible` globals (3.0: those defined before a global's own initialiser, every global
 * for segments) when they are immutable. */
static wr_error *constant_type(const wr_module *m, const wr_constexpr *e, uint32_t nvisible,
                               const char *section, wr_valtype *got)
{
    switch (e->op) {
    case OP_i32_const: *got = WR_I32; return NULL;
    case OP_i64_const: *got = WR_I64; return NULL;
    case OP_f32_const: *got = WR_F32; return NULL;
    case OP_f64_const: *got = WR_F64; return NULL;
    case OP_prefix_fd: *got = WR_V128; return NULL;
    case OP_ref_null:
        if (!wr_valtype_known(m, e->type, m->ntypes))
            return unknown(section, e->offset, "type", wr_valtype_heap_index(e->type));
        *got = e->type;
        return NULL;
    case OP_ref_func:
        if (e->u.index >= m->nfuncs)
            return unknown(section, e->offset, "function", e->u.index);
        *got = wr_valtype_ref(m->funcs[e->u.index].type_index, false);
        return NULL;
    case OP_global_get:
        if (e->u.index >= nvisible)
            return unknown(section, e->offset, "global", e->u.index);
        if (m->globals[e->u.index].type.is_mutable)
            return invalid(section, e->offset, "constant expression required");
        *got = m->globals[e->u.index].type.type;
        return NULL;
    default:
        return invalid(section, e->offset, "constant expression required");
    }
}

/* An extended constant expression: types its instructions on a bounded stack. The decoder
 * has read every instruction once, so reading them again cannot fail. */
static wr_error *sequence_type(const wr_module *m, const wr_constexpr *e, uint32_t nvisible,
                               const char *section, wr_valtype *got)
{
    wr_reader r = {.base = m->bytes, .pos = e->offset, .end = m->size};
    wr_valtype stack[WR_CONST_MAX_DEPTH];
    unsigned depth = 0;
    for (;;) {
        size_t pos = r.pos;
        wr_imm imm;
        const wr_opinfo *info = wr_read_instruction(&r, &imm);
        if (!info)
            return invalid(section, pos, r.err);
        if (info->prefix == 0 && info->code == OP_end)
            break;
        wr_valtype t = 0;
        if (info->prefix == 0 && info->nparams == 2 && info->nresults == 1) {
            /* i32/i64 add, sub, mul: the only operators the decoder lets through */
            if (depth < 2 || stack[depth - 1] != info->result || stack[depth - 2] != info->result)
                return invalid(section, pos, "type mismatch");
            depth -= 2;
            t = (wr_valtype)info->result;
        } else {
            wr_constexpr x = {.op = (uint8_t)(info->prefix ? info->prefix : info->code),
                              .type = (wr_valtype)imm.type, .u.index = imm.index,
                              .offset = (uint32_t)pos};
            wr_error *err = constant_type(m, &x, nvisible, section, &t);
            if (err)
                return err;
        }
        if (depth == WR_CONST_MAX_DEPTH)
            return wr_error_at(WR_ERR_LIMIT, section, pos,
                               "constant expression deeper than %d values", WR_CONST_MAX_DEPTH);
        stack[depth++] = t;
    }
    if (depth != 1)
        return invalid(section, e->offset, "type mismatch");
    *got = stack[0];
    return NULL;
}

/* A constant expression must produce `want`. Under 2.0's rules it may read only
 * imported globals. */
static wr_error *check_constexpr(const wr_module *m, const wr_constexpr *e, wr_valtype want,
                                 uint32_t nvisible, const char *section)
{
    if (m->engine && wr_engine_config(m->engine)->wasm2_rules)
        nvisible = m->nglobal_imports;
    wr_valtype got = 0;
    wr_error *err = e->op == WR_CONST_SEQ ? sequence_type(m, e, nvisible, section, &got)
                                          : constant_type(m, e, nvisible, section, &got);
    if (err)
        return err;
    if (!wr_valtype_matches(m, got, m, want))
        return invalid(section, e->offset, "type mismatch");
    return NULL;
}

/* A value type's type index, if any, must name one of the first `limit` types. */
static wr_error *check_valtype(const wr_module *m, wr_valtype t, uint32_t limit,
                               const char *section)
{
    if (wr_valtype_known(m, t, limit))
        return NULL;
    return unknown(section, SIZE_MAX, "type", wr_valtype_heap_index(t));
}

/* Each type is its own recursion group: it may name itself and the types before it. */
static wr_error *check_types(const wr_module *m)
{
    wr_error *err = NULL;
    for (uint32_t i = 0; i < m->ntypes && !err; i++) {
        const wr_mfunctype *t = &m->types[i];
        for (uint32_t k = 0; k < t->nparams + t->nresults && !err; k++)
            err = check_valtype(m, t->pub.params[k], i + 1, "type");
    }
    return err;
}

/* A table without an initialiser starts null, which its element type must allow. */
static wr_error *check_table(const wr_module *m, uint32_t i)
{
    const wr_tabletype *t = &m->tables[i];
    wr_error *err = wr_validate_table_limits(t, "table");
    if (!err)
        err = check_valtype(m, t->elem, m->ntypes, "table");
    if (err)
        return err;
    const wr_constexpr *init =
        m->table_inits ? &m->table_inits[i - m->ntable_imports] : NULL;
    if (init && init->offset)
        return check_constexpr(m, init, t->elem, m->nglobal_imports, "table"); /* tables come
                                                                            before globals */
    return wr_valtype_nullable(t->elem) ? NULL : invalid("table", SIZE_MAX, "type mismatch");
}

static wr_error *check_imports(const wr_module *m)
{
    wr_error *err = NULL;
    for (uint32_t i = 0; i < m->nimports && !err; i++) {
        const wr_mimport *imp = &m->imports[i];
        switch (imp->kind) {
        case WR_EXTERN_TABLE:
            err = wr_validate_table_limits(&imp->u.table, "import");
            if (!err)
                err = check_valtype(m, imp->u.table.elem, m->ntypes, "import");
            break;
        case WR_EXTERN_GLOBAL:
            err = check_valtype(m, imp->u.global.type, m->ntypes, "import");
            break;
        case WR_EXTERN_MEMORY:
            err = wr_validate_memory_limits(&imp->u.memory, "import");
            break;
        default:
            break;
        }
    }
    return err;
}

static wr_error *check_tables_memories_globals(const wr_module *m)
{
    wr_error *err = NULL;
    for (uint32_t i = m->ntable_imports; i < m->ntables && !err; i++)
        err = check_table(m, i);
    if (!err && m->nmemories > 1 && m->engine && wr_engine_config(m->engine)->wasm2_rules)
        err = invalid("memory", SIZE_MAX, "multiple memories (3.0's multi-memory; the engine "
                                          "keeps 2.0's rules)");
    for (uint32_t i = m->nmemory_imports; i < m->nmemories && !err; i++)
        err = wr_validate_memory_limits(&m->memories[i], "memory");
    for (uint32_t i = m->nglobal_imports; i < m->nglobals && !err; i++) {
        err = check_valtype(m, m->globals[i].type.type, m->ntypes, "global");
        if (!err)
            err = check_constexpr(m, &m->globals[i].init, m->globals[i].type.type, i, "global");
    }
    return err;
}

static int compare_export_names(const void *a, const void *b)
{
    const wr_name *x = &(*(const wr_mexport *const *)a)->name;
    const wr_name *y = &(*(const wr_mexport *const *)b)->name;
    int c = memcmp(x->data, y->data, x->len < y->len ? x->len : y->len);
    if (c)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

static wr_error *check_export_names(const wr_module *m)
{
    if (m->nexports < 2)
        return NULL;
    const wr_mexport **sorted = wr_mem_alloc(m->alloc, (size_t)m->nexports, sizeof *sorted);
    if (!sorted)
        return wr_error_nomem();
    for (uint32_t i = 0; i < m->nexports; i++)
        sorted[i] = &m->exports[i];
    qsort(sorted, m->nexports, sizeof *sorted, compare_export_names);
    wr_error *err = NULL;
    for (uint32_t i = 1; i < m->nexports && !err; i++)
        if (compare_export_names(&sorted[i - 1], &sorted[i]) == 0)
            err = invalid("export", SIZE_MAX, "duplicate export name");
    wr_mem_free(sorted);
    return err;
}

/* A tag's type must exist and have no results (3.0 exception handling). */
static wr_error *check_tags(const wr_module *m)
{
    for (uint32_t i = 0; i < m->ntags; i++) {
        const char *section = i < m->ntag_imports ? "import" : "tag";
        if (m->tag_types[i] >= m->ntypes)
            return unknown(section, SIZE_MAX, "type", m->tag_types[i]);
        if (m->types[m->tag_types[i]].nresults)
            return invalid(section, SIZE_MAX, "non-empty tag result type");
    }
    return NULL;
}

static wr_error *check_exports(const wr_module *m)
{
    static const char *const kind_names[] = { "function", "table", "memory", "global", "tag" };
    for (uint32_t i = 0; i < m->nexports; i++) {
        const wr_mexport *e = &m->exports[i];
        uint32_t limit;
        switch (e->kind) {
        case WR_EXTERN_FUNC: limit = m->nfuncs; break;
        case WR_EXTERN_TABLE: limit = m->ntables; break;
        case WR_EXTERN_MEMORY: limit = m->nmemories; break;
        case WR_EXTERN_GLOBAL: limit = m->nglobals; break;
        case WR_EXTERN_TAG: limit = m->ntags; break;
        default: return wr_error_at(WR_ERR_MALFORMED, "export", SIZE_MAX, "malformed export kind");
        }
        if (e->index >= limit)
            return unknown("export", SIZE_MAX, kind_names[e->kind], e->index);
    }
    return check_export_names(m);
}

static wr_error *check_start(const wr_module *m)
{
    if (!m->has_start)
        return NULL;
    if (m->start >= m->nfuncs)
        return unknown("start", SIZE_MAX, "function", m->start);
    const wr_mfunctype *ft = wr_module_functype(m, m->start);
    if (ft->nparams || ft->nresults)
        return invalid("start", SIZE_MAX, "start function");
    return NULL;
}

static wr_error *check_elems(const wr_module *m)
{
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wr_melem *seg = &m->elems[i];
        wr_error *err = check_valtype(m, seg->type, m->ntypes, "element");
        if (err)
            return err;
        if (seg->mode == SEG_ACTIVE) {
            if (seg->table >= m->ntables)
                return unknown("element", seg->offset.offset, "table", seg->table);
            if (!wr_valtype_matches(m, seg->type, m, m->tables[seg->table].elem))
                return invalid("element", seg->offset.offset, "type mismatch");
            uint8_t index_type = m->tables[seg->table].is64 ? WR_I64 : WR_I32;
            if ((err = check_constexpr(m, &seg->offset, index_type, m->nglobals, "element")))
                return err;
        }
        for (uint32_t j = 0; j < seg->count; j++) {
            if (seg->funcs && seg->funcs[j] >= m->nfuncs)
                return unknown("element", SIZE_MAX, "function", seg->funcs[j]);
            if (seg->exprs && (err = check_constexpr(m, &seg->exprs[j], seg->type, m->nglobals,
                                                    "element")))
                return err;
        }
    }
    return NULL;
}

static wr_error *check_datas(const wr_module *m)
{
    if (m->has_datacount && m->datacount != m->ndatas)
        return wr_error_at(WR_ERR_MALFORMED, "data", SIZE_MAX,
                           "data count and data section have inconsistent lengths");
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const wr_mdata *seg = &m->datas[i];
        if (seg->mode != SEG_ACTIVE)
            continue;
        if (seg->memory >= m->nmemories)
            return unknown("data", seg->offset.offset, "memory", seg->memory);
        uint8_t index_type = m->memories[seg->memory].is64 ? WR_I64 : WR_I32;
        wr_error *err = check_constexpr(m, &seg->offset, index_type, m->nglobals, "data");
        if (err)
            return err;
    }
    return NULL;
}

/* Returns the first error, except that a malformed body anywhere outranks an invalid one
 * (decoding comes before validation in the specification), so an invalid body does not
 * stop the others from being read. */
static wr_error *check_bodies(wr_module *m)
{
    wr_validator v = { .module = m,
                       .wasm2 = m->engine && wr_engine_config(m->engine)->wasm2_rules };
    wr_error *first = NULL;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        wr_error *err = wr_validate_body(&v, &m->funcs[i]);
        if (!err)
            continue;
        if (wr_error_kind_of(err) != WR_ERR_INVALID) {
            wr_error_free(first);
            first = err;
            break;
        }
        if (first)
            wr_error_free(err);
        else
            first = err;
    }
    wr_validator_release(&v);
    return first;
}

wr_error *wr_validate(wr_module *m)
{
    /* Bodies need every function's type, so that comes first. */
    for (uint32_t i = 0; i < m->nfuncs; i++)
        if (m->funcs[i].type_index >= m->ntypes)
            return unknown(i < m->nfunc_imports ? "import" : "function", SIZE_MAX, "type",
                           m->funcs[i].type_index);

    wr_error *err = check_types(m);
    if (!err)
        err = check_imports(m);
    if (!err)
        err = check_tags(m);
    if (!err)
        err = check_tables_memories_globals(m);
    if (!err)
        err = check_exports(m);
    if (!err)
        err = check_start(m);
    if (!err)
        err = check_elems(m);
    if (!err)
        err = check_datas(m);
    if (err && wr_error_kind_of(err) != WR_ERR_INVALID)
        return err;

    /* A malformed body outranks the module-level validation errors too. */
    wr_error *body_err = check_bodies(m);
    if (body_err && (!err || wr_error_kind_of(body_err) == WR_ERR_MALFORMED)) {
        wr_error_free(err);
        return body_err;
    }
    wr_error_free(body_err);
    return err;
}
