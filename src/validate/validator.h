/*
 * The validator's working state: one operand stack and one control stack, grown as
 * needed and reused for every function body of a module.
 */
#ifndef WR_VALIDATE_VALIDATOR_H
#define WR_VALIDATE_VALIDATOR_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/module.h"
#include "util/reader.h"

/* What opened a control frame. */
enum { CTRL_FUNC, CTRL_BLOCK, CTRL_LOOP, CTRL_IF, CTRL_ELSE };

typedef struct {
    const uint8_t *params, *results; /* wr_valtype sequences (static or module-owned) */
    uint32_t nparams, nresults;
    uint32_t height;                 /* operand stack height when the frame opened */
    uint8_t kind;                    /* CTRL_* */
    bool unreachable;                /* the rest of the frame is dead code */
} wr_ctrl_frame;

typedef struct {
    const wr_module *module;
    bool wasm2;         /* the engine keeps 2.0's rules (wr_config.wasm2_rules) */
    wr_reader r;
    size_t op_offset;   /* where the instruction being checked starts */
    wr_error *err;

    uint8_t *vals;      /* operand types; 0 is the unknown type of dead code */
    uint32_t nvals, vals_cap, max_vals;
    wr_ctrl_frame *ctrls;
    uint32_t nctrls, ctrls_cap, max_ctrls;
} wr_validator;

/* Validator entry point: checks the whole decoded module. */
wr_error *wr_validate(wr_module *module);

/* Checks one defined function's body and records its stack needs in it. */
wr_error *wr_validate_body(wr_validator *v, wr_mfunc *func);
/* Frees the stacks (the validator itself belongs to the caller). */
void wr_validator_release(wr_validator *v);

#endif
