/* A WASI command run through wr_wasm_wasi.h. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "capi.h"
#include "wr_wasm_wasi.h"

static bool read_file(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(out, 1, size - 1, f);
    out[n] = '\0';
    fclose(f);
    return true;
}

/* Runs module's _start with WASI bound; the exit code it stops with in *exit_code. */
static void run_command(check_counts *t, wasm_store_t *store, wasm_module_t *module, wasi_instance_t *wasi,
                        int *exit_code)
{
    wasm_importtype_vec_t import_types;
    wasm_module_imports(module, &import_types);
    wasm_extern_vec_t imports;
    wasm_extern_vec_new_uninitialized(&imports, import_types.size);
    for (size_t i = 0; i < import_types.size; i++) {
        /* The vector does not own these: they belong to the WASI instance. */
        imports.data[i] = (wasm_extern_t *)wasi_instance_bind_import(wasi, import_types.data[i]);
        REQUIRE(t, imports.data[i]);
    }
    /* Asking twice gives the same function. */
    REQUIRE(t, wasi_instance_bind_import(wasi, import_types.data[0]) == imports.data[0]);
    wasm_importtype_vec_delete(&import_types);

    wasm_trap_t *trap = NULL;
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, &trap);
    free(imports.data);
    REQUIRE(t, instance && !trap);
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    const wasm_func_t *start = wasm_extern_as_func(find_export(module, &exports, "_start"));
    REQUIRE(t, start);
    trap = wasm_func_call(start, NULL, NULL);
    REQUIRE(t, trap);
    REQUIRE(t, wr_wasm_trap_exit_code(trap, exit_code));
    wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
}

void test_wasi(check_counts *t)
{
    char out_path[] = "/tmp/wr-capi-wasi-XXXXXX";
    int fd = mkstemp(out_path);
    REQUIRE(t, fd >= 0);
    close(fd);

    wasm_engine_t *engine = capi_engine(NULL);
    wasm_store_t *store = wasm_store_new(engine);
    wasm_module_t *module = load_module(store, "wasi_hello");
    REQUIRE(t, module);

    wasi_config_t *config = wasi_config_new();
    const char *argv[] = {"prog", "x", "y"};
    REQUIRE(t, wasi_config_set_argv(config, 3, argv));
    const char *names[] = {"A"}, *values[] = {"1"};
    REQUIRE(t, wasi_config_set_env(config, 1, names, values));
    REQUIRE(t, wasi_config_set_stdout_file(config, out_path));
    wasm_trap_t *trap = NULL;
    wasi_instance_t *wasi = wasi_instance_new(store, "wasi_snapshot_preview1", config, &trap);
    REQUIRE(t, wasi && !trap);

    int code = -1;
    run_command(t, store, module, wasi, &code);
    wasi_instance_delete(wasi);
    REQUIRE(t, code == 3);

    /* Imports WASI does not have, or has with another type, are not bound. */
    wasi = wasi_instance_new(store, "wasi_snapshot_preview1", wasi_config_new(), NULL);
    REQUIRE(t, wasi);
    wasm_name_t mod_name, field;
    wasm_name_new_from_string(&mod_name, "wasi_snapshot_preview1");
    wasm_name_new_from_string(&field, "no_such_call");
    wasm_importtype_t *missing = wasm_importtype_new(
        &mod_name, &field, wasm_functype_as_externtype(wasm_functype_new_0_0()));
    REQUIRE(t, wasi_instance_bind_import(wasi, missing) == NULL);
    wasm_importtype_delete(missing);
    wasm_name_new_from_string(&mod_name, "wasi_snapshot_preview1");
    wasm_name_new_from_string(&field, "proc_exit");
    wasm_importtype_t *wrong = wasm_importtype_new(
        &mod_name, &field, wasm_functype_as_externtype(wasm_functype_new_0_0()));
    REQUIRE(t, wasi_instance_bind_import(wasi, wrong) == NULL);
    wasm_importtype_delete(wrong);
    /* ... while the right type still binds. */
    wasm_name_new_from_string(&mod_name, "wasi_snapshot_preview1");
    wasm_name_new_from_string(&field, "proc_exit");
    wasm_importtype_t *right = wasm_importtype_new(
        &mod_name, &field,
        wasm_functype_as_externtype(wasm_functype_new_1_0(wasm_valtype_new_i32())));
    REQUIRE(t, wasi_instance_bind_import(wasi, right) != NULL);
    wasm_importtype_delete(right);
    wasi_instance_delete(wasi);

    /* Only preview1 is known. */
    trap = NULL;
    REQUIRE(t, wasi_instance_new(store, "wasi_unstable", wasi_config_new(), &trap) == NULL && trap);
    wasm_trap_delete(trap);

    /* A missing preopened directory fails. */
    config = wasi_config_new();
    REQUIRE(t, wasi_config_preopen_dir(config, "/nonexistent/wr-capi", "/data"));
    trap = NULL;
    REQUIRE(t, wasi_instance_new(store, "wasi_snapshot_preview1", config, &trap) == NULL && trap);
    wasm_trap_delete(trap);

    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);

    char text[256];
    bool read = read_file(out_path, text, sizeof text);
    unlink(out_path);
    REQUIRE(t, read);
    REQUIRE(t, strcmp(text, "argc=3\nhello from wasi\n") == 0);
}
