/*
 * SIMD integer lane arithmetic. Wrapping arithmetic is done on unsigned lanes (signed
 * overflow is undefined in C, and small unsigned types promote to int, so products are
 * widened to unsigned 32 bits before multiplying).
 */
#include "interp/simd.h"

#include "decode/opcodes.h"
#include "interp/simd_lanes.h"

/* The shift count is the low i32 of b, taken modulo the lane width. */
#define SIMD_SHIFT(name, field, type, lanes, bits, op)                                         \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        unsigned count = b->u32[0] & ((bits) - 1);                                             \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++) t.field[i] = (type)(a->field[i] op count);           \
        *r = t;                                                                                \
    }

/* Widening from the low or high half of a: `half` is 0 or lanes. */
#define SIMD_EXTEND(name, in, out, lanes, half)                                                \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++) t.out[i] = a->in[(half) + i];                        \
        *r = t;                                                                                \
    }

/* Widening multiply of the low or high halves; wide_type holds the exact product. */
#define SIMD_EXTMUL(name, in, out, wide_type, lanes, half)                                     \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++)                                                      \
            t.out[i] = (wide_type)a->in[(half) + i] * (wide_type)b->in[(half) + i];            \
        *r = t;                                                                                \
    }

/* Sum of each adjacent pair of lanes, widened. */
#define SIMD_EXTADD_PAIRWISE(name, in, out, lanes)                                             \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++) t.out[i] = a->in[2 * i] + a->in[2 * i + 1];          \
        *r = t;                                                                                \
    }

/* Narrowing with saturation: the low half of r from a, the high half from b. */
#define SIMD_NARROW(name, in, out, lanes, lo, hi)                                              \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++) {                                                    \
            t.out[i] = a->in[i] < (lo) ? (lo) : a->in[i] > (hi) ? (hi) : a->in[i];             \
            t.out[(lanes) + i] = b->in[i] < (lo) ? (lo) : b->in[i] > (hi) ? (hi) : b->in[i];   \
        }                                                                                      \
        *r = t;                                                                                \
    }

/* ---- lane operations ---- */

/* Saturation: the exact result of adding or subtracting 8- or 16-bit lanes fits in int. */
static inline int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
/* Rounding average of unsigned lanes, exact in unsigned int for 8- and 16-bit lanes. */
static inline unsigned avgr_u(unsigned x, unsigned y) { return (x + y + 1) >> 1; }
/* Lane minimum and maximum: every lane up to i32 compares exactly as int, and up to u32
 * as unsigned int. */
static inline int min_s(int x, int y) { return x < y ? x : y; }
static inline int max_s(int x, int y) { return x > y ? x : y; }
static inline unsigned min_u(unsigned x, unsigned y) { return x < y ? x : y; }
static inline unsigned max_u(unsigned x, unsigned y) { return x > y ? x : y; }

static inline uint8_t add8(uint8_t x, uint8_t y) { return (uint8_t)(x + y); }
static inline uint8_t sub8(uint8_t x, uint8_t y) { return (uint8_t)(x - y); }
static inline uint8_t neg8(uint8_t x) { return (uint8_t)(0u - x); }
static inline uint8_t abs8(uint8_t x) { return x & 0x80 ? neg8(x) : x; }
static inline int8_t add_sat_s8(int8_t x, int8_t y)
{
    return (int8_t)clamp(x + y, INT8_MIN, INT8_MAX);
}
static inline int8_t sub_sat_s8(int8_t x, int8_t y)
{
    return (int8_t)clamp(x - y, INT8_MIN, INT8_MAX);
}
static inline uint8_t add_sat_u8(uint8_t x, uint8_t y)
{
    return (uint8_t)clamp(x + y, 0, UINT8_MAX);
}
static inline uint8_t sub_sat_u8(uint8_t x, uint8_t y) { return x > y ? (uint8_t)(x - y) : 0; }

