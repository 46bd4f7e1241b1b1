/*
 * The in-memory form of a module: what the decoder builds, the validator checks, the
 * translator compiles and instances are made from. Immutable once wr_module_new returns.
 *
 * Function bodies, constant expressions and data are not copied out: they are offsets
 * into `bytes`, the module's own copy of the file, so every stage reports errors and
 * backtraces as offsets in the original file.
 */
#ifndef WR_DECODE_MODULE_H
#define WR_DECODE_MODULE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/alloc.h"
#include "wr.h"

/* Section ids. The binary format's order differs from the ids' (datacount sits before
 * code, tag between memory and global), so decode.c checks it with a rank per id. */
enum {
    SEC_CUSTOM = 0, SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_TABLE, SEC_MEMORY, SEC_GLOBAL,
    SEC_EXPORT, SEC_START, SEC_ELEMENT, SEC_CODE, SEC_DATA, SEC_DATACOUNT, SEC_TAG,
    SEC_LAST = SEC_TAG
};

struct wr_module;

typedef struct {
    uint32_t nparams, nresults;
    uint8_t *types;      /* nparams param kinds, then nresults result kinds (wr_valtype_kind:
                            what the execution tiers need) */
    wr_functype pub;     /* the full value types, as the validator and the API see them */
    /* Type equivalence (Wasm 3.0: each type is its own recursion group). Two types of one
     * module are equivalent when their canon is equal; across modules wr_functype_equal
     * compares the types they name. indexed: some value type names a type index. */
    uint32_t canon;
    bool indexed;
    const struct wr_module *module; /* whose type index space pub refers to; NULL for
                                       host functions' types (never indexed) */
} wr_mfunctype;

/* A constant expression. Most are one instruction followed by `end`, kept decoded here.
 * Extended constant expressions (3.0: several instructions with i32/i64 add, sub, mul)
 * have op == WR_CONST_SEQ and are read again from the module's bytes at `offset` by the
 * validator and at instantiation; their operand stack is bounded by WR_CONST_MAX_DEPTH. */
#define WR_CONST_SEQ 0x00
#define WR_CONST_MAX_DEPTH 64
typedef struct {
    uint8_t op;      /* 0x41 i32.const, 0x42 i64.const, 0x43 f32.const, 0x44 f64.const,
                        0xFD v128.const, 0xD0 ref.null, 0xD2 ref.func, 0x23 global.get,
                        or WR_CONST_SEQ */
    wr_valtype type; /* the type the expression produces (for ref.null: its type) */
    union {
        uint64_t bits;    /* integer value or float bits */
        uint8_t v128[16];
        uint32_t index;   /* function index (ref.func) or global index (global.get) */
    } u;
    uint32_t offset; /* byte offset of the instruction, for errors */
} wr_constexpr;

typedef struct {
    wr_name module, name;   /* own their bytes (NUL-terminated) */
    uint8_t kind;           /* wr_extern_kind */
    union {
        uint32_t func_type; /* type index */
        wr_tabletype table;
        wr_memtype memory;
        wr_globaltype global;
        uint32_t tag_type;  /* type index (a function type with no results) */
    } u;
} wr_mimport;

/* A custom section: its name (owned, NUL-terminated) and where its content lies in bytes. */
typedef struct {
    wr_name name;
    size_t offset, size;
} wr_mcustom;

typedef struct {
    wr_name name;
    uint8_t kind;   /* wr_extern_kind */
    uint32_t index; /* in the kind's index space (imports first) */
} wr_mexport;

typedef struct {
    wr_globaltype type;
    wr_constexpr init;
} wr_mglobal;

typedef struct {
    uint32_t count;  /* how many locals of this type */
    uint8_t type;    /* kind (wr_valtype_kind) */
    wr_valtype full; /* the value type as declared */
} wr_localgroup;

struct wr_code;      /* the translator's output for one function (src/interp) */

typedef struct {
    uint32_t type_index;
    uint32_t nlocals;              /* locals declared in the body, params excluded */
    uint32_t ngroups;
    wr_localgroup *groups;         /* the body's local declarations, as written */
    uint8_t *local_types;          /* nlocals types, expanded */
    uint32_t body_offset;          /* first instruction (after the local declarations) */
    uint32_t body_end;             /* one past the final `end` */
    uint32_t size_offset;          /* offset of the body's size field, for errors */
    /* Filled by the validator. */
    uint32_t max_stack;            /* deepest operand stack, in values */
    uint32_t max_blocks;           /* deepest control stack */
    /* Filled by the translator, which owns it (see wr_module.code_free). */
    struct wr_code *code;
} wr_mfunc;

enum { SEG_ACTIVE = 0, SEG_PASSIVE = 1, SEG_DECLARATIVE = 2 };

