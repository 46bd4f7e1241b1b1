/* Freeing a module and looking up its names. */
#include <stdlib.h>

#include "decode/module.h"

/* Besides the arrays below, some blocks hold more than their array: the function array
 * also holds every body's local declarations, the type array the types' value types, and
 * the import, export and name arrays their strings. */
void wr_module_destroy(wr_module *m)
{
    if (!m)
        return;
    wrc_object_free(m->native);
    if (m->funcs) {
        for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++) {
            if (m->funcs[i].code)
                wr_code_free(m->funcs[i].code);
        }
    }
    free(m->funcs);
    free(m->types);
    free(m->imports);
    free(m->tables);
    free(m->memories);
    free(m->globals);
    free(m->exports);
    for (uint32_t i = 0; i < m->nelems; i++) {
        free(m->elems[i].funcs);
        free(m->elems[i].exprs);
    }
    free(m->elems);
    free(m->datas);
    free(m->declared_funcs);
    free(m->name);
    free(m->func_names);
    free(m->local_names);
    free(m->bytes);
    free(m);
}

const char *wr_module_func_name(const wr_module *m, uint32_t func_index)
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
