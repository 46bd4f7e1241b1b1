/*
 * Naming the feature of an opcode from a proposal after WebAssembly 2.0 (later_ops.c).
 */
#ifndef WR_VALIDATE_LATER_OPS_H
#define WR_VALIDATE_LATER_OPS_H

#include <stddef.h>
#include <stdint.h>

/* For the instruction at bytes (len bytes to the end of the body): a reason that starts
 * with the testsuite's "illegal opcode" and names the feature, e.g. "illegal opcode: tail
 * calls (return_call) are not supported"; NULL when the opcode belongs to no known
 * proposal. */
const char *wr_later_op_reason(const uint8_t *bytes, size_t len);

#endif
