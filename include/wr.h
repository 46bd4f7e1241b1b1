/*
 * wr.h - the public API of wasi-reactor (libwr).
 *
 * Objects and their lifetimes:
 *   wr_engine   configuration and limits; thread-safe, shared by everything built from it.
 *   wr_module   a decoded, validated and translated module; immutable, so any number of
 *               threads may instantiate it at once. Reference-counted: wr_module_free drops
 *               the caller's reference, instances keep their own.
 *   wr_store    owns every runtime object created in it (instances, functions, tables,
 *               memories, globals) and frees them all in wr_store_free. A store is used by
 *               one thread at a time; only wr_store_interrupt may be called from any thread.
 *   wr_linker   a name table (module, name) -> extern used to satisfy a module's imports.
 *
 * Errors: functions that can fail return a wr_error* (NULL on success). The caller owns
 * it and frees it with wr_error_free. A trap is an error of kind WR_ERR_TRAP.
 */
#ifndef WR_H
#define WR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- errors */

typedef enum wr_error_kind {
    WR_ERR_MALFORMED = 1, /* the bytes are not a well-formed binary module */
    WR_ERR_INVALID,       /* well-formed, but fails validation */
    WR_ERR_LINK,          /* an import is missing or has the wrong type */
    WR_ERR_TRAP,          /* execution trapped; see wr_error_trap_kind */
    WR_ERR_EXIT,          /* the guest called proc_exit; see wr_error_exit_code */
    WR_ERR_NOMEM,         /* a host allocation failed */
    WR_ERR_LIMIT,         /* a configured resource limit was exceeded */
    WR_ERR_IO,            /* reading a file failed */
    WR_ERR_ARG            /* the caller passed a bad argument (wrong arity, type, ...) */
} wr_error_kind;

typedef enum wr_trap_kind {
    WR_TRAP_NONE = 0,
    WR_TRAP_UNREACHABLE,            /* "unreachable" */
    WR_TRAP_MEMORY_OOB,             /* "out of bounds memory access" */
    WR_TRAP_TABLE_OOB,              /* "out of bounds table access" */
    WR_TRAP_DIV_ZERO,               /* "integer divide by zero" */
    WR_TRAP_INT_OVERFLOW,           /* "integer overflow" */
    WR_TRAP_INVALID_CONVERSION,     /* "invalid conversion to integer" */
    WR_TRAP_INDIRECT_TYPE_MISMATCH, /* "indirect call type mismatch" */
    WR_TRAP_UNINITIALIZED_ELEMENT,  /* "uninitialized element" */
    WR_TRAP_UNDEFINED_ELEMENT,      /* "undefined element" */
    WR_TRAP_STACK_EXHAUSTED,        /* "call stack exhausted" */
    WR_TRAP_INTERRUPTED,            /* "interrupted": wr_store_interrupt was called */
    WR_TRAP_OUT_OF_FUEL,            /* "all fuel consumed" */
    WR_TRAP_HOST                    /* raised by a host function */
} wr_trap_kind;

typedef struct wr_error wr_error;

/* One wasm frame of a trap's backtrace, innermost first. */
typedef struct wr_frame {
    uint32_t func_index;  /* index in the module's function space */
    const char *func_name;/* from the name section, else the function's first export name,
                           * else NULL (see wr_module_func_names) */
    uint32_t code_offset; /* byte offset of the instruction in the module file */
    struct wr_instance *instance; /* whose function the frame runs (a wr_instance); valid
                                   * while its store lives */
    /* The instruction's offset from the start of the function's code entry: the first byte
     * after the entry's size field, where the local declarations begin. This is what the
     * standard C API's wasm_frame_func_offset reports. */
    uint32_t func_offset;
} wr_frame;

wr_error_kind wr_error_kind_of(const wr_error *e);
/* The whole message: the kind ("malformed module", "invalid module", "link error", "trap",
 * "exit", "out of memory", "limit exceeded", "i/o error", "bad argument"), the section and
 * offset when known, then the reason; e.g.
 * "malformed module: section 'code' at offset 0x1a: unexpected end". Valid until the error
 * is freed, like every string and frame an error hands out. */
