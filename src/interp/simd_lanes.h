/*
 * Generators for the lanewise SIMD functions shared by the simd_*.c files: each expands
 * to a static wr_simd_fn that loops over the lanes into a temporary, so r may alias an
 * operand.
 */
#ifndef WR_INTERP_SIMD_LANES_H
#define WR_INTERP_SIMD_LANES_H

#include "interp/simd.h"

/* The one signature every SIMD op has (see wr_simd_fn). */
#define SIMD_FN(name)                                                                          \
    static void name(wr_v128 *r, const wr_v128 *a, const wr_v128 *b, const wr_v128 *c,         \
                     uint32_t imm)

#define SIMD_UNARY(name, in, out, lanes, lane_op)                                              \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)b, (void)c, (void)imm;                                                           \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++) t.out[i] = lane_op(a->in[i]);                        \
        *r = t;                                                                                \
    }

#define SIMD_BINARY(name, field, lanes, lane_op)                                               \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++) t.field[i] = lane_op(a->field[i], b->field[i]);      \
        *r = t;                                                                                \
    }

/* All ones where the relation holds (for floats never with a NaN, except !=); -1
 * converts to all ones in any unsigned lane. */
#define SIMD_COMPARE(name, in, out, lanes, rel)                                                \
    SIMD_FN(name)                                                                              \
    {                                                                                          \
        (void)c, (void)imm;                                                                    \
        wr_v128 t;                                                                             \
        for (int i = 0; i < (lanes); i++) t.out[i] = -(int)(a->in[i] rel b->in[i]);            \
        *r = t;                                                                                \
    }

#endif
