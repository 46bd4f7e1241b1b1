/*
 * wr.h - the public API of wasi-reactor (libwr).
 *
 * Objects and their lifetimes:
 *   wr_engine   configuration and limits; thread-safe, shared by everything built from it.
 *               It must outlive every module, store and linker made with it.
 *   wr_module   a decoded, validated and translated module; immutable, so any number of
 *               threads may instantiate it at once. Reference-counted: wr_module_free drops
 *               the caller's reference, instances keep their own.
 *   wr_store    owns every runtime object created in it (instances, functions, tables,
 *               memories, globals) and frees them all in wr_store_free. An object belongs to
 *               its store only: used in another store (as an import, a callee, a funcref
 *               value) it is refused with an error, never kept.
 *   wr_linker   a name table (module, name) -> extern used to satisfy a module's imports.
 *
 * Conventions, true of every function below unless its comment says otherwise:
 *   Errors     functions that can fail return a wr_error* (NULL on success) that the
 *              caller owns and frees with wr_error_free; the comment lists the kinds. A
 *              trap is an error of kind WR_ERR_TRAP. Functions returning a pointer return
 *              NULL on failure, those returning bool return false and change nothing.
 *   Arguments  pointers must be valid and non-NULL. A bad pointer, an object used after
 *              its store or engine was freed, or an index past a documented count is
 *              undefined behaviour; everything a module's bytes can cause is an error.
 *   Ownership  strings passed in are copied when the function returns; pointers handed
 *              out (names, types, frames, objects) belong to the object they came from and
 *              stay valid as long as it does. Only what a *_new or *_load creates is the
 *              caller's to free.
 *   Threads    wr_engine and wr_module functions (but wr_engine_free) may be called from
 *              any thread at once. A store and everything in it are used by one thread at a
 *              time (calls into it must not overlap); wr_store_interrupt and
 *              wr_store_interrupted may be called from any thread, and signal handlers.
 *              wr_error values belong to whoever got them and may move between threads.
 */
#ifndef WR_H
#define WR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The version of these headers. CMake reads it from here (the one place it is written):
 * the package version, wr.pc and the shared library's soname all follow it. Before 1.0 a
 * minor release may change the ABI, so the soname carries MAJOR.MINOR (libwr.so.0.1); from
 * 1.0 on, MAJOR alone. */
#define WR_VERSION_MAJOR 0
#define WR_VERSION_MINOR 1
#define WR_VERSION_PATCH 0
#define WR_VERSION_STRING "0.1.0"

/* Marks the functions libwr exports. The library is built with hidden visibility, so only
 * what carries WR_API is visible outside it. Define WR_API before including to override. */
#ifndef WR_API
#if defined(__GNUC__)
#define WR_API __attribute__((visibility("default")))
#else
#define WR_API
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- version */

/* The library's version as "MAJOR.MINOR.PATCH": the library actually linked, which may be
 * newer than the headers a program was compiled with (compare with WR_VERSION_STRING).
 * Never fails; the string is static. Any thread. */
WR_API const char *wr_version(void);

/* ---------------------------------------------------------------- errors */