static inline uint16_t add16(uint16_t x, uint16_t y) { return (uint16_t)(x + y); }
static inline uint16_t sub16(uint16_t x, uint16_t y) { return (uint16_t)(x - y); }
static inline uint16_t mul16(uint16_t x, uint16_t y) { return (uint16_t)((uint32_t)x * y); }
static inline uint16_t neg16(uint16_t x) { return (uint16_t)(0u - x); }
static inline uint16_t abs16(uint16_t x) { return x & 0x8000 ? neg16(x) : x; }
static inline int16_t add_sat_s16(int16_t x, int16_t y)
{
    return (int16_t)clamp(x + y, INT16_MIN, INT16_MAX);
}
static inline int16_t sub_sat_s16(int16_t x, int16_t y)
{
    return (int16_t)clamp(x - y, INT16_MIN, INT16_MAX);
}
static inline uint16_t add_sat_u16(uint16_t x, uint16_t y)
{
    return (uint16_t)clamp(x + y, 0, UINT16_MAX);
}
static inline uint16_t sub_sat_u16(uint16_t x, uint16_t y) { return x > y ? (uint16_t)(x - y) : 0; }
/* Rounding Q15 multiply: only -1.0 * -1.0 exceeds the range, and saturates. */
static inline int16_t q15mulr_sat_s16(int16_t x, int16_t y)
{
    int32_t product = ((int32_t)x * y + 0x4000) >> 15;
    return (int16_t)(product > INT16_MAX ? INT16_MAX : product);
}

static inline uint32_t add32(uint32_t x, uint32_t y) { return x + y; }
static inline uint32_t sub32(uint32_t x, uint32_t y) { return x - y; }
static inline uint32_t mul32(uint32_t x, uint32_t y) { return x * y; }
static inline uint32_t neg32(uint32_t x) { return 0u - x; }
static inline uint32_t abs32(uint32_t x) { return x & 0x80000000u ? neg32(x) : x; }

static inline uint64_t add64(uint64_t x, uint64_t y) { return x + y; }
static inline uint64_t sub64(uint64_t x, uint64_t y) { return x - y; }
static inline uint64_t mul64(uint64_t x, uint64_t y) { return x * y; }
static inline uint64_t neg64(uint64_t x) { return 0u - x; }
static inline uint64_t abs64(uint64_t x) { return x >> 63 ? neg64(x) : x; }

/* ---- i8x16 ---- */

SIMD_COMPARE(i8x16_eq, u8, u8, 16, ==)
SIMD_COMPARE(i8x16_ne, u8, u8, 16, !=)
SIMD_COMPARE(i8x16_lt_s, i8, u8, 16, <)
SIMD_COMPARE(i8x16_lt_u, u8, u8, 16, <)
SIMD_COMPARE(i8x16_gt_s, i8, u8, 16, >)
SIMD_COMPARE(i8x16_gt_u, u8, u8, 16, >)
SIMD_COMPARE(i8x16_le_s, i8, u8, 16, <=)
SIMD_COMPARE(i8x16_le_u, u8, u8, 16, <=)
SIMD_COMPARE(i8x16_ge_s, i8, u8, 16, >=)
SIMD_COMPARE(i8x16_ge_u, u8, u8, 16, >=)
SIMD_UNARY(i8x16_abs, u8, u8, 16, abs8)
SIMD_UNARY(i8x16_neg, u8, u8, 16, neg8)
SIMD_NARROW(i8x16_narrow_i16x8_s, i16, i8, 8, INT8_MIN, INT8_MAX)
SIMD_NARROW(i8x16_narrow_i16x8_u, i16, u8, 8, 0, UINT8_MAX)
SIMD_SHIFT(i8x16_shl, u8, uint8_t, 16, 8, <<)
SIMD_SHIFT(i8x16_shr_s, i8, int8_t, 16, 8, >>)
SIMD_SHIFT(i8x16_shr_u, u8, uint8_t, 16, 8, >>)
SIMD_BINARY(i8x16_add, u8, 16, add8)
SIMD_BINARY(i8x16_add_sat_s, i8, 16, add_sat_s8)
SIMD_BINARY(i8x16_add_sat_u, u8, 16, add_sat_u8)
SIMD_BINARY(i8x16_sub, u8, 16, sub8)
SIMD_BINARY(i8x16_sub_sat_s, i8, 16, sub_sat_s8)
SIMD_BINARY(i8x16_sub_sat_u, u8, 16, sub_sat_u8)
SIMD_BINARY(i8x16_min_s, i8, 16, min_s)
SIMD_BINARY(i8x16_min_u, u8, 16, min_u)
SIMD_BINARY(i8x16_max_s, i8, 16, max_s)
SIMD_BINARY(i8x16_max_u, u8, 16, max_u)
SIMD_BINARY(i8x16_avgr_u, u8, 16, avgr_u)

/* ---- i16x8 ---- */

