/*
 * The C spelling of every scalar operator with a fixed signature: a printf template over
 * the operand variables (%1$s the first operand, %2$s the second), or the numeric.h
 * function of a trapping operator. Types come from src/validate/opsig.h; the helpers
 * named here are the interpreter's own (src/interp/numeric.h, embedded in the prelude).
 */
#include "compile/ops.h"

#include <stdbool.h>
#include <stddef.h>

#include "decode/opcodes.h"

#define E(op, text) [OP_##op] = {text, NULL, NULL}
#define T(op, fn, ctype) [OP_##op] = {NULL, fn, ctype}

static const wrc_opspell single[256] = {
    E(i32_eqz, "%1$s == 0"),
    E(i32_eq, "%1$s == %2$s"),
    E(i32_ne, "%1$s != %2$s"),
    E(i32_lt_s, "(int32_t)%1$s < (int32_t)%2$s"),
    E(i32_lt_u, "%1$s < %2$s"),
    E(i32_gt_s, "(int32_t)%1$s > (int32_t)%2$s"),
    E(i32_gt_u, "%1$s > %2$s"),
    E(i32_le_s, "(int32_t)%1$s <= (int32_t)%2$s"),
    E(i32_le_u, "%1$s <= %2$s"),
    E(i32_ge_s, "(int32_t)%1$s >= (int32_t)%2$s"),
    E(i32_ge_u, "%1$s >= %2$s"),
    E(i64_eqz, "%1$s == 0"),
    E(i64_eq, "%1$s == %2$s"),
    E(i64_ne, "%1$s != %2$s"),
    E(i64_lt_s, "(int64_t)%1$s < (int64_t)%2$s"),
    E(i64_lt_u, "%1$s < %2$s"),
    E(i64_gt_s, "(int64_t)%1$s > (int64_t)%2$s"),
    E(i64_gt_u, "%1$s > %2$s"),
    E(i64_le_s, "(int64_t)%1$s <= (int64_t)%2$s"),
    E(i64_le_u, "%1$s <= %2$s"),
    E(i64_ge_s, "(int64_t)%1$s >= (int64_t)%2$s"),
    E(i64_ge_u, "%1$s >= %2$s"),
    E(f32_eq, "%1$s == %2$s"),
    E(f32_ne, "%1$s != %2$s"),
    E(f32_lt, "%1$s < %2$s"),
    E(f32_gt, "%1$s > %2$s"),
    E(f32_le, "%1$s <= %2$s"),
    E(f32_ge, "%1$s >= %2$s"),
    E(f64_eq, "%1$s == %2$s"),
    E(f64_ne, "%1$s != %2$s"),
    E(f64_lt, "%1$s < %2$s"),
    E(f64_gt, "%1$s > %2$s"),
    E(f64_le, "%1$s <= %2$s"),
    E(f64_ge, "%1$s >= %2$s"),
    E(i32_clz, "wr_i32_clz(%1$s)"),
    E(i32_ctz, "wr_i32_ctz(%1$s)"),
    E(i32_popcnt, "wr_i32_popcnt(%1$s)"),
    E(i32_add, "%1$s + %2$s"),
    E(i32_sub, "%1$s - %2$s"),
    E(i32_mul, "%1$s * %2$s"),
    T(i32_div_s, "wr_i32_div_s", "uint32_t"),
    T(i32_div_u, "wr_i32_div_u", "uint32_t"),
    T(i32_rem_s, "wr_i32_rem_s", "uint32_t"),
    T(i32_rem_u, "wr_i32_rem_u", "uint32_t"),
    E(i32_and, "%1$s & %2$s"),
    E(i32_or, "%1$s | %2$s"),
    E(i32_xor, "%1$s ^ %2$s"),
    E(i32_shl, "%1$s << (%2$s & 31)"),
    E(i32_shr_s, "(uint32_t)((int32_t)%1$s >> (%2$s & 31))"),
    E(i32_shr_u, "%1$s >> (%2$s & 31)"),
    E(i32_rotl, "wr_i32_rotl(%1$s, %2$s)"),
    E(i32_rotr, "wr_i32_rotr(%1$s, %2$s)"),
    E(i64_clz, "wr_i64_clz(%1$s)"),
    E(i64_ctz, "wr_i64_ctz(%1$s)"),
    E(i64_popcnt, "wr_i64_popcnt(%1$s)"),
    E(i64_add, "%1$s + %2$s"),
    E(i64_sub, "%1$s - %2$s"),
    E(i64_mul, "%1$s * %2$s"),
    T(i64_div_s, "wr_i64_div_s", "uint64_t"),
    T(i64_div_u, "wr_i64_div_u", "uint64_t"),
    T(i64_rem_s, "wr_i64_rem_s", "uint64_t"),
    T(i64_rem_u, "wr_i64_rem_u", "uint64_t"),
    E(i64_and, "%1$s & %2$s"),
    E(i64_or, "%1$s | %2$s"),
    E(i64_xor, "%1$s ^ %2$s"),
    E(i64_shl, "%1$s << (%2$s & 63)"),
    E(i64_shr_s, "(uint64_t)((int64_t)%1$s >> (%2$s & 63))"),
    E(i64_shr_u, "%1$s >> (%2$s & 63)"),
    E(i64_rotl, "wr_i64_rotl(%1$s, %2$s)"),
    E(i64_rotr, "wr_i64_rotr(%1$s, %2$s)"),
    E(f32_abs, "wr_f32_abs(%1$s)"),
    E(f32_neg, "wr_f32_neg(%1$s)"),
    E(f32_ceil, "wr_f32_ceil(%1$s)"),
    E(f32_floor, "wr_f32_floor(%1$s)"),
    E(f32_trunc, "wr_f32_trunc(%1$s)"),
    E(f32_nearest, "wr_f32_nearest(%1$s)"),
    E(f32_sqrt, "__builtin_sqrtf(%1$s)"),
    E(f32_add, "%1$s + %2$s"),
    E(f32_sub, "%1$s - %2$s"),
    E(f32_mul, "%1$s * %2$s"),
    E(f32_div, "%1$s / %2$s"),
    E(f32_min, "wr_f32_min(%1$s, %2$s)"),
    E(f32_max, "wr_f32_max(%1$s, %2$s)"),
    E(f32_copysign, "wr_f32_copysign(%1$s, %2$s)"),
    E(f64_abs, "wr_f64_abs(%1$s)"),
    E(f64_neg, "wr_f64_neg(%1$s)"),
    E(f64_ceil, "wr_f64_ceil(%1$s)"),
    E(f64_floor, "wr_f64_floor(%1$s)"),
    E(f64_trunc, "wr_f64_trunc(%1$s)"),
    E(f64_nearest, "wr_f64_nearest(%1$s)"),
    E(f64_sqrt, "__builtin_sqrt(%1$s)"),
    E(f64_add, "%1$s + %2$s"),
    E(f64_sub, "%1$s - %2$s"),
    E(f64_mul, "%1$s * %2$s"),
    E(f64_div, "%1$s / %2$s"),
    E(f64_min, "wr_f64_min(%1$s, %2$s)"),
    E(f64_max, "wr_f64_max(%1$s, %2$s)"),
    E(f64_copysign, "wr_f64_copysign(%1$s, %2$s)"),
    E(i32_wrap_i64, "(uint32_t)%1$s"),
    T(i32_trunc_f32_s, "wr_i32_trunc_f32_s", "int32_t"),
    T(i32_trunc_f32_u, "wr_i32_trunc_f32_u", "uint32_t"),
    T(i32_trunc_f64_s, "wr_i32_trunc_f64_s", "int32_t"),
    T(i32_trunc_f64_u, "wr_i32_trunc_f64_u", "uint32_t"),
    E(i64_extend_i32_s, "(uint64_t)(int64_t)(int32_t)%1$s"),
    E(i64_extend_i32_u, "(uint64_t)%1$s"),
    T(i64_trunc_f32_s, "wr_i64_trunc_f32_s", "int64_t"),
    T(i64_trunc_f32_u, "wr_i64_trunc_f32_u", "uint64_t"),
    T(i64_trunc_f64_s, "wr_i64_trunc_f64_s", "int64_t"),
    T(i64_trunc_f64_u, "wr_i64_trunc_f64_u", "uint64_t"),
    E(f32_convert_i32_s, "(float)(int32_t)%1$s"),
    E(f32_convert_i32_u, "(float)%1$s"),
    E(f32_convert_i64_s, "(float)(int64_t)%1$s"),
    E(f32_convert_i64_u, "wr_f32_convert_i64_u(%1$s)"),
    E(f32_demote_f64, "(float)%1$s"),
    E(f64_convert_i32_s, "(double)(int32_t)%1$s"),
    E(f64_convert_i32_u, "(double)%1$s"),
    E(f64_convert_i64_s, "(double)(int64_t)%1$s"),
    E(f64_convert_i64_u, "wr_f64_convert_i64_u(%1$s)"),
    /* The multiplication (kept by -fsignaling-nans) quiets a signaling NaN here, where C
     * compilers fold demote(promote(x)) back to x and would pass it through unquieted. */
    E(f64_promote_f32, "(double)(%1$s * 1.0f)"),
    E(i32_reinterpret_f32, "wr_f32_bits(%1$s)"),
    E(i64_reinterpret_f64, "wr_f64_bits(%1$s)"),
    E(f32_reinterpret_i32, "wr_f32_from_bits(%1$s)"),
    E(f64_reinterpret_i64, "wr_f64_from_bits(%1$s)"),
    E(i32_extend8_s, "(uint32_t)(int32_t)(int8_t)%1$s"),
    E(i32_extend16_s, "(uint32_t)(int32_t)(int16_t)%1$s"),
    E(i64_extend8_s, "(uint64_t)(int64_t)(int8_t)%1$s"),
    E(i64_extend16_s, "(uint64_t)(int64_t)(int16_t)%1$s"),
    E(i64_extend32_s, "(uint64_t)(int64_t)(int32_t)%1$s"),
};