typedef enum wr_error_kind {
    WR_ERR_MALFORMED = 1, /* the bytes are not a well-formed binary module */
    WR_ERR_INVALID,       /* well-formed, but fails validation */
    WR_ERR_LINK,          /* an import is missing, has the wrong type or another store's */
    WR_ERR_TRAP,          /* execution trapped; see wr_error_trap_kind */
    WR_ERR_EXIT,          /* the guest called proc_exit; see wr_error_exit_code */
    WR_ERR_NOMEM,         /* a host allocation failed */
    WR_ERR_LIMIT,         /* a configured resource limit was exceeded */
    WR_ERR_IO,            /* reading a file failed */
    WR_ERR_ARG,           /* the caller passed a bad argument (wrong arity, type, ...) */
    WR_ERR_EXCEPTION      /* a wasm exception (3.0 exception handling) left the call
                             uncaught; see wr_error_exception_tag. Not a trap. */
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
    WR_TRAP_HOST,                   /* raised by a host function */
    WR_TRAP_NULL_FUNC_REF,          /* "null function reference": call_ref of null */
    WR_TRAP_NULL_REF,               /* "null reference": ref.as_non_null of null */
    WR_TRAP_NULL_EXNREF             /* "null exception reference": throw_ref of a null */
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

/* What an error says; e must not be NULL. These never fail and may be called from any
 * thread while the error lives. */
WR_API wr_error_kind wr_error_kind_of(const wr_error *e);
/* The whole message: the kind ("malformed module", "invalid module", "link error", "trap",
 * "exit", "out of memory", "limit exceeded", "i/o error", "bad argument"), the section and
 * offset when known, then the reason; e.g.
 * "malformed module: section 'code' at offset 0x1a: unexpected end". Valid until the error
 * is freed, like every string and frame an error hands out. */
WR_API const char *wr_error_message(const wr_error *e);
/* The bare reason in the spec's wording, e.g. "unexpected end" or "integer divide by zero". */
WR_API const char *wr_error_reason(const wr_error *e);
/* For decode/validate errors: the byte offset in the module, or SIZE_MAX when unknown. */
WR_API size_t wr_error_offset(const wr_error *e);
/* For decode/validate errors: the section's name ("code", "type", ...), or NULL. */
WR_API const char *wr_error_section(const wr_error *e);
/* For WR_ERR_TRAP: which trap (WR_TRAP_HOST for wr_trap_new); WR_TRAP_NONE otherwise. */
WR_API wr_trap_kind wr_error_trap_kind(const wr_error *e);
/* For WR_ERR_EXIT: the guest's exit code; 0 otherwise. */
WR_API int wr_error_exit_code(const wr_error *e);
/* The backtrace of a trap, innermost frame first; *count is set to the number of frames (0,
 * and NULL returned, when none). A backtrace keeps at most the engine's max_backtrace_frames:
 * see wr_error_frames_left_out for the frames that were not kept. */
WR_API const wr_frame *wr_error_frames(const wr_error *e, size_t *count);
/* How many frames of a trap's backtrace were left out to respect max_backtrace_frames (the
 * innermost half of the bound and the outermost rest are kept), or 0. When position is not
 * NULL it is set to the index in wr_error_frames of the first frame after the gap (the count
 * of frames when nothing was left out). */
WR_API size_t wr_error_frames_left_out(const wr_error *e, size_t *position);
/* e may be NULL. An "out of memory" error is shared and needs no memory; freeing it is
 * harmless. Any thread. */
WR_API void wr_error_free(wr_error *e);

/* Errors that host code (host functions, hooks) can raise. wr_trap_new makes a WR_ERR_TRAP
 * of kind WR_TRAP_HOST whose reason is the formatted text; wr_exit_new a WR_ERR_EXIT
 * carrying code, with the reason "exit code <code>". Never NULL: out of memory, they return
 * the shared "out of memory" error. The caller owns the error; returning it from a host
 * function hands it to the runtime. Any thread. */
WR_API wr_error *wr_trap_new(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
WR_API wr_error *wr_exit_new(int code);

/* ---------------------------------------------------------------- types */

/* Value types. Numbers and the nullable abstract references are their one-byte binary
 * codes. The typed references of Wasm 3.0 (function references) extend the same number:
 *   (ref null func) = WR_FUNCREF, (ref null extern) = WR_EXTERNREF,
 *   (ref null nofunc) = WR_NULLFUNCREF, (ref null noextern) = WR_NULLEXTERNREF;
 *   (ref func), (ref extern), ... = the nullable code | WR_REF_NONNULL;
 *   (ref null $t) = wr_valtype_ref(t, true), (ref $t) = wr_valtype_ref(t, false), where t
 *   is a type index of the module whose import, export or function type shows it.
 * Read them with wr_valtype_is_ref, wr_valtype_nullable, wr_valtype_heap_index. Host
 * functions, host globals and tables made through the API take numbers and abstract
 * references only (a type index means nothing outside a module). */
typedef enum wr_valtype {
    WR_I32 = 0x7F,
    WR_I64 = 0x7E,
    WR_F32 = 0x7D,
    WR_F64 = 0x7C,
    WR_V128 = 0x7B,
    WR_FUNCREF = 0x70,
    WR_EXTERNREF = 0x6F,
    WR_NULLFUNCREF = 0x73,
    WR_NULLEXTERNREF = 0x72,
    WR_EXNREF = 0x69,       /* (ref null exn): a caught exception (3.0 exception handling) */
    WR_NULLEXNREF = 0x74    /* (ref null noexn): the bottom of exn, only ever null */
} wr_valtype;

/* The flags above the byte: non-null, and a heap type that is a type index (bits 10 up). */
#define WR_REF_NONNULL 0x100u
#define WR_REF_INDEXED 0x200u
#define WR_REF_INDEX_SHIFT 10
/* Type indices that fit the encoding (more than any module may declare). */
#define WR_REF_MAX_INDEX ((1u << 21) - 1)

/* (ref null $index) when nullable, else (ref $index); index <= WR_REF_MAX_INDEX. */
static inline wr_valtype wr_valtype_ref(uint32_t index, bool nullable)
{
    return (wr_valtype)(WR_REF_INDEXED | (index << WR_REF_INDEX_SHIFT) |
                        (nullable ? 0u : WR_REF_NONNULL));
}
/* Is t a reference type (abstract or typed)? */
static inline bool wr_valtype_is_ref(wr_valtype t)
{
    return (t & (WR_REF_NONNULL | WR_REF_INDEXED)) || t == WR_FUNCREF || t == WR_EXTERNREF ||
           t == WR_NULLFUNCREF || t == WR_NULLEXTERNREF || t == WR_EXNREF || t == WR_NULLEXNREF;
}
/* May a value of reference type t be null? */
static inline bool wr_valtype_nullable(wr_valtype t) { return !(t & WR_REF_NONNULL); }
/* The type a wr_val of type t carries: t itself for numbers; WR_FUNCREF for every
 * reference to functions (func, nofunc, a type index; null or not), WR_EXTERNREF for
 * extern and noextern, WR_EXNREF for exn and noexn. Calls check the rest (null, the
 * function's type) on the way in. */
static inline wr_valtype wr_valtype_val(wr_valtype t)
{
    uint32_t nullable = (uint32_t)t & ~WR_REF_NONNULL;
    if (nullable == WR_EXTERNREF || nullable == WR_NULLEXTERNREF)
        return WR_EXTERNREF;
    if (nullable == WR_EXNREF || nullable == WR_NULLEXNREF)
        return WR_EXNREF;
    if (nullable == WR_FUNCREF || nullable == WR_NULLFUNCREF || (t & WR_REF_INDEXED))
        return WR_FUNCREF;
    return t;
}
/* The type index of (ref null? $index), or UINT32_MAX when t has no type index. */
static inline uint32_t wr_valtype_heap_index(wr_valtype t)
{
    return (t & WR_REF_INDEXED) ? (uint32_t)t >> WR_REF_INDEX_SHIFT : UINT32_MAX;
}

typedef struct wr_func wr_func;
typedef struct wr_table wr_table;
typedef struct wr_memory wr_memory;
typedef struct wr_global wr_global;
typedef struct wr_instance wr_instance;
/* An exception tag (3.0 exception handling): what a throw names and a catch matches, by
 * identity. Tags belong to a store like functions. */
typedef struct wr_exntag wr_exntag;
/* An exception caught by catch_ref/catch_all_ref (an exnref value): opaque, owned by the
 * store it was thrown in. One that a call returns (or leaves in an exception's values) is
 * valid until the next call into that store returns, unless a global or table of the store
 * holds it (see max_store_exceptions): pass it back to wasm before then, or keep it there. */
typedef struct wr_exn wr_exn;

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
        wr_exn *exnref;   /* NULL is ref.null exn */
    } of;
} wr_val;

