/*
 * wr_node.c - the Node-API addon under the wasi-reactor npm package: reactors, calls and
 * commands of libwr exposed to lib/index.js, which builds the public JavaScript API on top.
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
 */
#define NAPI_VERSION 8
#include <node_api.h>

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---------------------------------------------------------------- helpers */

#define CHECK(env, call)                                                                      \
    do {                                                                                      \
        if ((call) != napi_ok)                                                                \
            return fail(env, "internal Node-API failure in " #call);                          \
    } while (0)

static napi_value fail(napi_env env, const char *message)
{
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending)
        napi_throw_error(env, "WR_NODE", message);
    return NULL;
}

static napi_value type_error(napi_env env, const char *message)
{
    napi_throw_type_error(env, "WR_ARG", message);
    return NULL;
}

static napi_value undefined(napi_env env)
{
    napi_value v;
    napi_get_undefined(env, &v);
    return v;
}

static napi_value get_prop(napi_env env, napi_value obj, const char *name)
{
    napi_value v = NULL;
    if (napi_get_named_property(env, obj, name, &v) != napi_ok)
        return NULL;
    napi_valuetype t;
    napi_typeof(env, v, &t);
    return t == napi_undefined || t == napi_null ? NULL : v;
}

/* A JS string as a malloc'ed NUL-terminated UTF-8 string, or NULL (TypeError thrown). */
static char *utf8_dup(napi_env env, napi_value v, size_t *len_out)
{
    size_t len;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) {
        type_error(env, "expected a string");
        return NULL;
    }
    char *s = malloc(len + 1);
    if (!s) {
        fail(env, "out of memory");
        return NULL;
    }
    napi_get_value_string_utf8(env, v, s, len + 1, &len);
    if (len_out)
        *len_out = len;
    return s;
}

/* The bytes of a Uint8Array (lib/index.js turns every byte source into one). */
static bool view_bytes(napi_env env, napi_value v, void **data, size_t *len)
{
    bool is = false;
    napi_typedarray_type t;
    napi_value ab;
    size_t off;
    return napi_is_typedarray(env, v, &is) == napi_ok && is &&
           napi_get_typedarray_info(env, v, &t, len, data, &ab, &off) == napi_ok &&
           t == napi_uint8_array;
}

/* A number option, when set. */
static bool get_num(napi_env env, napi_value o, const char *name, double *d)
{
    napi_value v = get_prop(env, o, name);
    return v && napi_get_value_double(env, v, d) == napi_ok;
}

static uint32_t array_length(napi_env env, napi_value arr)
{
    uint32_t n = 0;
    bool is = false;
    if (napi_is_array(env, arr, &is) == napi_ok && is)
        napi_get_array_length(env, arr, &n);
    return n;
}

static napi_value array_at(napi_env env, napi_value arr, uint32_t i)
{
    napi_value v = NULL;
    napi_get_element(env, arr, i, &v);
    return v;
}

/* ---------------------------------------------------------------- the FIFO */

/* Append under a->lock; returns whether the caller must signal the tsfn (the first item
 * since the last drain). */
static bool append_locked(addon *a, item *it)
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

static void push(addon *a, item *it)
{
    pthread_mutex_lock(&a->lock);
    bool signal = append_locked(a, it);
    pthread_mutex_unlock(&a->lock);
    /* Fails only at teardown (napi_closing), where the FIFO is dropped anyway. */
    if (signal)
        napi_call_threadsafe_function(a->tsfn, NULL, napi_tsfn_nonblocking);
}

/* pending counts what keeps the event loop alive: 0 -> 1 refs the tsfn, 1 -> 0 unrefs it. */
static void pending_add(napi_env env, addon *a, int delta)
{
    uint64_t before = a->pending;
    a->pending += delta;
    if (before == 0 && a->pending > 0)
        napi_ref_threadsafe_function(env, a->tsfn);
    else if (before > 0 && a->pending == 0)
        napi_unref_threadsafe_function(env, a->tsfn);
}

/* ---------------------------------------------------------------- errors and values */

/* One table: every failure status, its name in JS and whether it carries a code. */
static const struct {
    wr_call_status status;
    const char *name;
} status_names[] = {
    {WR_CALL_TRAP, "trap"},           {WR_CALL_EXIT, "exit"},
    {WR_CALL_CANCELLED, "cancelled"}, {WR_CALL_DEADLINE, "deadline"},
    {WR_CALL_HOOK, "hook"},           {WR_CALL_GUEST_ERROR, "guest_error"},
    {WR_CALL_CODEC, "codec"},         {WR_CALL_CLOSED, "closed"},
    {WR_CALL_INSTANCE, "instance"},   {WR_CALL_NOMEM, "nomem"},
    {WR_CALL_BUSY, "busy"},           {WR_CALL_EXCEPTION, "exception"},
};