SIMD_COMPARE(i16x8_eq, u16, u16, 8, ==)
SIMD_COMPARE(i16x8_ne, u16, u16, 8, !=)
SIMD_COMPARE(i16x8_lt_s, i16, u16, 8, <)
SIMD_COMPARE(i16x8_lt_u, u16, u16, 8, <)
SIMD_COMPARE(i16x8_gt_s, i16, u16, 8, >)
SIMD_COMPARE(i16x8_gt_u, u16, u16, 8, >)
SIMD_COMPARE(i16x8_le_s, i16, u16, 8, <=)
SIMD_COMPARE(i16x8_le_u, u16, u16, 8, <=)
SIMD_COMPARE(i16x8_ge_s, i16, u16, 8, >=)
SIMD_COMPARE(i16x8_ge_u, u16, u16, 8, >=)
SIMD_EXTADD_PAIRWISE(i16x8_extadd_pairwise_i8x16_s, i8, i16, 8)
SIMD_EXTADD_PAIRWISE(i16x8_extadd_pairwise_i8x16_u, u8, u16, 8)
SIMD_UNARY(i16x8_abs, u16, u16, 8, abs16)
SIMD_UNARY(i16x8_neg, u16, u16, 8, neg16)
SIMD_BINARY(i16x8_q15mulr_sat_s, i16, 8, q15mulr_sat_s16)
SIMD_NARROW(i16x8_narrow_i32x4_s, i32, i16, 4, INT16_MIN, INT16_MAX)
SIMD_NARROW(i16x8_narrow_i32x4_u, i32, u16, 4, 0, UINT16_MAX)
SIMD_EXTEND(i16x8_extend_low_i8x16_s, i8, i16, 8, 0)
SIMD_EXTEND(i16x8_extend_high_i8x16_s, i8, i16, 8, 8)
SIMD_EXTEND(i16x8_extend_low_i8x16_u, u8, u16, 8, 0)
SIMD_EXTEND(i16x8_extend_high_i8x16_u, u8, u16, 8, 8)
SIMD_SHIFT(i16x8_shl, u16, uint16_t, 8, 16, <<)
SIMD_SHIFT(i16x8_shr_s, i16, int16_t, 8, 16, >>)
SIMD_SHIFT(i16x8_shr_u, u16, uint16_t, 8, 16, >>)
SIMD_BINARY(i16x8_add, u16, 8, add16)
SIMD_BINARY(i16x8_add_sat_s, i16, 8, add_sat_s16)
SIMD_BINARY(i16x8_add_sat_u, u16, 8, add_sat_u16)
SIMD_BINARY(i16x8_sub, u16, 8, sub16)
SIMD_BINARY(i16x8_sub_sat_s, i16, 8, sub_sat_s16)
SIMD_BINARY(i16x8_sub_sat_u, u16, 8, sub_sat_u16)
SIMD_BINARY(i16x8_mul, u16, 8, mul16)
SIMD_BINARY(i16x8_min_s, i16, 8, min_s)
SIMD_BINARY(i16x8_min_u, u16, 8, min_u)
SIMD_BINARY(i16x8_max_s, i16, 8, max_s)
SIMD_BINARY(i16x8_max_u, u16, 8, max_u)
SIMD_BINARY(i16x8_avgr_u, u16, 8, avgr_u)
SIMD_EXTMUL(i16x8_extmul_low_i8x16_s, i8, i16, int32_t, 8, 0)
SIMD_EXTMUL(i16x8_extmul_high_i8x16_s, i8, i16, int32_t, 8, 8)
SIMD_EXTMUL(i16x8_extmul_low_i8x16_u, u8, u16, uint32_t, 8, 0)
SIMD_EXTMUL(i16x8_extmul_high_i8x16_u, u8, u16, uint32_t, 8, 8)

/* ---- i32x4 ---- */

