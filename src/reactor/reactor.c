/* Reactors: start and close, submission, queues, cancellation and the deadline timer. */
#include "reactor/internal.h"
#include "util/alloc.h"

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

void wr_call_options_default(wr_call_options *opts) { *opts = wr_call_defaults; }

uint32_t wr_reactor_workers(const wr_reactor *r) { return r->nworkers; }

/* The calls no longer waiting: refused, stopped while waiting, or started. Read before
 * next_id: a call gets its id before it is refused, stopped or started, so the ids given less
 * this never goes below 0. */
static size_t gone(wr_reactor *r)
{
    size_t n = atomic_load(&r->nrefused) + atomic_load(&r->nstopped);
    for (uint32_t i = 0; i < r->nworkers; i++)
        n += atomic_load(&r->workers[i].nstarted);
    return n;
}

size_t wr_reactor_queued(const wr_reactor *r)
{
    wr_reactor *mut = (wr_reactor *)r;
    size_t n = gone(mut);
    return (size_t)(atomic_load(&mut->next_id) - 1) - n;
}

uint64_t wr_reactor_running(const wr_reactor *r, uint32_t worker, void **user)
{
    wr_reactor *mut = (wr_reactor *)r;
    uint64_t id = 0;
    void *call_user = NULL;
    if (worker < r->nworkers) {
        wr_worker *w = &mut->workers[worker];
        pthread_mutex_lock(&mut->lock);
        pthread_mutex_lock(&w->run_lock);
        const wr_future *f = w->current;
        if (f) {
            id = f->id;
            call_user = f->opts->user;
        }
        pthread_mutex_unlock(&w->run_lock);
        pthread_mutex_unlock(&mut->lock);
    }
    if (user)
        *user = call_user;
    return id;
}

/* ---------------------------------------------------------------- queues and the timer */

void wr_queue_push(wr_queue *q, wr_future *f)
{
    q->len++;
    f->queue_next = NULL;
    f->queue_prev = q->tail;
    if (q->tail)
        q->tail->queue_next = f;
    else
        q->head = f;
    q->tail = f;
}

void wr_queue_split(wr_queue *q, wr_queue *to, size_t n)
{
    wr_future *last = q->head;
    for (size_t i = 1; i < n; i++)
        last = last->queue_next;
    *to = (wr_queue){q->head, last, n};
    q->head = last->queue_next;
    q->len -= n;
    if (q->head)
        q->head->queue_prev = NULL;
    else
        q->tail = NULL;
    last->queue_next = NULL;
}

void wr_queue_remove(wr_queue *q, wr_future *f)
{
    q->len--;
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
    if (atomic_load(&w->idle)) {
        atomic_store(&w->idle, false);
        atomic_fetch_sub(&w->reactor->sleepers, 1);
        pthread_cond_signal(&w->wake);
    }
}

void wr_reactor_wake_idle(wr_reactor *r)
{
    for (uint32_t i = 0; i < r->nworkers; i++) {
        if (atomic_load(&r->workers[i].idle)) {
            wr_worker_wake(&r->workers[i]);
            return;
        }
    }
}

/* The queue a queued future sits in. */
static wr_queue *queue_of(wr_reactor *r, wr_future *f)
{
    return f->opts->pinned ? &r->workers[f->opts->worker].own : &r->shared;
}

/* ---------------------------------------------------------------- the inbox
 * Submitters push calls onto r->inbox, a stack, with one compare-and-swap and no lock; a
 * holder of r->lock takes the whole stack with one exchange and moves it, oldest first, into
 * the queues (the drain). The pushes have one order (that of their compare-and-swaps), which
 * agrees with the order in which the calls were submitted whenever one submission happened
 * before another, and a drain takes a prefix of it: so the queues receive calls in
 * submission order, and a call is never queued before one submitted ahead of it. */

/* The inbox's value once the reactor is closed: a pointer no future has. */
static wr_future *inbox_sealed(wr_reactor *r) { return (wr_future *)(void *)&r->inbox; }

/* Push the chain newest .. oldest (linked newest to oldest through queue_next); false when
 * the inbox is sealed. */
