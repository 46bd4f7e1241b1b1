/* The public module API: building modules from bytes or files, and describing them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compile/compile.h"
#include "decode/module.h"
#include "interp/code.h"
#include "runtime/runtime.h"
#include "util/alloc.h"
#include "util/error.h"
#include "util/file.h"
#include "validate/validator.h"

static wr_error *check_size(const wr_engine *engine, size_t len)
{
    size_t max = wr_engine_config(engine)->max_module_size;
    if (len > max)
        return wr_error_new(WR_ERR_LIMIT, "module of %zu bytes exceeds the limit of %zu bytes", len, max);
    return NULL;
}

/* Decodes, validates and translates bytes it takes ownership of; on the compiled tier
 * also builds or loads the object, unless object (from wrc_object_open) is given, and on
 * WR_TIER_AUTO queues its build. */
static wr_error *build_with(wr_engine *engine, uint8_t *bytes, size_t len, bool translate,
                            void *object, const char *object_path, wr_module **out)
{
    wr_module *m = NULL;
    wr_error *e = wr_decode(engine, engine->alloc, bytes, len, &m);
    if (e)
        return e;
    e = wr_budget_check_module(m);
    if (!e)
        e = wr_validate(m);
    if (!e && translate)
        e = wr_translate(m, wr_engine_config(engine)->bounds_checks);
    if (object)
        e = wrc_object_bind(e ? NULL : m, object, object_path, e);
    else if (!e && translate && engine->config.tier == WR_TIER_COMPILED)
        e = wrc_compile_module(m);
    else if (!e && translate && engine->config.tier == WR_TIER_AUTO)
        e = wr_tierup_start(m);
    if (e) {
        wr_module_destroy(m);
        return e;
    }
    *out = m;
    return NULL;
}

static wr_error *build(wr_engine *engine, uint8_t *bytes, size_t len, bool translate, wr_module **out)
{
    return build_with(engine, bytes, len, translate, NULL, NULL, out);
}

/* An object written by `wr compile`: loaded only by engines of the compiled tier (or
 * WR_TIER_AUTO, whose module is then compiled at once), since loading it runs its code. */
static wr_error *load_object(wr_engine *engine, const char *path, wr_module **out)
{
    if (engine->config.tier == WR_TIER_INTERP)
        return wr_error_new(WR_ERR_MALFORMED, "%s is a compiled object, not a wasm module: "
                                              "only an engine of the compiled tier loads it",
                            path);
    void *handle;
    uint8_t *bytes;
    size_t len;
    wr_error *e = wrc_object_open(engine->alloc, path, &handle, &bytes, &len);
    if (e)
        return e;
    /* The object is bound right after its module is built (or closed on failure). */
    e = build_with(engine, bytes, len, true, handle, path, out);
    return e;
}

/* Checks the caller's arguments, then builds from a copy of its bytes. */
static wr_error *build_copy(const char *caller, wr_engine *engine, const uint8_t *bytes, size_t len,
                            bool translate, wr_module **out)
{
    if (!engine || (!bytes && len))
        return wr_error_new(WR_ERR_ARG, "%s: no engine or no bytes", caller);
    wr_error *e = check_size(engine, len);
    if (e)
        return e;
    uint8_t *copy = wr_mem_alloc(engine->alloc, 1, len ? len : 1);
    if (!copy)
        return wr_error_nomem();
    if (len)
        memcpy(copy, bytes, len);
    return build(engine, copy, len, translate, out);
}

wr_error *wr_module_new(wr_engine *engine, const uint8_t *bytes, size_t len, wr_module **out)
{
    *out = NULL;
    return build_copy("wr_module_new", engine, bytes, len, true, out);
}

wr_error *wr_module_validate(wr_engine *engine, const uint8_t *bytes, size_t len)
{
    wr_module *m = NULL;
    wr_error *e = build_copy("wr_module_validate", engine, bytes, len, false, &m);
    if (!e)
        wr_module_destroy(m);
    return e;
}

typedef struct head_check {
    wr_engine *engine;
    size_t max;
    wr_error *error;
} head_check;

/* A file whose first 8 bytes are no module header (nor an object's) is refused before the
 * rest is read, with the message the whole file would get (the decoder stops at the
 * header). */
static bool header_ok(const uint8_t *head, size_t len, void *ctx)
{
    head_check *c = ctx;
    /* A compiled object (wr compile) is read whole: load_object decides. */
    if (len < 8 || c->max < 8 || wrc_is_object(head, len))
        return true;
    c->error = wr_module_validate(c->engine, head, 8);
    if (c->error) {
        wr_error_free(c->error);
        c->error = wr_module_validate(c->engine, head, len < c->max ? len : c->max);
    }
    return c->error == NULL;
}

