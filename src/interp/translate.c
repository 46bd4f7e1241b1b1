/*
 * Translation of validated function bodies into internal code, in one linear pass.
 *
 * The pass keeps the wasm operand stack as a stack of entries, each with its home slot.
 * An entry's value may still be elsewhere: in a local (local.get pushes a reference to
 * the local instead of copying it) or in the instruction stream (constants). Such lazy
 * entries are written to their home only when something needs them there: a block
 * boundary, a call's arguments, a branch's carried values, or a local.set of that local.
 * This is what turns local.get/local.get/i32.add into one instruction reading two local
 * slots, and i32.add with a constant into one instruction with an immediate.
 *
 * Peepholes rewrite the instruction just emitted, through the field names of its format
 * (interp/ops.h): a local.set/tee of its result retargets its destination slot, a
 * br_if/if on a comparison fuses into one compare-and-branch (translate_control.c), and
 * an i32.add of a constant feeding a load or store becomes an addend of the access.
 *
 * Instructions are read with their immediates by decode/ops.h's reader; an op the
 * translator has no case for fails the translation instead of emitting anything.
 */
#include <stdlib.h>
#include <string.h>

#include "decode/ops.h"
#include "interp/code.h"
#include "interp/translator.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/reader.h"

/* ---------------------------------------------------------------- growth */

bool wr_tr_grow(const wr_allocator *a, void **p, uint32_t *cap, size_t elem, uint32_t need)
{
    if (need <= *cap)
        return true;
    uint32_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > UINT32_MAX / 2)
            return false;
        ncap *= 2;
    }
    void *np = wr_mem_realloc(a, *p, ncap, elem);
    if (!np)
        return false;
    *p = np;
    *cap = ncap;
    return true;
}

/* ---------------------------------------------------------------- emission */

wr_insn *wr_tr_word(tr *t)
{
    if (t->n == t->cap && !wr_tr_grow(t->m->alloc, (void **)&t->insns, &t->cap, sizeof *t->insns,
                                      t->n + 1)) {
        t->oom = true;
        return &t->scratch;
    }
    wr_insn *w = &t->insns[t->n++];
    w->u64 = 0;
    return w;
}

/* The handler word of op, and a position entry when a new wasm instruction starts. */
static uint32_t emit_handler(tr *t, wr_iop op)
{
    uint32_t start = t->n;
    if (!t->npos || t->pos[t->npos - 1].offset != t->insn_offset) {
        if (wr_tr_grow(t->m->alloc, (void **)&t->pos, &t->cappos, sizeof *t->pos, t->npos + 1))
            t->pos[t->npos++] = (wr_codepos){start, t->insn_offset};
        else
            t->oom = true;
    }
    *wr_tr_word(t) = t->handlers[op];
    return start;
}

uint32_t wr_tr_emit(tr *t, wr_iop op)
{
    uint32_t start = emit_handler(t, op);
    for (uint32_t i = 1; i < wr_iop_words[op]; i++)
        wr_tr_word(t);
    return start;
}

/* Whether field (or, for the 64-bit accessors, word) of the instruction at insn exists:
 * once memory ran out it may not, and the translation fails anyway; a field past the end
 * would be a translator bug, which must not write out of bounds either. */
static bool has_word(const tr *t, uint32_t insn, uint32_t word_index)
{
    return !t->oom && insn < t->n && word_index < t->n - insn;
}

void wr_tr_set(tr *t, uint32_t insn, unsigned field, uint32_t value)
{
    if (has_word(t, insn, 1 + field / 2))
        WR_FIELD(&t->insns[insn], field) = value;
}

uint32_t wr_tr_get(const tr *t, uint32_t insn, unsigned field)
{
    return has_word(t, insn, 1 + field / 2) ? WR_FIELD(&t->insns[insn], field) : 0;
}

uint64_t wr_tr_get_u64(const tr *t, uint32_t insn, unsigned w)
{
    return has_word(t, insn, w) ? WR_WORD(&t->insns[insn], w).u64 : 0;
}

void wr_tr_set_u64(tr *t, uint32_t insn, unsigned w, uint64_t value)
{
    if (has_word(t, insn, w))
        WR_WORD(&t->insns[insn], w).u64 = value;
}

void wr_tr_set_ptr(tr *t, uint32_t insn, unsigned w, const void *p)
{
    if (has_word(t, insn, w))
        WR_WORD(&t->insns[insn], w).ptr = p;
}

/* An instruction with a result and one operand (UNARY and alike). */
static uint32_t emit_unary_insn(tr *t, wr_iop op, uint32_t dst, uint32_t a)
{
    uint32_t start = wr_tr_emit(t, op);
    wr_tr_set(t, start, F_DST, dst);
    wr_tr_set(t, start, UN_A, a);
    return start;
}

/* Drops instructions from `start` on (a peephole replacing them). */
void wr_tr_rewind_to(tr *t, uint32_t start)
{
    t->n = start;
    while (t->npos && t->pos[t->npos - 1].insn >= start)
        t->npos--;
}

void wr_tr_set_producer(tr *t, uint32_t start, wr_iop op)
{
    t->prod_start = start;
    t->prod_end = t->n;
    t->prod_op = op;
}

void wr_tr_clear_producer(tr *t) { t->prod_end = NONE; }

/* ---------------------------------------------------------------- the entry stack */

uint32_t wr_tr_next_home(const tr *t)
{
    if (!t->sp)
        return t->code->local_slots;
    const entry *top = &t->stack[t->sp - 1];
    return top->home + wr_type_slots(top->type);
}

