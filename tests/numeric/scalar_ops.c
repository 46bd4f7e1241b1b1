/*
 * Every scalar numeric opcode (0x45-0xC4 and the 0xFC saturating truncations) written the
 * way the interpreter is meant to write it: numeric.h where plain C is not exact, plain
 * C elsewhere. The spec-driven test checks these against the testsuite, which checks
 * numeric.h and the plain casts it documents as exact.
 */
#include "scalar_ops.h"

#include <math.h>

#include "decode/opcodes.h"
#include "interp/numeric.h"

static uint64_t from_f32(float x) { return wr_f32_bits(x); }
static uint64_t from_f64(double x) { return wr_f64_bits(x); }

static int eval_fc(uint32_t op, const uint64_t *args, scalar_result *out)
{
    float f = wr_f32_from_bits((uint32_t)args[0]);
    double d = wr_f64_from_bits(args[0]);
    switch (op) {
    case OPFC_i32_trunc_sat_f32_s: out->value = (uint32_t)wr_i32_trunc_sat_f32_s(f); return 1;
    case OPFC_i32_trunc_sat_f32_u: out->value = wr_i32_trunc_sat_f32_u(f); return 1;
    case OPFC_i32_trunc_sat_f64_s: out->value = (uint32_t)wr_i32_trunc_sat_f64_s(d); return 1;
    case OPFC_i32_trunc_sat_f64_u: out->value = wr_i32_trunc_sat_f64_u(d); return 1;
    case OPFC_i64_trunc_sat_f32_s: out->value = (uint64_t)wr_i64_trunc_sat_f32_s(f); return 1;
    case OPFC_i64_trunc_sat_f32_u: out->value = wr_i64_trunc_sat_f32_u(f); return 1;
    case OPFC_i64_trunc_sat_f64_s: out->value = (uint64_t)wr_i64_trunc_sat_f64_s(d); return 1;
    case OPFC_i64_trunc_sat_f64_u: out->value = wr_i64_trunc_sat_f64_u(d); return 1;
    default: return 0;
    }
}

