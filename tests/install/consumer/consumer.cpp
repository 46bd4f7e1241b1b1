// The consumer as C++, with the headers spelled <wr.h> (the include path has both spellings):
// the public headers must compile as C++ and link without name mangling.
#include <cstdio>
#include <cstring>

#include <wasm.h>
#include <wr.h>
#include <wr_reactor.h>
#include <wr_wasi.h>
#include <wr_wasm.h>
#include <wr_wasm_wasi.h>

// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
static const uint8_t add_module[] = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f,
    0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64,
    0x00, 0x00, 0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
};

int main()
{
    if (std::strcmp(wr_version(), WR_VERSION_STRING) != 0)
        return 1;
    // Through wasm.h this time.
    wasm_engine_t *engine = wasm_engine_new();
    wasm_store_t *store = wasm_store_new(engine);
    wasm_byte_vec_t bytes;
    wasm_byte_vec_new(&bytes, sizeof add_module, reinterpret_cast<const char *>(add_module));
    wasm_module_t *module = wasm_module_new(store, &bytes);
    wasm_byte_vec_delete(&bytes);
    if (!module)
        return 1;
    wasm_extern_vec_t imports = {0, nullptr};
    wasm_instance_t *instance = wasm_instance_new(store, module, &imports, nullptr);
    if (!instance)
        return 1;
    wasm_extern_vec_t exports;
    wasm_instance_exports(instance, &exports);
    // No WASM_I32_VAL: its designated initializers are C (and C++20) only.
    wasm_val_t args[2], results[1];
    args[0].kind = args[1].kind = WASM_I32;
    args[0].of.i32 = 40;
    args[1].of.i32 = 2;
    wasm_val_vec_t args_vec = {2, args}, results_vec = {1, results};
    wasm_func_t *add = wasm_extern_as_func(exports.data[0]);
    wasm_trap_t *trap = wasm_func_call(add, &args_vec, &results_vec);
    int32_t sum = trap ? -1 : results[0].of.i32;
    std::printf("add(40, 2) = %d\n", sum);
    if (trap)
        wasm_trap_delete(trap);
    wasm_extern_vec_delete(&exports);
    wasm_instance_delete(instance);
    wasm_module_delete(module);
    wasm_store_delete(store);
    wasm_engine_delete(engine);
    return sum == 42 ? 0 : 1;
}