static const char *status_name(wr_call_status s)
{
    for (size_t i = 0; i < sizeof status_names / sizeof status_names[0]; i++)
        if (status_names[i].status == s)
            return status_names[i].name;
    return "unknown";
}

static void set_str(napi_env env, napi_value obj, const char *key, const char *s)
{
    napi_value v;
    if (s && napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v) == napi_ok)
        napi_set_named_property(env, obj, key, v);
}

static void set_num(napi_env env, napi_value obj, const char *key, double d)
{
    napi_value v;
    if (napi_create_double(env, d, &v) == napi_ok)
        napi_set_named_property(env, obj, key, v);
}

/* A WasiReactorError (the class lib/index.js registered) with status, code, exitCode, trap
 * and frames [{ index, name, offset }] from a libwr error (e may be NULL). */
static napi_value make_error(napi_env env, addon *a, const char *status, const char *message,
                             int32_t code, const wr_error *e)
{
    napi_value cls, msg, err;
    napi_get_reference_value(env, a->error_class, &cls);
    napi_create_string_utf8(env, message ? message : status, NAPI_AUTO_LENGTH, &msg);
    if (napi_new_instance(env, cls, 1, &msg, &err) != napi_ok)
        napi_create_error(env, NULL, msg, &err);
    set_str(env, err, "status", status);
    set_num(env, err, "code", code);
    if (e && wr_error_kind_of(e) == WR_ERR_EXIT)
        set_num(env, err, "exitCode", wr_error_exit_code(e));
    if (e && wr_error_kind_of(e) == WR_ERR_TRAP)
        set_str(env, err, "trap", wr_error_reason(e));
    size_t n = 0;
    const wr_frame *frames = e ? wr_error_frames(e, &n) : NULL;
    napi_value arr;
    napi_create_array_with_length(env, n, &arr);
    for (size_t i = 0; i < n; i++) {
        napi_value fr;
        napi_create_object(env, &fr);
        set_num(env, fr, "index", frames[i].func_index);
        set_str(env, fr, "name", frames[i].func_name);
        set_num(env, fr, "offset", frames[i].code_offset);
        napi_set_element(env, arr, (uint32_t)i, fr);
    }
    napi_set_named_property(env, err, "frames", arr);
    return err;
}

static napi_value error_from_wr(napi_env env, addon *a, wr_error *e)
{
    static const char *const kinds[] = {"", "malformed", "invalid", "link", "trap", "exit",
                                        "nomem", "limit", "io", "arg", "exception"};
    int k = wr_error_kind_of(e);
    int nkinds = (int)(sizeof kinds / sizeof kinds[0]);
    napi_value err = make_error(env, a, k > 0 && k < nkinds ? kinds[k] : "error",
                                wr_error_message(e), 0, e);
    wr_error_free(e);
    return err;
}

static napi_value val_to_js(napi_env env, wr_val v)
{
    napi_value out;
    switch (v.type) {
    case WR_I32: napi_create_int32(env, v.of.i32, &out); break;
    case WR_I64: napi_create_bigint_int64(env, v.of.i64, &out); break;
    case WR_F32: napi_create_double(env, wr_val_as_f32(v), &out); break;
    case WR_F64: napi_create_double(env, wr_val_as_f64(v), &out); break;
    case WR_V128: {
        void *data;
        napi_value ab;
        napi_create_arraybuffer(env, 16, &data, &ab);
        memcpy(data, v.of.v128, 16);
        napi_create_typedarray(env, napi_uint8_array, 16, ab, 0, &out);
        break;
    }
    default: napi_get_null(env, &out); break; /* references do not cross into JS */
    }
    return out;
}

/* Convert a JS argument to the parameter type t; false with a TypeError thrown. */
static bool val_from_js(napi_env env, napi_value js, wr_valtype t, wr_val *out)
{
    napi_valuetype jt;
    napi_typeof(env, js, &jt);
    double d = 0;
    int64_t i64 = 0;
    bool lossless;
    if (jt == napi_bigint)
        napi_get_value_bigint_int64(env, js, &i64, &lossless);
    else if (jt == napi_number)
        napi_get_value_double(env, js, &d);
    else if (jt == napi_boolean) {
        bool b;
        napi_get_value_bool(env, js, &b);
        d = b;
    } else if (t != WR_V128) {
        type_error(env, "a wasm argument must be a number, a BigInt or a boolean");
        return false;
    }
    switch (t) {
    case WR_I32: *out = wr_val_i32(jt == napi_bigint ? (int32_t)i64 : (int32_t)(int64_t)d); break;
    case WR_I64: *out = wr_val_i64(jt == napi_bigint ? i64 : (int64_t)d); break;
    case WR_F32: *out = wr_val_f32(jt == napi_bigint ? (float)i64 : (float)d); break;
    case WR_F64: *out = wr_val_f64(jt == napi_bigint ? (double)i64 : d); break;
    case WR_V128: {
        void *data;
        size_t len;
        if (!view_bytes(env, js, &data, &len) || len != 16) {
            type_error(env, "a v128 argument must be 16 bytes (a Uint8Array)");
            return false;
        }
        out->type = WR_V128;
        memcpy(out->of.v128, data, 16);
        break;
    }
    default:
        type_error(env, "reference arguments cannot be passed from JavaScript");
        return false;
    }
    return true;
}

