/*
 * The binary interface between the runtime and a compiled module (see docs/compiled.md).
 *
 * This header is compiled twice: into the runtime, and as text into the prelude of every
 * generated C file (the build embeds it), so both sides read one definition. It may use
 * nothing but <stdint.h>.
 *
 * A compiled object exports exactly one symbol, WRC_DESCRIPTOR_SYMBOL, and imports none:
 * everything it needs from the runtime is a function pointer in wrc_services, reached
 * through the wrc_ctx every generated function receives. The runtime checks abi_version
 * and key before it uses anything else in the descriptor.
 */
#ifndef WR_COMPILE_ABI_H
#define WR_COMPILE_ABI_H

#include <stdint.h>

/* Bumped whenever anything below or the shape of generated code changes. */
#define WRC_ABI_VERSION 12u
#define WRC_DESCRIPTOR_SYMBOL "wrc_module_descriptor"
/* The cache key: 32 bytes of hash as hex, NUL-terminated. */
#define WRC_KEY_CHARS 65

typedef struct wrc_ctx wrc_ctx;

/* A function called with its shadow frame (see wrc_ctx) and its arguments in 8-byte slots
 * (v128: two), results written back from the first slot. */
typedef void (*wrc_entry)(wrc_ctx *c, uint32_t *frame, uint64_t *slots);

/* Runtime services. Those taking `depth` (the calling function's frame depth, its shadow
 * frame recorded) may trap or call wasm code: a trap does not return, the runtime unwinds
 * to the entry. Memories and tables are named by index; addresses, indices and lengths are u64, those of 32-bit memories and tables
 * zero-extended (memory64 and table64 make them i64). */
typedef struct wrc_services {
    void (*trap)(wrc_ctx *c, uint32_t kind, uint32_t depth);
    /* The attention word was nonzero: interruption or fuel. */
    void (*attend)(wrc_ctx *c, uint32_t depth);
    /* Calls function `callee` of the instance (an import) with arguments in slots; the
     * results replace them. */
    void (*call)(wrc_ctx *c, uint32_t callee, uint64_t *slots, uint32_t depth);
    /* Resolves table[index] for a call of type `type`. Returns the typed native function
     * when the callee is compiled code of this same instance; otherwise makes the call
     * with slots as in `call` and returns 0. */
    void *(*call_indirect)(wrc_ctx *c, uint32_t table, uint32_t type, uint64_t index,
                           uint64_t *slots, uint32_t depth);
    /* The old size in pages, or -1. */
    int64_t (*memory_grow)(wrc_ctx *c, uint32_t memory, uint64_t delta);
    uint64_t (*memory_size)(wrc_ctx *c, uint32_t memory); /* in pages */
    void (*memory_fill)(wrc_ctx *c, uint32_t memory, uint64_t dst, uint32_t value, uint64_t n,
                        uint32_t depth);
    void (*memory_copy)(wrc_ctx *c, uint32_t dst_memory, uint32_t src_memory, uint64_t dst,
                        uint64_t src, uint64_t n, uint32_t depth);
    void (*memory_init)(wrc_ctx *c, uint32_t seg, uint32_t memory, uint64_t dst, uint32_t src,
                        uint32_t n, uint32_t depth);
    /* An access to any memory but a 32-bit memory 0, which generated code accesses itself:
     * op is the wasm opcode (0xFD ones plus 0x100), bytes_lane the bytes accessed | the
     * lane << 8; io holds the stored value or a lane load's vector and receives a load's
     * result, in its low bytes. */
    void (*memx)(wrc_ctx *c, uint32_t memory, uint32_t op, uint32_t bytes_lane,
                 uint64_t address, uint64_t offset, uint64_t *io, uint32_t depth);
    void (*data_drop)(wrc_ctx *c, uint32_t seg);
    void *(*table_get)(wrc_ctx *c, uint32_t table, uint64_t index, uint32_t depth);
    void (*table_set)(wrc_ctx *c, uint32_t table, uint64_t index, void *ref, uint32_t depth);
    uint32_t (*table_size)(wrc_ctx *c, uint32_t table);
    /* The old size, or -1. */
    int64_t (*table_grow)(wrc_ctx *c, uint32_t table, void *init, uint64_t delta);
    void (*table_fill)(wrc_ctx *c, uint32_t table, uint64_t dst, void *ref, uint64_t n,
                       uint32_t depth);
    void (*table_copy)(wrc_ctx *c, uint32_t dst_table, uint32_t src_table, uint64_t dst,
                       uint64_t src, uint64_t n, uint32_t depth);
    void (*table_init)(wrc_ctx *c, uint32_t table, uint32_t seg, uint64_t dst, uint32_t src,
                       uint32_t n, uint32_t depth);
    void (*elem_drop)(wrc_ctx *c, uint32_t seg);
    void *(*ref_func)(wrc_ctx *c, uint32_t index);
    /* The entry a tail call of import `callee`, of table[index] checked as for
     * call_indirect, or of ref (return_call_ref: not null, generated code traps first)
     * runs (see `tail` below). */
    wrc_entry (*tail_import)(wrc_ctx *c, uint32_t callee);
    wrc_entry (*tail_indirect)(wrc_ctx *c, uint32_t table, uint32_t type, uint64_t index,
                               uint32_t depth);
    wrc_entry (*tail_ref)(wrc_ctx *c, void *ref);
    /* i8x16.shuffle, as the interpreter's (16-byte operands). */
    void (*shuffle)(void *r, const void *a, const void *b, const uint8_t *lanes);
    /* The vector a SIMD load (v128.load8x8_s ... load64_zero) makes of the bytes at p. */
    void (*simd_load)(uint32_t opfd, const uint8_t *p, void *r);
    /* call_ref of ref, a function of the call's type (validated) and not null (generated
     * code traps first): as call_indirect once the callee is known. */
    void *(*call_ref)(wrc_ctx *c, void *ref, uint64_t *slots, uint32_t depth);
    /* Exception handling (3.0), in modules that use it (see wrc_ctx.exn): throw makes an
     * exception of tag `tag` with its values from slots and sets exn; throw_ref sets exn to
     * the exception (a null one traps). catch_exn takes exn when its tag is `tag` (or any,
     * for WRC_CATCH_ANY): the values go to slots (then the exception itself, for ref),
     * exn is cleared and it returns 1; else 0. */
    void (*throw_tag)(wrc_ctx *c, uint32_t tag, const uint64_t *slots, uint32_t depth);
    void (*throw_ref)(wrc_ctx *c, void *exn, uint32_t depth);
    uint32_t (*catch_exn)(wrc_ctx *c, uint32_t tag, uint32_t ref, uint64_t *slots);
} wrc_services;
#define WRC_CATCH_ANY 0xFFFFFFFFu

