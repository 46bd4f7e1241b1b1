/*
 * Function bodies: reads every instruction with its immediates through decode/ops.h (the
 * reader all stages share) and type-checks it with the algorithm of the specification's
 * validation appendix (an operand stack holding types, where 0 stands for the unknown type
 * of dead code, and a stack of control frames). One pass, no allocation per instruction.
 * Types are full wr_valtypes (3.0 typed references with their subtyping, matches()), and
 * non-defaultable locals are tracked from their first set to the end of its block.
 */
#include <stdlib.h>
#include <string.h>

#include "decode/ops.h"
#include "util/alloc.h"
#include "util/error.h"
#include "validate/later_ops.h"
#include "validate/validator.h"

#define UNKNOWN 0

/* Far beyond anything a compiler emits; keeps a hostile body from making the stacks
 * (and the translator's frames) enormous. */
#define MAX_OPERANDS (1u << 20)
#define MAX_BLOCKS (1u << 20)

static bool invalid(wr_validator *v, const char *reason)
{
    v->err = wr_error_at(WR_ERR_INVALID, "code", v->op_offset, "%s", reason);
    return false;
}

static bool invalid_index(wr_validator *v, const char *what, uint32_t index)
{
    v->err = wr_error_at(WR_ERR_INVALID, "code", v->op_offset, "unknown %s %u", what, index);
    return false;
}

static bool malformed_at(wr_validator *v, size_t offset, const char *reason)
{
    v->err = wr_error_at(WR_ERR_MALFORMED, "code", offset, "%s", reason);
    return false;
}

static bool malformed(wr_validator *v, const char *reason)
{
    return malformed_at(v, v->op_offset, reason);
}

static bool mismatch(wr_validator *v) { return invalid(v, "type mismatch"); }

/* A type written in an instruction must name an existing type, if any. */
static bool known_type(wr_validator *v, wr_valtype t)
{
    if (wr_valtype_known(v->module, t, v->module->ntypes))
        return true;
    return invalid_index(v, "type", wr_valtype_heap_index(t));
}

static const char *type_name(wr_valtype t, char *buf, size_t size)
{
    return t == UNKNOWN ? "nothing" : wr_valtype_format(t, buf, size);
}

/* An operand of the wrong type, or none (`got` UNKNOWN) where one was needed. */
static bool operand_mismatch(wr_validator *v, wr_valtype want, wr_valtype got)
{
    char w[32], g[32];
    v->err = wr_error_at(WR_ERR_INVALID, "code", v->op_offset, "type mismatch: expected %s, got %s",
                         type_name(want, w, sizeof w), type_name(got, g, sizeof g));
    return false;
}

/* May an operand of type got stand where want is expected (3.0 reference subtyping)? */
static inline bool matches(const wr_validator *v, wr_valtype got, wr_valtype want)
{
    return got == want || got == UNKNOWN || wr_valtype_matches(v->module, got, v->module, want);
}

/* Turns a failed read into an error. Running off the body is reported the way the
 * reference interpreter words it for bodies and sections. */
static bool read_ok(wr_validator *v)
{
    if (!v->r.err)
        return true;
    const char *reason = v->r.err;
    if (strcmp(reason, "unexpected end") == 0)
        reason = "unexpected end of section or function";
    return malformed_at(v, v->r.err_pos, reason);
}

/* ------------------------------------------------------------------ operand stack */

static bool reserve_vals(wr_validator *v, uint32_t extra)
{
    if (extra > MAX_OPERANDS - v->nvals) {
        v->err = wr_error_at(WR_ERR_LIMIT, "code", v->op_offset, "operand stack too deep");
        return false;
    }
    uint32_t need = v->nvals + extra;
    if (need > v->vals_cap) {
        uint32_t cap = v->vals_cap ? v->vals_cap : 64;
        while (cap < need)
            cap *= 2;
        wr_valtype *grown = wr_mem_realloc(v->module->alloc, v->vals, cap, sizeof *grown);
        if (!grown) {
            v->err = wr_error_nomem();
            return false;
        }
        v->vals = grown;
        v->vals_cap = cap;
    }
    return true;
}

static void note_height(wr_validator *v)
{
    if (v->nvals > v->max_vals)
        v->max_vals = v->nvals;
}

static inline bool push(wr_validator *v, wr_valtype t)
{
    if (v->nvals == v->vals_cap && !reserve_vals(v, 1))
        return false;
    v->vals[v->nvals++] = t;
    note_height(v);
    return true;
}

static bool push_types(wr_validator *v, const wr_valtype *types, uint32_t n)
{
    if (!reserve_vals(v, n))
        return false;
    if (n)
        memcpy(v->vals + v->nvals, types, (size_t)n * sizeof *types);
    v->nvals += n;
    note_height(v);
    return true;
}

