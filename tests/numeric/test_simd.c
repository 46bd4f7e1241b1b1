/* Hand-picked edge cases for the SIMD table (src/interp/simd*.c). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "decode/ops.h"
#include "interp/numeric.h"
#include "interp/simd.h"

/* The hand-picked cases run once through each table. */
static wr_simd_fn (*lookup)(uint32_t opfd) = wr_simd_fn_for;

static wr_v128 run(uint32_t opfd, wr_v128 a, wr_v128 b, wr_v128 c, uint32_t imm)
{
    wr_v128 r;
    memset(&r, 0xAB, sizeof r); /* results must overwrite every byte */
    lookup(opfd)(&r, &a, &b, &c, imm);
    return r;
}

static wr_v128 run1(uint32_t opfd, wr_v128 a) { return run(opfd, a, a, a, 0); }
static wr_v128 run2(uint32_t opfd, wr_v128 a, wr_v128 b) { return run(opfd, a, b, b, 0); }

static wr_v128 splat8(uint8_t x)
{
    wr_v128 v;
    memset(v.u8, x, sizeof v.u8);
    return v;
}

static wr_v128 splat16(uint16_t x) { return (wr_v128){.u16 = {x, x, x, x, x, x, x, x}}; }
static wr_v128 splat32(uint32_t x) { return (wr_v128){.u32 = {x, x, x, x}}; }
static wr_v128 splat64(uint64_t x) { return (wr_v128){.u64 = {x, x}}; }
static wr_v128 scalar(uint64_t x) { return (wr_v128){.u64 = {x, 0}}; }
static wr_v128 f32s(float a, float b, float c, float d) { return (wr_v128){.f32 = {a, b, c, d}}; }
static wr_v128 f64s(double a, double b) { return (wr_v128){.f64 = {a, b}}; }

static int all16(wr_v128 v, uint16_t x)
{
    for (int i = 0; i < 8; i++)
        if (v.u16[i] != x) return 0;
    return 1;
}

/* The text name of a 0xFD sub-opcode, NULL when it is none. */
static const char *fd_name(uint32_t op)
{
    const wr_opinfo *info = wr_opinfo_fd(op);
    return info ? info->name : NULL;
}

static void test_table(check_counts *c)
{
    unsigned missing = 0, extra = 0;
    for (uint32_t op = 0; op < OPFD_COUNT; op++) {
        int memory = op <= OPFD_v128_store ||
                     (op >= OPFD_v128_load8_lane && op <= OPFD_v128_load64_zero);
        int own = fd_name(op) && !memory && op != OPFD_v128_const && op != OPFD_i8x16_shuffle;
        if (own && !wr_simd_fn_for(op)) {
            fprintf(stderr, "no function for %s\n", fd_name(op));
            missing++;
        }
        if (!own && wr_simd_fn_for(op)) extra++;
    }
    CHECK(c, missing == 0);
    CHECK(c, extra == 0);

    /* The validator's signatures agree: exactly the ops without memory or constant
     * immediates have a function, and at most three operands and one result. */
    unsigned disagree = 0;
    for (uint32_t op = 0; op < OPFD_COUNT; op++) {
        const wr_opinfo *sig = wr_opinfo_fd(op);
        int plain = sig && (sig->imm == WR_IMM_NONE || sig->imm == WR_IMM_LANE) && sig->nparams > 0;
        if (plain != (wr_simd_fn_for(op) != NULL) || (sig && sig->nresults > 1)) {
            fprintf(stderr, "signature and table disagree on %s\n", fd_name(op));
            disagree++;
        }
    }
    CHECK(c, disagree == 0);
    CHECK(c, wr_simd_fn_for(OPFD_COUNT) == NULL && wr_simd_fn_for(UINT32_MAX) == NULL);
}

