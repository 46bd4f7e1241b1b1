/*
 * Scalar numeric semantics of WebAssembly 2.0 where plain C is wrong, undefined or
 * compiler-dependent: float min/max, rounding, NaN quieting, float-to-int truncation,
 * u64-to-float conversion, integer division, rotates and bit counts.
 *
 * Everything here is exact on any IEEE-754 host with FLT_EVAL_METHOD == 0 (x86-64 SSE,
 * aarch64) under the default floating-point environment (round to nearest, subnormals
 * kept: no flush-to-zero), which the runtime never changes. Nothing calls libm, so
 * results do not depend on its NaN handling.
 *
 * Plain C is exact, and the interpreter should use it directly, for:
 *   - f32/f64 add, sub, mul, div, sqrt (sqrtf/sqrt or __builtin_sqrt), comparisons;
 *   - f32.demote_f64 ((float)d) and f64.promote_f32 ((double)f): one correct rounding,
 *     NaNs come out quiet with their payload kept, so canonical stays canonical;
 *   - f32/f64.convert_i32_s/u and convert_i64_s: one correctly rounded conversion;
 *   - integer add, sub, mul on uint32_t/uint64_t (never on signed types: overflow is UB);
 *   - shl/shr_u as `x << (n & 31)` on unsigned types, shr_s as `(int32_t)x >> (n & 31)`
 *     (gcc and clang define right shifts of negative values as arithmetic);
 *   - extend8_s etc. as `(int32_t)(int8_t)x` (gcc and clang define narrowing as modulo).
 * Use the helpers below for neg/abs/copysign too: C's `-x` and fabs are bitwise on
 * x86-64 and aarch64 in practice, but the spec requires it, so it is spelled out.
 * tests/numeric/scalar_ops.c writes every scalar numeric opcode this way and checks it
 * against the testsuite.
 */
#ifndef WR_INTERP_NUMERIC_H
#define WR_INTERP_NUMERIC_H

#include <stdint.h>
#include <string.h>

#include "wr.h"

/* ---- Raw bits ---------------------------------------------------------------------- */

static inline uint32_t wr_f32_bits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
static inline uint64_t wr_f64_bits(double x) { uint64_t b; memcpy(&b, &x, 8); return b; }
static inline float wr_f32_from_bits(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }
static inline double wr_f64_from_bits(uint64_t b) { double x; memcpy(&x, &b, 8); return x; }

#define WR_F32_SIGN 0x80000000u
#define WR_F32_QUIET 0x00400000u
#define WR_F64_SIGN 0x8000000000000000u
#define WR_F64_QUIET 0x0008000000000000u

/* ---- Sign operations: bitwise, NaN payloads untouched ------------------------------ */

static inline float wr_f32_neg(float x) { return wr_f32_from_bits(wr_f32_bits(x) ^ WR_F32_SIGN); }
static inline float wr_f32_abs(float x) { return wr_f32_from_bits(wr_f32_bits(x) & ~WR_F32_SIGN); }
static inline float wr_f32_copysign(float x, float y)
{
    return wr_f32_from_bits((wr_f32_bits(x) & ~WR_F32_SIGN) | (wr_f32_bits(y) & WR_F32_SIGN));
}
static inline double wr_f64_neg(double x) { return wr_f64_from_bits(wr_f64_bits(x) ^ WR_F64_SIGN); }
static inline double wr_f64_abs(double x)
{
    return wr_f64_from_bits(wr_f64_bits(x) & ~WR_F64_SIGN);
}
static inline double wr_f64_copysign(double x, double y)
{
    return wr_f64_from_bits((wr_f64_bits(x) & ~WR_F64_SIGN) | (wr_f64_bits(y) & WR_F64_SIGN));
}

/* An arithmetic NaN from a NaN: the quiet bit set, the rest of the payload kept (so a
 * canonical NaN stays canonical). Done on bits because compilers may fold `x * 1.0`
 * and similar quieting idioms away. */
