/*
 * SIMD float lane arithmetic and float/int conversions. Lane semantics are the scalar
 * ones from numeric.h, so scalar and vector results agree bit for bit; add, sub, mul,
 * div and sqrt are plain C, whose IEEE results already meet the spec's NaN rules.
 */
#include "interp/simd.h"

#include <math.h>

#include "decode/opcodes.h"
#include "interp/numeric.h"
#include "interp/simd_lanes.h"

/* Two f64 lanes into the low two 32-bit lanes of r; the high two become zero. */
#define SIMD_NARROW_ZERO(name, out, lane_op)                                                   \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        wr_v128 t;                                                                             \
        t.out[0] = lane_op(a->f64[0]);                                                         \
        t.out[1] = lane_op(a->f64[1]);                                                         \
        t.u64[1] = 0;                                                                          \
        *r = t;                                                                                \
    }

/* The low two 32-bit lanes of a into two f64 lanes. */
#define SIMD_WIDEN_LOW(name, in, lane_op)                                                      \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        wr_v128 t;                                                                             \
        t.f64[0] = lane_op(a->in[0]);                                                          \
        t.f64[1] = lane_op(a->in[1]);                                                          \
        *r = t;                                                                                \
    }

/* ---- lane operations not already in numeric.h ---- */

static inline float add_f32(float x, float y) { return x + y; }
static inline float sub_f32(float x, float y) { return x - y; }
static inline float mul_f32(float x, float y) { return x * y; }
static inline float div_f32(float x, float y) { return x / y; }
static inline float sqrt_f32(float x) { return sqrtf(x); }
/* pmin/pmax are defined as plain selects: a NaN or a zero in b loses unless b < a. */
static inline float pmin_f32(float x, float y) { return y < x ? y : x; }
static inline float pmax_f32(float x, float y) { return x < y ? y : x; }
static inline double add_f64(double x, double y) { return x + y; }
static inline double sub_f64(double x, double y) { return x - y; }
static inline double mul_f64(double x, double y) { return x * y; }
static inline double div_f64(double x, double y) { return x / y; }
static inline double sqrt_f64(double x) { return sqrt(x); }
static inline double pmin_f64(double x, double y) { return y < x ? y : x; }
static inline double pmax_f64(double x, double y) { return x < y ? y : x; }

/* One IEEE rounding each; NaNs come out quiet with their payload kept. */
static inline float demote(double x) { return (float)x; }
static inline double promote(float x) { return (double)x; }
static inline float convert_s32_f32(int32_t x) { return (float)x; }
static inline float convert_u32_f32(uint32_t x) { return (float)x; }
static inline double convert_s32_f64(int32_t x) { return (double)x; }
static inline double convert_u32_f64(uint32_t x) { return (double)x; }

/* ---- f32x4 ---- */

SIMD_COMPARE(f32x4_eq, f32, u32, 4, ==)
SIMD_COMPARE(f32x4_ne, f32, u32, 4, !=)
SIMD_COMPARE(f32x4_lt, f32, u32, 4, <)
SIMD_COMPARE(f32x4_gt, f32, u32, 4, >)
SIMD_COMPARE(f32x4_le, f32, u32, 4, <=)
SIMD_COMPARE(f32x4_ge, f32, u32, 4, >=)
SIMD_UNARY(f32x4_ceil, f32, f32, 4, wr_f32_ceil)
SIMD_UNARY(f32x4_floor, f32, f32, 4, wr_f32_floor)
SIMD_UNARY(f32x4_trunc, f32, f32, 4, wr_f32_trunc)
SIMD_UNARY(f32x4_nearest, f32, f32, 4, wr_f32_nearest)
SIMD_UNARY(f32x4_abs, f32, f32, 4, wr_f32_abs)
SIMD_UNARY(f32x4_neg, f32, f32, 4, wr_f32_neg)
SIMD_UNARY(f32x4_sqrt, f32, f32, 4, sqrt_f32)
SIMD_BINARY(f32x4_add, f32, 4, add_f32)
SIMD_BINARY(f32x4_sub, f32, 4, sub_f32)
SIMD_BINARY(f32x4_mul, f32, 4, mul_f32)
SIMD_BINARY(f32x4_div, f32, 4, div_f32)
SIMD_BINARY(f32x4_min, f32, 4, wr_f32_min)
SIMD_BINARY(f32x4_max, f32, 4, wr_f32_max)
SIMD_BINARY(f32x4_pmin, f32, 4, pmin_f32)
SIMD_BINARY(f32x4_pmax, f32, 4, pmax_f32)

