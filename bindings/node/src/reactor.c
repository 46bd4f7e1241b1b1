/*
 * reactor.c - the Node-API addon's reactors: startReactor, call, callTagged, cancel, close,
 * and the store/load/cleanup hooks that run JS functions while a worker waits.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "wr_node.h"

/* ---------------------------------------------------------------- reactors */

static void reactor_unlink_free(napi_env env, nreactor *nr)
{
    addon *a = nr->a;
    if (nr->prev)
        nr->prev->next = nr->next;
    else if (a->reactors == nr)
        a->reactors = nr->next;
    if (nr->next)
        nr->next->prev = nr->prev;
    if (nr->r) /* libwr reactor API: closed or idle here, so this joins at once */
        wr_reactor_free(nr->r);
    for (int k = 0; k < HOOK_KINDS; k++)
        if (nr->hooks[k])
            napi_delete_reference(env, nr->hooks[k]);
    if (nr->self)
        napi_delete_reference(env, nr->self);
    wr_node_setup_free(env, nr->s);
    free(nr->exports);
    free(nr);
}

/* The JS wrapper was collected: it cannot have calls in flight (they hold it strongly). */
static void reactor_finalize(napi_env env, void *data, void *hint)
{
    (void)hint;
    nreactor *nr = data;
    nr->finalized = true;
    if (nr->inflight == 0)
        reactor_unlink_free(env, nr);
}

/* A call or a close in flight keeps the JS wrapper (and so the reactor) alive. */
static void hold(napi_env env, nreactor *nr)
{
    if (nr->inflight++ == 0)
        napi_reference_ref(env, nr->self, NULL);
}

static void release(napi_env env, nreactor *nr)
{
    if (--nr->inflight > 0)
        return;
    napi_reference_unref(env, nr->self, NULL);
    if (nr->finalized)
        reactor_unlink_free(env, nr);
}

static void start_execute(napi_env env, void *data)
{
    (void)env;
    nreactor *nr = data;
    wr_node_load_module(nr->s);
    if (!nr->s->err) /* libwr reactor API */
        nr->s->err = wr_reactor_new(nr->s->module, &nr->s->cfg, &nr->r);
}

static const char *type_name(wr_valtype t)
{
    return t == WR_I32 ? "i32" : t == WR_I64 ? "i64" : t == WR_F32 ? "f32"
         : t == WR_F64 ? "f64" : t == WR_V128 ? "v128" : "ref";
}

static napi_value type_list(napi_env env, const wr_valtype *ts, uint32_t n)
{
    napi_value list, s;
    napi_create_array_with_length(env, n, &list);
    for (uint32_t j = 0; j < n; j++) {
        napi_create_string_utf8(env, type_name(ts[j]), NAPI_AUTO_LENGTH, &s);
        napi_set_element(env, list, j, s);
    }
    return list;
}

/* Resolve the exported functions once (libwr reactor API); false when memory is short. */
static bool find_exports(nreactor *nr)
{
    const wr_module *m = nr->s->module;
    size_t n = wr_module_export_count(m);
    nr->exports = calloc(n ? n : 1, sizeof *nr->exports);
    if (!nr->exports)
        return false;
    for (size_t i = 0; i < n; i++) {
        wr_name name;
        wr_externtype t;
        const wr_reactor_fn *fn;
        wr_module_export(m, i, &name, &t);
        if (t.kind != WR_EXTERN_FUNC || strlen(name.data) != name.len)
            continue; /* a name with a NUL byte cannot be called by name */
        wr_error *e = wr_reactor_export(nr->r, name.data, &fn);
        if (e) {
            wr_error_free(e);
            continue;
        }
        nr->exports[nr->nexports++] =
            (struct nexport){fn, wr_reactor_fn_name(fn), *wr_reactor_fn_type(fn)};
    }
    return true;
}