static inline wr_ctrl_frame *top(wr_validator *v) { return &v->ctrls[v->nctrls - 1]; }

/* A frame's result types; valid until the next frame is pushed. */
static inline const wr_valtype *results_of(const wr_ctrl_frame *f)
{
    return f->results ? f->results : &f->one;
}

static bool pop_any(wr_validator *v, wr_valtype *out)
{
    const wr_ctrl_frame *f = top(v);
    if (v->nvals == f->height) {
        *out = UNKNOWN;
        return f->unreachable || mismatch(v);
    }
    *out = v->vals[--v->nvals];
    return true;
}

static inline bool pop(wr_validator *v, wr_valtype want)
{
    const wr_ctrl_frame *f = top(v);
    if (v->nvals == f->height)
        return f->unreachable || operand_mismatch(v, want, UNKNOWN);
    wr_valtype got = v->vals[v->nvals - 1];
    if (!matches(v, got, want))
        return operand_mismatch(v, want, got);
    v->nvals--;
    return true;
}

static bool pop_types(wr_validator *v, const wr_valtype *types, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;)
        if (!pop(v, types[i]))
            return false;
    return true;
}

/* Checks that the top of the stack could be popped as `types` without popping it: what
 * br_table needs for each target, since the values stay for the next one. */
static bool peek_types(wr_validator *v, const wr_valtype *types, uint32_t n)
{
    const wr_ctrl_frame *f = top(v);
    uint32_t available = v->nvals - f->height;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t depth = n - i; /* 1 is the top of the stack */
        if (depth > available) {
            if (!f->unreachable)
                return operand_mismatch(v, types[i], UNKNOWN);
            continue;
        }
        wr_valtype got = v->vals[v->nvals - depth];
        if (!matches(v, got, types[i]))
            return operand_mismatch(v, types[i], got);
    }
    return true;
}

static void set_unreachable(wr_validator *v)
{
    wr_ctrl_frame *f = top(v);
    v->nvals = f->height;
    f->unreachable = true;
}

/* ------------------------------------------------------------------ control stack */

static bool push_ctrl(wr_validator *v, uint8_t kind, const wr_valtype *params, uint32_t nparams,
                      const wr_valtype *results, uint32_t nresults, wr_valtype one)
{
    if (v->nctrls == v->ctrls_cap) {
        if (v->nctrls >= MAX_BLOCKS) {
            v->err = wr_error_at(WR_ERR_LIMIT, "code", v->op_offset, "blocks nested too deeply");
            return false;
        }
        uint32_t cap = v->ctrls_cap ? v->ctrls_cap * 2 : 16;
        wr_ctrl_frame *grown = wr_mem_realloc(v->module->alloc, v->ctrls, (size_t)cap,
                                              sizeof *grown);
        if (!grown) {
            v->err = wr_error_nomem();
            return false;
        }
        v->ctrls = grown;
        v->ctrls_cap = cap;
    }
    v->ctrls[v->nctrls++] = (wr_ctrl_frame){
        .params = params, .results = results, .nparams = nparams, .nresults = nresults,
        .height = v->nvals, .inits = v->ninits, .kind = kind, .one = one,
    };
    if (v->nctrls > v->max_ctrls)
        v->max_ctrls = v->nctrls;
    return push_types(v, params, nparams);
}

/* Closes the innermost frame: its results must be exactly what is left on the stack.
 * Locals first set inside it are unset again. */
static bool pop_ctrl(wr_validator *v, wr_ctrl_frame *out)
{
    const wr_ctrl_frame *f = top(v);
    if (!pop_types(v, results_of(f), f->nresults))
        return false;
    if (v->nvals != f->height)
        return invalid(v, "type mismatch: values left over at the end of the block");
    while (v->ninits > f->inits)
        v->set[v->inits[--v->ninits]] = 0;
    *out = *f;
    v->nctrls--;
    return true;
}

/* The types a branch to `depth` carries, or false when there is no such label. */
static bool label(wr_validator *v, uint32_t depth, const wr_valtype **types, uint32_t *n)
{
    if (depth >= v->nctrls)
        return invalid_index(v, "label", depth);
    const wr_ctrl_frame *f = &v->ctrls[v->nctrls - 1 - depth];
    if (f->kind == CTRL_LOOP) {
        *types = f->params;
        *n = f->nparams;
    } else {
        *types = results_of(f);
        *n = f->nresults;
    }
    return true;
}