/* Values of each numeric type; the float ones copy v's bits, and wr_val_as_f32/f64 read
 * them back, so NaN payloads pass through unchanged. Pure functions: never fail, any
 * thread. */
WR_API wr_val wr_val_i32(int32_t v);
WR_API wr_val wr_val_i64(int64_t v);
WR_API wr_val wr_val_f32(float v);
WR_API wr_val wr_val_f64(double v);
WR_API float wr_val_as_f32(wr_val v);
WR_API double wr_val_as_f64(wr_val v);
/* "i32", "i64", "f32", "f64", "v128", "funcref", "externref", "exnref", "nullfuncref",
 * "nullexternref", "nullexnref", "(ref func)", "(ref extern)", "(ref exn)", "(ref nofunc)",
 * "(ref noextern)", "(ref noexn)"; for a typed reference "(ref null $t)" or "(ref $t)"
 * (wr_valtype_format names the index); "?" for anything else. Static; never fails; any
 * thread. */
WR_API const char *wr_valtype_name(wr_valtype type);
/* The full text name of type into buf (size bytes, NUL-terminated, cut short when it does
 * not fit), e.g. "(ref null 3)"; returns buf. Any thread. */
WR_API char *wr_valtype_format(wr_valtype type, char *buf, size_t size);

typedef struct wr_functype {
    uint32_t nparams, nresults;
    const wr_valtype *params;
    const wr_valtype *results;
} wr_functype;

/* 64-bit so that the limits of a 64-bit memory or table (Wasm 3.0's memory64) fit; those of
 * a 32-bit one stay below 2^32. */
typedef struct wr_limits {
    uint64_t min, max; /* max means something only when has_max */
    bool has_max;
} wr_limits;

typedef struct wr_tabletype {
    wr_valtype elem; /* WR_FUNCREF or WR_EXTERNREF */
    wr_limits limits;
    bool is64;       /* indexed by i64 (table64) instead of i32 */
} wr_tabletype;

typedef struct wr_memtype {
    wr_limits limits; /* in 64 KiB pages */
    bool is64;        /* addressed by i64 (memory64) instead of i32 */
} wr_memtype;

typedef struct wr_globaltype {
    wr_valtype type;
    bool is_mutable;
} wr_globaltype;

typedef enum wr_extern_kind {
    WR_EXTERN_FUNC = 0,
    WR_EXTERN_TABLE = 1,
    WR_EXTERN_MEMORY = 2,
    WR_EXTERN_GLOBAL = 3,
    WR_EXTERN_TAG = 4    /* an exception tag (3.0) */
} wr_extern_kind;

typedef struct wr_externtype {
    wr_extern_kind kind;
    union {
        wr_functype func;
        wr_tabletype table;
        wr_memtype memory;
        wr_globaltype global;
        wr_functype tag; /* the values a tag's exceptions carry: params, no results */
    } of;
} wr_externtype;

typedef struct wr_extern {
    wr_extern_kind kind;
    union {
        wr_func *func;
        wr_table *table;
        wr_memory *memory;
        wr_global *global;
        wr_exntag *tag;
    } of;
} wr_extern;

/* Names of imports and exports are UTF-8 and may hold NUL bytes, so they come with lengths. */
typedef struct wr_name {
    const char *data; /* also NUL-terminated for convenience */
    size_t len;
} wr_name;

/* ---------------------------------------------------------------- engine */

