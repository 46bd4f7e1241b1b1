/* The per-instance WASI state: setup from a config, the linker glue, running _start. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "runtime/host_fds.h"
#include "util/error.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"
#include "wasi/wait.h"

static const char WASI_MODULE[] = "wasi_snapshot_preview1";

static const uint64_t TTY_UNSEEKABLE = WASI_R(FD_SEEK) | WASI_R(FD_TELL);

static wr_error *open_stdio(wr_wasi *w, int fd, const cfg_stdio *s)
{
    wasi_file *f = NULL;
    int host_fd = -1;
    if (s->kind == STDIO_PUSH) {
        w->stdin_queue = wr_wasi_stdin_queue_new();
        f = w->stdin_queue ? wr_wasi_stdin_queue_file(w->stdin_queue) : NULL;
        if (!f)
            return wr_error_nomem();
    } else if (s->kind == STDIO_CALLBACK) {
        f = fd == 0 ? wr_wasi_stdin_cb_new(s->read_fn, s->wake_fn != NULL, s->user)
                    : wr_wasi_output_cb_new(s->write_fn, s->user);
        if (!f)
            return wr_error_nomem();
        if (fd == 0) {
            w->stdin_wake_fn = s->wake_fn;
            w->stdin_wake_user = s->user;
        }
    } else {
        if (s->kind == STDIO_INHERIT)
            host_fd = fcntl(s->host_fd, F_DUPFD_CLOEXEC, 3);
        else
            host_fd = open(s->path, fd == 0 ? O_RDONLY | O_CLOEXEC
                                            : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (host_fd < 0)
            return wr_error_new(WR_ERR_IO, "stdio %d: %s: %s", fd,
                                s->kind == STDIO_FILE ? s->path : "host fd", strerror(errno));
        if (wr_wasi_host_file_new(host_fd, w->use_openat2, &f))
            return wr_error_new(WR_ERR_IO, "stdio %d: cannot use host fd", fd);
    }
    bool tty = s->isatty >= 0 ? s->isatty : host_fd >= 0 && isatty(host_fd);
    uint64_t rights = WASI_RIGHTS_FILE;
    if (tty) {
        f->filetype = WASI_FILETYPE_CHARACTER_DEVICE;
        rights &= ~TTY_UNSEEKABLE;
    }
    uint16_t err = wr_wasi_fdtable_place(w, (uint32_t)fd, f, rights, 0);
    return err ? wr_wasi_fdtable_setup_error(w, err, "stdio") : NULL;
}

/* The device number of a memfs's files: the same for every instance of a config and
 * nothing about the host (a host st_dev never has these high bits). Preopens of one memfs
 * share the number of the first. */
static uint64_t memfs_dev(const wr_wasi_config *cfg, const cfg_preopen *p)
{
    static const uint64_t MEMFS_DEV_BASE = 0x6d656d6673000000; /* "memfs" */
    uint64_t index = 0;
    for (const cfg_preopen *q = cfg->preopens; q->memfs != p->memfs; q++)
        index += q->memfs != NULL;
    return MEMFS_DEV_BASE + index;
}

static wr_error *open_preopen(wr_wasi *w, const wr_wasi_config *cfg, const cfg_preopen *p)
{
    wasi_file *f;
    if (p->host) {
        int err = wr_wasi_host_dir_open(p->host, w->use_openat2, &f);
        if (err)
            return wr_error_new(WR_ERR_IO, "preopen %s: %s", p->host, strerror(err));
    } else if (wr_wasi_memfs_open_dir(p->memfs, p->memfs_dir, memfs_dev(cfg, p), &f)) {
        return wr_error_new(WR_ERR_IO, "preopen %s: no such in-memory directory", p->memfs_dir);
    }
    uint64_t base = WASI_RIGHTS_DIR, inheriting = WASI_RIGHTS_DIR | WASI_RIGHTS_FILE;
    if (p->read_only) {
        base &= ~WASI_RIGHTS_MUTATE;
        inheriting &= ~WASI_RIGHTS_MUTATE;
    }
    char *name = strdup(p->guest);
    if (!name) {
        f->ops->close(f);
        return wr_error_nomem();
    }
    uint32_t fd;
    uint16_t err = wr_wasi_fdtable_insert(w, f, base, inheriting, &fd);
    if (err) {
        free(name);
        return wr_wasi_fdtable_setup_error(w, err, p->guest);
    }
    w->fds[fd].preopen_name = name;
    return NULL;
}

