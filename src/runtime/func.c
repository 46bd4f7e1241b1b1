/* Functions: host functions, calls from the host, and calls from wasm into the host. */
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "util/alloc.h"
#include "util/error.h"

/* Slots of the value stack shared by all calls in a store (8 MiB). */
#define STACK_SLOTS ((size_t)1 << 20)
/* Host -> wasm -> host ... nesting takes C stack at each level, so it is bounded in
 * levels and by the room left on the thread's stack: twice the largest level seen so far
 * plus a margin for the host function's own frames. Where the stack's bounds are
 * unknown, a fixed budget counted from the outermost call replaces the room check. A
 * level is about 1.5 KiB in optimised builds and over 100 KiB in unoptimised sanitizer
 * builds, where the room check is what stops a deep recursion. */
#define MAX_HOST_NESTING 64
#define HOST_STACK_BUDGET ((uintptr_t)1024 * 1024)
#define HOST_STACK_MARGIN ((uintptr_t)128 * 1024)
/* Arguments and results of host calls up to this many live on the C stack. */
#define INLINE_VALS 8

/* A host function's block: the function, then what only a host function has. */
typedef struct host_block {
    wr_func func;
    wr_host_func host;
} host_block;

wr_func *wr_func_new_host(wr_store *store, const wr_functype *type, wr_host_fn fn, void *env,
                          void (*env_free)(void *env))
{
    /* A host function has no module: its types cannot name a type index. */
    for (uint32_t i = 0; i < type->nparams + type->nresults; i++) {
        wr_valtype t = i < type->nparams ? type->params[i] : type->results[i - type->nparams];
        if (wr_valtype_heap_index(t) != UINT32_MAX)
            return NULL;
    }
    if (!wr_budget_charge(store, WR_BUDGET_FUNCTIONS, 1))
        return NULL;
    const wr_allocator *a = store->engine->alloc;
    host_block *b = wr_mem_zalloc(a, 1, sizeof *b);
    size_t n = (size_t)type->nparams + type->nresults;
    wr_host_func *h = b ? &b->host : NULL;
    if (h) {
        h->type.types = wr_mem_alloc(a, n ? n : 1, 1);
        h->pub_types = wr_mem_alloc(a, n ? n : 1, sizeof *h->pub_types);
    }
    if (!h || !h->type.types || !h->pub_types || !wr_store_own(&store->funcs, &b->func)) {
        if (h) {
            wr_mem_free(h->type.types);
            wr_mem_free(h->pub_types);
        }
        wr_mem_free(b);
        wr_budget_refund(store, WR_BUDGET_FUNCTIONS, 1);
        return NULL;
    }
    for (uint32_t i = 0; i < type->nparams; i++)
        h->pub_types[i] = type->params[i];
    for (uint32_t i = 0; i < type->nresults; i++)
        h->pub_types[type->nparams + i] = type->results[i];
    for (size_t i = 0; i < n; i++)
        h->type.types[i] = (uint8_t)wr_valtype_val(h->pub_types[i]);
    h->type.nparams = type->nparams;
    h->type.nresults = type->nresults;
    h->type.pub = (wr_functype){type->nparams, type->nresults, h->pub_types,
                                h->pub_types + type->nparams};
    h->fn = fn;
    h->env = env;
    h->env_free = env_free;
    b->func = (wr_func){.store = store, .type = &h->type, .host = h};
    return &b->func;
}

/* Host functions only: wasm functions belong to their instance's own_funcs. */
void wr_func_release(wr_func *func)
{
    wr_host_func *h = func->host;
    if (h->env_free)
        h->env_free(h->env);
    wr_mem_free(h->type.types);
    wr_mem_free(h->pub_types);
    wr_mem_free(func);
}

const wr_functype *wr_func_type(const wr_func *func) { return &func->type->pub; }

bool wr_func_index(const wr_func *func, uint32_t *index)
{
    if (!func->code)
        return false;
    *index = func->code->func_index;
    return true;
}

wr_store *wr_caller_store(wr_caller *caller) { return caller->store; }
wr_instance *wr_caller_instance(wr_caller *caller) { return caller->instance; }

wr_memory *wr_caller_memory(wr_caller *caller)
{
    if (!caller->instance || !caller->instance->module->nmemories)
        return NULL;
    return caller->instance->memories[0];
}

/* Allocate the store's stacks (at its first call into wasm). Out of line: wr_func_call's
 * frame stays small. */
