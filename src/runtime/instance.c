/*
 * Instantiation, exactly in the spec's order: match imports, allocate, initialise globals,
 * evaluate element segments, apply active element then data segments (a failing one traps
 * and leaves the earlier effects, and the instance, in place), drop the applied and
 * declarative segments, run the start function.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"
#include "decode/ops.h"
#include "runtime/runtime.h"
#include "util/alloc.h"
#include "util/error.h"

void wr_instance_release(wr_instance *inst)
{
    if (!inst)
        return;
    wrc_instance_detach(inst);
    for (uint32_t i = 0; inst->elems && i < inst->module->nelems; i++)
        wr_mem_free(inst->elems[i].refs);
    wr_mem_free(inst->elems);
    wr_mem_free(inst->data_sizes);
    wr_mem_free(inst->funcs);
    wr_mem_free(inst->own_funcs);
    wr_mem_free(inst->tables);
    wr_mem_free(inst->memories);
    wr_mem_free(inst->globals);
    wr_mem_free(inst->tags);
    wr_module_free(inst->module);
    wr_mem_free(inst);
}

static bool limits_match(uint64_t min, const wr_limits *actual, const wr_limits *required)
{
    if (min < required->min)
        return false;
    if (!required->has_max)
        return true;
    return actual->has_max && actual->max <= required->max;
}

static bool import_matches(const wr_module *m, const wr_mimport *imp, const wr_extern *ext)
{
    if (ext->kind != imp->kind)
        return false;
    switch (imp->kind) {
    case WR_EXTERN_FUNC:
        return ext->of.func && wr_functype_equal(ext->of.func->type, &m->types[imp->u.func_type]);
    case WR_EXTERN_TABLE:
        /* Elements are read and written: their types must match both ways. */
        return ext->of.table && ext->of.table->is64 == imp->u.table.is64 &&
               wr_valtype_matches(ext->of.table->module, ext->of.table->elem, m,
                                  imp->u.table.elem) &&
               wr_valtype_matches(m, imp->u.table.elem, ext->of.table->module,
                                  ext->of.table->elem) &&
               limits_match(ext->of.table->size, &ext->of.table->declared, &imp->u.table.limits);
    case WR_EXTERN_MEMORY:
        return ext->of.memory && ext->of.memory->is64 == imp->u.memory.is64 &&
               limits_match(ext->of.memory->pages, &ext->of.memory->declared,
                            &imp->u.memory.limits);
    case WR_EXTERN_TAG:
        return ext->of.tag && wr_functype_equal(ext->of.tag->type, &m->types[imp->u.tag_type]);
    default:
        /* An immutable global may be of a subtype; a mutable one must match both ways. */
        return ext->of.global && ext->of.global->type.is_mutable == imp->u.global.is_mutable &&
               wr_valtype_matches(ext->of.global->module, ext->of.global->type.type, m,
                                  imp->u.global.type) &&
               (!imp->u.global.is_mutable ||
                wr_valtype_matches(m, imp->u.global.type, ext->of.global->module,
                                   ext->of.global->type.type));
    }
}

/* Types in a link error, e.g. "func (i32) -> ()", "memory 1..2", "global mut i64"; text
 * that does not fit in size bytes is cut short with "...". */
typedef struct {
    char *buf;
    size_t size, used;
} type_text;

