/* A program built only from what a consumer of libwr sees (an installed prefix through
 * pkg-config or find_package, or the source tree as a CMake subproject), with the headers
 * spelled <wr/...>: it calls one export and checks the library's version. */
#include <stdio.h>
#include <string.h>

#include <wr/wasm.h>
#include <wr/wr.h>
#include <wr/wr_reactor.h>
#include <wr/wr_wasi.h>
#include <wr/wr_wasm.h>
#include <wr/wr_wasm_wasi.h>

/* (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)) */
static const uint8_t add_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f,
    0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64,
    0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
};

int main(void)
{
    if (strcmp(wr_version(), WR_VERSION_STRING) != 0) {
        fprintf(stderr, "library %s, headers %s\n", wr_version(), WR_VERSION_STRING);
        return 1;
    }
    wr_engine *engine = wr_engine_new(NULL);
    wr_module *module = NULL;
    wr_error *err = wr_module_new(engine, add_module, sizeof add_module, &module);
    if (err) {
        fprintf(stderr, "%s\n", wr_error_message(err));
        return 1;
    }
    wr_store *store = wr_store_new(engine);
    wr_instance *instance = NULL;
    err = wr_instance_new(store, module, NULL, 0, &instance);
    wr_val args[2] = {wr_val_i32(40), wr_val_i32(2)}, result;
    if (!err)
        err = wr_func_call(store, wr_instance_func(instance, "add"), args, 2, &result, 1);
    if (err) {
        fprintf(stderr, "%s\n", wr_error_message(err));
        return 1;
    }
    printf("add(40, 2) = %d\n", result.of.i32);
    wr_store_free(store);
    wr_module_free(module);
    wr_engine_free(engine);
    return result.of.i32 == 42 ? 0 : 1;
}
