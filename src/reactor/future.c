/* Futures: completion, waiting (one, all, any), the readiness fd and callbacks. */
#include "reactor/internal.h"
#include "util/alloc.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "util/error.h"

/* The absolute deadline for a relative timeout: 0 = none (negative timeout). */
static uint64_t deadline_after(int64_t timeout_ns)
{
    if (timeout_ns < 0)
        return 0;
    return wr_now_ns() + (uint64_t)timeout_ns;
}

static bool timed_out(uint64_t deadline)
{
    return deadline != 0 && wr_now_ns() >= deadline;
}

/* Take an unused future from r's pool (NULL when it is empty). */
static wr_future *pool_take(wr_reactor *r)
{
    wr_pool *p = &r->pool;
    size_t pos = atomic_load_explicit(&p->take_pos, memory_order_relaxed);
    for (;;) {
        wr_pool_slot *slot = &p->slots[pos & (WR_POOL_SLOTS - 1)];
        size_t seq = atomic_load_explicit(&slot->seq, memory_order_acquire);
        intptr_t ahead = (intptr_t)(seq - (pos + 1));
        if (ahead == 0) {
            if (atomic_compare_exchange_weak_explicit(&p->take_pos, &pos, pos + 1,
                                                      memory_order_relaxed,
                                                      memory_order_relaxed)) {
                wr_future *f = slot->future;
                /* Free for the put one lap ahead. */
                atomic_store_explicit(&slot->seq, pos + WR_POOL_SLOTS, memory_order_release);
                return f;
            }
        } else if (ahead < 0) {
            return NULL; /* not put for this lap yet: empty */
        } else { /* another thread took it: try the next position */
            pos = atomic_load_explicit(&p->take_pos, memory_order_relaxed);
        }
    }
}

/* Return f to r's pool; false when the pool is full. */
static bool pool_put(wr_reactor *r, wr_future *f)
{
    wr_pool *p = &r->pool;
    size_t pos = atomic_load_explicit(&p->put_pos, memory_order_relaxed);
    for (;;) {
        wr_pool_slot *slot = &p->slots[pos & (WR_POOL_SLOTS - 1)];
        size_t seq = atomic_load_explicit(&slot->seq, memory_order_acquire);
        intptr_t ahead = (intptr_t)(seq - pos);
        if (ahead == 0) {
            if (atomic_compare_exchange_weak_explicit(&p->put_pos, &pos, pos + 1,
                                                      memory_order_relaxed,
                                                      memory_order_relaxed)) {
                slot->future = f;
                atomic_store_explicit(&slot->seq, pos + 1, memory_order_release);
                return true;
            }
        } else if (ahead < 0) {
            return false; /* not taken since the lap before: the pool is full */
        } else { /* another thread put there: try the next position */
            pos = atomic_load_explicit(&p->put_pos, memory_order_relaxed);
        }
    }
}

void wr_pool_init(wr_pool *p)
{
    atomic_init(&p->take_pos, 0);
    atomic_init(&p->put_pos, 0);
    for (size_t i = 0; i < WR_POOL_SLOTS; i++)
        atomic_init(&p->slots[i].seq, i);
}

void wr_pool_free(wr_reactor *r)
{
    wr_future *f;
    while ((f = pool_take(r)) != NULL)
        wr_future_destroy(f);
}

const wr_call_options wr_call_defaults = {.deadline_ns = 0};

/* Leave f as a pooled future is, so that wr_future_alloc writes only what differs per call
 * (the inline arguments and results are written before they are read, the outcome is reset
 * by wr_future_release). Runs where the last reference is dropped, usually the caller's
 * thread, whose cache holds the request and result lines then. What lies on the rest's lines
 * is reset only when the call used it, so that a plain call leaves those lines alone: a
 * finished call is out of the timer list and off every waiter's list. */
