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
    const wr_valtype *params, *results; /* static or module-owned sequences */
    uint32_t nparams, nresults;
    uint32_t height;                 /* operand stack height when the frame opened */
    uint32_t inits;                  /* local init stack height when the frame opened */
    wr_valtype one;                  /* the one result type when results is NULL */
    uint8_t kind;                    /* CTRL_* */
    bool unreachable;                /* the rest of the frame is dead code */
} wr_ctrl_frame;

typedef struct {
    const wr_module *module;
    bool wasm2;         /* the engine keeps 2.0's rules (wr_config.wasm2_rules) */
    wr_reader r;
    size_t op_offset;   /* where the instruction being checked starts */
    wr_error *err;

    wr_valtype *vals;   /* operand types; 0 is the unknown type of dead code */
    uint32_t nvals, vals_cap, max_vals;
    wr_ctrl_frame *ctrls;
    uint32_t nctrls, ctrls_cap, max_ctrls;

    /* The function's locals (params first) with their full types, and which of the
     * non-defaultable ones (non-null references) have been set: set[i], and the stack
     * of those set so far, which `end` unwinds to the frame's height (3.0 local_init). */
    wr_valtype *locals;
    uint8_t *set;
    uint32_t *inits;
    uint32_t nlocals, ninits, locals_cap;
} wr_validator;

/* Does value type t name, if it names a type index at all, one of the first `limit`
 * types of m? */
static inline bool wr_valtype_known(const wr_module *m, wr_valtype t, uint32_t limit)
{
    uint32_t index = wr_valtype_heap_index(t);
    return index == UINT32_MAX || (index < limit && index < m->ntypes);
}

/* The limits of a table or memory type: within what its address type allows, the minimum
 * not above the maximum. NULL when valid, else WR_ERR_INVALID naming section. Also what
 * makes a host's 64-bit type through wasm.h valid (src/capi/types.c). */
wr_error *wr_validate_table_limits(const wr_tabletype *t, const char *section);
wr_error *wr_validate_memory_limits(const wr_memtype *t, const char *section);

/* Validator entry point: checks the whole decoded module. */
wr_error *wr_validate(wr_module *module);

/* Checks one defined function's body and records its stack needs in it. */
wr_error *wr_validate_body(wr_validator *v, wr_mfunc *func);
/* Frees the stacks (the validator itself belongs to the caller). */
void wr_validator_release(wr_validator *v);

#endif
