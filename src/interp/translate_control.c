/*
 * Translation of control instructions: the control stack, block types, branches with
 * the values they carry, the fusion of a comparison with the branch that tests it, and
 * returns. See translate.c for the pass itself.
 */
#include <stdlib.h>

#include "decode/ops.h"
#include "interp/translator.h"
#include "util/alloc.h"

/* How many values a branch to c carries: a loop's parameters, else its results. */
static uint32_t label_arity(const ctl *c) { return c->kind == CTL_LOOP ? c->nparams : c->nresults; }

void wr_tr_add_fixup(tr *t, uint32_t *list, uint32_t insn, uint32_t field)
{
    if (!wr_tr_grow(t->m->alloc, (void **)&t->fix, &t->fix_cap, sizeof *t->fix, t->nfix + 1)) {
        t->oom = true;
        return;
    }
    t->fix[t->nfix] = (fixup){insn, field, *list};
    *list = t->nfix++;
}

/* Branch targets are offsets from the branch's first word. */
static void set_target(tr *t, uint32_t insn, uint32_t field, uint32_t target)
{
    wr_tr_set(t, insn, field, (uint32_t)(int32_t)(target - insn));
}

void wr_tr_patch_list(tr *t, uint32_t list, uint32_t target)
{
    t->label_at = target;
    for (; list != NONE; list = t->fix[list].next)
        set_target(t, t->fix[list].insn, t->fix[list].field, target);
}

/* Points the target field of the branch at insn to a label. */
static void link_branch(tr *t, ctl *c, uint32_t insn, uint32_t field)
{
    if (c->kind == CTL_LOOP)
        set_target(t, insn, field, c->loop_pc);
    else
        wr_tr_add_fixup(t, &c->fixups, insn, field);
}

static void emit_br(tr *t, ctl *c)
{
    link_branch(t, c, wr_tr_emit(t, IOP_br), BR_TARGET);
}

/* Does taking a branch to c need its carried values moved? */
static bool needs_moves(const tr *t, const ctl *c)
{
    uint32_t n = label_arity(c);
    uint32_t dst = c->home;
    for (uint32_t i = t->sp - n; i < t->sp; i++) {
        const entry *e = &t->stack[i];
        if (e->kind != ENTRY_SLOT || e->home != dst)
            return true;
        dst += wr_type_slots(e->type);
    }
    return false;
}

/* Moves the top n entries to consecutive slots from dst on; ascending order is safe as
 * every source home lies at or above its destination. Entries are left as they are, so
 * this may sit on a conditional path. */
static void emit_moves(tr *t, uint32_t n, uint32_t dst)
{
    for (uint32_t i = t->sp - n; i < t->sp; i++) {
        wr_tr_emit_move(t, &t->stack[i], dst);
        dst += wr_type_slots(t->stack[i].type);
    }
}

static void emit_return(tr *t)
{
    const wr_mfunctype *ft = t->code->type;
    uint32_t n = ft->nresults;
    if (n == 1 && wr_type_slots(ft->types[ft->nparams]) == 1) {
        /* The instruction that just computed the result writes it to slot 0 itself:
         * handlers read their operands before writing, so slot 0 may be one of them. */
        if (wr_tr_top_is_fresh(t)) {
            wr_tr_set(t, t->prod_start, F_DST, 0);
            wr_tr_clear_producer(t);
            wr_tr_emit(t, IOP_ret);
            return;
        }
        const entry *e = &t->stack[t->sp - 1];
        uint32_t src = wr_tr_use(t, e);
        wr_tr_set(t, wr_tr_emit(t, IOP_ret1), SRC, src);
        return;
    }
    /* Results go to slot 0 on, over the locals: stage lazy local reads in their homes
     * first so no local is overwritten before it is read. */
    for (uint32_t i = t->sp - n; i < t->sp; i++) {
        const entry *e = &t->stack[i];
        if (e->kind == ENTRY_LOCAL)
            wr_tr_emit_copy(t, e->type, e->home, e->local);
    }
    uint32_t dst = 0;
    for (uint32_t i = t->sp - n; i < t->sp; i++) {
        const entry *e = &t->stack[i];
        if (e->kind == ENTRY_CONST)
            wr_tr_emit_const(t, dst, e->bits);
        else
            wr_tr_emit_copy(t, e->type, dst, e->home);
        dst += wr_type_slots(e->type);
    }
    wr_tr_emit(t, IOP_ret);
}