/* How modules run: the interpreter, or the compiled tier (docs/compiled.md): each module
 * is translated to C, built with the system C compiler into a shared object, cached on
 * disk and loaded. The compiled tier needs a C compiler at run time (gcc or clang).
 * WR_TIER_AUTO (tier-up): wr_module_new returns as on the interpreter, and the module's
 * object is built in the background, through the same cache, by one thread per engine
 * (modules in turn). Once it is ready, each instance switches to it at the next call from
 * the host into its store (wr_func_call with no call of the store running; never within a
 * guest call), its memories, tables, globals and functions staying the same objects, with
 * the same results. When the object cannot be had (no C compiler, a build that fails) the
 * module stays on the interpreter and calls never fail for it: wr_module_tier_error says
 * why. Freeing the module's last reference cancels its build (the compiler is killed) and
 * waits for it; wr_engine_free joins the thread. The memory mode is the compiled tier's. */
typedef enum wr_tier { WR_TIER_INTERP = 0, WR_TIER_COMPILED = 1, WR_TIER_AUTO = 2 } wr_tier;

/* Where libwr gets memory, Lua's lua_Alloc the model: one function that allocates, resizes
 * and frees. ud is wr_config.alloc_ud. It is called as
 *   ptr == NULL:        allocate new_size bytes (old_size is 0);
 *   new_size == 0:      free ptr (never NULL), which is old_size bytes; return NULL;
 *   otherwise:          resize ptr from old_size to new_size bytes, keeping the contents.
 * old_size is always the size the block was last given. Return NULL when the memory
 * cannot be had, leaving ptr as it was: libwr then fails with WR_ERR_NOMEM (a reactor call
 * with WR_CALL_NOMEM, a WASI call with ENOMEM, memory.grow and table.grow with -1), never
 * crashes or leaks. Blocks must be aligned like malloc's; libwr asks for 16 bytes more
 * than it uses (a header of its own per block).
 * Threads: it is called from every thread using the engine or anything made with it
 * (modules, stores, WASI instances, reactors' workers), at the same time: it must be
 * thread-safe. It and ud must stay valid until the engine is freed; with an allocator set,
 * reactor futures must be freed before the engine too.
 * Not from it: wr_error values (they may outlive the engine; wr_trap_new has none), WASI
 * configs and in-memory file systems (made without an engine), the standard C API of
 * wasm.h, and the linear memories of a bounds_checks = false engine (mapped with mmap).
 * docs/memory.md has the details. */
typedef void *(*wr_alloc_fn)(void *ud, void *ptr, size_t old_size, size_t new_size);

typedef struct wr_config {
    uint32_t max_memory_pages; /* cap on any memory, in 64 KiB pages (default 65536 = 4 GiB);
                                  a 32-bit memory also stops at 65536, a 64-bit one (memory64)
                                  only here, so a larger value lets those pass 4 GiB */
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
    uint8_t bounds_checks;     /* true: check every memory access explicitly; false: guard
                                  regions (see below); WR_BOUNDS_BY_TIER, the default: true
                                  on the interpreter, false on the compiled tier and
                                  WR_TIER_AUTO.
                                  wr_engine_config shows the mode in effect (true/false). */
    bool wasm2_rules;          /* validate by WebAssembly 2.0's rules where 3.0 relaxed them
                                  (default false): constant expressions may then read only
                                  imported globals. For running the 2.0 test suite. */
    wr_tier tier;              /* WR_TIER_INTERP by default */
    const char *cc;            /* compiled tier and WR_TIER_AUTO: the compiler command,
                                  split on spaces (e.g. "gcc" or "clang -march=native");
                                  NULL: $WR_CC, then $CC, then "cc" */
    const char *cache_dir;     /* compiled tier and WR_TIER_AUTO: where objects are kept; NULL:
                                  $XDG_CACHE_HOME/wr, else $HOME/.cache/wr. Created with mode
                                  0700; it must not be writable by other users. */

    /* What one module may declare, checked when it is loaded (WR_ERR_LIMIT naming the
     * setting). The defaults are V8's, so a module that runs in browsers loads here. */
    uint32_t max_functions;     /* functions, imported ones included (default 1,000,000) */
    uint32_t max_function_size; /* bytes of one function body (default 7,654,321) */
    uint32_t max_globals;       /* globals, imported ones included (default 1,000,000) */
    uint32_t max_segments;      /* element and data segments together (default 200,000) */
    uint32_t max_tags;          /* exception tags, imported ones included (default 1,000,000) */

    /* The budget of one store: what all the guests and host objects of a store may make the
     * host allocate together, so that a server can run many stores side by side. Making an
     * object over it fails: instantiation with WR_ERR_LIMIT naming the setting, the
     * wr_*_new functions with NULL. memory.grow and table.grow over it return -1 (as for a
     * maximum), and so do wr_memory_grow and wr_table_grow (false). Objects are charged
     * when made and their charge returns only when the store is freed. */
    uint32_t max_instances;         /* instances, failed instantiations included (default
                                       10,000) */
    uint32_t max_memories;          /* memories (default 10,000) */
    uint32_t max_tables;            /* tables (default 10,000) */
    uint32_t max_store_functions;   /* wasm functions of its instances and host functions
                                       (default 2,000,000; about 100 host bytes each) */
    uint32_t max_store_globals;     /* globals (default 1,000,000) */
    uint64_t max_store_memory_pages;/* 64 KiB pages of all its memories together (default
                                       131,072 = 8 GiB) */
    uint64_t max_store_table_elems; /* elements of all its tables together (default
                                       10,000,000; 8 bytes each) */
    uint32_t max_store_tags;        /* exception tags of its instances and the host's
                                       (default 1,000,000) */
    uint64_t max_store_exceptions;  /* exceptions alive at once: thrown and not yet dropped
                                       (default 1,000,000). An exception caught without its
                                       reference (catch, catch_all) is dropped at once; one
                                       caught as an exnref lives until the outermost call
                                       into the store returns and no global or table holds
                                       it, or until the store is freed. A throw over the
                                       budget ends the call with WR_ERR_LIMIT. */

    /* fds that the WASI instances of all the engine's stores hold together (stdio,
     * preopens, sockets and what guests open), on top of each instance's
     * wr_wasi_config_max_fds, so that guests cannot take all of the process's fds. 0 (the
     * default) is half of the process's soft RLIMIT_NOFILE when the engine is made, at least
     * 64; wr_engine_config shows the value in effect. Past it path_open and sock_accept fail
     * with errno MFILE, and wr_wasi_new with WR_ERR_LIMIT. */
    uint32_t max_host_fds;

    /* The allocator for everything made with the engine (see wr_alloc_fn) and its user
     * pointer; NULL (the default) is the C library's malloc, realloc and free. */
    wr_alloc_fn alloc;
    void *alloc_ud;
} wr_config;