static inline float wr_f32_quiet(float nan)
{
    return wr_f32_from_bits(wr_f32_bits(nan) | WR_F32_QUIET);
}
static inline double wr_f64_quiet(double nan)
{
    return wr_f64_from_bits(wr_f64_bits(nan) | WR_F64_QUIET);
}

/* ---- min / max: NaN wins, -0 < +0 ------------------------------------------------- */

static inline float wr_f32_min(float a, float b)
{
    if (a != a) return wr_f32_quiet(a);
    if (b != b) return wr_f32_quiet(b);
    if (a == b) return wr_f32_from_bits(wr_f32_bits(a) | wr_f32_bits(b)); /* -0 wins */
    return a < b ? a : b;
}

static inline float wr_f32_max(float a, float b)
{
    if (a != a) return wr_f32_quiet(a);
    if (b != b) return wr_f32_quiet(b);
    if (a == b) return wr_f32_from_bits(wr_f32_bits(a) & wr_f32_bits(b)); /* +0 wins */
    return a > b ? a : b;
}

static inline double wr_f64_min(double a, double b)
{
    if (a != a) return wr_f64_quiet(a);
    if (b != b) return wr_f64_quiet(b);
    if (a == b) return wr_f64_from_bits(wr_f64_bits(a) | wr_f64_bits(b));
    return a < b ? a : b;
}

static inline double wr_f64_max(double a, double b)
{
    if (a != a) return wr_f64_quiet(a);
    if (b != b) return wr_f64_quiet(b);
    if (a == b) return wr_f64_from_bits(wr_f64_bits(a) & wr_f64_bits(b));
    return a > b ? a : b;
}

/* ---- Rounding to integral: ceil, floor, trunc, nearest ----------------------------
 * At and above 2^23 (f32) / 2^52 (f64) every float is already an integer, so only
 * smaller magnitudes are rounded, through an exact integer conversion; the result takes
 * the sign of the input, which keeps -0 and gives ceil(-0.5) == -0. Infinities and large
 * values come back unchanged, NaNs quieted. */

static inline float wr_f32_trunc(float x)
{
    if (!(wr_f32_abs(x) < 8388608.0f)) return x != x ? wr_f32_quiet(x) : x;
    return wr_f32_copysign((float)(int32_t)x, x);
}

static inline float wr_f32_ceil(float x)
{
    if (!(wr_f32_abs(x) < 8388608.0f)) return x != x ? wr_f32_quiet(x) : x;
    float r = (float)(int32_t)x;
    if (r < x) r += 1.0f;
    return wr_f32_copysign(r, x);
}

static inline float wr_f32_floor(float x)
{
    if (!(wr_f32_abs(x) < 8388608.0f)) return x != x ? wr_f32_quiet(x) : x;
    float r = (float)(int32_t)x;
    if (r > x) r -= 1.0f;
    return wr_f32_copysign(r, x);
}

/* Adding and subtracting 2^23 rounds the fraction away under round-half-to-even; C
 * forbids the compiler from reassociating it into a no-op. */
static inline float wr_f32_nearest(float x)
{
    float ax = wr_f32_abs(x);
    if (!(ax < 8388608.0f)) return x != x ? wr_f32_quiet(x) : x;
    return wr_f32_copysign((ax + 8388608.0f) - 8388608.0f, x);
}

static inline double wr_f64_trunc(double x)
{
    if (!(wr_f64_abs(x) < 4503599627370496.0)) return x != x ? wr_f64_quiet(x) : x;
    return wr_f64_copysign((double)(int64_t)x, x);
}

static inline double wr_f64_ceil(double x)
{
    if (!(wr_f64_abs(x) < 4503599627370496.0)) return x != x ? wr_f64_quiet(x) : x;
    double r = (double)(int64_t)x;
    if (r < x) r += 1.0;
    return wr_f64_copysign(r, x);
}

static inline double wr_f64_floor(double x)
{
    if (!(wr_f64_abs(x) < 4503599627370496.0)) return x != x ? wr_f64_quiet(x) : x;
    double r = (double)(int64_t)x;
    if (r > x) r -= 1.0;
    return wr_f64_copysign(r, x);
}

