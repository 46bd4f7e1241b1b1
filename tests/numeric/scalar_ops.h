/* Reference evaluation of single scalar numeric instructions, for the spec-driven test. */
#ifndef WR_TESTS_NUMERIC_SCALAR_OPS_H
#define WR_TESTS_NUMERIC_SCALAR_OPS_H

#include <stdint.h>

#include "wr.h"

typedef struct {
    uint64_t value;    /* i32/f32 results zero-extended bits */
    wr_trap_kind trap; /* WR_TRAP_NONE unless the instruction trapped */
} scalar_result;

/* prefix is 0 for single-byte opcodes or 0xFC. Operands are bit patterns, i32/f32
 * zero-extended. Returns 0 when the opcode is not a scalar numeric one. */
int scalar_eval(uint32_t prefix, uint32_t op, const uint64_t *args, scalar_result *out);

#endif
