/*
 * Runtime objects behind the opaque handles of wr.h, shared by src/runtime and the
 * interpreter. Everything is owned by a store and freed with it.
 */
#ifndef WR_RUNTIME_RUNTIME_H
#define WR_RUNTIME_RUNTIME_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "decode/module.h"
#include "interp/code.h"
#include "util/alloc.h"
#include "wr.h"

struct wr_engine {
    wr_config config;     /* cc and cache_dir point at the copies below */
    /* What everything made with the engine is allocated with: &custom when config.alloc is
     * set, else &wr_default_allocator, which lives for the process, so that what may
     * outlive the engine (futures) stays freeable when no allocator was injected. */
    const wr_allocator *alloc;
    wr_allocator custom;  /* config.alloc and alloc_ud */
    char *cc, *cache_dir; /* owned */
    atomic_uint host_fds; /* taken of config.max_host_fds (host_fds.h) */
    struct wr_tierq *tierq; /* WR_TIER_AUTO: the background builds (tierup.c), else NULL */
};

/* Every object below records the store that owns it: an object is usable only in that store
 * (as an import, a callee, a funcref value), which instantiation and calls check, and the
 * growth of a memory or table is charged to that store's budget. */
/* What only a host function has; it lives in the same block as its wr_func (func.c). */
typedef struct wr_host_func {
    wr_host_fn fn;
    void *env;
    void (*env_free)(void *env);
    wr_mfunctype type;       /* owned */
    wr_valtype *pub_types;   /* type.pub's arrays */
} wr_host_func;

/* Small, since an instance has one per defined function (in wr_instance.own_funcs). */
struct wr_func {
    wr_store *store;
    const wr_mfunctype *type;
    wr_instance *instance;   /* defining instance; NULL for host functions */
    const wr_code *code;     /* wasm functions */
    wr_host_func *host;      /* host functions, else NULL */
};

struct wr_memory {
    wr_store *store;
    uint8_t *base;
    uint64_t size;           /* bytes; what every access is checked against */
    uint32_t pages;
    uint32_t max_pages;      /* the declared maximum capped by the engine */
    wr_limits declared;      /* what the type says, for import matching */
    size_t reserved;         /* bytes of address space mapped at base; 0 when allocated */
    bool guarded;            /* reserved covers every address an access can form */
    bool is64;               /* i64 addresses (memory64): never guarded, always checked */
};

struct wr_table {
    wr_store *store;
    wr_valtype elem;
    const wr_module *module;  /* whose type indices elem names; NULL for host tables */
    uint32_t size;
    uint32_t max;            /* the declared maximum capped by the engine */
    wr_limits declared;      /* what the type says, for import matching */
    bool is64;               /* i64 indices (table64) */
    void **elems;            /* wr_func* or externref */
};

struct wr_global {
    wr_store *store;
    wr_globaltype type;
    const wr_module *module;  /* whose type indices type names; NULL for host globals */
    wr_slot value[2];        /* v128 takes both */
};

/* An exception tag (3.0): matched by identity, so an imported tag is the exporter's
 * object itself. */
struct wr_exntag {
    wr_store *store;
    const wr_mfunctype *type; /* the values its exceptions carry: params, no results */
    uint32_t nslots;          /* slots those values take */
    wr_mfunctype own_type;    /* host-made tags: the type, owned */
    wr_valtype *pub_types;    /* host-made tags: own_type.pub's arrays */
};

/* A thrown exception: its tag and its values in slots (a v128 takes two). Owned by the
 * store (wr_store.exns), charged to its max_store_exceptions budget; see exception.c for
 * when it is freed. */
struct wr_exn {
    wr_exntag *tag;
    uint32_t index;           /* in wr_store.exns */
    bool marked;              /* exception.c's sweep */
    bool exposed;             /* handed out as an exnref (catch_ref, catch_all_ref) */
    wr_slot slots[];
};

/* An element segment as instantiated: its references, or none once dropped. */
typedef struct {
    uint32_t count;
    void **refs;
} wr_elemseg;

struct wr_instance {
    wr_module *module;
    wr_store *store;
    wr_func **funcs;
    wr_func *own_funcs;      /* the defined functions, one block that funcs[] points into:
                                they live and die with the instance, not in store->funcs */
    wr_table **tables;
    wr_memory **memories;
    wr_global **globals;
    wr_exntag **tags;
    wr_memory *memory0;      /* never NULL: points at no_memory when there is none */
    wr_memory no_memory;
    wr_elemseg *elems;
    uint32_t *data_sizes;    /* 0 once dropped */
    void *native;            /* the compiled tier's context (src/compile), or NULL */
    bool tier_waiting;       /* WR_TIER_AUTO: interpreted until its module's object is
                                ready, then switched by wr_tierup_switch (tierup.c) */
};