/* A block type as the reader gave it, as parameter and result sequences. */
static bool block_types(wr_validator *v, const wr_imm *imm, const wr_valtype **params,
                        uint32_t *nparams, const wr_valtype **results, uint32_t *nresults,
                        wr_valtype *one)
{
    *params = NULL;
    *nparams = 0;
    *results = NULL;
    *nresults = 0;
    if (imm->type == WR_BLOCK_EMPTY)
        return true;
    if (imm->type != WR_BLOCK_INDEXED) {
        /* The frame keeps the one type itself (results NULL: see results_of). */
        *one = (wr_valtype)imm->type;
        *nresults = 1;
        return known_type(v, *one);
    }
    if (imm->index >= v->module->ntypes)
        return invalid_index(v, "type", imm->index);
    const wr_mfunctype *ft = &v->module->types[imm->index];
    *params = ft->pub.params;
    *nparams = ft->nparams;
    *results = ft->pub.results;
    *nresults = ft->nresults;
    return true;
}

/* ------------------------------------------------------------------ instructions */

static inline bool apply_sig(wr_validator *v, const wr_opinfo *sig)
{
    /* The common case first: the operands are there and have exactly the right types. */
    uint32_t n = sig->nparams;
    bool exact = v->nvals - top(v)->height >= n;
    for (uint32_t i = 0; exact && i < n; i++)
        exact = v->vals[v->nvals - n + i] == sig->params[i];
    if (exact)
        v->nvals -= n;
    else
        for (uint32_t i = n; i-- > 0;)
            if (!pop(v, (wr_valtype)sig->params[i]))
                return false;
    return sig->nresults == 0 || push(v, (wr_valtype)sig->result);
}

static bool need_memory(wr_validator *v, uint32_t index)
{
    return index < v->module->nmemories || invalid_index(v, "memory", index);
}

/* The type of a memory's or table's addresses: i64 for a 64-bit one (memory64, table64). */
static uint8_t memory_at(const wr_validator *v, uint32_t index)
{
    return v->module->memories[index].is64 ? WR_I64 : WR_I32;
}
static uint8_t table_at(const wr_tabletype *table) { return table->is64 ? WR_I64 : WR_I32; }

/* 2.0 had a single zero byte where 3.0 has memory indices (n of them). */
static bool check_zero_bytes(wr_validator *v, const wr_imm *imm, int n)
{
    for (int i = 0; i < n; i++)
        if (imm->bytes[i] != 0)
            return malformed_at(v, (size_t)(imm->bytes + i - v->r.base), "zero byte expected");
    return true;
}

static bool check_memarg(wr_validator *v, const wr_opinfo *sig, const wr_imm *imm)
{
    if (v->wasm2 && (imm->align >= 32 || imm->memory_given))
        return malformed(v, "malformed memop flags");
    if (!need_memory(v, imm->memory))
        return false;
    if (imm->offset > UINT32_MAX && !v->module->memories[imm->memory].is64)
        return v->wasm2 ? malformed(v, "integer too large") : invalid(v, "offset out of range");
    return imm->align <= sig->align || invalid(v, "alignment must not be larger than natural");
}

static bool check_lane(wr_validator *v, const wr_opinfo *sig, uint32_t lane)
{
    return lane < sig->lanes || invalid(v, "invalid lane index");
}

/* The checks on the immediates of an op with a fixed signature that need the module. */
static inline bool check_fixed_imm(wr_validator *v, const wr_opinfo *sig, const wr_imm *imm)
{
    switch ((wr_immkind)sig->imm) {
    case WR_IMM_MEMARG:
        return check_memarg(v, sig, imm);
    case WR_IMM_LANE:
        return check_lane(v, sig, imm->lane);
    case WR_IMM_MEMARG_LANE:
        return check_memarg(v, sig, imm) && check_lane(v, sig, imm->lane);
    case WR_IMM_SHUFFLE:
        for (int i = 0; i < 16; i++)
            if (imm->bytes[i] >= 32)
                return invalid(v, "invalid lane index");
        return true;
    default:
        return true;
    }
}

/* The reader found no such opcode: one of a later proposal is named. */
static bool illegal_opcode(wr_validator *v)
{
    const char *reason = wr_later_op_reason(v->r.base + v->op_offset, v->r.end - v->op_offset);
    return malformed_at(v, v->r.err_pos, reason ? reason : "illegal opcode");
}

/* A memory access to a 64-bit memory: its address (the first operand) is an i64. */
static bool apply_sig64(wr_validator *v, const wr_opinfo *sig)
{
    wr_opinfo sig64 = *sig;
    sig64.params[0] = WR_I64;
    return apply_sig(v, &sig64);
}