/* The default of wr_config.bounds_checks: each tier's faster mode. */
#define WR_BOUNDS_BY_TIER 2

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
 * interpreter runs at the same speed in both modes (docs/interpreter.md), hence checks are
 * its default; compiled code runs faster without them (docs/compiled.md), hence guard
 * regions are the compiled tier's.
 */

/* The largest max_call_depth: each level reserves a 32-byte call record up front. */
#define WR_MAX_CALL_DEPTH 10000000u

typedef struct wr_engine wr_engine;

/* Fill cfg with the defaults shown in wr_config. Never fails. */
WR_API void wr_config_default(wr_config *cfg);
/* A new engine with a copy of cfg (NULL for the defaults); the strings cfg->cc and
 * cfg->cache_dir are copied, the caller keeps its own. Returns NULL only when out of
 * memory. The engine must outlive every module, store and linker made with it: free them
 * first. With bounds_checks = false it installs the process-wide fault handler described
 * above (or falls back to bounds checks where guard regions are unavailable). */
WR_API wr_engine *wr_engine_new(const wr_config *cfg);
/* The engine's settings, as adjusted by wr_engine_new; read-only, valid while the engine
 * lives. */
WR_API const wr_config *wr_engine_config(const wr_engine *engine);
/* engine may be NULL. Not while a module, store or linker made with it remains. */
WR_API void wr_engine_free(wr_engine *engine);

/* ---------------------------------------------------------------- modules */

typedef struct wr_module wr_module;

/* Decode, validate and translate a binary module. The bytes are copied. *out is NULL on
 * failure. Errors: WR_ERR_ARG (no engine, or NULL bytes with len > 0), WR_ERR_LIMIT (len
 * over the engine's max_module_size), WR_ERR_MALFORMED, WR_ERR_INVALID, WR_ERR_NOMEM. The
 * caller owns the module (one reference). Any thread. */
WR_API wr_error *wr_module_new(wr_engine *engine, const uint8_t *bytes, size_t len,
                               wr_module **out);
/* The same as wr_module_new, reading the file at path (pipes and other unsized files too).
 * WR_ERR_IO when it cannot be read ("path: reason"). WR_ERR_LIMIT for a regular file over
 * max_module_size, from its size before it is read, and for a stream as soon as more than
 * max_module_size bytes have been read, so an endless one ends there. A file whose first
 * bytes are no module header fails with WR_ERR_MALFORMED before the rest is read. */
WR_API wr_error *wr_module_load(wr_engine *engine, const char *path, wr_module **out);
/* Decode and validate only; nothing is kept. The same errors as wr_module_new. */
WR_API wr_error *wr_module_validate(wr_engine *engine, const uint8_t *bytes, size_t len);
/* Take another reference (for another owner); returns module. Safe from any thread. */
WR_API wr_module *wr_module_ref(wr_module *module);
/* Drop one reference; the last one frees the module (instances hold their own, so it may
 * outlive this call). module may be NULL. Any thread. */
WR_API void wr_module_free(wr_module *module);

/* Describing imports and exports, in the module's order; i must be below the count. Any
 * of the out pointers may be NULL. The names and the function types' value type arrays
 * belong to the module and stay valid while it does. Never fail; any thread. */
WR_API size_t wr_module_import_count(const wr_module *module);
WR_API void wr_module_import(const wr_module *module, size_t i, wr_name *module_name, wr_name *name,
                             wr_externtype *type);
WR_API size_t wr_module_export_count(const wr_module *module);
WR_API void wr_module_export(const wr_module *module, size_t i, wr_name *name, wr_externtype *type);
/* The module's name from the name section (owned by the module), or NULL. */
WR_API const char *wr_module_name(const wr_module *module);
/* Whether the module has a start function; if so its index in the function space goes to
 * *func_index (which may be NULL). */
WR_API bool wr_module_start(const wr_module *module, uint32_t *func_index);
/* Custom sections ("name", "producers", ...), in file order; i must be below the count. The
 * name and the content (size bytes at *content) belong to the module and stay valid while it
 * does; any out pointer may be NULL. */
