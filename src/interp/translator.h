/*
 * The translator's state and the helpers its parts share: translate.c (the pass, the
 * entry stack, emission, non-control ops), translate_control.c (blocks, branches,
 * returns) and translate_simd.c. See translate.c for how the pass works.
 */
#ifndef WR_INTERP_TRANSLATOR_H
#define WR_INTERP_TRANSLATOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/ops.h"
#include "interp/code.h"
#include "util/reader.h"

#define NONE UINT32_MAX

enum { ENTRY_SLOT, ENTRY_LOCAL, ENTRY_CONST };

typedef struct {
    uint8_t type;
    uint8_t kind;
    uint32_t home;  /* operand-stack slot of this entry */
    uint32_t local; /* ENTRY_LOCAL: the local's slot */
    uint64_t bits;  /* ENTRY_CONST */
} entry;

enum { CTL_FUNC, CTL_BLOCK, CTL_LOOP, CTL_IF, CTL_ELSE };


typedef struct {
    uint8_t kind;
    bool unreachable;
    uint32_t height; /* entries below the block's parameters */
    uint32_t home;   /* slot of the first parameter / result */
    uint32_t nparams, nresults;
    const uint8_t *params, *results;
    uint32_t loop_pc;    /* loops: the branch target */
    uint32_t fixups;     /* forward branches to the end */
    uint32_t else_fixup; /* if: the branch to the else arm */
    uint32_t try_first;  /* try_table: its clauses in catches, from try_first on */
    uint32_t try_count;
} ctl;

/* A branch offset to fill in once its target is known. */
typedef struct {
    uint32_t insn;  /* the branching instruction, which offsets are relative to */
    uint32_t field; /* its target field (ops.h) */
    uint32_t next;
} fixup;

/* A condition for a conditional branch: op branches when true, neg_op when false. With
 * imm64, the right operand is the constant imm (a word after the branch offset). */
typedef struct {
    wr_iop op, neg_op;
    uint32_t a, b;
    bool two_operands;
    bool imm64;
    uint64_t imm;
} cond;

typedef struct {
    const wr_module *m;
    wr_code *code;
    wr_reader r;
    const wr_insn *handlers;  /* wr_interp_handlers() */
    uint32_t insn_offset; /* wasm offset of the instruction being translated */
    bool oom;

    wr_insn *insns;
    uint32_t n, cap;
    wr_insn scratch;
    wr_codepos *pos;
    uint32_t npos, cappos;

    entry *stack;
    uint32_t sp, stack_cap;
    ctl *ctls;
    uint32_t nctl, ctl_cap;
    fixup *fix;
    uint32_t nfix, fix_cap;
    wr_catchent *catches;   /* becomes wr_code.catches */
    uint32_t ncatches, catch_cap;

    uint32_t nlocals;
    uint32_t *local_slot;   /* local index -> slot */
    uint8_t *local_type;
    uint32_t *local_refs;   /* per slot: lazy entries referring to it */
    uint32_t max_slot;

    /* The last one-slot copy, while it is the last instruction (see emit_copy), and
     * the latest branch target. */
    uint32_t copy_start, copy_end;
    uint32_t label_at;

    /* The last emitted instruction that wrote one result to the top entry's home. */
    uint32_t prod_start, prod_end;
    wr_iop prod_op;
} tr;

/* Growth of the translator's arrays; false when out of memory or past UINT32_MAX. */
bool wr_tr_grow(const wr_allocator *a, void **p, uint32_t *cap, size_t elem, uint32_t need);

/* Emission: wr_tr_emit appends op with its format's words zeroed (ops.h) and returns
 * its first word; the others set or read the fields of the instruction at insn by
 * their ops.h names. wr_tr_word appends one zeroed word (br_table's targets). */
