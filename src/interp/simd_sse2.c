/*
 * SSE2 versions of the SIMD ops where the portable loops measured clearly slower
 * (branchy lanes, no matching scalar instruction, or a library call): float
 * min/max/sqrt/rounding, saturating arithmetic, narrowing, bitmask/all_true, dot,
 * extmul, 8-bit shifts and i32x4.trunc_sat_f32x4_s. Ops the compiler already vectorizes
 * well stay portable. SSE2 is part of every x86-64, so these are selected at compile
 * time. Each result is the portable one, bit for bit, except that NaN lanes of min/max
 * may come out as the canonical NaN, which the spec allows; test_simd checks both
 * against each other. Like the portable code, this relies on MXCSR's defaults (round to
 * nearest, no flush-to-zero), which the runtime never changes.
 */
#if defined(__SSE2__)

#include <emmintrin.h>

#include "decode/opcodes.h"
#include "interp/simd.h"
#include "interp/simd_lanes.h"

static __m128i load_i(const wr_v128 *v)
{
    return _mm_loadu_si128((const __m128i *)(const void *)v);
}
static __m128 load_ps(const wr_v128 *v) { return _mm_loadu_ps(v->f32); }
static __m128d load_pd(const wr_v128 *v) { return _mm_loadu_pd(v->f64); }
static void store_i(wr_v128 *r, __m128i x) { _mm_storeu_si128((__m128i *)(void *)r, x); }
static void store_ps(wr_v128 *r, __m128 x) { _mm_storeu_ps(r->f32, x); }
static void store_pd(wr_v128 *r, __m128d x) { _mm_storeu_pd(r->f64, x); }

/* One SSE2 instruction applied to a and b. */
#define SSE2_BINARY(name, intrinsic)                                                           \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        store_i(r, intrinsic(load_i(a), load_i(b)));                                           \
    }

SSE2_BINARY(i8x16_add_sat_s, _mm_adds_epi8)
SSE2_BINARY(i8x16_add_sat_u, _mm_adds_epu8)
SSE2_BINARY(i8x16_sub_sat_s, _mm_subs_epi8)
SSE2_BINARY(i16x8_add_sat_s, _mm_adds_epi16)
SSE2_BINARY(i16x8_add_sat_u, _mm_adds_epu16)
SSE2_BINARY(i16x8_sub_sat_s, _mm_subs_epi16)
SSE2_BINARY(i8x16_narrow_i16x8_s, _mm_packs_epi16)
SSE2_BINARY(i8x16_narrow_i16x8_u, _mm_packus_epi16)
SSE2_BINARY(i16x8_narrow_i32x4_s, _mm_packs_epi32)
/* pmaddwd wraps the one overflowing case, (-32768)^2 * 2, to INT32_MIN as the spec does. */
SSE2_BINARY(i32x4_dot_i16x8_s, _mm_madd_epi16)

/* SSE2 has no unsigned 32-to-16 pack: clamp to [0, 65535] first, then sign-extend the low
 * 16 bits so the signed pack passes them through unchanged. */
static __m128i clamp_u16(__m128i x)
{
    const __m128i max = _mm_set1_epi32(65535);
    x = _mm_and_si128(x, _mm_cmpgt_epi32(x, _mm_setzero_si128()));
    __m128i over = _mm_cmpgt_epi32(x, max);
    x = _mm_or_si128(_mm_andnot_si128(over, x), _mm_and_si128(over, max));
    return _mm_srai_epi32(_mm_slli_epi32(x, 16), 16);
}

SIMD_FN(i16x8_narrow_i32x4_u)
{
    (void)c, (void)imm;
    store_i(r, _mm_packs_epi32(clamp_u16(load_i(a)), clamp_u16(load_i(b))));
}

/* ---- extmul i16x8 -> i32x4: low and high product halves, interleaved ---- */

#define SSE2_EXTMUL16(name, mulhi, unpack)                                                     \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        __m128i x = load_i(a), y = load_i(b);                                                  \
        store_i(r, unpack(_mm_mullo_epi16(x, y), mulhi(x, y)));                                \
    }

SSE2_EXTMUL16(i32x4_extmul_low_i16x8_s, _mm_mulhi_epi16, _mm_unpacklo_epi16)
SSE2_EXTMUL16(i32x4_extmul_high_i16x8_s, _mm_mulhi_epi16, _mm_unpackhi_epi16)
SSE2_EXTMUL16(i32x4_extmul_low_i16x8_u, _mm_mulhi_epu16, _mm_unpacklo_epi16)
SSE2_EXTMUL16(i32x4_extmul_high_i16x8_u, _mm_mulhi_epu16, _mm_unpackhi_epi16)