wr_error *wr_wasi_new(wr_store *store, const wr_wasi_config *cfg, wr_wasi **out)
{
    *out = NULL;
    wr_wasi *w = calloc(1, sizeof *w);
    if (!w)
        return wr_error_nomem();
    w->store = store;
    w->engine = wr_host_fd_engine(store);
    w->exit_code = -1;
    w->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    w->use_openat2 = wr_wasi_host_has_openat2();
    w->hooks = cfg->hooks;
    w->max_fds = cfg->max_fds;
    w->max_poll_subscriptions = cfg->max_poll_subscriptions;
    w->args = wr_wasi_strings_copy(cfg->args, cfg->nargs);
    w->nargs = w->args ? cfg->nargs : 0;
    w->env = wr_wasi_strings_copy(cfg->env, cfg->nenv);
    w->nenv = w->env ? cfg->nenv : 0;
    w->bindings = calloc(wr_wasi_import_count, sizeof *w->bindings);
    wr_error *e = NULL;
    if (w->wake_fd < 0)
        e = wr_error_new(WR_ERR_IO, "eventfd: %s", strerror(errno));
    else if (3 + cfg->npreopens + cfg->nsockets > cfg->max_fds)
        e = wr_error_new(WR_ERR_LIMIT, "stdio, %zu preopened directories and %zu sockets are "
                         "more fds than the limit of %u (wr_wasi_config_max_fds)",
                         cfg->npreopens, cfg->nsockets, cfg->max_fds);
    else if (!w->args || !w->env || !w->bindings)
        e = wr_error_nomem();
    for (int fd = 0; !e && fd < 3; fd++)
        e = open_stdio(w, fd, &cfg->stdio[fd]);
    for (size_t i = 0; !e && i < cfg->npreopens; i++)
        e = open_preopen(w, cfg, &cfg->preopens[i]);
    if (!e)
        e = wr_wasi_open_sockets(w, cfg);
    if (e) {
        wr_wasi_free(w);
        return e;
    }
    for (size_t i = 0; i < wr_wasi_import_count; i++)
        w->bindings[i] = (wasi_binding){w, &wr_wasi_imports[i]};
    *out = w;
    return NULL;
}

void wr_wasi_free(wr_wasi *w)
{
    if (!w)
        return;
    wr_wasi_fdtable_free(w);
    wr_wasi_stdin_queue_free(w->stdin_queue);
    wr_wasi_strings_free(w->args, w->nargs);
    wr_wasi_strings_free(w->env, w->nenv);
    free(w->bindings);
    if (w->wake_fd >= 0)
        close(w->wake_fd);
    free(w);
}

enum { TRACE_PATH_MAX = 256 };

/* The first TRACE_PATH_MAX bytes of a guest path as text, or NULL when out of bounds. */
static const char *trace_path(const guest_mem *m, uint64_t ptr, uint64_t len, char *text)
{
    if (!guest_ok(m, ptr, len))
        return NULL;
    size_t n = len < TRACE_PATH_MAX ? (size_t)len : TRACE_PATH_MAX;
    memcpy(text, guest_at(m, ptr), n);
    text[n] = 0;
    return text;
}

/* Hand the finished call to the trace hook: names and kinds of the wasm arguments from the
 * import's parameters, the text of its paths. */
static void trace(wr_wasi *w, const guest_mem *m, const wasi_import *imp, const uint64_t *raw,
                  size_t nraw, uint16_t result)
{
    const char *names[WASI_MAX_PARAMS];
    char kinds[WASI_MAX_PARAMS + 1];
    char text[2][TRACE_PATH_MAX + 1];
    wr_wasi_call call = {
        .name = imp->name, .nargs = nraw, .arg_names = names, .args = raw,
        .errno_value = result, .errno_name = wr_wasi_errno_name(result), .arg_kinds = kinds,
    };
    size_t at = 0, npaths = 0;
    for (size_t i = 0; i < imp->nparams; i++) {
        const wasi_param *p = &imp->params[i];
        size_t first = at;
        for (const char *k = wr_wasi_kinds[p->kind].trace; *k; k++, at++) {
            names[at] = at == first ? p->name : p->len_name;
            kinds[at] = *k;
        }
        if (p->kind == WASI_K_PATH) {
            call.paths[npaths] = trace_path(m, raw[first], raw[first + 1], text[npaths]);
            npaths++;
        }
    }
    kinds[at] = 0;
    w->hooks.trace_fn(w->hooks.trace_user, &call);
}