static napi_value vals_to_js(napi_env env, const wr_val *vals, size_t n)
{
    if (n == 0)
        return undefined(env);
    if (n == 1)
        return val_to_js(env, vals[0]);
    napi_value arr;
    napi_create_array_with_length(env, n, &arr);
    for (size_t i = 0; i < n; i++)
        napi_set_element(env, arr, (uint32_t)i, val_to_js(env, vals[i]));
    return arr;
}

static napi_value tagged_to_js(napi_env env, const wr_tagged *t)
{
    napi_value out, ab;
    void *data;
    switch (t->tag) {
    case WR_TAG_I32: napi_create_int32(env, t->of.i32, &out); break;
    case WR_TAG_U32: napi_create_uint32(env, t->of.u32, &out); break;
    case WR_TAG_STRING: napi_create_string_utf8(env, t->of.str.data, t->of.str.len, &out); break;
    case WR_TAG_I32_ARRAY:
    case WR_TAG_U32_ARRAY: {
        uint32_t n = t->tag == WR_TAG_I32_ARRAY ? t->of.i32s.count : t->of.u32s.count;
        const void *src = t->tag == WR_TAG_I32_ARRAY ? (const void *)t->of.i32s.data
                                                     : (const void *)t->of.u32s.data;
        napi_create_arraybuffer(env, (size_t)n * 4, &data, &ab);
        if (n)
            memcpy(data, src, (size_t)n * 4);
        napi_create_typedarray(env, t->tag == WR_TAG_I32_ARRAY ? napi_int32_array
                                                               : napi_uint32_array,
                               n, ab, 0, &out);
        break;
    }
    default: napi_get_null(env, &out); break;
    }
    return out;
}

/* ---------------------------------------------------------------- guest output */

static bool write_out(sink *s, int fd, const uint8_t *buf, size_t len)
{
    output_item *o = malloc(sizeof *o + len);
    if (!o)
        return false;
    o->base.kind = ITEM_OUTPUT;
    o->to = s;
    o->fd = fd;
    o->len = len;
    memcpy(o->data, buf, len);
    push(s->a, &o->base);
    return true;
}

static bool write_stdout(void *user, const uint8_t *buf, size_t len)
{
    return write_out(user, 1, buf, len);
}

static bool write_stderr(void *user, const uint8_t *buf, size_t len)
{
    return write_out(user, 2, buf, len);
}

static void deliver_output(napi_env env, output_item *o)
{
    napi_value fn, chunk, global;
    void *data;
    napi_value ab;
    if (napi_get_reference_value(env, o->to->fn[o->fd], &fn) != napi_ok || !fn)
        return;
    napi_create_arraybuffer(env, o->len, &data, &ab);
    memcpy(data, o->data, o->len);
    napi_create_typedarray(env, napi_uint8_array, o->len, ab, 0, &chunk);
    napi_get_global(env, &global);
    napi_call_function(env, global, fn, 1, &chunk, NULL);
}

static long read_stdin_bytes(void *user, uint8_t *buf, size_t len)
{
    stdin_bytes *in = user;
    pthread_mutex_lock(&in->lock);
    size_t n = in->len - in->pos < len ? in->len - in->pos : len;
    memcpy(buf, in->data + in->pos, n);
    in->pos += n;
    pthread_mutex_unlock(&in->lock);
    return (long)n;
}

/* ---------------------------------------------------------------- setup (start options) */

static void setup_free(napi_env env, setup *s)
{
    if (!s)
        return;
    wr_module_free(s->module);
    wr_wasi_config_free(s->wasi);
    if (s->engine)
        wr_engine_free(s->engine);
    if (s->out) {
        for (int fd = 1; fd <= 2; fd++)
            if (s->out->fn[fd])
                napi_delete_reference(env, s->out->fn[fd]);
        free(s->out);
    }
    if (s->in) {
        pthread_mutex_destroy(&s->in->lock);
        free(s->in->data);
        free(s->in);
    }
    free(s->bytes);
    free(s->path);
    wr_error_free(s->err);
    free(s);
}