const char *wr_error_message(const wr_error *e);
/* The bare reason in the spec's wording, e.g. "unexpected end" or "integer divide by zero". */
const char *wr_error_reason(const wr_error *e);
/* For decode/validate errors: the byte offset in the module, or SIZE_MAX when unknown. */
size_t wr_error_offset(const wr_error *e);
/* For decode/validate errors: the section's name ("code", "type", ...), or NULL. */
const char *wr_error_section(const wr_error *e);
/* For WR_ERR_TRAP: which trap (WR_TRAP_HOST for wr_trap_new); WR_TRAP_NONE otherwise. */
wr_trap_kind wr_error_trap_kind(const wr_error *e);
/* For WR_ERR_EXIT: the guest's exit code; 0 otherwise. */
int wr_error_exit_code(const wr_error *e);
/* The backtrace of a trap, innermost frame first; *count is set to the number of frames (0,
 * and NULL returned, when none). A backtrace keeps at most the engine's max_backtrace_frames:
 * see wr_error_frames_left_out for the frames that were not kept. */
const wr_frame *wr_error_frames(const wr_error *e, size_t *count);
/* How many frames of a trap's backtrace were left out to respect max_backtrace_frames (the
 * innermost half of the bound and the outermost rest are kept), or 0. When position is not
 * NULL it is set to the index in wr_error_frames of the first frame after the gap (the count
 * of frames when nothing was left out). */
size_t wr_error_frames_left_out(const wr_error *e, size_t *position);
/* e may be NULL. An "out of memory" error is shared and needs no memory; freeing it is
 * harmless. */
void wr_error_free(wr_error *e);

/* Errors that host code (host functions, hooks) can raise. wr_trap_new makes a WR_ERR_TRAP
 * of kind WR_TRAP_HOST whose reason is the formatted text; wr_exit_new a WR_ERR_EXIT
 * carrying code, with the reason "exit code <code>". */