/* ---- bitmask and all_true ---- */

SIMD_FN(i8x16_bitmask)
{
    (void)b, (void)c, (void)imm;
    wr_simd_put_scalar(r, (uint32_t)_mm_movemask_epi8(load_i(a)));
}

/* Packing with signed saturation keeps each lane's sign. */
SIMD_FN(i16x8_bitmask)
{
    (void)b, (void)c, (void)imm;
    __m128i packed = _mm_packs_epi16(load_i(a), _mm_setzero_si128());
    wr_simd_put_scalar(r, (uint32_t)_mm_movemask_epi8(packed));
}

SIMD_FN(i32x4_bitmask)
{
    (void)b, (void)c, (void)imm;
    wr_simd_put_scalar(r, (uint32_t)_mm_movemask_ps(_mm_castsi128_ps(load_i(a))));
}

#define SSE2_ALL_TRUE(name, cmpeq)                                                             \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        __m128i zero_lanes = cmpeq(load_i(a), _mm_setzero_si128());                            \
        wr_simd_put_scalar(r, _mm_movemask_epi8(zero_lanes) == 0);                             \
    }

SSE2_ALL_TRUE(i8x16_all_true, _mm_cmpeq_epi8)
SSE2_ALL_TRUE(i16x8_all_true, _mm_cmpeq_epi16)

/* ---- 8-bit shifts, built from 16-bit ones ---- */

SIMD_FN(i8x16_shl)
{
    (void)c, (void)imm;
    unsigned count = b->u32[0] & 7;
    __m128i shifted = _mm_sll_epi16(load_i(a), _mm_cvtsi32_si128((int)count));
    store_i(r, _mm_and_si128(shifted, _mm_set1_epi8((char)(0xFF << count))));
}

SIMD_FN(i8x16_shr_u)
{
    (void)c, (void)imm;
    unsigned count = b->u32[0] & 7;
    __m128i shifted = _mm_srl_epi16(load_i(a), _mm_cvtsi32_si128((int)count));
    store_i(r, _mm_and_si128(shifted, _mm_set1_epi8((char)(0xFF >> count))));
}

/* Each byte is doubled into a 16-bit lane, shifted arithmetically by 8 more, and packed
 * back; the results fit in a byte, so the pack does not saturate. */
SIMD_FN(i8x16_shr_s)
{
    (void)c, (void)imm;
    __m128i x = load_i(a), count = _mm_cvtsi32_si128((int)(b->u32[0] & 7) + 8);
    __m128i lo = _mm_sra_epi16(_mm_unpacklo_epi8(x, x), count);
    __m128i hi = _mm_sra_epi16(_mm_unpackhi_epi8(x, x), count);
    store_i(r, _mm_packs_epi16(lo, hi));
}

/* ---- float min/max ----
 * minps/maxps return the second operand on NaN or equal inputs, so taking both orders
 * and OR-ing (min: -0 wins) or AND-ing (max: +0 wins) settles signed zeros; lanes where
 * either input is NaN are then forced to the canonical NaN. */

/* All ones minus the low payload bits: sign set, quiet bit set, rest of payload zero. */
static __m128 canonical_nan_f32(__m128 result, __m128 nan_lanes)
{
    __m128 payload = _mm_castsi128_ps(_mm_srli_epi32(_mm_castps_si128(nan_lanes), 10));
    return _mm_andnot_ps(payload, _mm_or_ps(result, nan_lanes));
}

static __m128d canonical_nan_f64(__m128d result, __m128d nan_lanes)
{
    __m128d payload = _mm_castsi128_pd(_mm_srli_epi64(_mm_castpd_si128(nan_lanes), 13));
    return _mm_andnot_pd(payload, _mm_or_pd(result, nan_lanes));
}

SIMD_FN(f32x4_min)
{
    (void)c, (void)imm;
    __m128 x = load_ps(a), y = load_ps(b);
    __m128 both = _mm_or_ps(_mm_min_ps(x, y), _mm_min_ps(y, x));
    store_ps(r, canonical_nan_f32(both, _mm_cmpunord_ps(x, y)));
}

SIMD_FN(f32x4_max)
{
    (void)c, (void)imm;
    __m128 x = load_ps(a), y = load_ps(b);
    __m128 both = _mm_and_ps(_mm_max_ps(x, y), _mm_max_ps(y, x));
    store_ps(r, canonical_nan_f32(both, _mm_cmpunord_ps(x, y)));
}

SIMD_FN(f64x2_min)
{
    (void)c, (void)imm;
    __m128d x = load_pd(a), y = load_pd(b);
    __m128d both = _mm_or_pd(_mm_min_pd(x, y), _mm_min_pd(y, x));
    store_pd(r, canonical_nan_f64(both, _mm_cmpunord_pd(x, y)));
}