/* An unconditional branch, values moved as needed. */
void wr_tr_emit_branch(tr *t, uint32_t depth)
{
    ctl *c = wr_tr_label(t, depth);
    if (c->kind == CTL_FUNC) {
        emit_return(t);
        return;
    }
    uint32_t n = label_arity(c);
    emit_moves(t, n, c->home);
    emit_br(t, c);
}

void wr_tr_mark_unreachable(tr *t)
{
    ctl *c = wr_tr_label(t, 0);
    c->unreachable = true;
    wr_tr_truncate_stack(t, c->height);
    wr_tr_clear_producer(t);
}

/* A family of comparisons that fuse with br_if / if: the comparison ops (with a constant
 * right operand too, or IOP_COUNT where there is no such form), the branch ops, and for
 * each comparison the index of its negation in the branch ops. */
enum {
    IMM_32,        /* i32: the constant is 32 bits */
    IMM_SIGNED_32, /* i64: fuses only when the constant sign-extends from 32 bits */
    IMM_64         /* f64: a word of its own */
};
typedef struct {
    const wr_iop *cmp, *cmp_imm, *br, *br_imm;
    const uint8_t *negated;
    uint32_t ncmps;
    int imm;
} cmp_family;

#define I32_CMP(name) IOP_i32_##name,
#define I32_CMP_IMM(name) IOP_i32_##name##_imm,
#define I32_BR(name) IOP_br_i32_##name,
#define I32_BR_IMM(name) IOP_br_i32_##name##_imm,
#define I64_CMP(name) IOP_i64_##name,
#define I64_CMP_IMM(name) IOP_i64_##name##_imm,
#define I64_BR(name) IOP_br_i64_##name,
#define I64_BR_IMM(name) IOP_br_i64_##name##_imm,
#define F64_BR(name) IOP_br_f64_##name,
#define F64_BR_IMM(name) IOP_br_f64_##name##_imm,
static const wr_iop i32_cmps[] = {WR_I32_CMPS(I32_CMP)};
static const wr_iop i32_cmps_imm[] = {WR_I32_CMPS(I32_CMP_IMM)};
static const wr_iop i32_brs[] = {WR_I32_CMPS(I32_BR)};
static const wr_iop i32_brs_imm[] = {WR_I32_CMPS(I32_BR_IMM)};
static const wr_iop i64_cmps[] = {WR_I32_CMPS(I64_CMP)};
static const wr_iop i64_cmps_imm[] = {WR_I32_CMPS(I64_CMP_IMM)};
static const wr_iop i64_brs[] = {WR_I32_CMPS(I64_BR)};
static const wr_iop i64_brs_imm[] = {WR_I32_CMPS(I64_BR_IMM)};
/* In WR_F64_BR_CMPS order; only the first six are wasm comparisons. */
static const wr_iop f64_cmps[] = {IOP_f64_eq, IOP_f64_ne, IOP_f64_lt,
                                  IOP_f64_gt, IOP_f64_le, IOP_f64_ge};
static const wr_iop f64_cmps_imm[] = {IOP_COUNT,        IOP_COUNT,        IOP_f64_lt_imm,
                                      IOP_f64_gt_imm,   IOP_f64_le_imm,   IOP_f64_ge_imm};
static const wr_iop f64_brs[] = {WR_F64_BR_CMPS(F64_BR)};
static const wr_iop f64_brs_imm[] = {WR_F64_BR_CMPS(F64_BR_IMM)};
#undef I32_CMP
#undef I32_CMP_IMM
#undef I32_BR
#undef I32_BR_IMM
#undef I64_CMP
#undef I64_CMP_IMM
#undef I64_BR
#undef I64_BR_IMM
#undef F64_BR
#undef F64_BR_IMM
/* In WR_I32_CMPS order: eq/ne, lt_s/ge_s, lt_u/ge_u, gt_s/le_s, gt_u/le_u. */
static const uint8_t int_negated[] = {1, 0, 8, 9, 6, 7, 4, 5, 2, 3};
/* In WR_F64_BR_CMPS order: eq/ne, and each ordered comparison with its n-form. */
static const uint8_t f64_negated[] = {1, 0, 6, 7, 8, 9};

