/* A worker thread: owns one instance, takes calls from its queues in submission order. */
#include "reactor/internal.h"
#include "util/alloc.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

/* Whether a stop request is pending for the instance being made or the running call
 * (r->lock held). */
static bool stop_requested(const wr_worker *w)
{
    return w->make_stopped != 0 || (w->current && atomic_load(&w->current->stop_reason) != 0);
}

/* After a stop ended what it stopped (the running call, or with for_call false a making),
 * drop the signals it sent so that neither a cleanup hook nor the next call sees them: the
 * store's interrupt request, and the WASI wake-up, once the thread delivering it (if any) is
 * done. A wake-up not yet delivered is for the old epoch and will be dropped. A wake-up lands
 * only when the guest waits in WASI, so one may still be pending. A making stopped while the
 * call it serves has a stop of its own keeps the signals: they are that call's too. */
static void quiet(wr_worker *w, bool for_call)
{
    wr_reactor *r = w->reactor;
    pthread_mutex_lock(&r->lock);
    bool keep = !for_call && w->current && atomic_load(&w->current->stop_reason) != 0;
    if (!keep) {
        if (w->store)
            wr_store_clear_interrupt(w->store);
        atomic_fetch_add(&w->wake_epoch, 1);
        w->wake_due = false;
    }
    pthread_mutex_unlock(&r->lock);
    if (keep)
        return;
    pthread_mutex_lock(&w->env_lock);
    while (w->wakers)
        pthread_cond_wait(&w->wakers_done, &w->env_lock);
    if (w->wasi)
        wr_wasi_clear_wake(w->wasi);
    pthread_mutex_unlock(&w->env_lock);
}

/* Publish the store under r->lock, so that a stop request that came while the instance was
 * being made still reaches the guest. */
static void publish_store(wr_worker *w, wr_store *store)
{
    wr_reactor *r = w->reactor;
    pthread_mutex_lock(&r->lock);
    w->store = store;
    if (stop_requested(w))
        wr_store_interrupt(store);
    pthread_mutex_unlock(&r->lock);
}

/* Publish the WASI state under env_lock; a stop that came before it asks for a wake-up again,
 * since the one it asked for found no WASI state. */
static void publish_wasi(wr_worker *w, wr_wasi *wasi)
{
    wr_reactor *r = w->reactor;
    pthread_mutex_lock(&w->env_lock);
    w->wasi = wasi;
    w->stdin_closed = false;
    pthread_mutex_unlock(&w->env_lock);
    pthread_mutex_lock(&r->lock);
    bool wake = stop_requested(w);
    if (wake)
        wr_worker_want_wake(w);
    pthread_mutex_unlock(&r->lock);
    if (wake)
        wr_reactor_deliver_wakes(r);
}

static void instance_drop(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    pthread_mutex_lock(&r->lock);
    wr_store *store = w->store;
    w->store = NULL;
    pthread_mutex_unlock(&r->lock);
    pthread_mutex_lock(&w->env_lock);
    wr_wasi *wasi = w->wasi;
    w->wasi = NULL;
    while (w->wakers)
        pthread_cond_wait(&w->wakers_done, &w->env_lock);
    pthread_mutex_unlock(&w->env_lock);
    w->instance = NULL;
    memset(w->funcs, 0, r->nfns * sizeof *w->funcs);
    /* The WASI functions point at the wr_wasi, so the store goes first. */
    wr_store_free(store);
    if (wasi)
        wr_wasi_free(wasi);
}

static const wr_wasi_config *wasi_config(const wr_worker *w)
{
    const wr_reactor_config *cfg = &w->reactor->cfg;
    return cfg->worker_wasi ? cfg->worker_wasi[w->index] : cfg->wasi;
}

