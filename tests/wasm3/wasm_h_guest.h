/*
 * A guest of guests/ compiled through wasm.h, for the tests of wasm.h's 3.0 features.
 */
#ifndef WR_TEST_WASM_H_GUEST_H
#define WR_TEST_WASM_H_GUEST_H

#include "check.h"
#include "wr_wasm.h"

/* The guest dir/name compiled through wasm.h in a new engine on tier and a store, or NULL
 * (a failed check) when it cannot be read or compiled. The caller deletes the module, then
 * *store and *engine. */
wasm_module_t *wasm_h_guest(check_counts *t, const char *dir, const char *name, wr_tier tier,
                            wasm_engine_t **engine, wasm_store_t **store);

#endif
