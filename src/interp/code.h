/*
 * The translated form of one function (see docs/interpreter.md).
 *
 * A frame is an array of 8-byte slots: parameters, then declared locals, then the operand
 * stack. Every operand of every instruction is a slot index fixed at translation time, so
 * nothing tracks a stack pointer at run time. A v128 value takes two adjacent slots.
 *
 * An instruction is a handler word followed by operand words. Branch targets are word
 * offsets relative to the branching instruction's first word.
 */
#ifndef WR_INTERP_CODE_H
#define WR_INTERP_CODE_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/module.h"
#include "interp/ops.h"

#if defined(__GNUC__) && !defined(WR_NO_COMPUTED_GOTO)
#define WR_THREADED 1
#else
#define WR_THREADED 0
#endif

typedef union wr_slot {
    int32_t i32;
    uint32_t u32;
    int64_t i64;
    uint64_t u64;
    float f32;
    double f64;
    void *ref;
} wr_slot;

typedef union wr_insn {
    const void *handler; /* computed-goto builds */
    uint32_t op;         /* switch builds: a wr_iop */
    uint32_t u32[2];
    int32_t i32[2];
    uint64_t u64;
    const void *ptr;
} wr_insn;

/* Maps an instruction's first word to the wasm byte offset it came from. */
typedef struct wr_codepos {
    uint32_t insn;
    uint32_t offset;
} wr_codepos;

/* A catch clause of a try_table (3.0 exception handling), as the exec loop searches them:
 * an exception raised at an instruction in [start, end) whose tag matches (tag
 * WR_CATCH_ANY: any) has its values written to slots from `slot` on (then the exnref, for ref), and
 * runs on at `pad`, which branches to the clause's label. */
#define WR_CATCH_ANY UINT32_MAX
typedef struct wr_catchent {
    uint32_t start, end;  /* instruction words of the try_table's body */
    uint32_t pad;
    uint32_t slot;
    uint32_t tag;         /* index in the instance's tags, or WR_CATCH_ANY */
    bool ref;
} wr_catchent;

struct wr_code {
    /* Pointers first, then the counts beside each other: no padding (80 bytes), which
     * matters at one record per function. */
    const wr_module *module;
    const wr_mfunctype *type;
    wr_insn *insns;
    wr_codepos *positions; /* sorted by insn */
    /* Every catch clause, inner try_tables' after their enclosing ones', each try_table's
     * clauses in reverse: searched from the end, the first match is the one that applies. */
    wr_catchent *catches;
    uint32_t ninsns, npositions, ncatches;
    uint32_t func_index;
    uint32_t param_slots;  /* where the declared locals start */
    uint32_t local_slots;  /* where the operand stack starts */
    uint32_t frame_slots;  /* the whole frame */
    uint32_t zero_start;   /* declared locals that may be read before written: */
    uint32_t zero_end;     /* zeroed on entry */
    bool native;           /* runs compiled code (src/compile) instead of insns */
};

typedef struct wr_code wr_code;

static inline uint32_t wr_type_slots(uint8_t type) { return type == WR_V128 ? 2 : 1; }

/* The slots of n values of these types: a function type's parameters are (types, nparams),
 * its results (types + nparams, nresults). */
static inline uint32_t wr_types_slots(const uint8_t *types, uint32_t n)
{
    uint32_t slots = 0;
    for (uint32_t i = 0; i < n; i++)
        slots += wr_type_slots(types[i]);
    return slots;
}

/* The generic SIMD instruction's shape word: two bits per operand (a, b, c) saying how
 * to read it, and whether the result is a scalar. */
enum { WR_SIMD_V128 = 0, WR_SIMD_S32 = 1, WR_SIMD_S64 = 2, WR_SIMD_NONE = 3 };
#define WR_SIMD_SCALAR_RESULT 0x40u

/* The handler words of the internal ops, indexed by wr_iop: what translate.c stores.
 * guarded selects memory accesses without bounds checks (guard-region mode). */
const wr_insn *wr_interp_handlers(bool guarded);

/* Translator entry point: fills funcs[i].code for every defined function of a validated
 * module, and its code_free. bounds_checks selects the handlers whose memory accesses
 * check bounds; without, they rely on guard regions (the engine's memory mode). */
wr_error *wr_translate(wr_module *module, bool bounds_checks);

/* The wasm byte offset of the instruction whose words include insn_index. */
uint32_t wr_code_offset(const wr_code *code, uint32_t insn_index);

#endif
