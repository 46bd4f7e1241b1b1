/*
 * wasm.h - the standard WebAssembly C API (the interface wasmtime, WAMR and wasmer also
 * implement), provided by libwr on top of wr.h.
 *
 * Ownership: a parameter or result marked `own` passes ownership. An owned object is released
 * with its wasm_xxx_delete; an owned vector owns its elements too. Deleting a reference
 * (func, global, table, memory, instance, extern, foreign, trap, module, ref) releases only
 * that handle: the object behind it lives on while other handles or WebAssembly code hold it,
 * and runtime objects live until their store is deleted.
 *
 * Failure: constructors return NULL (out of memory, invalid input, another store's object);
 * calls and instantiation report errors as an owned wasm_trap_t. Threads: an engine may be
 * shared by threads; a store and everything made in it, modules included, are used by one
 * thread at a time (wr_wasm.h gives the wr_module behind a module for use elsewhere).
 * Objects belong to their store: another store's extern as an import makes wasm_instance_new
 * fail with the trap "import N belongs to another store".
 *
 * What libwr adds or leaves out:
 *   - WASM_V128 names the v128 value type in type reflection; v128 values cannot be passed
 *     through wasm_val_t, so calling a function with one in its signature fails with a trap.
 *   - WASM_EXNREF names exnref (3.0 exception handling) in type reflection; an exnref value
 *     crosses wasm_val_t only as null, and a call passing or returning a caught exception
 *     fails with a trap.
 *   - WebAssembly 3.0 beyond what this header can say (docs/wasm_h.md): limits are 32-bit,
 *     so those of a 64-bit memory or table (memory64) read clamped, and wasm_memory_new and
 *     wasm_table_new make 32-bit ones; typed references show as their family's kind (below).
 *     wr.h has the full types (wr_wasm_instance gives an instance's wr object).
 *   - Tags: a module's tag imports and exports are listed with WASM_EXTERN_TAG and a
 *     wasm_tagtype_t, and an instance's tag export is a wasm_extern_t of that kind, which
 *     can be another instance's import. This header has no tag object of its own and no way
 *     to make one: wr_wasm_tag_new (wr_wasm.h) makes one for the host.
 *   - wasm_module_serialize gives an empty vector and wasm_module_deserialize gives NULL:
 *     modules are kept in their binary form only.
 *   - Host info finalizers run when nothing holds the object any more: for a trap, a module
 *     or a foreign object never given to WebAssembly, when its last handle is deleted (a
 *     module is also held by its instances); for everything else, when its store is deleted.
 *   - Instantiation errors (missing or mistyped imports, traps in the start function) are
 *     reported through the trap out-parameter of wasm_instance_new.
 *   - Calling a function after its store was deleted is undefined, as everywhere in this API.
 */
#ifndef WASM_H
#define WASM_H

#include <assert.h> /* programs written for other implementations may rely on it */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Marks the functions libwr exports: it is built with hidden visibility, so only these (and
 * wr.h's WR_API ones) leave the shared library. */
#ifndef WASM_API_EXTERN
#if defined(_WIN32) && !defined(__MINGW32__) && !defined(LIBWASM_STATIC)
#define WASM_API_EXTERN __declspec(dllimport)
#elif defined(__GNUC__)
#define WASM_API_EXTERN __attribute__((visibility("default")))
#else
#define WASM_API_EXTERN
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- basic types */

typedef char byte_t;
typedef float float32_t;
typedef double float64_t;

/* Marks owning parameters and results; expands to nothing. */
#define own

#define WASM_DECLARE_OWN(name)                          \
    typedef struct wasm_##name##_t wasm_##name##_t;     \
    WASM_API_EXTERN void wasm_##name##_delete(own wasm_##name##_t *);

