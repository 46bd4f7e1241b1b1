/* Commands: a _start module run once on its own worker, its exit code as the result. */
#include "reactor/internal.h"

#include <stdlib.h>

#include "util/error.h"

struct wr_command {
    wr_reactor *reactor;
    wr_future *future;
    bool stdin_pipe;
    bool stdin_closed;    /* under the reactor's lock */
};

wr_error *wr_command_start(wr_module *module, const wr_command_config *cfg, wr_command **out)
{
    *out = NULL;
    if (!module || !cfg || !cfg->wasi)
        return wr_error_new(WR_ERR_ARG, "a command needs a module and a WASI config");
    wr_reactor_config rcfg;
    wr_reactor_config_default(&rcfg);
    rcfg.wasi = cfg->wasi;
    rcfg.imports = cfg->imports;
    rcfg.imports_user = cfg->imports_user;
    rcfg.init_deadline_ns = 0; /* the instance is made inside the call, under its deadline */
    wr_command *cmd = calloc(1, sizeof *cmd);
    wr_reactor *r = cmd ? wr_reactor_alloc(module, &rcfg) : NULL;
    if (!r) {
        free(cmd);
        return wr_error_nomem();
    }
    r->command = true;
    cmd->reactor = r;
    wr_error *err = NULL;
    cmd->stdin_pipe = cfg->stdin_pipe;
    if (cfg->stdin_pipe && !wr_wasi_config_stdin_push(cfg->wasi))
        err = wr_error_nomem();
    wr_future *f = err ? NULL : wr_future_alloc(r, WR_KIND_COMMAND);
    if (!err && f) {
        f->opts.deadline_ns = cfg->deadline_ns > 0 ? cfg->deadline_ns : -1;
        if (!wr_future_set_name(f, "_start")) {
            wr_future_discard(f);
            f = NULL;
        }
    }
    if (!err && !f)
        err = wr_error_nomem();
    if (!err)
        err = wr_reactor_start(r);
    if (err) {
        if (f)
            wr_future_discard(f);
        wr_reactor_free(r);
        free(cmd);
        return err;
    }
    wr_reactor_submit(r, f);
    cmd->future = f;
    *out = cmd;
    return NULL;
}

wr_future *wr_command_future(wr_command *cmd) { return cmd->future; }

/* The reactor's lock keeps the worker from freeing its WASI state meanwhile. */
bool wr_command_stdin_write(wr_command *cmd, const void *data, size_t len)
{
    if (!cmd->stdin_pipe)
        return false;
    wr_reactor *r = cmd->reactor;
    pthread_mutex_lock(&r->lock);
    wr_wasi *wasi = r->workers[0].wasi;
    /* Without WASI state the guest could not start: nobody will read, nothing to keep. */
    bool ok = !cmd->stdin_closed && (!wasi || wr_wasi_stdin_push(wasi, data, len));
    pthread_mutex_unlock(&r->lock);
    return ok;
}

void wr_command_stdin_close(wr_command *cmd)
{
    if (!cmd->stdin_pipe)
        return;
    wr_reactor *r = cmd->reactor;
    pthread_mutex_lock(&r->lock);
    cmd->stdin_closed = true;
    if (r->workers[0].wasi)
        wr_wasi_stdin_close(r->workers[0].wasi);
    pthread_mutex_unlock(&r->lock);
}

void wr_command_free(wr_command *cmd)
{
    if (!cmd)
        return;
    wr_future_cancel(cmd->future);
    wr_reactor_free(cmd->reactor);
    wr_future_free(cmd->future);
    free(cmd);
}