/* For lib/index.js: [{ name, params: ["i32", ...], results: [...] }], in index order. */
static napi_value describe_exports(napi_env env, const nreactor *nr)
{
    napi_value arr;
    napi_create_array_with_length(env, nr->nexports, &arr);
    for (uint32_t i = 0; i < nr->nexports; i++) {
        const struct nexport *x = &nr->exports[i];
        napi_value e;
        napi_create_object(env, &e);
        wr_node_set_str(env, e, "name", x->name);
        napi_set_named_property(env, e, "params", type_list(env, x->type.params, x->type.nparams));
        napi_set_named_property(env, e, "results",
                                type_list(env, x->type.results, x->type.nresults));
        napi_set_element(env, arr, i, e);
    }
    return arr;
}

static void start_complete(napi_env env, napi_status status, void *data)
{
    nreactor *nr = data;
    setup *s = nr->s;
    addon *a = s->a;
    napi_deferred d = s->deferred;
    napi_delete_async_work(env, s->work);
    wr_node_drain(env, NULL, a, NULL); /* _initialize's output before the answer */
    wr_node_pending_add(env, a, -1);
    if (status == napi_ok && !s->err && !find_exports(nr))
        status = napi_generic_failure;
    if (status != napi_ok || s->err) {
        napi_value err = s->err ? wr_node_error_from_wr(env, a, s->err)
                                : wr_node_make_error(env, a, "nomem", "out of memory", 0, NULL);
        s->err = NULL;
        reactor_unlink_free(env, nr); /* never linked: frees what start made */
        napi_reject_deferred(env, d, err);
        return;
    }
    napi_value obj, info;
    napi_create_object(env, &obj);
    napi_wrap(env, obj, nr, reactor_finalize, NULL, NULL);
    napi_create_reference(env, obj, 0, &nr->self);
    nr->next = a->reactors;
    if (a->reactors)
        a->reactors->prev = nr;
    a->reactors = nr;
    napi_create_object(env, &info);
    napi_set_named_property(env, info, "handle", obj);
    napi_set_named_property(env, info, "exports", describe_exports(env, nr));
    wr_node_set_num(env, info, "workers", wr_reactor_workers(nr->r));
    napi_resolve_deferred(env, d, info);
}

/* startReactor(options) -> Promise<{ handle, exports, workers }> */
napi_value wr_node_js_start_reactor(napi_env env, napi_callback_info info)
{
    napi_value options;
    setup *s = wr_node_setup_of_call(env, info, &options);
    if (!s)
        return NULL;
    nreactor *nr = calloc(1, sizeof *nr);
    if (!nr) {
        wr_node_setup_free(env, s);
        return wr_node_fail(env, "out of memory");
    }
    nr->a = s->a;
    nr->s = s;
    static const char *const hook_names[HOOK_KINDS] = {"storeHook", "loadHook", "cleanupHook"};
    for (int k = 0; k < HOOK_KINDS; k++) {
        napi_value v = wr_node_get_prop(env, options, hook_names[k]);
        if (v)
            napi_create_reference(env, v, 1, &nr->hooks[k]);
    }
    napi_value p = wr_node_start_work(env, s, nr, start_execute, start_complete);
    if (!p)
        reactor_unlink_free(env, nr);
    return p;
}

static nreactor *unwrap_reactor(napi_env env, napi_value obj)
{
    nreactor *nr = NULL;
    if (napi_unwrap(env, obj, (void **)&nr) != napi_ok || !nr || !nr->r) {
        wr_node_type_error(env, "not a live reactor");
        return NULL;
    }
    return nr;
}

/* ---------------------------------------------------------------- hooks (worker side) */

/* Runs on the worker: hand the hook to the JS thread and wait for its answer (-1 when the
 * env is going away). */
