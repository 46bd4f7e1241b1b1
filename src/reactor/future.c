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

/* At most this many unused futures wait in a reactor's pool. */
enum { FUTURE_POOL_MAX = 1024 };

static wr_future *pool_take(wr_reactor *r)
{
    pthread_mutex_lock(&r->pool_lock);
    wr_future *f = r->pool;
    if (f) {
        r->pool = f->pool_next;
        r->pool_size--;
    }
    pthread_mutex_unlock(&r->pool_lock);
    return f;
}

static bool pool_put(wr_reactor *r, wr_future *f)
{
    pthread_mutex_lock(&r->pool_lock);
    bool kept = r->pool_size < FUTURE_POOL_MAX;
    if (kept) {
        f->pool_next = r->pool;
        r->pool = f;
        r->pool_size++;
    }
    pthread_mutex_unlock(&r->pool_lock);
    return kept;
}

static wr_future *future_new(const wr_reactor *r)
{
    wr_future *f = wr_mem_zalloc(r->alloc, 1, sizeof *f);
    if (!f)
        return NULL;
    if (pthread_mutex_init(&f->lock, NULL) != 0) {
        wr_mem_free(f);
        return NULL;
    }
    if (wr_cond_init_monotonic(&f->finished) != 0) {
        pthread_mutex_destroy(&f->lock);
        wr_mem_free(f);
        return NULL;
    }
    return f;
}

void wr_future_destroy(wr_future *f)
{
    pthread_cond_destroy(&f->finished);
    pthread_mutex_destroy(&f->lock);
    wr_mem_free(f);
}

