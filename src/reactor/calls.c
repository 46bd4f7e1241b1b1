/* The call kinds a worker runs: a plain call (typed arguments and results) and a command's
 * _start (its exit code as the result). Tagged calls live in tagged_call.c. */
#include "reactor/internal.h"
#include "util/alloc.h"

#include <stdlib.h>

#include "util/error.h"

/* The instance's function behind f's export handle, or NULL with o filled. */
static wr_func *func_of(wr_worker *w, wr_future *f, wr_outcome *o)
{
    wr_func *func = w->funcs[f->fn->slot];
    if (!func) {
        o->status = WR_CALL_INSTANCE;
        o->message = wr_strdup_printf(o->alloc, "the instance has no function '%s'",
                                      f->fn->name.data);
    }
    return func;
}

/* Where a call's results go: the future's inline array when they fit, else allocated. */
static wr_val *results_of(wr_future *f, size_t n)
{
    if (n <= sizeof f->results_inline / sizeof *f->results_inline)
        return f->results_inline;
    return wr_mem_zalloc(f->reactor->alloc, n, sizeof(wr_val));
}

static void drop_results(wr_future *f, wr_val *results)
{
    if (results != f->results_inline)
        wr_mem_free(results);
}

static void run_plain(wr_worker *w, wr_future *f, wr_outcome *o)
{
    wr_func *func = func_of(w, f, o);
    if (!func)
        return;
    const wr_functype *t = &f->fn->type;
    wr_val *results = results_of(f, t->nresults);
    if (!results) {
        o->status = WR_CALL_NOMEM;
        return;
    }
    wr_hook_ctx ctx = {.future = f, .worker = w, .args = f->args, .nargs = f->nargs,
                       .status = WR_CALL_PENDING};
    if (!wr_hook_run(&ctx, f->opts->store_hook, o)) {
        drop_results(f, results);
        return;
    }
    for (size_t i = 0; i < f->nargs; i++) {
        if (f->args[i].type != t->params[i]) {
            drop_results(f, results);
            o->status = WR_CALL_HOOK;
            o->message = wr_strdup_printf(o->alloc,
                                          "the store hook changed the type of argument %zu", i);
            return;
        }
    }
    wr_error *err = wr_func_call(w->store, func, f->args, f->nargs, results, t->nresults);
    if (err) {
        drop_results(f, results);
        wr_outcome_from_error(o, err, f->ops);
        return;
    }
    ctx.results = results;
    ctx.nresults = t->nresults;
    if (!wr_hook_run(&ctx, f->opts->load_hook, o)) {
        drop_results(f, results);
        return;
    }
    o->status = WR_CALL_OK;
    o->results = t->nresults ? results : NULL;
    o->nresults = t->nresults;
    o->results_inline = results == f->results_inline;
}

/* _start: a normal return is exit code 0 (an exit's code is the result through
 * exit_is_result). */
static void run_command(wr_worker *w, wr_future *f, wr_outcome *o)
{
    run_plain(w, f, o);
    if (o->status != WR_CALL_OK || o->nresults)
        return;
    f->results_inline[0] = wr_val_i32(0);
    o->results = f->results_inline;
    o->results_inline = true;
    o->nresults = 1;
}

const wr_call_ops wr_call_plain = {.run = run_plain, .exit_is_result = false};
const wr_call_ops wr_call_command = {.run = run_command, .exit_is_result = true};