#undef E
#define E(op, text) [OPFC_##op] = {text, NULL, NULL}

static const wrc_opspell fc[OPFC_COUNT] = {
    E(i32_trunc_sat_f32_s, "(uint32_t)wr_i32_trunc_sat_f32_s(%1$s)"),
    E(i32_trunc_sat_f32_u, "wr_i32_trunc_sat_f32_u(%1$s)"),
    E(i32_trunc_sat_f64_s, "(uint32_t)wr_i32_trunc_sat_f64_s(%1$s)"),
    E(i32_trunc_sat_f64_u, "wr_i32_trunc_sat_f64_u(%1$s)"),
    E(i64_trunc_sat_f32_s, "(uint64_t)wr_i64_trunc_sat_f32_s(%1$s)"),
    E(i64_trunc_sat_f32_u, "wr_i64_trunc_sat_f32_u(%1$s)"),
    E(i64_trunc_sat_f64_s, "(uint64_t)wr_i64_trunc_sat_f64_s(%1$s)"),
    E(i64_trunc_sat_f64_u, "wr_i64_trunc_sat_f64_u(%1$s)"),
};

const wrc_opspell *wrc_opspell_single(uint8_t op)
{
    const wrc_opspell *s = &single[op];
    return s->expr || s->trap_fn ? s : NULL;
}

