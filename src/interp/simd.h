/*
 * WebAssembly 2.0 SIMD semantics: every 0xFD opcode that does not touch memory, as a
 * plain function over 16-byte values, all with one signature so the exec loop can
 * dispatch through a single table.
 *
 * Operand conventions (r = op(a, b, c)):
 *   - vector operands in stack order: a is the first (deepest), c only for bitselect;
 *   - a scalar operand (splat input, shift count, replace_lane value) sits in the low
 *     bytes of its v128 operand, the way the value stack would hold it;
 *   - a scalar result (extract_lane, any_true, all_true, bitmask) is written to the low
 *     8 bytes of r, zero-extended (an i32 result is its 32-bit pattern, an f32 result its
 *     bits), and the high 8 bytes are zeroed;
 *   - imm is the lane index of extract_lane/replace_lane, ignored otherwise; the
 *     validator has checked it is in range, and it is masked anyway;
 *   - r may be the same object as any operand.
 * Results are exact: NaN-producing lanes give a canonical or arithmetic NaN as the spec
 * allows, and non-arithmetic ops (abs, neg, bitwise, lane moves) keep NaN bits intact.
 */
#ifndef WR_INTERP_SIMD_H
#define WR_INTERP_SIMD_H

#include <stddef.h>
#include <stdint.h>

typedef union wr_v128 {
    uint8_t u8[16];
    int8_t i8[16];
    uint16_t u16[8];
    int16_t i16[8];
    uint32_t u32[4];
    int32_t i32[4];
    uint64_t u64[2];
    int64_t i64[2];
    float f32[4];
    double f64[2];
} wr_v128;

typedef void (*wr_simd_fn)(wr_v128 *r, const wr_v128 *a, const wr_v128 *b, const wr_v128 *c,
                           uint32_t imm);

/* The function for a 0xFD sub-opcode (OPFD_*), or NULL for the ones the exec loop does
 * itself: loads, stores, lane loads/stores, v128.const, i8x16.shuffle, and numbers that
 * are not opcodes. Uses the host's vector instructions where they are faster. The
 * look-up walks a few tables, so do it once per instruction when translating. */
wr_simd_fn wr_simd_fn_for(uint32_t opfd);
/* The same in portable C only: the reference the vector versions are tested against. */
wr_simd_fn wr_simd_portable_fn_for(uint32_t opfd);

/* i8x16.shuffle: lane i of r is lane lanes[i] of the 32-byte concatenation a:b. The
 * validator has checked every index is below 32; it is masked anyway. */
void wr_simd_shuffle(wr_v128 *r, const wr_v128 *a, const wr_v128 *b, const uint8_t lanes[16]);

/* Writes a scalar result: its zero-extended bits in the low 8 bytes, the rest zero. */
static inline void wr_simd_put_scalar(wr_v128 *r, uint64_t value)
{
    r->u64[0] = value;
    r->u64[1] = 0;
}

/* The parts of the table, one per source file (NULL where the opcode is not theirs). */
wr_simd_fn wr_simd_int_fn_for(uint32_t opfd);
wr_simd_fn wr_simd_float_fn_for(uint32_t opfd);
wr_simd_fn wr_simd_relaxed_fn_for(uint32_t opfd);
/* The strict op a relaxed SIMD op is in wr (simd_relaxed.c), else opfd itself. */
uint32_t wr_simd_strict_op(uint32_t opfd);
/* Vector versions for the host, chosen at compile time; NULL where an op has none. */
#if defined(__SSE2__)
wr_simd_fn wr_simd_sse2_fn_for(uint32_t opfd);
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
wr_simd_fn wr_simd_neon_fn_for(uint32_t opfd);
#endif

#endif