WR_API size_t wr_module_custom_count(const wr_module *module);
WR_API void wr_module_custom(const wr_module *module, size_t i, wr_name *name,
                             const uint8_t **content, size_t *size);
/* Every name a function of the module's function space (imports first) is known by; fields
 * with no such name are NULL / {NULL, 0}. Owned by the module. */
typedef struct wr_func_names {
    const char *debug;      /* from the name section */
    wr_name export_name;    /* the first export of the function */
    wr_name import_module;  /* an imported function: where it comes from */
    wr_name import_name;
} wr_func_names;
/* Fill *out for func_index; false (and *out all empty) when the index is out of range. Any
 * thread. */
WR_API bool wr_module_func_names(const wr_module *module, uint32_t func_index, wr_func_names *out);
/* The engine the module was built with (not a new reference). */
WR_API wr_engine *wr_module_engine(const wr_module *module);
/* The tier the module's code runs on now: WR_TIER_COMPILED once its object is loaded
 * (always, on a compiled-tier engine; on a WR_TIER_AUTO engine once the background build
 * has ended well, from when its instances switch at their next call), else
 * WR_TIER_INTERP. Never WR_TIER_AUTO. Never fails; any thread. */
WR_API wr_tier wr_module_tier(const wr_module *module);
/* Waits until the module's background build (WR_TIER_AUTO) has ended, for at most
 * timeout_ms milliseconds, then returns wr_module_tier; at once for other modules. Any
 * thread; it blocks only the caller. */
WR_API wr_tier wr_module_tier_wait(const wr_module *module, uint32_t timeout_ms);
/* Why a module of a WR_TIER_AUTO engine stays on the interpreter: the message of the
 * background build's error (no C compiler, the compiler failed, ...), owned by the module
 * and valid while it is. NULL while the build runs, once it has ended well, and for the
 * modules of other tiers (whose build errors are wr_module_new's). Any thread. */
WR_API const char *wr_module_tier_error(const wr_module *module);

/* ---------------------------------------------------------------- stores */

typedef struct wr_store wr_store;

/* An empty store using engine's limits. Returns NULL only when out of memory. The caller
 * owns it; the engine must outlive it. Any thread; the store is then used by one thread at
 * a time. */
WR_API wr_store *wr_store_new(wr_engine *engine);
/* Free the store and everything created in it: instances, functions (running each host
 * function's env_free), tables, memories and globals; modules lose the instances'
 * references. Every pointer into the store is invalid afterwards, including linkers'
 * definitions and wr_frame.instance. store may be NULL. Not while a call runs in it, nor
 * from a host function of it. */
WR_API void wr_store_free(wr_store *store);
/* Ask the call running in this store to stop. Safe from any thread and from signal handlers;
 * the call traps with WR_TRAP_INTERRUPTED at its next loop back-edge or call. The request
 * stays set until wr_store_clear_interrupt. */
WR_API void wr_store_interrupt(wr_store *store);
/* Forget a stop request, before the next call. Any thread, but a request made concurrently
 * may be lost. */
WR_API void wr_store_clear_interrupt(wr_store *store);
/* Whether a stop was requested and not yet cleared; safe from any thread. Host functions that
 * block use it to end the call instead of returning to a guest that should stop. */
WR_API bool wr_store_interrupted(const wr_store *store);
/* Opaque user data for host functions; the store never reads or frees it. The store's
 * thread only. */
WR_API void wr_store_set_data(wr_store *store, void *data);
WR_API void *wr_store_data(const wr_store *store);

/* ---------------------------------------------------------------- functions */

/* What a host function sees of its caller. Valid only during that host function's call,
 * on its thread. */
typedef struct wr_caller wr_caller;
/* The store the call runs in. */
WR_API wr_store *wr_caller_store(wr_caller *caller);
/* The calling instance (NULL when called directly from the host). */
WR_API wr_instance *wr_caller_instance(wr_caller *caller);
/* The calling instance's memory 0, or NULL. */
WR_API wr_memory *wr_caller_memory(wr_caller *caller);

/* A host function: read args, write results (their types are set already), return NULL,
 * or return an error (a trap, wr_exit_new, ...) to end the call with it; the runtime takes
 * that error. It runs on the thread that made the call and may call wr_func_call on the same
 * store (see the nesting limits there). A funcref result must belong to the caller's store,
 * else the call traps. */
typedef wr_error *(*wr_host_fn)(wr_caller *caller, const wr_val *args, wr_val *results, void *env);

/* A host function of the given type in store. The type and its arrays are copied. env is
 * passed to every call and is not touched otherwise; env_free (may be NULL) is called with
 * env once, when the store is freed. Returns NULL when out of memory or over the store's
 * max_store_functions (see wr_config), or when a param or result type names a type index
 * (wr_valtype_ref); env_free is then not called and env stays the caller's. The function
 * belongs to the store. */
WR_API wr_func *wr_func_new_host(wr_store *store, const wr_functype *type, wr_host_fn fn, void *env,
                                 void (*env_free)(void *env));