static void future_reset(wr_future *f)
{
    f->args = NULL;
    f->nargs = 0;
    f->opts = &wr_call_defaults;
    f->queue_prev = f->queue_next = NULL;
    if (atomic_load_explicit(&f->stop_reason, memory_order_relaxed) != 0)
        atomic_init(&f->stop_reason, 0);
    unsigned watch = atomic_load_explicit(&f->watch, memory_order_relaxed);
    if (watch & WR_WATCH_CALLBACK) {
        f->callback = NULL;
        f->callback_user = NULL;
    }
    if ((watch & WR_WATCH_FD) && f->fd >= 0) {
        close(f->fd);
        f->fd = -1;
    }
    atomic_init(&f->refs, 2);
    atomic_init(&f->state, WR_FUTURE_QUEUED);
    atomic_init(&f->settled, false);
    atomic_init(&f->watch, 0);
}

static wr_future *future_new(wr_reactor *r)
{
    wr_future *f = wr_mem_zalloc_lines(r->alloc, sizeof *f);
    if (!f)
        return NULL;
    if (pthread_mutex_init(&f->lock, NULL) != 0) {
        wr_mem_free_lines(f);
        return NULL;
    }
    if (wr_cond_init_monotonic(&f->finished) != 0) {
        pthread_mutex_destroy(&f->lock);
        wr_mem_free_lines(f);
        return NULL;
    }
    f->reactor = r;
    f->outcome = (wr_outcome){.alloc = r->alloc, .status = WR_CALL_PENDING};
    f->fd = -1;
    future_reset(f);
    return f;
}

void wr_future_destroy(wr_future *f)
{
    pthread_cond_destroy(&f->finished);
    pthread_mutex_destroy(&f->lock);
    wr_mem_free_lines(f);
}

wr_future *wr_future_alloc(wr_reactor *r, const wr_call_ops *ops, const wr_reactor_fn *fn)
{
    wr_future *f = pool_take(r);
    if (!f && !(f = future_new(r)))
        return NULL;
    /* The rest is as future_reset left it. */
    f->ops = ops;
    f->fn = fn;
    atomic_fetch_add(&r->refs, 1);
    return f;
}

void wr_future_set_options(wr_future *f, const wr_call_options *opts)
{
    f->own_opts = *opts;
    f->opts = &f->own_opts;
}

bool wr_future_set_args(wr_future *f, const wr_val *args, size_t nargs)
{
    f->args = nargs <= sizeof f->args_inline / sizeof *f->args_inline
                  ? f->args_inline
                  : wr_mem_alloc(f->reactor->alloc, nargs, sizeof *f->args);
    if (!f->args)
        return false;
    if (nargs)
        memcpy(f->args, args, nargs * sizeof *args);
    f->nargs = (uint32_t)nargs;
    return true;
}

static void signal_fd(int fd)
{
    if (fd < 0)
        return;
    uint64_t one = 1;
    ssize_t n = write(fd, &one, sizeof one);
    (void)n; /* the only failure is a full counter, which is already readable */
}

/* Fire every wait_any waiter registered on f (f->lock held). */
static void fire_waiters(wr_future *f)
{
    for (wr_waiter_link *l = f->waiters; l; l = l->next) {
        pthread_mutex_lock(&l->waiter->lock);
        l->waiter->fired = true;
        pthread_cond_signal(&l->waiter->cond);
        pthread_mutex_unlock(&l->waiter->lock);
    }
}

void wr_future_complete(wr_future *f, wr_outcome *outcome)
{
    wr_future_state final = outcome->status == WR_CALL_OK          ? WR_FUTURE_DONE
                            : outcome->status == WR_CALL_CANCELLED ? WR_FUTURE_CANCELLED
                                                                   : WR_FUTURE_FAILED;
    f->outcome = *outcome;
    /* From here the accessors answer and wr_future_on_complete runs a new callback at once.
     * A callback set before it has its bit in `watch` (set, then `settled` read, on the other
     * side), so only then is the lock worth taking. */
    atomic_store(&f->settled, true);
    wr_future_fn callback = NULL;
    void *user = NULL;
    if (atomic_load(&f->watch) & WR_WATCH_CALLBACK) {
        pthread_mutex_lock(&f->lock);
        callback = f->callback;
        user = f->callback_user;
        f->callback = NULL;
        pthread_mutex_unlock(&f->lock);
    }
    /* The callback returns before anyone can see the future finished, so whoever sees it
     * finished may free the callback's data. The in-flight reference keeps f alive even if
     * the callback frees the caller's. */
    if (callback)
        callback(f, user);
    /* Nobody waiting and no fd: no lock, no wake-up. A waiter sets its bit and then reads
     * `state`, so it either sees the final state or is seen here. */
    atomic_store(&f->state, final);
    if (atomic_load(&f->watch) & (WR_WATCH_WAITERS | WR_WATCH_FD)) {
        pthread_mutex_lock(&f->lock);
        pthread_cond_broadcast(&f->finished);
        fire_waiters(f);
        signal_fd(f->fd);
        pthread_mutex_unlock(&f->lock);
    }
}