/* ---- f64x2 ---- */

SIMD_COMPARE(f64x2_eq, f64, u64, 2, ==)
SIMD_COMPARE(f64x2_ne, f64, u64, 2, !=)
SIMD_COMPARE(f64x2_lt, f64, u64, 2, <)
SIMD_COMPARE(f64x2_gt, f64, u64, 2, >)
SIMD_COMPARE(f64x2_le, f64, u64, 2, <=)
SIMD_COMPARE(f64x2_ge, f64, u64, 2, >=)
SIMD_UNARY(f64x2_ceil, f64, f64, 2, wr_f64_ceil)
SIMD_UNARY(f64x2_floor, f64, f64, 2, wr_f64_floor)
SIMD_UNARY(f64x2_trunc, f64, f64, 2, wr_f64_trunc)
SIMD_UNARY(f64x2_nearest, f64, f64, 2, wr_f64_nearest)
SIMD_UNARY(f64x2_abs, f64, f64, 2, wr_f64_abs)
SIMD_UNARY(f64x2_neg, f64, f64, 2, wr_f64_neg)
SIMD_UNARY(f64x2_sqrt, f64, f64, 2, sqrt_f64)
SIMD_BINARY(f64x2_add, f64, 2, add_f64)
SIMD_BINARY(f64x2_sub, f64, 2, sub_f64)
SIMD_BINARY(f64x2_mul, f64, 2, mul_f64)
SIMD_BINARY(f64x2_div, f64, 2, div_f64)
SIMD_BINARY(f64x2_min, f64, 2, wr_f64_min)
SIMD_BINARY(f64x2_max, f64, 2, wr_f64_max)
SIMD_BINARY(f64x2_pmin, f64, 2, pmin_f64)
SIMD_BINARY(f64x2_pmax, f64, 2, pmax_f64)

/* ---- conversions ---- */

SIMD_NARROW_ZERO(f32x4_demote_f64x2_zero, f32, demote)
SIMD_WIDEN_LOW(f64x2_promote_low_f32x4, f32, promote)
SIMD_UNARY(i32x4_trunc_sat_f32x4_s, f32, i32, 4, wr_i32_trunc_sat_f32_s)
SIMD_UNARY(i32x4_trunc_sat_f32x4_u, f32, u32, 4, wr_i32_trunc_sat_f32_u)
SIMD_UNARY(f32x4_convert_i32x4_s, i32, f32, 4, convert_s32_f32)
SIMD_UNARY(f32x4_convert_i32x4_u, u32, f32, 4, convert_u32_f32)
SIMD_NARROW_ZERO(i32x4_trunc_sat_f64x2_s_zero, i32, wr_i32_trunc_sat_f64_s)
SIMD_NARROW_ZERO(i32x4_trunc_sat_f64x2_u_zero, u32, wr_i32_trunc_sat_f64_u)
SIMD_WIDEN_LOW(f64x2_convert_low_i32x4_s, i32, convert_s32_f64)
SIMD_WIDEN_LOW(f64x2_convert_low_i32x4_u, u32, convert_u32_f64)