static void test_lanes(check_counts *c)
{
    wr_v128 v = splat8(0);
    v.i8[5] = -1;
    wr_v128 r = run(OPFD_i8x16_extract_lane_s, v, v, v, 5);
    CHECK(c, r.u64[0] == 0xFFFFFFFFu && r.u64[1] == 0);
    r = run(OPFD_i8x16_extract_lane_u, v, v, v, 5);
    CHECK(c, r.u64[0] == 0xFF && r.u64[1] == 0);
    v = splat16(0x8000);
    r = run(OPFD_i16x8_extract_lane_s, v, v, v, 7);
    CHECK(c, r.u64[0] == 0xFFFF8000u && r.u64[1] == 0);
    v = f32s(1, 2, wr_f32_from_bits(0x7fa00001u), 4);
    r = run(OPFD_f32x4_extract_lane, v, v, v, 2);
    CHECK(c, r.u64[0] == 0x7fa00001u && r.u64[1] == 0); /* signalling NaN passes untouched */
    r = run(OPFD_f32x4_splat, scalar(0xffa00001u), v, v, 0);
    CHECK(c, r.u32[0] == 0xffa00001u && r.u32[3] == 0xffa00001u);
    r = run(OPFD_i8x16_splat, scalar(0x1234), v, v, 0);
    CHECK(c, r.u64[0] == 0x3434343434343434u && r.u64[1] == r.u64[0]);

    /* replace_lane in place: r is the same object as a */
    wr_v128 in_place = splat32(7), value = scalar(0xdeadbeef);
    lookup(OPFD_i32x4_replace_lane)(&in_place, &in_place, &value, &value, 3);
    CHECK(c, in_place.u32[3] == 0xdeadbeef && in_place.u32[2] == 7);
    r = run(OPFD_i64x2_replace_lane, splat64(1), scalar(UINT64_MAX), v, 1);
    CHECK(c, r.u64[0] == 1 && r.u64[1] == UINT64_MAX);

    wr_v128 idx = splat8(0);
    for (int i = 0; i < 16; i++) idx.u8[i] = (uint8_t)(i * 17); /* 0, 17, 34, ... */
    wr_v128 data;
    for (int i = 0; i < 16; i++) data.u8[i] = (uint8_t)(100 + i);
    r = run2(OPFD_i8x16_swizzle, data, idx);
    CHECK(c, r.u8[0] == 100 && r.u8[1] == 0 && r.u8[15] == 0);
    idx.u8[1] = 15;
    idx.u8[2] = 128;
    r = run2(OPFD_i8x16_swizzle, data, idx);
    CHECK(c, r.u8[1] == 115 && r.u8[2] == 0);

    uint8_t lanes[16];
    for (int i = 0; i < 16; i++) lanes[i] = (uint8_t)(31 - i);
    wr_v128 other = splat8(9);
    other.u8[15] = 42;
    wr_simd_shuffle(&r, &data, &other, lanes);
    CHECK(c, r.u8[0] == 42 && r.u8[1] == 9 && r.u8[15] == 9);
    wr_simd_shuffle(&data, &data, &data, lanes); /* in place */
    CHECK(c, data.u8[0] == 115 && data.u8[15] == 100);
}

static void test_bitwise(check_counts *c)
{
    wr_v128 a = splat64(0xF0F0F0F0F0F0F0F0u), b = splat64(0xFF00FF00FF00FF00u);
    wr_v128 mask = splat64(0x00000000FFFFFFFFu);
    wr_v128 r = run(OPFD_v128_bitselect, a, b, mask, 0);
    CHECK(c, r.u64[0] == 0xFF00FF00F0F0F0F0u);
    r = run2(OPFD_v128_andnot, a, b);
    CHECK(c, r.u64[1] == 0x00F000F000F000F0u);
    r = run1(OPFD_v128_not, a);
    CHECK(c, r.u64[0] == 0x0F0F0F0F0F0F0F0Fu);
    CHECK(c, run1(OPFD_v128_any_true, splat64(0)).u64[0] == 0);
    wr_v128 one = splat64(0);
    one.u8[15] = 0x80;
    r = run1(OPFD_v128_any_true, one);
    CHECK(c, r.u64[0] == 1 && r.u64[1] == 0);
    CHECK(c, run1(OPFD_i8x16_all_true, one).u64[0] == 0);
    CHECK(c, run1(OPFD_i8x16_all_true, splat8(1)).u64[0] == 1);
    CHECK(c, run1(OPFD_i64x2_all_true, splat64(1ull << 63)).u64[0] == 1);
    wr_v128 almost = splat32(1);
    almost.u32[2] = 0;
    CHECK(c, run1(OPFD_i32x4_all_true, almost).u64[0] == 0);
}

