/* Hand-picked boundary cases for src/interp/numeric.h. */
#include <math.h>

#include "check.h"
#include "interp/numeric.h"

static int same_f32(float got, uint32_t want) { return wr_f32_bits(got) == want; }
static int same_f64(double got, uint64_t want) { return wr_f64_bits(got) == want; }

#define F32_NEG_ZERO 0x80000000u
#define F32_CANON_NAN 0x7fc00000u
#define F32_SNAN 0x7fa00000u
#define F64_NEG_ZERO 0x8000000000000000u
#define F64_CANON_NAN 0x7ff8000000000000u
#define F64_SNAN 0x7ff4000000000000u

static void test_min_max(check_counts *c)
{
    float pz = 0.0f, nz = wr_f32_from_bits(F32_NEG_ZERO), snan = wr_f32_from_bits(F32_SNAN);
    CHECK(c, same_f32(wr_f32_min(pz, nz), F32_NEG_ZERO));
    CHECK(c, same_f32(wr_f32_min(nz, pz), F32_NEG_ZERO));
    CHECK(c, same_f32(wr_f32_max(pz, nz), 0));
    CHECK(c, same_f32(wr_f32_max(nz, pz), 0));
    CHECK(c, same_f32(wr_f32_min(1.0f, wr_f32_from_bits(F32_CANON_NAN)), F32_CANON_NAN));
    CHECK(c, same_f32(wr_f32_max(wr_f32_from_bits(0xffc00000u), 1.0f), 0xffc00000u));
    CHECK(c, same_f32(wr_f32_min(snan, 1.0f), 0x7fe00000u)); /* quieted, payload kept */
    CHECK(c, same_f32(wr_f32_max(-INFINITY, snan), 0x7fe00000u));
    CHECK(c, wr_f32_min(-INFINITY, 3.0f) == -INFINITY);
    CHECK(c, wr_f32_max(-INFINITY, 3.0f) == 3.0f);

    double dpz = 0.0, dnz = wr_f64_from_bits(F64_NEG_ZERO), dsnan = wr_f64_from_bits(F64_SNAN);
    CHECK(c, same_f64(wr_f64_min(dpz, dnz), F64_NEG_ZERO));
    CHECK(c, same_f64(wr_f64_max(dnz, dpz), 0));
    CHECK(c, same_f64(wr_f64_min(dsnan, 0.0), 0x7ffc000000000000u));
    CHECK(c, same_f64(wr_f64_max(2.0, wr_f64_from_bits(F64_CANON_NAN)), F64_CANON_NAN));
    CHECK(c, wr_f64_max(-1e300, 1e-300) == 1e-300);
}

static void test_rounding(check_counts *c)
{
    CHECK(c, wr_f32_nearest(0.5f) == 0.0f && !signbit(wr_f32_nearest(0.5f)));
    CHECK(c, same_f32(wr_f32_nearest(-0.5f), F32_NEG_ZERO));
    CHECK(c, wr_f32_nearest(1.5f) == 2.0f);
    CHECK(c, wr_f32_nearest(2.5f) == 2.0f);
    CHECK(c, wr_f32_nearest(-2.5f) == -2.0f);
    CHECK(c, wr_f32_nearest(-3.5f) == -4.0f);
    CHECK(c, wr_f32_nearest(8388607.5f) == 8388608.0f);
    CHECK(c, wr_f32_nearest(8388605.5f) == 8388606.0f);
    CHECK(c, wr_f32_nearest(16777215.0f) == 16777215.0f);
    CHECK(c, wr_f32_nearest(-INFINITY) == -INFINITY);
    CHECK(c, same_f32(wr_f32_nearest(wr_f32_from_bits(F32_NEG_ZERO)), F32_NEG_ZERO));
    CHECK(c, same_f32(wr_f32_nearest(wr_f32_from_bits(F32_SNAN)), 0x7fe00000u));
    CHECK(c, same_f32(wr_f32_nearest(wr_f32_from_bits(0x00000001u)), 0));
    CHECK(c, wr_f64_nearest(4503599627370495.5) == 4503599627370496.0);
    CHECK(c, wr_f64_nearest(4503599627370493.5) == 4503599627370494.0);
    CHECK(c, same_f64(wr_f64_nearest(-0.5), F64_NEG_ZERO));
    CHECK(c, wr_f64_nearest(-1.5) == -2.0);
    CHECK(c, same_f64(wr_f64_nearest(wr_f64_from_bits(F64_SNAN)), 0x7ffc000000000000u));

    CHECK(c, same_f32(wr_f32_ceil(-0.5f), F32_NEG_ZERO));
    CHECK(c, wr_f32_ceil(0.5f) == 1.0f);
    CHECK(c, wr_f32_ceil(-1.5f) == -1.0f);
    CHECK(c, wr_f32_ceil(8388607.5f) == 8388608.0f);
    CHECK(c, same_f32(wr_f32_floor(0.5f), 0));
    CHECK(c, wr_f32_floor(-0.5f) == -1.0f);
    CHECK(c, same_f32(wr_f32_floor(wr_f32_from_bits(F32_NEG_ZERO)), F32_NEG_ZERO));
    CHECK(c, wr_f32_floor(-8388607.5f) == -8388608.0f);
    CHECK(c, same_f32(wr_f32_trunc(-0.9f), F32_NEG_ZERO));
    CHECK(c, wr_f32_trunc(-1.9f) == -1.0f);
    CHECK(c, wr_f32_trunc(1e30f) == 1e30f);
    CHECK(c, same_f32(wr_f32_trunc(wr_f32_from_bits(F32_SNAN)), 0x7fe00000u));
    CHECK(c, same_f64(wr_f64_ceil(-0.25), F64_NEG_ZERO));
    CHECK(c, wr_f64_ceil(4503599627370495.5) == 4503599627370496.0);
    CHECK(c, wr_f64_floor(-4503599627370495.5) == -4503599627370496.0);
    CHECK(c, same_f64(wr_f64_trunc(-0.75), F64_NEG_ZERO));
    CHECK(c, wr_f64_trunc(INFINITY) == INFINITY);
}