static inline bool fixed_op(wr_validator *v, const wr_opinfo *sig, const wr_imm *imm)
{
    /* Most numeric ops have no immediate: skip the second dispatch for them. */
    if (sig->imm == WR_IMM_NONE)
        return apply_sig(v, sig);
    if (!check_fixed_imm(v, sig, imm))
        return false;
    if ((sig->imm == WR_IMM_MEMARG || sig->imm == WR_IMM_MEMARG_LANE) &&
        v->module->memories[imm->memory].is64)
        return apply_sig64(v, sig);
    return apply_sig(v, sig);
}

static bool op_ref_func(wr_validator *v, uint32_t index)
{
    const wr_module *m = v->module;
    if (index >= m->nfuncs)
        return invalid_index(v, "function", index);
    if (!(m->declared_funcs && (m->declared_funcs[index / 8] >> (index % 8) & 1)))
        return invalid(v, "undeclared function reference");
    return push(v, wr_valtype_ref(m->funcs[index].type_index, false));
}

static bool pop_i32s(wr_validator *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!pop(v, WR_I32))
            return false;
    return true;
}

/* A data index is checked against the data count section, which must exist so a single
 * pass can check it; a segment that would not exist anyway is reported as unknown first. */
static bool check_data_index(wr_validator *v, uint32_t index)
{
    const wr_module *m = v->module;
    if (index >= (m->has_datacount ? m->datacount : m->ndatas))
        return invalid_index(v, "data segment", index);
    return m->has_datacount || malformed(v, "data count section required");
}

static bool check_elem(wr_validator *v, uint32_t index, const wr_melem **out)
{
    if (index >= v->module->nelems)
        return invalid_index(v, "elem segment", index);
    *out = &v->module->elems[index];
    return true;
}

static bool check_table(wr_validator *v, uint32_t index, const wr_tabletype **out)
{
    if (index >= v->module->ntables)
        return invalid_index(v, "table", index);
    *out = &v->module->tables[index];
    return true;
}

static bool op_fc(wr_validator *v, const wr_opinfo *info, const wr_imm *imm)
{
    const wr_tabletype *table, *src;
    const wr_melem *elem;
    switch (info->code) {
    case OPFC_memory_init:
        if (v->wasm2 && !check_zero_bytes(v, imm, 1))
            return false;
        return need_memory(v, imm->memory) && check_data_index(v, imm->index) &&
               pop_i32s(v, 2) && pop(v, memory_at(v, imm->memory));
    case OPFC_data_drop:
        return check_data_index(v, imm->index);
    case OPFC_memory_copy:
        if (v->wasm2 && !check_zero_bytes(v, imm, 2))
            return false;
        if (!need_memory(v, imm->memory) || !need_memory(v, imm->index2))
            return false;
        /* The length is an i64 only when both memories are 64-bit. */
        return pop(v, memory_at(v, imm->memory) == WR_I64 ? memory_at(v, imm->index2) : WR_I32) &&
               pop(v, memory_at(v, imm->index2)) && pop(v, memory_at(v, imm->memory));
    case OPFC_memory_fill:
        if (v->wasm2 && !check_zero_bytes(v, imm, 1))
            return false;
        return need_memory(v, imm->memory) && pop(v, memory_at(v, imm->memory)) &&
               pop(v, WR_I32) && pop(v, memory_at(v, imm->memory));
    case OPFC_table_init:
        if (!check_table(v, imm->index2, &table) || !check_elem(v, imm->index, &elem))
            return false;
        if (!matches(v, elem->type, table->elem))
            return mismatch(v);
        return pop_i32s(v, 2) && pop(v, table_at(table));
    case OPFC_elem_drop:
        return check_elem(v, imm->index, &elem);
    case OPFC_table_copy:
        if (!check_table(v, imm->index, &table) || !check_table(v, imm->index2, &src))
            return false;
        if (!matches(v, src->elem, table->elem))
            return mismatch(v);
        return pop(v, table->is64 && src->is64 ? WR_I64 : WR_I32) && pop(v, table_at(src)) &&
               pop(v, table_at(table));
    case OPFC_table_grow:
        return check_table(v, imm->index, &table) && pop(v, table_at(table)) &&
               pop(v, table->elem) && push(v, table_at(table));
    case OPFC_table_size:
        return check_table(v, imm->index, &table) && push(v, table_at(table));
    case OPFC_table_fill:
        return check_table(v, imm->index, &table) && pop(v, table_at(table)) &&
               pop(v, table->elem) && pop(v, table_at(table));
    default:
        return wr_opinfo_fixed(info) ? fixed_op(v, info, imm) : malformed(v, "illegal opcode");
    }
}

static bool op_block(wr_validator *v, uint8_t kind, const wr_imm *imm)
{
    const wr_valtype *params, *results;
    uint32_t nparams, nresults;
    wr_valtype one = UNKNOWN;
    if (!block_types(v, imm, &params, &nparams, &results, &nresults, &one))
        return false;
    if (kind == CTRL_IF && !pop(v, WR_I32))
        return false;
    return pop_types(v, params, nparams) &&
           push_ctrl(v, kind, params, nparams, results, nresults, one);
}