static void put(type_text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(type_text *t, const char *fmt, ...)
{
    if (t->used >= t->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->used, t->size - t->used, fmt, ap);
    va_end(ap);
    t->used = n < 0 ? t->size : t->used + (size_t)n;
    if (t->used >= t->size && t->size > 4)
        memcpy(t->buf + t->size - 4, "...", 4);
}

static void put_functype(type_text *t, const wr_mfunctype *ft)
{
    put(t, "func (");
    for (uint32_t i = 0; i < ft->nparams + ft->nresults; i++) {
        const char *sep = i == ft->nparams ? ") -> (" : i ? ", " : "";
        put(t, "%s%s", sep, wr_valtype_format(ft->pub.params[i], (char[32]){0}, 32));
    }
    put(t, "%s)", ft->nresults ? "" : ") -> (");
}

static void put_limits(type_text *t, bool is64, uint64_t min, const wr_limits *limits)
{
    put(t, "%s%" PRIu64 "..", is64 ? "i64 " : "", min);
    if (limits->has_max)
        put(t, "%" PRIu64, limits->max);
}

static void put_global(type_text *t, wr_globaltype type)
{
    put(t, "global %s%s", type.is_mutable ? "mut " : "",
        wr_valtype_format(type.type, (char[32]){0}, 32));
}

static void describe_import(type_text *t, const wr_module *m, const wr_mimport *imp)
{
    switch (imp->kind) {
    case WR_EXTERN_FUNC:
        put_functype(t, &m->types[imp->u.func_type]);
        break;
    case WR_EXTERN_TABLE:
        put(t, "table %s ", wr_valtype_format(imp->u.table.elem, (char[32]){0}, 32));
        put_limits(t, imp->u.table.is64, imp->u.table.limits.min, &imp->u.table.limits);
        break;
    case WR_EXTERN_MEMORY:
        put(t, "memory ");
        put_limits(t, imp->u.memory.is64, imp->u.memory.limits.min, &imp->u.memory.limits);
        break;
    case WR_EXTERN_TAG:
        put(t, "tag ");
        put_functype(t, &m->types[imp->u.tag_type]);
        break;
    default:
        put_global(t, imp->u.global);
        break;
    }
}

/* What was given: a table or memory by its current size and declared maximum. */
static void describe_extern(type_text *t, const wr_extern *ext)
{
    if (ext->kind == WR_EXTERN_FUNC && ext->of.func)
        put_functype(t, ext->of.func->type);
    else if (ext->kind == WR_EXTERN_TABLE && ext->of.table) {
        put(t, "table %s ", wr_valtype_format(ext->of.table->elem, (char[32]){0}, 32));
        put_limits(t, ext->of.table->is64, ext->of.table->size, &ext->of.table->declared);
    } else if (ext->kind == WR_EXTERN_MEMORY && ext->of.memory) {
        put(t, "memory ");
        put_limits(t, ext->of.memory->is64, ext->of.memory->pages, &ext->of.memory->declared);
    } else if (ext->kind == WR_EXTERN_GLOBAL && ext->of.global) {
        put_global(t, ext->of.global->type);
    } else if (ext->kind == WR_EXTERN_TAG && ext->of.tag) {
        put(t, "tag ");
        put_functype(t, ext->of.tag->type);
    } else
        put(t, "nothing");
}

static wr_error *incompatible(const wr_module *m, const wr_mimport *imp, const wr_extern *ext)
{
    char expected[160], given[160];
    type_text e = {expected, sizeof expected, 0}, g = {given, sizeof given, 0};
    expected[0] = given[0] = '\0';
    describe_import(&e, m, imp);
    describe_extern(&g, ext);
    /* The testsuite's wording first. */
    return wr_error_new(WR_ERR_LINK, "incompatible import type for \"%s\" \"%s\": expected %s, "
                        "given %s", imp->module.data, imp->name.data, expected, given);
}

static void eval_const(const wr_instance *inst, const wr_constexpr *e, wr_slot out[2]);

/* An extended constant expression (validated: integers, globals and add/sub/mul, at most
 * WR_CONST_MAX_DEPTH deep), read again from the module's bytes. Integer arithmetic wraps,
 * done on unsigned values; i32 results keep their high half zero. */
static void eval_sequence(const wr_instance *inst, const wr_constexpr *e, wr_slot out[2])
{
    const wr_module *m = inst->module;
    wr_reader r = {.base = m->bytes, .pos = e->offset, .end = m->size};
    wr_slot stack[WR_CONST_MAX_DEPTH][2];
    unsigned depth = 0;
    for (;;) {
        size_t pos = r.pos;
        wr_imm imm;
        const wr_opinfo *info = wr_read_instruction(&r, &imm);
        if (!info || (info->prefix == 0 && info->code == OP_end) || depth == WR_CONST_MAX_DEPTH)
            break;
        if (info->prefix == 0 && info->nparams == 2 && depth >= 2) {
            uint64_t a = stack[depth - 2][0].u64, b = stack[depth - 1][0].u64, v;
            switch (info->code) {
            case OP_i32_add: case OP_i64_add: v = a + b; break;
            case OP_i32_sub: case OP_i64_sub: v = a - b; break;
            default: v = a * b; break;
            }
            depth--;
            stack[depth - 1][0].u64 = info->result == WR_I32 ? (uint32_t)v : v;
            continue;
        }
        wr_constexpr x = {.op = (uint8_t)(info->prefix ? info->prefix : info->code),
                          .u.bits = imm.bits, .offset = (uint32_t)pos};
        if (x.op == OP_global_get || x.op == OP_ref_func)
            x.u.index = imm.index;
        else if (x.op == OP_prefix_fd)
            memcpy(x.u.v128, imm.bytes, 16);
        eval_const(inst, &x, stack[depth++]);
    }
    out[0] = depth ? stack[0][0] : (wr_slot){0};
    out[1] = depth ? stack[0][1] : (wr_slot){0};
}

/* The store owning ext's object; NULL when there is no object (import_matches rejects it). */
static const wr_store *extern_store(const wr_extern *ext)
{
    switch (ext->kind) {
    case WR_EXTERN_FUNC: return ext->of.func ? ext->of.func->store : NULL;
    case WR_EXTERN_TABLE: return ext->of.table ? ext->of.table->store : NULL;
    case WR_EXTERN_MEMORY: return ext->of.memory ? ext->of.memory->store : NULL;
    case WR_EXTERN_TAG: return ext->of.tag ? ext->of.tag->store : NULL;
    default: return ext->of.global ? ext->of.global->store : NULL;
    }
}

static void eval_const(const wr_instance *inst, const wr_constexpr *e, wr_slot out[2])
{
    out[0].u64 = out[1].u64 = 0;
    switch (e->op) {
    case 0xD2: /* ref.func */
        out[0].ref = inst->funcs[e->u.index];
        break;
    case 0x23: /* global.get */
        out[0] = inst->globals[e->u.index]->value[0];
        out[1] = inst->globals[e->u.index]->value[1];
        break;
    case 0xFD: /* v128.const */
        memcpy(out, e->u.v128, 16);
        break;
    case 0xD0: /* ref.null */
        out[0].ref = NULL;
        break;
    case WR_CONST_SEQ:
        eval_sequence(inst, e, out);
        break;
    default:
        out[0].u64 = e->u.bits;
        break;
    }
}

static void *alloc_array(const wr_store *store, size_t n, size_t size)
{
    return wr_mem_zalloc(store->engine->alloc, n ? n : 1, size);
}

/* Everything up to the segments; NULL error on success. */
static wr_error *allocate(wr_store *store, wr_instance *inst, const wr_extern *imports)
{
    wr_module *m = inst->module;
    inst->funcs = alloc_array(store, m->nfuncs, sizeof *inst->funcs);
    inst->tables = alloc_array(store, m->ntables, sizeof *inst->tables);
    inst->memories = alloc_array(store, m->nmemories, sizeof *inst->memories);
    inst->globals = alloc_array(store, m->nglobals, sizeof *inst->globals);
    inst->elems = alloc_array(store, m->nelems, sizeof *inst->elems);
    inst->data_sizes = alloc_array(store, m->ndatas, sizeof *inst->data_sizes);
    inst->tags = alloc_array(store, m->ntags, sizeof *inst->tags);
    if (!inst->funcs || !inst->tables || !inst->memories || !inst->globals || !inst->elems ||
        !inst->data_sizes || !inst->tags)
        return wr_error_nomem();
    uint32_t nfuncs = m->nfuncs - m->nfunc_imports, nglobals = m->nglobals - m->nglobal_imports;
    if (!wr_budget_charge(store, WR_BUDGET_FUNCTIONS, nfuncs))
        return wr_budget_error(store, WR_BUDGET_FUNCTIONS, nfuncs);
    if (!wr_budget_charge(store, WR_BUDGET_GLOBALS, nglobals))
        return wr_budget_error(store, WR_BUDGET_GLOBALS, nglobals);
    uint32_t fi = 0, ti = 0, mi = 0, gi = 0, xi = 0;
    for (uint32_t i = 0; i < m->nimports; i++) {
        const wr_extern *ext = &imports[i];
        switch (ext->kind) {
        case WR_EXTERN_FUNC: inst->funcs[fi++] = ext->of.func; break;
        case WR_EXTERN_TABLE: inst->tables[ti++] = ext->of.table; break;
        case WR_EXTERN_MEMORY: inst->memories[mi++] = ext->of.memory; break;
        case WR_EXTERN_TAG: inst->tags[xi++] = ext->of.tag; break;
        default: inst->globals[gi++] = ext->of.global; break;
        }
    }
    for (uint32_t i = m->ntag_imports; i < m->ntags; i++) {
        wr_error *e = wr_exntag_make(store, &m->types[m->tag_types[i]], &inst->tags[i]);
        if (e)
            return e;
    }
    inst->own_funcs = alloc_array(store, nfuncs, sizeof *inst->own_funcs);
    if (!inst->own_funcs)
        return wr_error_nomem();
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
        wr_func *f = &inst->own_funcs[i - m->nfunc_imports];
        f->store = store;
        f->type = wr_module_functype(m, i);
        f->instance = inst;
        f->code = m->funcs[i].code;
        inst->funcs[i] = f;
    }
    for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
        wr_error *e = wr_table_make(store, &m->tables[i], NULL, &inst->tables[i]);
        if (e)
            return e;
        inst->tables[i]->module = m;
    }
    for (uint32_t i = m->nmemory_imports; i < m->nmemories; i++) {
        wr_error *e = wr_memory_make(store, &m->memories[i], &inst->memories[i]);
        if (e)
            return e;
    }
    inst->memory0 = m->nmemories ? inst->memories[0] : &inst->no_memory;
    /* The module's code accesses a 32-bit memory 0 unchecked when its engine uses guard
     * regions (every other memory is always checked). */
    if (m->nmemories && !m->engine->config.bounds_checks && !inst->memory0->guarded &&
        !inst->memory0->is64)
        return wr_error_new(WR_ERR_LINK, "memory 0 has no guard region, which this module's "
                                         "engine relies on instead of bounds checks");
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        wr_global *g = wr_mem_zalloc(store->engine->alloc, 1, sizeof *g);
        if (!g || !wr_store_own(&store->globals, g)) {
            wr_mem_free(g);
            return wr_error_nomem();
        }
        g->store = store;
        g->type = m->globals[i].type;
        g->module = m;
        eval_const(inst, &m->globals[i].init, g->value);
        inst->globals[i] = g;
    }
    /* 3.0 tables with an initialiser start with its value everywhere; it may read the
     * globals, so it comes after them. */
    for (uint32_t i = m->ntable_imports; m->table_inits && i < m->ntables; i++) {
        const wr_constexpr *init = &m->table_inits[i - m->ntable_imports];
        if (!init->offset)
            continue;
        wr_slot v[2];
        eval_const(inst, init, v);
        wr_table *table = inst->tables[i];
        for (uint32_t k = 0; k < table->size; k++)
            table->elems[k] = v[0].ref;
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wr_melem *seg = &m->elems[i];
        wr_elemseg *es = &inst->elems[i];
        es->refs = alloc_array(store, seg->count, sizeof *es->refs);
        if (!es->refs)
            return wr_error_nomem();
        es->count = seg->count;
        for (uint32_t k = 0; k < seg->count; k++) {
            if (seg->funcs) {
                es->refs[k] = inst->funcs[seg->funcs[k]];
            } else {
                wr_slot v[2];
                eval_const(inst, &seg->exprs[k], v);
                es->refs[k] = v[0].ref;
            }
        }
    }
    for (uint32_t i = 0; i < m->ndatas; i++)
        inst->data_sizes[i] = m->datas[i].size;
    return NULL;
}