const wrc_opspell *wrc_opspell_fc(uint32_t op)
{
    if (op >= OPFC_COUNT)
        return NULL;
    const wrc_opspell *s = &fc[op];
    return s->expr ? s : NULL;
}

/* SIMD operators C's vector extensions compute exactly (lane-wise wrapping integer
 * arithmetic, bitwise ops, IEEE float arithmetic and comparisons, as the interpreter's
 * own vector handlers do): the vector type and the expression over x and y. */
#define V(op, type, text) [OPFD_##op] = {type, text}

static const wrc_simdspell simd[OPFD_COUNT] = {
    V(v128_not, "u64x2", "~x"),
    V(v128_and, "u64x2", "x & y"),
    V(v128_andnot, "u64x2", "x & ~y"),
    V(v128_or, "u64x2", "x | y"),
    V(v128_xor, "u64x2", "x ^ y"),
    V(i8x16_eq, "u8x16", "(u8x16)(x == y)"),
    V(i8x16_ne, "u8x16", "(u8x16)(x != y)"),
    V(i8x16_add, "u8x16", "x + y"),
    V(i8x16_sub, "u8x16", "x - y"),
    V(i16x8_eq, "u16x8", "(u16x8)(x == y)"),
    V(i16x8_ne, "u16x8", "(u16x8)(x != y)"),
    V(i16x8_add, "u16x8", "x + y"),
    V(i16x8_sub, "u16x8", "x - y"),
    V(i16x8_mul, "u16x8", "x * y"),
    V(i32x4_eq, "u32x4", "(u32x4)(x == y)"),
    V(i32x4_ne, "u32x4", "(u32x4)(x != y)"),
    V(i32x4_add, "u32x4", "x + y"),
    V(i32x4_sub, "u32x4", "x - y"),
    V(i32x4_mul, "u32x4", "x * y"),
    V(i64x2_eq, "u64x2", "(u64x2)(x == y)"),
    V(i64x2_ne, "u64x2", "(u64x2)(x != y)"),
    V(i64x2_add, "u64x2", "x + y"),
    V(i64x2_sub, "u64x2", "x - y"),
    V(i64x2_mul, "u64x2", "x * y"),
    V(f32x4_eq, "f32x4", "(f32x4)(x == y)"),
    V(f32x4_ne, "f32x4", "(f32x4)(x != y)"),
    V(f32x4_lt, "f32x4", "(f32x4)(x < y)"),
    V(f32x4_gt, "f32x4", "(f32x4)(x > y)"),
    V(f32x4_le, "f32x4", "(f32x4)(x <= y)"),
    V(f32x4_ge, "f32x4", "(f32x4)(x >= y)"),
    V(f32x4_add, "f32x4", "x + y"),
    V(f32x4_sub, "f32x4", "x - y"),
    V(f32x4_mul, "f32x4", "x * y"),
    V(f32x4_div, "f32x4", "x / y"),
    V(f64x2_eq, "f64x2", "(f64x2)(x == y)"),
    V(f64x2_ne, "f64x2", "(f64x2)(x != y)"),
    V(f64x2_lt, "f64x2", "(f64x2)(x < y)"),
    V(f64x2_gt, "f64x2", "(f64x2)(x > y)"),
    V(f64x2_le, "f64x2", "(f64x2)(x <= y)"),
    V(f64x2_ge, "f64x2", "(f64x2)(x >= y)"),
    V(f64x2_add, "f64x2", "x + y"),
    V(f64x2_sub, "f64x2", "x - y"),
    V(f64x2_mul, "f64x2", "x * y"),
    V(f64x2_div, "f64x2", "x / y"),
};

