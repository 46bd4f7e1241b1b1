/* Reactors: start and close, submission, queues, cancellation and the deadline timer. */
#include "reactor/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/error.h"

void wr_reactor_config_default(wr_reactor_config *cfg)
{
    *cfg = (wr_reactor_config){
        .workers = 1,
        .codec_area = WR_CODEC_FIXED,
        .codec_offset = 8,
        .codec_capacity = 1016,
        .init_deadline_ns = 10000000000u,
    };
}

void wr_call_options_default(wr_call_options *opts)
{
    *opts = (wr_call_options){.deadline_ns = 0, .worker = -1};
}

uint32_t wr_reactor_workers(const wr_reactor *r) { return r->nworkers; }

/* ---------------------------------------------------------------- queues and the timer */

static void queue_push(wr_queue *q, wr_future *f)
{
    f->queue_next = NULL;
    f->queue_prev = q->tail;
    if (q->tail)
        q->tail->queue_next = f;
    else
        q->head = f;
    q->tail = f;
}

void wr_queue_remove(wr_queue *q, wr_future *f)
{
    if (f->queue_prev)
        f->queue_prev->queue_next = f->queue_next;
    else
        q->head = f->queue_next;
    if (f->queue_next)
        f->queue_next->queue_prev = f->queue_prev;
    else
        q->tail = f->queue_prev;
    f->queue_prev = f->queue_next = NULL;
}

void wr_worker_wake(wr_worker *w)
{
    if (w->idle) {
        w->idle = false;
        pthread_cond_signal(&w->wake);
    }
}

void wr_reactor_wake_idle(wr_reactor *r)
{
    for (uint32_t i = 0; i < r->nworkers; i++) {
        if (r->workers[i].idle) {
            wr_worker_wake(&r->workers[i]);
            return;
        }
    }
}

/* The queue a queued future sits in. */
static wr_queue *queue_of(wr_reactor *r, wr_future *f)
{
    return f->opts.worker < 0 ? &r->shared : &r->workers[f->opts.worker].own;
}

/* Deadlines mostly arrive in increasing order, so the insert walks from the tail. */
static void timer_insert(wr_reactor *r, wr_future *f)
{
    wr_future *after = r->timer_tail;
    while (after && after->deadline > f->deadline)
        after = after->timer_prev;
    f->timer_prev = after;
    f->timer_next = after ? after->timer_next : r->timer_head;
    if (f->timer_next)
        f->timer_next->timer_prev = f;
    else
        r->timer_tail = f;
    if (after)
        after->timer_next = f;
    else
        r->timer_head = f;
    f->in_timer = true;
    if (r->timer_head == f)
        pthread_cond_signal(&r->timer_wake);
}

void wr_timer_remove(wr_reactor *r, wr_future *f)
{
    if (!f->in_timer)
        return;
    if (f->timer_prev)
        f->timer_prev->timer_next = f->timer_next;
    else
        r->timer_head = f->timer_next;
    if (f->timer_next)
        f->timer_next->timer_prev = f->timer_prev;
    else
        r->timer_tail = f->timer_prev;
    f->timer_prev = f->timer_next = NULL;
    f->in_timer = false;
}

/* The worker running f, or NULL (reactor lock held). */
static wr_worker *runner_of(wr_reactor *r, wr_future *f)
{
    for (uint32_t i = 0; i < r->nworkers; i++)
        if (r->workers[i].current == f)
            return &r->workers[i];
    return NULL;
}

/* Ask f to stop with reason (reactor lock held). A queued future is taken off its queue and
 * returned for the caller to complete once the lock is dropped; a running one is interrupted.
 * Returns whether the request took effect. */
static bool stop_locked(wr_reactor *r, wr_future *f, wr_call_status reason, bool *dequeued)
{
    *dequeued = false;
    bool queued = atomic_load(&f->state) == WR_FUTURE_QUEUED;
    wr_worker *w = queued ? NULL : runner_of(r, f);
    int expected = 0;
    /* The first stop request wins; a queued future taken off its queue keeps the QUEUED state
     * until its stopper completes it, and the set reason keeps others away meanwhile. */
    if ((!queued && !w) || !atomic_compare_exchange_strong(&f->stop_reason, &expected, (int)reason))
        return false;
    if (queued) {
        wr_queue_remove(queue_of(r, f), f);
        wr_timer_remove(r, f);
        *dequeued = true;
        return true;
    }
    if (w->store)
        wr_store_interrupt(w->store);
    if (w->wasi)
        wr_wasi_wake(w->wasi);
    return true;
}