SIMD_FN(f64x2_max)
{
    (void)c, (void)imm;
    __m128d x = load_pd(a), y = load_pd(b);
    __m128d both = _mm_and_pd(_mm_max_pd(x, y), _mm_max_pd(y, x));
    store_pd(r, canonical_nan_f64(both, _mm_cmpunord_pd(x, y)));
}

/* ---- rounding to integral ----
 * The portable method, lane-parallel: below 2^23 (2^52) in magnitude, adding and
 * subtracting that power rounds |x| to nearest-even; trunc/floor/ceil step that by one
 * where it went the wrong way, and the sign of x is put back (every such result has the
 * sign of x, which keeps -0 and gives ceil(-0.5) == -0). Other lanes are integral or
 * infinite and pass through, NaNs with the quiet bit set. */

typedef enum { ROUND_NEAREST, ROUND_TRUNC, ROUND_FLOOR, ROUND_CEIL } round_mode;

static inline __m128 round_f32(__m128 x, round_mode mode)
{
    const __m128 sign = _mm_set1_ps(-0.0f), one = _mm_set1_ps(1.0f);
    const __m128 limit = _mm_set1_ps(8388608.0f);
    __m128 ax = _mm_andnot_ps(sign, x);
    __m128 n = _mm_sub_ps(_mm_add_ps(ax, limit), limit);
    if (mode == ROUND_TRUNC) n = _mm_sub_ps(n, _mm_and_ps(_mm_cmpgt_ps(n, ax), one));
    if (mode == ROUND_FLOOR || mode == ROUND_CEIL) {
        n = _mm_or_ps(n, _mm_and_ps(sign, x));
        if (mode == ROUND_FLOOR) n = _mm_sub_ps(n, _mm_and_ps(_mm_cmpgt_ps(n, x), one));
        else n = _mm_add_ps(n, _mm_and_ps(_mm_cmplt_ps(n, x), one));
    }
    __m128 rounded = _mm_or_ps(_mm_andnot_ps(sign, n), _mm_and_ps(sign, x));
    __m128 quiet = _mm_and_ps(_mm_cmpunord_ps(x, x), _mm_castsi128_ps(_mm_set1_epi32(0x00400000)));
    __m128 small = _mm_cmplt_ps(ax, limit);
    return _mm_or_ps(_mm_and_ps(small, rounded), _mm_andnot_ps(small, _mm_or_ps(x, quiet)));
}

static inline __m128d round_f64(__m128d x, round_mode mode)
{
    const __m128d sign = _mm_set1_pd(-0.0), one = _mm_set1_pd(1.0);
    const __m128d limit = _mm_set1_pd(4503599627370496.0);
    __m128d ax = _mm_andnot_pd(sign, x);
    __m128d n = _mm_sub_pd(_mm_add_pd(ax, limit), limit);
    if (mode == ROUND_TRUNC) n = _mm_sub_pd(n, _mm_and_pd(_mm_cmpgt_pd(n, ax), one));
    if (mode == ROUND_FLOOR || mode == ROUND_CEIL) {
        n = _mm_or_pd(n, _mm_and_pd(sign, x));
        if (mode == ROUND_FLOOR) n = _mm_sub_pd(n, _mm_and_pd(_mm_cmpgt_pd(n, x), one));
        else n = _mm_add_pd(n, _mm_and_pd(_mm_cmplt_pd(n, x), one));
    }
    __m128d rounded = _mm_or_pd(_mm_andnot_pd(sign, n), _mm_and_pd(sign, x));
    __m128d quiet_bit = _mm_castsi128_pd(_mm_set1_epi64x(0x0008000000000000));
    __m128d quiet = _mm_and_pd(_mm_cmpunord_pd(x, x), quiet_bit);
    __m128d small = _mm_cmplt_pd(ax, limit);
    return _mm_or_pd(_mm_and_pd(small, rounded), _mm_andnot_pd(small, _mm_or_pd(x, quiet)));
}

#define SSE2_ROUND(name, round, load, store, mode)                                             \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        store(r, round(load(a), mode));                                                        \
    }

SSE2_ROUND(f32x4_nearest, round_f32, load_ps, store_ps, ROUND_NEAREST)
SSE2_ROUND(f32x4_trunc, round_f32, load_ps, store_ps, ROUND_TRUNC)
SSE2_ROUND(f32x4_floor, round_f32, load_ps, store_ps, ROUND_FLOOR)
SSE2_ROUND(f32x4_ceil, round_f32, load_ps, store_ps, ROUND_CEIL)
SSE2_ROUND(f64x2_nearest, round_f64, load_pd, store_pd, ROUND_NEAREST)
SSE2_ROUND(f64x2_trunc, round_f64, load_pd, store_pd, ROUND_TRUNC)
SSE2_ROUND(f64x2_floor, round_f64, load_pd, store_pd, ROUND_FLOOR)
SSE2_ROUND(f64x2_ceil, round_f64, load_pd, store_pd, ROUND_CEIL)