/* The store and WASI state an instance lives in. */
static wr_error *env_make(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    wr_store *store = wr_store_new(r->engine);
    if (!store)
        return wr_error_nomem();
    publish_store(w, store);
    const wr_wasi_config *wasi_cfg = wasi_config(w);
    if (!wasi_cfg)
        return NULL;
    wr_wasi *wasi;
    wr_error *err = wr_wasi_new(store, wasi_cfg, &wasi);
    if (err) {
        instance_drop(w);
        return err;
    }
    publish_wasi(w, wasi);
    return NULL;
}

/* Find the function behind every export handle. */
static void resolve_funcs(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    for (uint32_t i = 0; i < r->nfns; i++) {
        wr_extern ext;
        const wr_name *name = &r->fns[i].name;
        bool found = wr_instance_export(w->instance, name->data, name->len, &ext);
        w->funcs[i] = found && ext.kind == WR_EXTERN_FUNC ? ext.of.func : NULL;
    }
}

static wr_error *run_initialize(wr_worker *w)
{
    wr_func *init = wr_instance_func(w->instance, "_initialize");
    if (!init)
        return NULL;
    const wr_functype *t = wr_func_type(init);
    if (t->nparams != 0 || t->nresults != 0)
        return wr_error_new(WR_ERR_LINK, "_initialize must take and return nothing");
    return wr_func_call(w->store, init, NULL, 0, NULL, 0);
}

static wr_error *instance_build(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    wr_error *err = w->store ? NULL : env_make(w);
    if (err)
        return err;
    wr_linker *linker = wr_linker_new(r->engine);
    if (!linker) {
        instance_drop(w);
        return wr_error_nomem();
    }
    if (w->wasi)
        err = wr_wasi_define(linker, w->wasi);
    if (!err && r->cfg.imports)
        err = r->cfg.imports(linker, w->store, w->index, r->cfg.imports_user);
    if (!err)
        err = wr_linker_instantiate(linker, w->store, r->module, &w->instance);
    wr_linker_free(linker);
    if (!err)
        resolve_funcs(w);
    if (!err && !r->command)
        err = run_initialize(w);
    if (err)
        instance_drop(w);
    return err;
}

/* Make the instance (start function and _initialize included) under the reactor's
 * init_deadline_ns, which the timer thread enforces; a close can stop it too. */
static wr_error *instance_make(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    uint64_t limit = r->cfg.init_deadline_ns;
    pthread_mutex_lock(&r->lock);
    w->making = true;
    w->make_deadline = limit ? wr_now_ns() + limit : 0;
    if (w->make_deadline)
        pthread_cond_signal(&r->timer_wake);
    pthread_mutex_unlock(&r->lock);

    wr_error *err = instance_build(w);

    pthread_mutex_lock(&r->lock);
    wr_call_status stopped = w->make_stopped;
    w->making = false;
    w->make_deadline = 0;
    w->make_stopped = 0;
    pthread_mutex_unlock(&r->lock);
    if (stopped)
        quiet(w, false);
    if (err && stopped == WR_CALL_DEADLINE) {
        wr_error_free(err);
        err = wr_error_new(WR_ERR_LIMIT,
                           "making the instance (start function and _initialize) took longer "
                           "than its deadline of %llu ms",
                           (unsigned long long)(limit / 1000000u));
    }
    return err;
}

void wr_outcome_from_error(wr_outcome *o, wr_error *e, const wr_call_ops *ops)
{
    switch (wr_error_kind_of(e)) {
    case WR_ERR_EXIT:
        if (ops->exit_is_result) {
            o->results = wr_mem_alloc(o->alloc, 1, sizeof *o->results);
            if (!o->results) {
                o->status = WR_CALL_NOMEM;
                break;
            }
            o->status = WR_CALL_OK;
            o->results[0] = wr_val_i32(wr_error_exit_code(e));
            o->nresults = 1;
            wr_error_free(e);
            return;
        }
        o->status = WR_CALL_EXIT;
        o->code = wr_error_exit_code(e);
        break;
    case WR_ERR_NOMEM:
        o->status = WR_CALL_NOMEM;
        break;
    case WR_ERR_EXCEPTION:
        o->status = WR_CALL_EXCEPTION;
        break;
    default:
        o->status = WR_CALL_TRAP;
        break;
    }
    o->message = wr_strdup_printf(o->alloc, "%s", wr_error_message(e));
    o->error = e;
}