static wr_error *dispatch(wr_caller *caller, const wr_val *args, wr_val *results, void *env)
{
    const wasi_binding *b = env;
    wr_wasi *w = b->wasi;
    const wasi_import *imp = b->import;
    /* Its fds, args and exit code are one guest's: a second instance gets its own wr_wasi. */
    wr_instance *caller_instance = wr_caller_instance(caller);
    if (caller_instance && w->instance != caller_instance) {
        if (w->instance)
            return wr_trap_new("WASI %s called by a second instance: each instance needs its "
                               "own wr_wasi (wr_wasi_new)", imp->name);
        w->instance = caller_instance;
    }
    wr_valtype types[WASI_MAX_PARAMS];
    uint64_t raw[WASI_MAX_PARAMS] = {0};
    size_t nraw = wr_wasi_import_params(imp, types);
    for (size_t i = 0; i < nraw; i++)
        raw[i] = types[i] == WR_I32 ? (uint64_t)(uint32_t)args[i].of.i32 : (uint64_t)args[i].of.i64;
    uint8_t no_memory = 0;
    guest_mem m = {&no_memory, 0};
    wr_memory *mem = wr_caller_memory(caller);
    /* WASI preview 1's pointers and lengths are i32: a 64-bit memory 0 (memory64) cannot be
     * addressed by them, so such a guest is refused at its first call. */
    if (mem && wr_memory_type(mem).is64)
        return wr_trap_new("WASI %s: the caller's memory 0 is a 64-bit memory (memory64), which "
                           "WASI preview 1's 32-bit pointers cannot address; give the module a "
                           "32-bit memory 0", imp->name);
    if (mem && wr_memory_data(mem)) {
        m.base = wr_memory_data(mem);
        m.size = wr_memory_size(mem);
    }
    uint16_t r = imp->fn(w, &m, raw);
    bool exited = r == WASI_EXITED;
    if (w->hooks.trace_fn)
        trace(w, &m, imp, raw, nraw, exited ? 0 : r);
    if (exited)
        return wr_exit_new(w->exit_code);
    /* A stop request that came while the call was blocked (and woke it) ends the guest here,
     * so it cannot take the EINTR for a reason to keep going. */
    wr_store *store = wr_caller_store(caller);
    if (store && wr_store_interrupted(store))
        return wr_error_trap(WR_TRAP_INTERRUPTED);
    if (imp->returns_errno)
        results[0] = wr_val_i32(r);
    return NULL;
}

wr_error *wr_wasi_define(wr_linker *linker, wr_wasi *w)
{
    static const wr_valtype errno_result[1] = {WR_I32};
    for (size_t i = 0; i < wr_wasi_import_count; i++) {
        const wasi_import *imp = &wr_wasi_imports[i];
        wr_valtype params[WASI_MAX_PARAMS];
        wr_functype type = {
            .nparams = (uint32_t)wr_wasi_import_params(imp, params),
            .nresults = imp->returns_errno ? 1 : 0, .params = params, .results = errno_result,
        };
        wr_func *f = wr_func_new_host(w->store, &type, dispatch, &w->bindings[i], NULL);
        if (!f)
            return wr_error_new(WR_ERR_LIMIT, "cannot make the WASI function %s: the store is "
                                "at its max_store_functions, or out of memory", imp->name);
        wr_extern ext = {.kind = WR_EXTERN_FUNC, .of.func = f};
        wr_error *e = wr_linker_define(linker, WASI_MODULE, sizeof WASI_MODULE - 1, imp->name,
                                       strlen(imp->name), ext);
        if (e)
            return e;
    }
    return NULL;
}

wr_error *wr_wasi_run_start(wr_wasi *w, wr_instance *instance, int *exit_code)
{
    *exit_code = -1;
    if (w->instance && w->instance != instance)
        return wr_error_new(WR_ERR_ARG, "this wr_wasi already serves another instance: each "
                                        "instance needs its own wr_wasi (wr_wasi_new)");
    wr_func *start = wr_instance_func(instance, "_start");
    if (!start)
        return wr_error_new(WR_ERR_LINK, "the module exports no \"_start\" function");
    wr_error *e = wr_func_call(w->store, start, NULL, 0, NULL, 0);
    if (!e) {
        *exit_code = 0;
        return NULL;
    }
    if (wr_error_kind_of(e) == WR_ERR_EXIT) {
        *exit_code = wr_error_exit_code(e);
        wr_error_free(e);
        return NULL;
    }
    return e;
}

int wr_wasi_exit_code(const wr_wasi *w) { return w->exit_code; }

bool wr_wasi_stdin_push(wr_wasi *w, const void *bytes, size_t len)
{
    return w->stdin_queue && (bytes || !len) && wr_wasi_stdin_queue_push(w->stdin_queue, bytes, len);
}

void wr_wasi_stdin_close(wr_wasi *w)
{
    if (w->stdin_queue)
        wr_wasi_stdin_queue_close(w->stdin_queue);
}

void wr_wasi_clear_wake(wr_wasi *w) { wr_wasi_wake_consume(w->wake_fd); }

void wr_wasi_wake(wr_wasi *w)
{
    uint64_t one = 1;
    ssize_t r = write(w->wake_fd, &one, sizeof one);
    (void)r; /* a full counter already means "wake" */
    /* After the eventfd: a callback that returns WR_WASI_READ_WOKEN finds the wake there. */
    if (w->stdin_wake_fn)
        w->stdin_wake_fn(w->stdin_wake_user);
}