static wr_error *apply_segments(wr_instance *inst)
{
    const wr_module *m = inst->module;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const wr_melem *seg = &m->elems[i];
        if (seg->mode == SEG_ACTIVE) {
            wr_slot offset[2];
            eval_const(inst, &seg->offset, offset);
            const wr_table *table = inst->tables[seg->table];
            wr_trap_kind k = wr_table_init_segment(inst->tables[seg->table], &inst->elems[i],
                                                   wr_table_index(table->is64, offset[0]), 0,
                                                   seg->count);
            if (k)
                return wr_error_trap(k);
        }
        if (seg->mode != SEG_PASSIVE)
            inst->elems[i].count = 0;
    }
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const wr_mdata *seg = &m->datas[i];
        if (seg->mode != SEG_ACTIVE)
            continue;
        wr_slot offset[2];
        eval_const(inst, &seg->offset, offset);
        const wr_memory *mem = inst->memories[seg->memory];
        wr_trap_kind k = wr_memory_init_segment(inst->memories[seg->memory],
                                                m->bytes + seg->data_offset, seg->size,
                                                mem->is64 ? offset[0].u64 : offset[0].u32, 0,
                                                seg->size);
        if (k)
            return wr_error_trap(k);
        inst->data_sizes[i] = 0;
    }
    return NULL;
}