static int hook_wait(wr_hook_ctx *ctx, void *user, hook_kind kind)
{
    nreactor *nr = user;
    addon *a = nr->a;
    hook_item h = {.base.kind = ITEM_HOOK, .fn = nr->hooks[kind], .ctx = ctx, .kind = kind};
    pthread_mutex_lock(&a->lock);
    if (a->closing) {
        pthread_mutex_unlock(&a->lock);
        return -1;
    }
    bool signal = wr_node_append_locked(a, &h.base);
    pthread_mutex_unlock(&a->lock);
    if (signal)
        napi_call_threadsafe_function(a->tsfn, NULL, napi_tsfn_nonblocking);
    pthread_mutex_lock(&a->lock);
    while (!h.done && !a->closing)
        pthread_cond_wait(&a->hook_cond, &a->lock);
    int result = h.done ? h.result : -1;
    pthread_mutex_unlock(&a->lock);
    return result;
}

static int store_hook(wr_hook_ctx *ctx, void *user) { return hook_wait(ctx, user, HOOK_STORE); }
static int load_hook(wr_hook_ctx *ctx, void *user) { return hook_wait(ctx, user, HOOK_LOAD); }
static int cleanup_hook(wr_hook_ctx *ctx, void *user)
{
    return hook_wait(ctx, user, HOOK_CLEANUP);
}

/* On the JS thread: call the hook with { memory, args (store) | results (load) | status
 * (cleanup), callId, worker }, write changed values back, detach the memory, wake the
 * worker. */
void wr_node_run_hook(napi_env env, addon *a, hook_item *h)
{
    napi_value ctxobj, fn, ret = NULL, ab = NULL, view, list, global;
    size_t size = 0, n = 0;
    uint8_t *mem = wr_hook_memory(h->ctx, &size);
    wr_val *vals = h->kind == HOOK_STORE  ? wr_hook_args(h->ctx, &n)
                   : h->kind == HOOK_LOAD ? wr_hook_results(h->ctx, &n)
                                          : NULL;
    napi_create_object(env, &ctxobj);
    if (mem && napi_create_external_arraybuffer(env, mem, size, NULL, NULL, &ab) == napi_ok &&
        napi_create_typedarray(env, napi_uint8_array, size, ab, 0, &view) == napi_ok)
        napi_set_named_property(env, ctxobj, "memory", view);
    napi_create_array_with_length(env, n, &list);
    for (size_t i = 0; i < n; i++)
        napi_set_element(env, list, (uint32_t)i, wr_node_val_to_js(env, vals[i]));
    if (h->kind == HOOK_CLEANUP)
        wr_node_set_str(env, ctxobj, "status", wr_hook_status(h->ctx) == WR_CALL_OK
                                           ? "ok" : wr_node_status_name(wr_hook_status(h->ctx)));
    else
        napi_set_named_property(env, ctxobj, h->kind == HOOK_LOAD ? "results" : "args", list);
    wr_node_set_num(env, ctxobj, "callId", (double)wr_hook_call_id(h->ctx));
    wr_node_set_num(env, ctxobj, "worker", wr_hook_worker(h->ctx));
    napi_get_global(env, &global);
    int result = -1;
    if (napi_get_reference_value(env, h->fn, &fn) == napi_ok &&
        napi_call_function(env, global, fn, 1, &ctxobj, &ret) == napi_ok) {
        napi_valuetype t;
        napi_typeof(env, ret, &t);
        result = 0;
        if (t == napi_number)
            napi_get_value_int32(env, ret, &result);
        for (size_t i = 0; i < n && result == 0; i++)
            if (!wr_node_val_from_js(env, wr_node_array_at(env, list, (uint32_t)i), vals[i].type,
                                     &vals[i]))
                result = -1;
    }
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) { /* a throwing hook fails its call with code -1 */
        napi_value ex;
        napi_get_and_clear_last_exception(env, &ex);
        result = -1;
    }
    if (ab)
        napi_detach_arraybuffer(env, ab);
    pthread_mutex_lock(&a->lock);
    h->result = result;
    h->done = true;
    pthread_cond_broadcast(&a->hook_cond);
    pthread_mutex_unlock(&a->lock);
}

/* ---------------------------------------------------------------- calls */