static const cmp_family cmp_families[] = {
    {i32_cmps, i32_cmps_imm, i32_brs, i32_brs_imm, int_negated, 10, IMM_32},
    {i64_cmps, i64_cmps_imm, i64_brs, i64_brs_imm, int_negated, 10, IMM_SIGNED_32},
    {f64_cmps, f64_cmps_imm, f64_brs, f64_brs_imm, f64_negated, 6, IMM_64},
};

/* The fused branch for the comparison at p (op prod_op, BINARY or BINARY_IMM) just
 * emitted, if there is one. */
static bool fuse_cmp(const tr *t, uint32_t p, wr_iop prod_op, cond *out)
{
    for (size_t f = 0; f < sizeof cmp_families / sizeof cmp_families[0]; f++) {
        const cmp_family *fam = &cmp_families[f];
        for (uint32_t i = 0; i < fam->ncmps; i++) {
            bool imm = prod_op == fam->cmp_imm[i];
            if (prod_op != fam->cmp[i] && !imm)
                continue;
            const wr_iop *table = imm ? fam->br_imm : fam->br;
            *out = (cond){table[i], table[fam->negated[i]], wr_tr_get(t, p, BIN_A),
                          wr_tr_get(t, p, BIN_B), true, false, 0};
            if (!imm)
                return true;
            uint64_t bits = wr_tr_get_u64(t, p, BIN_IMM_WORD);
            if (fam->imm == IMM_64) {
                out->b = 0;
                out->imm64 = true;
                out->imm = bits;
            } else if (fam->imm == IMM_SIGNED_32 &&
                       bits != (uint64_t)(int64_t)(int32_t)(uint32_t)bits) {
                return false;
            }
            return true;
        }
    }
    return false;
}

/* Pops an i32 condition, fusing it with the comparison that just produced it. */
static cond pop_cond(tr *t)
{
    if (wr_tr_top_is_fresh(t)) {
        uint32_t p = t->prod_start;
        cond c;
        if (fuse_cmp(t, p, t->prod_op, &c)) {
            wr_tr_rewind_to(t, t->prod_start);
            wr_tr_pop(t);
            wr_tr_clear_producer(t);
            return c;
        }
        if (t->prod_op == IOP_i32_eqz) {
            c = (cond){IOP_br_unless, IOP_br_if, wr_tr_get(t, p, UN_A), 0, false, false, 0};
            wr_tr_rewind_to(t, t->prod_start);
            wr_tr_pop(t);
            wr_tr_clear_producer(t);
            return c;
        }
    }
    entry e = wr_tr_pop(t);
    return (cond){IOP_br_if, IOP_br_unless, wr_tr_use(t, &e), 0, false, false, 0};
}

/* Emits a conditional branch (BR_CMP, BR_CMP_IMM64 or BR_IF); returns the instruction,
 * whose target is left for target_field. */
static uint32_t emit_cond(tr *t, const cond *c, bool negate)
{
    uint32_t start = wr_tr_emit(t, negate ? c->neg_op : c->op);
    if (c->two_operands) {
        wr_tr_set(t, start, BR_CMP_A, c->a);
        wr_tr_set(t, start, BR_CMP_B, c->b);
        if (c->imm64)
            wr_tr_set_u64(t, start, BR_CMP_IMM64_WORD, c->imm);
    } else {
        wr_tr_set(t, start, BR_IF_COND, c->a);
    }
    return start;
}

static uint32_t target_field(const cond *c)
{
    return c->two_operands ? BR_CMP_TARGET : BR_IF_TARGET;
}

static void emit_br_if(tr *t, uint32_t depth)
{
    cond cd = pop_cond(t);
    ctl *c = wr_tr_label(t, depth);
    if (c->kind != CTL_FUNC && !needs_moves(t, c)) {
        link_branch(t, c, emit_cond(t, &cd, false), target_field(&cd));
        return;
    }
    uint32_t skip = NONE;
    wr_tr_add_fixup(t, &skip, emit_cond(t, &cd, true), target_field(&cd));
    wr_tr_emit_branch(t, depth);
    wr_tr_patch_list(t, skip, t->n);
    wr_tr_clear_producer(t);
}

/* A branch op of the BR_IF format on the reference in slot, to label depth: directly
 * when no values move, else around an unconditional branch by the opposite test. */
