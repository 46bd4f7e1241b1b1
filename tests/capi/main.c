/* The C API tests: programs written against wasm.h (and its WASI and wr bridge headers),
 * one per area of the API. */
#include <stdlib.h>
#include <string.h>

#include "capi.h"
#include "wr_wasm.h"

/* Set once by main before any test runs: the tier every engine uses. */
static wr_tier tier_under_test = WR_TIER_INTERP;

wasm_engine_t *capi_engine(wasm_config_t *config)
{
    if (!config)
        config = wasm_config_new();
    if (!config)
        return NULL;
    wr_wasm_config(config)->tier = tier_under_test;
    return wasm_engine_new_with_config(config);
}

bool load_bytes(const char *name, wasm_byte_vec_t *out)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.wasm", CAPI_WASM_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool ok = fseek(f, 0, SEEK_END) == 0;
    long size = ok ? ftell(f) : -1;
    ok = size >= 0 && fseek(f, 0, SEEK_SET) == 0;
    if (ok) {
        wasm_byte_vec_new_uninitialized(out, (size_t)size);
        ok = out->size == (size_t)size && fread(out->data, 1, out->size, f) == out->size;
        if (!ok)
            wasm_byte_vec_delete(out);
    }
    fclose(f);
    return ok;
}

wasm_module_t *load_module(wasm_store_t *store, const char *name)
{
    wasm_byte_vec_t bytes;
    if (!load_bytes(name, &bytes))
        return NULL;
    wasm_module_t *module = wasm_module_new(store, &bytes);
    wasm_byte_vec_delete(&bytes);
    return module;
}

const char *trap_text(const wasm_trap_t *trap, char *buf, size_t size)
{
    wasm_message_t msg;
    wasm_trap_message(trap, &msg);
    snprintf(buf, size, "%.*s", (int)msg.size, msg.data);
    wasm_byte_vec_delete(&msg);
    return buf;
}

wasm_extern_t *find_export(const wasm_module_t *module, const wasm_extern_vec_t *exports,
                           const char *name)
{
    wasm_exporttype_vec_t types;
    wasm_module_exports(module, &types);
    wasm_extern_t *found = NULL;
    for (size_t i = 0; i < types.size && i < exports->size; i++) {
        const wasm_name_t *n = wasm_exporttype_name(types.data[i]);
        if (n->size == strlen(name) && memcmp(n->data, name, n->size) == 0)
            found = exports->data[i];
    }
    wasm_exporttype_vec_delete(&types);
    return found;
}

static const struct {
    const char *name;
    void (*run)(check_counts *t);
} tests[] = {
    {"hello", test_hello},         {"callback", test_callback}, {"multi", test_multi},
    {"start", test_start},         {"trap", test_trap},         {"global", test_global},
    {"table", test_table},         {"memory", test_memory},     {"reflect", test_reflect},
    {"finalize", test_finalize},   {"hostref", test_hostref},   {"serialize", test_serialize},
    {"threads", test_threads},     {"vectors", test_vectors},   {"wasi", test_wasi},
    {"bridge", test_bridge},       {"reenter", test_reenter},   {"trap_across", test_trap_across},
};

/* Runs every test, or the one named by the argument, on the interpreter, (--compile) on
 * the compiled tier or (--auto) with tier-up; a line per test says whether all its checks
 * held. */
int main(int argc, char **argv)
{
    check_counts t = {0};
    int arg = 1;
    if (arg < argc && strcmp(argv[arg], "--compile") == 0) {
        tier_under_test = WR_TIER_COMPILED;
        arg++;
    } else if (arg < argc && strcmp(argv[arg], "--auto") == 0) {
        tier_under_test = WR_TIER_AUTO;
        arg++;
    }
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (arg < argc && strcmp(argv[arg], tests[i].name) != 0)
            continue;
        unsigned begin = check_case_begin(&t);
        tests[i].run(&t);
        check_case_end(&t, begin, tests[i].name);
    }
    return check_report(&t);
}