entry *wr_tr_push(tr *t, uint8_t type)
{
    if (!wr_tr_grow(t->m->alloc, (void **)&t->stack, &t->stack_cap, sizeof *t->stack, t->sp + 1)) {
        t->oom = true;
        return NULL;
    }
    uint32_t home = wr_tr_next_home(t);
    entry *e = &t->stack[t->sp++];
    *e = (entry){.type = type, .kind = ENTRY_SLOT, .home = home};
    if (home + wr_type_slots(type) > t->max_slot)
        t->max_slot = home + wr_type_slots(type);
    return e;
}

entry wr_tr_pop(tr *t)
{
    entry e = t->stack[--t->sp];
    if (e.kind == ENTRY_LOCAL)
        t->local_refs[e.local]--;
    return e;
}

void wr_tr_truncate_stack(tr *t, uint32_t height)
{
    while (t->sp > height)
        wr_tr_pop(t);
}

void wr_tr_push_types(tr *t, uint32_t n, const uint8_t *types)
{
    for (uint32_t i = 0; i < n; i++)
        wr_tr_push(t, types[i]);
}

/* Two one-slot copies in a row, with no label between them, become one copy_pair:
 * shuffles of locals (a = b; b = c; ...) are common in loops. */
void wr_tr_emit_copy(tr *t, uint8_t type, uint32_t dst, uint32_t src)
{
    if (dst == src)
        return;
    if (type == WR_V128) {
        emit_unary_insn(t, IOP_copy2, dst, src);
        return;
    }
    if (t->copy_end == t->n && t->label_at != t->n && !t->oom) {
        /* The copy just emitted becomes the first of a copy_pair. */
        t->insns[t->copy_start] = t->handlers[IOP_copy_pair];
        for (uint32_t i = WR_LEN_copy; i < WR_LEN_copy_pair; i++)
            wr_tr_word(t);
        wr_tr_set(t, t->copy_start, PAIR_DST2, dst);
        wr_tr_set(t, t->copy_start, PAIR_A2, src);
        t->copy_end = NONE;
        return;
    }
    t->copy_start = emit_unary_insn(t, IOP_copy, dst, src);
    t->copy_end = t->n;
}

void wr_tr_emit_const(tr *t, uint32_t dst, uint64_t bits)
{
    if (bits <= UINT32_MAX) {
        uint32_t start = wr_tr_emit(t, IOP_const32);
        wr_tr_set(t, start, F_DST, dst);
        wr_tr_set(t, start, IMM_FIELD, (uint32_t)bits);
    } else {
        uint32_t start = wr_tr_emit(t, IOP_const64);
        wr_tr_set(t, start, F_DST, dst);
        wr_tr_set_u64(t, start, DST_IMM64_WORD, bits);
    }
}

/* Writes a value wherever it is into dst, without changing the entry. */
void wr_tr_emit_move(tr *t, const entry *e, uint32_t dst)
{
    if (e->kind == ENTRY_CONST)
        wr_tr_emit_const(t, dst, e->bits);
    else
        wr_tr_emit_copy(t, e->type, dst, e->kind == ENTRY_LOCAL ? e->local : e->home);
}

static void materialize(tr *t, entry *e)
{
    if (e->kind == ENTRY_SLOT)
        return;
    wr_tr_emit_move(t, e, e->home);
    if (e->kind == ENTRY_LOCAL)
        t->local_refs[e->local]--;
    e->kind = ENTRY_SLOT;
}

void wr_tr_materialize_top(tr *t, uint32_t count)
{
    for (uint32_t i = t->sp - count; i < t->sp; i++)
        materialize(t, &t->stack[i]);
}

void wr_tr_materialize_all(tr *t) { wr_tr_materialize_top(t, t->sp); }

/* The slot to read a popped entry from; constants are written to their home first. */
uint32_t wr_tr_use(tr *t, const entry *e)
{
    switch (e->kind) {
    case ENTRY_LOCAL:
        return e->local;
    case ENTRY_CONST:
        wr_tr_emit_const(t, e->home, e->bits);
        return e->home;
    default:
        return e->home;
    }
}

/* Before a local changes, lazy entries that read it get their own copy. */
static void detach_local(tr *t, uint32_t slot)
{
    for (uint32_t i = t->sp; i-- > 0 && t->local_refs[slot];) {
        entry *e = &t->stack[i];
        if (e->kind == ENTRY_LOCAL && e->local == slot)
            materialize(t, e);
    }
}

/* True when stack entry i was produced by the last instruction (entries above it are
 * lazy, so emitted nothing), so that instruction may be rewritten. */
static bool is_fresh(const tr *t, uint32_t i)
{
    if (t->prod_end != t->n || i >= t->sp)
        return false;
    for (uint32_t k = i + 1; k < t->sp; k++)
        if (t->stack[k].kind == ENTRY_SLOT)
            return false;
    const entry *e = &t->stack[i];
    return e->kind == ENTRY_SLOT && wr_tr_get(t, t->prod_start, F_DST) == e->home;
}

bool wr_tr_top_is_fresh(const tr *t) { return t->sp && is_fresh(t, t->sp - 1); }

/* ---------------------------------------------------------------- operations */

/* The internal op of each numeric wasm op; IOP_NONE (zero) elsewhere, which fails the
 * translation instead of running as some other op. */
#define WR_IOP(id, format) [OP_##id] = IOP_##id,
static const wr_iop numeric_single[256] = {WR_NUMERIC_OPS_SINGLE()};
#undef WR_IOP
#define WR_IOP(id, format) [OPFC_##id] = IOP_##id,
static const wr_iop numeric_fc[OPFC_COUNT] = {WR_NUMERIC_OPS_FC()};
#undef WR_IOP

/* The form with a constant right operand, or IOP_COUNT when there is none. */
static wr_iop imm_form(wr_iop op)
{
    switch (op) {
#define IMM_CASE(name) case IOP_##name: return IOP_##name##_imm;
        WR_IMM_OPS(IMM_CASE)
#undef IMM_CASE
    default: return IOP_COUNT;
    }
}