static wr_error *__attribute__((noinline)) prepare_stacks(wr_store *store)
{
    uint32_t depth = store->engine->config.max_call_depth;
    if (depth > WR_MAX_CALL_DEPTH)
        return wr_error_new(WR_ERR_LIMIT,
                            "max_call_depth %u is above the largest supported, %u: lower "
                            "wr_config.max_call_depth",
                            depth, WR_MAX_CALL_DEPTH);
    store->nrecs = depth ? depth : 1;
    store->recs = wr_mem_alloc(store->engine->alloc, store->nrecs, sizeof *store->recs);
    store->stack = wr_mem_alloc(store->engine->alloc, STACK_SLOTS, sizeof *store->stack);
    if (!store->recs || !store->stack) {
        wr_mem_free(store->recs);
        wr_mem_free(store->stack);
        store->recs = NULL;
        store->stack = NULL;
        return wr_error_nomem();
    }
    store->stack_end = store->stack + STACK_SLOTS;
    store->stack_top = store->stack;
    store->rec_top = 0;
    return NULL;
}

wr_error *wr_call_host(wr_store *store, const wr_func *func, wr_instance *caller, wr_slot *slots)
{
    const wr_mfunctype *ft = func->type;
    wr_val args_buf[INLINE_VALS], results_buf[INLINE_VALS];
    wr_val *args = args_buf, *results = results_buf;
    if (ft->nparams > INLINE_VALS)
        args = wr_mem_alloc(store->engine->alloc, ft->nparams, sizeof *args);
    if (ft->nresults > INLINE_VALS)
        results = wr_mem_alloc(store->engine->alloc, ft->nresults, sizeof *results);
    wr_error *err = NULL;
    if (!args || !results) {
        err = wr_error_nomem();
        goto out;
    }
    wr_vals_from_slots(args, ft->types, ft->nparams, slots);
    for (uint32_t i = 0; i < ft->nresults; i++) {
        memset(&results[i], 0, sizeof results[i]);
        results[i].type = ft->types[ft->nparams + i];
    }
    wr_caller c = {store, caller};
    err = func->host->fn(&c, args, results, func->host->env);
    for (uint32_t i = 0; !err && i < ft->nresults; i++)
        if (!wr_store_holds(store, &results[i]))
            err = wr_trap_new("host function result %u is a funcref of another store", i);
    if (!err)
        wr_slots_from_vals(slots, ft->types + ft->nparams, ft->nresults, results);
out:
    if (args != args_buf)
        wr_mem_free(args);
    if (results != results_buf)
        wr_mem_free(results);
    return err;
}

/* The frame address rather than a local's: sanitizers may move locals to a heap "fake
 * stack", frames stay on the real one. */
#if defined(__GNUC__)
#define c_stack_here() ((uintptr_t)__builtin_frame_address(0))
#else
static uintptr_t c_stack_here(void)
{
    volatile char here = 0;
    return (uintptr_t)&here;
}
#endif

/* Whether another host -> wasm level, entered at C stack address here, may start. */
static bool c_stack_has_room(wr_store *store, uintptr_t here)
{
    /* The outermost call runs on whatever stack its caller left; only nesting is ours
     * to bound. */
    if (store->host_depth == 0) {
        store->c_stack_base = here;
        store->c_level_max = 0;
        return true;
    }
    if (store->c_stack_last > here && store->c_stack_last - here > store->c_level_max)
        store->c_level_max = store->c_stack_last - here;
    if (store->host_depth >= MAX_HOST_NESTING)
        return false;
    uintptr_t floor = wr_cstack_floor();
    if (floor)
        return here > floor && here - floor > 2 * store->c_level_max + HOST_STACK_MARGIN;
    uintptr_t base = store->c_stack_base;
    return (here < base ? base - here : here - base) <= HOST_STACK_BUDGET;
}

/* Why one of the arguments from i on does not fit its parameter, or NULL when all do: the
 * full check, for references (typed, null, of this store). Out of line, so that a call of
 * numbers keeps wr_func_call's frame small. */