/* opts.files: [[path, Uint8Array content, atimeNs (BigInt), mtimeNs (BigInt)], ...] into an
 * in-memory file system preopened at "/". */
static bool setup_memfs(napi_env env, setup *s, napi_value files)
{
    uint32_t n = array_length(env, files);
    if (n == 0)
        return true;
    wr_memfs *fs = wr_memfs_new();
    if (!fs) {
        fail(env, "out of memory");
        return false;
    }
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        napi_value f = array_at(env, files, i);
        char *path = utf8_dup(env, array_at(env, f, 0), NULL);
        void *data = NULL;
        size_t len = 0;
        uint64_t at = 0, mt = 0;
        bool lossless;
        ok = path && view_bytes(env, array_at(env, f, 1), &data, &len);
        if (ok) {
            napi_get_value_bigint_uint64(env, array_at(env, f, 2), &at, &lossless);
            napi_get_value_bigint_uint64(env, array_at(env, f, 3), &mt, &lossless);
            wr_error *e = wr_memfs_write_file(fs, path, data, len, mt);
            if (!e)
                e = wr_memfs_set_times(fs, path, at, mt);
            if (e) {
                napi_throw_error(env, "WR_FS", wr_error_message(e));
                wr_error_free(e);
                ok = false;
            }
        } else if (path) {
            type_error(env, "a file's content must be a string or a Uint8Array");
        }
        free(path);
    }
    if (ok && !wr_wasi_config_preopen_memfs(s->wasi, fs, "/", "/", false)) {
        fail(env, "out of memory");
        ok = false;
    }
    wr_memfs_free(fs);
    return ok;
}

static bool setup_strings(napi_env env, napi_value arr, wr_wasi_config *cfg, int what)
{
    uint32_t n = array_length(env, arr);
    for (uint32_t i = 0; i < n; i++) {
        napi_value v = array_at(env, arr, i);
        char *a = utf8_dup(env, what == 0 ? v : array_at(env, v, 0), NULL);
        char *b = what == 0 || !a ? NULL : utf8_dup(env, array_at(env, v, 1), NULL);
        bool ok = a && (what == 0 || b);
        bool ro = false;
        if (ok && what == 2)
            napi_get_value_bool(env, array_at(env, v, 2), &ro);
        char *spec = NULL;
        if (ok && what == 2 && (spec = malloc(strlen(a) + strlen(b) + 3)))
            sprintf(spec, "%s::%s", a, b);
        if (ok)
            ok = what == 0   ? wr_wasi_config_arg(cfg, a)
                 : what == 1 ? wr_wasi_config_env(cfg, a, b)
                             : spec && wr_wasi_config_preopen(cfg, spec, ro);
        free(spec);
        free(a);
        free(b);
        if (!ok) {
            fail(env, what == 2 ? "bad preopen (a host directory '::' a guest path)"
                                : "bad argument or environment variable");
            return false;
        }
    }
    return true;
}

/* Read what lib/index.js normalised: { bytes | path, args, env: [[k, v]], preopens:
 * [[host, guest, readOnly]], files, stdout, stderr (functions), stdin (Uint8Array), workers,
 * deadlineMs, freshAfterFailure, initDeadlineMs, codec: { area, offset, capacity },
 * fuel, maxMemoryPages }. */
