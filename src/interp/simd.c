/* SIMD lane moves and bitwise ops, and the opcode table that joins all SIMD parts. */
#include "interp/simd.h"

#include <string.h>

#include "decode/opcodes.h"
#include "interp/simd_lanes.h"

/* ---- splat ---- */

SIMD_FN(i8x16_splat)
{
    (void)b, (void)c, (void)imm;
    memset(r->u8, a->u8[0], 16);
}

SIMD_FN(i16x8_splat)
{
    (void)b, (void)c, (void)imm;
    uint16_t x = a->u16[0];
    for (int i = 0; i < 8; i++) r->u16[i] = x;
}

/* 32- and 64-bit splats copy bits, so f32x4/f64x2.splat are the same functions and NaN
 * payloads pass through untouched. */
SIMD_FN(splat32)
{
    (void)b, (void)c, (void)imm;
    uint32_t x = a->u32[0];
    for (int i = 0; i < 4; i++) r->u32[i] = x;
}

SIMD_FN(splat64)
{
    (void)b, (void)c, (void)imm;
    uint64_t x = a->u64[0];
    r->u64[0] = x;
    r->u64[1] = x;
}

/* ---- extract_lane ---- */

SIMD_FN(i8x16_extract_lane_s)
{
    (void)b, (void)c;
    wr_simd_put_scalar(r, (uint32_t)(int32_t)a->i8[imm & 15]);
}

SIMD_FN(i8x16_extract_lane_u)
{
    (void)b, (void)c;
    wr_simd_put_scalar(r, a->u8[imm & 15]);
}

SIMD_FN(i16x8_extract_lane_s)
{
    (void)b, (void)c;
    wr_simd_put_scalar(r, (uint32_t)(int32_t)a->i16[imm & 7]);
}

SIMD_FN(i16x8_extract_lane_u)
{
    (void)b, (void)c;
    wr_simd_put_scalar(r, a->u16[imm & 7]);
}

SIMD_FN(extract_lane32)
{
    (void)b, (void)c;
    wr_simd_put_scalar(r, a->u32[imm & 3]);
}

SIMD_FN(extract_lane64)
{
    (void)b, (void)c;
    wr_simd_put_scalar(r, a->u64[imm & 1]);
}

/* ---- replace_lane: the new lane value is the low lane of b ---- */

SIMD_FN(i8x16_replace_lane)
{
    (void)c;
    uint8_t x = b->u8[0];
    *r = *a;
    r->u8[imm & 15] = x;
}

SIMD_FN(i16x8_replace_lane)
{
    (void)c;
    uint16_t x = b->u16[0];
    *r = *a;
    r->u16[imm & 7] = x;
}

SIMD_FN(replace_lane32)
{
    (void)c;
    uint32_t x = b->u32[0];
    *r = *a;
    r->u32[imm & 3] = x;
}

SIMD_FN(replace_lane64)
{
    (void)c;
    uint64_t x = b->u64[0];
    *r = *a;
    r->u64[imm & 1] = x;
}

/* ---- bitwise ---- */

SIMD_FN(v128_not)
{
    (void)b, (void)c, (void)imm;
    r->u64[0] = ~a->u64[0];
    r->u64[1] = ~a->u64[1];
}

SIMD_FN(v128_and)
{
    (void)c, (void)imm;
    r->u64[0] = a->u64[0] & b->u64[0];
    r->u64[1] = a->u64[1] & b->u64[1];
}

SIMD_FN(v128_andnot)
{
    (void)c, (void)imm;
    r->u64[0] = a->u64[0] & ~b->u64[0];
    r->u64[1] = a->u64[1] & ~b->u64[1];
}

SIMD_FN(v128_or)
{
    (void)c, (void)imm;
    r->u64[0] = a->u64[0] | b->u64[0];
    r->u64[1] = a->u64[1] | b->u64[1];
}

SIMD_FN(v128_xor)
{
    (void)c, (void)imm;
    r->u64[0] = a->u64[0] ^ b->u64[0];
    r->u64[1] = a->u64[1] ^ b->u64[1];
}

/* Bits of a where the mask c is 1, bits of b where it is 0. */
SIMD_FN(v128_bitselect)
{
    (void)imm;
    for (int i = 0; i < 2; i++) r->u64[i] = (a->u64[i] & c->u64[i]) | (b->u64[i] & ~c->u64[i]);
}

