/*
 * command.c - the Node-API addon's commands: a WASI command on its own thread, started off the
 * JS thread, fed stdin and killed from JS, its exit code settled through the FIFO.
 */
#include <stdlib.h>
#include <string.h>

#include "wr_node.h"

/* ---------------------------------------------------------------- commands */

static void command_unref(napi_env env, ncommand *cmd)
{
    if (--cmd->refs > 0)
        return;
    wr_node_setup_free(env, cmd->s);
    free(cmd);
}

static void command_finalize(napi_env env, void *data, void *hint)
{
    (void)hint;
    command_unref(env, data);
}

void wr_node_command_unlink(addon *a, ncommand *cmd)
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
    wr_node_push(cmd->s->a, &cmd->exit.base);
}

void wr_node_settle_exit(napi_env env, addon *a, ncommand *cmd)
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
        napi_reject_deferred(env, cmd->exited, wr_node_future_error(env, a, f));
    }
    wr_command_free(cmd->cmd); /* its thread has finished: this joins at once */
    cmd->cmd = NULL;
    cmd->done = true;
    wr_node_command_unlink(a, cmd);
    wr_node_pending_add(env, a, -1);
    command_unref(env, cmd);
}

static void command_execute(napi_env env, void *data)
{
    (void)env;
    ncommand *cmd = data;
    setup *s = cmd->s;
    wr_node_load_module(s);
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
        napi_value err = s->err ? wr_node_error_from_wr(env, a, s->err)
                                : wr_node_make_error(env, a, "error", "start cancelled", 0, NULL);
        s->err = NULL;
        napi_reject_deferred(env, cmd->started, err);
        napi_reject_deferred(env, cmd->exited, err);
        cmd->done = true;
        wr_node_pending_add(env, a, -1);
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
    napi_resolve_deferred(env, cmd->started, wr_node_undefined(env));
}

/* commandStart(options) -> [handle, started: Promise, exited: Promise<exit code>] */
napi_value wr_node_js_command_start(napi_env env, napi_callback_info info)
{
    setup *s = wr_node_setup_of_call(env, info, NULL);
    ncommand *cmd = s ? calloc(1, sizeof *cmd) : NULL;
    if (!cmd) {
        wr_node_setup_free(env, s);
        return s ? wr_node_fail(env, "out of memory") : NULL;
    }
    cmd->s = s;
    cmd->refs = 2;
    napi_value handle, exited, out, started;
    napi_create_external(env, cmd, command_finalize, NULL, &handle);
    napi_create_promise(env, &cmd->exited, &exited);
    started = wr_node_start_work(env, s, cmd, command_execute, command_started);
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
napi_value wr_node_js_command_control(napi_env env, napi_callback_info info)
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
    if (wr_node_view_bytes(env, argv[1], &data, &len))
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