static bool commutes(wr_iop op)
{
    switch (op) {
    case IOP_i32_add: case IOP_i32_mul: case IOP_i32_and: case IOP_i32_or: case IOP_i32_xor:
    case IOP_i32_eq: case IOP_i32_ne: case IOP_i64_add: case IOP_i64_mul: case IOP_i64_and:
    case IOP_i64_or: case IOP_i64_xor: case IOP_i64_eq: case IOP_i64_ne:
        return true;
    default:
        return false;
    }
}

static void emit_unary(tr *t, wr_iop op, uint8_t result)
{
    entry a = wr_tr_pop(t);
    uint32_t sa = wr_tr_use(t, &a);
    entry *r = wr_tr_push(t, result);
    if (!r)
        return;
    wr_tr_set_producer(t, emit_unary_insn(t, op, r->home, sa), op);
}

/* The form of op that loads its right operand, for a right operand made by load; or
 * IOP_COUNT. f32 and f64 loads are the i32 and i64 ones. */
static wr_iop load_operand_form(wr_iop op, wr_iop load)
{
    switch (op) {
    case IOP_i32_add: return load == IOP_i32_load ? IOP_i32_add_load : IOP_COUNT;
    case IOP_f32_add: return load == IOP_i32_load ? IOP_f32_add_load : IOP_COUNT;
    case IOP_f32_mul: return load == IOP_i32_load ? IOP_f32_mul_load : IOP_COUNT;
    case IOP_i64_add: return load == IOP_i64_load ? IOP_i64_add_load : IOP_COUNT;
    case IOP_f64_add: return load == IOP_i64_load ? IOP_f64_add_load : IOP_COUNT;
    case IOP_f64_sub: return load == IOP_i64_load ? IOP_f64_sub_load : IOP_COUNT;
    case IOP_f64_mul: return load == IOP_i64_load ? IOP_f64_mul_load : IOP_COUNT;
    default: return IOP_COUNT;
    }
}

/* Replaces the load just emitted for the top entry by the op reading memory itself.
 * Nothing ran since the load, so its address operand is still where it read it. */
static void emit_binary_load(tr *t, wr_iop fused, uint8_t result)
{
    uint32_t load = t->prod_start;
    uint32_t addr = wr_tr_get(t, load, MEM_LOAD_ADDRESS);
    uint32_t offset = wr_tr_get(t, load, MEM_OFFSET), addend = wr_tr_get(t, load, MEM_ADDEND);
    /* A trap is the load's: keep its wasm offset. */
    uint32_t wasm_offset = t->insn_offset;
    if (t->npos && t->pos[t->npos - 1].insn == t->prod_start)
        wasm_offset = t->pos[t->npos - 1].offset;
    wr_tr_rewind_to(t, t->prod_start);
    wr_tr_clear_producer(t);
    wr_tr_pop(t);
    entry a = wr_tr_pop(t);
    uint32_t sa = wr_tr_use(t, &a);
    entry *r = wr_tr_push(t, result);
    if (!r)
        return;
    uint32_t own_offset = t->insn_offset;
    t->insn_offset = wasm_offset;
    uint32_t start = wr_tr_emit(t, fused);
    t->insn_offset = own_offset;
    wr_tr_set(t, start, F_DST, r->home);
    wr_tr_set(t, start, BIN_A, sa);
    wr_tr_set(t, start, MEM_OFFSET, offset);
    wr_tr_set(t, start, MEM_ADDEND, addend);
    wr_tr_set(t, start, MEM_OPERAND_ADDRESS, addr);
    wr_tr_set_producer(t, start, fused);
}

static void emit_binary(tr *t, wr_iop op, uint8_t result)
{
    if (wr_tr_top_is_fresh(t)) {
        wr_iop fused = load_operand_form(op, t->prod_op);
        if (fused != IOP_COUNT) {
            emit_binary_load(t, fused, result);
            return;
        }
    }
    entry b = wr_tr_pop(t);
    entry a = wr_tr_pop(t);
    if (a.kind == ENTRY_CONST && b.kind != ENTRY_CONST && commutes(op)) {
        entry tmp = a;
        a = b;
        b = tmp;
    }
    wr_iop imm = IOP_COUNT;
    uint64_t bits = b.bits;
    if (b.kind == ENTRY_CONST) {
        if (op == IOP_i32_sub) {
            op = IOP_i32_add;
            bits = (uint32_t)-(uint32_t)bits;
        } else if (op == IOP_i64_sub) {
            op = IOP_i64_add;
            bits = -bits;
        }
        imm = imm_form(op);
    }
    uint32_t sa = wr_tr_use(t, &a);
    uint32_t sb = imm == IOP_COUNT ? wr_tr_use(t, &b) : 0;
    entry *r = wr_tr_push(t, result);
    if (!r)
        return;
    if (imm != IOP_COUNT)
        op = imm;
    uint32_t start = wr_tr_emit(t, op);
    wr_tr_set(t, start, F_DST, r->home);
    wr_tr_set(t, start, BIN_A, sa);
    if (imm != IOP_COUNT)
        wr_tr_set_u64(t, start, BIN_IMM_WORD, bits);
    else
        wr_tr_set(t, start, BIN_B, sb);
    wr_tr_set_producer(t, start, op);
}

static void emit_numeric(tr *t, wr_iop op, const wr_opinfo *sig)
{
    if (op == IOP_NONE || (sig->nparams != 1 && sig->nparams != 2)) {
        wr_reader_fail(&t->r, "opcode without a translation");
        return;
    }
    if (sig->nparams == 1)
        emit_unary(t, op, sig->result);
    else
        emit_binary(t, op, sig->result);
}