/* Where a running call returns to. */
typedef struct wr_callrec {
    const wr_insn *ret_pc;
    wr_slot *fp;
    const wr_code *code;
    wr_instance *instance;
} wr_callrec;

/* What a store's objects have taken of the engine's per-store limits (wr_config), one
 * entry per limit; budget.c has the table naming each entry's setting. Charges only grow:
 * objects live as long as their store. */
typedef enum {
    WR_BUDGET_INSTANCES,
    WR_BUDGET_MEMORIES,
    WR_BUDGET_TABLES,
    WR_BUDGET_FUNCTIONS,
    WR_BUDGET_GLOBALS,
    WR_BUDGET_MEMORY_PAGES,
    WR_BUDGET_TABLE_ELEMS,
    WR_BUDGET_TAGS,
    WR_BUDGET_EXCEPTIONS,
    WR_BUDGET_COUNT
} wr_budget_item;

/* Objects of one kind that a store owns. */
typedef struct {
    void **items;
    size_t count, cap;
    const wr_allocator *alloc; /* the store's engine's */
} wr_objlist;

struct wr_store {
    wr_engine *engine;
    void *data;
    atomic_int interrupt;
    /* Nonzero while the exec loop's checkpoints have something to do: the interrupt
     * flag's bit, and the fuel bit for the store's whole life when fuel is configured. */
    atomic_int attention;
    wr_objlist funcs, tables, memories, globals, instances, tags;
    wr_objlist exns;         /* live exceptions (wr_exn), each knowing its index */
    uint64_t budget_used[WR_BUDGET_COUNT];

    /* The execution stacks, allocated on the first call. Nested calls (host -> wasm)
     * continue above the frames of the calls they are nested in. */
    wr_slot *stack;
    wr_slot *stack_end;
    wr_slot *stack_top;      /* where the next entered call puts its frame */
    wr_callrec *recs;
    uint32_t nrecs;          /* capacity: max_call_depth */
    uint32_t rec_top;        /* records in use */
    uint32_t host_depth;     /* wr_func_call nesting */
    uint32_t tier_waiting;   /* instances with tier_waiting set; beside host_depth, which
                                every call reads with it (and in its padding) */
    uintptr_t c_stack_base;  /* C stack address of the outermost wr_func_call */
    uintptr_t c_stack_last;  /* ... and of the innermost one */
    uintptr_t c_level_max;   /* the most C stack one nesting level has taken */
    int64_t fuel_left;
    unsigned tier_seen;      /* the engine's count of ended builds when they were last
                                looked at (tierup.c) */
};

enum { WR_ATTENTION_INTERRUPT = 1, WR_ATTENTION_FUEL = 2 };

struct wr_caller {
    wr_store *store;
    wr_instance *instance;
};

/* Adds an object to a store's list; false when out of memory (the object is not added). */
bool wr_store_own(wr_objlist *list, void *item);
/* Whether v may be used in store: anything but a funcref of another store. Inline: every
 * argument of wr_func_call passes through it. */
static inline bool wr_store_holds(const wr_store *store, const wr_val *v)
{
    return v->type != WR_FUNCREF || !v->of.funcref || v->of.funcref->store == store;
}

/* Charge n of item to the store's budget: false, and nothing charged, when that would pass
 * the limit. wr_budget_refund gives back a charge whose object could not be made. */
bool wr_budget_charge(wr_store *store, wr_budget_item item, uint64_t n);
void wr_budget_refund(wr_store *store, wr_budget_item item, uint64_t n);
/* The WR_ERR_LIMIT error for a charge of n that wr_budget_charge refused, naming what,
 * the setting and how much the store holds already. */
wr_error *wr_budget_error(const wr_store *store, wr_budget_item item, uint64_t n);
/* A module's declarations over the engine's per-module limits: the WR_ERR_LIMIT error
 * naming the setting, or NULL. */
wr_error *wr_budget_check_module(const wr_module *m);

/* Make a memory or table owned by the store and charged to its budget. Errors:
 * WR_ERR_LIMIT (the engine's size cap or the store's budget), WR_ERR_NOMEM. */
wr_error *wr_memory_make(wr_store *store, const wr_memtype *type, wr_memory **out);
void wr_memory_release(wr_memory *mem);
wr_error *wr_table_make(wr_store *store, const wr_tabletype *type, void *init, wr_table **out);
void wr_table_release(wr_table *table);
void wr_instance_release(wr_instance *inst);
void wr_func_release(wr_func *func);

/* Exceptions (exception.c). A tag of a module's tag type, owned by the store and charged
 * to its budget. */