static void test_integer(check_counts *c)
{
    wr_v128 v = splat8(0);
    for (int i = 0; i < 16; i += 2) v.i8[i] = -1;
    wr_v128 r = run1(OPFD_i8x16_bitmask, v);
    CHECK(c, r.u64[0] == 0x5555 && r.u64[1] == 0);
    CHECK(c, run1(OPFD_i64x2_bitmask, splat64(1ull << 63)).u64[0] == 3);
    CHECK(c, run1(OPFD_i16x8_bitmask, splat16(0x7fff)).u64[0] == 0);

    r = run1(OPFD_i8x16_abs, splat8(0x80));
    CHECK(c, r.u8[0] == 0x80 && r.u8[15] == 0x80);
    r = run1(OPFD_i32x4_abs, splat32(0xFFFFFFFFu));
    CHECK(c, r.u32[0] == 1);
    r = run1(OPFD_i64x2_neg, splat64(1ull << 63));
    CHECK(c, r.u64[0] == 1ull << 63);
    r = run1(OPFD_i8x16_popcnt, splat8(0xF7));
    CHECK(c, r.u8[3] == 7);

    r = run2(OPFD_i8x16_shl, splat8(0x81), scalar(9));
    CHECK(c, r.u8[0] == 0x02);
    r = run2(OPFD_i8x16_shr_s, splat8(0x80), scalar(15));
    CHECK(c, r.u8[0] == 0xFF);
    r = run2(OPFD_i8x16_shr_u, splat8(0x80), scalar(15));
    CHECK(c, r.u8[0] == 0x01);
    r = run2(OPFD_i16x8_shl, splat16(0xFFFF), scalar(15));
    CHECK(c, all16(r, 0x8000));
    r = run2(OPFD_i32x4_shr_s, splat32(0x80000000u), scalar(0xFFFFFFFFu));
    CHECK(c, r.u32[1] == 0xFFFFFFFFu);
    r = run2(OPFD_i64x2_shr_u, splat64(1ull << 63), scalar(64 + 63));
    CHECK(c, r.u64[0] == 1 && r.u64[1] == 1);

    r = run2(OPFD_i8x16_add_sat_s, splat8(0x7F), splat8(1));
    CHECK(c, r.u8[0] == 0x7F);
    r = run2(OPFD_i8x16_sub_sat_s, splat8(0x80), splat8(1));
    CHECK(c, r.u8[0] == 0x80);
    r = run2(OPFD_i8x16_add_sat_u, splat8(0xFF), splat8(1));
    CHECK(c, r.u8[0] == 0xFF);
    r = run2(OPFD_i16x8_sub_sat_u, splat16(1), splat16(2));
    CHECK(c, all16(r, 0));
    r = run2(OPFD_i16x8_mul, splat16(0xFFFF), splat16(0xFFFF));
    CHECK(c, all16(r, 1));
    r = run2(OPFD_i8x16_avgr_u, splat8(0xFF), splat8(0xFF));
    CHECK(c, r.u8[0] == 0xFF);
    r = run2(OPFD_i16x8_avgr_u, splat16(0), splat16(1));
    CHECK(c, all16(r, 1));
    r = run2(OPFD_i32x4_min_s, splat32(0x80000000u), splat32(1));
    CHECK(c, r.u32[0] == 0x80000000u);
    r = run2(OPFD_i32x4_min_u, splat32(0x80000000u), splat32(1));
    CHECK(c, r.u32[0] == 1);

    r = run2(OPFD_i16x8_q15mulr_sat_s, splat16(0x8000), splat16(0x8000));
    CHECK(c, all16(r, 0x7FFF));
    r = run2(OPFD_i16x8_q15mulr_sat_s, splat16(0x4000), splat16(0x4000));
    CHECK(c, all16(r, 0x2000));
    r = run2(OPFD_i16x8_q15mulr_sat_s, splat16(1), splat16(0x4000));
    CHECK(c, all16(r, 1)); /* 0.5 ulp rounds up */
    r = run2(OPFD_i16x8_q15mulr_sat_s, splat16(0xFFFF), splat16(0x4000));
    CHECK(c, all16(r, 0)); /* -0.5 ulp rounds up to 0 */

    r = run2(OPFD_i32x4_dot_i16x8_s, splat16(0x8000), splat16(0x8000));
    CHECK(c, r.u32[0] == 0x80000000u && r.u32[3] == 0x80000000u);
    r = run2(OPFD_i32x4_extmul_low_i16x8_u, splat16(0xFFFF), splat16(0xFFFF));
    CHECK(c, r.u32[0] == 4294836225u);
    r = run2(OPFD_i32x4_extmul_high_i16x8_s, splat16(0x8000), splat16(0x8000));
    CHECK(c, r.u32[3] == 0x40000000u);
    r = run2(OPFD_i64x2_extmul_low_i32x4_u, splat32(0xFFFFFFFFu), splat32(0xFFFFFFFFu));
    CHECK(c, r.u64[0] == 0xFFFFFFFE00000001u);
    r = run2(OPFD_i64x2_extmul_high_i32x4_s, splat32(0x80000000u), splat32(0x80000000u));
    CHECK(c, r.u64[1] == 0x4000000000000000u);
    r = run2(OPFD_i16x8_extmul_low_i8x16_s, splat8(0x80), splat8(0x80));
    CHECK(c, all16(r, 0x4000));
    r = run1(OPFD_i16x8_extadd_pairwise_i8x16_u, splat8(0xFF));
    CHECK(c, all16(r, 0x1FE));
    r = run1(OPFD_i32x4_extadd_pairwise_i16x8_s, splat16(0x8000));
    CHECK(c, r.u32[2] == 0xFFFF0000u);

    wr_v128 wide = splat16(0);
    wide.i16[0] = 300;
    wide.i16[1] = -300;
    wide.i16[2] = 127;
    wide.i16[3] = -128;
    r = run2(OPFD_i8x16_narrow_i16x8_s, wide, splat16(0x8000));
    CHECK(c, r.i8[0] == 127 && r.i8[1] == -128 && r.i8[2] == 127 && r.i8[3] == -128);
    CHECK(c, r.i8[8] == -128);
    r = run2(OPFD_i8x16_narrow_i16x8_u, wide, splat16(0x7FFF));
    CHECK(c, r.u8[0] == 255 && r.u8[1] == 0 && r.u8[2] == 127 && r.u8[3] == 0 && r.u8[15] == 255);
    r = run2(OPFD_i16x8_narrow_i32x4_u, splat32(0x10000), splat32(0xFFFFFFFFu));
    CHECK(c, r.u16[0] == 0xFFFF && r.u16[7] == 0);

    wr_v128 bytes;
    for (int i = 0; i < 16; i++) bytes.u8[i] = (uint8_t)(0xF0 + i);
    r = run1(OPFD_i16x8_extend_high_i8x16_s, bytes);
    CHECK(c, r.u16[0] == 0xFFF8 && r.u16[7] == 0xFFFF);
    r = run1(OPFD_i16x8_extend_low_i8x16_u, bytes);
    CHECK(c, r.u16[0] == 0x00F0);
    r = run1(OPFD_i64x2_extend_high_i32x4_s, splat32(0x80000000u));
    CHECK(c, r.u64[1] == 0xFFFFFFFF80000000u);

    r = run2(OPFD_i64x2_lt_s, splat64(1ull << 63), splat64(0));
    CHECK(c, r.u64[0] == UINT64_MAX);
    r = run2(OPFD_i8x16_gt_u, splat8(0x80), splat8(0x7F));
    CHECK(c, r.u8[0] == 0xFF);
    r = run2(OPFD_i8x16_gt_s, splat8(0x80), splat8(0x7F));
    CHECK(c, r.u8[0] == 0);
}

