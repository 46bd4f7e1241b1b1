/* Freeing a module and looking up its names. */
#include <stdlib.h>

#include "decode/module.h"
#include "util/alloc.h"

/* Besides the arrays below, some blocks hold more than their array: the function array
 * also holds every body's local declarations, the type array the types' value types, and
 * the import, export and name arrays their strings. */
void wr_module_destroy(wr_module *m)
{
    if (!m)
        return;
    if (m->native)
        m->native_free(m->native);
    if (m->code_free)
        m->code_free(m);
    wr_mem_free(m->funcs);
    wr_mem_free(m->types);
    wr_mem_free(m->imports);
    wr_mem_free(m->tables);
    wr_mem_free(m->table_inits);
    wr_mem_free(m->memories);
    wr_mem_free(m->globals);
    wr_mem_free(m->tag_types);
    wr_mem_free(m->exports);
    for (uint32_t i = 0; i < m->nelems; i++) {
        wr_mem_free(m->elems[i].funcs);
        wr_mem_free(m->elems[i].exprs);
    }
    wr_mem_free(m->elems);
    wr_mem_free(m->datas);
    wr_mem_free(m->declared_funcs);
    for (uint32_t i = 0; i < m->ncustoms; i++)
        wr_mem_free((char *)m->customs[i].name.data);
    wr_mem_free(m->customs);
    wr_mem_free(m->name);
    wr_mem_free(m->func_names);
    wr_mem_free(m->local_names);
    wr_mem_free(m->bytes);
    wr_mem_free(m);
}

/* The name section's name of a function, or NULL (binary search: the section is sorted). */
static const char *debug_name(const wr_module *m, uint32_t func_index)
{
    uint32_t lo = 0, hi = m->nfunc_names;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t index = m->func_names[mid].index;
        if (index == func_index)
            return m->func_names[mid].name;
        if (index < func_index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void wr_module_func_names_of(const wr_module *m, uint32_t func_index, wr_func_names *out)
{
    *out = (wr_func_names){.debug = debug_name(m, func_index)};
    for (uint32_t i = 0; i < m->nexports; i++) {
        if (m->exports[i].kind == WR_EXTERN_FUNC && m->exports[i].index == func_index) {
            out->export_name = m->exports[i].name;
            break;
        }
    }
    if (func_index >= m->nfunc_imports)
        return;
    for (uint32_t i = 0, seen = 0; i < m->nimports; i++) {
        if (m->imports[i].kind != WR_EXTERN_FUNC)
            continue;
        if (seen++ == func_index) {
            out->import_module = m->imports[i].module;
            out->import_name = m->imports[i].name;
            return;
        }
    }
}

const char *wr_module_func_name(const wr_module *m, uint32_t func_index)
{
    wr_func_names names;
    wr_module_func_names_of(m, func_index, &names);
    if (names.debug)
        return names.debug;
    if (names.export_name.data)
        return names.export_name.data;
    return names.import_name.data;
}
