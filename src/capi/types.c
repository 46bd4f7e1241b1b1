/* Type objects of wasm.h and their conversion to and from wr.h's types. */
#include <stdlib.h>
#include <string.h>

#include "capi/capi.h"
#include "util/alloc.h"
#include "validate/validator.h"
#include "wr_wasm.h"

struct wasm_valtype_t {
    wasm_valkind_t kind;
};

/* Function, global, table, memory and tag types are all extern types, so that viewing one
 * as another is a cast. */
struct wasm_externtype_t {
    wasm_externkind_t kind;
    union {
        struct {
            wasm_valtype_vec_t params, results;
        } func;
        struct {
            wasm_valtype_t *content;
            wasm_mutability_t mutability;
        } global;
        struct {
            wasm_valtype_t *element;
            wasm_limits_t limits; /* the 32-bit view of limits64 (limits_from_wr) */
            wr_limits limits64;
            bool is64;
        } table;
        struct {
            wasm_limits_t limits; /* the 32-bit view of limits64 (limits_from_wr) */
            wr_limits limits64;
            bool is64;
        } memory;
        struct {
            wasm_functype_t *functype; /* owned; no results */
        } tag;
    } of;
};

struct wasm_importtype_t {
    wasm_name_t module, name;
    wasm_externtype_t *type;
};

struct wasm_exporttype_t {
    wasm_name_t name;
    wasm_externtype_t *type;
};

/* ---------------------------------------------------------------- value types */

static bool known_kind(wasm_valkind_t kind)
{
    return kind <= WASM_V128 || kind == WASM_EXTERNREF || kind == WASM_FUNCREF ||
           kind == WASM_EXNREF;
}

/* NULL for a kind the API does not define, so no type can hold one. */
wasm_valtype_t *wasm_valtype_new(wasm_valkind_t kind)
{
    wasm_valtype_t *t = known_kind(kind) ? wr_mem_alloc(&wr_default_allocator, 1, sizeof *t) : NULL;
    if (t)
        t->kind = kind;
    return t;
}

wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *t) { return t->kind; }
void wasm_valtype_delete(wasm_valtype_t *t) { wr_mem_free(t); }

wasm_valtype_t *wasm_valtype_copy(const wasm_valtype_t *t)
{
    return t ? wasm_valtype_new(t->kind) : NULL;
}

wr_valtype wr_capi_valtype_to_wr(wasm_valkind_t kind)
{
    switch (kind) {
    case WASM_I32: return WR_I32;
    case WASM_I64: return WR_I64;
    case WASM_F32: return WR_F32;
    case WASM_F64: return WR_F64;
    case WASM_V128: return WR_V128;
    case WASM_FUNCREF: return WR_FUNCREF;
    case WASM_EXTERNREF: return WR_EXTERNREF;
    case WASM_EXNREF: return WR_EXNREF;
    default: return (wr_valtype)0; /* equal to no type, so a value of it is never accepted */
    }
}

/* wasm.h has one kind per reference family: a typed reference shows as its kind
 * (wr_valtype_val), funcref for every reference to functions, exnref for exn and noexn. */
wasm_valkind_t wr_capi_valtype_from_wr(wr_valtype type)
{
    switch (wr_valtype_val(type)) {
    case WR_I32: return WASM_I32;
    case WR_I64: return WASM_I64;
    case WR_F32: return WASM_F32;
    case WR_F64: return WASM_F64;
    case WR_V128: return WASM_V128;
    case WR_FUNCREF: return WASM_FUNCREF;
    case WR_EXNREF: return WASM_EXNREF;
    default: return WASM_EXTERNREF;
    }
}

static wr_limits limits_to_wr(const wasm_limits_t *limits)
{
    bool has_max = limits->max != wasm_limits_max_default;
    return (wr_limits){limits->min, has_max ? limits->max : 0, has_max};
}

/* wasm.h's limits are 32-bit: those of a 64-bit memory or table (memory64) are clamped, a
 * maximum beyond 32 bits reading as none. The one place that clamp is made. */
static wasm_limits_t limits_from_wr(wr_limits limits)
{
    uint32_t min = limits.min > UINT32_MAX ? UINT32_MAX : (uint32_t)limits.min;
    bool has_max = limits.has_max && limits.max < wasm_limits_max_default;
    return (wasm_limits_t){min, has_max ? (uint32_t)limits.max : wasm_limits_max_default};
}

/* ---------------------------------------------------------------- extern types */

static wasm_externtype_t *externtype_new(wasm_externkind_t kind)
{
    wasm_externtype_t *t = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *t);
    if (t)
        t->kind = kind;
    return t;
}

