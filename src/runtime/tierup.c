/*
 * Background tier-up (WR_TIER_AUTO, docs/compiled.md "Tier-up"): a module starts on the
 * interpreter while the engine's build thread makes its compiled object; each instance
 * switches to the object at its store's next outermost call once it is ready.
 *
 * Threads and ownership:
 * - An engine has at most one build thread, started when a build is queued and ending
 *   when the queue is empty; wr_engine_free joins it. Builds run one at a time, in the
 *   order their modules were made (the driver runs the compiler's jobs in parallel).
 * - wr_tierq.lock guards the queue, `running`, the running build's cancel state and every
 *   change of a build's state. A build's results (the module's native object, codes, err)
 *   are written before its state leaves TIERUP_BUILDING, by a release store, and read only
 *   after an acquire load has seen that.
 * - A module's build ends no later than the module: the last wr_module_free takes a
 *   queued build out, or cancels a running one (its compiler processes are killed) and
 *   waits for the thread to drop it. Everything here is on the engine's allocator.
 * - An instance switches on its store's thread while no call of the store runs (host_depth
 *   0), so never in the middle of a guest call: it gets its compiled context and each of
 *   its functions the code record that runs the object. Its memories, tables, globals and
 *   functions stay the same objects; only wr_func.code changes.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "compile/compile.h"
#include "runtime/guard.h"
#include "runtime/runtime.h"
#include "util/alloc.h"

enum { TIERUP_BUILDING, TIERUP_READY, TIERUP_FAILED };

/* One module's build. */
typedef struct wr_tierup {
    wr_module *module;
    struct wr_tierup *next; /* in the queue */
    atomic_int state;
    wr_error *err;          /* TIERUP_FAILED: why */
    wr_code *codes;         /* TIERUP_READY: per defined function, a copy of its code record
                               that runs the object (native set) */
} wr_tierup;

/* An engine's builds. */
struct wr_tierq {
    const wr_allocator *alloc;
    pthread_mutex_t lock;
    pthread_cond_t changed;    /* a build ended (CLOCK_MONOTONIC, for timed waits) */
    pthread_t thread;
    bool thread_live;          /* the build thread runs; it clears this as it ends */
    bool thread_joinable;      /* it was started and not joined yet */
    wr_tierup *head, *tail;    /* queued builds */
    wr_tierup *running;
    wrc_cancel cancel;         /* running's */
    atomic_uint ended;         /* builds ended: stores look at their instances when it moves */
};

struct wr_tierq *wr_tierq_new(const wr_allocator *alloc)
{
    struct wr_tierq *q = wr_mem_zalloc(alloc, 1, sizeof *q);
    if (!q)
        return NULL;
    q->alloc = alloc;
    pthread_condattr_t attr;
    bool attr_ok = pthread_condattr_init(&attr) == 0;
    bool ok = attr_ok && pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0;
    bool cond_ok = ok && pthread_cond_init(&q->changed, &attr) == 0;
    if (attr_ok)
        pthread_condattr_destroy(&attr);
    if (!cond_ok || pthread_mutex_init(&q->lock, NULL) != 0) {
        if (cond_ok)
            pthread_cond_destroy(&q->changed);
        wr_mem_free(q);
        return NULL;
    }
    q->cancel.lock = &q->lock;
    atomic_init(&q->ended, 0);
    return q;
}

void wr_tierq_free(struct wr_tierq *q)
{
    if (!q)
        return;
    /* No module is left, so the queue is empty and the thread, if any, is ending. */
    if (q->thread_joinable)
        pthread_join(q->thread, NULL);
    pthread_cond_destroy(&q->changed);
    pthread_mutex_destroy(&q->lock);
    wr_mem_free(q);
}

