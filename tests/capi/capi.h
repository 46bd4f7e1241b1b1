/* Shared helpers of the C API tests. */
#ifndef WR_TESTS_CAPI_CHECK_H
#define WR_TESTS_CAPI_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "wasm.h"

/* Report a failed expectation and leave the test (what it allocated is its own to leak). */
#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            return false;                                                            \
        }                                                                            \
    } while (0)

/* Compile tests/capi/wasm/<name>.wasm in store, or NULL. */
wasm_module_t *load_module(wasm_store_t *store, const char *name);
/* Read tests/capi/wasm/<name>.wasm into out; false when it cannot. */
bool load_bytes(const char *name, wasm_byte_vec_t *out);
/* The trap's message as a C string in buf. */
const char *trap_text(const wasm_trap_t *trap, char *buf, size_t size);
/* The export called name, or NULL. */
wasm_extern_t *find_export(const wasm_module_t *module, const wasm_extern_vec_t *exports,
                           const char *name);

bool test_hello(void);
bool test_callback(void);
bool test_reenter(void);
bool test_multi(void);
bool test_start(void);
bool test_trap(void);
bool test_trap_across(void);
bool test_global(void);
bool test_table(void);
bool test_memory(void);
bool test_reflect(void);
bool test_finalize(void);
bool test_hostref(void);
bool test_serialize(void);
bool test_threads(void);
bool test_vectors(void);
bool test_wasi(void);
bool test_bridge(void);

#endif
