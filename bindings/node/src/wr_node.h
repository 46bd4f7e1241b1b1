/*
 * wr_node.h - what the files of the Node-API addon share: its state (the addon, its FIFO of
 * items, reactors, commands, start options), the invariants that hold them together, and the
 * helpers one file gives the others. The addon, under the wasi-reactor npm package, exposes
 * libwr's reactors, calls and commands to lib/index.js, which builds the public JavaScript
 * API on top. Its files: wr_node.c (entry point, FIFO, drain, teardown), values.c (JS <-> wasm
 * values, errors), setup.c (start options, guest output, stdin), reactor.c (reactors, calls,
 * hooks), command.c (commands).
 *
 * Threads. JavaScript runs on one thread (the env's); libwr completes futures, writes guest
 * output and runs hooks on its worker threads. Everything that crosses from a worker to
 * JavaScript is an `item` appended to the addon's FIFO (addon.lock); the first item after a
 * drain signals one thread-safe function, whose call on the JS thread drains the whole FIFO.
 * So a burst of completions costs one wake-up of the event loop, and the event loop never
 * waits for a guest: the only blocking libwr calls made on the JS thread (wr_reactor_free of
 * an idle reactor, wr_command_free of a finished command) join threads that are done.
 *
 * Ordering invariant: an owner's (reactor's or command's) output items precede the item that
 * completes its last call, since the same worker thread appends both. An owner is freed only
 * after its last completion was processed, or at env teardown, where the FIFO is dropped
 * undelivered: so no item outlives its owner.
 *
 * Hooks. A store or load hook given as a JS function runs on the JS thread while the worker
 * waits for it (addon.hook_cond): the guest memory is lent to it as an external ArrayBuffer
 * that is detached when it returns, so it sees memory exactly for its duration and the guest
 * cannot run meanwhile. At env teardown waiting hooks are released with a failure.
 *
 * The reactor-specific libwr calls sit in the few functions marked "libwr reactor API".
 *
 * Every name shared between the files starts with wr_node_; the addon exports only its
 * Node-API entry point (hidden visibility, libwr linked with --exclude-libs).
 */
#ifndef WR_NODE_H
#define WR_NODE_H

#define NAPI_VERSION 8
#include <node_api.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "wr.h"
#include "wr_reactor.h"
#include "wr_wasi.h"

/* ---------------------------------------------------------------- state */

typedef enum item_kind { ITEM_CALL, ITEM_EXIT, ITEM_OUTPUT, ITEM_HOOK } item_kind;
typedef enum hook_kind { HOOK_STORE, HOOK_LOAD, HOOK_CLEANUP, HOOK_KINDS } hook_kind;

typedef struct item {
    struct item *next;
    item_kind kind;
} item;

typedef struct addon addon;
typedef struct nreactor nreactor;
typedef struct ncommand ncommand;

/* Where a reactor's or command's stdout (fd 1) and stderr (fd 2) go: JS functions, or the
 * host's own fds when unset. */
typedef struct sink {
    addon *a;
    napi_ref fn[3];
} sink;

/* A chunk of guest output on its way to a sink. */
typedef struct output_item {
    item base;
    sink *to;
    int fd;
    size_t len;
    uint8_t data[];
} output_item;

/* A call in flight. refs (JS thread only): one for the pending completion, one while a
 * cancel token (a JS external) holds it. */
typedef struct call_item {
    item base;
    nreactor *owner;
    wr_future *f;
    napi_deferred deferred;
    bool tagged;
    int refs;
} call_item;

/* A hook waiting for JS; the worker sleeps on addon.hook_cond until done. */
typedef struct hook_item {
    item base;
    napi_ref fn;
    wr_hook_ctx *ctx;
    hook_kind kind;
    bool done;
    int result;
} hook_item;

struct addon {
    napi_threadsafe_function tsfn;
    napi_ref error_class;
    pthread_mutex_t lock; /* guards head, tail, signalled, closing and hook_item.done */
    pthread_cond_t hook_cond;
    item *head, *tail;
    bool signalled; /* the tsfn was called and has not drained yet */
    bool closing;   /* env teardown: hooks fail, nothing more is delivered */
    /* JS thread only: */
    uint64_t pending; /* calls and commands not settled; the tsfn keeps the loop alive while > 0 */
    nreactor *reactors;
    ncommand *commands;
};

/* Stdin given as bytes, read by every worker of a reactor as one shared stream. */
typedef struct stdin_bytes {
    pthread_mutex_t lock;
    uint8_t *data;
    size_t len, pos;
} stdin_bytes;

/* What start options make before the module is loaded (on the JS thread). */
typedef struct setup {
    addon *a;
    wr_engine *engine;
    wr_module *module;
    wr_wasi_config *wasi;
    sink *out;
    stdin_bytes *in;
    uint8_t *bytes;
    size_t nbytes;
    char *path;
    wr_reactor_config cfg;
    wr_error *err;
    napi_deferred deferred;
    napi_async_work work;
} setup;