void wasm_externtype_delete(wasm_externtype_t *t)
{
    if (!t)
        return;
    switch (t->kind) {
    case WASM_EXTERN_FUNC:
        wasm_valtype_vec_delete(&t->of.func.params);
        wasm_valtype_vec_delete(&t->of.func.results);
        break;
    case WASM_EXTERN_GLOBAL:
        wasm_valtype_delete(t->of.global.content);
        break;
    case WASM_EXTERN_TABLE:
        wasm_valtype_delete(t->of.table.element);
        break;
    case WASM_EXTERN_TAG:
        wasm_functype_delete(t->of.tag.functype);
        break;
    default:
        break;
    }
    wr_mem_free(t);
}

wasm_externtype_t *wasm_externtype_copy(const wasm_externtype_t *t)
{
    if (!t)
        return NULL;
    wasm_externtype_t *c = externtype_new(t->kind);
    if (!c)
        return NULL;
    *c = *t;
    bool ok = true;
    switch (t->kind) {
    case WASM_EXTERN_FUNC:
        wasm_valtype_vec_copy(&c->of.func.params, &t->of.func.params);
        wasm_valtype_vec_copy(&c->of.func.results, &t->of.func.results);
        ok = c->of.func.params.size == t->of.func.params.size &&
             c->of.func.results.size == t->of.func.results.size;
        break;
    case WASM_EXTERN_GLOBAL:
        c->of.global.content = wasm_valtype_copy(t->of.global.content);
        ok = c->of.global.content != NULL;
        break;
    case WASM_EXTERN_TABLE:
        c->of.table.element = wasm_valtype_copy(t->of.table.element);
        ok = c->of.table.element != NULL;
        break;
    case WASM_EXTERN_TAG:
        c->of.tag.functype = wasm_functype_copy(t->of.tag.functype);
        ok = c->of.tag.functype != NULL;
        break;
    default:
        break;
    }
    if (!ok) {
        wasm_externtype_delete(c);
        return NULL;
    }
    return c;
}

wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *t) { return t->kind; }

/* The typed views; each kind's delete and copy are the extern type's. */
#define WR_CAPI_DEFINE_EXTERNTYPE_VIEW(name, KIND)                                            \
    void wasm_##name##_delete(wasm_##name##_t *t)                                             \
    {                                                                                         \
        wasm_externtype_delete((wasm_externtype_t *)t);                                       \
    }                                                                                         \
    wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *t)                             \
    {                                                                                         \
        return (wasm_##name##_t *)wasm_externtype_copy((const wasm_externtype_t *)t);         \
    }                                                                                         \
    wasm_externtype_t *wasm_##name##_as_externtype(wasm_##name##_t *t)                        \
    {                                                                                         \
        return (wasm_externtype_t *)t;                                                        \
    }                                                                                         \
    const wasm_externtype_t *wasm_##name##_as_externtype_const(const wasm_##name##_t *t)      \
    {                                                                                         \
        return (const wasm_externtype_t *)t;                                                  \
    }                                                                                         \
    wasm_##name##_t *wasm_externtype_as_##name(wasm_externtype_t *t)                          \
    {                                                                                         \
        return t && t->kind == KIND ? (wasm_##name##_t *)t : NULL;                            \
    }                                                                                         \
    const wasm_##name##_t *wasm_externtype_as_##name##_const(const wasm_externtype_t *t)      \
    {                                                                                         \
        return t && t->kind == KIND ? (const wasm_##name##_t *)t : NULL;                      \
    }

WR_CAPI_DEFINE_EXTERNTYPE_VIEW(functype, WASM_EXTERN_FUNC)
WR_CAPI_DEFINE_EXTERNTYPE_VIEW(globaltype, WASM_EXTERN_GLOBAL)
WR_CAPI_DEFINE_EXTERNTYPE_VIEW(tabletype, WASM_EXTERN_TABLE)
WR_CAPI_DEFINE_EXTERNTYPE_VIEW(memorytype, WASM_EXTERN_MEMORY)
WR_CAPI_DEFINE_EXTERNTYPE_VIEW(tagtype, WASM_EXTERN_TAG)

#define AS_EXT(t) ((const wasm_externtype_t *)(t))

/* ---------------------------------------------------------------- function types */

wasm_functype_t *wasm_functype_new(wasm_valtype_vec_t *params, wasm_valtype_vec_t *results)
{
    wasm_externtype_t *t = externtype_new(WASM_EXTERN_FUNC);
    if (!t) {
        wasm_valtype_vec_delete(params);
        wasm_valtype_vec_delete(results);
        return NULL;
    }
    t->of.func.params = *params;
    t->of.func.results = *results;
    return (wasm_functype_t *)t;
}

const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *t)
{
    return &AS_EXT(t)->of.func.params;
}

const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *t)
{
    return &AS_EXT(t)->of.func.results;
}

static bool valtypes_from_wr(wasm_valtype_vec_t *out, const wr_valtype *types, uint32_t n)
{
    wasm_valtype_vec_new_uninitialized(out, n);
    if (out->size != n)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        out->data[i] = wasm_valtype_new(wr_capi_valtype_from_wr(types[i]));
        if (!out->data[i])
            return false;
    }
    return true;
}