wr_error *wr_instance_new(wr_store *store, wr_module *module, const wr_extern *imports,
                          size_t nimports, wr_instance **out)
{
    *out = NULL;
    if (nimports != module->nimports)
        return wr_error_new(WR_ERR_LINK, "unknown import: the module needs %u imports, %zu given",
                            module->nimports, nimports);
    for (uint32_t i = 0; i < module->nimports; i++) {
        const wr_mimport *imp = &module->imports[i];
        if (!import_matches(module, imp, &imports[i]))
            return incompatible(module, imp, &imports[i]);
        /* Another store's object would dangle once that store is freed. */
        if (extern_store(&imports[i]) != store)
            return wr_error_new(WR_ERR_LINK,
                                "import %u belongs to another store: \"%s\" \"%s\" must be "
                                "created in the store the module is instantiated in",
                                i, imp->module.data, imp->name.data);
    }
    if (!wr_budget_charge(store, WR_BUDGET_INSTANCES, 1))
        return wr_budget_error(store, WR_BUDGET_INSTANCES, 1);
    wr_instance *inst = wr_mem_zalloc(store->engine->alloc, 1, sizeof *inst);
    if (!inst) {
        wr_budget_refund(store, WR_BUDGET_INSTANCES, 1);
        return wr_error_nomem();
    }
    wr_module_ref(module);
    inst->module = module;
    inst->store = store;
    inst->memory0 = &inst->no_memory;
    if (!wr_store_own(&store->instances, inst)) {
        wr_instance_release(inst);
        return wr_error_nomem();
    }
    /* From here on the store owns the instance, whatever happens. */
    wr_error *err = allocate(store, inst, imports);
    if (!err)
        err = wr_tierup_attach(inst);
    if (!err)
        err = apply_segments(inst);
    if (!err && module->has_start)
        err = wr_func_call(store, inst->funcs[module->start], NULL, 0, NULL, 0);
    if (!err)
        *out = inst;
    return err;
}

