/*
 * Which declared locals a function must zero on entry (see docs/interpreter.md, "Frames
 * and slots"). Found for every function before any body is translated, so a call can
 * be translated knowing whether its callee zeroes anything.
 */
#include <stdlib.h>

#include "decode/ops.h"
#include "interp/code.h"
#include "interp/translator.h"
#include "util/alloc.h"
#include "util/reader.h"

enum { READ_FIRST = 1, SET_FIRST };

/* Reads local indices out of the body's straight-line prefix, where every instruction
 * runs exactly once and in order, recording per declared local whether a read or a
 * write came first. Stops at anything else (the body is valid: it was validated). */
static void scan_prefix(wr_reader *r, uint32_t nparams, uint32_t nlocals, uint8_t *first)
{
    while (!wr_reader_eof(r)) {
        wr_imm imm;
        const wr_opinfo *info = wr_read_instruction(r, &imm);
        if (!info || info->prefix)
            return;
        uint32_t index = imm.index;
        switch (info->code) {
        case OP_local_get:
        case OP_local_set:
        case OP_local_tee:
            if (index >= nparams && index - nparams < nlocals && !first[index - nparams])
                first[index - nparams] =
                    info->code == OP_local_get ? READ_FIRST : SET_FIRST;
            break;
        case OP_global_get:
        case OP_nop:
        case OP_drop:
            break;
        default:
            /* Constants and numeric ops: a fixed signature and nothing that touches
             * memory (whose immediate is a memarg). */
            if (!wr_opinfo_fixed(info) || info->imm == WR_IMM_MEMARG)
                return;
            break;
        }
    }
}

void wr_tr_zero_range(const wr_module *m, uint32_t func_index, wr_code *code)
{
    const wr_mfunc *f = &m->funcs[func_index];
    const wr_mfunctype *ft = code->type;
    uint32_t slot = wr_types_slots(ft->types, ft->nparams);
    uint32_t start = slot, end = slot;
    /* Out of memory only costs zeroing every local. */
    uint8_t *first = wr_mem_zalloc(m->alloc, f->nlocals ? f->nlocals : 1, 1);
    if (first) {
        wr_reader r = {.base = m->bytes, .pos = f->body_offset, .end = f->body_end};
        scan_prefix(&r, ft->nparams, f->nlocals, first);
    }
    bool any = false;
    for (uint32_t i = 0; i < f->nlocals; i++) {
        uint32_t next = slot + wr_type_slots(f->local_types[i]);
        if (!first || first[i] != SET_FIRST) {
            if (!any)
                start = slot;
            any = true;
            end = next;
        }
        slot = next;
    }
    wr_mem_free(first);
    code->zero_start = any ? start : slot;
    code->zero_end = any ? end : slot;
}