wasm_functype_t *wr_capi_functype_from_wr(const wr_functype *type)
{
    wasm_externtype_t *t = externtype_new(WASM_EXTERN_FUNC);
    if (!t)
        return NULL;
    if (!valtypes_from_wr(&t->of.func.params, type->params, type->nparams) ||
        !valtypes_from_wr(&t->of.func.results, type->results, type->nresults)) {
        wasm_externtype_delete(t);
        return NULL;
    }
    return (wasm_functype_t *)t;
}

bool wr_capi_functype_to_wr(const wasm_functype_t *type, wr_functype *out)
{
    const wasm_valtype_vec_t *ps = wasm_functype_params(type), *rs = wasm_functype_results(type);
    if (ps->size > UINT32_MAX || rs->size > UINT32_MAX - ps->size)
        return false;
    for (size_t i = 0; i < ps->size; i++)
        if (!ps->data[i])
            return false;
    for (size_t i = 0; i < rs->size; i++)
        if (!rs->data[i])
            return false;
    size_t n = ps->size + rs->size;
    wr_valtype *types = wr_mem_alloc(&wr_default_allocator, (n ? n : 1), sizeof *types);
    if (!types)
        return false;
    for (size_t i = 0; i < ps->size; i++)
        types[i] = wr_capi_valtype_to_wr(ps->data[i]->kind);
    for (size_t i = 0; i < rs->size; i++)
        types[ps->size + i] = wr_capi_valtype_to_wr(rs->data[i]->kind);
    *out = (wr_functype){(uint32_t)ps->size, (uint32_t)rs->size, types, types + ps->size};
    return true;
}

/* ---------------------------------------------------------------- global, table, memory */

wasm_globaltype_t *wasm_globaltype_new(wasm_valtype_t *content, wasm_mutability_t mutability)
{
    wasm_externtype_t *t = content ? externtype_new(WASM_EXTERN_GLOBAL) : NULL;
    if (!t) {
        wasm_valtype_delete(content);
        return NULL;
    }
    t->of.global.content = content;
    t->of.global.mutability = mutability;
    return (wasm_globaltype_t *)t;
}

const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *t)
{
    return AS_EXT(t)->of.global.content;
}

wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *t)
{
    return AS_EXT(t)->of.global.mutability;
}

/* A table type owning element, which it takes (deleted on failure too). */
static wasm_tabletype_t *tabletype_make(wasm_valtype_t *element, wr_limits limits, bool is64)
{
    wasm_externtype_t *t = element ? externtype_new(WASM_EXTERN_TABLE) : NULL;
    if (!t) {
        wasm_valtype_delete(element);
        return NULL;
    }
    t->of.table.element = element;
    t->of.table.limits = limits_from_wr(limits);
    t->of.table.limits64 = limits;
    t->of.table.is64 = is64;
    return (wasm_tabletype_t *)t;
}

wasm_tabletype_t *wasm_tabletype_new(wasm_valtype_t *element, const wasm_limits_t *limits)
{
    return tabletype_make(element, limits_to_wr(limits), false);
}

/* Is err NULL? It is consumed: the validator's verdict on a host's type is only yes or no. */
static bool valid(wr_error *err)
{
    bool ok = err == NULL;
    wr_error_free(err);
    return ok;
}

wasm_tabletype_t *wr_wasm_tabletype_new64(wasm_valtype_t *element, uint64_t min, bool has_max,
                                          uint64_t max)
{
    wr_tabletype full = {.limits = {min, has_max ? max : 0, has_max}, .is64 = true};
    if (!valid(wr_validate_table_limits(&full, "table type"))) {
        wasm_valtype_delete(element);
        return NULL;
    }
    return tabletype_make(element, full.limits, true);
}

const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *t)
{
    return AS_EXT(t)->of.table.element;
}

const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *t)
{
    return &AS_EXT(t)->of.table.limits;
}

bool wr_wasm_tabletype_is64(const wasm_tabletype_t *t) { return AS_EXT(t)->of.table.is64; }

wr_limits wr_wasm_tabletype_limits64(const wasm_tabletype_t *t)
{
    return AS_EXT(t)->of.table.limits64;
}

static wasm_memorytype_t *memorytype_make(wr_limits limits, bool is64)
{
    wasm_externtype_t *t = externtype_new(WASM_EXTERN_MEMORY);
    if (t) {
        t->of.memory.limits = limits_from_wr(limits);
        t->of.memory.limits64 = limits;
        t->of.memory.is64 = is64;
    }
    return (wasm_memorytype_t *)t;
}

wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *limits)
{
    return memorytype_make(limits_to_wr(limits), false);
}

wasm_memorytype_t *wr_wasm_memorytype_new64(uint64_t min, bool has_max, uint64_t max)
{
    wr_memtype full = {{min, has_max ? max : 0, has_max}, true};
    return valid(wr_validate_memory_limits(&full, "memory type"))
               ? memorytype_make(full.limits, true)
               : NULL;
}

const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *t)
{
    return &AS_EXT(t)->of.memory.limits;
}

bool wr_wasm_memorytype_is64(const wasm_memorytype_t *t) { return AS_EXT(t)->of.memory.is64; }

wr_limits wr_wasm_memorytype_limits64(const wasm_memorytype_t *t)
{
    return AS_EXT(t)->of.memory.limits64;
}

/* ---------------------------------------------------------------- tag types */

wasm_tagtype_t *wasm_tagtype_new(wasm_functype_t *functype)
{
    wasm_externtype_t *t = functype && !wasm_functype_results(functype)->size
                               ? externtype_new(WASM_EXTERN_TAG)
                               : NULL;
    if (!t) {
        wasm_functype_delete(functype);
        return NULL;
    }
    t->of.tag.functype = functype;
    return (wasm_tagtype_t *)t;
}

const wasm_functype_t *wasm_tagtype_functype(const wasm_tagtype_t *t)
{
    return AS_EXT(t)->of.tag.functype;
}

wasm_externtype_t *wr_capi_externtype_from_wr(const wr_externtype *type)
{
    switch (type->kind) {
    case WR_EXTERN_FUNC:
        return (wasm_externtype_t *)wr_capi_functype_from_wr(&type->of.func);
    case WR_EXTERN_GLOBAL:
        return (wasm_externtype_t *)wasm_globaltype_new(
            wasm_valtype_new(wr_capi_valtype_from_wr(type->of.global.type)),
            type->of.global.is_mutable ? WASM_VAR : WASM_CONST);
    case WR_EXTERN_TABLE:
        return (wasm_externtype_t *)tabletype_make(
            wasm_valtype_new(wr_capi_valtype_from_wr(type->of.table.elem)),
            type->of.table.limits, type->of.table.is64);
    case WR_EXTERN_MEMORY:
        return (wasm_externtype_t *)memorytype_make(type->of.memory.limits,
                                                    type->of.memory.is64);
    case WR_EXTERN_TAG:
        return (wasm_externtype_t *)wasm_tagtype_new(wr_capi_functype_from_wr(&type->of.tag));
    }
    return NULL;
}

/* ---------------------------------------------------------------- import and export types */

wasm_importtype_t *wasm_importtype_new(wasm_name_t *module, wasm_name_t *name,
                                       wasm_externtype_t *type)
{
    wasm_importtype_t *t = type ? wr_mem_alloc(&wr_default_allocator, 1, sizeof *t) : NULL;
    if (!t) {
        wasm_name_delete(module);
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    *t = (wasm_importtype_t){*module, *name, type};
    return t;
}

void wasm_importtype_delete(wasm_importtype_t *t)
{
    if (!t)
        return;
    wasm_name_delete(&t->module);
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    wr_mem_free(t);
}

wasm_importtype_t *wasm_importtype_copy(const wasm_importtype_t *t)
{
    if (!t)
        return NULL;
    wasm_name_t module, name;
    wasm_name_copy(&module, &t->module);
    wasm_name_copy(&name, &t->name);
    return wasm_importtype_new(&module, &name, wasm_externtype_copy(t->type));
}

const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *t) { return &t->module; }
const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *t) { return t->type; }

wasm_exporttype_t *wasm_exporttype_new(wasm_name_t *name, wasm_externtype_t *type)
{
    wasm_exporttype_t *t = type ? wr_mem_alloc(&wr_default_allocator, 1, sizeof *t) : NULL;
    if (!t) {
        wasm_name_delete(name);
        wasm_externtype_delete(type);
        return NULL;
    }
    *t = (wasm_exporttype_t){*name, type};
    return t;
}

void wasm_exporttype_delete(wasm_exporttype_t *t)
{
    if (!t)
        return;
    wasm_name_delete(&t->name);
    wasm_externtype_delete(t->type);
    wr_mem_free(t);
}

wasm_exporttype_t *wasm_exporttype_copy(const wasm_exporttype_t *t)
{
    if (!t)
        return NULL;
    wasm_name_t name;
    wasm_name_copy(&name, &t->name);
    return wasm_exporttype_new(&name, wasm_externtype_copy(t->type));
}

const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *t) { return &t->name; }
const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *t) { return t->type; }