bool wr_instance_export(wr_instance *instance, const char *name, size_t name_len, wr_extern *out)
{
    const wr_module *m = instance->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const wr_mexport *e = &m->exports[i];
        if (e->name.len != name_len || memcmp(e->name.data, name, name_len) != 0)
            continue;
        out->kind = e->kind;
        switch (e->kind) {
        case WR_EXTERN_FUNC: out->of.func = instance->funcs[e->index]; break;
        case WR_EXTERN_TABLE: out->of.table = instance->tables[e->index]; break;
        case WR_EXTERN_MEMORY: out->of.memory = instance->memories[e->index]; break;
        case WR_EXTERN_TAG: out->of.tag = instance->tags[e->index]; break;
        default: out->of.global = instance->globals[e->index]; break;
        }
        return true;
    }
    return false;
}

wr_func *wr_instance_func(wr_instance *instance, const char *name)
{
    wr_extern ext;
    if (!wr_instance_export(instance, name, strlen(name), &ext) || ext.kind != WR_EXTERN_FUNC)
        return NULL;
    return ext.of.func;
}

wr_memory *wr_instance_memory(wr_instance *instance)
{
    return instance->module->nmemories ? instance->memories[0] : NULL;
}

wr_module *wr_instance_module(wr_instance *instance) { return instance->module; }