static void retype_top(tr *t, uint8_t type)
{
    entry *e = &t->stack[t->sp - 1];
    e->type = type;
    wr_tr_clear_producer(t); /* the producer's result type no longer matches a local.set's */
}

static wr_iop load_op(uint8_t op)
{
    switch (op) {
    case OP_i32_load: case OP_f32_load: return IOP_i32_load;
    case OP_i64_load: case OP_f64_load: return IOP_i64_load;
    case OP_i32_load8_s: return IOP_i32_load8_s;
    case OP_i32_load8_u: return IOP_i32_load8_u;
    case OP_i32_load16_s: return IOP_i32_load16_s;
    case OP_i32_load16_u: return IOP_i32_load16_u;
    case OP_i64_load8_s: return IOP_i64_load8_s;
    case OP_i64_load8_u: return IOP_i64_load8_u;
    case OP_i64_load16_s: return IOP_i64_load16_s;
    case OP_i64_load16_u: return IOP_i64_load16_u;
    case OP_i64_load32_s: return IOP_i64_load32_s;
    case OP_i64_load32_u: return IOP_i64_load32_u;
    case OP_i32_store: case OP_f32_store: case OP_i64_store32: return IOP_i32_store;
    case OP_i64_store: case OP_f64_store: return IOP_i64_store;
    case OP_i32_store8: case OP_i64_store8: return IOP_store8;
    default: return IOP_store16;
    }
}

static wr_iop store_imm_op(wr_iop op)
{
    switch (op) {
    case IOP_i32_store: return IOP_i32_store_imm;
    case IOP_i64_store: return IOP_i64_store_imm;
    case IOP_store8: return IOP_store8_imm;
    default: return IOP_store16_imm;
    }
}

/* An address computed by the i32_add_imm just emitted is folded into the access: the
 * add is dropped and the access reads its operand and adds its immediate. */
bool wr_tr_fold_address(tr *t, uint32_t index, uint32_t *slot, uint32_t *addend)
{
    if (!is_fresh(t, index) || t->prod_op != IOP_i32_add_imm)
        return false;
    *slot = wr_tr_get(t, t->prod_start, BIN_A);
    *addend = (uint32_t)wr_tr_get_u64(t, t->prod_start, BIN_IMM_WORD);
    wr_tr_rewind_to(t, t->prod_start);
    wr_tr_clear_producer(t);
    return true;
}

bool wr_tr_is_memx(const tr *t, const wr_imm *imm)
{
    return imm->memory != 0 || t->m->memories[0].is64;
}

/* An access off the fast path (exec_memx.c): the op and its size travel with it. */
void wr_tr_memx(tr *t, const wr_opinfo *sig, const wr_imm *imm)
{
    entry v = {0};
    if (sig->nparams == 2)
        v = wr_tr_pop(t);
    entry a = wr_tr_pop(t);
    uint32_t sv = sig->nparams == 2 ? wr_tr_use(t, &v) : 0;
    uint32_t sa = wr_tr_use(t, &a);
    uint32_t dst = 0;
    if (sig->nresults) {
        entry *r = wr_tr_push(t, sig->result);
        if (!r)
            return;
        dst = r->home;
    }
    uint32_t lane = sig->imm == WR_IMM_MEMARG_LANE ? imm->lane : 0;
    uint32_t start = wr_tr_emit(t, IOP_memx);
    wr_tr_set(t, start, F_DST, dst);
    wr_tr_set(t, start, MEMX_ADDRESS, sa);
    wr_tr_set(t, start, MEMX_VALUE, sv);
    wr_tr_set(t, start, MEMX_MEMORY, imm->memory);
    wr_tr_set(t, start, MEMX_OP, sig->prefix ? WR_MEMX_SIMD | sig->code : sig->code);
    wr_tr_set(t, start, MEMX_BYTES, (1u << sig->align) | lane << 8);
    wr_tr_set_u64(t, start, MEMX_OFFSET_WORD, imm->offset);
    if (sig->nresults)
        wr_tr_set_producer(t, start, IOP_memx);
    else
        wr_tr_clear_producer(t);
}

/* A scalar load or store; the alignment is only a hint. */
static void emit_memory_access(tr *t, uint8_t op, const wr_opinfo *sig, uint32_t offset)
{
    wr_iop iop = load_op(op);
    uint32_t addend = 0, sa;
    bool folded = wr_tr_fold_address(t, t->sp - (sig->nresults ? 1 : 2), &sa, &addend);
    if (sig->nresults) {
        entry a = wr_tr_pop(t);
        if (!folded)
            sa = wr_tr_use(t, &a);
        entry *r = wr_tr_push(t, sig->result);
        if (!r)
            return;
        uint32_t start = wr_tr_emit(t, iop);
        wr_tr_set(t, start, F_DST, r->home);
        wr_tr_set(t, start, MEM_LOAD_ADDRESS, sa);
        wr_tr_set(t, start, MEM_OFFSET, offset);
        wr_tr_set(t, start, MEM_ADDEND, addend);
        wr_tr_set_producer(t, start, iop);
    } else {
        entry v = wr_tr_pop(t);
        entry a = wr_tr_pop(t);
        uint32_t sv;
        if (v.kind == ENTRY_CONST && v.bits <= UINT32_MAX) {
            iop = store_imm_op(iop);
            sv = (uint32_t)v.bits;
        } else {
            sv = wr_tr_use(t, &v);
        }
        if (!folded)
            sa = wr_tr_use(t, &a);
        uint32_t start = wr_tr_emit(t, iop);
        wr_tr_set(t, start, MEM_STORE_ADDRESS, sa);
        wr_tr_set(t, start, MEM_VALUE, sv);
        wr_tr_set(t, start, MEM_OFFSET, offset);
        wr_tr_set(t, start, MEM_ADDEND, addend);
        wr_tr_clear_producer(t);
    }
}