const char *wr_stop_message(wr_call_status reason)
{
    switch (reason) {
    case WR_CALL_DEADLINE: return "deadline exceeded";
    case WR_CALL_CLOSED: return "reactor closed";
    default: return "cancelled";
    }
}

static void complete_stopped(wr_future *f)
{
    wr_call_status reason = (wr_call_status)atomic_load(&f->stop_reason);
    wr_future_complete_status(f, reason, wr_stop_message(reason));
    wr_future_release(f);
}

void wr_worker_stop_make(wr_worker *w, wr_call_status reason)
{
    if (!w->making || w->make_stopped)
        return;
    w->make_stopped = reason;
    w->make_deadline = 0;
    if (w->store)
        wr_store_interrupt(w->store);
    if (w->wasi)
        wr_wasi_wake(w->wasi);
}

/* Stop instance making that ran past its deadline (reactor lock held). Returns the earliest
 * deadline still ahead, 0 when there is none. */
static uint64_t expire_makes(wr_reactor *r, uint64_t now)
{
    uint64_t next = 0;
    for (uint32_t i = 0; i < r->nworkers; i++) {
        wr_worker *w = &r->workers[i];
        if (w->make_deadline == 0)
            continue;
        if (now >= w->make_deadline)
            wr_worker_stop_make(w, WR_CALL_DEADLINE);
        else if (next == 0 || w->make_deadline < next)
            next = w->make_deadline;
    }
    return next;
}

static void *timer_main(void *arg)
{
    wr_reactor *r = arg;
    pthread_mutex_lock(&r->lock);
    while (!r->timer_quit) {
        uint64_t now = wr_now_ns();
        uint64_t next = expire_makes(r, now);
        wr_future *f = r->timer_head;
        if (f && now >= f->deadline) {
            wr_timer_remove(r, f);
            bool dequeued;
            stop_locked(r, f, WR_CALL_DEADLINE, &dequeued);
            if (dequeued) {
                pthread_mutex_unlock(&r->lock);
                complete_stopped(f);
                pthread_mutex_lock(&r->lock);
            }
            continue;
        }
        if (f && (next == 0 || f->deadline < next))
            next = f->deadline;
        wr_cond_wait_until(&r->timer_wake, &r->lock, next);
    }
    pthread_mutex_unlock(&r->lock);
    return NULL;
}

/* ---------------------------------------------------------------- lifetime */

wr_reactor *wr_reactor_alloc(wr_module *module, const wr_reactor_config *cfg)
{
    wr_reactor *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    if (cfg)
        r->cfg = *cfg;
    else
        wr_reactor_config_default(&r->cfg);
    if (r->cfg.workers == 0)
        r->cfg.workers = 1;
    r->workers = calloc(r->cfg.workers, sizeof *r->workers);
    if (!r->workers || pthread_mutex_init(&r->lock, NULL) != 0) {
        free(r->workers);
        free(r);
        return NULL;
    }
    if (pthread_mutex_init(&r->pool_lock, NULL) != 0) {
        pthread_mutex_destroy(&r->lock);
        free(r->workers);
        free(r);
        return NULL;
    }
    pthread_cond_init(&r->started, NULL);
    wr_cond_init_monotonic(&r->timer_wake);
    for (uint32_t i = 0; i < r->cfg.workers; i++) {
        r->workers[i].reactor = r;
        r->workers[i].index = i;
        pthread_cond_init(&r->workers[i].wake, NULL);
    }
    r->nworkers = r->cfg.workers;
    atomic_init(&r->refs, 1);
    atomic_init(&r->work_seq, 0);
    wr_module_ref(module);
    r->module = module;
    r->engine = wr_module_engine(module);
    r->next_id = 1;
    return r;
}

