/*
 * Exception handling (3.0): tags, the exceptions thrown with them, and the errors that
 * carry an uncaught one out of a call.
 *
 * Lifetime of exceptions: wasm has no way to drop an exnref explicitly, and values in
 * frames are untyped slots, so an exception lives in its store's list (wr_store.exns) until
 * no reference can reach it:
 *   - one caught by catch or catch_all that was never handed out as an exnref is freed at
 *     once (wr_exn_drop): nothing else ever saw it. That is the common case of compiled
 *     code, which catches by tag;
 *   - the others are freed when the outermost call into the store returns (wr_exn_sweep):
 *     then no frame exists, so only the store's exnref globals and tables, and the call's
 *     own results, can hold one.
 * Every live exception counts against the store's max_store_exceptions.
 */
#include <string.h>

#include "runtime/runtime.h"
#include "util/alloc.h"
#include "util/error.h"

static wr_exntag *own_tag(wr_store *store, wr_exntag *tag)
{
    if (!wr_store_own(&store->tags, tag)) {
        wr_exntag_release(tag);
        wr_budget_refund(store, WR_BUDGET_TAGS, 1);
        return NULL;
    }
    return tag;
}

wr_error *wr_exntag_make(wr_store *store, const wr_mfunctype *type, wr_exntag **out)
{
    *out = NULL;
    if (!wr_budget_charge(store, WR_BUDGET_TAGS, 1))
        return wr_budget_error(store, WR_BUDGET_TAGS, 1);
    wr_exntag *tag = wr_mem_zalloc(store->engine->alloc, 1, sizeof *tag);
    if (!tag) {
        wr_budget_refund(store, WR_BUDGET_TAGS, 1);
        return wr_error_nomem();
    }
    *tag = (wr_exntag){.store = store, .type = type,
                       .nslots = wr_types_slots(type->types, type->nparams)};
    *out = own_tag(store, tag);
    return *out ? NULL : wr_error_nomem();
}

wr_exntag *wr_exntag_new(wr_store *store, const wr_functype *type)
{
    if (type->nresults || !wr_budget_charge(store, WR_BUDGET_TAGS, 1))
        return NULL;
    const wr_allocator *a = store->engine->alloc;
    wr_exntag *tag = wr_mem_zalloc(a, 1, sizeof *tag);
    uint32_t n = type->nparams;
    if (tag) {
        tag->own_type.types = wr_mem_alloc(a, n ? n : 1, 1);
        tag->pub_types = wr_mem_alloc(a, n ? n : 1, sizeof *tag->pub_types);
    }
    if (!tag || !tag->own_type.types || !tag->pub_types) {
        if (tag)
            wr_exntag_release(tag);
        wr_budget_refund(store, WR_BUDGET_TAGS, 1);
        return NULL;
    }
    for (uint32_t i = 0; i < n; i++) {
        tag->pub_types[i] = type->params[i];
        tag->own_type.types[i] = (uint8_t)type->params[i];
    }
    tag->own_type.nparams = n;
    tag->own_type.pub = (wr_functype){n, 0, tag->pub_types, NULL};
    tag->store = store;
    tag->type = &tag->own_type;
    tag->nslots = wr_types_slots(tag->type->types, tag->type->nparams);
    return own_tag(store, tag);
}

void wr_exntag_release(wr_exntag *tag)
{
    wr_mem_free(tag->own_type.types);
    wr_mem_free(tag->pub_types);
    wr_mem_free(tag);
}

const wr_functype *wr_exntag_type(const wr_exntag *tag) { return &tag->type->pub; }

wr_exn *wr_exn_new(wr_store *store, wr_exntag *tag, const wr_slot *slots, wr_error **err)
{
    if (!wr_budget_charge(store, WR_BUDGET_EXCEPTIONS, 1)) {
        *err = wr_budget_error(store, WR_BUDGET_EXCEPTIONS, 1);
        return NULL;
    }
    /* nslots is bounded by the tag type's parameters, themselves bounded by the module's
     * limits, so the sum cannot wrap. */
    wr_exn *exn = wr_mem_alloc(store->engine->alloc, 1,
                               sizeof *exn + (size_t)tag->nslots * sizeof(wr_slot));
    if (!exn || !wr_store_own(&store->exns, exn)) {
        wr_mem_free(exn);
        wr_budget_refund(store, WR_BUDGET_EXCEPTIONS, 1);
        *err = wr_error_nomem();
        return NULL;
    }
    exn->tag = tag;
    exn->index = (uint32_t)(store->exns.count - 1);
    exn->marked = false;
    exn->exposed = false;
    if (tag->nslots)
        memcpy(exn->slots, slots, tag->nslots * sizeof(wr_slot));
    return exn;
}