/* cvttps2dq gives INT32_MIN for NaN and out-of-range lanes: right for large negatives;
 * flipped to INT32_MAX for large positives and cleared for NaN. */
SIMD_FN(i32x4_trunc_sat_f32x4_s)
{
    (void)b, (void)c, (void)imm;
    __m128 x = load_ps(a);
    __m128i t = _mm_cvttps_epi32(x);
    t = _mm_xor_si128(t, _mm_castps_si128(_mm_cmpge_ps(x, _mm_set1_ps(2147483648.0f))));
    store_i(r, _mm_and_si128(t, _mm_castps_si128(_mm_cmpord_ps(x, x))));
}

SIMD_FN(f32x4_sqrt)
{
    (void)b, (void)c, (void)imm;
    store_ps(r, _mm_sqrt_ps(load_ps(a)));
}

SIMD_FN(f64x2_sqrt)
{
    (void)b, (void)c, (void)imm;
    store_pd(r, _mm_sqrt_pd(load_pd(a)));
}

static const wr_simd_fn sse2_ops[OPFD_COUNT] = {
    [OPFD_i8x16_add_sat_s] = i8x16_add_sat_s,
    [OPFD_i8x16_add_sat_u] = i8x16_add_sat_u,
    [OPFD_i8x16_sub_sat_s] = i8x16_sub_sat_s,
    [OPFD_i16x8_add_sat_s] = i16x8_add_sat_s,
    [OPFD_i16x8_add_sat_u] = i16x8_add_sat_u,
    [OPFD_i16x8_sub_sat_s] = i16x8_sub_sat_s,
    [OPFD_i8x16_narrow_i16x8_s] = i8x16_narrow_i16x8_s,
    [OPFD_i8x16_narrow_i16x8_u] = i8x16_narrow_i16x8_u,
    [OPFD_i16x8_narrow_i32x4_s] = i16x8_narrow_i32x4_s,
    [OPFD_i16x8_narrow_i32x4_u] = i16x8_narrow_i32x4_u,
    [OPFD_i32x4_dot_i16x8_s] = i32x4_dot_i16x8_s,
    [OPFD_i32x4_extmul_low_i16x8_s] = i32x4_extmul_low_i16x8_s,
    [OPFD_i32x4_extmul_high_i16x8_s] = i32x4_extmul_high_i16x8_s,
    [OPFD_i32x4_extmul_low_i16x8_u] = i32x4_extmul_low_i16x8_u,
    [OPFD_i32x4_extmul_high_i16x8_u] = i32x4_extmul_high_i16x8_u,
    [OPFD_i8x16_bitmask] = i8x16_bitmask,
    [OPFD_i16x8_bitmask] = i16x8_bitmask,
    [OPFD_i32x4_bitmask] = i32x4_bitmask,
    [OPFD_i8x16_all_true] = i8x16_all_true,
    [OPFD_i16x8_all_true] = i16x8_all_true,
    [OPFD_i8x16_shl] = i8x16_shl,
    [OPFD_i8x16_shr_s] = i8x16_shr_s,
    [OPFD_i8x16_shr_u] = i8x16_shr_u,
    [OPFD_f32x4_min] = f32x4_min,
    [OPFD_f32x4_max] = f32x4_max,
    [OPFD_f64x2_min] = f64x2_min,
    [OPFD_f64x2_max] = f64x2_max,
    [OPFD_f32x4_nearest] = f32x4_nearest,
    [OPFD_f32x4_trunc] = f32x4_trunc,
    [OPFD_f32x4_floor] = f32x4_floor,
    [OPFD_f32x4_ceil] = f32x4_ceil,
    [OPFD_f64x2_nearest] = f64x2_nearest,
    [OPFD_f64x2_trunc] = f64x2_trunc,
    [OPFD_f64x2_floor] = f64x2_floor,
    [OPFD_f64x2_ceil] = f64x2_ceil,
    [OPFD_f32x4_sqrt] = f32x4_sqrt,
    [OPFD_f64x2_sqrt] = f64x2_sqrt,
    [OPFD_i32x4_trunc_sat_f32x4_s] = i32x4_trunc_sat_f32x4_s,
};

wr_simd_fn wr_simd_sse2_fn_for(uint32_t opfd)
{
    return opfd < OPFD_COUNT ? sse2_ops[opfd] : NULL;
}

#endif