/* The function's type, owned by the function (or its module). Never fails. */
WR_API const wr_functype *wr_func_type(const wr_func *func);
/* A wasm function's index in the function space of the module of the instance that defines it
 * (wr_frame.func_index of its frames; see wr_module_func_names); false for a host function. */
WR_API bool wr_func_index(const wr_func *func, uint32_t *index);
/* Call any function of store. nargs/nresults must match its type and each argument's type
 * its parameter's, else WR_ERR_ARG ("function takes 2 arguments and 1 results, not 1 and
 * 1"); WR_ERR_ARG too when func or a funcref argument belongs to another store, and when an
 * argument of a typed reference parameter is null where the type is non-null or a function
 * of another type than (ref $t) names. results get their types set (wr_valtype_val of the
 * result types: typed references come back as WR_FUNCREF values). Otherwise: WR_ERR_TRAP
 * (with a backtrace), WR_ERR_EXIT (proc_exit), WR_ERR_NOMEM (the store's stacks on its first
 * call), or whatever a host function returned.
 * Re-entry: a host function may call back into its own store; each such level takes C stack,
 * so nesting is limited to 64 levels and to the room left on the thread's stack, beyond which
 * the call traps with WR_TRAP_STACK_EXHAUSTED, as it does past max_call_depth wasm frames. */
WR_API wr_error *wr_func_call(wr_store *store, wr_func *func, const wr_val *args, size_t nargs,
                              wr_val *results, size_t nresults);

/* ---------------------------------------------------------------- exceptions (3.0)
 * A wasm exception that no handler catches ends the call with a WR_ERR_EXCEPTION error
 * (never a trap: traps are not catchable, exceptions are). A host function may return one
 * (its own, from wr_exception_new, or one a nested wr_func_call gave it): wasm code that
 * called it can then catch it like one thrown in wasm. */

/* A new tag in store whose exceptions carry values of type->params (type->nresults must be
 * 0); the type is copied. Distinct from every other tag, even of the same type. NULL when
 * out of memory, over the store's max_store_tags, or type has results. */
WR_API wr_exntag *wr_exntag_new(wr_store *store, const wr_functype *type);
/* The values the tag's exceptions carry (a function type with no results), owned by the
 * tag or its module. Never fails. */
WR_API const wr_functype *wr_exntag_type(const wr_exntag *tag);
/* For WR_ERR_EXCEPTION: the exception's tag, which belongs to the store the call ran in
 * and is valid while that store lives (compare it with the tags an instance exports to
 * tell exceptions apart); NULL for any other kind. Never fails; any thread. */
WR_API wr_exntag *wr_error_exception_tag(const wr_error *e);
/* For WR_ERR_EXCEPTION: the values the exception carries, in the order of the tag's
 * parameters (*count of them), owned by the error; NULL with *count 0 for any other kind.
 * An exnref among them is valid as wr_exn says. Never fails; any thread. */
WR_API const wr_val *wr_error_exception_values(const wr_error *e, size_t *count);
/* An exception of tag carrying values (count of them, of the tag's parameter types) for a
 * host function to return, which throws it into the wasm code that called the function.
 * Returns WR_ERR_ARG when the values do not match the tag's type, the shared out-of-memory
 * error when out of memory (or over max_store_exceptions), else the WR_ERR_EXCEPTION error,
 * which the caller owns. Store's thread only. */
WR_API wr_error *wr_exception_new(wr_store *store, wr_exntag *tag, const wr_val *values,
                                  size_t count);

/* ---------------------------------------------------------------- memories, tables, globals
 * Created in a store and owned by it; the getters never fail. A table or global holding a
 * funcref accepts only functions of its own store (anything else fails like a wrong type);
 * an externref is the host's pointer, stored as is and never freed. */

/* Memories, tables and globals made by the host count against the store's budget like the
 * guests' (see wr_config): the wr_*_new functions below also return NULL over it, and growth
 * over it fails like growth over the maximum. */
/* A memory of type->limits (in pages), zero-filled. NULL when the minimum exceeds the
 * engine's max_memory_pages or the address space or memory cannot be had. */
WR_API wr_memory *wr_memory_new(wr_store *store, const wr_memtype *type);
/* The bytes, wr_memory_size of them. The address may change when the memory grows (which
 * wasm code can do during any call): read it again after each call. */
WR_API uint8_t *wr_memory_data(wr_memory *memory);
WR_API size_t wr_memory_size(const wr_memory *memory); /* in bytes */
WR_API uint32_t wr_memory_pages(const wr_memory *memory);
/* Add delta_pages zero-filled pages; *old_pages (may be NULL) gets the size before. Returns
 * false (and leaves the memory unchanged) beyond the memory's maximum or the engine's limit,
 * or when memory cannot be had. */
WR_API bool wr_memory_grow(wr_memory *memory, uint32_t delta_pages, uint32_t *old_pages);
/* The type, with the current size as its minimum. */
WR_API wr_memtype wr_memory_type(const wr_memory *memory);

/* A table of type->elem (a reference type without a type index: funcref, externref,
 * nullfuncref, (ref func), ...) with every element set to init. NULL when the element type
 * is none of those (exnref tables come only from modules), init does not fit it (a null
 * for a non-null type), the minimum exceeds the engine's max_table_elems, or out of
 * memory. */