/* A call asked to stop while running ends stopped, whatever the guest did on its way out: a
 * woken WASI call may let it return, exit or trap before the interrupt lands, and results made
 * after such a wake-up are not to be trusted. The interrupt trap stays as the error: its
 * backtrace says where the guest was stopped. */
static void apply_stop(wr_outcome *o, wr_call_status reason)
{
    if (reason == 0 || o->status == reason)
        return;
    wr_error *where = o->error;
    bool interrupted = where && wr_error_trap_kind(where) == WR_TRAP_INTERRUPTED;
    if (interrupted)
        o->error = NULL;
    wr_outcome_reset(o, reason);
    o->error = interrupted ? where : NULL;
    o->message = wr_strdup_printf(o->alloc, "%s", wr_stop_message(reason));
}

/* Run the cleanup hook after the call, with any stop's signals cleared. */
static void cleanup(wr_worker *w, wr_future *f, wr_outcome *o)
{
    if (atomic_load(&f->stop_reason) != 0)
        quiet(w, true);
    wr_hook_ctx ctx = {.future = f, .worker = w, .args = f->args, .nargs = f->nargs,
                       .results = o->results, .nresults = o->nresults, .status = o->status};
    f->opts->cleanup_hook(&ctx, f->opts->user);
    wr_error_free(ctx.failure); /* the hook cannot change the outcome */
}

static void run_call(wr_worker *w, wr_future *f, wr_outcome *o)
{
    if (!w->instance) {
        wr_error *err = instance_make(w);
        if (err) {
            o->status = WR_CALL_INSTANCE;
            o->message = wr_strdup_printf(o->alloc, "cannot make the instance: %s",
                                          wr_error_message(err));
            wr_error_free(err);
            return;
        }
    }
    f->ops->run(w, f, o);
    if (f->opts->cleanup_hook) {
        apply_stop(o, (wr_call_status)atomic_load(&f->stop_reason));
        cleanup(w, f, o);
    }
}

static bool wants_fresh_instance(const wr_reactor *r, wr_call_status status)
{
    if (!r->cfg.fresh_after_failure)
        return false;
    return status == WR_CALL_TRAP || status == WR_CALL_EXIT || status == WR_CALL_CANCELLED ||
           status == WR_CALL_DEADLINE || status == WR_CALL_EXCEPTION;
}

/* The next call for w: the older of its own queue's head and the shared queue's head, so
 * calls on this instance run in submission order (reactor lock held). */
static wr_future *pick(wr_worker *w)
{
    wr_future *mine = w->own.head, *any = w->reactor->shared.head;
    if (!mine || (any && any->id < mine->id))
        return any;
    return mine;
}

/* Make f, the head of q, w's running call (r->lock or run_lock held, whichever guards q). */
static void start(wr_worker *w, wr_queue *q, wr_future *f)
{
    /* The next call's arguments and result lines were last written on the submitting core:
     * ask for them now, so that they travel while this call runs. */
    wr_future *next = f->queue_next;
    if (next) {
        __builtin_prefetch(next->args_inline, 0);
        __builtin_prefetch(&next->refs, 1);
        __builtin_prefetch(&next->results_inline, 1);
    }
    wr_queue_remove(q, f);
    wr_count_one(&w->nstarted);
    /* Nothing pairs with this store (waiters wait for a final state), so no fence. */
    atomic_store_explicit(&f->state, WR_FUTURE_RUNNING, memory_order_release);
    w->current = f;
}