static int eval_int(uint32_t op, const uint64_t *args, scalar_result *out)
{
    uint32_t a = (uint32_t)args[0], b = (uint32_t)args[1];
    uint64_t x = args[0], y = args[1];
    uint32_t r32 = 0;
    uint64_t r64 = 0;
    switch (op) {
    case OP_i32_eqz: out->value = a == 0; return 1;
    case OP_i32_eq: out->value = a == b; return 1;
    case OP_i32_ne: out->value = a != b; return 1;
    case OP_i32_lt_s: out->value = (int32_t)a < (int32_t)b; return 1;
    case OP_i32_lt_u: out->value = a < b; return 1;
    case OP_i32_gt_s: out->value = (int32_t)a > (int32_t)b; return 1;
    case OP_i32_gt_u: out->value = a > b; return 1;
    case OP_i32_le_s: out->value = (int32_t)a <= (int32_t)b; return 1;
    case OP_i32_le_u: out->value = a <= b; return 1;
    case OP_i32_ge_s: out->value = (int32_t)a >= (int32_t)b; return 1;
    case OP_i32_ge_u: out->value = a >= b; return 1;
    case OP_i64_eqz: out->value = x == 0; return 1;
    case OP_i64_eq: out->value = x == y; return 1;
    case OP_i64_ne: out->value = x != y; return 1;
    case OP_i64_lt_s: out->value = (int64_t)x < (int64_t)y; return 1;
    case OP_i64_lt_u: out->value = x < y; return 1;
    case OP_i64_gt_s: out->value = (int64_t)x > (int64_t)y; return 1;
    case OP_i64_gt_u: out->value = x > y; return 1;
    case OP_i64_le_s: out->value = (int64_t)x <= (int64_t)y; return 1;
    case OP_i64_le_u: out->value = x <= y; return 1;
    case OP_i64_ge_s: out->value = (int64_t)x >= (int64_t)y; return 1;
    case OP_i64_ge_u: out->value = x >= y; return 1;
    case OP_i32_clz: out->value = wr_i32_clz(a); return 1;
    case OP_i32_ctz: out->value = wr_i32_ctz(a); return 1;
    case OP_i32_popcnt: out->value = wr_i32_popcnt(a); return 1;
    case OP_i32_add: out->value = (uint32_t)(a + b); return 1;
    case OP_i32_sub: out->value = (uint32_t)(a - b); return 1;
    case OP_i32_mul: out->value = (uint32_t)(a * b); return 1;
    case OP_i32_div_s: out->trap = wr_i32_div_s(a, b, &r32); out->value = r32; return 1;
    case OP_i32_div_u: out->trap = wr_i32_div_u(a, b, &r32); out->value = r32; return 1;
    case OP_i32_rem_s: out->trap = wr_i32_rem_s(a, b, &r32); out->value = r32; return 1;
    case OP_i32_rem_u: out->trap = wr_i32_rem_u(a, b, &r32); out->value = r32; return 1;
    case OP_i32_and: out->value = a & b; return 1;
    case OP_i32_or: out->value = a | b; return 1;
    case OP_i32_xor: out->value = a ^ b; return 1;
    case OP_i32_shl: out->value = (uint32_t)(a << (b & 31)); return 1;
    case OP_i32_shr_s: out->value = (uint32_t)((int32_t)a >> (b & 31)); return 1;
    case OP_i32_shr_u: out->value = a >> (b & 31); return 1;
    case OP_i32_rotl: out->value = wr_i32_rotl(a, b); return 1;
    case OP_i32_rotr: out->value = wr_i32_rotr(a, b); return 1;
    case OP_i64_clz: out->value = wr_i64_clz(x); return 1;
    case OP_i64_ctz: out->value = wr_i64_ctz(x); return 1;
    case OP_i64_popcnt: out->value = wr_i64_popcnt(x); return 1;
    case OP_i64_add: out->value = x + y; return 1;
    case OP_i64_sub: out->value = x - y; return 1;
    case OP_i64_mul: out->value = x * y; return 1;
    case OP_i64_div_s: out->trap = wr_i64_div_s(x, y, &r64); out->value = r64; return 1;
    case OP_i64_div_u: out->trap = wr_i64_div_u(x, y, &r64); out->value = r64; return 1;
    case OP_i64_rem_s: out->trap = wr_i64_rem_s(x, y, &r64); out->value = r64; return 1;
    case OP_i64_rem_u: out->trap = wr_i64_rem_u(x, y, &r64); out->value = r64; return 1;
    case OP_i64_and: out->value = x & y; return 1;
    case OP_i64_or: out->value = x | y; return 1;
    case OP_i64_xor: out->value = x ^ y; return 1;
    case OP_i64_shl: out->value = x << (y & 63); return 1;
    case OP_i64_shr_s: out->value = (uint64_t)((int64_t)x >> (y & 63)); return 1;
    case OP_i64_shr_u: out->value = x >> (y & 63); return 1;
    case OP_i64_rotl: out->value = wr_i64_rotl(x, y); return 1;
    case OP_i64_rotr: out->value = wr_i64_rotr(x, y); return 1;
    case OP_i32_wrap_i64: out->value = (uint32_t)x; return 1;
    case OP_i64_extend_i32_s: out->value = (uint64_t)(int64_t)(int32_t)a; return 1;
    case OP_i64_extend_i32_u: out->value = a; return 1;
    case OP_i32_extend8_s: out->value = (uint32_t)(int32_t)(int8_t)a; return 1;
    case OP_i32_extend16_s: out->value = (uint32_t)(int32_t)(int16_t)a; return 1;
    case OP_i64_extend8_s: out->value = (uint64_t)(int64_t)(int8_t)x; return 1;
    case OP_i64_extend16_s: out->value = (uint64_t)(int64_t)(int16_t)x; return 1;
    case OP_i64_extend32_s: out->value = (uint64_t)(int64_t)(int32_t)x; return 1;
    default: return 0;
    }
}

