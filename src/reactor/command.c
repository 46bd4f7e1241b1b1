/* Commands: a _start module run once on its own worker, its exit code as the result. */
#include "reactor/internal.h"
#include "util/alloc.h"

#include <stdlib.h>

#include "util/error.h"

struct wr_command {
    wr_reactor *reactor;
    wr_future *future;
    bool stdin_pipe;
};

/* The reactor behind a command: one worker, no _initialize, the instance made by the call. */
static wr_error *command_reactor(wr_module *module, const wr_command_config *cfg,
                                 wr_reactor **out)
{
    wr_reactor_config rcfg;
    wr_reactor_config_default(&rcfg);
    rcfg.wasi = cfg->wasi;
    rcfg.imports = cfg->imports;
    rcfg.imports_user = cfg->imports_user;
    rcfg.init_deadline_ns = 0; /* the instance is made inside the call, under its deadline */
    wr_error *err;
    *out = wr_reactor_alloc(module, &rcfg, &err);
    if (*out)
        (*out)->command = true;
    return err;
}

wr_error *wr_command_start(wr_module *module, const wr_command_config *cfg, wr_command **out)
{
    *out = NULL;
    if (!module || !cfg || !cfg->wasi)
        return wr_error_new(WR_ERR_ARG, "a command needs a module and a WASI config");
    wr_command *cmd = wr_mem_zalloc(wr_engine_allocator(wr_module_engine(module)), 1, sizeof *cmd);
    if (!cmd)
        return wr_error_nomem();
    wr_error *err = command_reactor(module, cfg, &cmd->reactor);
    wr_reactor *r = cmd->reactor;
    const wr_reactor_fn *start = r ? wr_reactor_find(r, "_start", 6) : NULL;
    if (!err && (!start || start->type.nparams || start->type.nresults))
        err = wr_error_new(WR_ERR_ARG, "a command needs a '_start' export taking and "
                           "returning nothing");
    cmd->stdin_pipe = cfg->stdin_pipe;
    if (!err && cfg->stdin_pipe && !wr_wasi_config_stdin_push(cfg->wasi))
        err = wr_error_nomem();
    wr_future *f = err ? NULL : wr_future_alloc(r, &wr_call_command, start);
    if (!err && !f)
        err = wr_error_nomem();
    if (f) {
        wr_call_options opts = {.deadline_ns = cfg->deadline_ns > 0 ? cfg->deadline_ns : -1};
        wr_future_set_options(f, &opts);
    }
    if (!err)
        err = wr_reactor_start(r);
    if (err) {
        if (f)
            wr_future_discard(f);
        wr_reactor_free(r);
        wr_mem_free(cmd);
        return err;
    }
    wr_reactor_submit(r, &f, 1);
    cmd->future = f;
    *out = cmd;
    return NULL;
}

wr_future *wr_command_future(wr_command *cmd) { return cmd->future; }

bool wr_command_stdin_write(wr_command *cmd, const void *data, size_t len)
{
    return cmd->stdin_pipe && wr_reactor_stdin_push(cmd->reactor, 0, data, len);
}

void wr_command_stdin_close(wr_command *cmd)
{
    if (cmd->stdin_pipe)
        wr_reactor_stdin_close(cmd->reactor, 0);
}

void wr_command_free(wr_command *cmd)
{
    if (!cmd)
        return;
    wr_future_cancel(cmd->future);
    wr_reactor_free(cmd->reactor);
    wr_future_free(cmd->future);
    wr_mem_free(cmd);
}