void wr_future_complete_status(wr_future *f, wr_call_status status, const char *message)
{
    wr_outcome o = {.alloc = f->reactor->alloc, .status = status};
    if (message)
        o.message = wr_strdup_printf(o.alloc, "%s", message);
    wr_future_complete(f, &o);
}

void wr_outcome_reset(wr_outcome *o, wr_call_status status)
{
    if (!o->results_inline)
        wr_mem_free(o->results);
    wr_mem_free(o->tagged);
    wr_mem_free(o->tagged_storage);
    wr_mem_free(o->message);
    wr_error_free(o->error);
    *o = (wr_outcome){.alloc = o->alloc, .status = status};
}

void wr_future_release(wr_future *f)
{
    if (atomic_fetch_sub(&f->refs, 1) != 1)
        return;
    wr_outcome_reset(&f->outcome, WR_CALL_PENDING);
    if (f->args != f->args_inline)
        wr_mem_free(f->args);
    if (f->ops == &wr_call_tagged) {
        wr_mem_free(f->encoded);
        f->encoded = NULL;
        f->encoded_len = 0;
    }
    future_reset(f);
    wr_reactor *r = f->reactor;
    if (!pool_put(r, f))
        wr_future_destroy(f);
    wr_reactor_release(r);
}

void wr_future_discard(wr_future *f)
{
    atomic_fetch_sub(&f->refs, 1); /* the in-flight reference; the caller's frees it below */
    wr_future_release(f);
}

void wr_future_free(wr_future *f)
{
    if (f)
        wr_future_release(f);
}

uint64_t wr_future_id(const wr_future *f) { return f->id; }

wr_future_state wr_future_state_of(const wr_future *f)
{
    return (wr_future_state)atomic_load_explicit(&((wr_future *)f)->state, memory_order_acquire);
}

bool wr_future_poll(const wr_future *f) { return wr_future_state_of(f) >= WR_FUTURE_DONE; }

static size_t first_finished(wr_future *const *fs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (wr_future_poll(fs[i]))
            return i;
    return SIZE_MAX;
}

/* The index of the first unfinished future at or after from, n when all finished. */
static size_t first_unfinished(wr_future *const *fs, size_t from, size_t n)
{
    while (from < n && wr_future_poll(fs[from]))
        from++;
    return from;
}

/* The end of a polling window starting now, no later than deadline (0 = none). */
static uint64_t spin_window(uint64_t deadline)
{
    uint64_t until = wr_now_ns() + WR_SPIN_NS;
    return deadline != 0 && deadline < until ? deadline : until;
}

/* Poll for any of the futures for up to WR_SPIN_NS (or until deadline, when sooner): a
 * short call finishes before a sleeping waiter could even be woken. Returns first_finished. */
static size_t spin_until_any(wr_future *const *fs, size_t n, uint64_t deadline)
{
    uint64_t until = spin_window(deadline);
    for (unsigned round = 0;; round++) {
        size_t found = first_finished(fs, n);
        if (found != SIZE_MAX || !wr_spin_round(round, until))
            return found;
    }
}

/* Poll until all the futures finished, as long as they keep finishing: each one that does
 * opens a new window of WR_SPIN_NS (never past deadline), so a batch being worked through is
 * followed without sleeping, and a stalled one is slept on. Returns first_unfinished. */