static const wr_simd_fn float_ops[OPFD_COUNT] = {
    [OPFD_f32x4_eq] = f32x4_eq,
    [OPFD_f32x4_ne] = f32x4_ne,
    [OPFD_f32x4_lt] = f32x4_lt,
    [OPFD_f32x4_gt] = f32x4_gt,
    [OPFD_f32x4_le] = f32x4_le,
    [OPFD_f32x4_ge] = f32x4_ge,
    [OPFD_f64x2_eq] = f64x2_eq,
    [OPFD_f64x2_ne] = f64x2_ne,
    [OPFD_f64x2_lt] = f64x2_lt,
    [OPFD_f64x2_gt] = f64x2_gt,
    [OPFD_f64x2_le] = f64x2_le,
    [OPFD_f64x2_ge] = f64x2_ge,
    [OPFD_f32x4_demote_f64x2_zero] = f32x4_demote_f64x2_zero,
    [OPFD_f64x2_promote_low_f32x4] = f64x2_promote_low_f32x4,
    [OPFD_f32x4_ceil] = f32x4_ceil,
    [OPFD_f32x4_floor] = f32x4_floor,
    [OPFD_f32x4_trunc] = f32x4_trunc,
    [OPFD_f32x4_nearest] = f32x4_nearest,
    [OPFD_f64x2_ceil] = f64x2_ceil,
    [OPFD_f64x2_floor] = f64x2_floor,
    [OPFD_f64x2_trunc] = f64x2_trunc,
    [OPFD_f64x2_nearest] = f64x2_nearest,
    [OPFD_f32x4_abs] = f32x4_abs,
    [OPFD_f32x4_neg] = f32x4_neg,
    [OPFD_f32x4_sqrt] = f32x4_sqrt,
    [OPFD_f32x4_add] = f32x4_add,
    [OPFD_f32x4_sub] = f32x4_sub,
    [OPFD_f32x4_mul] = f32x4_mul,
    [OPFD_f32x4_div] = f32x4_div,
    [OPFD_f32x4_min] = f32x4_min,
    [OPFD_f32x4_max] = f32x4_max,
    [OPFD_f32x4_pmin] = f32x4_pmin,
    [OPFD_f32x4_pmax] = f32x4_pmax,
    [OPFD_f64x2_abs] = f64x2_abs,
    [OPFD_f64x2_neg] = f64x2_neg,
    [OPFD_f64x2_sqrt] = f64x2_sqrt,
    [OPFD_f64x2_add] = f64x2_add,
    [OPFD_f64x2_sub] = f64x2_sub,
    [OPFD_f64x2_mul] = f64x2_mul,
    [OPFD_f64x2_div] = f64x2_div,
    [OPFD_f64x2_min] = f64x2_min,
    [OPFD_f64x2_max] = f64x2_max,
    [OPFD_f64x2_pmin] = f64x2_pmin,
    [OPFD_f64x2_pmax] = f64x2_pmax,
    [OPFD_i32x4_trunc_sat_f32x4_s] = i32x4_trunc_sat_f32x4_s,
    [OPFD_i32x4_trunc_sat_f32x4_u] = i32x4_trunc_sat_f32x4_u,
    [OPFD_f32x4_convert_i32x4_s] = f32x4_convert_i32x4_s,
    [OPFD_f32x4_convert_i32x4_u] = f32x4_convert_i32x4_u,
    [OPFD_i32x4_trunc_sat_f64x2_s_zero] = i32x4_trunc_sat_f64x2_s_zero,
    [OPFD_i32x4_trunc_sat_f64x2_u_zero] = i32x4_trunc_sat_f64x2_u_zero,
    [OPFD_f64x2_convert_low_i32x4_s] = f64x2_convert_low_i32x4_s,
    [OPFD_f64x2_convert_low_i32x4_u] = f64x2_convert_low_i32x4_u,
};

wr_simd_fn wr_simd_float_fn_for(uint32_t opfd)
{
    return opfd < OPFD_COUNT ? float_ops[opfd] : NULL;
}
