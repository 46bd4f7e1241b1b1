/*
 * setup.c - the Node-API addon's start options (shared by reactors and commands): the WASI
 * configuration, guest stdout/stderr sent to JS callbacks, stdin given as bytes, and the
 * module loaded on the libuv pool.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wr_node.h"

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
    wr_node_push(s->a, &o->base);
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

void wr_node_deliver_output(napi_env env, output_item *o)
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

/* A number option, when set. */
static bool get_num(napi_env env, napi_value o, const char *name, double *d)
{
    napi_value v = wr_node_get_prop(env, o, name);
    return v && napi_get_value_double(env, v, d) == napi_ok;
}

void wr_node_setup_free(napi_env env, setup *s)
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

static bool nomem(napi_env env)
{
    wr_node_fail(env, "out of memory");
    return false;
}

/* opts.files: [[path, Uint8Array content, atimeNs (BigInt), mtimeNs (BigInt)], ...] into an
 * in-memory file system preopened at "/". */
static bool setup_memfs(napi_env env, setup *s, napi_value files)
{
    uint32_t n = wr_node_array_length(env, files);
    if (n == 0)
        return true;
    wr_memfs *fs = wr_memfs_new();
    if (!fs)
        return nomem(env);
    bool ok = true;
    for (uint32_t i = 0; i < n && ok; i++) {
        napi_value f = wr_node_array_at(env, files, i);
        char *path = wr_node_utf8_dup(env, wr_node_array_at(env, f, 0), NULL);
        void *data = NULL;
        size_t len = 0;
        uint64_t at = 0, mt = 0;
        bool lossless;
        ok = path && wr_node_view_bytes(env, wr_node_array_at(env, f, 1), &data, &len);
        if (ok) {
            napi_get_value_bigint_uint64(env, wr_node_array_at(env, f, 2), &at, &lossless);
            napi_get_value_bigint_uint64(env, wr_node_array_at(env, f, 3), &mt, &lossless);
            wr_error *e = wr_memfs_write_file(fs, path, data, len, mt);
            if (!e)
                e = wr_memfs_set_times(fs, path, at, mt);
            if (e) {
                napi_throw_error(env, "WR_FS", wr_error_message(e));
                wr_error_free(e);
                ok = false;
            }
        } else if (path) {
            wr_node_type_error(env, "a file's content must be a string or a Uint8Array");
        }
        free(path);
    }
    if (ok && !wr_wasi_config_preopen_memfs(s->wasi, fs, "/", "/", false))
        ok = nomem(env);
    wr_memfs_free(fs);
    return ok;
}

static bool setup_strings(napi_env env, napi_value arr, wr_wasi_config *cfg, int what)
{
    uint32_t n = wr_node_array_length(env, arr);
    for (uint32_t i = 0; i < n; i++) {
        napi_value v = wr_node_array_at(env, arr, i);
        char *a = wr_node_utf8_dup(env, what == 0 ? v : wr_node_array_at(env, v, 0), NULL);
        char *b = what == 0 || !a ? NULL : wr_node_utf8_dup(env, wr_node_array_at(env, v, 1), NULL);
        bool ok = a && (what == 0 || b);
        bool ro = false;
        if (ok && what == 2)
            napi_get_value_bool(env, wr_node_array_at(env, v, 2), &ro);
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
            wr_node_fail(env, what == 2 ? "bad preopen (a host directory '::' a guest path)"
                                : "bad argument or environment variable");
            return false;
        }
    }
    return true;
}

/* The module: a path, or bytes copied (they are compiled off the JS thread). */
static bool setup_module(napi_env env, setup *s, napi_value o)
{
    napi_value v;
    if ((v = wr_node_get_prop(env, o, "path")) && !(s->path = wr_node_utf8_dup(env, v, NULL)))
        return false;
    if ((v = wr_node_get_prop(env, o, "bytes"))) {
        void *data;
        if (!wr_node_view_bytes(env, v, &data, &s->nbytes)) {
            wr_node_type_error(env, "a module must be a path or bytes (Uint8Array, ArrayBuffer)");
            return false;
        }
        if (!(s->bytes = malloc(s->nbytes ? s->nbytes : 1)))
            return nomem(env);
        memcpy(s->bytes, data, s->nbytes);
    }
    return true;
}