static int eval_float(uint32_t op, const uint64_t *args, scalar_result *out)
{
    float f = wr_f32_from_bits((uint32_t)args[0]), g = wr_f32_from_bits((uint32_t)args[1]);
    double d = wr_f64_from_bits(args[0]), e = wr_f64_from_bits(args[1]);
    int32_t s32 = 0;
    uint32_t u32 = 0;
    int64_t s64 = 0;
    uint64_t u64 = 0;
    switch (op) {
    case OP_f32_eq: out->value = f == g; return 1;
    case OP_f32_ne: out->value = f != g; return 1;
    case OP_f32_lt: out->value = f < g; return 1;
    case OP_f32_gt: out->value = f > g; return 1;
    case OP_f32_le: out->value = f <= g; return 1;
    case OP_f32_ge: out->value = f >= g; return 1;
    case OP_f64_eq: out->value = d == e; return 1;
    case OP_f64_ne: out->value = d != e; return 1;
    case OP_f64_lt: out->value = d < e; return 1;
    case OP_f64_gt: out->value = d > e; return 1;
    case OP_f64_le: out->value = d <= e; return 1;
    case OP_f64_ge: out->value = d >= e; return 1;
    case OP_f32_abs: out->value = from_f32(wr_f32_abs(f)); return 1;
    case OP_f32_neg: out->value = from_f32(wr_f32_neg(f)); return 1;
    case OP_f32_ceil: out->value = from_f32(wr_f32_ceil(f)); return 1;
    case OP_f32_floor: out->value = from_f32(wr_f32_floor(f)); return 1;
    case OP_f32_trunc: out->value = from_f32(wr_f32_trunc(f)); return 1;
    case OP_f32_nearest: out->value = from_f32(wr_f32_nearest(f)); return 1;
    case OP_f32_sqrt: out->value = from_f32(sqrtf(f)); return 1;
    case OP_f32_add: out->value = from_f32(f + g); return 1;
    case OP_f32_sub: out->value = from_f32(f - g); return 1;
    case OP_f32_mul: out->value = from_f32(f * g); return 1;
    case OP_f32_div: out->value = from_f32(f / g); return 1;
    case OP_f32_min: out->value = from_f32(wr_f32_min(f, g)); return 1;
    case OP_f32_max: out->value = from_f32(wr_f32_max(f, g)); return 1;
    case OP_f32_copysign: out->value = from_f32(wr_f32_copysign(f, g)); return 1;
    case OP_f64_abs: out->value = from_f64(wr_f64_abs(d)); return 1;
    case OP_f64_neg: out->value = from_f64(wr_f64_neg(d)); return 1;
    case OP_f64_ceil: out->value = from_f64(wr_f64_ceil(d)); return 1;
    case OP_f64_floor: out->value = from_f64(wr_f64_floor(d)); return 1;
    case OP_f64_trunc: out->value = from_f64(wr_f64_trunc(d)); return 1;
    case OP_f64_nearest: out->value = from_f64(wr_f64_nearest(d)); return 1;
    case OP_f64_sqrt: out->value = from_f64(sqrt(d)); return 1;
    case OP_f64_add: out->value = from_f64(d + e); return 1;
    case OP_f64_sub: out->value = from_f64(d - e); return 1;
    case OP_f64_mul: out->value = from_f64(d * e); return 1;
    case OP_f64_div: out->value = from_f64(d / e); return 1;
    case OP_f64_min: out->value = from_f64(wr_f64_min(d, e)); return 1;
    case OP_f64_max: out->value = from_f64(wr_f64_max(d, e)); return 1;
    case OP_f64_copysign: out->value = from_f64(wr_f64_copysign(d, e)); return 1;
    case OP_i32_trunc_f32_s:
        out->trap = wr_i32_trunc_f32_s(f, &s32);
        out->value = (uint32_t)s32;
        return 1;
    case OP_i32_trunc_f32_u: out->trap = wr_i32_trunc_f32_u(f, &u32); out->value = u32; return 1;
    case OP_i32_trunc_f64_s:
        out->trap = wr_i32_trunc_f64_s(d, &s32);
        out->value = (uint32_t)s32;
        return 1;
    case OP_i32_trunc_f64_u: out->trap = wr_i32_trunc_f64_u(d, &u32); out->value = u32; return 1;
    case OP_i64_trunc_f32_s:
        out->trap = wr_i64_trunc_f32_s(f, &s64);
        out->value = (uint64_t)s64;
        return 1;
    case OP_i64_trunc_f32_u: out->trap = wr_i64_trunc_f32_u(f, &u64); out->value = u64; return 1;
    case OP_i64_trunc_f64_s:
        out->trap = wr_i64_trunc_f64_s(d, &s64);
        out->value = (uint64_t)s64;
        return 1;
    case OP_i64_trunc_f64_u: out->trap = wr_i64_trunc_f64_u(d, &u64); out->value = u64; return 1;
    case OP_f32_convert_i32_s: out->value = from_f32((float)(int32_t)args[0]); return 1;
    case OP_f32_convert_i32_u: out->value = from_f32((float)(uint32_t)args[0]); return 1;
    case OP_f32_convert_i64_s: out->value = from_f32((float)(int64_t)args[0]); return 1;
    case OP_f32_convert_i64_u: out->value = from_f32(wr_f32_convert_i64_u(args[0])); return 1;
    case OP_f32_demote_f64: out->value = from_f32((float)d); return 1;
    case OP_f64_convert_i32_s: out->value = from_f64((double)(int32_t)args[0]); return 1;
    case OP_f64_convert_i32_u: out->value = from_f64((double)(uint32_t)args[0]); return 1;
    case OP_f64_convert_i64_s: out->value = from_f64((double)(int64_t)args[0]); return 1;
    case OP_f64_convert_i64_u: out->value = from_f64(wr_f64_convert_i64_u(args[0])); return 1;
    case OP_f64_promote_f32: out->value = from_f64((double)f); return 1;
    case OP_i32_reinterpret_f32:
    case OP_f32_reinterpret_i32: out->value = (uint32_t)args[0]; return 1;
    case OP_i64_reinterpret_f64:
    case OP_f64_reinterpret_i64: out->value = args[0]; return 1;
    default: return 0;
    }
}

int scalar_eval(uint32_t prefix, uint32_t op, const uint64_t *args, scalar_result *out)
{
    out->trap = WR_TRAP_NONE;
    out->value = 0;
    if (prefix == 0xFC) return eval_fc(op, args, out);
    if (prefix != 0) return 0;
    return eval_int(op, args, out) || eval_float(op, args, out);
}