static bool op_else(wr_validator *v)
{
    wr_ctrl_frame f;
    if (top(v)->kind != CTRL_IF)
        return malformed(v, "END opcode expected");
    if (!pop_ctrl(v, &f))
        return false;
    return push_ctrl(v, CTRL_ELSE, f.params, f.nparams, f.results, f.nresults, f.one);
}

static bool op_end(wr_validator *v)
{
    wr_ctrl_frame f;
    if (!pop_ctrl(v, &f))
        return false;
    const wr_valtype *results = results_of(&f);
    /* An if without else has an empty else branch, which passes params through. */
    if (f.kind == CTRL_IF) {
        if (f.nparams != f.nresults)
            return mismatch(v);
        for (uint32_t i = 0; i < f.nparams; i++)
            if (!matches(v, f.params[i], results[i]))
                return mismatch(v);
    }
    if (v->nctrls == 0)
        return true;
    return push_types(v, results, f.nresults);
}

static bool op_br_table(wr_validator *v, const wr_imm *imm)
{
    if (!pop(v, WR_I32))
        return false;
    /* The default label comes last but fixes the arity. */
    const wr_valtype *dtypes;
    uint32_t dn;
    if (!label(v, imm->index, &dtypes, &dn))
        return false;
    wr_reader labels = {.base = v->r.base, .pos = imm->labels, .end = v->r.pos};
    for (uint32_t i = 0; i < imm->count; i++) {
        const wr_valtype *types;
        uint32_t n;
        if (!label(v, wr_read_u32(&labels), &types, &n))
            return false;
        if (n != dn)
            return mismatch(v);
        if (!peek_types(v, types, n))
            return false;
    }
    if (!pop_types(v, dtypes, dn))
        return false;
    set_unreachable(v);
    return true;
}

static bool op_call_indirect(wr_validator *v, const wr_imm *imm)
{
    const wr_tabletype *table;
    if (imm->index >= v->module->ntypes)
        return invalid_index(v, "type", imm->index);
    if (!check_table(v, imm->index2, &table))
        return false;
    if (!matches(v, table->elem, WR_FUNCREF))
        return mismatch(v);
    const wr_mfunctype *ft = &v->module->types[imm->index];
    return pop(v, table_at(table)) && pop_types(v, ft->pub.params, ft->nparams) &&
           push_types(v, ft->pub.results, ft->nresults);
}

/* Pops a reference operand of any type; UNKNOWN in dead code. */
static bool pop_ref(wr_validator *v, wr_valtype *out)
{
    if (!pop_any(v, out))
        return false;
    return *out == UNKNOWN || wr_valtype_is_ref(*out) || mismatch(v);
}

/* The non-null form of a reference type (UNKNOWN stays unknown). */
static wr_valtype non_null(wr_valtype t)
{
    return t == UNKNOWN ? UNKNOWN : (wr_valtype)((uint32_t)t | WR_REF_NONNULL);
}

/* call_ref and return_call_ref: a reference to a function of type $t, or null (a trap). */
static bool op_call_ref(wr_validator *v, const wr_imm *imm)
{
    if (imm->index >= v->module->ntypes)
        return invalid_index(v, "type", imm->index);
    const wr_mfunctype *ft = &v->module->types[imm->index];
    return pop(v, wr_valtype_ref(imm->index, true)) &&
           pop_types(v, ft->pub.params, ft->nparams) &&
           push_types(v, ft->pub.results, ft->nresults);
}

static bool op_br_on_null(wr_validator *v, const wr_imm *imm)
{
    const wr_valtype *types;
    uint32_t n;
    wr_valtype t;
    if (!label(v, imm->index, &types, &n) || !pop_ref(v, &t))
        return false;
    return pop_types(v, types, n) && push_types(v, types, n) && push(v, non_null(t));
}

/* The label takes the non-null reference last, after whatever else stays on the stack. */
static bool op_br_on_non_null(wr_validator *v, const wr_imm *imm)
{
    const wr_valtype *types;
    uint32_t n;
    wr_valtype t;
    if (!label(v, imm->index, &types, &n) || !pop_ref(v, &t))
        return false;
    if (n == 0 || !matches(v, non_null(t), types[n - 1]))
        return mismatch(v);
    return pop_types(v, types, n - 1) && push_types(v, types, n - 1);
}

