/*
 * wr_node.c - the Node-API addon's entry point: its state per env, the FIFO that carries
 * items from libwr's workers to the JS thread, the drain that delivers them, and teardown.
 * The threads and invariants are described in wr_node.h.
 */
#include <pthread.h>
#include <stdlib.h>

#include "wr_node.h"

/* ---------------------------------------------------------------- the FIFO */

/* Append under a->lock; returns whether the caller must signal the tsfn (the first item
 * since the last drain). */
bool wr_node_append_locked(addon *a, item *it)
{
    it->next = NULL;
    if (a->tail)
        a->tail->next = it;
    else
        a->head = it;
    a->tail = it;
    if (a->signalled || a->closing)
        return false;
    a->signalled = true;
    return true;
}

void wr_node_push(addon *a, item *it)
{
    pthread_mutex_lock(&a->lock);
    bool signal = wr_node_append_locked(a, it);
    pthread_mutex_unlock(&a->lock);
    /* Fails only at teardown (napi_closing), where the FIFO is dropped anyway. */
    if (signal)
        napi_call_threadsafe_function(a->tsfn, NULL, napi_tsfn_nonblocking);
}

/* pending counts what keeps the event loop alive: 0 -> 1 refs the tsfn, 1 -> 0 unrefs it. */
void wr_node_pending_add(napi_env env, addon *a, int delta)
{
    uint64_t before = a->pending;
    a->pending += delta;
    if (before == 0 && a->pending > 0)
        napi_ref_threadsafe_function(env, a->tsfn);
    else if (before > 0 && a->pending == 0)
        napi_unref_threadsafe_function(env, a->tsfn);
}

/* ---------------------------------------------------------------- the drain (JS thread) */

void wr_node_drain(napi_env env, napi_value js_cb, void *context, void *data)
{
    (void)js_cb;
    (void)data;
    addon *a = context;
    if (!env)
        return; /* the tsfn is being torn down */
    pthread_mutex_lock(&a->lock);
    item *it = a->head;
    a->head = a->tail = NULL;
    a->signalled = false;
    pthread_mutex_unlock(&a->lock);
    while (it) {
        item *next = it->next;
        napi_handle_scope scope;
        napi_open_handle_scope(env, &scope);
        switch (it->kind) {
        case ITEM_CALL: wr_node_settle_call(env, a, (call_item *)it); break;
        case ITEM_EXIT: wr_node_settle_exit(env, a, ((exit_item *)it)->cmd); break;
        case ITEM_OUTPUT:
            wr_node_deliver_output(env, (output_item *)it);
            free(it);
            break;
        case ITEM_HOOK: wr_node_run_hook(env, a, (hook_item *)it); break;
        }
        napi_close_handle_scope(env, scope);
        /* An exception thrown by a stdout callback or hook goes where uncaught ones go. */
        bool pending = false;
        napi_is_exception_pending(env, &pending);
        if (pending) {
            napi_value ex;
            napi_get_and_clear_last_exception(env, &ex);
            napi_fatal_exception(env, ex);
        }
        it = next;
    }
}

/* ---------------------------------------------------------------- module set-up */

static napi_value js_set_error_class(napi_env env, napi_callback_info info)
{
    addon *a;
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&a);
    if (a->error_class)
        napi_delete_reference(env, a->error_class);
    napi_create_reference(env, argv[0], 1, &a->error_class);
    return wr_node_undefined(env);
}

/* Take the FIFO and free its items undelivered. Hook items live on their workers' stacks and
 * exit items in their commands: they are only unlinked (hooks under the lock, before closing
 * wakes their workers). */
static void drop_items(addon *a, bool closing)
{
    pthread_mutex_lock(&a->lock);
    item *it = a->head;
    a->head = a->tail = NULL;
    if (closing) {
        a->closing = true;
        pthread_cond_broadcast(&a->hook_cond);
    }
    item *own = NULL;
    while (it) {
        item *next = it->next;
        if (it->kind != ITEM_HOOK && it->kind != ITEM_EXIT) {
            it->next = own;
            own = it;
        }
        it = next;
    }
    pthread_mutex_unlock(&a->lock);
    while (own) {
        item *next = own->next;
        if (own->kind == ITEM_CALL) {
            call_item *c = (call_item *)own;
            wr_future_free(c->f);
            c->f = NULL;
            wr_node_call_unref(c);
        } else {
            free(own);
        }
        own = next;
    }
}

/* Env teardown (before the finalizers run): nothing more reaches JS. Release waiting hooks,
 * stop every reactor and command, drop the FIFO. The reactors are freed by their finalizers,
 * the commands' last references by their handles' finalizers. */
static void addon_cleanup(void *data)
{
    addon *a = data;
    drop_items(a, true);
    for (nreactor *nr = a->reactors; nr; nr = nr->next) {
        wr_reactor_close(nr->r, true); /* libwr reactor API */
        nr->inflight = 0;
    }
    for (ncommand *c = a->commands; c; c = c->next)
        wr_future_cancel(wr_command_future(c->cmd));
    while (a->commands) {
        ncommand *c = a->commands;
        wr_node_command_unlink(a, c);
        wr_command_free(c->cmd);
        c->cmd = NULL;
        c->done = true;
        c->refs--; /* the exit that will never be settled */
    }
    drop_items(a, true); /* what closing made */
}

/* Last of the env: the finalizers have run. */
static void addon_free(napi_env env, void *data, void *hint)
{
    (void)env;
    (void)hint;
    addon *a = data;
    if (a->error_class)
        napi_delete_reference(env, a->error_class);
    pthread_cond_destroy(&a->hook_cond);
    pthread_mutex_destroy(&a->lock);
    free(a);
}

NAPI_MODULE_INIT()
{
    addon *a = calloc(1, sizeof *a);
    if (!a)
        return wr_node_fail(env, "out of memory");
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->hook_cond, NULL);
    napi_value name;
    napi_create_string_utf8(env, "wasi-reactor completions", NAPI_AUTO_LENGTH, &name);
    CHECK(env, napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL, a,
                                               wr_node_drain, &a->tsfn));
    napi_unref_threadsafe_function(env, a->tsfn);
    napi_set_instance_data(env, a, addon_free, NULL);
    napi_add_env_cleanup_hook(env, addon_cleanup, a);
    static const struct {
        const char *name;
        napi_callback fn;
    } fns[] = {
        {"setErrorClass", js_set_error_class},
        {"startReactor", wr_node_js_start_reactor},
        {"call", wr_node_js_call},
        {"callTagged", wr_node_js_call_tagged},
        {"cancel", wr_node_js_cancel},
        {"close", wr_node_js_close},
        {"commandStart", wr_node_js_command_start},
        {"commandControl", wr_node_js_command_control},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        napi_value f;
        CHECK(env, napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, a, &f));
        CHECK(env, napi_set_named_property(env, exports, fns[i].name, f));
    }
    return exports;
}