/* Start the next call off the queues (reactor lock held); false when there is none. The
 * worker takes a batch: up to WR_BATCH calls, but of the shared queue no more than its share,
 * so that the other workers find calls too. The first starts now, the rest wait in w->batch,
 * which the worker serves under run_lock alone (next_batched): the reactor lock and the
 * queues' lines then move between cores once per batch, not once per call. */
static bool start_queued(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    /* Every call in the inbox was pushed after every queued one, so the queues serve first
     * and the inbox is drained (its cache line pulled from the submitters) only once they are
     * empty. */
    wr_future *f = pick(w);
    if (!f) {
        wr_reactor_drain(r);
        if (!(f = pick(w)))
            return false;
    }
    size_t limit = w->own.len + r->shared.len / r->nworkers;
    limit = limit > WR_BATCH ? WR_BATCH : limit;
    start(w, f == w->own.head ? &w->own : &r->shared, f);
    if (!w->own.head && limit > 1 && r->shared.head) {
        /* Shared calls only (the usual case): cut the run off the queue in one piece. */
        size_t n = limit - 1 < r->shared.len ? limit - 1 : r->shared.len;
        wr_queue_split(&r->shared, &w->batch, n);
    } else {
        for (size_t n = 1; n < limit && (f = pick(w)) != NULL; n++) {
            wr_queue_remove(f == w->own.head ? &w->own : &r->shared, f);
            wr_queue_push(&w->batch, f);
        }
    }
    w->batched = w->batch.len;
    /* Shared calls are left: hand them to a sleeping worker unless one is polling. */
    if (r->shared.head && atomic_load(&r->spinners) == 0)
        wr_reactor_wake_idle(r);
    return true;
}

/* Poll the inbox without the lock until something is pushed (or the reactor closes, which
 * seals it) or WR_SPIN_NS pass (reactor lock held on entry and on return). Returns whether
 * something came. */
static bool spin_for_work(wr_reactor *r)
{
    atomic_fetch_add(&r->spinners, 1);
    pthread_mutex_unlock(&r->lock);
    uint64_t until = wr_now_ns() + WR_SPIN_NS;
    bool moved;
    unsigned round = 0;
    while (!(moved = atomic_load_explicit(&r->inbox, memory_order_relaxed) != NULL) &&
           wr_spin_round(round++, until)) {
    }
    pthread_mutex_lock(&r->lock);
    atomic_fetch_sub(&r->spinners, 1);
    return moved;
}

/* Sleep until signalled, unless a call was pushed meanwhile (reactor lock held). Counting
 * itself idle before the last look at the inbox pairs with wake_for_push (reactor.c). */
static void sleep_for_work(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    atomic_store(&w->idle, true);
    atomic_fetch_add(&r->sleepers, 1);
    wr_future *top = atomic_load(&r->inbox);
    if (!top && !r->stopping)
        pthread_cond_wait(&w->wake, &r->lock);
    if (atomic_load(&w->idle)) { /* not signalled: woken by a close, spuriously or never slept */
        atomic_store(&w->idle, false);
        atomic_fetch_sub(&r->sleepers, 1);
    }
}

/* Complete a call that ran (no lock held) and replace the instance when configured to. */
static void finish(wr_worker *w, wr_future *f, wr_outcome *o)
{
    apply_stop(o, (wr_call_status)atomic_load(&f->stop_reason));
    bool fresh = wants_fresh_instance(w->reactor, o->status);
    wr_future_complete(f, o);
    wr_future_release(f);
    if (fresh) {
        instance_drop(w);
        /* A failure here is reported by the next call, which tries again. */
        wr_error_free(instance_make(w));
    }
}

/* Start the next call: the batch's oldest, or else one off the queues (reactor lock held on
 * entry and on return). With `wait`, polls and then sleeps until a call comes or the reactor
 * stops (NULL); without, returns NULL at once when there is none. */