SIMD_COMPARE(i32x4_eq, u32, u32, 4, ==)
SIMD_COMPARE(i32x4_ne, u32, u32, 4, !=)
SIMD_COMPARE(i32x4_lt_s, i32, u32, 4, <)
SIMD_COMPARE(i32x4_lt_u, u32, u32, 4, <)
SIMD_COMPARE(i32x4_gt_s, i32, u32, 4, >)
SIMD_COMPARE(i32x4_gt_u, u32, u32, 4, >)
SIMD_COMPARE(i32x4_le_s, i32, u32, 4, <=)
SIMD_COMPARE(i32x4_le_u, u32, u32, 4, <=)
SIMD_COMPARE(i32x4_ge_s, i32, u32, 4, >=)
SIMD_COMPARE(i32x4_ge_u, u32, u32, 4, >=)
SIMD_EXTADD_PAIRWISE(i32x4_extadd_pairwise_i16x8_s, i16, i32, 4)
SIMD_EXTADD_PAIRWISE(i32x4_extadd_pairwise_i16x8_u, u16, u32, 4)
SIMD_UNARY(i32x4_abs, u32, u32, 4, abs32)
SIMD_UNARY(i32x4_neg, u32, u32, 4, neg32)
SIMD_EXTEND(i32x4_extend_low_i16x8_s, i16, i32, 4, 0)
SIMD_EXTEND(i32x4_extend_high_i16x8_s, i16, i32, 4, 4)
SIMD_EXTEND(i32x4_extend_low_i16x8_u, u16, u32, 4, 0)
SIMD_EXTEND(i32x4_extend_high_i16x8_u, u16, u32, 4, 4)
SIMD_SHIFT(i32x4_shl, u32, uint32_t, 4, 32, <<)
SIMD_SHIFT(i32x4_shr_s, i32, int32_t, 4, 32, >>)
SIMD_SHIFT(i32x4_shr_u, u32, uint32_t, 4, 32, >>)
SIMD_BINARY(i32x4_add, u32, 4, add32)
SIMD_BINARY(i32x4_sub, u32, 4, sub32)
SIMD_BINARY(i32x4_mul, u32, 4, mul32)
SIMD_BINARY(i32x4_min_s, i32, 4, min_s)
SIMD_BINARY(i32x4_min_u, u32, 4, min_u)
SIMD_BINARY(i32x4_max_s, i32, 4, max_s)
SIMD_BINARY(i32x4_max_u, u32, 4, max_u)
SIMD_EXTMUL(i32x4_extmul_low_i16x8_s, i16, i32, int32_t, 4, 0)
SIMD_EXTMUL(i32x4_extmul_high_i16x8_s, i16, i32, int32_t, 4, 4)
SIMD_EXTMUL(i32x4_extmul_low_i16x8_u, u16, u32, uint32_t, 4, 0)
SIMD_EXTMUL(i32x4_extmul_high_i16x8_u, u16, u32, uint32_t, 4, 4)

/* Bytewise population count on 64 bits at a time: pairs, then nibbles, then bytes
 * (__builtin_popcount per byte becomes a library call without a popcnt instruction). */
SIMD_FN(i8x16_popcnt)
{
    (void)b, (void)c, (void)imm;
    for (int i = 0; i < 2; i++) {
        uint64_t x = a->u64[i];
        x -= (x >> 1) & 0x5555555555555555u;
        x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
        r->u64[i] = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    }
}

/* Each pair of products fits in i32, but their sum overflows for (-32768)^2 * 2, where
 * the result wraps; so the sum is taken in u32. */
SIMD_FN(i32x4_dot_i16x8_s)
{
    (void)c, (void)imm;
    wr_v128 t;
    for (int i = 0; i < 4; i++)
        t.u32[i] = (uint32_t)((int32_t)a->i16[2 * i] * b->i16[2 * i]) +
                   (uint32_t)((int32_t)a->i16[2 * i + 1] * b->i16[2 * i + 1]);
    *r = t;
}

/* ---- i64x2 ---- */

