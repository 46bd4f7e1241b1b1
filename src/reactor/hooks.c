/* The context store, load and cleanup hooks and the guest-error handler see on the worker. */
#include "reactor/internal.h"

#include <stdlib.h>

#include "util/error.h"

wr_error *wr_worker_call(wr_worker *w, const char *name, const wr_val *args, size_t nargs,
                         wr_val *results, size_t nresults)
{
    wr_func *func = wr_instance_func(w->instance, name);
    if (!func)
        return wr_error_new(WR_ERR_ARG, "no exported function '%s'", name);
    return wr_func_call(w->store, func, args, nargs, results, nresults); /* checks the types */
}

bool wr_hook_take_failure(wr_hook_ctx *ctx, wr_outcome *o)
{
    if (!ctx->failure)
        return false;
    wr_outcome_from_error(o, ctx->failure, ctx->future->ops);
    ctx->failure = NULL;
    return true;
}

bool wr_hook_run(wr_hook_ctx *ctx, wr_hook_fn fn, wr_outcome *o)
{
    if (!fn)
        return true;
    int rc = fn(ctx, ctx->future->opts->user);
    if (wr_hook_take_failure(ctx, o))
        return false;
    if (rc != 0) {
        o->status = WR_CALL_HOOK;
        o->code = rc;
        o->message = wr_strdup_printf(o->alloc, "hook failed with code %d", rc);
        return false;
    }
    return true;
}

uint64_t wr_hook_call_id(const wr_hook_ctx *ctx) { return ctx->future->id; }

void *wr_hook_user(const wr_hook_ctx *ctx) { return ctx->future->opts->user; }

wr_call_status wr_hook_status(const wr_hook_ctx *ctx) { return ctx->status; }

uint32_t wr_hook_worker(const wr_hook_ctx *ctx) { return ctx->worker->index; }

uint8_t *wr_hook_memory(wr_hook_ctx *ctx, size_t *size)
{
    wr_memory *mem = wr_instance_memory(ctx->worker->instance);
    *size = mem ? wr_memory_size(mem) : 0;
    return mem ? wr_memory_data(mem) : NULL;
}

wr_val *wr_hook_args(wr_hook_ctx *ctx, size_t *count)
{
    *count = ctx->nargs;
    return ctx->args;
}

wr_val *wr_hook_results(wr_hook_ctx *ctx, size_t *count)
{
    *count = ctx->nresults;
    return ctx->results;
}

wr_instance *wr_hook_instance(wr_hook_ctx *ctx) { return ctx->worker->instance; }

bool wr_hook_call(wr_hook_ctx *ctx, const char *export_name, const wr_val *args, size_t nargs,
                  wr_val *results, size_t nresults)
{
    wr_error *err = wr_worker_call(ctx->worker, export_name, args, nargs, results, nresults);
    if (!err)
        return true;
    wr_error_kind kind = wr_error_kind_of(err);
    if (!ctx->failure && (kind == WR_ERR_TRAP || kind == WR_ERR_EXIT || kind == WR_ERR_NOMEM))
        ctx->failure = err;
    else
        wr_error_free(err);
    return false;
}