static void on_call_done(wr_future *f, void *user)
{
    (void)f;
    call_item *c = user;
    wr_node_push(c->owner->a, &c->base);
}

void wr_node_call_unref(call_item *c)
{
    if (--c->refs == 0)
        free(c);
}

static void token_finalize(napi_env env, void *data, void *hint)
{
    (void)env;
    (void)hint;
    wr_node_call_unref(data);
}

void wr_node_settle_call(napi_env env, addon *a, call_item *c)
{
    nreactor *nr = c->owner;
    wr_future *f = c->f;
    wr_call_status st = wr_future_status(f);
    napi_value v;
    if (st == WR_CALL_OK && c->tagged) {
        size_t n;
        const wr_tagged *t = wr_future_tagged(f, &n);
        napi_create_array_with_length(env, n, &v);
        for (size_t i = 0; i < n; i++)
            napi_set_element(env, v, (uint32_t)i, wr_node_tagged_to_js(env, &t[i]));
        napi_resolve_deferred(env, c->deferred, v);
    } else if (st == WR_CALL_OK) {
        size_t n;
        const wr_val *r = wr_future_results(f, &n);
        napi_resolve_deferred(env, c->deferred, wr_node_vals_to_js(env, r, n));
    } else {
        napi_reject_deferred(env, c->deferred, wr_node_future_error(env, a, f));
    }
    wr_future_free(f);
    c->f = NULL;
    wr_node_call_unref(c);
    wr_node_pending_add(env, a, -1);
    release(env, nr);
}

/* Fill opts from the JS call options (deadlineMs, hooks); deadline < 0 means none. */
static void call_options(napi_env env, nreactor *nr, napi_value deadline, wr_call_options *opts)
{
    wr_call_options_default(opts);
    double d;
    napi_valuetype t;
    napi_typeof(env, deadline, &t);
    if (t == napi_number && napi_get_value_double(env, deadline, &d) == napi_ok)
        opts->deadline_ns = d > 0 ? (int64_t)(d * 1e6) : -1;
    opts->store_hook = nr->hooks[HOOK_STORE] ? store_hook : NULL;
    opts->load_hook = nr->hooks[HOOK_LOAD] ? load_hook : NULL;
    opts->cleanup_hook = nr->hooks[HOOK_CLEANUP] ? cleanup_hook : NULL;
    opts->user = nr;
}

/* Submit; returns the promise, or [promise, token] when a cancel token was asked for. */
static napi_value submit(napi_env env, nreactor *nr, call_item *c, wr_error *err, bool token)
{
    addon *a = nr->a;
    if (err) {
        free(c);
        napi_throw(env, wr_node_error_from_wr(env, a, err));
        return NULL;
    }
    napi_value promise, out, ext;
    if (napi_create_promise(env, &c->deferred, &promise) != napi_ok) {
        wr_future_cancel(c->f);
        wr_future_free(c->f);
        free(c);
        return wr_node_fail(env, "cannot make a promise");
    }
    c->refs = 1;
    hold(env, nr);
    wr_node_pending_add(env, a, 1);
    out = promise;
    if (token && napi_create_external(env, c, token_finalize, NULL, &ext) == napi_ok) {
        c->refs++;
        napi_create_array_with_length(env, 2, &out);
        napi_set_element(env, out, 0, promise);
        napi_set_element(env, out, 1, ext);
    }
    wr_future_on_complete(c->f, on_call_done, c); /* may run now: the item is queued */
    return out;
}

/* The export at JS's index argument, or NULL (TypeError thrown). */
static const struct nexport *export_at(napi_env env, nreactor *nr, napi_value index)
{
    uint32_t i;
    if (napi_get_value_uint32(env, index, &i) != napi_ok || i >= nr->nexports) {
        wr_node_type_error(env, "not an export index");
        return NULL;
    }
    return &nr->exports[i];
}

/* Convert the JS values into vals: plain ones by the export's parameter types (a wrong count
 * is libwr's error), tagged ones by their shape, strings copied into owned. */
