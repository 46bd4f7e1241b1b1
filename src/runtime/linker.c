/* The linker: a table of (module, name) -> extern used to resolve imports by name. */
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "util/alloc.h"
#include "util/error.h"

typedef struct {
    char *module, *name;
    size_t module_len, name_len;
    wr_extern ext;
} definition;

struct wr_linker {
    wr_engine *engine;
    definition *defs;
    size_t count, cap;
};

wr_linker *wr_linker_new(wr_engine *engine)
{
    wr_linker *linker = wr_mem_zalloc(engine->alloc, 1, sizeof *linker);
    if (linker)
        linker->engine = engine;
    return linker;
}

void wr_linker_free(wr_linker *linker)
{
    if (!linker)
        return;
    for (size_t i = 0; i < linker->count; i++) {
        wr_mem_free(linker->defs[i].module);
        wr_mem_free(linker->defs[i].name);
    }
    wr_mem_free(linker->defs);
    wr_mem_free(linker);
}

static definition *find(wr_linker *linker, const char *module, size_t module_len, const char *name,
                        size_t name_len)
{
    for (size_t i = 0; i < linker->count; i++) {
        definition *d = &linker->defs[i];
        if (d->module_len == module_len && d->name_len == name_len &&
            memcmp(d->module, module, module_len) == 0 && memcmp(d->name, name, name_len) == 0)
            return d;
    }
    return NULL;
}

static char *copy_name(const wr_linker *linker, const char *s, size_t len)
{
    char *c = wr_mem_alloc(linker->engine->alloc, 1, len + 1);
    if (c) {
        memcpy(c, s, len);
        c[len] = 0;
    }
    return c;
}

wr_error *wr_linker_define(wr_linker *linker, const char *module, size_t module_len,
                           const char *name, size_t name_len, wr_extern ext)
{
    definition *d = find(linker, module, module_len, name, name_len);
    if (d) {
        d->ext = ext;
        return NULL;
    }
    if (linker->count == linker->cap) {
        size_t cap = linker->cap ? linker->cap * 2 : 16;
        definition *defs = wr_mem_realloc(linker->engine->alloc, linker->defs, cap, sizeof *defs);
        if (!defs)
            return wr_error_nomem();
        linker->defs = defs;
        linker->cap = cap;
    }
    d = &linker->defs[linker->count];
    d->module = copy_name(linker, module, module_len);
    d->name = copy_name(linker, name, name_len);
    if (!d->module || !d->name) {
        wr_mem_free(d->module);
        wr_mem_free(d->name);
        return wr_error_nomem();
    }
    d->module_len = module_len;
    d->name_len = name_len;
    d->ext = ext;
    linker->count++;
    return NULL;
}

wr_error *wr_linker_define_instance(wr_linker *linker, const char *module, size_t module_len,
                                    wr_instance *instance)
{
    const wr_module *m = instance->module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        wr_extern ext;
        const wr_name *name = &m->exports[i].name;
        if (!wr_instance_export(instance, name->data, name->len, &ext))
            continue;
        wr_error *err = wr_linker_define(linker, module, module_len, name->data, name->len, ext);
        if (err)
            return err;
    }
    return NULL;
}

wr_error *wr_linker_instantiate(wr_linker *linker, wr_store *store, wr_module *module,
                                wr_instance **out)
{
    *out = NULL;
    wr_extern *imports = wr_mem_zalloc(store->engine->alloc,
                                       module->nimports ? module->nimports : 1, sizeof *imports);
    if (!imports)
        return wr_error_nomem();
    for (uint32_t i = 0; i < module->nimports; i++) {
        const wr_mimport *imp = &module->imports[i];
        definition *d =
            find(linker, imp->module.data, imp->module.len, imp->name.data, imp->name.len);
        if (!d) {
            wr_mem_free(imports);
            return wr_error_new(WR_ERR_LINK, "unknown import: \"%s\" \"%s\"", imp->module.data,
                                imp->name.data);
        }
        imports[i] = d->ext;
    }
    wr_error *err = wr_instance_new(store, module, imports, module->nimports, out);
    wr_mem_free(imports);
    return err;
}

bool wr_linker_get(wr_linker *linker, const char *module, size_t module_len, const char *name,
                   size_t name_len, wr_extern *out)
{
    const definition *d = find(linker, module, module_len, name, name_len);
    if (d)
        *out = d->ext;
    return d != NULL;
}