static setup *setup_new(napi_env env, addon *a, napi_value o)
{
    setup *s = calloc(1, sizeof *s);
    if (!s) {
        fail(env, "out of memory");
        return NULL;
    }
    s->a = a;
    wr_reactor_config_default(&s->cfg);
    wr_config ecfg;
    wr_config_default(&ecfg);
    napi_value v;
    double d;
    if (get_num(env, o, "fuel", &d))
        ecfg.fuel = (uint64_t)d;
    if (get_num(env, o, "maxMemoryPages", &d))
        ecfg.max_memory_pages = (uint32_t)d;
    s->engine = wr_engine_new(&ecfg);
    s->wasi = wr_wasi_config_new();
    s->out = calloc(1, sizeof *s->out);
    if (!s->engine || !s->wasi || !s->out)
        goto nomem;
    s->out->a = a;
    if ((v = get_prop(env, o, "path")) && !(s->path = utf8_dup(env, v, NULL)))
        goto bad;
    if ((v = get_prop(env, o, "bytes"))) {
        void *data;
        if (!view_bytes(env, v, &data, &s->nbytes)) {
            type_error(env, "a module must be a path or bytes (Uint8Array, ArrayBuffer)");
            goto bad;
        }
        if (!(s->bytes = malloc(s->nbytes ? s->nbytes : 1)))
            goto nomem;
        memcpy(s->bytes, data, s->nbytes);
    }
    if (((v = get_prop(env, o, "args")) && !setup_strings(env, v, s->wasi, 0)) ||
        ((v = get_prop(env, o, "env")) && !setup_strings(env, v, s->wasi, 1)) ||
        ((v = get_prop(env, o, "preopens")) && !setup_strings(env, v, s->wasi, 2)) ||
        ((v = get_prop(env, o, "files")) && !setup_memfs(env, s, v)))
        goto bad;
    static const char *const outs[3] = {NULL, "stdout", "stderr"};
    for (int fd = 1; fd <= 2; fd++)
        if ((v = get_prop(env, o, outs[fd]))) {
            napi_create_reference(env, v, 1, &s->out->fn[fd]);
            if (!wr_wasi_config_output_callback(s->wasi, fd, fd == 1 ? write_stdout
                                                                     : write_stderr, s->out))
                goto nomem;
        }
    if ((v = get_prop(env, o, "stdin"))) {
        void *data;
        size_t len;
        if (!view_bytes(env, v, &data, &len)) {
            type_error(env, "stdin must be a string or bytes");
            goto bad;
        }
        if (!(s->in = calloc(1, sizeof *s->in)) || !(s->in->data = malloc(len ? len : 1)))
            goto nomem;
        pthread_mutex_init(&s->in->lock, NULL);
        memcpy(s->in->data, data, len);
        s->in->len = len;
        if (!wr_wasi_config_stdin_callback(s->wasi, read_stdin_bytes, s->in))
            goto nomem;
    }
    wr_reactor_config *c = &s->cfg;
    if (get_num(env, o, "workers", &d))
        c->workers = (uint32_t)d;
    if (get_num(env, o, "deadlineMs", &d))
        c->default_deadline_ns = (uint64_t)(d * 1e6);
    if (get_num(env, o, "initDeadlineMs", &d))
        c->init_deadline_ns = (uint64_t)(d * 1e6);
    if ((v = get_prop(env, o, "freshAfterFailure")))
        napi_get_value_bool(env, v, &c->fresh_after_failure);
    if (get_num(env, o, "codecArea", &d))
        c->codec_area = (wr_codec_area)d;
    if (get_num(env, o, "codecOffset", &d))
        c->codec_offset = (uint32_t)d;
    if (get_num(env, o, "codecCapacity", &d))
        c->codec_capacity = (uint32_t)d;
    if (get_num(env, o, "queueCapacity", &d))
        c->queue_capacity = (uint32_t)d;
    s->cfg.wasi = s->wasi;
    return s;
nomem:
    fail(env, "out of memory");
bad:
    setup_free(env, s);
    return NULL;
}

/* Worker of the libuv pool: read and compile the module. */
static void load_module(setup *s)
{
    s->err = s->path ? wr_module_load(s->engine, s->path, &s->module)
                     : wr_module_new(s->engine, s->bytes, s->nbytes, &s->module);
    free(s->bytes);
    s->bytes = NULL;
}

/* ---------------------------------------------------------------- the drain (JS thread) */

static void settle_call(napi_env env, addon *a, call_item *c);
static void settle_exit(napi_env env, addon *a, ncommand *cmd);
static void run_hook(napi_env env, addon *a, hook_item *h);

static void drain(napi_env env, napi_value js_cb, void *context, void *data)
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
        case ITEM_CALL: settle_call(env, a, (call_item *)it); break;
        case ITEM_EXIT: settle_exit(env, a, ((exit_item *)it)->cmd); break;
        case ITEM_OUTPUT:
            deliver_output(env, (output_item *)it);
            free(it);
            break;
        case ITEM_HOOK: run_hook(env, a, (hook_item *)it); break;
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
    setup_free(env, nr->s);
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
    load_module(nr->s);
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
        set_str(env, e, "name", x->name);
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
    drain(env, NULL, a, NULL); /* _initialize's output before the answer */
    pending_add(env, a, -1);
    if (status == napi_ok && !s->err && !find_exports(nr))
        status = napi_generic_failure;
    if (status != napi_ok || s->err) {
        napi_value err = s->err ? error_from_wr(env, a, s->err)
                                : make_error(env, a, "nomem", "out of memory", 0, NULL);
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
    set_num(env, info, "workers", wr_reactor_workers(nr->r));
    napi_resolve_deferred(env, d, info);
}

static napi_value start_work(napi_env env, setup *s, void *data, napi_async_execute_callback ex,
                             napi_async_complete_callback done)
{
    napi_value promise, name;
    CHECK(env, napi_create_promise(env, &s->deferred, &promise));
    napi_create_string_utf8(env, "wasi-reactor", NAPI_AUTO_LENGTH, &name);
    CHECK(env, napi_create_async_work(env, NULL, name, ex, done, data, &s->work));
    CHECK(env, napi_queue_async_work(env, s->work));
    pending_add(env, s->a, 1);
    return promise;
}

