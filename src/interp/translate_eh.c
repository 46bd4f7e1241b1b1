/*
 * Translation of exception handling (3.0): throw, throw_ref and try_table.
 *
 * A try_table becomes a block preceded by one landing pad per catch clause, jumped over
 * on entry:
 *
 *     br body
 *     pad 0:  branch to clause 0's label, its values taken from slots base..
 *     pad 1:  ...
 *     body:   the try_table's instructions, then its end as for a block
 *
 * and one wr_catchent per clause saying which instructions it covers (the body), which
 * tag it takes, where the values go (base: the first slot above the try_table's entries,
 * free whenever an exception arrives since the body's operands are then dead) and which
 * pad runs next. Each pad is an ordinary branch from entries standing for those slots, so
 * the values reach the label's slots, or the function's results, as any branch's do.
 * The exec loop does the rest (exec.c: the search of the table and the unwinding).
 */
#include "decode/ops.h"
#include "interp/translator.h"

/* The values a clause hands to its label: the tag's, then the exnref for the _ref forms. */
static void push_clause_values(tr *t, const wr_catch *c)
{
    if (wr_catch_has_tag(c) && c->tag < t->m->ntags) {
        const wr_mfunctype *type = &t->m->types[t->m->tag_types[c->tag]];
        wr_tr_push_types(t, type->nparams, type->types);
    }
    if (wr_catch_has_ref(c))
        wr_tr_push(t, WR_EXNREF);
}

static void emit_try_table(tr *t, const wr_imm *imm)
{
    wr_tr_materialize_all(t);
    wr_tr_clear_producer(t);
    uint32_t first = t->ncatches, count = imm->count;
    if (count && !wr_tr_grow(t->m->alloc, (void **)&t->catches, &t->catch_cap,
                             sizeof *t->catches, first + count)) {
        t->oom = true;
        return;
    }
    uint32_t skip = NONE;
    if (count)
        wr_tr_add_fixup(t, &skip, wr_tr_emit(t, IOP_br), BR_TARGET);
    uint32_t height = t->sp, base = wr_tr_next_home(t);
    wr_reader clauses = {.base = t->r.base, .pos = imm->labels, .end = t->r.pos};
    for (uint32_t i = 0; i < count && !t->oom; i++) {
        wr_catch c;
        if (!wr_read_catch(&clauses, &c) || c.label >= t->nctl) {
            wr_reader_fail(&t->r, "malformed catch clause");
            return;
        }
        /* Reversed, so that a search from the table's end meets the clauses in order. */
        t->catches[first + count - 1 - i] = (wr_catchent){
            .pad = t->label_at = t->n, .slot = base,
            .tag = wr_catch_has_tag(&c) ? c.tag : WR_CATCH_ANY, .ref = wr_catch_has_ref(&c),
        };
        push_clause_values(t, &c);
        wr_tr_emit_branch(t, c.label);
        wr_tr_truncate_stack(t, height);
        wr_tr_clear_producer(t);
    }
    wr_tr_patch_list(t, skip, t->n);
    ctl *block = wr_tr_push_ctl(t, CTL_BLOCK, imm);
    if (!block)
        return;
    block->try_first = first;
    block->try_count = count;
    t->ncatches = first + count;
    for (uint32_t i = first; i < first + count; i++)
        t->catches[i].start = t->n;
}

void wr_tr_end_try(tr *t, const ctl *c)
{
    for (uint32_t i = c->try_first; i < c->try_first + c->try_count; i++)
        t->catches[i].end = t->n;
}

/* throw: the tag's values go to consecutive slots, as a call's arguments do. */
static void emit_throw(tr *t, uint32_t tag)
{
    if (tag >= t->m->ntags) {
        wr_reader_fail(&t->r, "unknown tag");
        return;
    }
    uint32_t n = t->m->types[t->m->tag_types[tag]].nparams;
    wr_tr_materialize_top(t, n);
    uint32_t base = n ? t->stack[t->sp - n].home : wr_tr_next_home(t);
    wr_tr_truncate_stack(t, t->sp - n);
    uint32_t start = wr_tr_emit(t, IOP_throw);
    wr_tr_set(t, start, THROW_BASE, base);
    wr_tr_set(t, start, THROW_TAG, tag);
}

bool wr_tr_exceptions(tr *t, uint8_t op, const wr_imm *imm)
{
    switch (op) {
    case OP_try_table:
        emit_try_table(t, imm);
        return true;
    case OP_throw:
        emit_throw(t, imm->index);
        wr_tr_mark_unreachable(t);
        return true;
    case OP_throw_ref: {
        entry e = wr_tr_pop(t);
        wr_tr_set(t, wr_tr_emit(t, IOP_throw_ref), SRC, wr_tr_use(t, &e));
        wr_tr_mark_unreachable(t);
        return true;
    }
    default:
        return false;
    }
}