/* Vectors: `size` elements at `data`. ptr_or_none is `*` for vectors of owned pointers. */
#define WASM_DECLARE_VEC(name, ptr_or_none)                                                \
    typedef struct wasm_##name##_vec_t {                                                   \
        size_t size;                                                                       \
        wasm_##name##_t ptr_or_none *data;                                                 \
    } wasm_##name##_vec_t;                                                                 \
    WASM_API_EXTERN void wasm_##name##_vec_new_empty(own wasm_##name##_vec_t *out);        \
    WASM_API_EXTERN void wasm_##name##_vec_new_uninitialized(own wasm_##name##_vec_t *out, \
                                                             size_t);                      \
    WASM_API_EXTERN void wasm_##name##_vec_new(own wasm_##name##_vec_t *out, size_t,       \
                                               own wasm_##name##_t ptr_or_none const[]);   \
    WASM_API_EXTERN void wasm_##name##_vec_copy(own wasm_##name##_vec_t *out,              \
                                                const wasm_##name##_vec_t *);              \
    WASM_API_EXTERN void wasm_##name##_vec_delete(own wasm_##name##_vec_t *);

typedef byte_t wasm_byte_t;
WASM_DECLARE_VEC(byte, )

/* Names are byte vectors; they are not NUL-terminated unless made with _nt. */
typedef wasm_byte_vec_t wasm_name_t;

#define wasm_name wasm_byte_vec
#define wasm_name_new wasm_byte_vec_new
#define wasm_name_new_empty wasm_byte_vec_new_empty
#define wasm_name_new_uninitialized wasm_byte_vec_new_uninitialized
#define wasm_name_copy wasm_byte_vec_copy
#define wasm_name_delete wasm_byte_vec_delete

static inline void wasm_name_new_from_string(own wasm_name_t *out, const char *s)
{
    wasm_name_new(out, strlen(s), s);
}

static inline void wasm_name_new_from_string_nt(own wasm_name_t *out, const char *s)
{
    wasm_name_new(out, strlen(s) + 1, s);
}

/* ---------------------------------------------------------------- runtime environment */

WASM_DECLARE_OWN(config)
WASM_API_EXTERN own wasm_config_t *wasm_config_new(void);

WASM_DECLARE_OWN(engine)
WASM_API_EXTERN own wasm_engine_t *wasm_engine_new(void);
WASM_API_EXTERN own wasm_engine_t *wasm_engine_new_with_config(own wasm_config_t *);

WASM_DECLARE_OWN(store)
WASM_API_EXTERN own wasm_store_t *wasm_store_new(wasm_engine_t *);

/* ---------------------------------------------------------------- types */

typedef uint8_t wasm_mutability_t;
enum wasm_mutability_enum {
    WASM_CONST,
    WASM_VAR,
};

typedef struct wasm_limits_t {
    uint32_t min;
    uint32_t max;
} wasm_limits_t;

/* A max of this value means "no maximum". */
static const uint32_t wasm_limits_max_default = 0xffffffff;

#define WASM_DECLARE_TYPE(name)    \
    WASM_DECLARE_OWN(name)         \
    WASM_DECLARE_VEC(name, *)      \
    WASM_API_EXTERN own wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *);

WASM_DECLARE_TYPE(valtype)

typedef uint8_t wasm_valkind_t;
enum wasm_valkind_enum {
    WASM_I32,
    WASM_I64,
    WASM_F32,
    WASM_F64,
    WASM_V128, /* libwr: type reflection only */
    WASM_EXTERNREF = 128,
    WASM_FUNCREF,
    WASM_EXNREF, /* libwr: exnref and (ref exn), nullexnref; values only null */
};
/* The name older versions of the API used for externref. */
#define WASM_ANYREF WASM_EXTERNREF
/* libwr: the typed references of Wasm 3.0 have no kind of their own in this API: every
 * reference to functions ((ref $t), (ref null $t), (ref func), nullfuncref) shows as
 * WASM_FUNCREF and (ref extern), nullexternref as WASM_EXTERNREF, in function, global and
 * table types alike. Values passed in are checked against the full type (null where it is
 * non-null, a function of another type): a call then returns a trap, a set false. wr.h's
 * wr_functype keeps the full types. */

WASM_API_EXTERN own wasm_valtype_t *wasm_valtype_new(wasm_valkind_t);
WASM_API_EXTERN wasm_valkind_t wasm_valtype_kind(const wasm_valtype_t *);