static void emit_ref_branch(tr *t, uint32_t depth, uint32_t slot, wr_iop op, wr_iop opposite)
{
    ctl *c = wr_tr_label(t, depth);
    if (c->kind != CTL_FUNC && !needs_moves(t, c)) {
        uint32_t insn = wr_tr_emit(t, op);
        wr_tr_set(t, insn, BR_IF_COND, slot);
        link_branch(t, c, insn, BR_IF_TARGET);
    } else {
        uint32_t skip = NONE;
        uint32_t insn = wr_tr_emit(t, opposite);
        wr_tr_set(t, insn, BR_IF_COND, slot);
        wr_tr_add_fixup(t, &skip, insn, BR_IF_TARGET);
        wr_tr_emit_branch(t, depth);
        wr_tr_patch_list(t, skip, t->n);
    }
    wr_tr_clear_producer(t);
}

/* br_on_null: the reference leaves the stack while the branch is taken (null), and stays
 * on it, in a slot of its own, when not. */
static void emit_br_on_null(tr *t, uint32_t depth)
{
    entry r = wr_tr_pop(t);
    uint32_t slot = wr_tr_use(t, &r);
    emit_ref_branch(t, depth, slot, IOP_br_null, IOP_br_non_null);
    entry *e = wr_tr_push(t, r.type);
    if (e && e->home != slot)
        wr_tr_emit_copy(t, r.type, e->home, slot);
    wr_tr_clear_producer(t);
}

/* br_on_non_null: the reference is the label's last value when the branch is taken, and
 * is dropped when not (null). */
static void emit_br_on_non_null(tr *t, uint32_t depth)
{
    wr_tr_materialize_top(t, 1);
    uint32_t slot = wr_tr_use(t, &t->stack[t->sp - 1]);
    emit_ref_branch(t, depth, slot, IOP_br_non_null, IOP_br_null);
    wr_tr_pop(t);
}

static void emit_br_table(tr *t, const wr_imm *imm)
{
    uint32_t count = imm->count;
    entry idx = wr_tr_pop(t);
    uint32_t idx_slot = wr_tr_use(t, &idx);
    uint32_t start = wr_tr_emit(t, IOP_br_table);
    wr_tr_set(t, start, BR_TABLE_INDEX, idx_slot);
    wr_tr_set(t, start, BR_TABLE_COUNT, count);
    /* count + 1 targets, two to a word (count is bounded by the body's size). */
    for (uint32_t i = 0; i <= count; i += 2)
        wr_tr_word(t);
    /* One stub per distinct target that needs moves. */
    uint32_t *stub = wr_mem_alloc(t->m->alloc, t->nctl, sizeof *stub);
    if (!stub) {
        t->oom = true;
        return;
    }
    for (uint32_t i = 0; i < t->nctl; i++)
        stub[i] = NONE;
    /* The labels, then the default one, as validated. */
    wr_reader labels = {.base = t->r.base, .pos = imm->labels, .end = t->r.pos};
    for (uint32_t i = 0; i <= count; i++) {
        uint32_t depth = i < count ? wr_read_u32(&labels) : imm->index;
        if (labels.err || depth >= t->nctl)
            break;
        ctl *c = wr_tr_label(t, depth);
        uint32_t field = BR_TABLE_TARGETS + i;
        if (c->kind != CTL_FUNC && !needs_moves(t, c)) {
            link_branch(t, c, start, field);
            continue;
        }
        if (stub[depth] == NONE) {
            stub[depth] = t->label_at = t->n;
            wr_tr_emit_branch(t, depth);
        }
        set_target(t, start, field, stub[depth]);
    }
    wr_mem_free(stub);
}

/* A block type read by the shared reader, as parameter and result sequences. */
static bool block_types(tr *t, const wr_imm *imm, uint32_t *np, const uint8_t **params,
                        uint32_t *nr, const uint8_t **results)
{
    *np = *nr = 0;
    *params = *results = NULL;
    if (imm->type == WR_BLOCK_EMPTY)
        return true;
    if (imm->type != WR_BLOCK_INDEXED) {
        *results = imm->bytes;
        *nr = 1;
        return true;
    }
    if (imm->index >= t->m->ntypes)
        return false;
    const wr_mfunctype *ft = &t->m->types[imm->index];
    *np = ft->nparams;
    *params = ft->types;
    *nr = ft->nresults;
    *results = ft->types + ft->nparams;
    return true;
}