static bool op_select(wr_validator *v)
{
    wr_valtype t1, t2;
    if (!pop(v, WR_I32) || !pop_any(v, &t1) || !pop_any(v, &t2))
        return false;
    /* Untyped select only picks numbers and vectors: a reference needs select_t. */
    if (wr_valtype_is_ref(t1) || wr_valtype_is_ref(t2))
        return mismatch(v);
    if (t1 != t2 && t1 != UNKNOWN && t2 != UNKNOWN)
        return mismatch(v);
    return push(v, t1 == UNKNOWN ? t2 : t1);
}

static bool op_select_t(wr_validator *v, const wr_imm *imm)
{
    if (imm->count != 1)
        return invalid(v, "invalid result arity");
    wr_valtype t = (wr_valtype)imm->type;
    return known_type(v, t) && pop(v, WR_I32) && pop(v, t) && pop(v, t) && push(v, t);
}

static inline bool local_type(wr_validator *v, uint32_t index, wr_valtype *out)
{
    if (index >= v->nlocals)
        return invalid_index(v, "local", index);
    *out = v->locals[index];
    return true;
}

static bool op_local_get(wr_validator *v, uint32_t index)
{
    wr_valtype t;
    if (!local_type(v, index, &t))
        return false;
    if (!v->set[index])
        return invalid(v, "uninitialized local");
    return push(v, t);
}

/* local.set and local.tee: a non-defaultable local is set from here to the block's end. */
static bool op_local_set(wr_validator *v, uint32_t index, bool tee)
{
    wr_valtype t;
    if (!local_type(v, index, &t) || !pop(v, t))
        return false;
    if (!v->set[index]) {
        v->set[index] = 1;
        v->inits[v->ninits++] = index;
    }
    return !tee || push(v, t);
}

static bool check_global(wr_validator *v, uint32_t index, const wr_globaltype **out)
{
    if (index >= v->module->nglobals)
        return invalid_index(v, "global", index);
    *out = &v->module->globals[index].type;
    return true;
}

static bool op_memory_size_grow(wr_validator *v, uint8_t op, const wr_imm *imm)
{
    if (v->wasm2 && !check_zero_bytes(v, imm, 1))
        return false;
    if (!need_memory(v, imm->memory))
        return false;
    uint8_t at = memory_at(v, imm->memory);
    if (op == OP_memory_grow && !pop(v, at))
        return false;
    return push(v, at);
}

static bool op_ref_is_null(wr_validator *v)
{
    wr_valtype t;
    return pop_ref(v, &t) && push(v, WR_I32);
}

static bool op_call(wr_validator *v, uint32_t index)
{
    if (index >= v->module->nfuncs)
        return invalid_index(v, "function", index);
    const wr_mfunctype *callee = wr_module_functype(v->module, index);
    return pop_types(v, callee->pub.params, callee->nparams) &&
           push_types(v, callee->pub.results, callee->nresults);
}

/* return_call and return_call_indirect: the callee's results become the caller's, so
 * they must be the same types; nothing after it is reached. The call's own typing
 * (done first) pushes the results, which the return pops. */
static bool op_return_call(wr_validator *v, const wr_mfunctype *ft, const wr_mfunctype *callee)
{
    if (callee->nresults != ft->nresults)
        return mismatch(v);
    for (uint32_t i = 0; i < ft->nresults; i++)
        if (!matches(v, callee->pub.results[i], ft->pub.results[i]))
            return mismatch(v);
    if (!pop_types(v, ft->pub.results, ft->nresults))
        return false;
    set_unreachable(v);
    return true;
}

/* ------------------------------------------------------------------ exceptions (3.0) */

static bool check_tag(wr_validator *v, uint32_t index, const wr_mfunctype **out)
{
    const wr_module *m = v->module;
    if (index >= m->ntags)
        return invalid_index(v, "tag", index);
    /* The module-level check reports a bad type index; bodies are checked regardless. */
    if (m->tag_types[index] >= m->ntypes)
        return invalid_index(v, "type", m->tag_types[index]);
    *out = &m->types[m->tag_types[index]];
    return true;
}

static bool op_throw(wr_validator *v, uint32_t index)
{
    const wr_mfunctype *tag;
    if (!check_tag(v, index, &tag) || !pop_types(v, tag->pub.params, tag->nparams))
        return false;
    set_unreachable(v);
    return true;
}

static bool op_throw_ref(wr_validator *v)
{
    if (!pop(v, WR_EXNREF))
        return false;
    set_unreachable(v);
    return true;
}

/* A catch clause, in the context outside its try_table: the values the clause hands over
 * (the tag's, then a (ref exn) for the _ref forms) must match the label's types. */