static void test_trapping_trunc(check_counts *c)
{
    int32_t s32 = 0;
    uint32_t u32 = 0;
    int64_t s64 = 0;
    uint64_t u64 = 0;

    CHECK(c, wr_i32_trunc_f64_s(-2147483648.9, &s32) == WR_TRAP_NONE && s32 == INT32_MIN);
    CHECK(c, wr_i32_trunc_f64_s(-2147483649.0, &s32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f64_s(2147483647.9, &s32) == WR_TRAP_NONE && s32 == INT32_MAX);
    CHECK(c, wr_i32_trunc_f64_s(2147483648.0, &s32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f64_s(NAN, &s32) == WR_TRAP_INVALID_CONVERSION);
    CHECK(c, wr_i32_trunc_f32_s(-2147483648.0f, &s32) == WR_TRAP_NONE && s32 == INT32_MIN);
    CHECK(c, wr_i32_trunc_f32_s(-2147483904.0f, &s32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f32_s(2147483520.0f, &s32) == WR_TRAP_NONE && s32 == 2147483520);
    CHECK(c, wr_i32_trunc_f32_s(2147483648.0f, &s32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f32_s(-INFINITY, &s32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f32_s(-NAN, &s32) == WR_TRAP_INVALID_CONVERSION);
    CHECK(c, wr_i32_trunc_f32_u(-0.9f, &u32) == WR_TRAP_NONE && u32 == 0);
    CHECK(c, wr_i32_trunc_f32_u(-1.0f, &u32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f32_u(4294967040.0f, &u32) == WR_TRAP_NONE && u32 == 4294967040u);
    CHECK(c, wr_i32_trunc_f32_u(4294967296.0f, &u32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f64_u(4294967295.9, &u32) == WR_TRAP_NONE && u32 == UINT32_MAX);
    CHECK(c, wr_i32_trunc_f64_u(4294967296.0, &u32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_trunc_f64_u(-0.99999, &u32) == WR_TRAP_NONE && u32 == 0);
    CHECK(c, wr_i32_trunc_f64_u(-1.0, &u32) == WR_TRAP_INT_OVERFLOW);

    CHECK(c, wr_i64_trunc_f64_s(-9223372036854775808.0, &s64) == WR_TRAP_NONE && s64 == INT64_MIN);
    CHECK(c, wr_i64_trunc_f64_s(-9223372036854777856.0, &s64) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i64_trunc_f64_s(9223372036854774784.0, &s64) == WR_TRAP_NONE &&
                 s64 == 9223372036854774784);
    CHECK(c, wr_i64_trunc_f64_s(9223372036854775808.0, &s64) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i64_trunc_f32_s(-9223372036854775808.0f, &s64) == WR_TRAP_NONE && s64 == INT64_MIN);
    CHECK(c, wr_i64_trunc_f32_s(9223372036854775808.0f, &s64) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i64_trunc_f32_u(18446742974197923840.0f, &u64) == WR_TRAP_NONE &&
                 u64 == 18446742974197923840u);
    CHECK(c, wr_i64_trunc_f32_u(18446744073709551616.0f, &u64) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i64_trunc_f64_u(18446744073709549568.0, &u64) == WR_TRAP_NONE &&
                 u64 == 18446744073709549568u);
    CHECK(c, wr_i64_trunc_f64_u(18446744073709551616.0, &u64) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i64_trunc_f64_u(-0.5, &u64) == WR_TRAP_NONE && u64 == 0);
    CHECK(c, wr_i64_trunc_f64_u(-1.0, &u64) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i64_trunc_f64_u(NAN, &u64) == WR_TRAP_INVALID_CONVERSION);
}

static void test_saturating_trunc(check_counts *c)
{
    CHECK(c, wr_i32_trunc_sat_f32_s(NAN) == 0);
    CHECK(c, wr_i32_trunc_sat_f32_s(-INFINITY) == INT32_MIN);
    CHECK(c, wr_i32_trunc_sat_f32_s(2147483648.0f) == INT32_MAX);
    CHECK(c, wr_i32_trunc_sat_f32_s(-2147483648.0f) == INT32_MIN);
    CHECK(c, wr_i32_trunc_sat_f32_s(-1.9f) == -1);
    CHECK(c, wr_i32_trunc_sat_f32_u(-1.9f) == 0);
    CHECK(c, wr_i32_trunc_sat_f32_u(4294967296.0f) == UINT32_MAX);
    CHECK(c, wr_i32_trunc_sat_f32_u(-NAN) == 0);
    CHECK(c, wr_i32_trunc_sat_f64_s(-2147483648.9) == INT32_MIN);
    CHECK(c, wr_i32_trunc_sat_f64_s(-2147483649.0) == INT32_MIN);
    CHECK(c, wr_i32_trunc_sat_f64_s(2147483647.9) == INT32_MAX);
    CHECK(c, wr_i32_trunc_sat_f64_s(1e300) == INT32_MAX);
    CHECK(c, wr_i32_trunc_sat_f64_u(4294967295.9) == UINT32_MAX);
    CHECK(c, wr_i32_trunc_sat_f64_u(4294967294.5) == 4294967294u);
    CHECK(c, wr_i64_trunc_sat_f32_s(9223372036854775808.0f) == INT64_MAX);
    CHECK(c, wr_i64_trunc_sat_f32_s(-INFINITY) == INT64_MIN);
    CHECK(c, wr_i64_trunc_sat_f32_u(18446744073709551616.0f) == UINT64_MAX);
    CHECK(c, wr_i64_trunc_sat_f32_u(NAN) == 0);
    CHECK(c, wr_i64_trunc_sat_f64_s(-9223372036854777856.0) == INT64_MIN);
    CHECK(c, wr_i64_trunc_sat_f64_s(9223372036854774784.0) == 9223372036854774784);
    CHECK(c, wr_i64_trunc_sat_f64_u(18446744073709549568.0) == 18446744073709549568u);
    CHECK(c, wr_i64_trunc_sat_f64_u(INFINITY) == UINT64_MAX);
    CHECK(c, wr_i64_trunc_sat_f64_u(-INFINITY) == 0);
}

static void test_convert(check_counts *c)
{
    CHECK(c, wr_f32_convert_i64_u(UINT64_MAX) == 18446744073709551616.0f);
    CHECK(c, wr_f64_convert_i64_u(UINT64_MAX) == 18446744073709551616.0);
    CHECK(c, wr_f32_convert_i64_u(0) == 0.0f && !signbit(wr_f32_convert_i64_u(0)));
    /* Just over half an ulp above 2^63: rounding twice would land on 2^63. */
    CHECK(c, wr_f32_convert_i64_u(0x8000008000000001u) == 9223373136366403584.0f);
    CHECK(c, wr_f32_convert_i64_u(0x8000008000000000u) == 9223372036854775808.0f);
    CHECK(c, wr_f64_convert_i64_u(0x8000000000000401u) == 9223372036854777856.0);
    CHECK(c, wr_f64_convert_i64_u(0x8000000000000400u) == 9223372036854775808.0);
    CHECK(c, wr_f64_convert_i64_u(9007199791611905u) == 9007199791611904.0);
    CHECK(c, wr_f32_convert_i64_u(0x7fffffffffffffffu) == 9223372036854775808.0f);
    CHECK(c, wr_f32_convert_i64_u(16777217u) == 16777216.0f);
    CHECK(c, wr_f32_convert_i64_u(16777219u) == 16777220.0f);
}

static void test_sign_ops(check_counts *c)
{
    CHECK(c, same_f32(wr_f32_neg(wr_f32_from_bits(F32_SNAN)), 0xffa00000u));
    CHECK(c, same_f32(wr_f32_abs(wr_f32_from_bits(0xff800001u)), 0x7f800001u));
    CHECK(c, same_f32(wr_f32_copysign(wr_f32_from_bits(F32_SNAN), -1.0f), 0xffa00000u));
    CHECK(c, same_f64(wr_f64_neg(0.0), F64_NEG_ZERO));
    CHECK(c, same_f64(wr_f64_abs(wr_f64_from_bits(0xfff0000000000001u)), 0x7ff0000000000001u));
    CHECK(c, same_f64(wr_f64_copysign(2.0, wr_f64_from_bits(F64_NEG_ZERO)), wr_f64_bits(-2.0)));
}

static void test_integer(check_counts *c)
{
    uint32_t r32 = 7;
    uint64_t r64 = 7;
    CHECK(c, wr_i32_div_s(0x80000000u, UINT32_MAX, &r32) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i32_div_s(1, 0, &r32) == WR_TRAP_DIV_ZERO);
    CHECK(c, wr_i32_div_s((uint32_t)-7, 2, &r32) == WR_TRAP_NONE && r32 == (uint32_t)-3);
    CHECK(c, wr_i32_rem_s(0x80000000u, UINT32_MAX, &r32) == WR_TRAP_NONE && r32 == 0);
    CHECK(c, wr_i32_rem_s((uint32_t)-7, 2, &r32) == WR_TRAP_NONE && r32 == (uint32_t)-1);
    CHECK(c, wr_i32_rem_u(7, 0, &r32) == WR_TRAP_DIV_ZERO);
    CHECK(c, wr_i32_div_u(0x80000000u, 2, &r32) == WR_TRAP_NONE && r32 == 0x40000000u);
    CHECK(c, wr_i64_div_s(0x8000000000000000u, UINT64_MAX, &r64) == WR_TRAP_INT_OVERFLOW);
    CHECK(c, wr_i64_rem_s(0x8000000000000000u, UINT64_MAX, &r64) == WR_TRAP_NONE && r64 == 0);
    CHECK(c, wr_i64_div_u(UINT64_MAX, 0, &r64) == WR_TRAP_DIV_ZERO);
    CHECK(c, wr_i64_rem_u(UINT64_MAX, 10, &r64) == WR_TRAP_NONE && r64 == 5);

    CHECK(c, wr_i32_rotl(0x80000001u, 0) == 0x80000001u);
    CHECK(c, wr_i32_rotl(0x80000001u, 1) == 0x00000003u);
    CHECK(c, wr_i32_rotl(0x80000001u, 33) == 0x00000003u);
    CHECK(c, wr_i32_rotr(0x80000001u, 32) == 0x80000001u);
    CHECK(c, wr_i32_rotr(0x00000003u, 1) == 0x80000001u);
    CHECK(c, wr_i64_rotl(0x8000000000000001u, 65) == 3);
    CHECK(c, wr_i64_rotr(1, 63) == 2);
    CHECK(c, wr_i64_rotr(1, 0) == 1);
    CHECK(c, wr_i32_clz(0) == 32 && wr_i32_ctz(0) == 32 && wr_i32_popcnt(0) == 0);
    CHECK(c, wr_i32_clz(1) == 31 && wr_i32_ctz(0x80000000u) == 31);
    CHECK(c, wr_i32_popcnt(UINT32_MAX) == 32);
    CHECK(c, wr_i64_clz(0) == 64 && wr_i64_ctz(0) == 64 && wr_i64_popcnt(UINT64_MAX) == 64);
    CHECK(c, wr_i64_clz(0x00008000u) == 48 && wr_i64_ctz(0x00008000u) == 15);
}

int main(void)
{
    check_counts c = {0};
    test_min_max(&c);
    test_rounding(&c);
    test_trapping_trunc(&c);
    test_saturating_trunc(&c);
    test_convert(&c);
    test_sign_ops(&c);
    test_integer(&c);
    return check_report(&c);
}