/* startReactor(options) -> Promise<{ handle, exports, workers }> */
static napi_value js_start_reactor(napi_env env, napi_callback_info info)
{
    addon *a;
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&a);
    setup *s = setup_new(env, a, argv[0]);
    if (!s)
        return NULL;
    nreactor *nr = calloc(1, sizeof *nr);
    if (!nr) {
        setup_free(env, s);
        return fail(env, "out of memory");
    }
    nr->a = a;
    nr->s = s;
    static const char *const hook_names[HOOK_KINDS] = {"storeHook", "loadHook", "cleanupHook"};
    for (int k = 0; k < HOOK_KINDS; k++) {
        napi_value v = get_prop(env, argv[0], hook_names[k]);
        if (v)
            napi_create_reference(env, v, 1, &nr->hooks[k]);
    }
    napi_value p = start_work(env, s, nr, start_execute, start_complete);
    if (!p)
        reactor_unlink_free(env, nr);
    return p;
}

static nreactor *unwrap_reactor(napi_env env, napi_value obj)
{
    nreactor *nr = NULL;
    if (napi_unwrap(env, obj, (void **)&nr) != napi_ok || !nr || !nr->r) {
        type_error(env, "not a live reactor");
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
    bool signal = append_locked(a, &h.base);
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
static void run_hook(napi_env env, addon *a, hook_item *h)
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
        napi_set_element(env, list, (uint32_t)i, val_to_js(env, vals[i]));
    if (h->kind == HOOK_CLEANUP)
        set_str(env, ctxobj, "status", wr_hook_status(h->ctx) == WR_CALL_OK
                                           ? "ok" : status_name(wr_hook_status(h->ctx)));
    else
        napi_set_named_property(env, ctxobj, h->kind == HOOK_LOAD ? "results" : "args", list);
    set_num(env, ctxobj, "callId", (double)wr_hook_call_id(h->ctx));
    set_num(env, ctxobj, "worker", wr_hook_worker(h->ctx));
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
            if (!val_from_js(env, array_at(env, list, (uint32_t)i), vals[i].type, &vals[i]))
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
    push(c->owner->a, &c->base);
}

static void call_unref(call_item *c)
{
    if (--c->refs == 0)
        free(c);
}

static void token_finalize(napi_env env, void *data, void *hint)
{
    (void)env;
    (void)hint;
    call_unref(data);
}

static void settle_call(napi_env env, addon *a, call_item *c)
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
            napi_set_element(env, v, (uint32_t)i, tagged_to_js(env, &t[i]));
        napi_resolve_deferred(env, c->deferred, v);
    } else if (st == WR_CALL_OK) {
        size_t n;
        const wr_val *r = wr_future_results(f, &n);
        napi_resolve_deferred(env, c->deferred, vals_to_js(env, r, n));
    } else {
        v = make_error(env, a, status_name(st), wr_future_message(f), wr_future_code(f),
                       wr_future_error(f));
        napi_reject_deferred(env, c->deferred, v);
    }
    wr_future_free(f);
    c->f = NULL;
    call_unref(c);
    pending_add(env, a, -1);
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
        napi_throw(env, error_from_wr(env, a, err));
        return NULL;
    }
    napi_value promise, out, ext;
    if (napi_create_promise(env, &c->deferred, &promise) != napi_ok) {
        wr_future_cancel(c->f);
        wr_future_free(c->f);
        free(c);
        return fail(env, "cannot make a promise");
    }
    c->refs = 1;
    hold(env, nr);
    pending_add(env, a, 1);
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
        type_error(env, "not an export index");
        return NULL;
    }
    return &nr->exports[i];
}

/* One tagged argument: { i32 }, { u32 }, a string, an Int32Array or a Uint32Array. Strings are
 * copied into *owned (freed by the caller). */
static bool tagged_from_js(napi_env env, napi_value v, wr_tagged *t, char **owned)
{
    napi_valuetype jt;
    napi_typeof(env, v, &jt);
    bool is = false;
    if (jt == napi_string) {
        size_t len;
        if (!(*owned = utf8_dup(env, v, &len)))
            return false;
        t->tag = WR_TAG_STRING;
        t->of.str.data = *owned;
        t->of.str.len = (uint32_t)len;
        return true;
    }
    if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
        napi_typedarray_type tt;
        size_t n, off;
        void *data;
        napi_value ab;
        napi_get_typedarray_info(env, v, &tt, &n, &data, &ab, &off);
        if (tt == napi_int32_array) {
            t->tag = WR_TAG_I32_ARRAY;
            t->of.i32s.data = data;
            t->of.i32s.count = (uint32_t)n;
            return true;
        }
        if (tt == napi_uint32_array) {
            t->tag = WR_TAG_U32_ARRAY;
            t->of.u32s.data = data;
            t->of.u32s.count = (uint32_t)n;
            return true;
        }
    } else if (jt == napi_object) {
        napi_value x;
        double d;
        if ((x = get_prop(env, v, "i32")) && napi_get_value_double(env, x, &d) == napi_ok) {
            t->tag = WR_TAG_I32;
            t->of.i32 = (int32_t)(int64_t)d;
            return true;
        }
        if ((x = get_prop(env, v, "u32")) && napi_get_value_double(env, x, &d) == napi_ok) {
            t->tag = WR_TAG_U32;
            t->of.u32 = (uint32_t)(int64_t)d;
            return true;
        }
    }
    type_error(env, "a tagged value is { i32: n }, { u32: n }, a string, an Int32Array or a "
                    "Uint32Array");
    return false;
}