static bool check_catch(wr_validator *v, const wr_catch *c)
{
    const wr_mfunctype *tag = NULL;
    if (wr_catch_has_tag(c) && !check_tag(v, c->tag, &tag))
        return false;
    const wr_valtype *types;
    uint32_t n;
    if (!label(v, c->label, &types, &n))
        return false;
    uint32_t nvals = tag ? tag->nparams : 0;
    bool ref = wr_catch_has_ref(c);
    if (n != nvals + ref)
        return mismatch(v);
    for (uint32_t i = 0; i < nvals; i++)
        if (!matches(v, tag->pub.params[i], types[i]))
            return mismatch(v);
    if (ref && !matches(v, (wr_valtype)(WR_EXNREF | WR_REF_NONNULL), types[nvals]))
        return mismatch(v);
    return true;
}

static bool op_try_table(wr_validator *v, const wr_imm *imm)
{
    wr_reader clauses = {.base = v->r.base, .pos = imm->labels, .end = v->r.pos};
    for (uint32_t i = 0; i < imm->count; i++) {
        wr_catch c;
        if (!wr_read_catch(&clauses, &c))
            return malformed(v, "malformed catch clause");
        if (!check_catch(v, &c))
            return false;
    }
    return op_block(v, CTRL_BLOCK, imm);
}

static bool op_global_set(wr_validator *v, uint32_t index)
{
    const wr_globaltype *global;
    if (!check_global(v, index, &global))
        return false;
    if (!global->is_mutable)
        return invalid(v, "global is immutable");
    return pop(v, global->type);
}

/* The instructions of typed function references, out of line: they are rare, and the
 * common instructions' switch stays small enough to inline into the body loop. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static bool typed_ref_op(wr_validator *v, const wr_mfunctype *ft, uint8_t op, const wr_imm *imm)
{
    wr_valtype t;
    switch (op) {
    case OP_call_ref:
        return op_call_ref(v, imm);
    case OP_return_call_ref:
        return op_call_ref(v, imm) && op_return_call(v, ft, &v->module->types[imm->index]);
    case OP_br_on_null:
        return op_br_on_null(v, imm);
    case OP_br_on_non_null:
        return op_br_on_non_null(v, imm);
    default: /* OP_ref_as_non_null */
        return pop_ref(v, &t) && push(v, non_null(t));
    }
}

/* One instruction whose opcode and immediates have been read. Inlined into the body
 * loop, its one caller (GCC would not on its own since 3.0's ops made it larger). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline bool instruction(wr_validator *v, const wr_mfunctype *ft, const wr_opinfo *info,
                        const wr_imm *imm)
{
    const wr_valtype *types;
    uint32_t n;
    wr_valtype t;
    const wr_globaltype *global;
    const wr_tabletype *table;

    if (info->prefix == OP_prefix_fc)
        return op_fc(v, info, imm);
    if (info->prefix == OP_prefix_fd)
        return wr_opinfo_fixed(info) ? fixed_op(v, info, imm) : malformed(v, "illegal opcode");
    switch (info->code) {
    case OP_unreachable:
        set_unreachable(v);
        return true;
    case OP_nop:
        return true;
    case OP_block:
        return op_block(v, CTRL_BLOCK, imm);
    case OP_loop:
        return op_block(v, CTRL_LOOP, imm);
    case OP_if:
        return op_block(v, CTRL_IF, imm);
    case OP_else:
        return op_else(v);
    case OP_end:
        return op_end(v);
    case OP_throw:
        return op_throw(v, imm->index);
    case OP_throw_ref:
        return op_throw_ref(v);
    case OP_try_table:
        return op_try_table(v, imm);
    case OP_br:
        if (!label(v, imm->index, &types, &n) || !pop_types(v, types, n))
            return false;
        set_unreachable(v);
        return true;
    case OP_br_if:
        /* The values stay, but typed as the label says (dead code's unknowns included). */
        return label(v, imm->index, &types, &n) && pop(v, WR_I32) && pop_types(v, types, n) &&
               push_types(v, types, n);
    case OP_br_table:
        return op_br_table(v, imm);
    case OP_return:
        if (!pop_types(v, ft->pub.results, ft->nresults))
            return false;
        set_unreachable(v);
        return true;
    case OP_call:
        return op_call(v, imm->index);
    case OP_call_indirect:
        return op_call_indirect(v, imm);
    case OP_return_call:
        return op_call(v, imm->index) &&
               op_return_call(v, ft, wr_module_functype(v->module, imm->index));
    case OP_return_call_indirect:
        return op_call_indirect(v, imm) && op_return_call(v, ft, &v->module->types[imm->index]);
    case OP_call_ref:
    case OP_return_call_ref:
    case OP_br_on_null:
    case OP_br_on_non_null:
    case OP_ref_as_non_null:
        return typed_ref_op(v, ft, (uint8_t)info->code, imm);
    case OP_drop:
        return pop_any(v, &t);
    case OP_select:
        return op_select(v);
    case OP_select_t:
        return op_select_t(v, imm);
    case OP_local_get:
        return op_local_get(v, imm->index);
    case OP_local_set:
        return op_local_set(v, imm->index, false);
    case OP_local_tee:
        return op_local_set(v, imm->index, true);
    case OP_global_get:
        return check_global(v, imm->index, &global) && push(v, global->type);
    case OP_global_set:
        return op_global_set(v, imm->index);
    case OP_table_get:
        return check_table(v, imm->index, &table) && pop(v, table_at(table)) &&
               push(v, table->elem);
    case OP_table_set:
        return check_table(v, imm->index, &table) && pop(v, table->elem) &&
               pop(v, table_at(table));
    case OP_memory_size:
    case OP_memory_grow:
        return op_memory_size_grow(v, (uint8_t)info->code, imm);
    case OP_ref_null:
        return known_type(v, (wr_valtype)imm->type) && push(v, (wr_valtype)imm->type);
    case OP_ref_is_null:
        return op_ref_is_null(v);
    case OP_ref_func:
        return op_ref_func(v, imm->index);
    default:
        /* Every other opcode of the list has a fixed signature; one without fails closed. */
        return wr_opinfo_fixed(info) ? fixed_op(v, info, imm) : malformed(v, "illegal opcode");
    }
}