static inline bool wasm_valkind_is_num(wasm_valkind_t k) { return k < WASM_EXTERNREF; }
static inline bool wasm_valkind_is_ref(wasm_valkind_t k) { return k >= WASM_EXTERNREF; }
static inline bool wasm_valtype_is_num(const wasm_valtype_t *t)
{
    return wasm_valkind_is_num(wasm_valtype_kind(t));
}
static inline bool wasm_valtype_is_ref(const wasm_valtype_t *t)
{
    return wasm_valkind_is_ref(wasm_valtype_kind(t));
}

WASM_DECLARE_TYPE(functype)
WASM_API_EXTERN own wasm_functype_t *wasm_functype_new(own wasm_valtype_vec_t *params,
                                                       own wasm_valtype_vec_t *results);
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_params(const wasm_functype_t *);
WASM_API_EXTERN const wasm_valtype_vec_t *wasm_functype_results(const wasm_functype_t *);

WASM_DECLARE_TYPE(globaltype)
WASM_API_EXTERN own wasm_globaltype_t *wasm_globaltype_new(own wasm_valtype_t *, wasm_mutability_t);
WASM_API_EXTERN const wasm_valtype_t *wasm_globaltype_content(const wasm_globaltype_t *);
WASM_API_EXTERN wasm_mutability_t wasm_globaltype_mutability(const wasm_globaltype_t *);

/* Table and memory types made here are 32-bit; a 64-bit one (memory64, table64) reads its
 * limits clamped to 32 bits. wr_wasm.h makes 64-bit types and gives their full limits. */
WASM_DECLARE_TYPE(tabletype)
WASM_API_EXTERN own wasm_tabletype_t *wasm_tabletype_new(own wasm_valtype_t *, const wasm_limits_t *);
WASM_API_EXTERN const wasm_valtype_t *wasm_tabletype_element(const wasm_tabletype_t *);
WASM_API_EXTERN const wasm_limits_t *wasm_tabletype_limits(const wasm_tabletype_t *);

WASM_DECLARE_TYPE(memorytype)
WASM_API_EXTERN own wasm_memorytype_t *wasm_memorytype_new(const wasm_limits_t *);
WASM_API_EXTERN const wasm_limits_t *wasm_memorytype_limits(const wasm_memorytype_t *);

/* Exception tags (3.0): a tag's type is the function type of the values its exceptions
 * carry, which has no results. */
WASM_DECLARE_TYPE(tagtype)
/* Takes the function type; NULL (the function type deleted) when it has results or memory
 * is short. */
WASM_API_EXTERN own wasm_tagtype_t *wasm_tagtype_new(own wasm_functype_t *);
WASM_API_EXTERN const wasm_functype_t *wasm_tagtype_functype(const wasm_tagtype_t *);

WASM_DECLARE_TYPE(externtype)

typedef uint8_t wasm_externkind_t;
enum wasm_externkind_enum {
    WASM_EXTERN_FUNC,
    WASM_EXTERN_GLOBAL,
    WASM_EXTERN_TABLE,
    WASM_EXTERN_MEMORY,
    WASM_EXTERN_TAG,
};

WASM_API_EXTERN wasm_externkind_t wasm_externtype_kind(const wasm_externtype_t *);

/* Views of one type object as another: no copy is made, ownership does not change, and a
 * view of the wrong kind is NULL. */