/* Convert the JS values into vals: plain ones by the export's parameter types (a wrong count
 * is libwr's error), tagged ones by their shape, strings copied into owned. */
static bool values_from_js(napi_env env, const struct nexport *x, napi_value list, uint32_t n,
                           bool tagged, void *vals, char **owned)
{
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        napi_value v = array_at(env, list, i);
        ok = tagged ? tagged_from_js(env, v, (wr_tagged *)vals + i, &owned[i])
                    : val_from_js(env, v, i < x->type.nparams ? x->type.params[i] : WR_I32,
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
    uint32_t n = array_length(env, argv[2]);
    size_t size = tagged ? sizeof(wr_tagged) : sizeof(wr_val);
    void *vals = calloc(n ? n : 1, size);
    char **owned = calloc(n ? n : 1, sizeof *owned);
    call_item *c = calloc(1, sizeof *c);
    napi_value out = NULL;
    if (!vals || !owned || !c)
        fail(env, "out of memory");
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

static napi_value js_call(napi_env env, napi_callback_info info)
{
    return call_js(env, info, false);
}

static napi_value js_call_tagged(napi_env env, napi_callback_info info)
{
    return call_js(env, info, true);
}

/* cancel(token): true when the cancel took effect. */
static napi_value js_cancel(napi_env env, napi_callback_info info)
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
    drain(env, NULL, nr->a, NULL); /* the stopped calls reject before close resolves */
    pending_add(env, nr->a, -1);
    napi_resolve_deferred(env, nr->s->deferred, undefined(env));
    release(env, nr);
}

/* close(handle) -> Promise: stops running calls, fails queued ones, joins the workers off
 * the JS thread. */
static napi_value js_close(napi_env env, napi_callback_info info)
{
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    nreactor *nr = unwrap_reactor(env, argv[0]);
    if (!nr)
        return NULL;
    napi_value p = start_work(env, nr->s, nr, close_execute, close_complete);
    if (p)
        hold(env, nr);
    return p;
}

/* ---------------------------------------------------------------- commands */

static void command_unref(napi_env env, ncommand *cmd)
{
    if (--cmd->refs > 0)
        return;
    setup_free(env, cmd->s);
    free(cmd);
}

static void command_finalize(napi_env env, void *data, void *hint)
{
    (void)hint;
    command_unref(env, data);
}

static void command_unlink(addon *a, ncommand *cmd)
{
    if (cmd->prev)
        cmd->prev->next = cmd->next;
    else if (a->commands == cmd)
        a->commands = cmd->next;
    if (cmd->next)
        cmd->next->prev = cmd->prev;
    cmd->next = cmd->prev = NULL;
}

static void on_command_done(wr_future *f, void *user)
{
    (void)f;
    ncommand *cmd = user;
    cmd->exit.base.kind = ITEM_EXIT;
    cmd->exit.cmd = cmd;
    push(cmd->s->a, &cmd->exit.base);
}

static void settle_exit(napi_env env, addon *a, ncommand *cmd)
{
    wr_future *f = wr_command_future(cmd->cmd);
    wr_call_status st = wr_future_status(f);
    if (st == WR_CALL_OK) {
        size_t n;
        const wr_val *r = wr_future_results(f, &n);
        napi_value code;
        napi_create_int32(env, n ? r[0].of.i32 : 0, &code);
        napi_resolve_deferred(env, cmd->exited, code);
    } else {
        napi_reject_deferred(env, cmd->exited,
                             make_error(env, a, status_name(st), wr_future_message(f),
                                        wr_future_code(f), wr_future_error(f)));
    }
    wr_command_free(cmd->cmd); /* its thread has finished: this joins at once */
    cmd->cmd = NULL;
    cmd->done = true;
    command_unlink(a, cmd);
    pending_add(env, a, -1);
    command_unref(env, cmd);
}

static void command_execute(napi_env env, void *data)
{
    (void)env;
    ncommand *cmd = data;
    setup *s = cmd->s;
    load_module(s);
    wr_command_config cc = {.wasi = s->wasi, .stdin_pipe = true, .deadline_ns = 0};
    if (!s->err)
        s->err = wr_command_start(s->module, &cc, &cmd->cmd);
}

static void command_started(napi_env env, napi_status status, void *data)
{
    ncommand *cmd = data;
    setup *s = cmd->s;
    addon *a = s->a;
    napi_delete_async_work(env, s->work);
    if (status != napi_ok || s->err) {
        napi_value err = s->err ? error_from_wr(env, a, s->err)
                                : make_error(env, a, "error", "start cancelled", 0, NULL);
        s->err = NULL;
        napi_reject_deferred(env, cmd->started, err);
        napi_reject_deferred(env, cmd->exited, err);
        cmd->done = true;
        pending_add(env, a, -1);
        command_unref(env, cmd);
        return;
    }
    cmd->next = a->commands;
    if (a->commands)
        a->commands->prev = cmd;
    a->commands = cmd;
    /* The pending count taken at start now stands for the exit. */
    if (cmd->killed)
        wr_future_cancel(wr_command_future(cmd->cmd));
    wr_future_on_complete(wr_command_future(cmd->cmd), on_command_done, cmd);
    napi_resolve_deferred(env, cmd->started, undefined(env));
}

/* commandStart(options) -> [handle, started: Promise, exited: Promise<exit code>] */
static napi_value js_command_start(napi_env env, napi_callback_info info)
{
    addon *a;
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&a);
    setup *s = setup_new(env, a, argv[0]);
    ncommand *cmd = s ? calloc(1, sizeof *cmd) : NULL;
    if (!cmd) {
        setup_free(env, s);
        return s ? fail(env, "out of memory") : NULL;
    }
    cmd->s = s;
    cmd->refs = 2;
    napi_value handle, exited, out, started;
    napi_create_external(env, cmd, command_finalize, NULL, &handle);
    napi_create_promise(env, &cmd->exited, &exited);
    started = start_work(env, s, cmd, command_execute, command_started);
    if (!started)
        return NULL;
    cmd->started = s->deferred;
    napi_create_array_with_length(env, 3, &out);
    napi_set_element(env, out, 0, handle);
    napi_set_element(env, out, 1, started);
    napi_set_element(env, out, 2, exited);
    return out;
}