void wr_exn_drop(wr_store *store, wr_exn *exn)
{
    /* The last one takes its place in the list. */
    wr_exn *last = store->exns.items[--store->exns.count];
    last->index = exn->index;
    store->exns.items[exn->index] = last;
    wr_budget_refund(store, WR_BUDGET_EXCEPTIONS, 1);
    wr_mem_free(exn);
}

wr_error *wr_exn_error(wr_exn *exn)
{
    const wr_mfunctype *type = exn->tag->type;
    wr_error *e = wr_error_new(WR_ERR_EXCEPTION, "a wasm exception was thrown and not caught "
                               "(its tag carries %u value%s)", type->nparams,
                               type->nparams == 1 ? "" : "s");
    if (e == wr_error_nomem())
        return e;
    e->tag = exn->tag;
    if (type->nparams) {
        e->values = wr_mem_zalloc(&wr_default_allocator, type->nparams, sizeof *e->values);
        if (!e->values) {
            wr_error_free(e);
            return wr_error_nomem();
        }
        e->nvalues = type->nparams;
        wr_vals_from_slots(e->values, type->types, type->nparams, exn->slots);
    }
    return e;
}

wr_exn *wr_exn_from_error(wr_store *store, wr_error *err, wr_error **out)
{
    wr_exntag *tag = err->tag;
    if (tag->store != store) {
        /* Its tag could never match here, and would go when its own store does. */
        *out = wr_trap_new("a host function passed on an exception of another store");
        wr_error_free(err);
        return NULL;
    }
    wr_slot inline_slots[16];
    wr_slot *slots = tag->nslots <= 16 ? inline_slots
                                       : wr_mem_alloc(store->engine->alloc, tag->nslots,
                                                      sizeof *slots);
    wr_exn *exn = NULL;
    *out = NULL;
    if (!slots) {
        *out = wr_error_nomem();
    } else {
        wr_slots_from_vals(slots, tag->type->types, tag->type->nparams, err->values);
        exn = wr_exn_new(store, tag, slots, out);
    }
    if (slots != inline_slots)
        wr_mem_free(slots);
    wr_error_free(err);
    return exn;
}

wr_error *wr_exception_new(wr_store *store, wr_exntag *tag, const wr_val *values, size_t count)
{
    const wr_mfunctype *type = tag->type;
    if (tag->store != store)
        return wr_error_new(WR_ERR_ARG, "the tag belongs to another store");
    if (count != type->nparams)
        return wr_error_new(WR_ERR_ARG, "the tag's exceptions carry %u values, not %zu",
                            type->nparams, count);
    for (size_t i = 0; i < count; i++)
        if (values[i].type != type->types[i] || !wr_store_holds(store, &values[i]))
            return wr_error_new(WR_ERR_ARG, "value %zu does not fit the tag's type (%s)", i,
                                wr_valtype_name((wr_valtype)type->types[i]));
    wr_error *e = wr_error_new(WR_ERR_EXCEPTION, "a host function threw an exception that was "
                               "not caught (its tag carries %u value%s)", type->nparams,
                               count == 1 ? "" : "s");
    if (e == wr_error_nomem())
        return e;
    e->tag = tag;
    if (count) {
        e->values = wr_mem_alloc(&wr_default_allocator, count, sizeof *e->values);
        if (!e->values) {
            wr_error_free(e);
            return wr_error_nomem();
        }
        memcpy(e->values, values, count * sizeof *values);
        e->nvalues = count;
    }
    return e;
}

static void mark(void *ref)
{
    if (ref)
        ((wr_exn *)ref)->marked = true;
}

void wr_exn_sweep(wr_store *store, const wr_val *keep, size_t n)
{
    if (!store->exns.count)
        return;
    for (size_t i = 0; i < store->globals.count; i++) {
        const wr_global *g = store->globals.items[i];
        if (wr_valtype_val(g->type.type) == WR_EXNREF)
            mark(g->value[0].ref);
    }
    for (size_t i = 0; i < store->tables.count; i++) {
        const wr_table *t = store->tables.items[i];
        for (uint32_t k = 0; wr_valtype_val(t->elem) == WR_EXNREF && k < t->size; k++)
            mark(t->elems[k]);
    }
    for (size_t i = 0; i < n; i++)
        if (keep[i].type == WR_EXNREF)
            mark(keep[i].of.exnref);
    size_t kept = 0;
    for (size_t i = 0; i < store->exns.count; i++) {
        wr_exn *exn = store->exns.items[i];
        if (!exn->marked) {
            wr_mem_free(exn);
            continue;
        }
        exn->marked = false;
        exn->index = (uint32_t)kept;
        store->exns.items[kept++] = exn;
    }
    wr_budget_refund(store, WR_BUDGET_EXCEPTIONS, store->exns.count - kept);
    store->exns.count = kept;
}

void wr_exn_free_all(wr_store *store)
{
    for (size_t i = 0; i < store->exns.count; i++)
        wr_mem_free(store->exns.items[i]);
    wr_mem_free(store->exns.items);
}
