/* Translation of SIMD (0xFD) instructions; see translate.c for the pass itself. */
#include <string.h>

#include "decode/ops.h"
#include "interp/simd.h"
#include "interp/simd_mem.h"
#include "interp/translator.h"

/* ---------------------------------------------------------------- SIMD */

static uint32_t simd_operand_kind(uint8_t type)
{
    switch (type) {
    case WR_V128: return WR_SIMD_V128;
    case WR_I32: case WR_F32: return WR_SIMD_S32;
    default: return WR_SIMD_S64;
    }
}

/* The op with a handler of its own, or IOP_COUNT. */
static wr_iop inline_op(uint32_t sub)
{
    switch (sub) {
#define INLINE_CASE(name) case OPFD_##name: return IOP_simd_##name;
        WR_SIMD_INLINE_OPS(INLINE_CASE)
#undef INLINE_CASE
    default: return IOP_COUNT;
    }
}

static void emit_inline(tr *t, wr_iop op)
{
    entry b = wr_tr_pop(t);
    entry a = wr_tr_pop(t);
    uint32_t sa = wr_tr_use(t, &a);
    uint32_t sb = wr_tr_use(t, &b);
    entry *r = wr_tr_push(t, WR_V128);
    if (!r)
        return;
    uint32_t start = wr_tr_emit(t, op);
    wr_tr_set(t, start, F_DST, r->home);
    wr_tr_set(t, start, BIN_A, sa);
    wr_tr_set(t, start, BIN_B, sb);
    wr_tr_set_producer(t, start, op);
}

static void emit_simd_fn(tr *t, uint32_t sub, const wr_opinfo *sig, const wr_imm *in)
{
    wr_iop inline_iop = inline_op(sub);
    if (inline_iop != IOP_COUNT) {
        emit_inline(t, inline_iop);
        return;
    }
    wr_simd_fn fn = wr_simd_fn_for(sub);
    if (!fn) {
        wr_reader_fail(&t->r, "illegal opcode");
        return;
    }
    uint32_t imm = sig->imm == WR_IMM_LANE ? in->lane : 0;
    entry args[3];
    uint32_t slots[3] = {0, 0, 0};
    uint32_t shape = 0;
    for (uint32_t i = sig->nparams; i-- > 0;)
        args[i] = wr_tr_pop(t);
    for (uint32_t i = 0; i < 3; i++) {
        if (i < sig->nparams) {
            slots[i] = wr_tr_use(t, &args[i]);
            shape |= simd_operand_kind(sig->params[i]) << (2 * i);
        } else {
            shape |= (uint32_t)WR_SIMD_NONE << (2 * i);
        }
    }
    if (sig->result != WR_V128)
        shape |= WR_SIMD_SCALAR_RESULT;
    entry *r = wr_tr_push(t, sig->result);
    if (!r)
        return;
    /* Two vectors in, one out: the common case, with its own handler. */
    uint32_t vv_shape = WR_SIMD_V128 | WR_SIMD_V128 << 2 | (uint32_t)WR_SIMD_NONE << 4;
    wr_iop op = shape == vv_shape ? IOP_simd_vv : IOP_simd;
    uint32_t start = wr_tr_emit(t, op);
    wr_tr_set(t, start, F_DST, r->home);
    wr_tr_set(t, start, SIMD_A, slots[0]);
    wr_tr_set(t, start, SIMD_B, slots[1]);
    wr_tr_set(t, start, SIMD_C, slots[2]);
    wr_tr_set_ptr(t, start, SIMD_FN_WORD, (const void *)fn);
    wr_tr_set(t, start, SIMD_IMM, imm);
    wr_tr_set(t, start, SIMD_SHAPE, shape);
    wr_tr_set_producer(t, start, op);
}