static void test_float(check_counts *c)
{
    float nz = wr_f32_from_bits(0x80000000u), nan = wr_f32_from_bits(0x7fc00000u);
    wr_v128 r = run2(OPFD_f32x4_min, f32s(0.0f, nz, nan, 1.0f), f32s(nz, 0.0f, 1.0f, nan));
    CHECK(c, r.u32[0] == 0x80000000u && r.u32[1] == 0x80000000u);
    CHECK(c, (r.u32[2] & 0x7fffffffu) == 0x7fc00000u && (r.u32[3] & 0x7fffffffu) == 0x7fc00000u);
    r = run2(OPFD_f32x4_max, f32s(0.0f, nz, -1.0f, 1.0f), f32s(nz, 0.0f, 1.0f, -1.0f));
    CHECK(c, r.u32[0] == 0 && r.u32[1] == 0 && r.f32[2] == 1.0f && r.f32[3] == 1.0f);
    r = run2(OPFD_f32x4_pmin, f32s(nz, 0.0f, nan, 1.0f), f32s(0.0f, nz, 1.0f, nan));
    CHECK(c, r.u32[0] == 0x80000000u && r.u32[1] == 0);
    CHECK(c, r.u32[2] == 0x7fc00000u && r.f32[3] == 1.0f);
    r = run2(OPFD_f64x2_pmax, f64s(-0.0, 2.0), f64s(0.0, NAN));
    CHECK(c, wr_f64_bits(r.f64[0]) == 0x8000000000000000u && r.f64[1] == 2.0);

    r = run1(OPFD_f32x4_nearest, f32s(-0.5f, 2.5f, -3.5f, 8388607.5f));
    CHECK(c, r.u32[0] == 0x80000000u && r.f32[1] == 2.0f);
    CHECK(c, r.f32[2] == -4.0f && r.f32[3] == 8388608.0f);
    r = run1(OPFD_f64x2_ceil, f64s(-0.5, 1.25));
    CHECK(c, wr_f64_bits(r.f64[0]) == 0x8000000000000000u && r.f64[1] == 2.0);
    r = run1(OPFD_f32x4_neg, f32s(nan, 0.0f, -1.0f, wr_f32_from_bits(0x7f800001u)));
    CHECK(c, r.u32[0] == 0xffc00000u && r.u32[1] == 0x80000000u);
    CHECK(c, r.f32[2] == 1.0f && r.u32[3] == 0xff800001u);
    r = run1(OPFD_f64x2_abs, f64s(wr_f64_from_bits(0xfff0000000000001u), -0.0));
    CHECK(c, r.u64[0] == 0x7ff0000000000001u && r.u64[1] == 0);

    r = run2(OPFD_f32x4_ne, f32s(nan, 1.0f, 0.0f, 2.0f), f32s(nan, 1.0f, nz, 3.0f));
    CHECK(c, r.u32[0] == 0xFFFFFFFFu && r.u32[1] == 0 && r.u32[2] == 0 && r.u32[3] == 0xFFFFFFFFu);
    r = run2(OPFD_f64x2_le, f64s(NAN, -0.0), f64s(1.0, 0.0));
    CHECK(c, r.u64[0] == 0 && r.u64[1] == UINT64_MAX);

    r = run1(OPFD_i32x4_trunc_sat_f32x4_s, f32s(nan, -INFINITY, 2147483648.0f, -1.9f));
    CHECK(c, r.i32[0] == 0 && r.i32[1] == INT32_MIN && r.i32[2] == INT32_MAX && r.i32[3] == -1);
    r = run1(OPFD_i32x4_trunc_sat_f32x4_u, f32s(nan, -1.0f, 4294967296.0f, 4294967040.0f));
    CHECK(c, r.u32[0] == 0 && r.u32[1] == 0 && r.u32[2] == UINT32_MAX && r.u32[3] == 4294967040u);
    r = run1(OPFD_i32x4_trunc_sat_f64x2_s_zero, f64s(-2147483648.9, 1e10));
    CHECK(c, r.i32[0] == INT32_MIN && r.i32[1] == INT32_MAX && r.u64[1] == 0);
    r = run1(OPFD_i32x4_trunc_sat_f64x2_u_zero, f64s(4294967295.9, NAN));
    CHECK(c, r.u32[0] == UINT32_MAX && r.u32[1] == 0 && r.u64[1] == 0);
    r = run1(OPFD_f32x4_convert_i32x4_u, splat32(0xFFFFFFFFu));
    CHECK(c, r.f32[0] == 4294967296.0f);
    r = run1(OPFD_f32x4_convert_i32x4_s, splat32(16777217));
    CHECK(c, r.f32[1] == 16777216.0f);
    r = run1(OPFD_f64x2_convert_low_i32x4_u, splat32(0xFFFFFFFFu));
    CHECK(c, r.f64[0] == 4294967295.0 && r.f64[1] == 4294967295.0);
    r = run1(OPFD_f32x4_demote_f64x2_zero, f64s(1e300, wr_f64_from_bits(0x7ff8000000000000u)));
    CHECK(c, r.f32[0] == INFINITY && r.u32[1] == 0x7fc00000u && r.u64[1] == 0);
    r = run1(OPFD_f64x2_promote_low_f32x4, f32s(nan, 0.1f, 5.0f, 6.0f));
    CHECK(c, r.u64[0] == 0x7ff8000000000000u && r.f64[1] == (double)0.1f);
    r = run1(OPFD_f32x4_sqrt, f32s(-1.0f, 4.0f, nz, INFINITY));
    CHECK(c, (r.u32[0] & 0x7fffffffu) == 0x7fc00000u && r.f32[1] == 2.0f);
    CHECK(c, r.u32[2] == 0x80000000u && r.f32[3] == INFINITY);
}

