/*
 * AArch64 NEON versions of the SIMD ops that have a direct instruction with exactly the
 * WebAssembly semantics, where the portable C is a lane loop the compiler cannot map to
 * it (saturation, NaN and signed-zero rules, rounding modes, table lookups):
 *   - FMIN/FMAX propagate NaN and order -0 below +0, as f32x4.min/max require;
 *   - FRINTN/M/P/Z are nearest-even/floor/ceil/trunc; FCVTZS/U saturate with NaN -> 0;
 *   - SQRDMULH is i16x8.q15mulr_sat_s; TBL gives 0 for out-of-range swizzle indices;
 *   - SQADD/UQADD/SQSUB/UQSUB, SQXTN/SQXTUN, SMULL/UMULL, SADDLP/UADDLP, CNT.
 * NaN results are quiet with the payload kept (FPCR.DN is clear on Linux and macOS), as
 * in the portable code; test_simd checks both against each other.
 */
#if defined(__aarch64__) && defined(__ARM_NEON)

#include <arm_neon.h>

#include "decode/opcodes.h"
#include "interp/simd.h"
#include "interp/simd_lanes.h"

/* Lane-typed views of a v128 (wr_v128 is little-endian like NEON lane numbering). */
#define LOAD(type, v) vld1q_##type((const void *)(v))
#define STORE(type, r, x) vst1q_##type((void *)(r), (x))

/* r = instr(a, b) or r = instr(a) on one lane type. */
#define NEON_BINARY(name, type, instr)                                                         \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        STORE(type, r, instr(LOAD(type, a), LOAD(type, b)));                                   \
    }
#define NEON_UNARY(name, in, out, instr)                                                       \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        STORE(out, r, instr(LOAD(in, a)));                                                     \
    }

NEON_BINARY(i8x16_add_sat_s, s8, vqaddq_s8)
NEON_BINARY(i8x16_add_sat_u, u8, vqaddq_u8)
NEON_BINARY(i8x16_sub_sat_s, s8, vqsubq_s8)
NEON_BINARY(i8x16_sub_sat_u, u8, vqsubq_u8)
NEON_BINARY(i16x8_add_sat_s, s16, vqaddq_s16)
NEON_BINARY(i16x8_add_sat_u, u16, vqaddq_u16)
NEON_BINARY(i16x8_sub_sat_s, s16, vqsubq_s16)
NEON_BINARY(i16x8_sub_sat_u, u16, vqsubq_u16)
NEON_BINARY(i16x8_q15mulr_sat_s, s16, vqrdmulhq_s16)
NEON_BINARY(f32x4_min, f32, vminq_f32)
NEON_BINARY(f32x4_max, f32, vmaxq_f32)
NEON_BINARY(f64x2_min, f64, vminq_f64)
NEON_BINARY(f64x2_max, f64, vmaxq_f64)

NEON_UNARY(i8x16_popcnt, u8, u8, vcntq_u8)
NEON_UNARY(i16x8_extadd_pairwise_i8x16_s, s8, s16, vpaddlq_s8)
NEON_UNARY(i16x8_extadd_pairwise_i8x16_u, u8, u16, vpaddlq_u8)
NEON_UNARY(i32x4_extadd_pairwise_i16x8_s, s16, s32, vpaddlq_s16)
NEON_UNARY(i32x4_extadd_pairwise_i16x8_u, u16, u32, vpaddlq_u16)
NEON_UNARY(f32x4_nearest, f32, f32, vrndnq_f32)
NEON_UNARY(f32x4_floor, f32, f32, vrndmq_f32)
NEON_UNARY(f32x4_ceil, f32, f32, vrndpq_f32)
NEON_UNARY(f32x4_trunc, f32, f32, vrndq_f32)
NEON_UNARY(f64x2_nearest, f64, f64, vrndnq_f64)
NEON_UNARY(f64x2_floor, f64, f64, vrndmq_f64)
NEON_UNARY(f64x2_ceil, f64, f64, vrndpq_f64)
NEON_UNARY(f64x2_trunc, f64, f64, vrndq_f64)
NEON_UNARY(f32x4_sqrt, f32, f32, vsqrtq_f32)
NEON_UNARY(f64x2_sqrt, f64, f64, vsqrtq_f64)
NEON_UNARY(i32x4_trunc_sat_f32x4_s, f32, s32, vcvtq_s32_f32)
NEON_UNARY(i32x4_trunc_sat_f32x4_u, f32, u32, vcvtq_u32_f32)