static void emit_local_set(tr *t, uint32_t index, bool tee)
{
    uint32_t slot = t->local_slot[index];
    detach_local(t, slot);
    entry *top = &t->stack[t->sp - 1];
    if (wr_tr_top_is_fresh(t) && t->local_type[index] == top->type) {
        wr_tr_set(t, t->prod_start, F_DST, slot);
        wr_tr_clear_producer(t);
        if (tee) {
            top->kind = ENTRY_LOCAL;
            top->local = slot;
            t->local_refs[slot]++;
        } else {
            wr_tr_pop(t);
        }
        return;
    }
    if (!(top->kind == ENTRY_LOCAL && top->local == slot))
        wr_tr_emit_move(t, top, slot);
    if (!tee)
        wr_tr_pop(t);
    wr_tr_clear_producer(t);
}

static void emit_call(tr *t, uint32_t func_index)
{
    const wr_mfunctype *ft = wr_module_functype(t->m, func_index);
    wr_tr_materialize_top(t, ft->nparams);
    uint32_t base = ft->nparams ? t->stack[t->sp - ft->nparams].home : wr_tr_next_home(t);
    wr_tr_truncate_stack(t, t->sp - ft->nparams);
    uint32_t start;
    if (func_index < t->m->nfunc_imports) {
        start = wr_tr_emit(t, IOP_call_func);
    } else {
        const wr_code *callee = t->m->funcs[func_index].code;
        start = wr_tr_emit(t, callee->zero_start == callee->zero_end ? IOP_call : IOP_call_zero);
        wr_tr_set_ptr(t, start, CALL_CODE_WORD, callee);
    }
    wr_tr_set(t, start, CALL_BASE, base);
    wr_tr_set(t, start, CALL_FUNC, func_index);
    wr_tr_push_types(t, ft->nresults, ft->types + ft->nparams);
    wr_tr_clear_producer(t);
}

/* call_indirect (the table index on top) and call_ref (the reference on top, op
 * IOP_call_ref, no table). */
static void emit_call_indirect(tr *t, wr_iop op, uint32_t type_index, uint32_t table)
{
    const wr_mfunctype *ft = &t->m->types[type_index];
    entry idx = wr_tr_pop(t);
    uint32_t idx_slot = wr_tr_use(t, &idx);
    wr_tr_materialize_top(t, ft->nparams);
    uint32_t base = ft->nparams ? t->stack[t->sp - ft->nparams].home : wr_tr_next_home(t);
    wr_tr_truncate_stack(t, t->sp - ft->nparams);
    uint32_t start = wr_tr_emit(t, op);
    wr_tr_set(t, start, CALL_BASE, base);
    wr_tr_set(t, start, CALL_INDEX, idx_slot);
    wr_tr_set(t, start, CALL_TYPE, type_index);
    wr_tr_set(t, start, CALL_TABLE, table);
    wr_tr_push_types(t, ft->nresults, ft->types + ft->nparams);
    wr_tr_clear_producer(t);
}

/* return_call, return_call_indirect, return_call_ref: the arguments go to the operand
 * stack as for a call (the index or the reference on top for the indirect forms); the op
 * moves them to the frame's start and replaces this frame with the callee's (exec.c), so a
 * loop of tail calls runs in constant stack. Nothing after it runs. */
static void emit_return_call(tr *t, uint8_t op, const wr_imm *imm)
{
    bool indirect = op == OP_return_call_indirect || op == OP_return_call_ref;
    const wr_mfunctype *ft = indirect ? &t->m->types[imm->index]
                                      : wr_module_functype(t->m, imm->index);
    uint32_t idx_slot = 0;
    if (indirect) {
        entry idx = wr_tr_pop(t);
        idx_slot = wr_tr_use(t, &idx);
    }
    wr_tr_materialize_top(t, ft->nparams);
    uint32_t base = ft->nparams ? t->stack[t->sp - ft->nparams].home : wr_tr_next_home(t);
    wr_tr_truncate_stack(t, t->sp - ft->nparams);
    wr_iop iop = op == OP_return_call_ref        ? IOP_return_call_ref
                 : op == OP_return_call_indirect ? IOP_return_call_indirect
                                                 : IOP_return_call;
    uint32_t start = wr_tr_emit(t, iop);
    wr_tr_set(t, start, CALL_BASE, base);
    if (indirect) {
        wr_tr_set(t, start, CALL_INDEX, idx_slot);
        wr_tr_set(t, start, CALL_TYPE, imm->index);
        wr_tr_set(t, start, CALL_TABLE, imm->index2);
    } else {
        wr_tr_set(t, start, CALL_FUNC, imm->index);
    }
    wr_tr_clear_producer(t);
    wr_tr_mark_unreachable(t);
}

/* Emits op with the popped operands' slots and an optional result; operands are
 * listed bottom of the stack first. */
static void emit_simple(tr *t, wr_iop op, uint32_t nargs, int result_type, uint32_t nimm,
                        uint32_t imm0, uint32_t imm1)
{
    entry args[3];
    uint32_t slots[3] = {0, 0, 0};
    for (uint32_t i = nargs; i-- > 0;)
        args[i] = wr_tr_pop(t);
    for (uint32_t i = 0; i < nargs; i++)
        slots[i] = wr_tr_use(t, &args[i]);
    uint32_t dst = 0;
    if (result_type >= 0) {
        entry *r = wr_tr_push(t, (uint8_t)result_type);
        if (!r)
            return;
        dst = r->home;
    }
    /* The formats emitted here keep their fields in the generic order (ops.h): the
     * result's slot, the operands' slots (bottom of the stack first), the immediates. */
    if ((result_type >= 0) + nargs + nimm > 2u * (wr_iop_words[op] - 1u)) {
        wr_reader_fail(&t->r, "internal op too short for its operands");
        return;
    }
    uint32_t start = wr_tr_emit(t, op);
    uint32_t k = 0;
    if (result_type >= 0)
        wr_tr_set(t, start, k++, dst);
    for (uint32_t i = 0; i < nargs; i++)
        wr_tr_set(t, start, k++, slots[i]);
    if (nimm > 0)
        wr_tr_set(t, start, k++, imm0);
    if (nimm > 1)
        wr_tr_set(t, start, k++, imm1);
    if (result_type >= 0)
        wr_tr_set_producer(t, start, op);
    else
        wr_tr_clear_producer(t);
}