SIMD_COMPARE(i64x2_eq, u64, u64, 2, ==)
SIMD_COMPARE(i64x2_ne, u64, u64, 2, !=)
SIMD_COMPARE(i64x2_lt_s, i64, u64, 2, <)
SIMD_COMPARE(i64x2_gt_s, i64, u64, 2, >)
SIMD_COMPARE(i64x2_le_s, i64, u64, 2, <=)
SIMD_COMPARE(i64x2_ge_s, i64, u64, 2, >=)
SIMD_UNARY(i64x2_abs, u64, u64, 2, abs64)
SIMD_UNARY(i64x2_neg, u64, u64, 2, neg64)
SIMD_EXTEND(i64x2_extend_low_i32x4_s, i32, i64, 2, 0)
SIMD_EXTEND(i64x2_extend_high_i32x4_s, i32, i64, 2, 2)
SIMD_EXTEND(i64x2_extend_low_i32x4_u, u32, u64, 2, 0)
SIMD_EXTEND(i64x2_extend_high_i32x4_u, u32, u64, 2, 2)
SIMD_SHIFT(i64x2_shl, u64, uint64_t, 2, 64, <<)
SIMD_SHIFT(i64x2_shr_s, i64, int64_t, 2, 64, >>)
SIMD_SHIFT(i64x2_shr_u, u64, uint64_t, 2, 64, >>)
SIMD_BINARY(i64x2_add, u64, 2, add64)
SIMD_BINARY(i64x2_sub, u64, 2, sub64)
SIMD_BINARY(i64x2_mul, u64, 2, mul64)
SIMD_EXTMUL(i64x2_extmul_low_i32x4_s, i32, i64, int64_t, 2, 0)
SIMD_EXTMUL(i64x2_extmul_high_i32x4_s, i32, i64, int64_t, 2, 2)
SIMD_EXTMUL(i64x2_extmul_low_i32x4_u, u32, u64, uint64_t, 2, 0)
SIMD_EXTMUL(i64x2_extmul_high_i32x4_u, u32, u64, uint64_t, 2, 2)

/* ---- reductions to a scalar: all_true and bitmask ---- */

#define SIMD_ALL_TRUE(name, field, lanes)                                                      \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        int all = 1;                                                                           \
        for (int i = 0; i < (lanes); i++) all &= a->field[i] != 0;                             \
        wr_simd_put_scalar(r, (uint64_t)all);                                                  \
    }

/* Bit i of the result is the sign bit of lane i. */
#define SIMD_BITMASK(name, field, lanes)                                                       \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        uint64_t mask = 0;                                                                     \
        for (int i = 0; i < (lanes); i++) mask |= (uint64_t)(a->field[i] < 0) << i;            \
        wr_simd_put_scalar(r, mask);                                                           \
    }

SIMD_ALL_TRUE(i8x16_all_true, u8, 16)
SIMD_ALL_TRUE(i16x8_all_true, u16, 8)
SIMD_ALL_TRUE(i32x4_all_true, u32, 4)
SIMD_ALL_TRUE(i64x2_all_true, u64, 2)
SIMD_BITMASK(i8x16_bitmask, i8, 16)
SIMD_BITMASK(i16x8_bitmask, i16, 8)
SIMD_BITMASK(i32x4_bitmask, i32, 4)
SIMD_BITMASK(i64x2_bitmask, i64, 2)