wr_error *wr_module_load(wr_engine *engine, const char *path, wr_module **out)
{
    *out = NULL;
    if (!engine || !path)
        return wr_error_new(WR_ERR_ARG, "wr_module_load: no engine or no path");
    uint8_t *bytes;
    size_t len;
    size_t max = wr_engine_config(engine)->max_module_size;
    head_check check = {engine, max, NULL};
    int err = wr_read_file_checked(engine->alloc, path, max, header_ok, &check, &bytes, &len);
    if (err == ECANCELED)
        return check.error;
    /* A stream stops one byte past the limit: its size is unknown, only "larger". */
    if (err == EFBIG && len == max + 1)
        return wr_error_new(WR_ERR_LIMIT, "module larger than the limit of %zu bytes (read "
                            "up to there; its size is unknown)", max);
    if (err == EFBIG)
        return check_size(engine, len);
    if (err == ENOMEM)
        return wr_error_nomem();
    if (err)
        return wr_error_new(WR_ERR_IO, "%s: %s", path, strerror(err));
    if (wrc_is_object(bytes, len)) {
        wr_mem_free(bytes);
        return load_object(engine, path, out);
    }
    return build(engine, bytes, len, true, out);
}

wr_module *wr_module_ref(wr_module *module)
{
    atomic_fetch_add(&module->refs, 1);
    return module;
}

void wr_module_free(wr_module *module)
{
    if (module && atomic_fetch_sub(&module->refs, 1) == 1) {
        wr_tierup_end(module);
        wr_module_destroy(module);
    }
}

size_t wr_module_import_count(const wr_module *module) { return module->nimports; }

size_t wr_module_export_count(const wr_module *module) { return module->nexports; }

const char *wr_module_name(const wr_module *module) { return module->name; }

wr_engine *wr_module_engine(const wr_module *module) { return module->engine; }

bool wr_module_start(const wr_module *module, uint32_t *func_index)
{
    if (module->has_start && func_index)
        *func_index = module->start;
    return module->has_start;
}

size_t wr_module_custom_count(const wr_module *module) { return module->ncustoms; }

void wr_module_custom(const wr_module *module, size_t i, wr_name *name, const uint8_t **content,
                      size_t *size)
{
    const wr_mcustom *c = &module->customs[i];
    if (name)
        *name = c->name;
    if (content)
        *content = module->bytes + c->offset;
    if (size)
        *size = c->size;
}

bool wr_module_func_names(const wr_module *module, uint32_t func_index, wr_func_names *out)
{
    *out = (wr_func_names){.debug = NULL};
    if (func_index >= module->nfuncs)
        return false;
    wr_module_func_names_of(module, func_index, out);
    return true;
}

void wr_module_import(const wr_module *module, size_t i, wr_name *module_name, wr_name *name,
                      wr_externtype *type)
{
    const wr_mimport *im = &module->imports[i];
    if (module_name)
        *module_name = im->module;
    if (name)
        *name = im->name;
    if (!type)
        return;
    type->kind = (wr_extern_kind)im->kind;
    switch (im->kind) {
    case WR_EXTERN_FUNC: type->of.func = module->types[im->u.func_type].pub; break;
    case WR_EXTERN_TABLE: type->of.table = im->u.table; break;
    case WR_EXTERN_MEMORY: type->of.memory = im->u.memory; break;
    case WR_EXTERN_TAG: type->of.tag = module->types[im->u.tag_type].pub; break;
    default: type->of.global = im->u.global; break;
    }
}

void wr_module_export(const wr_module *module, size_t i, wr_name *name, wr_externtype *type)
{
    const wr_mexport *ex = &module->exports[i];
    if (name)
        *name = ex->name;
    if (!type)
        return;
    type->kind = (wr_extern_kind)ex->kind;
    switch (ex->kind) {
    case WR_EXTERN_FUNC: type->of.func = wr_module_functype(module, ex->index)->pub; break;
    case WR_EXTERN_TABLE: type->of.table = module->tables[ex->index]; break;
    case WR_EXTERN_MEMORY: type->of.memory = module->memories[ex->index]; break;
    case WR_EXTERN_TAG: type->of.tag = module->types[module->tag_types[ex->index]].pub; break;
    default: type->of.global = module->globals[ex->index].type; break;
    }
}