static uint8_t table_type(const tr *t, uint32_t table)
{
    return wr_valtype_kind(t->m->tables[table].elem);
}
/* The index types of tables and memories: i64 for table64 and memory64. */
static uint8_t table_at(const tr *t, uint32_t table)
{
    return t->m->tables[table].is64 ? WR_I64 : WR_I32;
}
static uint8_t memory_at(const tr *t, uint32_t memory)
{
    return t->m->memories[memory].is64 ? WR_I64 : WR_I32;
}

static void translate_fc(tr *t, const wr_opinfo *info, const wr_imm *imm)
{
    switch (info->code) {
    case OPFC_memory_init:
        emit_simple(t, IOP_memory_init, 3, -1, 2, imm->index, imm->memory);
        break;
    case OPFC_data_drop:
        emit_simple(t, IOP_data_drop, 0, -1, 1, imm->index, 0);
        break;
    case OPFC_memory_copy:
        emit_simple(t, IOP_memory_copy, 3, -1, 2, imm->memory, imm->index2);
        break;
    case OPFC_memory_fill:
        emit_simple(t, IOP_memory_fill, 3, -1, 1, imm->memory, 0);
        break;
    case OPFC_table_init:
        /* [table, element]: the table sits where every table op keeps it. */
        emit_simple(t, IOP_table_init, 3, -1, 2, imm->index2, imm->index);
        break;
    case OPFC_elem_drop:
        emit_simple(t, IOP_elem_drop, 0, -1, 1, imm->index, 0);
        break;
    case OPFC_table_copy:
        emit_simple(t, IOP_table_copy, 3, -1, 2, imm->index, imm->index2);
        break;
    case OPFC_table_grow:
        emit_simple(t, IOP_table_grow, 2, table_at(t, imm->index), 1, imm->index, 0);
        break;
    case OPFC_table_size:
        emit_simple(t, IOP_table_size, 0, table_at(t, imm->index), 1, imm->index, 0);
        break;
    case OPFC_table_fill:
        emit_simple(t, IOP_table_fill, 3, -1, 1, imm->index, 0);
        break;
    default:
        emit_numeric(t, numeric_fc[info->code], info);
        break;
    }
}

/* ---------------------------------------------------------------- skipping dead code */

/* In dead code: only block structure matters. Returns true when op was consumed. */
static bool skip_dead(const wr_opinfo *info, uint32_t *dead_depth)
{
    if (info->prefix)
        return true;
    if (info->code == OP_block || info->code == OP_loop || info->code == OP_if ||
        info->code == OP_try_table) {
        (*dead_depth)++;
        return true;
    }
    if ((info->code == OP_end || info->code == OP_else) && *dead_depth == 0)
        return false;
    if (info->code == OP_end)
        (*dead_depth)--;
    return true;
}

/* ---------------------------------------------------------------- the main pass */

static void push_const(tr *t, uint8_t type, uint64_t bits)
{
    entry *e = wr_tr_push(t, type);
    if (e) {
        e->kind = ENTRY_CONST;
        e->bits = bits;
    }
}

static void emit_local_get(tr *t, uint32_t index)
{
    if (index >= t->nlocals)
        return;
    entry *e = wr_tr_push(t, t->local_type[index]);
    if (!e)
        return;
    e->kind = ENTRY_LOCAL;
    e->local = t->local_slot[index];
    t->local_refs[e->local]++;
}

static void emit_global(tr *t, uint32_t index, bool set)
{
    if (index >= t->m->nglobals)
        return;
    uint8_t type = wr_valtype_kind(t->m->globals[index].type.type);
    if (set)
        emit_simple(t, type == WR_V128 ? IOP_global_set2 : IOP_global_set, 1, -1, 1, index, 0);
    else
        emit_simple(t, type == WR_V128 ? IOP_global_get2 : IOP_global_get, 0, type, 1, index, 0);
}

/* The ops whose typing needs context (see the CTX entries of decode/oplist.h) other than
 * control. Returns false for an op it does not know. */