/* A SIMD operation, as the interpreter's: r = op(a, b, c) on 16-byte values. */
typedef void (*wrc_simd_fn)(void *r, const void *a, const void *b, const void *c,
                            uint32_t imm);

/* One instance's context. The runtime owns it (one per instance) and fills every field
 * before the first call; generated code reads it and writes only `frames`, the pending
 * tail call and the exception being thrown.
 *
 * Frame depth: every generated function receives a pointer to its own shadow frame,
 * fr = frames + its depth (its caller's plus one), rather than counting in memory, so a
 * call costs no load or store of a counter. Before its first call or loop it checks
 * fr <= frames_end and the C stack against stack_limit (a function that does neither may
 * so run at frames_end + 1: frames has room for it). Before each call, trap or service
 * that may trap or call, it stores in *fr the module offset of that instruction (which
 * also names the function, for backtraces), and passes its depth to such services, which
 * store it in `depth` before anything that reads frames. */
struct wrc_ctx {
    const wrc_services *svc;
    uint8_t *const *mem_base;   /* memory 0: where its base and size live, read at each */
    const uint64_t *mem_size;   /* use (memory.grow may move the base without guard regions) */
    uint64_t *const *globals;   /* each global's value: 8 bytes, 16 for v128 */
    const wrc_simd_fn *simd;    /* by 0xFD sub-opcode; 0 where generated code inlines it */
    const int *attention;       /* nonzero: call svc->attend (read relaxed) */
    uintptr_t stack_limit;      /* the C stack must stay above this address */
    uint32_t depth;             /* the runtime's: the frame depth an entry starts above */
    uint32_t *frames;           /* frames[1..depth]: module offsets (backtraces) */
    const uint32_t *frames_end; /* frames + the engine's max_call_depth: the deepest frame */
    wrc_entry tail;             /* a pending tail call (generated code runs it, then clears */
    uint64_t *tail_slots;       /* it): its arguments, then results; room for any function
                                 * type of the module */
    /* The exception being thrown, or 0. Only in a module that uses exception handling
     * (wrc_uses_exceptions): its code checks exn after every call and, when set, goes to
     * the innermost try_table's catch clauses or returns at once; an entry returning with
     * exn set ends with the exception, and a call from such a module that ends with one
     * sets exn instead of unwinding. */
    void *exn;
    void *runtime;              /* the runtime's own state; opaque here */
};


typedef struct wrc_descriptor {
    uint32_t abi_version;
    uint32_t nfuncs;             /* defined functions (imports excluded) */
    uint32_t bounds_checks;      /* 1: accesses checked; 0: relies on guard regions */
    char key[WRC_KEY_CHARS];     /* the cache key it was built for */
    const wrc_entry *entries;    /* per defined function */
    void *const *natives;        /* per defined function: its typed C function */
    /* The module file itself in an object written by `wr compile` (so the object runs
     * alone); NULL with size 0 in cache entries, which sit beside their module. */
    const uint8_t *module_bytes;
    uint64_t module_size;
} wrc_descriptor;

#endif