wr_error *wr_exntag_make(wr_store *store, const wr_mfunctype *type, wr_exntag **out);
void wr_exntag_release(wr_exntag *tag);
/* A new exception of tag with its values copied from slots; NULL when out of memory or
 * over the store's max_store_exceptions, with *err set to the error to end the call with. */
wr_exn *wr_exn_new(wr_store *store, wr_exntag *tag, const wr_slot *slots, wr_error **err);
/* Frees an exception no reference can reach (caught by catch or catch_all). */
void wr_exn_drop(wr_store *store, wr_exn *exn);
/* The exception a WR_ERR_EXCEPTION error stands for, thrown again where a host function
 * returned it; frees err. NULL when it cannot be made, with *out set to the error to end
 * the call with instead. */
wr_exn *wr_exn_from_error(wr_store *store, wr_error *err, wr_error **out);
/* The WR_ERR_EXCEPTION error for an exception leaving a call uncaught. */
wr_error *wr_exn_error(wr_exn *exn);
/* Frees the exceptions that no global or table of the store holds, nor `keep` (n values):
 * called when the outermost call returns, when no frame can hold one. */
void wr_exn_sweep(wr_store *store, const wr_val *keep, size_t n);
void wr_exn_free_all(wr_store *store);

/* Host functions called from the interpreter: args and results live in slots. */
wr_error *wr_call_host(wr_store *store, const wr_func *func, wr_instance *caller, wr_slot *slots);

/* The lowest address of the running thread's C stack (stacks grow down on every host
 * wr supports), or 0 when unknown. */
uintptr_t wr_cstack_floor(void);

/* Runs a wasm function whose arguments are in fp[0..]; results land there too. */
wr_error *wr_exec(wr_store *store, const wr_func *func, wr_slot *fp);

/* Background tier-up (tierup.c, WR_TIER_AUTO engines). The engine's build queue: NULL when
 * it cannot be made. */
struct wr_tierq *wr_tierq_new(const wr_allocator *alloc);
void wr_tierq_free(struct wr_tierq *q);
/* Queues the build of a module just made; fails only when out of memory. */
wr_error *wr_tierup_start(wr_module *m);
/* Cancels or waits out the module's build and frees its state: before the module is
 * destroyed. */
void wr_tierup_end(wr_module *m);
/* Gives a new instance its compiled context when its module has one (every tier), or
 * makes it wait for the object (WR_TIER_AUTO). */
wr_error *wr_tierup_attach(wr_instance *inst);
/* Switches the store's waiting instances whose objects are ready: only when no call of
 * the store is running (host_depth 0). */
void wr_tierup_switch(wr_store *store);

/* Equivalence of function types, across modules (decode/types.c); the same type and
 * types of one module are the fast cases call_indirect meets. */
static inline bool wr_functype_equal(const wr_mfunctype *a, const wr_mfunctype *b)
{
    if (a == b)
        return true;
    if (a->module && a->module == b->module)
        return a->canon == b->canon;
    return wr_functypes_equivalent(a, b);
}

/* A table index from a slot: an i32, or for a table64 an i64 saturated to UINT32_MAX, which
 * is out of bounds of every table (a size is a uint32_t), so every bounds check and trap
 * stays exact while the table code works in 32 bits. */
static inline uint32_t wr_table_index(bool is64, wr_slot v)
{
    if (!is64)
        return v.u32;
    return v.u64 > UINT32_MAX ? UINT32_MAX : (uint32_t)v.u64;
}

/* Memory and table operations shared by instantiation and the interpreter; they return
 * the trap they raise or WR_TRAP_NONE. */
int64_t wr_memory_grow_pages(wr_memory *mem, uint64_t delta); /* old pages, or -1 */
int64_t wr_table_grow_elems(wr_table *table, uint32_t delta, void *init); /* old size, or -1 */
wr_trap_kind wr_table_init_segment(wr_table *table, const wr_elemseg *seg, uint32_t dst,
                                   uint32_t src, uint32_t n);
wr_trap_kind wr_memory_init_segment(wr_memory *mem, const uint8_t *data, uint32_t data_size,
                                    uint64_t dst, uint32_t src, uint32_t n);

/* May value v stand where type t (whose type indices are m's; m NULL when t has none) is
 * expected? Its kind (wr_valtype_val), null only where t allows it, and for (ref $t) a
 * function of an equivalent type: what typed code relies on without checking again. */
bool wr_val_fits(const wr_module *m, wr_valtype t, const wr_val *v);

/* Slots <-> values for the API boundary. */
void wr_slots_from_vals(wr_slot *slots, const uint8_t *types, uint32_t n, const wr_val *vals);
void wr_vals_from_slots(wr_val *vals, const uint8_t *types, uint32_t n, const wr_slot *slots);

#endif