static bool translate_ctx_op(tr *t, uint8_t op, const wr_imm *imm)
{
    switch (op) {
    case OP_call:
        emit_call(t, imm->index);
        return true;
    case OP_call_indirect:
        emit_call_indirect(t, IOP_call_indirect, imm->index, imm->index2);
        return true;
    case OP_call_ref:
        emit_call_indirect(t, IOP_call_ref, imm->index, 0);
        return true;
    case OP_return_call:
    case OP_return_call_indirect:
    case OP_return_call_ref:
        emit_return_call(t, op, imm);
        return true;
    case OP_drop:
        wr_tr_pop(t);
        return true;
    case OP_select:
    case OP_select_t: {
        uint8_t type = t->stack[t->sp - 2].type;
        emit_simple(t, type == WR_V128 ? IOP_select2 : IOP_select, 3, type, 0, 0, 0);
        return true;
    }
    case OP_local_get:
        emit_local_get(t, imm->index);
        return true;
    case OP_local_set:
    case OP_local_tee:
        if (imm->index < t->nlocals)
            emit_local_set(t, imm->index, op == OP_local_tee);
        return true;
    case OP_global_get:
    case OP_global_set:
        emit_global(t, imm->index, op == OP_global_set);
        return true;
    case OP_table_get:
        if (imm->index < t->m->ntables)
            emit_simple(t, IOP_table_get, 1, table_type(t, imm->index), 1, imm->index, 0);
        return true;
    case OP_table_set:
        emit_simple(t, IOP_table_set, 2, -1, 1, imm->index, 0);
        return true;
    case OP_memory_size:
        emit_simple(t, IOP_memory_size, 0, memory_at(t, imm->memory), 1, imm->memory, 0);
        return true;
    case OP_memory_grow:
        emit_simple(t, IOP_memory_grow, 1, memory_at(t, imm->memory), 1, imm->memory, 0);
        return true;
    case OP_ref_null:
        push_const(t, wr_valtype_kind((wr_valtype)imm->type), 0);
        return true;
    case OP_ref_as_non_null:
        emit_simple(t, IOP_ref_as_non_null, 1, t->stack[t->sp - 1].type, 0, 0, 0);
        return true;
    case OP_ref_is_null:
        emit_simple(t, IOP_ref_is_null, 1, WR_I32, 0, 0, 0);
        return true;
    case OP_ref_func:
        emit_simple(t, IOP_ref_func, 0, WR_FUNCREF, 1, imm->index, 0);
        return true;
    default:
        return false;
    }
}

/* One instruction whose opcode and immediates have been read. Whatever the op list
 * holds that no case here handles fails the translation. */
static void translate_op(tr *t, const wr_opinfo *info, const wr_imm *imm)
{
    if (info->prefix == OP_prefix_fc) {
        translate_fc(t, info, imm);
        return;
    }
    if (info->prefix == OP_prefix_fd) {
        wr_tr_simd(t, info, imm);
        return;
    }
    uint8_t op = (uint8_t)info->code;
    if (!wr_opinfo_fixed(info)) {
        if (!wr_tr_control(t, op, imm) && !translate_ctx_op(t, op, imm))
            wr_reader_fail(&t->r, "opcode without a translation");
        return;
    }
    if (info->imm == WR_IMM_MEMARG && wr_tr_is_memx(t, imm))
        wr_tr_memx(t, info, imm);
    else if (info->imm == WR_IMM_MEMARG)
        emit_memory_access(t, op, info, (uint32_t)imm->offset); /* a 32-bit memory's */
    else if (info->cast)
        retype_top(t, info->result);
    else if (info->nparams == 0)
        push_const(t, info->result, imm->bits); /* the constants */
    else
        emit_numeric(t, numeric_single[op], info);
}

static void tr_free(tr *t)
{
    wr_mem_free(t->insns);
    wr_mem_free(t->pos);
    wr_mem_free(t->stack);
    wr_mem_free(t->ctls);
    wr_mem_free(t->fix);
    wr_mem_free(t->catches);
    wr_mem_free(t->local_slot);
    wr_mem_free(t->local_type);
    wr_mem_free(t->local_refs);
}

static bool setup_locals(tr *t, const wr_mfunc *f)
{
    const wr_mfunctype *ft = t->code->type;
    t->nlocals = ft->nparams + f->nlocals;
    size_t n = t->nlocals ? t->nlocals : 1;
    t->local_slot = wr_mem_alloc(t->m->alloc, n, sizeof *t->local_slot);
    t->local_type = wr_mem_alloc(t->m->alloc, 1, n);
    if (!t->local_slot || !t->local_type)
        return false;
    uint32_t slot = 0;
    for (uint32_t i = 0; i < t->nlocals; i++) {
        uint8_t type = i < ft->nparams ? ft->types[i] : f->local_types[i - ft->nparams];
        if (i == ft->nparams)
            t->code->param_slots = slot;
        t->local_slot[i] = slot;
        t->local_type[i] = type;
        slot += wr_type_slots(type);
    }
    if (t->nlocals == ft->nparams)
        t->code->param_slots = slot;
    t->code->local_slots = slot;
    t->max_slot = slot;
    t->local_refs = wr_mem_zalloc(t->m->alloc, slot ? slot : 1, sizeof *t->local_refs);
    return t->local_refs != NULL;
}

/* ---------------------------------------------------------------- the code store */

/* Every code object of a module and the arrays they point at, kept together so that a
 * function costs its own bytes and no allocation of its own (1,000,000 empty functions
 * would otherwise be 3,000,000 blocks): the wr_code records in one array, and each
 * function's instructions, positions and catch clauses, once translated, copied out of the translator's
 * growing arrays into 16 KiB chunks. Freed all at once with the module (code_free). */
typedef struct code_chunk {
    struct code_chunk *next;
    size_t used, cap; /* bytes of data */
    max_align_t data[];
} code_chunk;

struct wr_code_store {
    wr_code *codes;     /* the defined functions' */
    code_chunk *chunks; /* the one being filled first */
};

/* Small enough to come from the C heap rather than a mapping of its own: with 256 KiB
 * chunks, each mapped on its own by malloc, fib ran 6% slower (on an AMD EPYC; likely the
 * instructions' page offsets colliding with the stack's), with 16 KiB ones as fast as with
 * an array per function. */
enum { CHUNK_BYTES = 16 * 1024 };

/* The alignment of what the store holds: instruction words and positions, and catch
 * clauses (whose alignment is no more than a position's). */
enum { STORE_ALIGN = _Alignof(wr_insn) > _Alignof(wr_codepos) ? _Alignof(wr_insn)
                                                               : _Alignof(wr_codepos) };
_Static_assert(_Alignof(wr_catchent) <= STORE_ALIGN, "catch clauses share the code store");

/* Room for n bytes in the store's chunks; NULL when out of memory. An array of more than a
 * quarter chunk gets a chunk of its own, behind the one being filled. */