/* ---- the vector versions against the portable ones, on random and special lanes ---- */

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

static const uint32_t special_f32[] = {
    0x00000000, 0x80000000, 0x3f000000, 0xbf000000, 0x3fc00000, 0x40200000, 0xc0200000,
    0x4affffff, 0x4b000000, 0xcb000001, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
    0x7fa00000, 0x7fc12345, 0xff812345, 0x4f000000, 0xcf000001, 0x4f800000, 0x00000001,
    0x7f7fffff, 0x3f7fffff, 0xbf7fffff, 0x4effffff, 0xceffffff,
};
static const uint64_t special_f64[] = {
    0x0000000000000000, 0x8000000000000000, 0x3fe0000000000000, 0xbfe0000000000000,
    0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000, 0x432fffffffffffff,
    0x4330000000000000, 0xc330000000000001, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0xfff8000000000000, 0x7ff4000000000000, 0x7ff8123456789abc,
    0x0000000000000001, 0x7fefffffffffffff, 0x41dfffffffc00000, 0xc1e0000000200000,
};

static wr_v128 random_v128(uint64_t *state)
{
    wr_v128 v;
    uint64_t pick = next_random(state);
    v.u64[0] = next_random(state);
    v.u64[1] = next_random(state);
    size_t n32 = sizeof special_f32 / sizeof *special_f32;
    size_t n64 = sizeof special_f64 / sizeof *special_f64;
    switch (pick % 4) {
    case 0: break; /* random bits */
    case 1:
        for (int i = 0; i < 4; i++)
            if (next_random(state) & 1) v.u32[i] = special_f32[next_random(state) % n32];
        break;
    case 2:
        for (int i = 0; i < 2; i++)
            if (next_random(state) & 1) v.u64[i] = special_f64[next_random(state) % n64];
        break;
    default: /* small integers and lane extremes */
        for (int i = 0; i < 16; i++) {
            static const uint8_t bytes[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x81};
            v.u8[i] = bytes[next_random(state) % sizeof bytes];
        }
    }
    return v;
}

