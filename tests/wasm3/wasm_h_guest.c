/* Loading a guest of guests/ through wasm.h (wasm_h_guest.h). */
#include <stdio.h>

#include "wasm_h_guest.h"

wasm_module_t *wasm_h_guest(check_counts *t, const char *dir, const char *name, wr_tier tier,
                            wasm_engine_t **engine, wasm_store_t **store)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *file = fopen(path, "rb");
    if (!CHECK_MSG(t, file, "cannot read %s", path))
        return NULL;
    uint8_t buf[4096];
    size_t len = fread(buf, 1, sizeof buf, file);
    fclose(file);
    wasm_config_t *config = wasm_config_new();
    if (!CHECK(t, config))
        return NULL;
    wr_wasm_config(config)->tier = tier;
    *engine = wasm_engine_new_with_config(config);
    *store = wasm_store_new(*engine);
    wasm_byte_vec_t bytes = {len, (wasm_byte_t *)buf};
    wasm_module_t *module = wasm_module_new(*store, &bytes);
    CHECK_MSG(t, module, "%s does not compile through wasm.h", path);
    return module;
}