static size_t spin_until_all(wr_future *const *fs, size_t n, uint64_t deadline)
{
    size_t at = first_unfinished(fs, 0, n);
    uint64_t until = spin_window(deadline);
    for (unsigned round = 0; at < n; round++) {
        size_t next = first_unfinished(fs, at, n);
        if (next != at) {
            at = next;
            round = 0;
            until = spin_window(deadline);
        } else if (!wr_spin_round(round, until)) {
            break;
        }
    }
    return at;
}

/* Register w on every unfinished future of fs (links: one per future). */
static void waiter_register(wr_waiter *w, wr_future *const *fs, size_t n, wr_waiter_link *links)
{
    for (size_t i = 0; i < n; i++) {
        wr_future *f = fs[i];
        links[i].waiter = NULL;
        pthread_mutex_lock(&f->lock);
        atomic_fetch_or(&f->watch, WR_WATCH_WAITERS);
        if (!wr_future_poll(f)) {
            links[i].waiter = w;
            links[i].next = f->waiters;
            f->waiters = &links[i];
        }
        pthread_mutex_unlock(&f->lock);
    }
}

static void waiter_unregister(wr_future *const *fs, size_t n, wr_waiter_link *links)
{
    for (size_t i = 0; i < n; i++) {
        if (!links[i].waiter)
            continue;
        wr_future *f = fs[i];
        pthread_mutex_lock(&f->lock);
        for (wr_waiter_link **p = &f->waiters; *p; p = &(*p)->next) {
            if (*p == &links[i]) {
                *p = links[i].next;
                break;
            }
        }
        pthread_mutex_unlock(&f->lock);
    }
}

/* Sleep once until any of the n futures finished or deadline (0 = none) passed; false when
 * memory was short to register on them. */
static bool sleep_on_any(wr_future *const *fs, size_t n, uint64_t deadline)
{
    wr_waiter_link on_stack[16];
    wr_waiter_link *links = n <= 16 ? on_stack : wr_mem_zalloc(fs[0]->reactor->alloc, n,
                                                                          sizeof *links);
    if (!links)
        return false;
    wr_waiter w = {.fired = false};
    pthread_mutex_init(&w.lock, NULL);
    wr_cond_init_monotonic(&w.cond);
    waiter_register(&w, fs, n, links);
    pthread_mutex_lock(&w.lock);
    /* A future that finished before it was registered never fires the waiter, so check the
     * states themselves, not only the flag. */
    while (!w.fired && first_finished(fs, n) == SIZE_MAX && !timed_out(deadline))
        wr_cond_wait_until(&w.cond, &w.lock, deadline);
    pthread_mutex_unlock(&w.lock);
    waiter_unregister(fs, n, links);
    if (links != on_stack)
        wr_mem_free(links);
    pthread_cond_destroy(&w.cond);
    pthread_mutex_destroy(&w.lock);
    return true;
}

/* Sleep, without polling, until f finished or deadline (0 = none) passed. */
static void sleep_on(wr_future *f, uint64_t deadline)
{
    pthread_mutex_lock(&f->lock);
    atomic_fetch_or(&f->watch, WR_WATCH_WAITERS);
    while (!wr_future_poll(f) && !timed_out(deadline))
        wr_cond_wait_until(&f->finished, &f->lock, deadline);
    pthread_mutex_unlock(&f->lock);
}

bool wr_future_wait(wr_future *f, int64_t timeout_ns)
{
    if (wr_future_poll(f) || timeout_ns == 0)
        return wr_future_poll(f);
    uint64_t deadline = deadline_after(timeout_ns);
    if (spin_until_any(&f, 1, deadline) == SIZE_MAX)
        sleep_on(f, deadline);
    return wr_future_poll(f);
}

/* The index of the last unfinished future of fs[from .. n), or from (which is unfinished). */
static size_t last_unfinished(wr_future *const *fs, size_t from, size_t n)
{
    size_t i = n - 1;
    while (i > from && wr_future_poll(fs[i]))
        i--;
    return i;
}

/* How far from the end of a wait_all set its waiter stops sleeping and starts polling: enough
 * calls to run while a sleeping thread wakes up (several microseconds). */
enum { WAKE_AHEAD = 64 };