/* Opens a control frame; imm is the block type, NULL for the function's own frame. */
ctl *wr_tr_push_ctl(tr *t, uint8_t kind, const wr_imm *imm)
{
    uint32_t np, nr;
    const uint8_t *params, *results;
    if (kind != CTL_FUNC && !block_types(t, imm, &np, &params, &nr, &results)) {
        wr_reader_fail(&t->r, "unknown type");
        return NULL;
    }
    if (kind == CTL_FUNC) {
        np = 0;
        params = NULL;
        nr = t->code->type->nresults;
        results = t->code->type->types + t->code->type->nparams;
    }
    if (np > t->sp || !wr_tr_grow(t->m->alloc, (void **)&t->ctls, &t->ctl_cap, sizeof *t->ctls,
                                  t->nctl + 1)) {
        t->oom = true;
        return NULL;
    }
    ctl *c = &t->ctls[t->nctl++];
    uint32_t height = t->sp - np;
    *c = (ctl){.kind = kind, .height = height, .nparams = np, .nresults = nr,
               .params = params, .results = results, .loop_pc = t->label_at = t->n, .fixups = NONE,
               .else_fixup = NONE};
    c->home = np ? t->stack[height].home : wr_tr_next_home(t);
    wr_tr_clear_producer(t);
    return c;
}

static void do_else(tr *t)
{
    ctl *c = wr_tr_label(t, 0);
    if (!c->unreachable) {
        wr_tr_materialize_top(t, c->nresults);
        emit_br(t, c);
    }
    wr_tr_patch_list(t, c->else_fixup, t->n);
    c->else_fixup = NONE;
    wr_tr_truncate_stack(t, c->height);
    wr_tr_push_types(t, c->nparams, c->params);
    c->kind = CTL_ELSE;
    c->unreachable = false;
    wr_tr_clear_producer(t);
}

static void do_end(tr *t)
{
    ctl *c = wr_tr_label(t, 0);
    if (c->kind == CTL_FUNC) {
        if (!c->unreachable)
            emit_return(t);
        t->nctl--;
        return;
    }
    if (!c->unreachable)
        wr_tr_materialize_top(t, c->nresults);
    wr_tr_patch_list(t, c->else_fixup, t->n);
    wr_tr_patch_list(t, c->fixups, t->n);
    if (c->try_count)
        wr_tr_end_try(t, c);
    wr_tr_truncate_stack(t, c->height);
    wr_tr_push_types(t, c->nresults, c->results);
    t->nctl--;
    wr_tr_clear_producer(t);
}

static void emit_if(tr *t, const wr_imm *imm)
{
    cond cd = pop_cond(t);
    wr_tr_materialize_all(t);
    if (!wr_tr_push_ctl(t, CTL_IF, imm))
        return;
    wr_tr_add_fixup(t, &wr_tr_label(t, 0)->else_fixup, emit_cond(t, &cd, true), target_field(&cd));
}

/* The control instructions (block structure, branches, return); false for any other op. */
bool wr_tr_control(tr *t, uint8_t op, const wr_imm *imm)
{
    switch (op) {
    case OP_unreachable:
        wr_tr_emit(t, IOP_unreachable);
        wr_tr_mark_unreachable(t);
        return true;
    case OP_nop:
        return true;
    case OP_block:
    case OP_loop:
        wr_tr_materialize_all(t);
        wr_tr_push_ctl(t, op == OP_block ? CTL_BLOCK : CTL_LOOP, imm);
        return true;
    case OP_if:
        emit_if(t, imm);
        return true;
    case OP_else:
        do_else(t);
        return true;
    case OP_end:
        do_end(t);
        return true;
    case OP_br:
        wr_tr_emit_branch(t, imm->index);
        wr_tr_mark_unreachable(t);
        return true;
    case OP_br_if:
        emit_br_if(t, imm->index);
        return true;
    case OP_br_on_null:
        emit_br_on_null(t, imm->index);
        return true;
    case OP_br_on_non_null:
        emit_br_on_non_null(t, imm->index);
        return true;
    case OP_br_table:
        emit_br_table(t, imm);
        wr_tr_mark_unreachable(t);
        return true;
    case OP_return:
        emit_return(t);
        wr_tr_mark_unreachable(t);
        return true;
    default:
        return wr_tr_exceptions(t, op, imm);
    }
}