/* The alignment is only a hint. */
static void emit_simd_memory(tr *t, uint32_t sub, const wr_opinfo *sig, const wr_imm *imm)
{
    if (wr_tr_is_memx(t, imm)) {
        wr_tr_memx(t, sig, imm);
        return;
    }
    uint32_t offset = (uint32_t)imm->offset; /* a 32-bit memory 0's */
    uint32_t lane = sig->imm == WR_IMM_MEMARG_LANE ? imm->lane : 0;
    uint32_t addend = 0, sa;
    bool folded = wr_tr_fold_address(t, t->sp - sig->nparams, &sa, &addend);
    entry v = {0};
    if (sig->nparams == 2)
        v = wr_tr_pop(t);
    entry a = wr_tr_pop(t);
    uint32_t sv = sig->nparams == 2 ? wr_tr_use(t, &v) : 0;
    if (!folded)
        sa = wr_tr_use(t, &a);
    if (!sig->nresults) {
        bool whole = sig->imm == WR_IMM_MEMARG;
        uint32_t start = wr_tr_emit(t, whole ? IOP_simd_store : IOP_simd_store_lane);
        wr_tr_set(t, start, MEM_STORE_ADDRESS, sa);
        wr_tr_set(t, start, MEM_VALUE, sv);
        wr_tr_set(t, start, MEM_OFFSET, offset);
        wr_tr_set(t, start, MEM_ADDEND, addend);
        if (!whole) {
            wr_tr_set(t, start, MEM_X, lane);
            wr_tr_set(t, start, MEM_Y, wr_simd_lane_bytes(sub));
        }
        wr_tr_clear_producer(t);
        return;
    }
    entry *r = wr_tr_push(t, WR_V128);
    if (!r)
        return;
    bool whole = sig->imm == WR_IMM_MEMARG;
    wr_iop op = !whole ? IOP_simd_load_lane : sub == OPFD_v128_load ? IOP_v128_load : IOP_simd_load;
    uint32_t start = wr_tr_emit(t, op);
    wr_tr_set(t, start, F_DST, r->home);
    wr_tr_set(t, start, MEM_LOAD_ADDRESS, sa);
    wr_tr_set(t, start, MEM_OFFSET, offset);
    wr_tr_set(t, start, MEM_ADDEND, addend);
    if (whole) {
        wr_tr_set(t, start, MEM_X, sub);
        wr_tr_set(t, start, MEM_Y, wr_simd_load_bytes(sub));
    } else {
        wr_tr_set(t, start, MEM_X, sv);
        wr_tr_set(t, start, MEM_Y, lane | wr_simd_lane_bytes(sub) << 8);
    }
    wr_tr_set_producer(t, start, IOP_simd_load);
}

void wr_tr_simd(tr *t, const wr_opinfo *sig, const wr_imm *imm)
{
    uint32_t sub = sig->code;
    if (sig->imm == WR_IMM_MEMARG || sig->imm == WR_IMM_MEMARG_LANE) {
        emit_simd_memory(t, sub, sig, imm);
        return;
    }
    if (sig->imm == WR_IMM_V128 || sig->imm == WR_IMM_SHUFFLE) {
        const uint8_t *bytes = imm->bytes;
        uint64_t lo, hi;
        memcpy(&lo, bytes, 8);
        memcpy(&hi, bytes + 8, 8);
        uint32_t sa = 0, sb = 0;
        if (sig->imm == WR_IMM_SHUFFLE) {
            entry b = wr_tr_pop(t);
            entry a = wr_tr_pop(t);
            sa = wr_tr_use(t, &a);
            sb = wr_tr_use(t, &b);
        }
        entry *e = wr_tr_push(t, WR_V128);
        if (!e)
            return;
        wr_iop op = sig->imm == WR_IMM_SHUFFLE ? IOP_simd_shuffle : IOP_const128;
        uint32_t start = wr_tr_emit(t, op);
        wr_tr_set(t, start, F_DST, e->home);
        wr_tr_set(t, start, BIN_A, sa);
        wr_tr_set(t, start, BIN_B, sb);
        wr_tr_set_u64(t, start, V128_WORD, lo);
        wr_tr_set_u64(t, start, V128_WORD + 1, hi);
        wr_tr_set_producer(t, start, op);
        return;
    }
    emit_simd_fn(t, sub, sig, imm);
}