/* The locals' full types, params first; params and defaultable locals start set. The
 * arrays grow to the largest function and are reused. */
static bool load_locals(wr_validator *v, const wr_mfunctype *ft, const wr_mfunc *func)
{
    uint32_t n = ft->nparams + func->nlocals; /* both bounded by the decoder */
    if (n > v->locals_cap) {
        const wr_allocator *a = v->module->alloc;
        wr_mem_free(v->locals);
        wr_mem_free(v->set);
        wr_mem_free(v->inits);
        v->locals = wr_mem_alloc(a, n, sizeof *v->locals);
        v->set = wr_mem_alloc(a, n, 1);
        v->inits = wr_mem_alloc(a, n, sizeof *v->inits);
        v->locals_cap = v->locals && v->set && v->inits ? n : 0;
        if (!v->locals_cap) {
            v->err = wr_error_nomem();
            return false;
        }
    }
    uint32_t k = 0;
    for (; k < ft->nparams; k++)
        v->locals[k] = ft->pub.params[k];
    for (uint32_t g = 0; g < func->ngroups; g++)
        for (uint32_t i = 0; i < func->groups[g].count; i++)
            v->locals[k++] = func->groups[g].full;
    for (uint32_t i = 0; i < n; i++) {
        wr_valtype t = v->locals[i];
        v->set[i] = i < ft->nparams || !wr_valtype_is_ref(t) || wr_valtype_nullable(t);
        if (!wr_valtype_known(v->module, t, v->module->ntypes)) {
            v->err = wr_error_at(WR_ERR_INVALID, "code", func->body_offset, "unknown type %u",
                                 wr_valtype_heap_index(t));
            return false;
        }
    }
    v->nlocals = n;
    v->ninits = 0;
    return true;
}

wr_error *wr_validate_body(wr_validator *v, wr_mfunc *func)
{
    const wr_mfunctype *ft = &v->module->types[func->type_index];
    v->r = (wr_reader){ .base = v->module->bytes, .pos = func->body_offset, .end = func->body_end };
    v->nvals = v->max_vals = 0;
    v->nctrls = v->max_ctrls = 0;
    v->op_offset = func->body_offset;
    v->err = NULL;

    if (!load_locals(v, ft, func) ||
        !push_ctrl(v, CTRL_FUNC, NULL, 0, ft->pub.results, ft->nresults, UNKNOWN))
        return v->err;
    while (v->nctrls > 0) {
        v->op_offset = v->r.pos;
        if (wr_reader_eof(&v->r)) {
            malformed(v, "unexpected end of section or function");
            return v->err;
        }
        wr_imm imm;
        const wr_opinfo *info = wr_read_instruction(&v->r, &imm);
        if (!info) {
            if (strcmp(v->r.err, "illegal opcode") == 0)
                illegal_opcode(v);
            else
                read_ok(v);
            return v->err;
        }
        if (!instruction(v, ft, info, &imm))
            return v->err;
    }
    if (v->r.pos != func->body_end) {
        malformed_at(v, v->r.pos, "section size mismatch");
        return v->err;
    }
    func->max_stack = v->max_vals;
    func->max_blocks = v->max_ctrls;
    return NULL;
}

void wr_validator_release(wr_validator *v)
{
    wr_mem_free(v->vals);
    wr_mem_free(v->ctrls);
    wr_mem_free(v->locals);
    wr_mem_free(v->set);
    wr_mem_free(v->inits);
    *v = (wr_validator){.module = v->module};
}