wr_future *wr_future_alloc(wr_reactor *r, const wr_call_ops *ops, const wr_reactor_fn *fn)
{
    wr_future *f = pool_take(r);
    if (!f && !(f = future_new(r)))
        return NULL;
    memset(f, 0, offsetof(wr_future, lock));
    atomic_init(&f->refs, 2);
    atomic_init(&f->state, WR_FUTURE_QUEUED);
    atomic_init(&f->stop_reason, 0);
    atomic_init(&f->settled, false);
    f->fd = -1;
    f->ops = ops;
    f->fn = fn;
    f->reactor = r;
    atomic_fetch_add(&r->refs, 1);
    return f;
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
    f->nargs = nargs;
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

void wr_future_complete(wr_future *f, wr_outcome *outcome)
{
    wr_future_state final = outcome->status == WR_CALL_OK          ? WR_FUTURE_DONE
                            : outcome->status == WR_CALL_CANCELLED ? WR_FUTURE_CANCELLED
                                                                   : WR_FUTURE_FAILED;
    f->outcome = *outcome;
    /* From here the accessors answer and wr_future_on_complete runs a new callback at once;
     * taking the callback under the lock below pairs with its check. */
    atomic_store_explicit(&f->settled, true, memory_order_release);
    pthread_mutex_lock(&f->lock);
    wr_future_fn callback = f->callback;
    void *user = f->callback_user;
    f->callback = NULL;
    pthread_mutex_unlock(&f->lock);
    /* The callback returns before anyone can see the future finished, so whoever sees it
     * finished may free the callback's data. The in-flight reference keeps f alive even if
     * the callback frees the caller's. */
    if (callback)
        callback(f, user);
    pthread_mutex_lock(&f->lock);
    atomic_store_explicit(&f->state, final, memory_order_release);
    pthread_cond_broadcast(&f->finished);
    for (wr_waiter_link *l = f->waiters; l; l = l->next) {
        pthread_mutex_lock(&l->waiter->lock);
        l->waiter->fired = true;
        pthread_cond_signal(&l->waiter->cond);
        pthread_mutex_unlock(&l->waiter->lock);
    }
    signal_fd(f->fd);
    pthread_mutex_unlock(&f->lock);
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
    wr_mem_free(f->encoded);
    if (f->fd >= 0)
        close(f->fd);
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

/* Poll the futures for up to WR_SPIN_NS (or until deadline, when sooner): a short call
 * finishes before a sleeping waiter could even be woken. Returns first_finished. */
static size_t spin_until_finished(wr_future *const *fs, size_t n, uint64_t deadline)
{
    uint64_t until = wr_now_ns() + WR_SPIN_NS;
    if (deadline != 0 && deadline < until)
        until = deadline;
    for (unsigned round = 0;; round++) {
        size_t found = first_finished(fs, n);
        if (found != SIZE_MAX || !wr_spin_round(round, until))
            return found;
    }
}

bool wr_future_wait(wr_future *f, int64_t timeout_ns)
{
    if (wr_future_poll(f) || timeout_ns == 0)
        return wr_future_poll(f);
    uint64_t deadline = deadline_after(timeout_ns);
    if (spin_until_finished(&f, 1, deadline) == 0)
        return true;
    pthread_mutex_lock(&f->lock);
    while (!wr_future_poll(f) && !timed_out(deadline))
        wr_cond_wait_until(&f->finished, &f->lock, deadline);
    pthread_mutex_unlock(&f->lock);
    return wr_future_poll(f);
}

bool wr_future_wait_all(wr_future *const *fs, size_t n, int64_t timeout_ns)
{
    uint64_t deadline = deadline_after(timeout_ns);
    for (size_t i = 0; i < n; i++) {
        int64_t left = -1;
        if (deadline != 0) {
            uint64_t now = wr_now_ns();
            left = now >= deadline ? 0 : (int64_t)(deadline - now);
        }
        if (!wr_future_wait(fs[i], left))
            return false;
    }
    return true;
}

static void unlink_waiter(wr_future *f, wr_waiter_link *link)
{
    pthread_mutex_lock(&f->lock);
    for (wr_waiter_link **p = &f->waiters; *p; p = &(*p)->next) {
        if (*p == link) {
            *p = link->next;
            break;
        }
    }
    pthread_mutex_unlock(&f->lock);
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
    found = spin_until_finished(fs, n, deadline);
    if (found != SIZE_MAX)
        return found_result(found, index);
    wr_waiter_link on_stack[16];
    wr_waiter_link *links = n <= 16 ? on_stack : wr_mem_zalloc(fs[0]->reactor->alloc, n,
                                                               sizeof *links);
    if (!links)
        return WR_WAIT_FAILED;
    wr_waiter waiter = {.fired = false};
    pthread_mutex_init(&waiter.lock, NULL);
    wr_cond_init_monotonic(&waiter.cond);
    for (size_t i = 0; i < n; i++) {
        links[i].waiter = &waiter;
        pthread_mutex_lock(&fs[i]->lock);
        links[i].next = fs[i]->waiters;
        fs[i]->waiters = &links[i];
        pthread_mutex_unlock(&fs[i]->lock);
    }
    pthread_mutex_lock(&waiter.lock);
    /* A future that finished before it was registered never fires the waiter, so check the
     * states themselves, not only the flag. */
    while (!waiter.fired && first_finished(fs, n) == SIZE_MAX && !timed_out(deadline))
        wr_cond_wait_until(&waiter.cond, &waiter.lock, deadline);
    pthread_mutex_unlock(&waiter.lock);
    for (size_t i = 0; i < n; i++)
        unlink_waiter(fs[i], &links[i]);
    if (links != on_stack)
        wr_mem_free(links);
    pthread_cond_destroy(&waiter.cond);
    pthread_mutex_destroy(&waiter.lock);
    return found_result(first_finished(fs, n), index);
}

int wr_future_fd(wr_future *f)
{
    pthread_mutex_lock(&f->lock);
    if (f->fd < 0 && (f->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) >= 0 && wr_future_poll(f))
        signal_fd(f->fd);
    int fd = f->fd;
    pthread_mutex_unlock(&f->lock);
    return fd;
}

void wr_future_on_complete(wr_future *f, wr_future_fn fn, void *user)
{
    pthread_mutex_lock(&f->lock);
    bool finished = atomic_load_explicit(&f->settled, memory_order_acquire);
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