/* stdout and stderr to JS functions, stdin from bytes. */
static bool setup_stdio(napi_env env, setup *s, napi_value o)
{
    napi_value v;
    static const char *const outs[3] = {NULL, "stdout", "stderr"};
    for (int fd = 1; fd <= 2; fd++)
        if ((v = wr_node_get_prop(env, o, outs[fd]))) {
            napi_create_reference(env, v, 1, &s->out->fn[fd]);
            if (!wr_wasi_config_output_callback(s->wasi, fd, fd == 1 ? write_stdout
                                                                     : write_stderr, s->out))
                return nomem(env);
        }
    if ((v = wr_node_get_prop(env, o, "stdin"))) {
        void *data;
        size_t len;
        if (!wr_node_view_bytes(env, v, &data, &len)) {
            wr_node_type_error(env, "stdin must be a string or bytes");
            return false;
        }
        if (!(s->in = calloc(1, sizeof *s->in)) || !(s->in->data = malloc(len ? len : 1)))
            return nomem(env);
        pthread_mutex_init(&s->in->lock, NULL);
        memcpy(s->in->data, data, len);
        s->in->len = len;
        if (!wr_wasi_config_stdin_callback(s->wasi, read_stdin_bytes, s->in))
            return nomem(env);
    }
    return true;
}

static void reactor_options(napi_env env, wr_reactor_config *c, napi_value o)
{
    double d;
    napi_value v;
    if (get_num(env, o, "workers", &d))
        c->workers = (uint32_t)d;
    if (get_num(env, o, "deadlineMs", &d))
        c->default_deadline_ns = (uint64_t)(d * 1e6);
    if (get_num(env, o, "initDeadlineMs", &d))
        c->init_deadline_ns = (uint64_t)(d * 1e6);
    if ((v = wr_node_get_prop(env, o, "freshAfterFailure")))
        napi_get_value_bool(env, v, &c->fresh_after_failure);
    if (get_num(env, o, "codecArea", &d))
        c->codec_area = (wr_codec_area)d;
    if (get_num(env, o, "codecOffset", &d))
        c->codec_offset = (uint32_t)d;
    if (get_num(env, o, "codecCapacity", &d))
        c->codec_capacity = (uint32_t)d;
    if (get_num(env, o, "queueCapacity", &d))
        c->queue_capacity = (uint32_t)d;
}

/* Read what lib/index.js normalised: { bytes | path, args, env: [[k, v]], preopens:
 * [[host, guest, readOnly]], files, stdout, stderr (functions), stdin (Uint8Array), workers,
 * deadlineMs, freshAfterFailure, initDeadlineMs, codec: { area, offset, capacity },
 * fuel, maxMemoryPages }. */
static setup *setup_new(napi_env env, addon *a, napi_value o)
{
    setup *s = calloc(1, sizeof *s);
    if (!s) {
        nomem(env);
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
    if (!s->engine || !s->wasi || !s->out) {
        nomem(env);
        wr_node_setup_free(env, s);
        return NULL;
    }
    s->out->a = a;
    if (!setup_module(env, s, o) ||
        ((v = wr_node_get_prop(env, o, "args")) && !setup_strings(env, v, s->wasi, 0)) ||
        ((v = wr_node_get_prop(env, o, "env")) && !setup_strings(env, v, s->wasi, 1)) ||
        ((v = wr_node_get_prop(env, o, "preopens")) && !setup_strings(env, v, s->wasi, 2)) ||
        ((v = wr_node_get_prop(env, o, "files")) && !setup_memfs(env, s, v)) ||
        !setup_stdio(env, s, o)) {
        wr_node_setup_free(env, s);
        return NULL;
    }
    reactor_options(env, &s->cfg, o);
    s->cfg.wasi = s->wasi;
    return s;
}

setup *wr_node_setup_of_call(napi_env env, napi_callback_info info, napi_value *options)
{
    addon *a;
    size_t argc = 1;
    napi_value argv[1];
    napi_get_cb_info(env, info, &argc, argv, NULL, (void **)&a);
    if (options)
        *options = argv[0];
    return setup_new(env, a, argv[0]);
}

/* Worker of the libuv pool: read and compile the module. */
void wr_node_load_module(setup *s)
{
    s->err = s->path ? wr_module_load(s->engine, s->path, &s->module)
                     : wr_module_new(s->engine, s->bytes, s->nbytes, &s->module);
    free(s->bytes);
    s->bytes = NULL;
}

napi_value wr_node_start_work(napi_env env, setup *s, void *data, napi_async_execute_callback ex,
                             napi_async_complete_callback done)
{
    napi_value promise, name;
    CHECK(env, napi_create_promise(env, &s->deferred, &promise));
    napi_create_string_utf8(env, "wasi-reactor", NAPI_AUTO_LENGTH, &name);
    CHECK(env, napi_create_async_work(env, NULL, name, ex, done, data, &s->work));
    CHECK(env, napi_queue_async_work(env, s->work));
    wr_node_pending_add(env, s->a, 1);
    return promise;
}