static bool values_from_js(napi_env env, const struct nexport *x, napi_value list, uint32_t n,
                           bool tagged, void *vals, char **owned)
{
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        napi_value v = wr_node_array_at(env, list, i);
        ok = tagged ? wr_node_tagged_from_js(env, v, (wr_tagged *)vals + i, &owned[i])
                    : wr_node_val_from_js(env, v, i < x->type.nparams ? x->type.params[i] : WR_I32,
                                  (wr_val *)vals + i);
    }
    return ok;
}

/* call / callTagged(handle, exportIndex, values[], deadlineMs, wantToken) */
static napi_value call_js(napi_env env, napi_callback_info info, bool tagged)
{
    size_t argc = 5;
    napi_value argv[5];
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    nreactor *nr = unwrap_reactor(env, argv[0]);
    const struct nexport *x = nr ? export_at(env, nr, argv[1]) : NULL;
    if (!x)
        return NULL;
    uint32_t n = wr_node_array_length(env, argv[2]);
    size_t size = tagged ? sizeof(wr_tagged) : sizeof(wr_val);
    void *vals = calloc(n ? n : 1, size);
    char **owned = calloc(n ? n : 1, sizeof *owned);
    call_item *c = calloc(1, sizeof *c);
    napi_value out = NULL;
    if (!vals || !owned || !c)
        wr_node_fail(env, "out of memory");
    else if (values_from_js(env, x, argv[2], n, tagged, vals, owned)) {
        c->base.kind = ITEM_CALL;
        c->owner = nr;
        c->tagged = tagged;
        wr_call_options opts;
        call_options(env, nr, argv[3], &opts);
        bool token = false;
        napi_get_value_bool(env, argv[4], &token);
        wr_error *err = tagged /* libwr reactor API */
                            ? wr_reactor_invoke_tagged(nr->r, x->fn, vals, n, &opts, &c->f)
                            : wr_reactor_invoke(nr->r, x->fn, vals, n, &opts, &c->f);
        out = submit(env, nr, c, err, token); /* takes c */
        c = NULL;
    }
    for (uint32_t i = 0; owned && i < n; i++)
        free(owned[i]);
    free(owned);
    free(vals);
    free(c);
    return out;
}

napi_value wr_node_js_call(napi_env env, napi_callback_info info)
{
    return call_js(env, info, false);
}

napi_value wr_node_js_call_tagged(napi_env env, napi_callback_info info)
{
    return call_js(env, info, true);
}

/* cancel(token): true when the cancel took effect. */
napi_value wr_node_js_cancel(napi_env env, napi_callback_info info)
{
    size_t argc = 1;
    napi_value argv[1], out;
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    call_item *c = NULL;
    napi_get_value_external(env, argv[0], (void **)&c);
    napi_get_boolean(env, c && c->f && wr_future_cancel(c->f), &out);
    return out;
}

static void close_execute(napi_env env, void *data)
{
    (void)env;
    nreactor *nr = data;
    wr_reactor_close(nr->r, true); /* libwr reactor API */
}

static void close_complete(napi_env env, napi_status status, void *data)
{
    (void)status;
    nreactor *nr = data;
    napi_delete_async_work(env, nr->s->work);
    wr_node_drain(env, NULL, nr->a, NULL); /* the stopped calls reject before close resolves */
    wr_node_pending_add(env, nr->a, -1);
    napi_resolve_deferred(env, nr->s->deferred, wr_node_undefined(env));
    release(env, nr);
}

/* close(handle) -> Promise: stops running calls, fails queued ones, joins the workers off
 * the JS thread. */
napi_value wr_node_js_close(napi_env env, napi_callback_info info)
{
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    nreactor *nr = unwrap_reactor(env, argv[0]);
    if (!nr)
        return NULL;
    napi_value p = wr_node_start_work(env, nr->s, nr, close_execute, close_complete);
    if (p)
        hold(env, nr);
    return p;
}