SIMD_FN(v128_any_true)
{
    (void)b, (void)c, (void)imm;
    wr_simd_put_scalar(r, (a->u64[0] | a->u64[1]) != 0);
}

/* Lane i of r is lane b[i] of a, or 0 when that index is 16 or more. Branch-free (the
 * indices are data) and assembled in two registers, which beats sixteen byte stores. */
SIMD_FN(i8x16_swizzle)
{
    (void)c, (void)imm;
    uint8_t src[16], idx[16];
    memcpy(src, a->u8, 16);
    memcpy(idx, b->u8, 16);
    uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 8; i++) {
        lo |= (uint64_t)(src[idx[i] & 15] & (uint8_t)-(idx[i] < 16)) << (8 * i);
        hi |= (uint64_t)(src[idx[i + 8] & 15] & (uint8_t)-(idx[i + 8] < 16)) << (8 * i);
    }
    r->u64[0] = lo;
    r->u64[1] = hi;
}

void wr_simd_shuffle(wr_v128 *r, const wr_v128 *a, const wr_v128 *b, const uint8_t lanes[16])
{
    uint8_t src[32];
    memcpy(src, a->u8, 16);
    memcpy(src + 16, b->u8, 16);
    uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 8; i++) {
        lo |= (uint64_t)src[lanes[i] & 31] << (8 * i);
        hi |= (uint64_t)src[lanes[i + 8] & 31] << (8 * i);
    }
    r->u64[0] = lo;
    r->u64[1] = hi;
}

static const wr_simd_fn lane_ops[OPFD_COUNT] = {
    [OPFD_i8x16_swizzle] = i8x16_swizzle,
    [OPFD_i8x16_splat] = i8x16_splat,
    [OPFD_i16x8_splat] = i16x8_splat,
    [OPFD_i32x4_splat] = splat32,
    [OPFD_i64x2_splat] = splat64,
    [OPFD_f32x4_splat] = splat32,
    [OPFD_f64x2_splat] = splat64,
    [OPFD_i8x16_extract_lane_s] = i8x16_extract_lane_s,
    [OPFD_i8x16_extract_lane_u] = i8x16_extract_lane_u,
    [OPFD_i8x16_replace_lane] = i8x16_replace_lane,
    [OPFD_i16x8_extract_lane_s] = i16x8_extract_lane_s,
    [OPFD_i16x8_extract_lane_u] = i16x8_extract_lane_u,
    [OPFD_i16x8_replace_lane] = i16x8_replace_lane,
    [OPFD_i32x4_extract_lane] = extract_lane32,
    [OPFD_i32x4_replace_lane] = replace_lane32,
    [OPFD_i64x2_extract_lane] = extract_lane64,
    [OPFD_i64x2_replace_lane] = replace_lane64,
    [OPFD_f32x4_extract_lane] = extract_lane32,
    [OPFD_f32x4_replace_lane] = replace_lane32,
    [OPFD_f64x2_extract_lane] = extract_lane64,
    [OPFD_f64x2_replace_lane] = replace_lane64,
    [OPFD_v128_not] = v128_not,
    [OPFD_v128_and] = v128_and,
    [OPFD_v128_andnot] = v128_andnot,
    [OPFD_v128_or] = v128_or,
    [OPFD_v128_xor] = v128_xor,
    [OPFD_v128_bitselect] = v128_bitselect,
    [OPFD_v128_any_true] = v128_any_true,
};

wr_simd_fn wr_simd_portable_fn_for(uint32_t opfd)
{
    if (opfd >= OPFD_COUNT) return NULL;
    opfd = wr_simd_strict_op(opfd);
    if (lane_ops[opfd]) return lane_ops[opfd];
    wr_simd_fn fn = wr_simd_int_fn_for(opfd);
    if (!fn) fn = wr_simd_float_fn_for(opfd);
    return fn ? fn : wr_simd_relaxed_fn_for(opfd);
}

wr_simd_fn wr_simd_fn_for(uint32_t opfd)
{
    wr_simd_fn fn = NULL;
    opfd = wr_simd_strict_op(opfd);
#if defined(__SSE2__)
    fn = wr_simd_sse2_fn_for(opfd);
#elif defined(__aarch64__) && defined(__ARM_NEON)
    fn = wr_simd_neon_fn_for(opfd);
#endif
    return fn ? fn : wr_simd_portable_fn_for(opfd);
}