typedef struct {
    uint8_t mode;            /* SEG_* */
    wr_valtype type;         /* a reference type */
    uint32_t table;          /* active only */
    wr_constexpr offset;     /* active only */
    uint32_t count;
    /* Either a list of function indices (the compact encodings) or of expressions. */
    uint32_t *funcs;         /* count function indices, or NULL */
    wr_constexpr *exprs;     /* count expressions, or NULL */
} wr_melem;

typedef struct {
    uint8_t mode;            /* SEG_ACTIVE or SEG_PASSIVE */
    uint32_t memory;         /* active only */
    wr_constexpr offset;     /* active only */
    uint32_t data_offset;    /* the bytes: module->bytes + data_offset */
    uint32_t size;
} wr_mdata;

/* Names from the `name` custom section; each map is sorted by index. */
typedef struct {
    uint32_t index;
    char *name;
} wr_nameassoc;

typedef struct {
    uint32_t func;
    uint32_t count;
    wr_nameassoc *names;
} wr_localnames;

struct wr_module {
    atomic_int refs;
    wr_engine *engine;
    const wr_allocator *alloc; /* the engine's: everything below is allocated with it */
    uint8_t *bytes;          /* our copy of the file */
    size_t size;

    uint32_t ntypes;
    wr_mfunctype *types;

    uint32_t nimports;
    wr_mimport *imports;
    /* How many of each index space come from imports. */
    uint32_t nfunc_imports, ntable_imports, nmemory_imports, nglobal_imports;

    /* Index spaces, imports first. For an imported function only type_index is set. */
    uint32_t nfuncs;
    wr_mfunc *funcs;
    uint32_t ntables;
    wr_tabletype *tables;
    /* The defined tables' initialiser expressions (3.0), ntables - ntable_imports of them,
     * or NULL when no table has one; an entry with offset 0 (no expression starts there)
     * has none: its elements start null. */
    wr_constexpr *table_inits;
    uint32_t nmemories;
    wr_memtype *memories;
    uint32_t nglobals;
    wr_mglobal *globals;     /* for imports only .type is set */
    /* Exception tags (3.0): each one's type index, imports first (src/decode/tags.c). */
    uint32_t ntags, ntag_imports;
    uint32_t *tag_types;

    uint32_t nexports;
    wr_mexport *exports;

    bool has_start;
    uint32_t start;

    uint32_t nelems;
    wr_melem *elems;

    bool has_datacount;
    uint32_t datacount;
    uint32_t ndatas;
    wr_mdata *datas;

    /* Functions that ref.func may name outside function bodies: exports, element
     * segments and global initialisers (bit i set for function i). */
    uint8_t *declared_funcs;

    uint32_t ncustoms, max_customs;
    wr_mcustom *customs;     /* in file order */

    /* Frees every funcs[i].code: set by the layer that made them (src/interp), which keeps
     * them in code_store, so the decoder frees translated code without depending on it. */
    void (*code_free)(struct wr_module *m);
    struct wr_code_store *code_store;
    /* The compiled tier's loaded object and what unloads it (both set by src/compile),
     * or NULL: interpreted. */
    struct wrc_object *native;
    void (*native_free)(struct wrc_object *obj);
    /* WR_TIER_AUTO: the background build of the object (src/runtime/tierup.c), or NULL;
     * it sets native once the object is ready. */
    struct wr_tierup *tierup;

    char *name;              /* module name, or NULL */
    uint32_t nfunc_names;
    wr_nameassoc *func_names;
    uint32_t nlocal_names;
    wr_localnames *local_names;
};

/* Decoder entry point (src/decode): builds a module from bytes it takes ownership of.
 * On failure the bytes are freed too. */
wr_error *wr_decode(wr_engine *engine, const wr_allocator *alloc, uint8_t *bytes, size_t size,
                    wr_module **out);
/* Frees a module whatever stage it reached (src/decode); translated code goes through
 * the code_free of the layer that made it. */
void wr_module_destroy(wr_module *module);

/* Type equivalence and matching (decode/types.c). Equivalence of type a of module ma and
 * type b of mb; of two function types wherever they come from (host functions' types
 * included); does a value of type x, whose indices are ma's, match type y, whose indices
 * are mb's (subtyping of the 3.0 reference types)? */
bool wr_types_equivalent(const wr_module *ma, uint32_t a, const wr_module *mb, uint32_t b);
bool wr_functypes_equivalent(const wr_mfunctype *x, const wr_mfunctype *y);
bool wr_valtype_matches(const wr_module *mx, wr_valtype x, const wr_module *my, wr_valtype y);

/* Every name the function is known by (func_index in range). */
void wr_module_func_names_of(const wr_module *module, uint32_t func_index, wr_func_names *out);
/* The name a backtrace shows: from the name section, else the first export name, else the
 * import name; NULL when it has none. */
const char *wr_module_func_name(const wr_module *module, uint32_t func_index);
static inline const wr_mfunctype *wr_module_functype(const wr_module *m, uint32_t func_index)
{
    return &m->types[m->funcs[func_index].type_index];
}

#endif