void wr_reactor_release(wr_reactor *r)
{
    if (atomic_fetch_sub(&r->refs, 1) != 1)
        return;
    for (uint32_t i = 0; i < r->nworkers; i++)
        pthread_cond_destroy(&r->workers[i].wake);
    free(r->workers);
    while (r->pool) {
        wr_future *f = r->pool;
        r->pool = f->pool_next;
        wr_future_destroy(f);
    }
    pthread_mutex_destroy(&r->pool_lock);
    pthread_cond_destroy(&r->started);
    pthread_cond_destroy(&r->timer_wake);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

wr_error *wr_reactor_start(wr_reactor *r)
{
    if (pthread_create(&r->timer_thread, NULL, timer_main, r) != 0)
        return wr_error_new(WR_ERR_NOMEM, "cannot create the reactor's timer thread");
    r->timer_started = true;
    wr_error *err = NULL;
    uint32_t created = 0;
    for (; created < r->nworkers; created++) {
        wr_worker *w = &r->workers[created];
        if (pthread_create(&w->thread, NULL, wr_worker_main, w) != 0) {
            err = wr_error_new(WR_ERR_NOMEM, "cannot create worker thread %u", created);
            break;
        }
        w->thread_started = true;
    }
    pthread_mutex_lock(&r->lock);
    while (r->nstarted < created)
        pthread_cond_wait(&r->started, &r->lock);
    if (!err) {
        err = r->start_error;
        r->start_error = NULL;
    }
    pthread_mutex_unlock(&r->lock);
    return err;
}

wr_error *wr_reactor_new(wr_module *module, const wr_reactor_config *cfg, wr_reactor **out)
{
    *out = NULL;
    if (!module)
        return wr_error_new(WR_ERR_ARG, "no module");
    wr_reactor *r = wr_reactor_alloc(module, cfg);
    if (!r)
        return wr_error_nomem();
    wr_error *err = wr_reactor_start(r);
    if (err) {
        wr_reactor_free(r);
        return err;
    }
    *out = r;
    return NULL;
}

void wr_reactor_close(wr_reactor *r, bool cancel_running)
{
    wr_queue dropped = {NULL, NULL};
    pthread_mutex_lock(&r->lock);
    r->closed = true;
    if (cancel_running) {
        for (uint32_t i = 0; i <= r->nworkers; i++) {
            wr_queue *q = i < r->nworkers ? &r->workers[i].own : &r->shared;
            while (q->head) {
                wr_future *f = q->head;
                bool dequeued;
                stop_locked(r, f, WR_CALL_CLOSED, &dequeued);
                queue_push(&dropped, f);
            }
        }
        for (uint32_t i = 0; i < r->nworkers; i++) {
            wr_future *f = r->workers[i].current;
            bool dequeued;
            if (f)
                stop_locked(r, f, WR_CALL_CLOSED, &dequeued);
            wr_worker_stop_make(&r->workers[i], WR_CALL_CLOSED);
        }
    }
    r->stopping = true;
    atomic_fetch_add(&r->work_seq, 1);
    for (uint32_t i = 0; i < r->nworkers; i++)
        pthread_cond_signal(&r->workers[i].wake);
    bool join = !r->joined;
    r->joined = true;
    pthread_mutex_unlock(&r->lock);

    while (dropped.head) {
        wr_future *f = dropped.head;
        wr_queue_remove(&dropped, f);
        complete_stopped(f);
    }
    if (!join)
        return;
    for (uint32_t i = 0; i < r->nworkers; i++)
        if (r->workers[i].thread_started)
            pthread_join(r->workers[i].thread, NULL);
    if (r->timer_started) {
        pthread_mutex_lock(&r->lock);
        r->timer_quit = true;
        pthread_cond_signal(&r->timer_wake);
        pthread_mutex_unlock(&r->lock);
        pthread_join(r->timer_thread, NULL);
    }
}

void wr_reactor_free(wr_reactor *r)
{
    if (!r)
        return;
    wr_reactor_close(r, false);
    wr_module_free(r->module);
    r->module = NULL;
    wr_reactor_release(r);
}

/* ---------------------------------------------------------------- submission */

void wr_reactor_submit(wr_reactor *r, wr_future *f)
{
    pthread_mutex_lock(&r->lock);
    f->id = r->next_id++;
    if (r->closed) {
        pthread_mutex_unlock(&r->lock);
        wr_future_complete_status(f, WR_CALL_CLOSED, "reactor closed");
        wr_future_release(f);
        return;
    }
    int64_t timeout = f->opts.deadline_ns;
    if (timeout == 0)
        timeout = (int64_t)r->cfg.default_deadline_ns;
    if (timeout > 0) {
        f->deadline = wr_now_ns() + (uint64_t)timeout;
        timer_insert(r, f);
    }
    queue_push(queue_of(r, f), f);
    atomic_fetch_add(&r->work_seq, 1);
    /* A polling worker sees the call without help; only a sleeping one needs a signal. */
    if (f->opts.worker >= 0)
        wr_worker_wake(&r->workers[f->opts.worker]);
    else if (r->spinners == 0)
        wr_reactor_wake_idle(r);
    pthread_mutex_unlock(&r->lock);
}

/* The type of the exported function name (into *type), or an error. */
static wr_error *export_type(wr_reactor *r, const char *name, wr_functype *type)
{
    size_t len = strlen(name);
    size_t n = wr_module_export_count(r->module);
    for (size_t i = 0; i < n; i++) {
        wr_name ename;
        wr_externtype etype;
        wr_module_export(r->module, i, &ename, &etype);
        if (ename.len != len || memcmp(ename.data, name, len) != 0)
            continue;
        if (etype.kind != WR_EXTERN_FUNC)
            return wr_error_new(WR_ERR_ARG, "export '%s' is not a function", name);
        *type = etype.of.func;
        return NULL;
    }
    return wr_error_new(WR_ERR_ARG, "no export named '%s'", name);
}

/* Checks a call's arguments and options and finds the type of its export (into *type). */
static wr_error *check_call(wr_reactor *r, const char *export_name, const void *args,
                            size_t nargs, const wr_call_options *opts, wr_functype *type)
{
    if (!r || !export_name || (nargs && !args))
        return wr_error_new(WR_ERR_ARG, "no reactor, export name or arguments");
    if (opts && opts->worker >= 0 && (uint32_t)opts->worker >= r->nworkers)
        return wr_error_new(WR_ERR_ARG, "worker %d does not exist (the reactor has %u)",
                            (int)opts->worker, r->nworkers);
    return export_type(r, export_name, type);
}

/* A future for export name, not yet submitted; NULL when memory is short. */
static wr_future *new_future(wr_reactor *r, wr_call_kind kind, const char *name,
                             const wr_call_options *opts)
{
    wr_future *f = wr_future_alloc(r, kind);
    if (!f)
        return NULL;
    if (opts)
        f->opts = *opts;
    if (!wr_future_set_name(f, name)) {
        wr_future_discard(f);
        return NULL;
    }
    return f;
}

wr_error *wr_reactor_call(wr_reactor *r, const char *export_name, const wr_val *args,
                          size_t nargs, const wr_call_options *opts, wr_future **out)
{
    *out = NULL;
    wr_functype type = {0};
    wr_error *err = check_call(r, export_name, args, nargs, opts, &type);
    if (err)
        return err;
    if (nargs != type.nparams)
        return wr_error_new(WR_ERR_ARG, "'%s' takes %u arguments, not %zu", export_name,
                            type.nparams, nargs);
    for (size_t i = 0; i < nargs; i++)
        if (args[i].type != type.params[i])
            return wr_error_new(WR_ERR_ARG, "argument %zu of '%s' has the wrong type: %s "
                                "given, %s expected", i, export_name,
                                wr_valtype_name(args[i].type), wr_valtype_name(type.params[i]));
    wr_future *f = new_future(r, WR_KIND_PLAIN, export_name, opts);
    if (!f)
        return wr_error_nomem();
    if (!wr_future_set_args(f, args, nargs)) {
        wr_future_discard(f);
        return wr_error_nomem();
    }
    wr_reactor_submit(r, f);
    *out = f;
    return NULL;
}

static bool is_tagged_type(const wr_functype *t)
{
    if (t->nparams > 2 || t->nresults != 1 || t->results[0] != WR_I32)
        return false;
    for (uint32_t i = 0; i < t->nparams; i++)
        if (t->params[i] != WR_I32)
            return false;
    return true;
}

wr_error *wr_reactor_call_tagged(wr_reactor *r, const char *export_name, const wr_tagged *args,
                                 size_t nargs, const wr_call_options *opts, wr_future **out)
{
    *out = NULL;
    wr_functype type = {0};
    wr_error *err = check_call(r, export_name, args, nargs, opts, &type);
    if (err)
        return err;
    if (!is_tagged_type(&type))
        return wr_error_new(WR_ERR_ARG, "'%s' is not ([i32 [i32]]) -> i32", export_name);
    wr_future *f = new_future(r, WR_KIND_TAGGED, export_name, opts);
    if (!f)
        return wr_error_nomem();
    err = wr_codec_encode(args, nargs, &f->encoded, &f->encoded_len);
    if (err) {
        wr_future_discard(f);
        return err;
    }
    wr_reactor_submit(r, f);
    *out = f;
    return NULL;
}

bool wr_future_cancel(wr_future *f)
{
    wr_reactor *r = f->reactor;
    pthread_mutex_lock(&r->lock);
    bool dequeued;
    bool stopped = stop_locked(r, f, WR_CALL_CANCELLED, &dequeued);
    pthread_mutex_unlock(&r->lock);
    if (dequeued)
        complete_stopped(f);
    return stopped;
}