/* The bit patterns that tell NaNs apart, for one float lane format. */
typedef struct {
    int lanes;
    uint64_t magnitude;     /* every bit but the sign */
    uint64_t infinity;
    uint64_t canonical_nan; /* exponent all ones and the quiet bit, without the sign */
} float_format;

static const float_format f32_format = {4, 0x7fffffffu, 0x7f800000u, 0x7fc00000u};
static const float_format f64_format = {2, 0x7fffffffffffffffu, 0x7ff0000000000000u,
                                        0x7ff8000000000000u};

static int is_nan(const float_format *f, uint64_t x) { return (x & f->magnitude) > f->infinity; }
static int is_canonical(const float_format *f, uint64_t x)
{
    return (x & f->magnitude) == f->canonical_nan;
}
static int is_arithmetic(const float_format *f, uint64_t x)
{
    return (x & f->canonical_nan) == f->canonical_nan;
}

static uint64_t lane_bits(const float_format *f, const wr_v128 *v, int i)
{
    return f->lanes == 4 ? v->u32[i] : v->u64[i];
}

/* Float ops may differ in which NaN they return, within the spec's rule: a NaN result is
 * canonical when no input lane is a non-canonical NaN, and arithmetic otherwise. */
static int lanes_agree(uint32_t op, const wr_v128 *in, const wr_v128 *want, const wr_v128 *got)
{
    const char *name = fd_name(op);
    const float_format *f = !strncmp(name, "f32x4.", 6)   ? &f32_format
                            : !strncmp(name, "f64x2.", 6) ? &f64_format
                                                          : NULL;
    if (!f)
        return !memcmp(want, got, sizeof *want);
    unsigned nin = wr_opinfo_fd(op)->nparams;
    for (int i = 0; i < f->lanes; i++) {
        uint64_t w = lane_bits(f, want, i), g = lane_bits(f, got, i);
        int odd_input = 0;
        for (unsigned k = 0; k < nin; k++) {
            uint64_t x = lane_bits(f, &in[k], i);
            odd_input |= is_nan(f, x) && !is_canonical(f, x);
        }
        if (!is_nan(f, w) ? w != g : !(odd_input ? is_arithmetic(f, g) : is_canonical(f, g)))
            return 0;
    }
    return 1;
}

