/*
 * The standard C API (include/wasm.h) on top of wr.h: the objects behind its handles.
 *
 * Every reference type of wasm.h (func, global, table, memory, instance, extern, foreign,
 * trap, module, ref; and tags, which are externs only) is a handle: one small allocation pointing at a shared object. Copying
 * a reference makes a new handle; deleting one frees only the handle. Objects count their
 * handles, so identity (wasm_xxx_same) and host info belong to the object.
 *
 * A store keeps a registry of the objects it has handed out for its runtime objects, keyed by
 * the wr pointer, so the same function seen twice is the same object. The registry holds a
 * reference to each entry until the store is deleted, which is also what keeps alive any
 * object passed into WebAssembly as an externref (there its wr value is the object pointer).
 *
 * Memory: wasm.h has no way to set an allocator, and its vectors and configs exist before any
 * engine, so everything here is allocated with wr_default_allocator (util/alloc.h); the
 * wr objects underneath use their engine's, which is the default too.
 */
#ifndef WR_CAPI_CAPI_H
#define WR_CAPI_CAPI_H

#include <stdatomic.h>

#include "wasm.h"
#include "wr.h"

typedef enum wr_capi_kind {
    WR_CAPI_FUNC,
    WR_CAPI_GLOBAL,
    WR_CAPI_TABLE,
    WR_CAPI_MEMORY,
    WR_CAPI_TAG, /* the last extern kind */
    WR_CAPI_INSTANCE,
    WR_CAPI_FOREIGN,
    WR_CAPI_TRAP,
    WR_CAPI_MODULE
} wr_capi_kind;

typedef struct wr_capi_frame_info {
    uint32_t func_index;
    size_t func_offset, module_offset;
    struct wr_capi_object *instance; /* held; NULL when the trap was made without a store */
} wr_capi_frame_info;

typedef struct wr_capi_trap {
    char *message; /* NUL-terminated */
    size_t message_len;
    bool is_exit;   /* the guest called proc_exit */
    int exit_code;
    wr_error *exception; /* an uncaught wasm exception (3.0): its error, owned; else NULL */
    size_t nframes;
    wr_capi_frame_info *frames;
} wr_capi_trap;

typedef struct wr_capi_object {
    atomic_size_t refs; /* modules are shared across threads */
    wr_capi_kind kind;
    bool registered;    /* the store's registry holds a reference */
    void *host_info;
    void (*finalizer)(void *);
    wasm_store_t *store; /* NULL for modules and traps, which outlive stores */
    union {
        struct {
            wr_func *func;
            struct wr_capi_object *instance; /* exporting instance when known, not held */
        } func;
        wr_global *global;
        wr_table *table;
        wr_memory *memory;
        wr_exntag *tag;
        struct {
            wr_instance *instance;
            /* Held: a module object lives as long as the instances made from it (NULL for
             * an instance first seen in a trap's frames, whose instantiation failed). */
            struct wr_capi_object *module_obj;
        } instance;
        wr_module *module;
        wr_capi_trap trap;
    } of;
} wr_capi_object;

/* The one layout of every handle type. */
struct wasm_ref_t {
    wr_capi_object *obj;
};

typedef struct wr_capi_slot {
    const void *key;
    wr_capi_object *obj;
} wr_capi_slot;

struct wasm_config_t {
    wr_config config;
};

struct wasm_engine_t {
    wr_engine *engine;
};

struct wasm_store_t {
    wr_store *store;
    wasm_engine_t *engine;
    size_t count, cap; /* registry: open addressing, cap a power of two */
    wr_capi_slot *slots;
};

/* ---------------------------------------------------------------- objects and handles */

static inline wr_capi_object *wr_capi_obj(const void *handle)
{
    return handle ? ((const struct wasm_ref_t *)handle)->obj : NULL;
}

wr_capi_object *wr_capi_object_new(wr_capi_kind kind, wasm_store_t *store);
void wr_capi_object_retain(wr_capi_object *obj);
void wr_capi_object_release(wr_capi_object *obj);
/* A new handle to obj (NULL when out of memory, or when obj is NULL). */
wasm_ref_t *wr_capi_handle(wr_capi_object *obj);
void wr_capi_handle_delete(wasm_ref_t *handle);

/* The store's object for a runtime object, made and registered on first use; NULL when out
 * of memory. */
wr_capi_object *wr_capi_store_object(wasm_store_t *store, wr_capi_kind kind, void *runtime_obj);
/* Keep obj alive until the store is deleted (an externref may point at it). */
bool wr_capi_store_pin(wasm_store_t *store, wr_capi_object *obj);

/* ---------------------------------------------------------------- types and values */

wr_valtype wr_capi_valtype_to_wr(wasm_valkind_t kind);
wasm_valkind_t wr_capi_valtype_from_wr(wr_valtype type);
/* The wr form of a wasm.h function type; free params (results share the array) with
 * wr_mem_free. */
bool wr_capi_functype_to_wr(const wasm_functype_t *type, wr_functype *out);
wasm_functype_t *wr_capi_functype_from_wr(const wr_functype *type);
wasm_externtype_t *wr_capi_externtype_from_wr(const wr_externtype *type);

/* A wasm.h value as a wr value of the given type; false when its kind differs, it is a
 * v128 or memory is short (a reference is pinned in the store). */
bool wr_capi_val_to_wr(wasm_store_t *store, const wasm_val_t *val, wr_valtype type, wr_val *out);
/* A wr value as an owned wasm.h value; false when it is a v128 or memory is short. */
bool wr_capi_val_from_wr(wasm_store_t *store, const wr_val *val, wasm_val_t *out);

/* ---------------------------------------------------------------- traps */

/* A trap from an error, which is consumed. Its frames' instances are store's objects (store
 * may be NULL when the error has no frames). */
wasm_trap_t *wr_capi_trap_from_error(wr_error *err, wasm_store_t *store);
/* The error a host function returns for a trap, which is consumed. */
wr_error *wr_capi_trap_to_error(wasm_trap_t *trap);

#endif
