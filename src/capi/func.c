/* Functions: host functions behind wasm.h callbacks, and calls into any function. */
#include <stdlib.h>

#include "capi/capi.h"
#include "util/alloc.h"

/* Calls with up to this many arguments or results convert them on the C stack. */
#define INLINE_VALS 8

typedef struct host_env {
    wasm_store_t *store;
    wr_functype type; /* params owns the array */
    wasm_func_callback_t callback;
    wasm_func_callback_with_env_t callback_with_env;
    void *env;
    void (*finalizer)(void *);
} host_env;

static void host_env_free(void *p)
{
    host_env *h = p;
    if (h->finalizer)
        h->finalizer(h->env);
    wr_mem_free((void *)h->type.params);
    wr_mem_free(h);
}

static void delete_vals(wasm_val_t *vals, size_t n)
{
    for (size_t i = 0; i < n; i++)
        wasm_val_delete(&vals[i]);
}

static wr_error *call_host(host_env *h, const wr_val *args, wr_val *results, wasm_val_t *cargs,
                           wasm_val_t *cresults)
{
    uint32_t np = h->type.nparams, nr = h->type.nresults;
    for (uint32_t i = 0; i < np; i++) {
        if (!wr_capi_val_from_wr(h->store, &args[i], &cargs[i])) {
            delete_vals(cargs, i);
            return wr_trap_new("a host function cannot take a v128 argument or a caught "
                               "exception (exnref) through wasm.h");
        }
    }
    for (uint32_t i = 0; i < nr; i++)
        cresults[i] = (wasm_val_t){.kind = wr_capi_valtype_from_wr(h->type.results[i]),
                                   .of = {.ref = NULL}};
    wasm_val_vec_t arg_vec = {np, cargs}, result_vec = {nr, cresults};
    wasm_trap_t *trap = h->callback ? h->callback(&arg_vec, &result_vec)
                                    : h->callback_with_env(h->env, &arg_vec, &result_vec);
    delete_vals(cargs, np);
    wr_error *err = trap ? wr_capi_trap_to_error(trap) : NULL;
    for (uint32_t i = 0; i < nr && !err; i++)
        if (!wr_capi_val_to_wr(h->store, &cresults[i], h->type.results[i], &results[i]))
            err = wr_trap_new("host function result %u has the wrong type", i);
    delete_vals(cresults, nr);
    return err;
}

static wr_error *host_trampoline(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    (void)caller;
    host_env *h = env;
    size_t n = (size_t)h->type.nparams + h->type.nresults;
    wasm_val_t inline_vals[INLINE_VALS];
    wasm_val_t *vals = n <= INLINE_VALS ? inline_vals : wr_mem_alloc(&wr_default_allocator, n,
                                                                     sizeof *vals);
    if (!vals)
        return wr_trap_new("out of memory");
    wr_error *err = call_host(h, args, results, vals, vals + h->type.nparams);
    if (vals != inline_vals)
        wr_mem_free(vals);
    return err;
}

static wasm_func_t *func_new(wasm_store_t *store, const wasm_functype_t *type, host_env *h)
{
    h->store = store;
    if (!wr_capi_functype_to_wr(type, &h->type)) {
        wr_mem_free(h);
        return NULL;
    }
    wr_func *f = wr_func_new_host(store->store, &h->type, host_trampoline, h, host_env_free);
    if (!f) {
        h->finalizer = NULL; /* the caller's env stays the caller's when nothing was made */
        host_env_free(h);
        return NULL;
    }
    /* From here the store owns h; a missing handle only loses the caller's reference. */
    return (wasm_func_t *)wr_capi_handle(wr_capi_store_object(store, WR_CAPI_FUNC, f));
}

wasm_func_t *wasm_func_new(wasm_store_t *store, const wasm_functype_t *type,
                           wasm_func_callback_t callback)
{
    host_env *h = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *h);
    if (!h)
        return NULL;
    h->callback = callback;
    return func_new(store, type, h);
}

wasm_func_t *wasm_func_new_with_env(wasm_store_t *store, const wasm_functype_t *type,
                                    wasm_func_callback_with_env_t callback, void *env,
                                    void (*finalizer)(void *))
{
    host_env *h = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *h);
    if (!h)
        return NULL;
    h->callback_with_env = callback;
    h->env = env;
    h->finalizer = finalizer;
    return func_new(store, type, h);
}

wasm_functype_t *wasm_func_type(const wasm_func_t *func)
{
    return wr_capi_functype_from_wr(wr_func_type(wr_capi_obj(func)->of.func.func));
}

size_t wasm_func_param_arity(const wasm_func_t *func)
{
    return wr_func_type(wr_capi_obj(func)->of.func.func)->nparams;
}

size_t wasm_func_result_arity(const wasm_func_t *func)
{
    return wr_func_type(wr_capi_obj(func)->of.func.func)->nresults;
}

static wasm_trap_t *trap_text(const char *text)
{
    return wr_capi_trap_from_error(wr_trap_new("%s", text), NULL);
}

static wasm_trap_t *call(const wr_capi_object *obj, const wasm_val_vec_t *args,
                         wasm_val_vec_t *results, wr_val *wargs, wr_val *wresults)
{
    const wr_functype *type = wr_func_type(obj->of.func.func);
    for (uint32_t i = 0; i < type->nparams; i++)
        if (!wr_capi_val_to_wr(obj->store, &args->data[i], type->params[i], &wargs[i]))
            return trap_text("argument of the wrong type");
    wr_error *err = wr_func_call(obj->store->store, obj->of.func.func, wargs, type->nparams,
                                 wresults, type->nresults);
    if (err)
        return wr_capi_trap_from_error(err, obj->store);
    for (uint32_t i = 0; i < type->nresults; i++) {
        if (!wr_capi_val_from_wr(obj->store, &wresults[i], &results->data[i])) {
            delete_vals(results->data, i);
            return trap_text("a v128 result or a caught exception (exnref) cannot be "
                             "returned through wasm.h");
        }
    }
    return NULL;
}

wasm_trap_t *wasm_func_call(const wasm_func_t *func, const wasm_val_vec_t *args,
                            wasm_val_vec_t *results)
{
    const wr_capi_object *obj = wr_capi_obj(func);
    if (!obj || !obj->store)
        return trap_text("call of a function whose store is gone");
    const wr_functype *type = wr_func_type(obj->of.func.func);
    size_t nargs = args ? args->size : 0, nresults = results ? results->size : 0;
    if (nargs != type->nparams)
        return trap_text("wrong number of arguments");
    if (nresults < type->nresults)
        return trap_text("too few result slots");
    size_t n = (size_t)type->nparams + type->nresults;
    wr_val inline_vals[INLINE_VALS];
    wr_val *vals = n <= INLINE_VALS ? inline_vals : wr_mem_alloc(&wr_default_allocator, n,
                                                                 sizeof *vals);
    if (!vals)
        return trap_text("out of memory");
    wasm_trap_t *trap = call(obj, args, results, vals, vals + type->nparams);
    if (vals != inline_vals)
        wr_mem_free(vals);
    return trap;
}