wr_error *wr_trap_new(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
wr_error *wr_exit_new(int code);

/* ---------------------------------------------------------------- types */

typedef enum wr_valtype {
    WR_I32 = 0x7F,
    WR_I64 = 0x7E,
    WR_F32 = 0x7D,
    WR_F64 = 0x7C,
    WR_V128 = 0x7B,
    WR_FUNCREF = 0x70,
    WR_EXTERNREF = 0x6F
} wr_valtype;

typedef struct wr_func wr_func;
typedef struct wr_table wr_table;
typedef struct wr_memory wr_memory;
typedef struct wr_global wr_global;
typedef struct wr_instance wr_instance;

/* A value. Floats are carried as their bit patterns so NaN payloads survive. */
typedef struct wr_val {
    wr_valtype type;
    union {
        int32_t i32;
        int64_t i64;
        uint32_t f32_bits;
        uint64_t f64_bits;
        uint8_t v128[16]; /* little-endian lane order */
        wr_func *funcref; /* NULL is ref.null func */
        void *externref;  /* NULL is ref.null extern */
    } of;
} wr_val;

/* Values of each numeric type; the float ones copy v's bits, and wr_val_as_f32/f64 read
 * them back, so NaN payloads pass through unchanged. */
wr_val wr_val_i32(int32_t v);
wr_val wr_val_i64(int64_t v);
wr_val wr_val_f32(float v);
wr_val wr_val_f64(double v);
float wr_val_as_f32(wr_val v);
double wr_val_as_f64(wr_val v);
/* "i32", "i64", "f32", "f64", "v128", "funcref", "externref"; "?" for anything else. Static. */
const char *wr_valtype_name(wr_valtype type);

typedef struct wr_functype {
    uint32_t nparams, nresults;
    const wr_valtype *params;
    const wr_valtype *results;
} wr_functype;

typedef struct wr_limits {
    uint32_t min, max; /* max means something only when has_max */
    bool has_max;
} wr_limits;

typedef struct wr_tabletype {
    wr_valtype elem; /* WR_FUNCREF or WR_EXTERNREF */
    wr_limits limits;
} wr_tabletype;

typedef struct wr_memtype {
    wr_limits limits; /* in 64 KiB pages */
} wr_memtype;

typedef struct wr_globaltype {
    wr_valtype type;
    bool is_mutable;
} wr_globaltype;

typedef enum wr_extern_kind {
    WR_EXTERN_FUNC = 0,
    WR_EXTERN_TABLE = 1,
    WR_EXTERN_MEMORY = 2,
    WR_EXTERN_GLOBAL = 3
} wr_extern_kind;

typedef struct wr_externtype {
    wr_extern_kind kind;
    union {
        wr_functype func;
        wr_tabletype table;
        wr_memtype memory;
        wr_globaltype global;
    } of;
} wr_externtype;

typedef struct wr_extern {
    wr_extern_kind kind;
    union {
        wr_func *func;
        wr_table *table;
        wr_memory *memory;
        wr_global *global;
    } of;
} wr_extern;

/* Names of imports and exports are UTF-8 and may hold NUL bytes, so they come with lengths. */
typedef struct wr_name {
    const char *data; /* also NUL-terminated for convenience */
    size_t len;
} wr_name;

/* ---------------------------------------------------------------- engine */

typedef struct wr_config {
    uint32_t max_memory_pages; /* cap on any memory, in 64 KiB pages (default 65536 = 4 GiB) */
    uint32_t max_table_elems;  /* cap on any table's size (default 10,000,000) */
    uint32_t max_call_depth;   /* wasm frames before "call stack exhausted" (default 10,000;
                                  at most WR_MAX_CALL_DEPTH, else a call fails with
                                  WR_ERR_LIMIT) */
    uint32_t max_backtrace_frames; /* frames a trap's backtrace keeps: the innermost half and
                                  the outermost rest, the others are only counted
                                  (wr_error_frames_left_out). Default 64; 0 = keep all. */
    size_t max_module_size;    /* largest module accepted, in bytes (default 1 GiB) */
    uint64_t fuel;             /* work units a call may use before trapping, one per call and
                                  per loop back-edge (a bulk memory or table operation counts
                                  once, whatever its length); 0 = unlimited. A deadline
                                  (wr_store_interrupt) is what bounds time. */
    bool bounds_checks;        /* check every memory access explicitly (default true); see
                                  below for false */
} wr_config;

/*
 * bounds_checks = false selects guard regions, on 64-bit POSIX hosts only (elsewhere
 * wr_engine_new sets it back to true): each memory reserves 8 GiB of address space, which
 * covers every address an access can form, and accesses are not checked; one beyond the
 * accessible pages faults and becomes the "out of bounds memory access" trap (with no
 * backtrace frames). Process-wide effect: the first such engine installs a SIGSEGV and
 * SIGBUS handler (once per process; never removed). It handles only faults inside the
 * reservation of a memory in use by wasm code running on the faulting thread, and passes
 * every other fault to the handler installed before it (or the default action), so an
 * embedder's own handlers must be installed before the engine is created, or chain
 * likewise. A memory created by a store of a checking engine cannot be used by modules of
 * a guard-region engine (instantiation fails with WR_ERR_LINK). On the bench kernels the
 * two modes run at the same speed (docs/interpreter.md), hence the default.
 */

/* The largest max_call_depth: each level reserves a 32-byte call record up front. */
#define WR_MAX_CALL_DEPTH 10000000u

typedef struct wr_engine wr_engine;

void wr_config_default(wr_config *cfg);
/* cfg may be NULL for the defaults. Returns NULL only when out of memory. */
wr_engine *wr_engine_new(const wr_config *cfg);
const wr_config *wr_engine_config(const wr_engine *engine);
void wr_engine_free(wr_engine *engine);

/* ---------------------------------------------------------------- modules */

typedef struct wr_module wr_module;

/* Decode, validate and translate a binary module. The bytes are copied. *out is NULL on
 * failure. Errors: WR_ERR_ARG (no engine, or NULL bytes with len > 0), WR_ERR_LIMIT (len
 * over the engine's max_module_size), WR_ERR_MALFORMED, WR_ERR_INVALID, WR_ERR_NOMEM. */
wr_error *wr_module_new(wr_engine *engine, const uint8_t *bytes, size_t len, wr_module **out);
/* The same as wr_module_new, reading the file at path (pipes and other unsized files too).
 * WR_ERR_IO when it cannot be read ("path: reason"). WR_ERR_LIMIT for a regular file over
 * max_module_size, from its size before it is read, and for a stream as soon as more than
 * max_module_size bytes have been read, so an endless one ends there. A file whose first
 * bytes are no module header fails with WR_ERR_MALFORMED before the rest is read. */
wr_error *wr_module_load(wr_engine *engine, const char *path, wr_module **out);
/* Decode and validate only; nothing is kept. The same errors as wr_module_new. */
wr_error *wr_module_validate(wr_engine *engine, const uint8_t *bytes, size_t len);
/* Take another reference (for another owner); returns module. Safe from any thread. */
wr_module *wr_module_ref(wr_module *module);
/* Drop one reference; the last one frees the module. module may be NULL. */
void wr_module_free(wr_module *module);

/* Describing imports and exports, in the module's order; i must be below the count. Any
 * of the out pointers may be NULL. The names and the function types' value type arrays
 * belong to the module and stay valid while it does. */
size_t wr_module_import_count(const wr_module *module);
void wr_module_import(const wr_module *module, size_t i, wr_name *module_name, wr_name *name,
                      wr_externtype *type);
size_t wr_module_export_count(const wr_module *module);
void wr_module_export(const wr_module *module, size_t i, wr_name *name, wr_externtype *type);
/* The module's name from the name section, or NULL. */
const char *wr_module_name(const wr_module *module);
/* Whether the module has a start function; if so its index in the function space goes to
 * *func_index (which may be NULL). */
bool wr_module_start(const wr_module *module, uint32_t *func_index);
/* Custom sections ("name", "producers", ...), in file order; i must be below the count. The
 * name and the content (size bytes at *content) belong to the module and stay valid while it
 * does; any out pointer may be NULL. */
size_t wr_module_custom_count(const wr_module *module);
void wr_module_custom(const wr_module *module, size_t i, wr_name *name, const uint8_t **content,
                      size_t *size);
/* Every name a function of the module's function space (imports first) is known by; fields
 * with no such name are NULL / {NULL, 0}. Owned by the module. */
typedef struct wr_func_names {
    const char *debug;      /* from the name section */
    wr_name export_name;    /* the first export of the function */
    wr_name import_module;  /* an imported function: where it comes from */
    wr_name import_name;
} wr_func_names;
/* Fill *out for func_index; false (and *out all empty) when the index is out of range. */
bool wr_module_func_names(const wr_module *module, uint32_t func_index, wr_func_names *out);
/* The engine the module was built with. */
wr_engine *wr_module_engine(const wr_module *module);

/* ---------------------------------------------------------------- stores */

typedef struct wr_store wr_store;

wr_store *wr_store_new(wr_engine *engine);
void wr_store_free(wr_store *store);
/* Ask the call running in this store to stop. Safe from any thread and from signal handlers;
 * the call traps with WR_TRAP_INTERRUPTED at its next loop back-edge or call. The request
 * stays set until wr_store_clear_interrupt. */
void wr_store_interrupt(wr_store *store);
void wr_store_clear_interrupt(wr_store *store);
/* Whether a stop was requested and not yet cleared; safe from any thread. Host functions that
 * block use it to end the call instead of returning to a guest that should stop. */
bool wr_store_interrupted(const wr_store *store);
/* Opaque user data for host functions. */
void wr_store_set_data(wr_store *store, void *data);
void *wr_store_data(const wr_store *store);

/* ---------------------------------------------------------------- functions */

/* What a host function sees of its caller. */
typedef struct wr_caller wr_caller;
wr_store *wr_caller_store(wr_caller *caller);
/* The calling instance (NULL when called directly from the host). */
wr_instance *wr_caller_instance(wr_caller *caller);
/* The calling instance's memory 0, or NULL. */
wr_memory *wr_caller_memory(wr_caller *caller);

/* A host function: read args, write results (their types are set already), return NULL,
 * or return an error (a trap, wr_exit_new, ...) to end the call with it. */
typedef wr_error *(*wr_host_fn)(wr_caller *caller, const wr_val *args, wr_val *results, void *env);

wr_func *wr_func_new_host(wr_store *store, const wr_functype *type, wr_host_fn fn, void *env,
                          void (*env_free)(void *env));
const wr_functype *wr_func_type(const wr_func *func);
/* A wasm function's index in the function space of the module of the instance that defines it
 * (wr_frame.func_index of its frames; see wr_module_func_names); false for a host function. */
bool wr_func_index(const wr_func *func, uint32_t *index);
/* Call any function. nargs/nresults must match its type; results get their types set. */
wr_error *wr_func_call(wr_store *store, wr_func *func, const wr_val *args, size_t nargs,
                       wr_val *results, size_t nresults);

/* ---------------------------------------------------------------- memories, tables, globals */

wr_memory *wr_memory_new(wr_store *store, const wr_memtype *type);
uint8_t *wr_memory_data(wr_memory *memory); /* moves when the memory grows */
size_t wr_memory_size(const wr_memory *memory); /* in bytes */
uint32_t wr_memory_pages(const wr_memory *memory);
/* Returns false (and leaves the memory unchanged) when the growth is not allowed. */
bool wr_memory_grow(wr_memory *memory, uint32_t delta_pages, uint32_t *old_pages);
wr_memtype wr_memory_type(const wr_memory *memory);

wr_table *wr_table_new(wr_store *store, const wr_tabletype *type, wr_val init);
uint32_t wr_table_size(const wr_table *table);
bool wr_table_get(const wr_table *table, uint32_t index, wr_val *out);
bool wr_table_set(wr_table *table, uint32_t index, wr_val value);
bool wr_table_grow(wr_table *table, uint32_t delta, wr_val init, uint32_t *old_size);
wr_tabletype wr_table_type(const wr_table *table);

wr_global *wr_global_new(wr_store *store, const wr_globaltype *type, wr_val value);
wr_val wr_global_get(const wr_global *global);
/* Fails on an immutable global or a value of the wrong type. */
bool wr_global_set(wr_global *global, wr_val value);
wr_globaltype wr_global_type(const wr_global *global);

/* ---------------------------------------------------------------- instances */

/* Instantiate with imports given in the module's import order. Runs the start function. */
wr_error *wr_instance_new(wr_store *store, wr_module *module, const wr_extern *imports,
                          size_t nimports, wr_instance **out);
/* Look up an export by name; returns false when there is none. */
bool wr_instance_export(wr_instance *instance, const char *name, size_t name_len, wr_extern *out);
/* Convenience: the exported function, or NULL. name is NUL-terminated. */
wr_func *wr_instance_func(wr_instance *instance, const char *name);
/* Memory 0 of the instance (defined or imported), or NULL. */
wr_memory *wr_instance_memory(wr_instance *instance);
wr_module *wr_instance_module(wr_instance *instance);

/* ---------------------------------------------------------------- linker */

typedef struct wr_linker wr_linker;

wr_linker *wr_linker_new(wr_engine *engine);
void wr_linker_free(wr_linker *linker);
/* Define (module, name) -> ext. A later definition of the same pair replaces the earlier. */
wr_error *wr_linker_define(wr_linker *linker, const char *module, size_t module_len,
                           const char *name, size_t name_len, wr_extern ext);
/* Define every export of instance under the module name. */
wr_error *wr_linker_define_instance(wr_linker *linker, const char *module, size_t module_len,
                                    wr_instance *instance);
/* The definition of (module, name): sets *out and returns true, or returns false when there
 * is none. */
bool wr_linker_get(wr_linker *linker, const char *module, size_t module_len, const char *name,
                   size_t name_len, wr_extern *out);
/* Resolve the module's imports ("unknown import" when one is missing) and instantiate. */
wr_error *wr_linker_instantiate(wr_linker *linker, wr_store *store, wr_module *module,
                                wr_instance **out);

#ifdef __cplusplus
}
#endif
#endif