WR_API wr_table *wr_table_new(wr_store *store, const wr_tabletype *type, wr_val init);
WR_API uint32_t wr_table_size(const wr_table *table);
/* Element index into *out (of type wr_valtype_val(elem)); false when index is out of
 * bounds. */
WR_API bool wr_table_get(const wr_table *table, uint32_t index, wr_val *out);
/* Set element index to value; false (table unchanged) when index is out of bounds, value is
 * not of the element type (for a module's typed table: null where it is non-null, or a
 * function of another type), or it is another store's funcref. */
WR_API bool wr_table_set(wr_table *table, uint32_t index, wr_val value);
/* Add delta elements set to init; *old_size (may be NULL) gets the size before. false (table
 * unchanged) beyond the table's maximum or the engine's limit, when init does not fit as in
 * wr_table_set, or out of memory. */
WR_API bool wr_table_grow(wr_table *table, uint32_t delta, wr_val init, uint32_t *old_size);
/* The type, with the current size as its minimum. */
WR_API wr_tabletype wr_table_type(const wr_table *table);

/* A global of type holding value. NULL when value is not of type->type (a type index is
 * never, see wr_valtype), is another store's funcref, or out of memory. wr_global_get gives
 * a value of type wr_valtype_val(type->type). */
WR_API wr_global *wr_global_new(wr_store *store, const wr_globaltype *type, wr_val value);
WR_API wr_val wr_global_get(const wr_global *global);
/* Fails on an immutable global, a value of the wrong type (as for wr_table_set) or another
 * store's funcref. */
WR_API bool wr_global_set(wr_global *global, wr_val value);
WR_API wr_globaltype wr_global_type(const wr_global *global);

/* ---------------------------------------------------------------- instances */

/* Instantiate module in store with imports given in the module's import order, then run its
 * start function. The instance belongs to the store and holds a reference to the module.
 * Errors: WR_ERR_LINK (a count mismatch, "incompatible import type for \"m\" \"n\"",
 * "import N belongs to another store", a memory without the guard region a guard-region
 * engine needs), WR_ERR_LIMIT (a table or memory over the engine's limits), WR_ERR_NOMEM,
 * and from the segments and the start function WR_ERR_TRAP and WR_ERR_EXIT. After a
 * failure past the import checks, what was created stays in the store until it is freed
 * (as the spec has it, a trapping segment leaves earlier writes to imported tables and
 * memories in place). *out is NULL on failure. */
WR_API wr_error *wr_instance_new(wr_store *store, wr_module *module, const wr_extern *imports,
                                 size_t nimports, wr_instance **out);
/* Look up an export by name (name_len bytes, no NUL needed); sets *out to the object, which
 * belongs to the instance's store, or returns false when there is none. */
WR_API bool wr_instance_export(wr_instance *instance, const char *name, size_t name_len,
                               wr_extern *out);
/* Convenience: the exported function, or NULL. name is NUL-terminated. */
WR_API wr_func *wr_instance_func(wr_instance *instance, const char *name);
/* Memory 0 of the instance (defined or imported), or NULL. */
WR_API wr_memory *wr_instance_memory(wr_instance *instance);
/* The module the instance was made from (not a new reference). */
WR_API wr_module *wr_instance_module(wr_instance *instance);
/* The tier the instance's functions run on now: on a WR_TIER_AUTO engine WR_TIER_INTERP
 * until the instance switches, at the first call from the host into its store after its
 * module's object is ready. Never fails; the store's thread. */
WR_API wr_tier wr_instance_tier(const wr_instance *instance);

/* ---------------------------------------------------------------- linker
 * A linker is not tied to a store: it keeps the externs it is given (not copies of the
 * objects), so it must not be used once one of their stores is freed. One thread at a time;
 * the caller owns it. */

typedef struct wr_linker wr_linker;

/* An empty linker; NULL only when out of memory. */
WR_API wr_linker *wr_linker_new(wr_engine *engine);
/* Free the linker and its copies of the names; the objects it refers to are untouched.
 * linker may be NULL. */
WR_API void wr_linker_free(wr_linker *linker);
/* Define (module, name) -> ext. Both names are copied. A later definition of the same pair
 * replaces the earlier. Only WR_ERR_NOMEM (nothing defined). */
WR_API wr_error *wr_linker_define(wr_linker *linker, const char *module, size_t module_len,
                                  const char *name, size_t name_len, wr_extern ext);
/* Define every export of instance under the module name. Only WR_ERR_NOMEM, which may leave
 * some of the exports defined. */
WR_API wr_error *wr_linker_define_instance(wr_linker *linker, const char *module, size_t module_len,
                                           wr_instance *instance);
/* The definition of (module, name): sets *out and returns true, or returns false when there
 * is none. */
WR_API bool wr_linker_get(wr_linker *linker, const char *module, size_t module_len,
                          const char *name, size_t name_len, wr_extern *out);
/* Resolve the module's imports and instantiate in store: WR_ERR_LINK "unknown import" when
 * one is missing, then the errors of wr_instance_new (definitions from another store fail
 * there). */
WR_API wr_error *wr_linker_instantiate(wr_linker *linker, wr_store *store, wr_module *module,
                                       wr_instance **out);

#ifdef __cplusplus
}
#endif
#endif