/* Saturate to 64 bits first, then narrow with saturation; the high half is zero. */
SIMD_FN(i32x4_trunc_sat_f64x2_s_zero)
{
    (void)b, (void)c, (void)imm;
    STORE(s32, r, vcombine_s32(vqmovn_s64(vcvtq_s64_f64(LOAD(f64, a))), vdup_n_s32(0)));
}

SIMD_FN(i32x4_trunc_sat_f64x2_u_zero)
{
    (void)b, (void)c, (void)imm;
    STORE(u32, r, vcombine_u32(vqmovn_u64(vcvtq_u64_f64(LOAD(f64, a))), vdup_n_u32(0)));
}

/* ---- narrowing: a fills the low half, b the high half ---- */

#define NEON_NARROW(name, in, out, combine, narrow)                                            \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        STORE(out, r, combine(narrow(LOAD(in, a)), narrow(LOAD(in, b))));                      \
    }

NEON_NARROW(i8x16_narrow_i16x8_s, s16, s8, vcombine_s8, vqmovn_s16)
NEON_NARROW(i8x16_narrow_i16x8_u, s16, u8, vcombine_u8, vqmovun_s16)
NEON_NARROW(i16x8_narrow_i32x4_s, s32, s16, vcombine_s16, vqmovn_s32)
NEON_NARROW(i16x8_narrow_i32x4_u, s32, u16, vcombine_u16, vqmovun_s32)

/* ---- widening multiplies ---- */

#define NEON_EXTMUL(name, in, out, half, mull)                                                 \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        STORE(out, r, mull(half(LOAD(in, a)), half(LOAD(in, b))));                             \
    }

NEON_EXTMUL(i16x8_extmul_low_i8x16_s, s8, s16, vget_low_s8, vmull_s8)
NEON_EXTMUL(i16x8_extmul_high_i8x16_s, s8, s16, vget_high_s8, vmull_s8)
NEON_EXTMUL(i16x8_extmul_low_i8x16_u, u8, u16, vget_low_u8, vmull_u8)
NEON_EXTMUL(i16x8_extmul_high_i8x16_u, u8, u16, vget_high_u8, vmull_u8)
NEON_EXTMUL(i32x4_extmul_low_i16x8_s, s16, s32, vget_low_s16, vmull_s16)
NEON_EXTMUL(i32x4_extmul_high_i16x8_s, s16, s32, vget_high_s16, vmull_s16)
NEON_EXTMUL(i32x4_extmul_low_i16x8_u, u16, u32, vget_low_u16, vmull_u16)
NEON_EXTMUL(i32x4_extmul_high_i16x8_u, u16, u32, vget_high_u16, vmull_u16)
NEON_EXTMUL(i64x2_extmul_low_i32x4_s, s32, s64, vget_low_s32, vmull_s32)
NEON_EXTMUL(i64x2_extmul_high_i32x4_s, s32, s64, vget_high_s32, vmull_s32)
NEON_EXTMUL(i64x2_extmul_low_i32x4_u, u32, u64, vget_low_u32, vmull_u32)
NEON_EXTMUL(i64x2_extmul_high_i32x4_u, u32, u64, vget_high_u32, vmull_u32)

