/*
 * wr_wasm.h - the wr objects behind wasm.h's, for programs that use the standard C API and
 * want wr's own features as well (resource limits, fuel, interrupts, the reactor of
 * wr_reactor.h). Each returns the object the wasm.h one wraps, owned by it: valid while the
 * wasm.h object is, and never to be freed through wr.h. Then what the standard header
 * cannot say: host tags, uncaught exceptions, 64-bit memories and tables (docs/wasm_h.md).
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

/* 64-bit memories and tables (3.0's memory64 and table64), which wasm.h's 32-bit limits
 * cannot describe. A memory or table type keeps its full limits and address type beside
 * the 32-bit view that wasm_memorytype_limits and wasm_tabletype_limits give: there a
 * minimum over 2^32-1 reads as 2^32-1 and a maximum over 2^32-2 as none
 * (wasm_limits_max_default). wasm_memorytype_new and wasm_tabletype_new make 32-bit types;
 * the types of imports, exports and externs (wasm_module_imports, wasm_extern_type, ...)
 * are the full ones. wasm_memory_new and wasm_table_new make a memory or table of the full
 * type, 64-bit from a 64-bit type, which links only to imports of the same address type
 * (wasm_instance_new fails with a trap naming the import otherwise).
 * wasm_memory_size, wasm_memory_grow, wasm_table_size, wasm_table_grow, wasm_table_get and
 * wasm_table_set keep their 32-bit counts for both kinds. Every size fits them: the engine's
 * max_memory_pages and max_table_elems (wr_config) are 32-bit and cap any memory or table,
 * and a grow past the type's maximum or those caps returns false, the memory or table
 * unchanged, never a wrapped size. Types are plain values: any thread, like wasm.h's. */

/* A new 64-bit memory type of min pages (64 KiB each) and, when has_max, at most max,
 * owned by the caller (wasm_memorytype_delete). NULL when has_max and min > max, when min
 * or max exceeds 2^48 pages (all of a 64-bit address space), or when memory is short. */
WR_API wasm_memorytype_t *wr_wasm_memorytype_new64(uint64_t min, bool has_max, uint64_t max);
/* A new 64-bit table type of elements of type element (which it takes, like
 * wasm_tabletype_new, and deletes on failure) and min elements, at most max when has_max;
 * owned by the caller (wasm_tabletype_delete). NULL when element is NULL, has_max and
 * min > max, or memory is short. */
WR_API wasm_tabletype_t *wr_wasm_tabletype_new64(wasm_valtype_t *element, uint64_t min,
                                                 bool has_max, uint64_t max);
/* Whether the type is 64-bit (addressed or indexed by i64). */
WR_API bool wr_wasm_memorytype_is64(const wasm_memorytype_t *type);
WR_API bool wr_wasm_tabletype_is64(const wasm_tabletype_t *type);
/* The full limits, unclamped (in pages for a memory, elements for a table): those given to
 * the _new64 functions, read from the module, or of a 32-bit type's wasm_limits_t (a
 * maximum of wasm_limits_max_default meaning none). */
WR_API wr_limits wr_wasm_memorytype_limits64(const wasm_memorytype_t *type);
WR_API wr_limits wr_wasm_tabletype_limits64(const wasm_tabletype_t *type);

#ifdef __cplusplus
}
#endif
#endif
