/*
 * Fixed stack effects of instructions: for every opcode whose operand and result types
 * do not depend on the module or the function (numeric ops, conversions, comparisons,
 * constants, memory loads and stores, all SIMD ops), what it pops, what it pushes and
 * which immediates follow it. Shared by the validator and the translator so both read
 * instructions the same way.
 */
#ifndef WR_VALIDATE_OPSIG_H
#define WR_VALIDATE_OPSIG_H

#include <stddef.h>
#include <stdint.h>

#include "decode/opcodes.h"

/* The immediates that follow an opcode with a fixed signature. */
typedef enum wr_immkind {
    WR_IMM_NONE = 0,
    WR_IMM_I32,         /* signed LEB128, 32 bits */
    WR_IMM_I64,         /* signed LEB128, 64 bits */
    WR_IMM_F32,         /* 4 bytes */
    WR_IMM_F64,         /* 8 bytes */
    WR_IMM_MEMARG,      /* alignment (u32) and offset (u32); needs memory 0 */
    WR_IMM_LANE,        /* one lane index byte, < lanes */
    WR_IMM_MEMARG_LANE, /* memarg, then a lane index byte; needs memory 0 */
    WR_IMM_V128,        /* 16 bytes */
    WR_IMM_SHUFFLE      /* 16 lane index bytes, each < 32 */
} wr_immkind;

typedef struct wr_opsig {
    uint8_t nparams;   /* 0..3 */
    uint8_t nresults;  /* 0 or 1 */
    uint8_t params[3]; /* wr_valtype, bottom of the stack first */
    uint8_t result;    /* wr_valtype when nresults is 1 */
    uint8_t imm;       /* wr_immkind */
    uint8_t align;     /* memarg ops: log2 of the natural alignment (largest allowed) */
    uint8_t lanes;     /* lane ops: the lane count, which lane indices must stay below */
} wr_opsig;

/* The tables behind the look-ups below: all-zero entries are opcodes without a fixed
 * signature (no fixed signature is empty: each pops or pushes something). */
extern const wr_opsig wr_opsig_single_table[256];
extern const wr_opsig wr_opsig_fc_table[OPFC_COUNT];
extern const wr_opsig wr_opsig_fd_table[OPFD_COUNT];

static inline const wr_opsig *wr_opsig_present(const wr_opsig *sig)
{
    return sig->nparams || sig->nresults ? sig : NULL;
}

/* The signature of a single-byte opcode, or NULL when its typing depends on context
 * (control, calls, locals, globals, tables, refs, select, memory.size/grow, ...). */
static inline const wr_opsig *wr_opsig_single(uint8_t op)
{
    return wr_opsig_present(&wr_opsig_single_table[op]);
}

/* The same for the 0xFC family (only the saturating truncations are fixed). */
static inline const wr_opsig *wr_opsig_fc(uint32_t op)
{
    return op < OPFC_COUNT ? wr_opsig_present(&wr_opsig_fc_table[op]) : NULL;
}

/* The same for the 0xFD family: every defined SIMD opcode; NULL for undefined ones. */
static inline const wr_opsig *wr_opsig_fd(uint32_t op)
{
    return op < OPFD_COUNT ? wr_opsig_present(&wr_opsig_fd_table[op]) : NULL;
}

#endif