/* Pairwise sums of the widened products; the one overflowing case wraps, as required. */
SIMD_FN(i32x4_dot_i16x8_s)
{
    (void)c, (void)imm;
    int16x8_t x = LOAD(s16, a), y = LOAD(s16, b);
    int32x4_t lo = vmull_s16(vget_low_s16(x), vget_low_s16(y));
    int32x4_t hi = vmull_s16(vget_high_s16(x), vget_high_s16(y));
    STORE(s32, r, vpaddq_s32(lo, hi));
}

/* ---- lane lookups, reductions ---- */

SIMD_FN(i8x16_swizzle)
{
    (void)c, (void)imm;
    STORE(u8, r, vqtbl1q_u8(LOAD(u8, a), LOAD(u8, b)));
}

/* The sign of each lane as 0 or all ones, masked down to that lane's bit of the result,
 * then summed across lanes. */
SIMD_FN(i8x16_bitmask)
{
    (void)b, (void)c, (void)imm;
    static const uint8_t weights[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
    uint8x16_t signs = vreinterpretq_u8_s8(vshrq_n_s8(LOAD(s8, a), 7));
    uint8x16_t bits = vandq_u8(signs, vld1q_u8(weights));
    uint32_t high = vaddv_u8(vget_high_u8(bits));
    wr_simd_put_scalar(r, vaddv_u8(vget_low_u8(bits)) | high << 8);
}

SIMD_FN(i16x8_bitmask)
{
    (void)b, (void)c, (void)imm;
    static const uint16_t weights[8] = {1, 2, 4, 8, 16, 32, 64, 128};
    uint16x8_t signs = vreinterpretq_u16_s16(vshrq_n_s16(LOAD(s16, a), 15));
    wr_simd_put_scalar(r, vaddvq_u16(vandq_u16(signs, vld1q_u16(weights))));
}

SIMD_FN(i32x4_bitmask)
{
    (void)b, (void)c, (void)imm;
    static const uint32_t weights[4] = {1, 2, 4, 8};
    uint32x4_t signs = vreinterpretq_u32_s32(vshrq_n_s32(LOAD(s32, a), 31));
    wr_simd_put_scalar(r, vaddvq_u32(vandq_u32(signs, vld1q_u32(weights))));
}

#define NEON_ALL_TRUE(name, type, minv)                                                        \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        wr_simd_put_scalar(r, minv(LOAD(type, a)) != 0);                                       \
    }

NEON_ALL_TRUE(i8x16_all_true, u8, vminvq_u8)
NEON_ALL_TRUE(i16x8_all_true, u16, vminvq_u16)
NEON_ALL_TRUE(i32x4_all_true, u32, vminvq_u32)