static inline double wr_f64_nearest(double x)
{
    double ax = wr_f64_abs(x);
    if (!(ax < 4503599627370496.0)) return x != x ? wr_f64_quiet(x) : x;
    return wr_f64_copysign((ax + 4503599627370496.0) - 4503599627370496.0, x);
}

/* ---- Trapping float-to-int truncation ---------------------------------------------
 * NaN is an invalid conversion; anything whose truncation falls outside the target
 * range is an integer overflow. The bounds are exact powers of two; where the source
 * format cannot hold the value just below the lower bound (-2^31 - 1 in f32, -2^63 - 1
 * in f32 and f64), nothing lies between it and -2^(N-1), so `>= -2^(N-1)` is exact. */

static inline wr_trap_kind wr_i32_trunc_f32_s(float x, int32_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x >= -2147483648.0f && x < 2147483648.0f)) return WR_TRAP_INT_OVERFLOW;
    *out = (int32_t)x;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i32_trunc_f32_u(float x, uint32_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0f && x < 4294967296.0f)) return WR_TRAP_INT_OVERFLOW;
    *out = (uint32_t)x;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i32_trunc_f64_s(double x, int32_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x > -2147483649.0 && x < 2147483648.0)) return WR_TRAP_INT_OVERFLOW;
    *out = (int32_t)x;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i32_trunc_f64_u(double x, uint32_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0 && x < 4294967296.0)) return WR_TRAP_INT_OVERFLOW;
    *out = (uint32_t)x;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_trunc_f32_s(float x, int64_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x >= -9223372036854775808.0f && x < 9223372036854775808.0f)) return WR_TRAP_INT_OVERFLOW;
    *out = (int64_t)x;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_trunc_f32_u(float x, uint64_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0f && x < 18446744073709551616.0f)) return WR_TRAP_INT_OVERFLOW;
    *out = (uint64_t)x;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_trunc_f64_s(double x, int64_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x >= -9223372036854775808.0 && x < 9223372036854775808.0)) return WR_TRAP_INT_OVERFLOW;
    *out = (int64_t)x;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_trunc_f64_u(double x, uint64_t *out)
{
    if (x != x) return WR_TRAP_INVALID_CONVERSION;
    if (!(x > -1.0 && x < 18446744073709551616.0)) return WR_TRAP_INT_OVERFLOW;
    *out = (uint64_t)x;
    return WR_TRAP_NONE;
}

/* ---- Saturating float-to-int truncation: NaN -> 0, out of range -> nearest bound --- */

static inline int32_t wr_i32_trunc_sat_f32_s(float x)
{
    if (x != x) return 0;
    if (x < -2147483648.0f) return INT32_MIN;
    if (x >= 2147483648.0f) return INT32_MAX;
    return (int32_t)x;
}

static inline uint32_t wr_i32_trunc_sat_f32_u(float x)
{
    if (!(x > -1.0f)) return 0; /* also NaN */
    if (x >= 4294967296.0f) return UINT32_MAX;
    return (uint32_t)x;
}

static inline int32_t wr_i32_trunc_sat_f64_s(double x)
{
    if (x != x) return 0;
    if (x < -2147483648.0) return INT32_MIN;
    if (x >= 2147483648.0) return INT32_MAX;
    return (int32_t)x;
}

static inline uint32_t wr_i32_trunc_sat_f64_u(double x)
{
    if (!(x > -1.0)) return 0;
    if (x >= 4294967296.0) return UINT32_MAX;
    return (uint32_t)x;
}

static inline int64_t wr_i64_trunc_sat_f32_s(float x)
{
    if (x != x) return 0;
    if (x < -9223372036854775808.0f) return INT64_MIN;
    if (x >= 9223372036854775808.0f) return INT64_MAX;
    return (int64_t)x;
}

static inline uint64_t wr_i64_trunc_sat_f32_u(float x)
{
    if (!(x > -1.0f)) return 0;
    if (x >= 18446744073709551616.0f) return UINT64_MAX;
    return (uint64_t)x;
}

