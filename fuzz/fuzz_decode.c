/* Fuzz target: decode, validate and translate arbitrary bytes. Any input must give a module
 * or a clean error, never a crash, hang or sanitizer report. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "wr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    wr_engine *engine = wr_engine_new(NULL);
    if (!engine)
        return 0;
    wr_error *checked = wr_module_validate(engine, data, size);
    wr_module *module = NULL;
    wr_error *built = wr_module_new(engine, data, size, &module);
    /* Validation alone and the full build must agree on whether the bytes are a module;
     * only translation may add a resource failure of its own. */
    bool translation_limit = built && (wr_error_kind_of(built) == WR_ERR_LIMIT ||
                                       wr_error_kind_of(built) == WR_ERR_NOMEM);
    bool agree = checked ? built && wr_error_kind_of(checked) == wr_error_kind_of(built)
                         : !built || translation_limit;
    if (!agree) {
        fprintf(stderr, "wr_module_validate: %s\nwr_module_new: %s\n",
                checked ? wr_error_message(checked) : "valid",
                built ? wr_error_message(built) : "built");
        abort();
    }
    if (module) {
        size_t nimports = wr_module_import_count(module);
        for (size_t i = 0; i < nimports; i++) {
            wr_name mod, name;
            wr_externtype type;
            wr_module_import(module, i, &mod, &name, &type);
        }
        size_t nexports = wr_module_export_count(module);
        for (size_t i = 0; i < nexports; i++) {
            wr_name name;
            wr_externtype type;
            wr_module_export(module, i, &name, &type);
        }
        (void)wr_module_name(module);
        wr_module_free(module);
    }
    if (built) {
        (void)wr_error_message(built);
        (void)wr_error_reason(built);
        (void)wr_error_section(built);
    }
    wr_error_free(checked);
    wr_error_free(built);
    wr_engine_free(engine);
    return 0;
}
