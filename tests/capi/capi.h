/* Shared helpers of the C API tests. The tests check with REQUIRE (tests/common/check.h):
 * a failed step leaves the test, and what it allocated is its own to leak. */
#ifndef WR_TESTS_CAPI_CAPI_H
#define WR_TESTS_CAPI_CAPI_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "wasm.h"

/* An engine of the tier under test (capi_tests --compile: the compiled tier) made with
 * config (consumed; NULL: a default one), or NULL. */
wasm_engine_t *capi_engine(wasm_config_t *config);
/* Compile tests/capi/wasm/<name>.wasm in store, or NULL. */
wasm_module_t *load_module(wasm_store_t *store, const char *name);
/* Read tests/capi/wasm/<name>.wasm into out; false when it cannot. */
bool load_bytes(const char *name, wasm_byte_vec_t *out);
/* The trap's message as a C string in buf. */
const char *trap_text(const wasm_trap_t *trap, char *buf, size_t size);
/* The export called name, or NULL. */
wasm_extern_t *find_export(const wasm_module_t *module, const wasm_extern_vec_t *exports,
                           const char *name);

void test_hello(check_counts *t);
void test_callback(check_counts *t);
void test_reenter(check_counts *t);
void test_multi(check_counts *t);
void test_start(check_counts *t);
void test_trap(check_counts *t);
void test_trap_across(check_counts *t);
void test_global(check_counts *t);
void test_table(check_counts *t);
void test_memory(check_counts *t);
void test_reflect(check_counts *t);
void test_finalize(check_counts *t);
void test_hostref(check_counts *t);
void test_serialize(check_counts *t);
void test_threads(check_counts *t);
void test_vectors(check_counts *t);
void test_wasi(check_counts *t);
void test_bridge(check_counts *t);

#endif