bool wr_future_wait_all(wr_future *const *fs, size_t n, int64_t timeout_ns)
{
    uint64_t deadline = deadline_after(timeout_ns);
    size_t at = first_unfinished(fs, 0, n);
    while (at < n) {
        if (timeout_ns == 0 || timed_out(deadline))
            return false;
        size_t last = last_unfinished(fs, at, n);
        if (last - at >= WAKE_AHEAD) {
            /* Many calls to go: polling would only take a core from the workers. One sleep,
             * until the call WAKE_AHEAD before the last is done (calls of one instance finish
             * in order), then poll the rest. */
            sleep_on(fs[last_unfinished(fs, at, last - WAKE_AHEAD + 1)], deadline);
        } else if ((at = spin_until_all(fs + at, n - at, deadline) + at) < n) {
            sleep_on(fs[last_unfinished(fs, at, n)], deadline); /* stalled */
        }
        at = first_unfinished(fs, at, n);
    }
    return true;
}

/* The answer of wr_future_wait_any for what first_finished found. */
static wr_wait_result found_result(size_t found, size_t *index)
{
    if (found == SIZE_MAX)
        return WR_WAIT_TIMEOUT;
    *index = found;
    return WR_WAIT_FINISHED;
}

wr_wait_result wr_future_wait_any(wr_future *const *fs, size_t n, int64_t timeout_ns,
                                  size_t *index)
{
    if (n == 0 || !fs)
        return WR_WAIT_FAILED;
    size_t found = first_finished(fs, n);
    if (found != SIZE_MAX || timeout_ns == 0)
        return found_result(found, index);
    uint64_t deadline = deadline_after(timeout_ns);
    found = spin_until_any(fs, n, deadline);
    if (found != SIZE_MAX)
        return found_result(found, index);
    if (!sleep_on_any(fs, n, deadline))
        return WR_WAIT_FAILED;
    return found_result(first_finished(fs, n), index);
}

int wr_future_fd(wr_future *f)
{
    pthread_mutex_lock(&f->lock);
    atomic_fetch_or(&f->watch, WR_WATCH_FD);
    if (f->fd < 0 && (f->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) >= 0 && wr_future_poll(f))
        signal_fd(f->fd);
    int fd = f->fd;
    pthread_mutex_unlock(&f->lock);
    return fd;
}

void wr_future_on_complete(wr_future *f, wr_future_fn fn, void *user)
{
    pthread_mutex_lock(&f->lock);
    /* The bit first, then `settled`: the completer stores `settled`, then reads the bit, so
     * either it takes the callback set here or this thread sees it settled and runs fn. */
    atomic_fetch_or(&f->watch, WR_WATCH_CALLBACK);
    bool finished = atomic_load(&f->settled);
    if (!finished) {
        f->callback = fn;
        f->callback_user = user;
    }
    pthread_mutex_unlock(&f->lock);
    if (finished && fn)
        fn(f, user);
}

/* Whether the outcome is readable: from just before the completion callback on. */
static bool settled(const wr_future *f)
{
    return atomic_load_explicit(&((wr_future *)f)->settled, memory_order_acquire);
}

wr_call_status wr_future_status(const wr_future *f)
{
    return settled(f) ? f->outcome.status : WR_CALL_PENDING;
}

const wr_val *wr_future_results(const wr_future *f, size_t *count)
{
    bool ok = wr_future_status(f) == WR_CALL_OK;
    *count = ok ? f->outcome.nresults : 0;
    return ok ? f->outcome.results : NULL;
}

const wr_tagged *wr_future_tagged(const wr_future *f, size_t *count)
{
    bool ok = wr_future_status(f) == WR_CALL_OK;
    *count = ok ? f->outcome.ntagged : 0;
    return ok ? f->outcome.tagged : NULL;
}

const char *wr_future_message(const wr_future *f) { return settled(f) ? f->outcome.message : NULL; }

int32_t wr_future_code(const wr_future *f) { return settled(f) ? f->outcome.code : 0; }

const wr_error *wr_future_error(const wr_future *f)
{
    return settled(f) ? f->outcome.error : NULL;
}
