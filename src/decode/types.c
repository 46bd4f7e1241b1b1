/*
 * Type equivalence and subtyping of Wasm 3.0 typed function references (no GC). Every
 * type definition is its own recursion group, so a function type may name itself (its
 * recursion group's type 0) and the types before it, nothing later (the validator checks
 * that). Two types are equivalent when their shapes are equal, reading a reference to the
 * type itself as "self" and a reference to an earlier type as that type's class.
 *
 * Within a module the classes are computed once, in index order (wr_decode_type_classes):
 * canon is the smallest equivalent index, so equivalence is one comparison. Across modules
 * (imports, call_indirect through a shared table) wr_types_equivalent compares the types
 * named, recursively; nesting is bounded by MAX_CROSS_DEPTH, beyond which types are
 * reported different (a link error or a trap, never a wrong call).
 */
#include <stdlib.h>

#include "decode/decoder.h"
#include "decode/ops.h"
#include "util/alloc.h"

#define MAX_CROSS_DEPTH 64

/* What a value type of type `self` stands for in a shape: references to earlier types
 * as their class, a reference to the type itself as a marker no index has. */
static uint32_t shape_of(const wr_module *m, uint32_t self, wr_valtype t)
{
    uint32_t index = wr_valtype_heap_index(t);
    if (index == UINT32_MAX || index > self)
        return (uint32_t)t;
    uint32_t nonnull = (uint32_t)t & WR_REF_NONNULL;
    if (index == self)
        return (uint32_t)wr_valtype_ref(WR_REF_MAX_INDEX, true) | nonnull;
    return (uint32_t)wr_valtype_ref(m->types[index].canon, true) | nonnull;
}

static bool same_shape(const wr_module *m, uint32_t a, uint32_t b)
{
    const wr_mfunctype *x = &m->types[a], *y = &m->types[b];
    if (x->nparams != y->nparams || x->nresults != y->nresults)
        return false;
    for (uint32_t i = 0; i < x->nparams + x->nresults; i++)
        if (shape_of(m, a, x->pub.params[i]) != shape_of(m, b, y->pub.params[i]))
            return false;
    return true;
}

static uint32_t shape_hash(const wr_module *m, uint32_t a)
{
    const wr_mfunctype *x = &m->types[a];
    uint32_t h = 2166136261u ^ x->nparams ^ (x->nresults << 16);
    for (uint32_t i = 0; i < x->nparams + x->nresults; i++)
        h = (h ^ shape_of(m, a, x->pub.params[i])) * 16777619u;
    return h;
}

void wr_decode_type_classes(wr_decoder *d)
{
    wr_module *m = d->m;
    uint32_t n = m->ntypes;
    if (!n)
        return;
    /* Open addressing, at most half full; slots hold index + 1. */
    size_t cap = 16;
    while (cap < 2 * (size_t)n)
        cap *= 2;
    uint32_t *slots = wr_decode_alloc(d, cap, sizeof *slots);
    if (!slots)
        return;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = shape_hash(m, i) & (cap - 1);
        m->types[i].canon = i;
        while (slots[at]) {
            uint32_t j = slots[at] - 1;
            if (same_shape(m, i, j)) {
                m->types[i].canon = j;
                break;
            }
            at = (at + 1) & (cap - 1);
        }
        if (m->types[i].canon == i)
            slots[at] = i + 1;
    }
    wr_mem_free(slots);
}

static bool types_equivalent(const wr_module *ma, uint32_t a, const wr_module *mb, uint32_t b,
                             int depth);

static bool valtypes_equivalent(const wr_module *ma, uint32_t a, wr_valtype x,
                                const wr_module *mb, uint32_t b, wr_valtype y, int depth)
{
    uint32_t hx = wr_valtype_heap_index(x), hy = wr_valtype_heap_index(y);
    if (hx == UINT32_MAX || hy == UINT32_MAX)
        return x == y;
    if (wr_valtype_nullable(x) != wr_valtype_nullable(y) || (hx == a) != (hy == b))
        return false;
    return hx == a || types_equivalent(ma, hx, mb, hy, depth + 1);
}

static bool types_equivalent(const wr_module *ma, uint32_t a, const wr_module *mb, uint32_t b,
                             int depth)
{
    if (!ma || !mb || a >= ma->ntypes || b >= mb->ntypes)
        return false;
    if (ma == mb)
        return ma->types[a].canon == mb->types[b].canon;
    const wr_mfunctype *x = &ma->types[a], *y = &mb->types[b];
    if (x->nparams != y->nparams || x->nresults != y->nresults || depth > MAX_CROSS_DEPTH)
        return false;
    for (uint32_t i = 0; i < x->nparams + x->nresults; i++)
        if (!valtypes_equivalent(ma, a, x->pub.params[i], mb, b, y->pub.params[i], depth))
            return false;
    return true;
}

bool wr_types_equivalent(const wr_module *ma, uint32_t a, const wr_module *mb, uint32_t b)
{
    return types_equivalent(ma, a, mb, b, 0);
}

bool wr_functypes_equivalent(const wr_mfunctype *x, const wr_mfunctype *y)
{
    if (x == y)
        return true;
    if (x->module && x->module == y->module)
        return x->canon == y->canon;
    if (x->nparams != y->nparams || x->nresults != y->nresults)
        return false;
    if (!x->indexed && !y->indexed) {
        for (uint32_t i = 0; i < x->nparams + x->nresults; i++)
            if (x->pub.params[i] != y->pub.params[i])
                return false;
        return true;
    }
    if (!x->module || !y->module)
        return false;
    return types_equivalent(x->module, (uint32_t)(x - x->module->types), y->module,
                            (uint32_t)(y - y->module->types), 0);
}

/* Does heap type x (a nullable reference type standing for its heap type) match y? */
static bool heap_matches(const wr_module *mx, uint32_t x, const wr_module *my, uint32_t y)
{
    if (x & WR_REF_INDEXED) {
        if (y & WR_REF_INDEXED)
            return types_equivalent(mx, x >> WR_REF_INDEX_SHIFT, my, y >> WR_REF_INDEX_SHIFT, 0);
        return y == WR_FUNCREF;
    }
    if (x == WR_NULLFUNCREF)
        return y == WR_NULLFUNCREF || y == WR_FUNCREF || (y & WR_REF_INDEXED);
    if (x == WR_NULLEXTERNREF)
        return y == WR_NULLEXTERNREF || y == WR_EXTERNREF;
    if (x == WR_NULLEXNREF)
        return y == WR_NULLEXNREF || y == WR_EXNREF;
    return x == y;
}

bool wr_valtype_matches(const wr_module *mx, wr_valtype x, const wr_module *my, wr_valtype y)
{
    if (x == y && (mx == my || !(x & WR_REF_INDEXED)))
        return true;
    if (!wr_valtype_is_ref(x) || !wr_valtype_is_ref(y))
        return false;
    if (wr_valtype_nullable(x) && !wr_valtype_nullable(y))
        return false;
    return heap_matches(mx, (uint32_t)x & ~WR_REF_NONNULL, my, (uint32_t)y & ~WR_REF_NONNULL);
}