static void test_vector_paths(check_counts *c)
{
    uint64_t state = 0x9E3779B97F4A7C15u;
    unsigned compared = 0;
    for (uint32_t op = 0; op < OPFD_COUNT; op++) {
        wr_simd_fn fast = wr_simd_fn_for(op), portable = wr_simd_portable_fn_for(op);
        if (fast == portable) continue;
        compared++;
        unsigned mismatches = 0;
        for (int iter = 0; iter < 20000; iter++) {
            wr_v128 in[3] = {random_v128(&state), random_v128(&state), random_v128(&state)};
            wr_v128 want, got;
            portable(&want, &in[0], &in[1], &in[2], 0);
            fast(&got, &in[0], &in[1], &in[2], 0);
            if (!lanes_agree(op, in, &want, &got) && mismatches++ < 3) {
                fprintf(stderr, "%s: a b want got = ", fd_name(op));
                const wr_v128 *shown[] = {&in[0], &in[1], &want, &got};
                for (int k = 0; k < 4; k++)
                    fprintf(stderr, "%016llx%016llx%s", (unsigned long long)shown[k]->u64[1],
                            (unsigned long long)shown[k]->u64[0], k < 3 ? " " : "\n");
            }
        }
        CHECK(c, mismatches == 0);
    }
    printf("%u ops have a vector version\n", compared);
}

int main(void)
{
    check_counts c = {0};
    test_table(&c);
    for (int pass = 0; pass < 2; pass++) {
        lookup = pass ? wr_simd_portable_fn_for : wr_simd_fn_for;
        test_lanes(&c);
        test_bitwise(&c);
        test_integer(&c);
        test_float(&c);
    }
    test_vector_paths(&c);
    return check_report(&c);
}