static inline int64_t wr_i64_trunc_sat_f64_s(double x)
{
    if (x != x) return 0;
    if (x < -9223372036854775808.0) return INT64_MIN;
    if (x >= 9223372036854775808.0) return INT64_MAX;
    return (int64_t)x;
}

static inline uint64_t wr_i64_trunc_sat_f64_u(double x)
{
    if (!(x > -1.0)) return 0;
    if (x >= 18446744073709551616.0) return UINT64_MAX;
    return (uint64_t)x;
}

/* ---- u64 to float ------------------------------------------------------------------
 * Hosts without an unsigned 64-bit convert instruction (x86-64 before AVX-512) get it
 * from the compiler as a sequence; rather than trust every compiler's sequence, values
 * with the top bit set are halved into signed range with the lost bit kept as a sticky
 * bit, which lies far below the rounding position, so the single rounding stays exact. */

static inline float wr_f32_convert_i64_u(uint64_t x)
{
    if ((int64_t)x >= 0) return (float)(int64_t)x;
    return (float)(int64_t)((x >> 1) | (x & 1)) * 2.0f;
}

static inline double wr_f64_convert_i64_u(uint64_t x)
{
    if ((int64_t)x >= 0) return (double)(int64_t)x;
    return (double)(int64_t)((x >> 1) | (x & 1)) * 2.0;
}

/* ---- Integer division: the traps, and the INT_MIN / -1 case C leaves undefined ------ */

static inline wr_trap_kind wr_i32_div_s(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    if (a == 0x80000000u && b == UINT32_MAX) return WR_TRAP_INT_OVERFLOW;
    *out = (uint32_t)((int32_t)a / (int32_t)b);
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i32_div_u(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    *out = a / b;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i32_rem_s(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    *out = b == UINT32_MAX ? 0 : (uint32_t)((int32_t)a % (int32_t)b);
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i32_rem_u(uint32_t a, uint32_t b, uint32_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    *out = a % b;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_div_s(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    if (a == 0x8000000000000000u && b == UINT64_MAX) return WR_TRAP_INT_OVERFLOW;
    *out = (uint64_t)((int64_t)a / (int64_t)b);
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_div_u(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    *out = a / b;
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_rem_s(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    *out = b == UINT64_MAX ? 0 : (uint64_t)((int64_t)a % (int64_t)b);
    return WR_TRAP_NONE;
}

static inline wr_trap_kind wr_i64_rem_u(uint64_t a, uint64_t b, uint64_t *out)
{
    if (b == 0) return WR_TRAP_DIV_ZERO;
    *out = a % b;
    return WR_TRAP_NONE;
}

/* ---- Rotates and bit counts (defined for every input, including 0) ----------------- */

static inline uint32_t wr_i32_rotl(uint32_t x, uint32_t n)
{
    return (x << (n & 31)) | (x >> (-n & 31));
}
static inline uint32_t wr_i32_rotr(uint32_t x, uint32_t n)
{
    return (x >> (n & 31)) | (x << (-n & 31));
}
static inline uint64_t wr_i64_rotl(uint64_t x, uint64_t n)
{
    return (x << (n & 63)) | (x >> (-n & 63));
}
static inline uint64_t wr_i64_rotr(uint64_t x, uint64_t n)
{
    return (x >> (n & 63)) | (x << (-n & 63));
}

static inline uint32_t wr_i32_clz(uint32_t x) { return x ? (uint32_t)__builtin_clz(x) : 32; }
static inline uint32_t wr_i32_ctz(uint32_t x) { return x ? (uint32_t)__builtin_ctz(x) : 32; }
static inline uint32_t wr_i32_popcnt(uint32_t x) { return (uint32_t)__builtin_popcount(x); }
static inline uint64_t wr_i64_clz(uint64_t x) { return x ? (uint64_t)__builtin_clzll(x) : 64; }
static inline uint64_t wr_i64_ctz(uint64_t x) { return x ? (uint64_t)__builtin_ctzll(x) : 64; }
static inline uint64_t wr_i64_popcnt(uint64_t x) { return (uint64_t)__builtin_popcountll(x); }

#endif
