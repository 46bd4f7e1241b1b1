/*
 * Constant expressions (global initialisers, segment offsets, element expressions).
 * In 2.0 they are one constant instruction and `end`; 3.0 adds i32/i64 add, sub and mul,
 * so an expression may be a sequence (typed by the validator). Instructions that exist but are not
 * constant make the module invalid, not malformed; bytes that are no instruction at all
 * are malformed.
 */
#include <string.h>

#include "decode/decoder.h"
#include "decode/ops.h"

/* Stops the decoder for an instruction that may not appear in a constant expression. */
static void not_constant(wr_decoder *d, size_t pos, bool exists)
{
    if (exists)
        decode_stop(d, WR_ERR_INVALID, pos, "constant expression required");
    else
        decode_fail(d, pos, "illegal opcode");
}

static void decode_prefixed(wr_decoder *d, wr_constexpr *x, size_t pos)
{
    uint32_t sub = wr_read_u32(&d->r);
    if (!decode_ok(d))
        return;
    if (x->op == OP_prefix_fd && sub == OPFD_v128_const) {
        wr_imm imm;
        if (wr_read_imm(&d->r, WR_IMM_V128, &imm))
            memcpy(x->u.v128, imm.bytes, 16);
        x->type = WR_V128;
        return;
    }
    bool exists = (x->op == OP_prefix_fc ? wr_opinfo_fc(sub) : wr_opinfo_fd(sub)) != NULL;
    not_constant(d, pos, exists);
}

void wr_decode_constexpr(wr_decoder *d, wr_constexpr *expr)
{
    wr_reader *r = &d->r;
    size_t first = r->pos;
    unsigned ninstrs = 0;
    *expr = (wr_constexpr){.offset = (uint32_t)first};
    for (;;) {
        size_t pos = r->pos;
        uint8_t op = wr_read_u8(r);
        if (!decode_ok(d) || op == OP_end)
            break;
        wr_constexpr x = {.op = op, .offset = (uint32_t)pos};
        const wr_opinfo *info = wr_opinfo_single(op);
        wr_imm imm = {0};
        switch (op) {
        case OP_i32_const:
        case OP_i64_const:
        case OP_f32_const:
        case OP_f64_const:
            wr_read_imm(r, (wr_immkind)info->imm, &imm);
            x.type = info->result;
            x.u.bits = imm.bits;
            break;
        case OP_ref_null:
            wr_read_imm(r, WR_IMM_REFTYPE, &imm);
            x.type = (wr_valtype)imm.type;
            break;
        case OP_ref_func:
            /* Its type, (ref $t), is filled in by the validator once functions are known. */
            wr_read_imm(r, WR_IMM_INDEX, &imm);
            x.type = (wr_valtype)(WR_FUNCREF | WR_REF_NONNULL);
            x.u.index = imm.index;
            break;
        case OP_global_get:
            /* Its type is filled in once all globals are known. */
            wr_read_imm(r, WR_IMM_INDEX, &imm);
            x.u.index = imm.index;
            break;
        case OP_i32_add: case OP_i32_sub: case OP_i32_mul:
        case OP_i64_add: case OP_i64_sub: case OP_i64_mul:
            x.type = info->result;
            break;
        case OP_prefix_fc:
        case OP_prefix_fd:
            decode_prefixed(d, &x, pos);
            break;
        default:
            not_constant(d, pos, wr_opinfo_single(op) != NULL);
            break;
        }
        if (!decode_ok(d))
            return;
        if (ninstrs++ == 0)
            *expr = x;
        else
            *expr = (wr_constexpr){.op = WR_CONST_SEQ, .offset = (uint32_t)first};
    }
    if (decode_ok(d) && ninstrs == 0)
        decode_stop(d, WR_ERR_INVALID, first, "type mismatch");
}