struct nreactor {
    nreactor *next, *prev; /* addon.reactors */
    addon *a;
    setup *s;   /* engine, module, WASI config and sinks, kept for the reactor's life */
    wr_reactor *r;
    napi_ref self;      /* the JS wrapper; strong while calls are in flight */
    uint64_t inflight;  /* JS thread only */
    bool finalized;
    napi_ref hooks[HOOK_KINDS]; /* JS functions, or NULL */
    /* The exported functions, resolved once; JS calls them by index. The handles, names and
     * types belong to the reactor and its module. */
    struct nexport {
        const wr_reactor_fn *fn;
        const char *name;
        wr_functype type;
    } *exports;
    uint32_t nexports;
};

typedef struct exit_item {
    item base;
    ncommand *cmd;
} exit_item;

struct ncommand {
    ncommand *next, *prev; /* addon.commands */
    exit_item exit;    /* queued once, when the command finishes */
    setup *s;
    wr_command *cmd;
    napi_deferred started, exited;
    bool killed;       /* kill asked before it started */
    bool done;
    int refs;          /* JS thread only: the JS handle and the pending exit */
};

/* Return from a napi_value function with an error thrown when a Node-API call fails. */
#define CHECK(env, call)                                                                      \
    do {                                                                                      \
        if ((call) != napi_ok)                                                                \
            return wr_node_fail(env, "internal Node-API failure in " #call);                  \
    } while (0)

/* Every function below runs on the JS thread, but wr_node_append_locked (a->lock held) and
 * wr_node_push, which libwr's worker threads call, and wr_node_load_module, which runs on the
 * libuv pool. */

/* ---------------------------------------------------------------- wr_node.c */

/* The FIFO and the drain (see "Threads" above). */
bool wr_node_append_locked(addon *a, item *it);
void wr_node_push(addon *a, item *it);
void wr_node_pending_add(napi_env env, addon *a, int delta);
void wr_node_drain(napi_env env, napi_value js_cb, void *context, void *data);

/* ---------------------------------------------------------------- values.c */

/* Throw an error (unless one is pending) or a TypeError; both return NULL. */
napi_value wr_node_fail(napi_env env, const char *message);
napi_value wr_node_type_error(napi_env env, const char *message);
napi_value wr_node_undefined(napi_env env);
/* A property, or NULL when it is missing, undefined or null. */
napi_value wr_node_get_prop(napi_env env, napi_value obj, const char *name);
char *wr_node_utf8_dup(napi_env env, napi_value v, size_t *len_out);
bool wr_node_view_bytes(napi_env env, napi_value v, void **data, size_t *len);
/* 0 for what is not an array. */
uint32_t wr_node_array_length(napi_env env, napi_value arr);
napi_value wr_node_array_at(napi_env env, napi_value arr, uint32_t i);
void wr_node_set_str(napi_env env, napi_value obj, const char *key, const char *s);
void wr_node_set_num(napi_env env, napi_value obj, const char *key, double d);
const char *wr_node_status_name(wr_call_status s);
napi_value wr_node_make_error(napi_env env, addon *a, const char *status, const char *message,
                              int32_t code, const wr_error *e);
napi_value wr_node_future_error(napi_env env, addon *a, wr_future *f);
/* Takes e. */
napi_value wr_node_error_from_wr(napi_env env, addon *a, wr_error *e);
napi_value wr_node_val_to_js(napi_env env, wr_val v);
bool wr_node_val_from_js(napi_env env, napi_value js, wr_valtype t, wr_val *out);
napi_value wr_node_vals_to_js(napi_env env, const wr_val *vals, size_t n);
napi_value wr_node_tagged_to_js(napi_env env, const wr_tagged *t);
bool wr_node_tagged_from_js(napi_env env, napi_value v, wr_tagged *t, char **owned);

/* ---------------------------------------------------------------- setup.c */

/* The options a start function (startReactor, commandStart) was called with (stored in
 * *options unless NULL), read into a setup; NULL with an error thrown. wr_node_setup_free
 * takes NULL. */
setup *wr_node_setup_of_call(napi_env env, napi_callback_info info, napi_value *options);
void wr_node_setup_free(napi_env env, setup *s);
void wr_node_load_module(setup *s);
/* Queue ex on the libuv pool and done on the JS thread; the promise (s->deferred), or NULL. */
napi_value wr_node_start_work(napi_env env, setup *s, void *data, napi_async_execute_callback ex,
                              napi_async_complete_callback done);
void wr_node_deliver_output(napi_env env, output_item *o);

/* ---------------------------------------------------------------- reactor.c */

void wr_node_settle_call(napi_env env, addon *a, call_item *c);
void wr_node_call_unref(call_item *c);
void wr_node_run_hook(napi_env env, addon *a, hook_item *h);
napi_value wr_node_js_start_reactor(napi_env env, napi_callback_info info);
napi_value wr_node_js_call(napi_env env, napi_callback_info info);
napi_value wr_node_js_call_tagged(napi_env env, napi_callback_info info);
napi_value wr_node_js_cancel(napi_env env, napi_callback_info info);
napi_value wr_node_js_close(napi_env env, napi_callback_info info);

/* ---------------------------------------------------------------- command.c */

void wr_node_settle_exit(napi_env env, addon *a, ncommand *cmd);
void wr_node_command_unlink(addon *a, ncommand *cmd);
napi_value wr_node_js_command_start(napi_env env, napi_callback_info info);
napi_value wr_node_js_command_control(napi_env env, napi_callback_info info);

#endif
