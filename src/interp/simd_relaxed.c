/*
 * Relaxed SIMD (WebAssembly 3.0). The specification lets each of these ops choose among a
 * few results (fused or not, what an out-of-range lane gives); wr makes one fixed choice
 * per op, the same on every host and in every execution mode, so a program's results do
 * not depend on where it runs:
 *   - relaxed_swizzle, relaxed_trunc_*, relaxed_laneselect, relaxed_min/max and
 *     relaxed_q15mulr_s give exactly what their strict counterparts give (swizzle,
 *     trunc_sat_*, bitselect, min/max, q15mulr_sat_s): they are those ops here;
 *   - relaxed_madd/nmadd are not fused: a * b is rounded, then c is added (-(a * b) + c
 *     for nmadd), as mul then add would do;
 *   - relaxed_dot_i8x16_i7x16 treats both operands as signed bytes; the i16 sums of two
 *     products wrap, the i32 sums of four do not overflow.
 */
#include "interp/simd_lanes.h"

#include "decode/opcodes.h"

static const uint16_t strict_of[OPFD_COUNT] = {
    [OPFD_i8x16_relaxed_swizzle] = OPFD_i8x16_swizzle,
    [OPFD_i32x4_relaxed_trunc_f32x4_s] = OPFD_i32x4_trunc_sat_f32x4_s,
    [OPFD_i32x4_relaxed_trunc_f32x4_u] = OPFD_i32x4_trunc_sat_f32x4_u,
    [OPFD_i32x4_relaxed_trunc_f64x2_s_zero] = OPFD_i32x4_trunc_sat_f64x2_s_zero,
    [OPFD_i32x4_relaxed_trunc_f64x2_u_zero] = OPFD_i32x4_trunc_sat_f64x2_u_zero,
    [OPFD_i8x16_relaxed_laneselect] = OPFD_v128_bitselect,
    [OPFD_i16x8_relaxed_laneselect] = OPFD_v128_bitselect,
    [OPFD_i32x4_relaxed_laneselect] = OPFD_v128_bitselect,
    [OPFD_i64x2_relaxed_laneselect] = OPFD_v128_bitselect,
    [OPFD_f32x4_relaxed_min] = OPFD_f32x4_min,
    [OPFD_f32x4_relaxed_max] = OPFD_f32x4_max,
    [OPFD_f64x2_relaxed_min] = OPFD_f64x2_min,
    [OPFD_f64x2_relaxed_max] = OPFD_f64x2_max,
    [OPFD_i16x8_relaxed_q15mulr_s] = OPFD_i16x8_q15mulr_sat_s,
};

uint32_t wr_simd_strict_op(uint32_t opfd)
{
    return opfd < OPFD_COUNT && strict_of[opfd] ? strict_of[opfd] : opfd;
}

/* The product gets its own statement: compilers contract a * b + c into a fused multiply-add
 * only within one expression (clang's default), and gcc does not contract in ISO C mode. */

SIMD_FN(f32x4_relaxed_madd)
{
    (void)imm;
    wr_v128 t;
    for (int i = 0; i < 4; i++) {
        float p = a->f32[i] * b->f32[i];
        t.f32[i] = p + c->f32[i];
    }
    *r = t;
}

SIMD_FN(f32x4_relaxed_nmadd)
{
    (void)imm;
    wr_v128 t;
    for (int i = 0; i < 4; i++) {
        float p = a->f32[i] * b->f32[i];
        t.f32[i] = -p + c->f32[i];
    }
    *r = t;
}

SIMD_FN(f64x2_relaxed_madd)
{
    (void)imm;
    wr_v128 t;
    for (int i = 0; i < 2; i++) {
        double p = a->f64[i] * b->f64[i];
        t.f64[i] = p + c->f64[i];
    }
    *r = t;
}

SIMD_FN(f64x2_relaxed_nmadd)
{
    (void)imm;
    wr_v128 t;
    for (int i = 0; i < 2; i++) {
        double p = a->f64[i] * b->f64[i];
        t.f64[i] = -p + c->f64[i];
    }
    *r = t;
}

SIMD_FN(i16x8_relaxed_dot_i8x16_i7x16_s)
{
    (void)c, (void)imm;
    wr_v128 t;
    for (int i = 0; i < 8; i++) {
        int32_t sum = a->i8[2 * i] * b->i8[2 * i] + a->i8[2 * i + 1] * b->i8[2 * i + 1];
        t.u16[i] = (uint16_t)sum;
    }
    *r = t;
}

SIMD_FN(i32x4_relaxed_dot_i8x16_i7x16_add_s)
{
    (void)imm;
    wr_v128 t;
    for (int i = 0; i < 4; i++) {
        int32_t sum = 0;
        for (int k = 4 * i; k < 4 * i + 4; k++)
            sum += a->i8[k] * b->i8[k];
        t.u32[i] = (uint32_t)sum + c->u32[i];
    }
    *r = t;
}

static const wr_simd_fn relaxed_ops[OPFD_COUNT] = {
    [OPFD_f32x4_relaxed_madd] = f32x4_relaxed_madd,
    [OPFD_f32x4_relaxed_nmadd] = f32x4_relaxed_nmadd,
    [OPFD_f64x2_relaxed_madd] = f64x2_relaxed_madd,
    [OPFD_f64x2_relaxed_nmadd] = f64x2_relaxed_nmadd,
    [OPFD_i16x8_relaxed_dot_i8x16_i7x16_s] = i16x8_relaxed_dot_i8x16_i7x16_s,
    [OPFD_i32x4_relaxed_dot_i8x16_i7x16_add_s] = i32x4_relaxed_dot_i8x16_i7x16_add_s,
};

wr_simd_fn wr_simd_relaxed_fn_for(uint32_t opfd)
{
    return opfd < OPFD_COUNT ? relaxed_ops[opfd] : NULL;
}