static wr_error *__attribute__((noinline)) args_misfit(const wr_store *store,
                                                       const wr_mfunctype *ft,
                                                       const wr_val *args, size_t i)
{
    for (; i < ft->nparams; i++) {
        if (!wr_val_fits(ft->module, ft->pub.params[i], &args[i])) {
            char want[32];
            wr_valtype_format(ft->pub.params[i], want, sizeof want);
            return wr_error_new(WR_ERR_ARG, "argument %zu has the wrong type: %s given, %s "
                                "expected%s", i, wr_valtype_name(args[i].type), want,
                                args[i].type == wr_valtype_val(ft->pub.params[i])
                                    ? " (a null, or a function of another type)"
                                    : "");
        }
        if (!wr_store_holds(store, &args[i]))
            return wr_error_new(WR_ERR_ARG, "argument %zu is a funcref of another store", i);
    }
    return NULL;
}

/* Why a call of func in store with these counts cannot start. Out of line, as above. */
static wr_error *__attribute__((noinline)) call_misfit(const wr_store *store,
                                                       const wr_func *func, size_t nargs,
                                                       size_t nresults)
{
    const wr_mfunctype *ft = func->type;
    if (func->store != store)
        return wr_error_new(WR_ERR_ARG, "the function belongs to another store than the one "
                                        "given to wr_func_call");
    return wr_error_new(WR_ERR_ARG,
                        "function takes %u arguments and %u results, not %zu and %zu",
                        ft->nparams, ft->nresults, nargs, nresults);
}

/* wr_func_call of a host function (arguments checked). */
static wr_error *__attribute__((noinline)) call_host(wr_store *store, wr_func *func,
                                                     const wr_val *args, wr_val *results,
                                                     size_t nresults)
{
    const wr_mfunctype *ft = func->type;
    for (size_t i = 0; i < nresults; i++) {
        memset(&results[i], 0, sizeof results[i]);
        results[i].type = (wr_valtype)ft->types[ft->nparams + i];
    }
    wr_caller c = {store, NULL};
    return func->host->fn(&c, args, results, func->host->env);
}

wr_error *wr_func_call(wr_store *store, wr_func *func, const wr_val *args, size_t nargs,
                       wr_val *results, size_t nresults)
{
    const wr_mfunctype *ft = func->type;
    if (func->store != store || nargs != ft->nparams || nresults != ft->nresults)
        return call_misfit(store, func, nargs, nresults);
    /* The number types are the codes WR_V128 .. WR_I32: a number of its parameter's own type
     * fits. From the first other argument (a reference, a mismatch) on, the full check. */
    size_t plain = 0;
    while (plain < nargs && args[plain].type == ft->pub.params[plain] &&
           (uint32_t)args[plain].type - WR_V128 <= (uint32_t)(WR_I32 - WR_V128))
        plain++;
    if (plain < nargs) {
        wr_error *misfit = args_misfit(store, ft, args, plain);
        if (misfit)
            return misfit;
    }
    if (func->host)
        return call_host(store, func, args, results, nresults);
    wr_error *stacks_err = store->stack ? NULL : prepare_stacks(store);
    if (stacks_err)
        return stacks_err;
    /* The slots the arguments and results take, bounded without a walk of their types: two
     * for a v128, one for anything else. */
    size_t need = 2 * (size_t)(nargs > nresults ? nargs : nresults);
    if (!c_stack_has_room(store, c_stack_here()) ||
        (size_t)(store->stack_end - store->stack_top) < need)
        return wr_error_trap(WR_TRAP_STACK_EXHAUSTED);
    uintptr_t outer_last = store->c_stack_last;
    store->c_stack_last = c_stack_here();
    wr_slot *fp = store->stack_top;
    wr_slots_from_vals(fp, ft->types, ft->nparams, args);
    uint64_t fuel = store->engine->config.fuel;
    uint32_t depth = store->host_depth;
    if (depth == 0) {
        store->fuel_left = fuel > INT64_MAX ? INT64_MAX : (int64_t)fuel;
        /* WR_TIER_AUTO: instances switch to their objects between guest calls, never
         * within one. */
        if (store->tier_waiting)
            wr_tierup_switch(store);
    }
    store->host_depth = depth + 1;
    wr_error *err = wr_exec(store, func, fp);
    store->host_depth = depth;
    store->c_stack_last = outer_last;
    if (!err)
        wr_vals_from_slots(results, ft->types + ft->nparams, ft->nresults, fp);
    /* No frame is left to hold an exception: only globals, tables and the results can. */
    if (depth == 0 && store->exns.count)
        wr_exn_sweep(store, results, err ? 0 : nresults);
    return err;
}