uint32_t wr_tr_emit(tr *t, wr_iop op);
wr_insn *wr_tr_word(tr *t);
void wr_tr_set(tr *t, uint32_t insn, unsigned field, uint32_t value);
uint32_t wr_tr_get(const tr *t, uint32_t insn, unsigned field);
void wr_tr_set_u64(tr *t, uint32_t insn, unsigned word, uint64_t value);
uint64_t wr_tr_get_u64(const tr *t, uint32_t insn, unsigned word);
void wr_tr_set_ptr(tr *t, uint32_t insn, unsigned word, const void *p);
/* Drops instructions from `start` on (a peephole replacing them). */
void wr_tr_rewind_to(tr *t, uint32_t start);
/* Marks the instruction at start as the producer of the top entry (see is_fresh). */
void wr_tr_set_producer(tr *t, uint32_t start, wr_iop op);
void wr_tr_clear_producer(tr *t);
/* Is the top entry the result of the last instruction, which may then be rewritten? */
bool wr_tr_top_is_fresh(const tr *t);

/* The entry stack. */
entry *wr_tr_push(tr *t, uint8_t type);
entry wr_tr_pop(tr *t);
void wr_tr_truncate_stack(tr *t, uint32_t height);
/* Pushes one slot entry per type (a block's or a call's results). */
void wr_tr_push_types(tr *t, uint32_t n, const uint8_t *types);
/* The home slot the next pushed entry gets. */
uint32_t wr_tr_next_home(const tr *t);
/* The slot to read a popped entry from; constants are written to their home first. */
uint32_t wr_tr_use(tr *t, const entry *e);
/* Writes lazy entries (locals, constants) to their home slots: the top count, or all. */
void wr_tr_materialize_top(tr *t, uint32_t count);
void wr_tr_materialize_all(tr *t);
/* Moves: a slot copy, a constant, or an entry's value wherever it is, into dst. */
void wr_tr_emit_copy(tr *t, uint8_t type, uint32_t dst, uint32_t src);
void wr_tr_emit_const(tr *t, uint32_t dst, uint64_t bits);
void wr_tr_emit_move(tr *t, const entry *e, uint32_t dst);
/* Folds an i32.add-with-constant that produced stack entry index into an access. */
bool wr_tr_fold_address(tr *t, uint32_t index, uint32_t *slot, uint32_t *addend);
/* Whether an access takes the general path (any memory but a 32-bit memory 0, see
 * exec_memx.c), and its emission. */
bool wr_tr_is_memx(const tr *t, const wr_imm *imm);
void wr_tr_memx(tr *t, const wr_opinfo *sig, const wr_imm *imm);

/* Control (translate_control.c). The innermost frame is label 0. */
static inline ctl *wr_tr_label(tr *t, uint32_t depth) { return &t->ctls[t->nctl - 1 - depth]; }
/* Opens a control frame; imm is the block type, NULL for the function's own frame. */
ctl *wr_tr_push_ctl(tr *t, uint8_t kind, const wr_imm *imm);
/* The rest of the innermost frame is dead code. */
void wr_tr_mark_unreachable(tr *t);
/* Translates a control instruction; false for any other op. */
bool wr_tr_control(tr *t, uint8_t op, const wr_imm *imm);
/* An unconditional branch to depth with the top entries as its values, moved as needed;
 * forward branches are added to a fixup list, patched with wr_tr_patch_list. */
void wr_tr_emit_branch(tr *t, uint32_t depth);
void wr_tr_add_fixup(tr *t, uint32_t *list, uint32_t insn, uint32_t field);
void wr_tr_patch_list(tr *t, uint32_t list, uint32_t target);

/* Exception handling (translate_eh.c): throw, throw_ref and try_table; false for any other
 * op. wr_tr_end_try closes a try_table's clauses at its end. */
bool wr_tr_exceptions(tr *t, uint8_t op, const wr_imm *imm);
void wr_tr_end_try(tr *t, const ctl *c);

/* Sets code's zero_start/zero_end for function func_index (zero_locals.c). */
void wr_tr_zero_range(const wr_module *m, uint32_t func_index, wr_code *code);

/* Translates one 0xFD instruction, read with its immediates. */
void wr_tr_simd(tr *t, const wr_opinfo *info, const wr_imm *imm);

#endif
