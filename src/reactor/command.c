/* Commands: a _start module run once on its own worker, its exit code as the result. */
#include "reactor/internal.h"

#include <stdlib.h>

#include "util/error.h"

struct wr_command {
    wr_reactor *reactor;
    wr_future *future;
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
    wr_command *cmd = calloc(1, sizeof *cmd);
    wr_reactor *r = cmd ? wr_reactor_alloc(module, &rcfg) : NULL;
    if (!r) {
        free(cmd);
        return wr_error_nomem();
    }
    r->command = true;
    cmd->reactor = r;
    wr_error *err = NULL;
    if (cfg->stdin_pipe) {
        r->stdin_pipe = wr_stdin_pipe_new();
        if (!r->stdin_pipe ||
            !wr_wasi_config_stdin_callback(cfg->wasi, wr_stdin_pipe_read, r->stdin_pipe))
            err = wr_error_nomem();
    }
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

bool wr_command_stdin_write(wr_command *cmd, const void *data, size_t len)
{
    return cmd->reactor->stdin_pipe && wr_stdin_pipe_write(cmd->reactor->stdin_pipe, data, len);
}

void wr_command_stdin_close(wr_command *cmd)
{
    if (cmd->reactor->stdin_pipe)
        wr_stdin_pipe_close(cmd->reactor->stdin_pipe);
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