static void *store_take(const wr_allocator *a, struct wr_code_store *s, size_t n)
{
    if (n > SIZE_MAX - sizeof(code_chunk) - STORE_ALIGN)
        return NULL;
    n = (n + STORE_ALIGN - 1) / STORE_ALIGN * STORE_ALIGN;
    code_chunk *c = s->chunks;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > CHUNK_BYTES / 4 ? n : CHUNK_BYTES;
        code_chunk *fresh = wr_mem_alloc(a, 1, sizeof *fresh + cap);
        if (!fresh)
            return NULL;
        *fresh = (code_chunk){.cap = cap};
        if (c && cap == n) {
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            s->chunks = fresh;
        }
        c = fresh;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

/* The n elements at p moved into the store (p is freed); NULL when out of memory. */
static void *store_keep(const wr_allocator *a, struct wr_code_store *s, void *p, uint32_t n,
                        size_t elem)
{
    void *kept = store_take(a, s, (size_t)n * elem);
    if (kept && n)
        memcpy(kept, p, (size_t)n * elem);
    wr_mem_free(p);
    return kept;
}

static void code_free(wr_module *m)
{
    struct wr_code_store *s = m->code_store;
    if (!s)
        return;
    for (code_chunk *c = s->chunks, *next; c; c = next) {
        next = c->next;
        wr_mem_free(c);
    }
    wr_mem_free(s->codes);
    wr_mem_free(s);
    m->code_store = NULL;
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        m->funcs[i].code = NULL;
}

static wr_error *translate_func(const wr_module *m, uint32_t index, bool guarded)
{
    const wr_mfunc *f = &m->funcs[index];
    tr t = {.m = m,
            .code = f->code,
            .handlers = wr_interp_handlers(guarded),
            .prod_end = NONE,
            .copy_end = NONE,
            .label_at = NONE};
    t.r = (wr_reader){.base = m->bytes, .pos = f->body_offset, .end = f->body_end};
    wr_error *err = NULL;
    /* The validator's maxima size the stacks up front; they still grow if need be. */
    if (!setup_locals(&t, f) ||
        !wr_tr_grow(t.m->alloc, (void **)&t.stack, &t.stack_cap, sizeof *t.stack,
                    f->max_stack + 1) ||
        !wr_tr_grow(t.m->alloc, (void **)&t.ctls, &t.ctl_cap, sizeof *t.ctls, f->max_blocks + 1) ||
        !wr_tr_push_ctl(&t, CTL_FUNC, NULL)) {
        tr_free(&t);
        return wr_error_nomem();
    }
    uint32_t dead_depth = 0;
    while (t.nctl && !t.r.err && !t.oom) {
        t.insn_offset = (uint32_t)t.r.pos;
        wr_imm imm;
        const wr_opinfo *info = wr_read_instruction(&t.r, &imm);
        if (!info)
            break;
        if (wr_tr_label(&t, 0)->unreachable && skip_dead(info, &dead_depth))
            continue;
        translate_op(&t, info, &imm);
    }
    if (t.oom)
        err = wr_error_nomem();
    else if (t.r.err || t.nctl)
        err = wr_error_at(WR_ERR_INVALID, "code", t.r.err ? t.r.err_pos : t.r.pos, "%s",
                          t.r.err ? t.r.err : "unexpected end");
    if (err) {
        tr_free(&t);
        return err;
    }
    wr_code *code = t.code;
    code->insns = store_keep(m->alloc, m->code_store, t.insns, t.n, sizeof *t.insns);
    code->ninsns = t.n;
    code->positions = store_keep(m->alloc, m->code_store, t.pos, t.npos, sizeof *t.pos);
    code->npositions = t.npos;
    if (t.ncatches) {
        code->catches = store_keep(m->alloc, m->code_store, t.catches, t.ncatches,
                                   sizeof *t.catches);
        code->ncatches = t.ncatches;
        t.catches = NULL;
    }
    uint32_t result_slots =
        wr_types_slots(code->type->types + code->type->nparams, code->type->nresults);
    code->frame_slots = t.max_slot > result_slots ? t.max_slot : result_slots;
    t.insns = NULL;
    t.pos = NULL;
    tr_free(&t);
    return code->insns && code->positions && (code->catches || !code->ncatches)
               ? NULL
               : wr_error_nomem();
}

wr_error *wr_translate(wr_module *module, bool bounds_checks)
{
    module->code_free = code_free;
    uint32_t ndefined = module->nfuncs - module->nfunc_imports;
    struct wr_code_store *s = wr_mem_zalloc(module->alloc, 1, sizeof *s);
    module->code_store = s;
    if (!s || !(s->codes = wr_mem_zalloc(module->alloc, ndefined ? ndefined : 1, sizeof *s->codes))) {
        code_free(module);
        return wr_error_nomem();
    }
    /* Every code object exists before any body is translated, so calls can point at
     * their callee's code directly. */
    for (uint32_t i = module->nfunc_imports; i < module->nfuncs; i++) {
        wr_code *code = &s->codes[i - module->nfunc_imports];
        code->module = module;
        code->func_index = i;
        code->type = wr_module_functype(module, i);
        wr_tr_zero_range(module, i, code);
        module->funcs[i].code = code;
    }
    for (uint32_t i = module->nfunc_imports; i < module->nfuncs; i++) {
        wr_error *err = translate_func(module, i, !bounds_checks);
        if (err) {
            code_free(module);
            return err;
        }
    }
    return NULL;
}

uint32_t wr_code_offset(const wr_code *code, uint32_t insn_index)
{
    uint32_t lo = 0, hi = code->npositions;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (code->positions[mid].insn <= insn_index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? code->positions[lo - 1].offset : 0;
}