/* commandControl(handle, bytes): write to stdin, returns whether it was taken;
 * commandControl(handle, "close"): end of stdin; commandControl(handle, "kill"). */
static napi_value js_command_control(napi_env env, napi_callback_info info)
{
    size_t argc = 2;
    napi_value argv[2], out;
    napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
    ncommand *cmd = NULL;
    napi_get_value_external(env, argv[0], (void **)&cmd);
    char op[8] = "";
    void *data;
    size_t len;
    bool live = cmd && cmd->cmd && !cmd->done, ok = false;
    if (view_bytes(env, argv[1], &data, &len))
        ok = live && wr_command_stdin_write(cmd->cmd, data, len);
    else if (napi_get_value_string_utf8(env, argv[1], op, sizeof op, NULL) == napi_ok &&
             strcmp(op, "close") == 0 && live)
        wr_command_stdin_close(cmd->cmd);
    else if (strcmp(op, "kill") == 0 && live)
        wr_future_cancel(wr_command_future(cmd->cmd));
    else if (strcmp(op, "kill") == 0 && cmd)
        cmd->killed = true; /* not started yet */
    napi_get_boolean(env, ok, &out);
    return out;
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
    return undefined(env);
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
            call_unref(c);
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
        command_unlink(a, c);
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
        return fail(env, "out of memory");
    pthread_mutex_init(&a->lock, NULL);
    pthread_cond_init(&a->hook_cond, NULL);
    napi_value name;
    napi_create_string_utf8(env, "wasi-reactor completions", NAPI_AUTO_LENGTH, &name);
    CHECK(env, napi_create_threadsafe_function(env, NULL, NULL, name, 0, 1, NULL, NULL, a,
                                               drain, &a->tsfn));
    napi_unref_threadsafe_function(env, a->tsfn);
    napi_set_instance_data(env, a, addon_free, NULL);
    napi_add_env_cleanup_hook(env, addon_cleanup, a);
    static const struct {
        const char *name;
        napi_callback fn;
    } fns[] = {
        {"setErrorClass", js_set_error_class}, {"startReactor", js_start_reactor},
        {"call", js_call},                     {"callTagged", js_call_tagged},
        {"cancel", js_cancel},                 {"close", js_close},
        {"commandStart", js_command_start},    {"commandControl", js_command_control},
    };
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
        napi_value f;
        CHECK(env, napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, a, &f));
        CHECK(env, napi_set_named_property(env, exports, fns[i].name, f));
    }
    return exports;
}
