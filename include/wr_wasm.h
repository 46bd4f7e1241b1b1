/*
 * wr_wasm.h - the wr objects behind wasm.h's, for programs that use the standard C API and
 * want wr's own features as well (resource limits, fuel, interrupts, the reactor of
 * wr_reactor.h). Each returns the object the wasm.h one wraps, owned by it: valid while the
 * wasm.h object is, and never to be freed through wr.h.
 */
#ifndef WR_WASM_H
#define WR_WASM_H

#include "wasm.h"
#include "wr.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The settings wasm_engine_new_with_config will use; change them before that call. */
WR_API wr_config *wr_wasm_config(wasm_config_t *config);
WR_API wr_engine *wr_wasm_engine(const wasm_engine_t *engine);
/* For wr_store_interrupt (which any thread may call) and wr_store_set_data. */
WR_API wr_store *wr_wasm_store(const wasm_store_t *store);
/* Modules are reference-counted across threads: the reactor keeps its own reference. */
WR_API wr_module *wr_wasm_module(const wasm_module_t *module);
WR_API wr_instance *wr_wasm_instance(const wasm_instance_t *instance);
/* A new exception tag in store, distinct from every other, whose exceptions carry the
 * values of type's parameters: an extern of kind WASM_EXTERN_TAG, owned by the caller
 * (wasm_extern_delete), to import into instances of the store (wasm.h has tag types but no
 * way to make a tag). NULL when the store's max_store_tags is reached or memory is short. */
WR_API wasm_extern_t *wr_wasm_tag_new(wasm_store_t *store, const wasm_tagtype_t *type);
/* The tag behind an extern of kind WASM_EXTERN_TAG, NULL for any other kind; valid while its
 * store is. Compare it with the tag of an uncaught exception (wr_error_exception_tag of
 * wr_wasm_trap_exception's error) to tell which tag was thrown. */
WR_API wr_exntag *wr_wasm_extern_tag(const wasm_extern_t *e);
/* wasm.h has no exceptions, so a call that ends with an uncaught wasm exception (3.0
 * exception handling) returns a wasm_trap_t whose message starts with "uncaught
 * exception". For such a trap: the WR_ERR_EXCEPTION error with the exception's tag and
 * values (wr_error_exception_tag/_values), owned by the trap; NULL for a real trap. A host
 * callback returning that trap rethrows the exception into the wasm code that called it. */
WR_API const wr_error *wr_wasm_trap_exception(const wasm_trap_t *trap);

#ifdef __cplusplus
}
#endif
#endif