WASM_API_EXTERN wasm_externtype_t *wasm_functype_as_externtype(wasm_functype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_globaltype_as_externtype(wasm_globaltype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_tabletype_as_externtype(wasm_tabletype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_memorytype_as_externtype(wasm_memorytype_t *);
WASM_API_EXTERN wasm_externtype_t *wasm_tagtype_as_externtype(wasm_tagtype_t *);

WASM_API_EXTERN wasm_functype_t *wasm_externtype_as_functype(wasm_externtype_t *);
WASM_API_EXTERN wasm_globaltype_t *wasm_externtype_as_globaltype(wasm_externtype_t *);
WASM_API_EXTERN wasm_tabletype_t *wasm_externtype_as_tabletype(wasm_externtype_t *);
WASM_API_EXTERN wasm_memorytype_t *wasm_externtype_as_memorytype(wasm_externtype_t *);
WASM_API_EXTERN wasm_tagtype_t *wasm_externtype_as_tagtype(wasm_externtype_t *);

WASM_API_EXTERN const wasm_externtype_t *wasm_functype_as_externtype_const(const wasm_functype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_globaltype_as_externtype_const(const wasm_globaltype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_tabletype_as_externtype_const(const wasm_tabletype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_memorytype_as_externtype_const(const wasm_memorytype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_tagtype_as_externtype_const(const wasm_tagtype_t *);

WASM_API_EXTERN const wasm_functype_t *wasm_externtype_as_functype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_globaltype_t *wasm_externtype_as_globaltype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_tabletype_t *wasm_externtype_as_tabletype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_memorytype_t *wasm_externtype_as_memorytype_const(const wasm_externtype_t *);
WASM_API_EXTERN const wasm_tagtype_t *wasm_externtype_as_tagtype_const(const wasm_externtype_t *);

WASM_DECLARE_TYPE(importtype)
WASM_API_EXTERN own wasm_importtype_t *wasm_importtype_new(own wasm_name_t *module,
                                                           own wasm_name_t *name,
                                                           own wasm_externtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_importtype_module(const wasm_importtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_importtype_name(const wasm_importtype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_importtype_type(const wasm_importtype_t *);

WASM_DECLARE_TYPE(exporttype)
WASM_API_EXTERN own wasm_exporttype_t *wasm_exporttype_new(own wasm_name_t *,
                                                           own wasm_externtype_t *);
WASM_API_EXTERN const wasm_name_t *wasm_exporttype_name(const wasm_exporttype_t *);
WASM_API_EXTERN const wasm_externtype_t *wasm_exporttype_type(const wasm_exporttype_t *);

/* ---------------------------------------------------------------- values */

struct wasm_ref_t;

typedef struct wasm_val_t {
    wasm_valkind_t kind;
    union {
        int32_t i32;
        int64_t i64;
        float32_t f32;
        float64_t f64;
        struct wasm_ref_t *ref; /* owned when the value is */
    } of;
} wasm_val_t;

WASM_API_EXTERN void wasm_val_delete(own wasm_val_t *v);
WASM_API_EXTERN void wasm_val_copy(own wasm_val_t *out, const wasm_val_t *);

WASM_DECLARE_VEC(val, )

/* ---------------------------------------------------------------- references */

#define WASM_DECLARE_REF_BASE(name)                                                           \
    WASM_DECLARE_OWN(name)                                                                    \
    WASM_API_EXTERN own wasm_##name##_t *wasm_##name##_copy(const wasm_##name##_t *);         \
    WASM_API_EXTERN bool wasm_##name##_same(const wasm_##name##_t *, const wasm_##name##_t *); \
    WASM_API_EXTERN void *wasm_##name##_get_host_info(const wasm_##name##_t *);               \
    WASM_API_EXTERN void wasm_##name##_set_host_info(wasm_##name##_t *, void *);              \
    WASM_API_EXTERN void wasm_##name##_set_host_info_with_finalizer(wasm_##name##_t *, void *, \
                                                                    void (*)(void *));

#define WASM_DECLARE_REF(name)                                                                   \
    WASM_DECLARE_REF_BASE(name)                                                                  \
    WASM_API_EXTERN wasm_ref_t *wasm_##name##_as_ref(wasm_##name##_t *);                         \
    WASM_API_EXTERN wasm_##name##_t *wasm_ref_as_##name(wasm_ref_t *);                           \
    WASM_API_EXTERN const wasm_ref_t *wasm_##name##_as_ref_const(const wasm_##name##_t *);       \
    WASM_API_EXTERN const wasm_##name##_t *wasm_ref_as_##name##_const(const wasm_ref_t *);

#define WASM_DECLARE_SHARABLE_REF(name)                                                  \
    WASM_DECLARE_REF(name)                                                               \
    WASM_DECLARE_OWN(shared_##name)                                                      \
    WASM_API_EXTERN own wasm_shared_##name##_t *wasm_##name##_share(const wasm_##name##_t *); \
    WASM_API_EXTERN own wasm_##name##_t *wasm_##name##_obtain(wasm_store_t *,            \
                                                              const wasm_shared_##name##_t *);

WASM_DECLARE_REF_BASE(ref)

/* ---------------------------------------------------------------- frames and traps */

WASM_DECLARE_OWN(frame)
WASM_DECLARE_VEC(frame, *)
WASM_API_EXTERN own wasm_frame_t *wasm_frame_copy(const wasm_frame_t *);

/* The instance the frame's function belongs to, when known (not owned), else NULL. */
WASM_API_EXTERN struct wasm_instance_t *wasm_frame_instance(const wasm_frame_t *);
WASM_API_EXTERN uint32_t wasm_frame_func_index(const wasm_frame_t *);
/* Byte offset of the instruction from the start of the function's body. */
WASM_API_EXTERN size_t wasm_frame_func_offset(const wasm_frame_t *);
/* Byte offset of the instruction in the module's binary. */
WASM_API_EXTERN size_t wasm_frame_module_offset(const wasm_frame_t *);

typedef wasm_name_t wasm_message_t; /* NUL-terminated, the NUL counted in size */

WASM_DECLARE_REF(trap)

WASM_API_EXTERN own wasm_trap_t *wasm_trap_new(wasm_store_t *store, const wasm_message_t *);
WASM_API_EXTERN void wasm_trap_message(const wasm_trap_t *, own wasm_message_t *out);
/* The innermost frame, or NULL when the trap did not come from WebAssembly code. */
WASM_API_EXTERN own wasm_frame_t *wasm_trap_origin(const wasm_trap_t *);
/* Every frame, innermost first. */
WASM_API_EXTERN void wasm_trap_trace(const wasm_trap_t *, own wasm_frame_vec_t *out);

/* ---------------------------------------------------------------- foreign objects */

WASM_DECLARE_REF(foreign)
WASM_API_EXTERN own wasm_foreign_t *wasm_foreign_new(wasm_store_t *);

/* ---------------------------------------------------------------- modules */

WASM_DECLARE_SHARABLE_REF(module)

/* NULL when the binary does not decode or validate. */
WASM_API_EXTERN own wasm_module_t *wasm_module_new(wasm_store_t *, const wasm_byte_vec_t *binary);
WASM_API_EXTERN bool wasm_module_validate(wasm_store_t *, const wasm_byte_vec_t *binary);
WASM_API_EXTERN void wasm_module_imports(const wasm_module_t *, own wasm_importtype_vec_t *out);
WASM_API_EXTERN void wasm_module_exports(const wasm_module_t *, own wasm_exporttype_vec_t *out);
WASM_API_EXTERN void wasm_module_serialize(const wasm_module_t *, own wasm_byte_vec_t *out);
WASM_API_EXTERN own wasm_module_t *wasm_module_deserialize(wasm_store_t *, const wasm_byte_vec_t *);

/* ---------------------------------------------------------------- functions */

WASM_DECLARE_REF(func)

/* Host functions: read args, write every result (kind and value), return NULL or a trap. */
typedef own wasm_trap_t *(*wasm_func_callback_t)(const wasm_val_vec_t *args,
                                                 own wasm_val_vec_t *results);
typedef own wasm_trap_t *(*wasm_func_callback_with_env_t)(void *env, const wasm_val_vec_t *args,
                                                          own wasm_val_vec_t *results);

WASM_API_EXTERN own wasm_func_t *wasm_func_new(wasm_store_t *, const wasm_functype_t *,
                                               wasm_func_callback_t);
/* The finalizer (may be NULL) is called with env when the store is deleted. */
WASM_API_EXTERN own wasm_func_t *wasm_func_new_with_env(wasm_store_t *,
                                                        const wasm_functype_t *type,
                                                        wasm_func_callback_with_env_t,
                                                        void *env, void (*finalizer)(void *));

WASM_API_EXTERN own wasm_functype_t *wasm_func_type(const wasm_func_t *);
WASM_API_EXTERN size_t wasm_func_param_arity(const wasm_func_t *);
WASM_API_EXTERN size_t wasm_func_result_arity(const wasm_func_t *);

/* args must match the parameters; results must have room for every result and receives
 * them (references in it are owned by the caller). Returns NULL or the trap. */
WASM_API_EXTERN own wasm_trap_t *wasm_func_call(const wasm_func_t *, const wasm_val_vec_t *args,
                                                wasm_val_vec_t *results);

/* ---------------------------------------------------------------- globals */

WASM_DECLARE_REF(global)

WASM_API_EXTERN own wasm_global_t *wasm_global_new(wasm_store_t *, const wasm_globaltype_t *,
                                                   const wasm_val_t *);
WASM_API_EXTERN own wasm_globaltype_t *wasm_global_type(const wasm_global_t *);
WASM_API_EXTERN void wasm_global_get(const wasm_global_t *, own wasm_val_t *out);
/* Ignored for an immutable global or a value of the wrong type. */
WASM_API_EXTERN void wasm_global_set(wasm_global_t *, const wasm_val_t *);

/* ---------------------------------------------------------------- tables */

WASM_DECLARE_REF(table)

typedef uint32_t wasm_table_size_t;

WASM_API_EXTERN own wasm_table_t *wasm_table_new(wasm_store_t *, const wasm_tabletype_t *,
                                                 wasm_ref_t *init);
WASM_API_EXTERN own wasm_tabletype_t *wasm_table_type(const wasm_table_t *);
/* NULL for a null element or an index out of bounds. */
WASM_API_EXTERN own wasm_ref_t *wasm_table_get(const wasm_table_t *, wasm_table_size_t index);
WASM_API_EXTERN bool wasm_table_set(wasm_table_t *, wasm_table_size_t index, wasm_ref_t *);
/* Sizes fit 32 bits for 64-bit tables too (the engine's max_table_elems caps them); a grow
 * past the maximum or that cap returns false, the table unchanged. */
WASM_API_EXTERN wasm_table_size_t wasm_table_size(const wasm_table_t *);
WASM_API_EXTERN bool wasm_table_grow(wasm_table_t *, wasm_table_size_t delta, wasm_ref_t *init);

/* ---------------------------------------------------------------- memories */

WASM_DECLARE_REF(memory)

typedef uint32_t wasm_memory_pages_t;

static const size_t MEMORY_PAGE_SIZE = 0x10000;

WASM_API_EXTERN own wasm_memory_t *wasm_memory_new(wasm_store_t *, const wasm_memorytype_t *);
WASM_API_EXTERN own wasm_memorytype_t *wasm_memory_type(const wasm_memory_t *);
/* The bytes move when the memory grows. */
WASM_API_EXTERN byte_t *wasm_memory_data(wasm_memory_t *);
WASM_API_EXTERN size_t wasm_memory_data_size(const wasm_memory_t *);
/* Page counts fit 32 bits for 64-bit memories too (the engine's max_memory_pages caps
 * them); a grow past the maximum or that cap returns false, the memory unchanged. */
WASM_API_EXTERN wasm_memory_pages_t wasm_memory_size(const wasm_memory_t *);
WASM_API_EXTERN bool wasm_memory_grow(wasm_memory_t *, wasm_memory_pages_t delta);

/* ---------------------------------------------------------------- externals */

WASM_DECLARE_REF(extern)
WASM_DECLARE_VEC(extern, *)

WASM_API_EXTERN wasm_externkind_t wasm_extern_kind(const wasm_extern_t *);
WASM_API_EXTERN own wasm_externtype_t *wasm_extern_type(const wasm_extern_t *);

/* Views, as for the types: no copy, and NULL for the wrong kind. */
WASM_API_EXTERN wasm_extern_t *wasm_func_as_extern(wasm_func_t *);
WASM_API_EXTERN wasm_extern_t *wasm_global_as_extern(wasm_global_t *);
WASM_API_EXTERN wasm_extern_t *wasm_table_as_extern(wasm_table_t *);
WASM_API_EXTERN wasm_extern_t *wasm_memory_as_extern(wasm_memory_t *);

WASM_API_EXTERN wasm_func_t *wasm_extern_as_func(wasm_extern_t *);
WASM_API_EXTERN wasm_global_t *wasm_extern_as_global(wasm_extern_t *);
WASM_API_EXTERN wasm_table_t *wasm_extern_as_table(wasm_extern_t *);
WASM_API_EXTERN wasm_memory_t *wasm_extern_as_memory(wasm_extern_t *);

WASM_API_EXTERN const wasm_extern_t *wasm_func_as_extern_const(const wasm_func_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_global_as_extern_const(const wasm_global_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_table_as_extern_const(const wasm_table_t *);
WASM_API_EXTERN const wasm_extern_t *wasm_memory_as_extern_const(const wasm_memory_t *);

WASM_API_EXTERN const wasm_func_t *wasm_extern_as_func_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_global_t *wasm_extern_as_global_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_table_t *wasm_extern_as_table_const(const wasm_extern_t *);
WASM_API_EXTERN const wasm_memory_t *wasm_extern_as_memory_const(const wasm_extern_t *);

/* ---------------------------------------------------------------- instances */

WASM_DECLARE_REF(instance)

/* imports in the module's import order. On failure returns NULL and, when trap is not NULL,
 * stores a trap describing why (a trap in the start function, or a link error). */
WASM_API_EXTERN own wasm_instance_t *wasm_instance_new(wasm_store_t *, const wasm_module_t *,
                                                       const wasm_extern_vec_t *imports,
                                                       own wasm_trap_t **trap);
/* In the module's export order. */
WASM_API_EXTERN void wasm_instance_exports(const wasm_instance_t *, own wasm_extern_vec_t *out);

/* ---------------------------------------------------------------- conveniences */

#define WASM_EMPTY_VEC {0, NULL}
#define WASM_ARRAY_VEC(array) {sizeof(array) / sizeof(*(array)), array}

static inline own wasm_valtype_t *wasm_valtype_new_i32(void) { return wasm_valtype_new(WASM_I32); }
static inline own wasm_valtype_t *wasm_valtype_new_i64(void) { return wasm_valtype_new(WASM_I64); }
static inline own wasm_valtype_t *wasm_valtype_new_f32(void) { return wasm_valtype_new(WASM_F32); }
static inline own wasm_valtype_t *wasm_valtype_new_f64(void) { return wasm_valtype_new(WASM_F64); }
static inline own wasm_valtype_t *wasm_valtype_new_externref(void)
{
    return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t *wasm_valtype_new_anyref(void)
{
    return wasm_valtype_new(WASM_EXTERNREF);
}
static inline own wasm_valtype_t *wasm_valtype_new_funcref(void)
{
    return wasm_valtype_new(WASM_FUNCREF);
}

/* A function type from up to three parameters and two results, all owned. */
static inline own wasm_functype_t *wr_wasm_functype_new_arrays(
    size_t nparams, own wasm_valtype_t *const *params, size_t nresults,
    own wasm_valtype_t *const *results)
{
    wasm_valtype_vec_t ps, rs;
    wasm_valtype_vec_new(&ps, nparams, params);
    wasm_valtype_vec_new(&rs, nresults, results);
    return wasm_functype_new(&ps, &rs);
}

static inline own wasm_functype_t *wasm_functype_new_0_0(void)
{
    return wr_wasm_functype_new_arrays(0, NULL, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_1_0(own wasm_valtype_t *p)
{
    wasm_valtype_t *ps[1] = {p};
    return wr_wasm_functype_new_arrays(1, ps, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_2_0(own wasm_valtype_t *p1,
                                                         own wasm_valtype_t *p2)
{
    wasm_valtype_t *ps[2] = {p1, p2};
    return wr_wasm_functype_new_arrays(2, ps, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_3_0(own wasm_valtype_t *p1,
                                                         own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *p3)
{
    wasm_valtype_t *ps[3] = {p1, p2, p3};
    return wr_wasm_functype_new_arrays(3, ps, 0, NULL);
}
static inline own wasm_functype_t *wasm_functype_new_0_1(own wasm_valtype_t *r)
{
    wasm_valtype_t *rs[1] = {r};
    return wr_wasm_functype_new_arrays(0, NULL, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_1_1(own wasm_valtype_t *p,
                                                         own wasm_valtype_t *r)
{
    wasm_valtype_t *ps[1] = {p}, *rs[1] = {r};
    return wr_wasm_functype_new_arrays(1, ps, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_2_1(own wasm_valtype_t *p1,
                                                         own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *r)
{
    wasm_valtype_t *ps[2] = {p1, p2}, *rs[1] = {r};
    return wr_wasm_functype_new_arrays(2, ps, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_3_1(own wasm_valtype_t *p1,
                                                         own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *p3,
                                                         own wasm_valtype_t *r)
{
    wasm_valtype_t *ps[3] = {p1, p2, p3}, *rs[1] = {r};
    return wr_wasm_functype_new_arrays(3, ps, 1, rs);
}
static inline own wasm_functype_t *wasm_functype_new_0_2(own wasm_valtype_t *r1,
                                                         own wasm_valtype_t *r2)
{
    wasm_valtype_t *rs[2] = {r1, r2};
    return wr_wasm_functype_new_arrays(0, NULL, 2, rs);
}
static inline own wasm_functype_t *wasm_functype_new_1_2(own wasm_valtype_t *p,
                                                         own wasm_valtype_t *r1,
                                                         own wasm_valtype_t *r2)
{
    wasm_valtype_t *ps[1] = {p}, *rs[2] = {r1, r2};
    return wr_wasm_functype_new_arrays(1, ps, 2, rs);
}
static inline own wasm_functype_t *wasm_functype_new_2_2(own wasm_valtype_t *p1,
                                                         own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *r1,
                                                         own wasm_valtype_t *r2)
{
    wasm_valtype_t *ps[2] = {p1, p2}, *rs[2] = {r1, r2};
    return wr_wasm_functype_new_arrays(2, ps, 2, rs);
}
static inline own wasm_functype_t *wasm_functype_new_3_2(own wasm_valtype_t *p1,
                                                         own wasm_valtype_t *p2,
                                                         own wasm_valtype_t *p3,
                                                         own wasm_valtype_t *r1,
                                                         own wasm_valtype_t *r2)
{
    wasm_valtype_t *ps[3] = {p1, p2, p3}, *rs[2] = {r1, r2};
    return wr_wasm_functype_new_arrays(3, ps, 2, rs);
}

/* A host pointer carried as an integer of the pointer's width. */
static inline void wasm_val_init_ptr(own wasm_val_t *out, void *p)
{
#if UINTPTR_MAX == UINT32_MAX
    out->kind = WASM_I32;
    out->of.i32 = (int32_t)(intptr_t)p;
#else
    out->kind = WASM_I64;
    out->of.i64 = (int64_t)(intptr_t)p;
#endif
}

static inline void *wasm_val_ptr(const wasm_val_t *val)
{
#if UINTPTR_MAX == UINT32_MAX
    return (void *)(intptr_t)val->of.i32;
#else
    return (void *)(intptr_t)val->of.i64;
#endif
}

#define WASM_I32_VAL(i) {.kind = WASM_I32, .of = {.i32 = i}}
#define WASM_I64_VAL(i) {.kind = WASM_I64, .of = {.i64 = i}}
#define WASM_F32_VAL(z) {.kind = WASM_F32, .of = {.f32 = z}}
#define WASM_F64_VAL(z) {.kind = WASM_F64, .of = {.f64 = z}}
#define WASM_REF_VAL(r) {.kind = WASM_EXTERNREF, .of = {.ref = r}}
#define WASM_INIT_VAL {.kind = WASM_EXTERNREF, .of = {.ref = NULL}}

#undef own

#ifdef __cplusplus
}
#endif
#endif