static wr_future *take(wr_worker *w, bool wait)
{
    wr_reactor *r = w->reactor;
    bool may_spin = true;
    for (;;) {
        if (w->batch.head) {
            start(w, &w->batch, w->batch.head);
            w->batched = w->batch.len;
            return w->current;
        }
        if (start_queued(w))
            return w->current;
        if (!wait || r->stopping)
            return NULL;
        if (may_spin && atomic_load(&r->spinners) == 0) {
            may_spin = spin_for_work(r);
            continue;
        }
        sleep_for_work(w);
        may_spin = true;
    }
}

/* Start the next call from w's batch under run_lock alone (the common case while a batch
 * lasts), after ending the stop window of `done`, the call that just ran. NULL when the batch
 * is empty, or when done was stopped or has a deadline: those need the reactor lock. */
static wr_future *next_batched(wr_worker *w, wr_future *done)
{
    if (w->batched == 0 || (done && wr_call_timeout(w->reactor, done->opts) > 0))
        return NULL;
    wr_future *f = NULL;
    pthread_mutex_lock(&w->run_lock);
    w->current = NULL; /* from here no stop can reach done */
    bool stopped = done && atomic_load(&done->stop_reason) != 0;
    if (!stopped && w->batch.head) {
        start(w, &w->batch, w->batch.head);
        f = w->current;
    }
    w->batched = w->batch.len;
    pthread_mutex_unlock(&w->run_lock);
    return f;
}

/* End the stop window of `done`, the call that just ran (NULL for none), and start the next
 * call. Waits for one only when nothing is done (see take); NULL when the reactor stops. */
static wr_future *next_call(wr_worker *w, wr_future *done)
{
    wr_future *f = next_batched(w, done);
    if (f)
        return f;
    wr_reactor *r = w->reactor;
    pthread_mutex_lock(&r->lock);
    w->current = NULL; /* from here no stop can reach done */
    if (done) {
        wr_timer_remove(r, done);
        if (atomic_load(&done->stop_reason) != 0) {
            /* Before the next call starts, so that its stops find a new epoch. */
            pthread_mutex_unlock(&r->lock);
            quiet(w, true);
            pthread_mutex_lock(&r->lock);
        }
    }
    f = take(w, done == NULL);
    pthread_mutex_unlock(&r->lock);
    return f;
}

/* Run calls until the reactor stops and the queues are empty. A finished call is completed
 * after the next one has started, so that one lock round serves both. */
static void serve(wr_worker *w)
{
    wr_reactor *r = w->reactor;
    wr_outcome outcome = {.alloc = r->alloc, .status = WR_CALL_PENDING};
    for (wr_future *done = NULL;;) {
        wr_future *f = next_call(w, done);
        if (done)
            finish(w, done, &outcome);
        else if (!f)
            return;
        done = f;
        if (f) {
            outcome = (wr_outcome){.alloc = r->alloc, .status = WR_CALL_PENDING};
            run_call(w, f, &outcome);
        }
    }
}

void *wr_worker_main(void *arg)
{
    wr_worker *w = arg;
    wr_reactor *r = w->reactor;
    wr_error *err;
    if (r->command) {
        /* The WASI state exists before wr_command_start returns, so stdin can be pushed at
         * once; the instance is made by the call, which reports any failure. */
        wr_error_free(env_make(w));
        err = NULL;
    } else {
        err = instance_make(w);
    }
    pthread_mutex_lock(&r->lock);
    r->nstarted++;
    if (err && !r->start_error) {
        r->start_error = err;
        err = NULL;
        /* The reactor will not start: the other workers need not finish their instances. */
        for (uint32_t i = 0; i < r->nworkers; i++)
            wr_worker_stop_make(&r->workers[i], WR_CALL_CLOSED);
    }
    pthread_cond_signal(&r->started);
    pthread_mutex_unlock(&r->lock);
    wr_reactor_deliver_wakes(r);
    wr_error_free(err);
    serve(w);
    instance_drop(w);
    return NULL;
}