const wrc_simdspell *wrc_simdspell_fd(uint32_t op)
{
    if (op >= OPFD_COUNT)
        return NULL;
    return simd[op].vtype ? &simd[op] : NULL;
}

/* Lane moves: the lane width in bytes and whether an extracted lane is sign-extended. */
#define L(op, width, is_signed) [OPFD_##op] = {width, is_signed}

static const wrc_lanespell lane_ops[OPFD_COUNT] = {
    L(i8x16_splat, 1, false), L(i16x8_splat, 2, false), L(i32x4_splat, 4, false),
    L(i64x2_splat, 8, false), L(f32x4_splat, 4, false), L(f64x2_splat, 8, false),
    L(i8x16_extract_lane_s, 1, true), L(i8x16_extract_lane_u, 1, false),
    L(i8x16_replace_lane, 1, false), L(i16x8_extract_lane_s, 2, true),
    L(i16x8_extract_lane_u, 2, false), L(i16x8_replace_lane, 2, false),
    L(i32x4_extract_lane, 4, false), L(i32x4_replace_lane, 4, false),
    L(i64x2_extract_lane, 8, false), L(i64x2_replace_lane, 8, false),
    L(f32x4_extract_lane, 4, false), L(f32x4_replace_lane, 4, false),
    L(f64x2_extract_lane, 8, false), L(f64x2_replace_lane, 8, false),
};

const wrc_lanespell *wrc_lanespell_fd(uint32_t op)
{
    if (op >= OPFD_COUNT)
        return NULL;
    return lane_ops[op].width ? &lane_ops[op] : NULL;
}