static bool inbox_push(wr_reactor *r, wr_future *newest, wr_future *oldest)
{
    wr_future *top = atomic_load_explicit(&r->inbox, memory_order_relaxed);
    do {
        if (top == inbox_sealed(r))
            return false;
        oldest->queue_next = top;
    } while (!atomic_compare_exchange_weak(&r->inbox, &top, newest));
    return true;
}

/* Whether the inbox holds calls. */
static bool inbox_busy(wr_reactor *r)
{
    wr_future *top = atomic_load(&r->inbox);
    return top && top != inbox_sealed(r);
}

/* Queue the calls of a stack taken from the inbox (r->lock held). */
static void inbox_distribute(wr_reactor *r, wr_future *top)
{
    if (top == inbox_sealed(r))
        return;
    wr_future *oldest = NULL;
    while (top) { /* reverse: the stack is newest first */
        wr_future *next = top->queue_next;
        top->queue_next = oldest;
        oldest = top;
        top = next;
    }
    while (oldest) {
        wr_future *next = oldest->queue_next;
        wr_queue_push(queue_of(r, oldest), oldest);
        if (oldest->opts->pinned)
            wr_worker_wake(&r->workers[oldest->opts->worker]);
        oldest = next;
    }
}

void wr_reactor_drain(wr_reactor *r)
{
    if (inbox_busy(r))
        inbox_distribute(r, atomic_exchange(&r->inbox, NULL));
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
    /* The list first: when it is empty, the future's line need not be read. */
    if (!r->timer_head || !f->in_timer)
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

/* The first stop request wins; a waiting future taken off its queue or batch keeps the QUEUED
 * state until its stopper completes it, and the set reason keeps others away meanwhile. */
static bool claim_stop(wr_future *f, wr_call_status reason)
{
    int expected = 0;
    return atomic_compare_exchange_strong(&f->stop_reason, &expected, (int)reason);
}

/* Take a waiting call that a stopper claimed off q, its queue or a worker's batch (r->lock
 * held, and the worker's run_lock for a batch). */
static void dequeue(wr_reactor *r, wr_queue *q, wr_future *f)
{
    wr_queue_remove(q, f);
    wr_count_one(&r->nstopped);
    wr_timer_remove(r, f);
}

/* Ask f, which w holds (its running call or in its batch), to stop (r->lock and w->run_lock
 * held): as stop_locked. */
static bool stop_held(wr_reactor *r, wr_worker *w, wr_future *f, wr_call_status reason,
                      bool *dequeued)
{
    if (!claim_stop(f, reason))
        return false;
    if (f != w->current) {
        dequeue(r, &w->batch, f);
        *dequeued = true;
        return true;
    }
    if (w->store)
        wr_store_interrupt(w->store);
    wr_worker_want_wake(w);
    return true;
}

/* Ask f, which no worker holds, to stop (r->lock held): as stop_locked. */
static bool stop_queued(wr_reactor *r, wr_future *f, wr_call_status reason, bool *dequeued)
{
    /* Queued, or finished. */
    if (atomic_load(&f->state) != WR_FUTURE_QUEUED || !claim_stop(f, reason))
        return false;
    dequeue(r, queue_of(r, f), f);
    *dequeued = true;
    return true;
}

/* Whether w holds f: runs it or has it in its batch (r->lock and w->run_lock held). */
static bool holds(const wr_worker *w, const wr_future *f)
{
    if (w->current == f)
        return true;
    for (const wr_future *g = w->batch.head; g; g = g->queue_next)
        if (g == f)
            return true;
    return false;
}

/* Ask f to stop with reason (reactor lock held). A waiting future is taken off its queue or
 * its worker's batch and returned for the caller to complete once the lock is dropped; a
 * running one is interrupted. Returns whether the request took effect. The workers are
 * searched rather than f recording which one took it: a field for that would cost every call
 * a cache line more, and a batch is at most WR_BATCH long. */
static bool stop_locked(wr_reactor *r, wr_future *f, wr_call_status reason, bool *dequeued)
{
    *dequeued = false;
    wr_reactor_drain(r); /* a queued f is in a queue, not in the inbox */
    for (uint32_t i = 0; i < r->nworkers; i++) {
        wr_worker *w = &r->workers[i];
        pthread_mutex_lock(&w->run_lock);
        bool held = holds(w, f);
        bool stopped = held && stop_held(r, w, f, reason, dequeued);
        pthread_mutex_unlock(&w->run_lock);
        if (held)
            return stopped;
    }
    return stop_queued(r, f, reason, dequeued);
}

void wr_worker_want_wake(wr_worker *w)
{
    w->wake_due = true;
    w->wake_epoch_due = atomic_load(&w->wake_epoch);
}

/* Wake w's WASI calls for a stop asked in epoch, unless that call or making has ended. The
 * WASI state stays alive meanwhile: the worker waits for wakers before it frees or reuses it
 * (worker.c quiet, instance_drop). */
static void wake_wasi(wr_worker *w, uint64_t epoch)
{
    pthread_mutex_lock(&w->env_lock);
    wr_wasi *wasi = atomic_load(&w->wake_epoch) == epoch ? w->wasi : NULL;
    if (wasi)
        w->wakers++;
    pthread_mutex_unlock(&w->env_lock);
    if (!wasi)
        return;
    wr_wasi_wake(wasi); /* may call the embedder's stdin wake_fn: no lock held */
    pthread_mutex_lock(&w->env_lock);
    if (--w->wakers == 0)
        pthread_cond_broadcast(&w->wakers_done);
    pthread_mutex_unlock(&w->env_lock);
}

void wr_reactor_deliver_wakes(wr_reactor *r)
{
    for (;;) {
        wr_worker *due = NULL;
        uint64_t epoch = 0;
        pthread_mutex_lock(&r->lock);
        for (uint32_t i = 0; i < r->nworkers && !due; i++) {
            if (r->workers[i].wake_due) {
                due = &r->workers[i];
                due->wake_due = false;
                epoch = due->wake_epoch_due;
            }
        }
        pthread_mutex_unlock(&r->lock);
        if (!due)
            return;
        wake_wasi(due, epoch);
    }
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
    wr_worker_want_wake(w);
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

static bool any_wake_due(const wr_reactor *r)
{
    for (uint32_t i = 0; i < r->nworkers; i++)
        if (r->workers[i].wake_due)
            return true;
    return false;
}

static void *timer_main(void *arg)
{
    wr_reactor *r = arg;
    pthread_mutex_lock(&r->lock);
    while (!r->timer_quit) {
        uint64_t now = wr_now_ns();
        uint64_t next = expire_makes(r, now);
        wr_future *f = r->timer_head;
        bool dequeued = false, expired = f && now >= f->deadline;
        if (expired) {
            wr_timer_remove(r, f);
            stop_locked(r, f, WR_CALL_DEADLINE, &dequeued);
        }
        bool wake = any_wake_due(r);
        if (expired || wake) {
            pthread_mutex_unlock(&r->lock);
            if (dequeued)
                complete_stopped(f);
            if (wake)
                wr_reactor_deliver_wakes(r);
            pthread_mutex_lock(&r->lock);
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

/* The handles of every function export. */
static bool make_fns(wr_reactor *r)
{
    size_t n = wr_module_export_count(r->module);
    r->fns = wr_mem_zalloc(r->alloc, n ? n : 1, sizeof *r->fns);
    if (!r->fns)
        return false;
    for (size_t i = 0; i < n; i++) {
        wr_name name;
        wr_externtype type;
        wr_module_export(r->module, i, &name, &type);
        if (type.kind != WR_EXTERN_FUNC)
            continue;
        r->fns[r->nfns] = (wr_reactor_fn){.name = name, .type = type.of.func, .slot = r->nfns};
        r->nfns++;
    }
    return true;
}

static wr_error *check_config(const wr_reactor_config *cfg)
{
    if (cfg->wasi && cfg->worker_wasi)
        return wr_error_new(WR_ERR_ARG, "reactor config: set wasi or worker_wasi, not both");
    for (uint32_t i = 0; cfg->worker_wasi && i < cfg->workers; i++)
        if (!cfg->worker_wasi[i])
            return wr_error_new(WR_ERR_ARG, "reactor config: worker_wasi[%u] is NULL", i);
    return NULL;
}

static bool init_worker(wr_reactor *r, wr_worker *w, uint32_t index)
{
    w->reactor = r;
    w->index = index;
    atomic_init(&w->wake_epoch, 0);
    atomic_init(&w->nstarted, 0);
    w->funcs = wr_mem_zalloc(r->alloc, r->nfns ? r->nfns : 1, sizeof *w->funcs);
    if (!w->funcs)
        return false;
    if (pthread_mutex_init(&w->env_lock, NULL) != 0) {
        wr_mem_free(w->funcs);
        return false;
    }
    if (pthread_mutex_init(&w->run_lock, NULL) != 0) {
        pthread_mutex_destroy(&w->env_lock);
        wr_mem_free(w->funcs);
        return false;
    }
    pthread_cond_init(&w->wakers_done, NULL);
    pthread_cond_init(&w->wake, NULL);
    return true;
}

static void destroy_worker(wr_worker *w)
{
    pthread_cond_destroy(&w->wake);
    pthread_cond_destroy(&w->wakers_done);
    pthread_mutex_destroy(&w->env_lock);
    pthread_mutex_destroy(&w->run_lock);
    wr_mem_free(w->funcs);
}

/* Everything but the workers; on failure frees what it made. */
static bool init_reactor(wr_reactor *r, wr_module *module)
{
    r->module = module;
    if (!make_fns(r))
        return false;
    /* A 32-bit count of workers times their size does not overflow a 64-bit size. */
    r->workers = wr_mem_zalloc_lines(r->alloc, (size_t)r->cfg.workers * sizeof *r->workers);
    if (!r->workers || pthread_mutex_init(&r->lock, NULL) != 0) {
        wr_mem_free_lines(r->workers);
        wr_mem_free(r->fns);
        return false;
    }
    wr_pool_init(&r->pool);
    pthread_cond_init(&r->started, NULL);
    wr_cond_init_monotonic(&r->timer_wake);
    return true;
}

wr_reactor *wr_reactor_alloc(wr_module *module, const wr_reactor_config *cfg, wr_error **err)
{
    *err = NULL;
    const wr_allocator *alloc = wr_engine_allocator(wr_module_engine(module));
    wr_reactor *r = wr_mem_zalloc_lines(alloc, sizeof *r);
    if (!r) {
        *err = wr_error_nomem();
        return NULL;
    }
    r->alloc = alloc;
    if (cfg)
        r->cfg = *cfg;
    else
        wr_reactor_config_default(&r->cfg);
    if (r->cfg.workers == 0)
        r->cfg.workers = 1;
    if ((*err = check_config(&r->cfg)) != NULL || !init_reactor(r, module)) {
        wr_mem_free_lines(r);
        if (!*err)
            *err = wr_error_nomem();
        return NULL;
    }
    atomic_init(&r->refs, 1);
    atomic_init(&r->inbox, NULL);
    atomic_init(&r->next_id, 1);
    atomic_init(&r->nrefused, 0);
    atomic_init(&r->nstopped, 0);
    atomic_init(&r->spinners, 0);
    atomic_init(&r->sleepers, 0);
    r->engine = wr_module_engine(module);
    wr_module_ref(module);
    /* nworkers counts the initialised ones, so that a failure here releases just those. */
    for (; r->nworkers < r->cfg.workers; r->nworkers++) {
        if (!init_worker(r, &r->workers[r->nworkers], r->nworkers)) {
            *err = wr_error_nomem();
            break;
        }
    }
    if (!*err)
        *err = wr_codec_check_exports(r);
    if (*err) {
        wr_module_free(module);
        wr_reactor_release(r);
        return NULL;
    }
    return r;
}

void wr_reactor_release(wr_reactor *r)
{
    if (atomic_fetch_sub(&r->refs, 1) != 1)
        return;
    for (uint32_t i = 0; i < r->nworkers; i++)
        destroy_worker(&r->workers[i]);
    wr_mem_free_lines(r->workers);
    wr_mem_free(r->fns);
    wr_pool_free(r);
    pthread_cond_destroy(&r->started);
    pthread_cond_destroy(&r->timer_wake);
    pthread_mutex_destroy(&r->lock);
    wr_mem_free_lines(r);
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
    wr_error *err;
    wr_reactor *r = wr_reactor_alloc(module, cfg, &err);
    if (!r)
        return err;
    err = wr_reactor_start(r);
    if (err) {
        wr_reactor_free(r);
        return err;
    }
    *out = r;
    return NULL;
}

void wr_reactor_close(wr_reactor *r, bool cancel_running)
{
    wr_queue dropped = {NULL, NULL, 0};
    pthread_mutex_lock(&r->lock);
    r->closed = true;
    /* Sealed, the inbox refuses every later push, so what it held is the last to queue. */
    inbox_distribute(r, atomic_exchange(&r->inbox, inbox_sealed(r)));
    if (cancel_running) {
        for (uint32_t i = 0; i <= r->nworkers; i++) {
            wr_queue *q = i < r->nworkers ? &r->workers[i].own : &r->shared;
            while (q->head) {
                wr_future *f = q->head;
                bool dequeued;
                stop_queued(r, f, WR_CALL_CLOSED, &dequeued);
                wr_queue_push(&dropped, f);
            }
        }
        for (uint32_t i = 0; i < r->nworkers; i++) {
            wr_worker *w = &r->workers[i];
            bool dequeued;
            pthread_mutex_lock(&w->run_lock);
            while (w->batch.head) {
                wr_future *f = w->batch.head;
                stop_held(r, w, f, WR_CALL_CLOSED, &dequeued);
                wr_queue_push(&dropped, f);
            }
            if (w->current)
                stop_held(r, w, w->current, WR_CALL_CLOSED, &dequeued);
            pthread_mutex_unlock(&w->run_lock);
            wr_worker_stop_make(w, WR_CALL_CLOSED);
        }
    }
    r->stopping = true;
    for (uint32_t i = 0; i < r->nworkers; i++)
        pthread_cond_signal(&r->workers[i].wake);
    bool join = !r->joined;
    r->joined = true;
    pthread_mutex_unlock(&r->lock);

    wr_reactor_deliver_wakes(r);
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

/* Fail a call refused at submission: closed, or busy past capacity. */
static void refuse(wr_future *f, bool closed, size_t capacity)
{
    if (closed) {
        wr_future_complete_status(f, WR_CALL_CLOSED, "reactor closed");
    } else {
        wr_outcome o = {.alloc = f->reactor->alloc, .status = WR_CALL_BUSY};
        o.message = wr_strdup_printf(o.alloc,
                                     "busy: %zu calls are already waiting, the reactor's "
                                     "queue_capacity; retry later",
                                     capacity);
        wr_future_complete(f, &o);
    }
    wr_future_release(f);
}

/* Give n calls their ids in submission order (returns the first), which counts them as
 * submitted; *fit is how many fit under queue_capacity (the first ones), the rest are counted
 * refused. One atomic addition per submission when there is no capacity. */
static uint64_t reserve(wr_reactor *r, size_t n, size_t *fit)
{
    uint64_t id = atomic_fetch_add(&r->next_id, n);
    size_t capacity = r->cfg.queue_capacity;
    *fit = n;
    if (capacity == 0)
        return id;
    /* Waiting before these; calls submitted after them may already be refused or taken too,
     * hence the floor at 0. */
    size_t out = gone(r);
    size_t submitted = (size_t)(id - 1);
    size_t before = submitted > out ? submitted - out : 0;
    if (before + n <= capacity)
        return id;
    *fit = before >= capacity ? 0 : capacity - before;
    atomic_fetch_add(&r->nrefused, n - *fit);
    return id;
}

/* Queue calls with a deadline: under r->lock, since the timer list lives there; the inbox is
 * drained first, so that they queue behind every call pushed before. False when closed. */
static bool submit_locked(wr_reactor *r, wr_future *const *fs, size_t n, int64_t timeout)
{
    pthread_mutex_lock(&r->lock);
    bool open = !r->closed;
    if (open) {
        wr_reactor_drain(r);
        uint64_t deadline = wr_now_ns() + (uint64_t)timeout;
        for (size_t i = 0; i < n; i++) {
            fs[i]->deadline = deadline;
            timer_insert(r, fs[i]);
            wr_queue_push(queue_of(r, fs[i]), fs[i]);
        }
        if (fs[0]->opts->pinned)
            wr_worker_wake(&r->workers[fs[0]->opts->worker]);
        else if (atomic_load(&r->spinners) == 0)
            wr_reactor_wake_idle(r);
    }
    pthread_mutex_unlock(&r->lock);
    return open;
}

/* After a push: signal a sleeping worker only when no other will find the calls (for
 * `worker`'s own queue, or the shared one when worker is UINT32_MAX). A worker counts itself
 * idle (and a spinner stops spinning) before it looks at the inbox a last time, and the push
 * came before these loads, so one of the two sides sees the other. */
static void wake_for_push(wr_reactor *r, uint32_t worker)
{
    if (atomic_load(&r->sleepers) == 0)
        return;
    if (worker != UINT32_MAX ? !atomic_load(&r->workers[worker].idle)
                             : atomic_load(&r->spinners) != 0)
        return;
    pthread_mutex_lock(&r->lock);
    wr_reactor_drain(r); /* wakes the owners of pinned calls */
    if (r->shared.head && atomic_load(&r->spinners) == 0)
        wr_reactor_wake_idle(r);
    pthread_mutex_unlock(&r->lock);
}

void wr_reactor_submit(wr_reactor *r, wr_future *const *fs, size_t n)
{
    /* Ids taken before the push, so that a call's id is below that of every call submitted
     * after it. */
    size_t fit;
    uint64_t id = reserve(r, n, &fit);
    for (size_t i = 0; i < n; i++)
        fs[i]->id = id + i;
    /* A batch shares its options. */
    uint32_t worker = fs[0]->opts->pinned ? fs[0]->opts->worker : UINT32_MAX;
    int64_t timeout = wr_call_timeout(r, fs[0]->opts);
    bool open = true;
    if (fit > 0) {
        if (timeout > 0) {
            open = submit_locked(r, fs, fit, timeout); /* wakes a worker itself */
        } else {
            for (size_t i = 1; i < fit; i++)
                fs[i]->queue_next = fs[i - 1];
            open = inbox_push(r, fs[fit - 1], fs[0]);
            if (open)
                wake_for_push(r, worker);
        }
        if (!open)
            atomic_fetch_add(&r->nrefused, fit);
    }
    /* The refused ones: all when closed, else those past queue_capacity (unless the reactor
     * closed meanwhile). */
    bool closed = !open || atomic_load(&r->inbox) == inbox_sealed(r);
    for (size_t i = open ? fit : 0; i < n; i++)
        refuse(fs[i], closed, r->cfg.queue_capacity);
}

const wr_reactor_fn *wr_reactor_find(const wr_reactor *r, const char *name, size_t len)
{
    for (uint32_t i = 0; i < r->nfns; i++)
        if (r->fns[i].name.len == len && memcmp(r->fns[i].name.data, name, len) == 0)
            return &r->fns[i];
    return NULL;
}

wr_error *wr_reactor_export(wr_reactor *r, const char *name, const wr_reactor_fn **out)
{
    *out = NULL;
    if (!r || !name)
        return wr_error_new(WR_ERR_ARG, "wr_reactor_export: no reactor or no name");
    *out = wr_reactor_find(r, name, strlen(name));
    if (*out)
        return NULL;
    for (size_t i = 0, n = wr_module_export_count(r->module); i < n; i++) {
        wr_name ename;
        wr_module_export(r->module, i, &ename, NULL);
        if (strcmp(ename.data, name) == 0)
            return wr_error_new(WR_ERR_ARG, "export '%s' is not a function", name);
    }
    return wr_error_new(WR_ERR_ARG, "no export named '%s'", name);
}

const char *wr_reactor_fn_name(const wr_reactor_fn *fn) { return fn->name.data; }
const wr_functype *wr_reactor_fn_type(const wr_reactor_fn *fn) { return &fn->type; }

/* Checks what every submission shares: the reactor, the handle, the arguments pointer and
 * the options. */
static wr_error *check_call(const wr_reactor *r, const wr_reactor_fn *fn, const void *args,
                            size_t nargs, const wr_call_options *opts)
{
    if (!r || !fn || (nargs && !args))
        return wr_error_new(WR_ERR_ARG, "no reactor, export or arguments");
    if (fn->slot >= r->nfns || &r->fns[fn->slot] != fn)
        return wr_error_new(WR_ERR_ARG, "export handle '%s' belongs to another reactor",
                            fn->name.data);
    if (!opts)
        return NULL;
    if (opts->pinned && opts->worker >= r->nworkers)
        return wr_error_new(WR_ERR_ARG, "worker %u does not exist (the reactor has %u)",
                            opts->worker, r->nworkers);
    if (!opts->pinned && opts->worker != 0)
        return wr_error_new(WR_ERR_ARG, "worker %u is set but not pinned: set "
                            "wr_call_options.pinned to run on it", opts->worker);
    return NULL;
}

/* A future for fn, not yet submitted; NULL when memory is short. */
static wr_future *new_future(wr_reactor *r, const wr_call_ops *ops, const wr_reactor_fn *fn,
                             const wr_call_options *opts)
{
    wr_future *f = wr_future_alloc(r, ops, fn);
    if (f && opts)
        wr_future_set_options(f, opts);
    return f;
}

/* Check one call's arguments against fn's type. */
static wr_error *check_args(const wr_reactor_fn *fn, const wr_val *args, size_t nargs)
{
    const char *name = fn->name.data;
    if (nargs != fn->type.nparams)
        return wr_error_new(WR_ERR_ARG, "'%s' takes %u arguments, not %zu", name,
                            fn->type.nparams, nargs);
    for (size_t i = 0; i < nargs; i++)
        if (args[i].type != wr_valtype_val(fn->type.params[i])) /* the rest: wr_func_call */
            return wr_error_new(WR_ERR_ARG, "argument %zu of '%s' has the wrong type: %s given, "
                                "%s expected", i, name, wr_valtype_name(args[i].type),
                                wr_valtype_name(fn->type.params[i]));
    return NULL;
}

/* A plain call's future with its arguments copied; NULL when memory is short. */
static wr_future *new_plain(wr_reactor *r, const wr_reactor_fn *fn, const wr_val *args,
                            size_t nargs, const wr_call_options *opts)
{
    wr_future *f = new_future(r, &wr_call_plain, fn, opts);
    if (f && !wr_future_set_args(f, args, nargs)) {
        wr_future_discard(f);
        return NULL;
    }
    return f;
}

wr_error *wr_reactor_invoke(wr_reactor *r, const wr_reactor_fn *fn, const wr_val *args,
                            size_t nargs, const wr_call_options *opts, wr_future **out)
{
    *out = NULL;
    wr_error *err = check_call(r, fn, args, nargs, opts);
    if (!err)
        err = check_args(fn, args, nargs);
    if (err)
        return err;
    wr_future *f = new_plain(r, fn, args, nargs, opts);
    if (!f)
        return wr_error_nomem();
    *out = f;
    wr_reactor_submit(r, &f, 1);
    return NULL;
}

wr_error *wr_reactor_invoke_batch(wr_reactor *r, const wr_reactor_fn *fn, const wr_val *args,
                                  size_t nargs, size_t ncalls, const wr_call_options *opts,
                                  wr_future **out)
{
    if (ncalls == 0)
        return NULL;
    if (!out)
        return wr_error_new(WR_ERR_ARG, "wr_reactor_invoke_batch: no array for the futures");
    memset(out, 0, ncalls * sizeof *out);
    wr_error *err = check_call(r, fn, args, nargs, opts);
    for (size_t i = 0; !err && i < ncalls; i++) {
        err = check_args(fn, args + i * nargs, nargs);
        if (err) {
            wr_error *at = wr_error_new(WR_ERR_ARG, "call %zu of the batch: %s", i,
                                        wr_error_message(err));
            wr_error_free(err);
            err = at;
        }
    }
    for (size_t i = 0; !err && i < ncalls; i++)
        if (!(out[i] = new_plain(r, fn, args + i * nargs, nargs, opts)))
            err = wr_error_nomem();
    if (err) {
        for (size_t i = 0; i < ncalls && out[i]; i++) {
            wr_future_discard(out[i]);
            out[i] = NULL;
        }
        return err;
    }
    wr_reactor_submit(r, out, ncalls);
    return NULL;
}

wr_error *wr_reactor_call(wr_reactor *r, const char *export_name, const wr_val *args,
                          size_t nargs, const wr_call_options *opts, wr_future **out)
{
    *out = NULL;
    const wr_reactor_fn *fn;
    wr_error *err = wr_reactor_export(r, export_name, &fn);
    return err ? err : wr_reactor_invoke(r, fn, args, nargs, opts, out);
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

wr_error *wr_reactor_invoke_tagged(wr_reactor *r, const wr_reactor_fn *fn,
                                   const wr_tagged *args, size_t nargs,
                                   const wr_call_options *opts, wr_future **out)
{
    *out = NULL;
    wr_error *err = check_call(r, fn, args, nargs, opts);
    if (err)
        return err;
    if (!is_tagged_type(&fn->type))
        return wr_error_new(WR_ERR_ARG, "'%s' is not ([i32 [i32]]) -> i32", fn->name.data);
    wr_future *f = new_future(r, &wr_call_tagged, fn, opts);
    if (!f)
        return wr_error_nomem();
    err = wr_codec_encode(r->alloc, args, nargs, &f->encoded, &f->encoded_len);
    if (!err && r->cfg.codec_area == WR_CODEC_FIXED && f->encoded_len > r->cfg.codec_capacity)
        err = wr_error_new(WR_ERR_ARG, "codec: the arguments of '%s' take %zu bytes, the area "
                           "holds %u; raise codec_capacity",
                           fn->name.data, f->encoded_len, r->cfg.codec_capacity);
    if (err) {
        wr_future_discard(f);
        return err;
    }
    *out = f;
    wr_reactor_submit(r, &f, 1);
    return NULL;
}

wr_error *wr_reactor_call_tagged(wr_reactor *r, const char *export_name, const wr_tagged *args,
                                 size_t nargs, const wr_call_options *opts, wr_future **out)
{
    *out = NULL;
    const wr_reactor_fn *fn;
    wr_error *err = wr_reactor_export(r, export_name, &fn);
    return err ? err : wr_reactor_invoke_tagged(r, fn, args, nargs, opts, out);
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
    else if (stopped)
        wr_reactor_deliver_wakes(r);
    return stopped;
}

/* ---------------------------------------------------------------- stdin */

/* Run op on worker's WASI state under its env_lock (which keeps the worker from freeing it);
 * false when the worker does not exist. With close, later pushes fail. */
static bool stdin_op(wr_reactor *r, uint32_t worker, const void *data, size_t len, bool close)
{
    if (!r || worker >= r->nworkers)
        return false;
    wr_worker *w = &r->workers[worker];
    pthread_mutex_lock(&w->env_lock);
    bool ok = !w->stdin_closed;
    if (close) {
        w->stdin_closed = true;
        if (w->wasi)
            wr_wasi_stdin_close(w->wasi);
    } else if (ok && w->wasi) {
        ok = wr_wasi_stdin_push(w->wasi, data, len);
    } else if (ok && r->command) {
        ok = true; /* a command without WASI state never starts: nobody will read */
    } else {
        ok = false;
    }
    pthread_mutex_unlock(&w->env_lock);
    return ok;
}

bool wr_reactor_stdin_push(wr_reactor *r, uint32_t worker, const void *data, size_t len)
{
    return stdin_op(r, worker, data, len, false);
}

void wr_reactor_stdin_close(wr_reactor *r, uint32_t worker) { stdin_op(r, worker, NULL, 0, true); }