static const wr_simd_fn int_ops[OPFD_COUNT] = {
    [OPFD_i8x16_eq] = i8x16_eq,
    [OPFD_i8x16_ne] = i8x16_ne,
    [OPFD_i8x16_lt_s] = i8x16_lt_s,
    [OPFD_i8x16_lt_u] = i8x16_lt_u,
    [OPFD_i8x16_gt_s] = i8x16_gt_s,
    [OPFD_i8x16_gt_u] = i8x16_gt_u,
    [OPFD_i8x16_le_s] = i8x16_le_s,
    [OPFD_i8x16_le_u] = i8x16_le_u,
    [OPFD_i8x16_ge_s] = i8x16_ge_s,
    [OPFD_i8x16_ge_u] = i8x16_ge_u,
    [OPFD_i16x8_eq] = i16x8_eq,
    [OPFD_i16x8_ne] = i16x8_ne,
    [OPFD_i16x8_lt_s] = i16x8_lt_s,
    [OPFD_i16x8_lt_u] = i16x8_lt_u,
    [OPFD_i16x8_gt_s] = i16x8_gt_s,
    [OPFD_i16x8_gt_u] = i16x8_gt_u,
    [OPFD_i16x8_le_s] = i16x8_le_s,
    [OPFD_i16x8_le_u] = i16x8_le_u,
    [OPFD_i16x8_ge_s] = i16x8_ge_s,
    [OPFD_i16x8_ge_u] = i16x8_ge_u,
    [OPFD_i32x4_eq] = i32x4_eq,
    [OPFD_i32x4_ne] = i32x4_ne,
    [OPFD_i32x4_lt_s] = i32x4_lt_s,
    [OPFD_i32x4_lt_u] = i32x4_lt_u,
    [OPFD_i32x4_gt_s] = i32x4_gt_s,
    [OPFD_i32x4_gt_u] = i32x4_gt_u,
    [OPFD_i32x4_le_s] = i32x4_le_s,
    [OPFD_i32x4_le_u] = i32x4_le_u,
    [OPFD_i32x4_ge_s] = i32x4_ge_s,
    [OPFD_i32x4_ge_u] = i32x4_ge_u,
    [OPFD_i8x16_abs] = i8x16_abs,
    [OPFD_i8x16_neg] = i8x16_neg,
    [OPFD_i8x16_popcnt] = i8x16_popcnt,
    [OPFD_i8x16_all_true] = i8x16_all_true,
    [OPFD_i8x16_bitmask] = i8x16_bitmask,
    [OPFD_i8x16_narrow_i16x8_s] = i8x16_narrow_i16x8_s,
    [OPFD_i8x16_narrow_i16x8_u] = i8x16_narrow_i16x8_u,
    [OPFD_i8x16_shl] = i8x16_shl,
    [OPFD_i8x16_shr_s] = i8x16_shr_s,
    [OPFD_i8x16_shr_u] = i8x16_shr_u,
    [OPFD_i8x16_add] = i8x16_add,
    [OPFD_i8x16_add_sat_s] = i8x16_add_sat_s,
    [OPFD_i8x16_add_sat_u] = i8x16_add_sat_u,
    [OPFD_i8x16_sub] = i8x16_sub,
    [OPFD_i8x16_sub_sat_s] = i8x16_sub_sat_s,
    [OPFD_i8x16_sub_sat_u] = i8x16_sub_sat_u,
    [OPFD_i8x16_min_s] = i8x16_min_s,
    [OPFD_i8x16_min_u] = i8x16_min_u,
    [OPFD_i8x16_max_s] = i8x16_max_s,
    [OPFD_i8x16_max_u] = i8x16_max_u,
    [OPFD_i8x16_avgr_u] = i8x16_avgr_u,
    [OPFD_i16x8_extadd_pairwise_i8x16_s] = i16x8_extadd_pairwise_i8x16_s,
    [OPFD_i16x8_extadd_pairwise_i8x16_u] = i16x8_extadd_pairwise_i8x16_u,
    [OPFD_i32x4_extadd_pairwise_i16x8_s] = i32x4_extadd_pairwise_i16x8_s,
    [OPFD_i32x4_extadd_pairwise_i16x8_u] = i32x4_extadd_pairwise_i16x8_u,
    [OPFD_i16x8_abs] = i16x8_abs,
    [OPFD_i16x8_neg] = i16x8_neg,
    [OPFD_i16x8_q15mulr_sat_s] = i16x8_q15mulr_sat_s,
    [OPFD_i16x8_all_true] = i16x8_all_true,
    [OPFD_i16x8_bitmask] = i16x8_bitmask,
    [OPFD_i16x8_narrow_i32x4_s] = i16x8_narrow_i32x4_s,
    [OPFD_i16x8_narrow_i32x4_u] = i16x8_narrow_i32x4_u,
    [OPFD_i16x8_extend_low_i8x16_s] = i16x8_extend_low_i8x16_s,
    [OPFD_i16x8_extend_high_i8x16_s] = i16x8_extend_high_i8x16_s,
    [OPFD_i16x8_extend_low_i8x16_u] = i16x8_extend_low_i8x16_u,
    [OPFD_i16x8_extend_high_i8x16_u] = i16x8_extend_high_i8x16_u,
    [OPFD_i16x8_shl] = i16x8_shl,
    [OPFD_i16x8_shr_s] = i16x8_shr_s,
    [OPFD_i16x8_shr_u] = i16x8_shr_u,
    [OPFD_i16x8_add] = i16x8_add,
    [OPFD_i16x8_add_sat_s] = i16x8_add_sat_s,
    [OPFD_i16x8_add_sat_u] = i16x8_add_sat_u,
    [OPFD_i16x8_sub] = i16x8_sub,
    [OPFD_i16x8_sub_sat_s] = i16x8_sub_sat_s,
    [OPFD_i16x8_sub_sat_u] = i16x8_sub_sat_u,
    [OPFD_i16x8_mul] = i16x8_mul,
    [OPFD_i16x8_min_s] = i16x8_min_s,
    [OPFD_i16x8_min_u] = i16x8_min_u,
    [OPFD_i16x8_max_s] = i16x8_max_s,
    [OPFD_i16x8_max_u] = i16x8_max_u,
    [OPFD_i16x8_avgr_u] = i16x8_avgr_u,
    [OPFD_i16x8_extmul_low_i8x16_s] = i16x8_extmul_low_i8x16_s,
    [OPFD_i16x8_extmul_high_i8x16_s] = i16x8_extmul_high_i8x16_s,
    [OPFD_i16x8_extmul_low_i8x16_u] = i16x8_extmul_low_i8x16_u,
    [OPFD_i16x8_extmul_high_i8x16_u] = i16x8_extmul_high_i8x16_u,
    [OPFD_i32x4_abs] = i32x4_abs,
    [OPFD_i32x4_neg] = i32x4_neg,
    [OPFD_i32x4_all_true] = i32x4_all_true,
    [OPFD_i32x4_bitmask] = i32x4_bitmask,
    [OPFD_i32x4_extend_low_i16x8_s] = i32x4_extend_low_i16x8_s,
    [OPFD_i32x4_extend_high_i16x8_s] = i32x4_extend_high_i16x8_s,
    [OPFD_i32x4_extend_low_i16x8_u] = i32x4_extend_low_i16x8_u,
    [OPFD_i32x4_extend_high_i16x8_u] = i32x4_extend_high_i16x8_u,
    [OPFD_i32x4_shl] = i32x4_shl,
    [OPFD_i32x4_shr_s] = i32x4_shr_s,
    [OPFD_i32x4_shr_u] = i32x4_shr_u,
    [OPFD_i32x4_add] = i32x4_add,
    [OPFD_i32x4_sub] = i32x4_sub,
    [OPFD_i32x4_mul] = i32x4_mul,
    [OPFD_i32x4_min_s] = i32x4_min_s,
    [OPFD_i32x4_min_u] = i32x4_min_u,
    [OPFD_i32x4_max_s] = i32x4_max_s,
    [OPFD_i32x4_max_u] = i32x4_max_u,
    [OPFD_i32x4_dot_i16x8_s] = i32x4_dot_i16x8_s,
    [OPFD_i32x4_extmul_low_i16x8_s] = i32x4_extmul_low_i16x8_s,
    [OPFD_i32x4_extmul_high_i16x8_s] = i32x4_extmul_high_i16x8_s,
    [OPFD_i32x4_extmul_low_i16x8_u] = i32x4_extmul_low_i16x8_u,
    [OPFD_i32x4_extmul_high_i16x8_u] = i32x4_extmul_high_i16x8_u,
    [OPFD_i64x2_abs] = i64x2_abs,
    [OPFD_i64x2_neg] = i64x2_neg,
    [OPFD_i64x2_all_true] = i64x2_all_true,
    [OPFD_i64x2_bitmask] = i64x2_bitmask,
    [OPFD_i64x2_extend_low_i32x4_s] = i64x2_extend_low_i32x4_s,
    [OPFD_i64x2_extend_high_i32x4_s] = i64x2_extend_high_i32x4_s,
    [OPFD_i64x2_extend_low_i32x4_u] = i64x2_extend_low_i32x4_u,
    [OPFD_i64x2_extend_high_i32x4_u] = i64x2_extend_high_i32x4_u,
    [OPFD_i64x2_shl] = i64x2_shl,
    [OPFD_i64x2_shr_s] = i64x2_shr_s,
    [OPFD_i64x2_shr_u] = i64x2_shr_u,
    [OPFD_i64x2_add] = i64x2_add,
    [OPFD_i64x2_sub] = i64x2_sub,
    [OPFD_i64x2_mul] = i64x2_mul,
    [OPFD_i64x2_eq] = i64x2_eq,
    [OPFD_i64x2_ne] = i64x2_ne,
    [OPFD_i64x2_lt_s] = i64x2_lt_s,
    [OPFD_i64x2_gt_s] = i64x2_gt_s,
    [OPFD_i64x2_le_s] = i64x2_le_s,
    [OPFD_i64x2_ge_s] = i64x2_ge_s,
    [OPFD_i64x2_extmul_low_i32x4_s] = i64x2_extmul_low_i32x4_s,
    [OPFD_i64x2_extmul_high_i32x4_s] = i64x2_extmul_high_i32x4_s,
    [OPFD_i64x2_extmul_low_i32x4_u] = i64x2_extmul_low_i32x4_u,
    [OPFD_i64x2_extmul_high_i32x4_u] = i64x2_extmul_high_i32x4_u,
};

wr_simd_fn wr_simd_int_fn_for(uint32_t opfd)
{
    return opfd < OPFD_COUNT ? int_ops[opfd] : NULL;
}