static const wr_simd_fn neon_ops[OPFD_COUNT] = {
    [OPFD_i8x16_add_sat_s] = i8x16_add_sat_s,
    [OPFD_i8x16_add_sat_u] = i8x16_add_sat_u,
    [OPFD_i8x16_sub_sat_s] = i8x16_sub_sat_s,
    [OPFD_i8x16_sub_sat_u] = i8x16_sub_sat_u,
    [OPFD_i16x8_add_sat_s] = i16x8_add_sat_s,
    [OPFD_i16x8_add_sat_u] = i16x8_add_sat_u,
    [OPFD_i16x8_sub_sat_s] = i16x8_sub_sat_s,
    [OPFD_i16x8_sub_sat_u] = i16x8_sub_sat_u,
    [OPFD_i16x8_q15mulr_sat_s] = i16x8_q15mulr_sat_s,
    [OPFD_f32x4_min] = f32x4_min,
    [OPFD_f32x4_max] = f32x4_max,
    [OPFD_f64x2_min] = f64x2_min,
    [OPFD_f64x2_max] = f64x2_max,
    [OPFD_i8x16_popcnt] = i8x16_popcnt,
    [OPFD_i16x8_extadd_pairwise_i8x16_s] = i16x8_extadd_pairwise_i8x16_s,
    [OPFD_i16x8_extadd_pairwise_i8x16_u] = i16x8_extadd_pairwise_i8x16_u,
    [OPFD_i32x4_extadd_pairwise_i16x8_s] = i32x4_extadd_pairwise_i16x8_s,
    [OPFD_i32x4_extadd_pairwise_i16x8_u] = i32x4_extadd_pairwise_i16x8_u,
    [OPFD_f32x4_nearest] = f32x4_nearest,
    [OPFD_f32x4_floor] = f32x4_floor,
    [OPFD_f32x4_ceil] = f32x4_ceil,
    [OPFD_f32x4_trunc] = f32x4_trunc,
    [OPFD_f64x2_nearest] = f64x2_nearest,
    [OPFD_f64x2_floor] = f64x2_floor,
    [OPFD_f64x2_ceil] = f64x2_ceil,
    [OPFD_f64x2_trunc] = f64x2_trunc,
    [OPFD_f32x4_sqrt] = f32x4_sqrt,
    [OPFD_f64x2_sqrt] = f64x2_sqrt,
    [OPFD_i32x4_trunc_sat_f32x4_s] = i32x4_trunc_sat_f32x4_s,
    [OPFD_i32x4_trunc_sat_f32x4_u] = i32x4_trunc_sat_f32x4_u,
    [OPFD_i32x4_trunc_sat_f64x2_s_zero] = i32x4_trunc_sat_f64x2_s_zero,
    [OPFD_i32x4_trunc_sat_f64x2_u_zero] = i32x4_trunc_sat_f64x2_u_zero,
    [OPFD_i8x16_narrow_i16x8_s] = i8x16_narrow_i16x8_s,
    [OPFD_i8x16_narrow_i16x8_u] = i8x16_narrow_i16x8_u,
    [OPFD_i16x8_narrow_i32x4_s] = i16x8_narrow_i32x4_s,
    [OPFD_i16x8_narrow_i32x4_u] = i16x8_narrow_i32x4_u,
    [OPFD_i16x8_extmul_low_i8x16_s] = i16x8_extmul_low_i8x16_s,
    [OPFD_i16x8_extmul_high_i8x16_s] = i16x8_extmul_high_i8x16_s,
    [OPFD_i16x8_extmul_low_i8x16_u] = i16x8_extmul_low_i8x16_u,
    [OPFD_i16x8_extmul_high_i8x16_u] = i16x8_extmul_high_i8x16_u,
    [OPFD_i32x4_extmul_low_i16x8_s] = i32x4_extmul_low_i16x8_s,
    [OPFD_i32x4_extmul_high_i16x8_s] = i32x4_extmul_high_i16x8_s,
    [OPFD_i32x4_extmul_low_i16x8_u] = i32x4_extmul_low_i16x8_u,
    [OPFD_i32x4_extmul_high_i16x8_u] = i32x4_extmul_high_i16x8_u,
    [OPFD_i64x2_extmul_low_i32x4_s] = i64x2_extmul_low_i32x4_s,
    [OPFD_i64x2_extmul_high_i32x4_s] = i64x2_extmul_high_i32x4_s,
    [OPFD_i64x2_extmul_low_i32x4_u] = i64x2_extmul_low_i32x4_u,
    [OPFD_i64x2_extmul_high_i32x4_u] = i64x2_extmul_high_i32x4_u,
    [OPFD_i32x4_dot_i16x8_s] = i32x4_dot_i16x8_s,
    [OPFD_i8x16_swizzle] = i8x16_swizzle,
    [OPFD_i8x16_bitmask] = i8x16_bitmask,
    [OPFD_i16x8_bitmask] = i16x8_bitmask,
    [OPFD_i32x4_bitmask] = i32x4_bitmask,
    [OPFD_i8x16_all_true] = i8x16_all_true,
    [OPFD_i16x8_all_true] = i16x8_all_true,
    [OPFD_i32x4_all_true] = i32x4_all_true,
};

wr_simd_fn wr_simd_neon_fn_for(uint32_t opfd)
{
    return opfd < OPFD_COUNT ? neon_ops[opfd] : NULL;
}

#endif