/* Copies of the module's code records that run its object. */
static wr_error *native_codes(const wr_module *m, wr_code **out)
{
    uint32_t n = m->nfuncs - m->nfunc_imports;
    wr_code *codes = wr_mem_alloc(m->alloc, n ? n : 1, sizeof *codes);
    if (!codes)
        return wr_error_nomem();
    for (uint32_t i = 0; i < n; i++) {
        codes[i] = *m->funcs[m->nfunc_imports + i].code;
        codes[i].native = true;
    }
    *out = codes;
    return NULL;
}

/* Records how a build ended and wakes whoever waits for it; with q->lock held. */
static void build_ended(struct wr_tierq *q, wr_tierup *t, wrc_object *obj, wr_code *codes,
                        wr_error *err)
{
    if (err) {
        t->err = err;
        atomic_store_explicit(&t->state, TIERUP_FAILED, memory_order_release);
    } else {
        t->module->native = obj;
        t->module->native_free = wrc_object_free;
        t->codes = codes;
        atomic_store_explicit(&t->state, TIERUP_READY, memory_order_release);
    }
    atomic_fetch_add_explicit(&q->ended, 1, memory_order_release);
    pthread_cond_broadcast(&q->changed);
}

static void *build_thread(void *arg)
{
    struct wr_tierq *q = arg;
    pthread_mutex_lock(&q->lock);
    while (q->head) {
        wr_tierup *t = q->head;
        q->head = t->next;
        if (!q->head)
            q->tail = NULL;
        q->running = t;
        q->cancel.cancelled = false;
        pthread_mutex_unlock(&q->lock);

        /* The module is only read here while its users run it on other threads. */
        wrc_object *obj = NULL;
        wr_code *codes = NULL;
        wr_error *err = wrc_build_object(t->module, &q->cancel, &obj);
        if (!err && (err = native_codes(t->module, &codes)) != NULL)
            wrc_object_free(obj);

        pthread_mutex_lock(&q->lock);
        if (q->cancel.cancelled) { /* its module is going: nothing of it is kept */
            if (!err) {
                wrc_object_free(obj);
                wr_mem_free(codes);
            }
            wr_error_free(err);
        } else {
            build_ended(q, t, obj, codes, err);
        }
        q->running = NULL;
        pthread_cond_broadcast(&q->changed);
    }
    q->thread_live = false;
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

wr_error *wr_tierup_start(wr_module *m)
{
    struct wr_tierq *q = m->engine->tierq;
    wr_tierup *t = wr_mem_zalloc(m->alloc, 1, sizeof *t);
    if (!t)
        return wr_error_nomem();
    t->module = m;
    atomic_init(&t->state, TIERUP_BUILDING);
    m->tierup = t;
    if (!WR_HAVE_GUARD) {
        t->err = wr_error_new(WR_ERR_ARG, "the compiled tier needs a 64-bit POSIX host");
        atomic_store_explicit(&t->state, TIERUP_FAILED, memory_order_release);
        return NULL;
    }
    pthread_mutex_lock(&q->lock);
    if (q->tail)
        q->tail->next = t;
    else
        q->head = t;
    q->tail = t;
    if (!q->thread_live) {
        /* A thread that cleared thread_live is ending, or has: joined at once. */
        if (q->thread_joinable)
            pthread_join(q->thread, NULL);
        q->thread_joinable = false;
        /* The thread takes no signals: they stay with the embedder's threads. */
        sigset_t all, old;
        sigfillset(&all);
        pthread_sigmask(SIG_SETMASK, &all, &old);
        int rc = pthread_create(&q->thread, NULL, build_thread, q);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (rc == 0) {
            q->thread_live = q->thread_joinable = true;
        } else {
            q->head = q->tail = NULL; /* t was alone: no thread, no queue */
            build_ended(q, t, NULL, NULL,
                        wr_error_new(WR_ERR_IO, "tier-up: cannot start the build thread: %s; "
                                                "the module stays interpreted", strerror(rc)));
        }
    }
    pthread_mutex_unlock(&q->lock);
    return NULL;
}

void wr_tierup_end(wr_module *m)
{
    wr_tierup *t = m->tierup;
    if (!t)
        return;
    struct wr_tierq *q = m->engine->tierq;
    pthread_mutex_lock(&q->lock);
    if (q->running == t) {
        wrc_cancel_build(&q->cancel);
        while (q->running == t)
            pthread_cond_wait(&q->changed, &q->lock);
    }
    for (wr_tierup **p = &q->head, *prev = NULL; *p; prev = *p, p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            if (q->tail == t)
                q->tail = prev;
            break;
        }
    pthread_mutex_unlock(&q->lock);
    wr_mem_free(t->codes);
    wr_error_free(t->err);
    wr_mem_free(t);
    m->tierup = NULL;
}

/* Makes inst run the object its module has now. */
static wr_error *switch_instance(wr_instance *inst, const wr_tierup *t)
{
    wr_error *err = wrc_instance_attach(inst);
    if (err)
        return err;
    const wr_module *m = inst->module;
    for (uint32_t i = 0; i < m->nfuncs - m->nfunc_imports; i++)
        inst->own_funcs[i].code = &t->codes[i];
    return NULL;
}

static int state_of(const wr_tierup *t)
{
    return atomic_load_explicit(&((wr_tierup *)t)->state, memory_order_acquire);
}

wr_error *wr_tierup_attach(wr_instance *inst)
{
    const wr_tierup *t = inst->module->tierup;
    if (!t)
        return wrc_instance_attach(inst);
    int state = state_of(t);
    if (state == TIERUP_READY)
        return switch_instance(inst, t);
    if (state == TIERUP_BUILDING) {
        inst->tier_waiting = true;
        inst->store->tier_waiting++;
    }
    return NULL;
}

void wr_tierup_switch(wr_store *store)
{
    unsigned ended = atomic_load_explicit(&store->engine->tierq->ended, memory_order_acquire);
    if (ended == store->tier_seen)
        return;
    bool all = true;
    for (size_t i = 0; i < store->instances.count; i++) {
        wr_instance *inst = store->instances.items[i];
        if (!inst->tier_waiting)
            continue;
        const wr_tierup *t = inst->module->tierup;
        int state = state_of(t);
        if (state == TIERUP_BUILDING)
            continue;
        if (state == TIERUP_READY) {
            wr_error *err = switch_instance(inst, t);
            if (err) { /* out of memory: it stays interpreted and is tried again */
                wr_error_free(err);
                all = false;
                continue;
            }
        }
        inst->tier_waiting = false;
        store->tier_waiting--;
    }
    if (all)
        store->tier_seen = ended;
}

/* ---- the public queries ------------------------------------------------------------ */

wr_tier wr_module_tier(const wr_module *module)
{
    if (module->tierup)
        return state_of(module->tierup) == TIERUP_READY ? WR_TIER_COMPILED : WR_TIER_INTERP;
    return module->native ? WR_TIER_COMPILED : WR_TIER_INTERP;
}

wr_tier wr_module_tier_wait(const wr_module *module, uint32_t timeout_ms)
{
    const wr_tierup *t = module->tierup;
    if (t && state_of(t) == TIERUP_BUILDING) {
        struct wr_tierq *q = module->engine->tierq;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += timeout_ms / 1000;
        until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&q->lock);
        while (state_of(t) == TIERUP_BUILDING &&
               pthread_cond_timedwait(&q->changed, &q->lock, &until) != ETIMEDOUT)
            ;
        pthread_mutex_unlock(&q->lock);
    }
    return wr_module_tier(module);
}

const char *wr_module_tier_error(const wr_module *module)
{
    const wr_tierup *t = module->tierup;
    return t && state_of(t) == TIERUP_FAILED ? wr_error_message(t->err) : NULL;
}

wr_tier wr_instance_tier(const wr_instance *instance)
{
    return instance->native ? WR_TIER_COMPILED : WR_TIER_INTERP;
}
