/*
 * The reactor's shared internals: futures, queues, workers and the reactor itself.
 *
 * Locks (each shared field below names the one that guards it):
 *   r->lock        the reactor lock: the queues (not the inbox), the deadline list, close
 *                  flags, each worker's idle flag, making state and store pointer (so a stop
 *                  never interrupts the wrong call), stop requests and the transition of a
 *                  future out of a queue. Submitters do not take it in the common case (no
 *                  deadline): they push onto the lock-free inbox, which only holders of
 *                  r->lock drain (docs/reactor.md, "The queue"). A worker takes it once per
 *                  batch of calls, not once per call.
 *   w->run_lock    one per worker, with r->lock: its batch (calls it took off the queues
 *                  and has not started), its running call and its count of started calls.
 *                  The worker changes them holding either lock (run_lock alone while it
 *                  serves a batch, r->lock when it takes calls off the queues); anyone else
 *                  holds both, so a stopper never meets a half-made change.
 *   w->env_lock    one per worker: the worker's WASI pointer as other threads see it, the
 *                  wakers using it and its stdin-closed flag.
 *   f->lock        one per future: its waiters, callback and fd; taken only by those who set
 *                  one of them and by a completer that finds one set (f->watch).
 * Order: r->lock before w->run_lock;
 * otherwise none of these is ever taken while another is held, except a waiter's lock inside
 * f->lock, and WASI's own locks (the stdin queue) inside env_lock. No embedder code runs
 * under any of them: hooks, completion callbacks, imports and the guest run with no lock
 * held, and WASI wake-ups (which call a stdin wake_fn) run with none held either: a stopper
 * records them under r->lock (worker.wake_due) and delivers them after unlocking
 * (wr_reactor_deliver_wakes).
 *
 * Lock-free hand-offs (each is a store-then-load pair on both sides, sequentially consistent,
 * so that at least one side sees the other): a submitter pushes onto r->inbox, then reads
 * r->sleepers and r->spinners; a worker going to sleep counts itself in r->sleepers (or a
 * spinning one leaves r->spinners), then looks at the inbox again. A completer publishes
 * `settled` or `state`, then reads f->watch; whoever sets a callback, waiter or fd sets its
 * bit in f->watch, then reads `settled` or `state`.
 */
#ifndef WR_REACTOR_INTERNAL_H
#define WR_REACTOR_INTERNAL_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/alloc.h"
#include "util/clock.h"
#include "util/format.h"
#include "wr_reactor.h"

typedef struct wr_worker wr_worker;
typedef struct wr_outcome wr_outcome;

/* One thread blocked in wr_future_wait_any, registered on every future it waits for: it
 * sleeps once for the whole set. */
typedef struct wr_waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool fired;
} wr_waiter;

typedef struct wr_waiter_link {
    wr_waiter *waiter;
    struct wr_waiter_link *next;
} wr_waiter_link;

/* An export the reactor can call: made for every function export at wr_reactor_new. */
struct wr_reactor_fn {
    wr_name name;         /* the module's (NUL-terminated) */
    wr_functype type;     /* the module's */
    uint32_t slot;        /* index in wr_reactor.fns and each worker's funcs */
};

/* How one kind of call runs on a worker (calls.c): a plain call, a tagged one (codec), or a
 * command's _start. */
typedef struct wr_call_ops {
    /* Run f on w's instance (hooks included), filling o. */
    void (*run)(wr_worker *w, wr_future *f, wr_outcome *o);
    /* A proc_exit ends the call with its code as the result (commands) rather than failing
     * it with WR_CALL_EXIT. */
    bool exit_is_result;
} wr_call_ops;

extern const wr_call_ops wr_call_plain, wr_call_tagged, wr_call_command;

/* What a finished call produced; handed to wr_future_complete, which takes ownership. */
struct wr_outcome {
    const wr_allocator *alloc; /* the reactor's: what the fields below are allocated with */
    wr_call_status status;
    wr_val *results;      /* allocated, or the future's results_inline (results_inline set) */
    size_t nresults;
    bool results_inline;
    wr_tagged *tagged;
    size_t ntagged;
    uint8_t *tagged_storage;
    char *message;
    int32_t code;
    wr_error *error;
};

/* Free what an outcome owns and reset it to status (the one clean-up for every path). */
void wr_outcome_reset(wr_outcome *o, wr_call_status status);

/* What f->watch records: someone set a callback, waits (wr_future_wait or a wr_waiter) or
 * made an fd, so the completer must take f->lock; with none, completion takes no lock. */
enum { WR_WATCH_CALLBACK = 1, WR_WATCH_WAITERS = 2, WR_WATCH_FD = 4 };

/* Futures are recycled through their reactor's pool. A future in the pool is reset (every
 * field as future_reset in future.c leaves it), so wr_future_alloc writes only what a call
 * needs.
 *
 * Layout: the fields are grouped by the thread that writes them, each group on cache lines of
 * its own (the future is allocated on a line boundary), so that a plain call moves four lines
 * between the submitting and the working core and leaves the others where they are: the
 * request (written by the submitter before the push, then by the worker's queues under
 * r->lock), its arguments, the result (written by the completer, read by the caller), and the
 * rest, which only calls with options, deadlines, tagged arguments, callbacks, waiters or an
 * fd touch. */
struct wr_future {
    /* The request. */
    _Alignas(WR_CACHE_LINE) uint64_t id; /* set at submission, before the future is pushed */
    const wr_call_ops *ops;
    const wr_reactor_fn *fn;
    wr_val *args;         /* args_inline or allocated */
    const wr_call_options *opts; /* wr_call_defaults, or own_opts; fixed at submission */
    /* Link f in a queue (under r->lock) or a worker's batch (as the batch); queue_next also
     * links the inbox (a stack) before a drain. */
    wr_future *queue_prev, *queue_next;
    uint32_t nargs;
    atomic_int stop_reason; /* 0 or the wr_call_status a stop request asks for; set once,
                               under r->lock (and the run_lock of a worker holding f),
                               read anywhere */

    /* Short argument lists live here, so a call allocates nothing for them; written by each
     * call before they are read. */
    _Alignas(WR_CACHE_LINE) wr_val args_inline[4];

    /* The result. */
    _Alignas(WR_CACHE_LINE) atomic_int refs; /* the caller's, plus one while the call is in
                                                flight */
    atomic_int state;     /* wr_future_state; final states are published with release order,
                             after the completion callback returned */
    atomic_uint watch;    /* WR_WATCH_* bits, set under `lock`, never cleared during a call */
    atomic_bool settled;  /* the outcome is readable (the callback may run); `state` turns
                             final only after the callback */
    wr_reactor *reactor;  /* holds a reference on it; the pool's */
    wr_outcome outcome;   /* written once by the completer before `settled` */
    wr_val results_inline[4]; /* short result lists: written by each call before read */

    /* The rest. */
    _Alignas(WR_CACHE_LINE) wr_call_options own_opts; /* the options given, if any */
    uint8_t *encoded;     /* tagged calls: the argument bytes, 0xFF-terminated */
    size_t encoded_len;
    /* Under r->lock. */
    uint64_t deadline;    /* absolute CLOCK_MONOTONIC ns, while in_timer */
    wr_future *timer_prev, *timer_next;
    bool in_timer;
    /* Under `lock`, each set only with its bit in `watch`. */
    wr_waiter_link *waiters;
    wr_future_fn callback;
    void *callback_user;
    int fd;               /* an eventfd made by wr_future_fd, or -1 */
    pthread_mutex_t lock;
    pthread_cond_t finished;
};

/* The options of a call submitted without any (all zero). */
extern const wr_call_options wr_call_defaults;

typedef struct wr_queue {
    wr_future *head, *tail;
    size_t len;
} wr_queue;

/* The most calls a worker takes off the queues at once (into its batch): enough that the
 * reactor lock, and the cache lines of the queues, move between cores once per batch rather
 * than once per call; few enough that the calls a worker holds behind a long one stay few. */
enum { WR_BATCH = 16 };

/* Workers are allocated on a line boundary (an array of them, each a whole number of lines),
 * so that what a worker writes on every call sits on lines of its own. */
struct wr_worker {
    /* Written by the worker on every call: changed under run_lock or r->lock by the worker,
     * under both by others (who read them under both; the worker reads them freely). */
    _Alignas(WR_CACHE_LINE) pthread_mutex_t run_lock;
    wr_queue batch;       /* taken off the queues, not started, oldest first */
    wr_future *current;   /* the running call, or NULL */
    atomic_size_t nstarted; /* calls this worker started (written by it alone, read
                               without a lock by wr_reactor_queued) */
    size_t batched;       /* only the worker: the batch's length when it last looked (a
                             stopper may have shortened it since, never lengthened) */

    _Alignas(WR_CACHE_LINE) wr_reactor *reactor;
    uint32_t index;
    pthread_t thread;
    bool thread_started;
    pthread_cond_t wake;

    /* Written under r->lock, read by submitters without it. */
    atomic_bool idle;     /* asleep waiting for work and not yet signalled */
    /* Under r->lock. */
    wr_queue own;         /* calls pinned to this worker */
    /* Making an instance runs under its own deadline (wr_reactor_config.init_deadline_ns). */
    bool making;
    uint64_t make_deadline;       /* absolute monotonic ns; 0 = none or already stopped */
    wr_call_status make_stopped;  /* 0, or why the making was interrupted */
    wr_store *store;      /* swapped under r->lock so that a stop interrupts the live store */
    bool wake_due;        /* a stop asked for a WASI wake-up not yet delivered ... */
    uint64_t wake_epoch_due; /* ... for this epoch */
    /* Bumped (under r->lock, read under r->lock or env_lock) when a stopped call or making
     * ends: a wake-up meant for an older epoch is dropped, never delivered to the next call. */
    _Atomic uint64_t wake_epoch;

    /* Under env_lock. */
    pthread_mutex_t env_lock;
    pthread_cond_t wakers_done;
    wr_wasi *wasi;        /* the worker reads it freely; others under env_lock */
    uint32_t wakers;      /* threads inside wr_wasi_wake for this worker's wasi */
    bool stdin_closed;    /* wr_reactor_stdin_close came: later pushes fail */

    /* Only the worker thread. */
    wr_instance *instance;
    wr_func **funcs;      /* the instance's function of each wr_reactor.fns slot */
};

/* The pool of unused futures: a bounded ring many threads take from and return to without a
 * lock. Each slot's sequence number says whose turn it is: seq == pos, free for the put at
 * pos; seq == pos + 1, full for the take at pos; a thread claims its position with a
 * compare-and-swap, so a future is handed from one thread to the next exactly once. */
enum { WR_POOL_SLOTS = 1024 }; /* a power of two */

typedef struct wr_pool_slot {
    atomic_size_t seq;
    wr_future *future;
} wr_pool_slot;

typedef struct wr_pool {
    _Alignas(WR_CACHE_LINE) atomic_size_t take_pos; /* each on a line of its own */
    _Alignas(WR_CACHE_LINE) atomic_size_t put_pos;
    _Alignas(WR_CACHE_LINE) wr_pool_slot slots[WR_POOL_SLOTS];
} wr_pool;

struct wr_reactor {
    pthread_mutex_t lock;
    wr_module *module;
    wr_engine *engine;
    const wr_allocator *alloc; /* the engine's */
    wr_reactor_config cfg;
    bool command;         /* one worker running _start; no _initialize */
    wr_reactor_fn *fns;   /* every function export; fixed at wr_reactor_new */
    uint32_t nfns;

    /* Under r->lock. */
    wr_queue shared;
    wr_worker *workers;
    uint32_t nworkers;
    atomic_size_t nstopped;  /* calls stoppers took off a queue or a worker's batch (changed
                                under r->lock, read anywhere); the waiting calls are the ids
                                given (next_id - 1) - nrefused - nstopped - every worker's
                                nstarted (reactor.c, gone) */

    /* Lock-free, each group on cache lines of its own (the reactor is allocated on a line
     * boundary): what submitters write on every call ... */
    _Alignas(WR_CACHE_LINE) _Atomic uint64_t next_id; /* also counts the calls submitted */
    atomic_size_t nrefused;   /* calls refused at submission (busy or closed) */
    atomic_int refs;          /* the owner's, plus one per future */
    /* ... the hand-off, which drainers exchange too: calls pushed since the last drain,
     * newest first (linked by queue_next); after close, the address of this field itself,
     * which makes every later push fail ... */
    _Alignas(WR_CACHE_LINE) _Atomic(wr_future *) inbox;
    /* ... and what they read on every call, written only when a worker starts or stops
     * sleeping or polling (under r->lock). */
    _Alignas(WR_CACHE_LINE) atomic_uint spinners; /* workers polling the inbox right now, at
                                                     most one */
    atomic_uint sleepers;    /* workers asleep (idle) and not yet signalled */

    /* Startup: workers report here. */
    _Alignas(WR_CACHE_LINE) pthread_cond_t started;
    uint32_t nstarted;
    wr_error *start_error;

    /* Deadlines: futures sorted by deadline, earliest first. */
    wr_future *timer_head, *timer_tail;
    pthread_cond_t timer_wake;
    pthread_t timer_thread;
    bool timer_started;
    bool timer_quit;

    /* Unused futures kept for the next calls, so a call allocates nothing in the usual case. */
    wr_pool pool;

    bool closed;          /* no new calls (under r->lock; the inbox says it to submitters) */
    bool stopping;        /* workers leave once their queues are empty */
    bool joined;
};

/* How long a thread polls before it sleeps: a sleeping thread takes several microseconds to
 * wake on each side of a call, far longer than a short call runs. */
#define WR_SPIN_NS 50000u

/* One round of a polling loop that gives up at `until` (monotonic ns): a CPU pause for the
 * first rounds, then a yield, so that on a busy machine the thread being waited for gets the
 * core. The pause phase is short (16 pauses, some 0.4 us on current x86 cores): when the
 * waiting thread and the one it waits for share a core, each round trip pays it twice (on a
 * loaded 2-core machine, 128 pauses made the round trip 9.3 us, 16 3.8 us, 4 3.2 us), while
 * on separate idle cores it saves a yield per wait. Returns false once `until` has passed. */
static inline bool wr_spin_round(unsigned round, uint64_t until)
{
    if (round < 16) {
#if defined(__x86_64__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        __asm__ __volatile__("yield");
#endif
        return true;
    }
    sched_yield();
    return wr_now_ns() < until;
}

/* future.c */
wr_future *wr_future_alloc(wr_reactor *r, const wr_call_ops *ops, const wr_reactor_fn *fn);
/* Give f its own copy of opts (before submission). */
void wr_future_set_options(wr_future *f, const wr_call_options *opts);
/* Copy the arguments into f; false when memory is short. */
bool wr_future_set_args(wr_future *f, const wr_val *args, size_t nargs);
/* Free an unused future of a reactor's pool. */
void wr_future_destroy(wr_future *f);
/* Make an empty pool; free every future left in r's pool (at the reactor's end). */
void wr_pool_init(wr_pool *p);
void wr_pool_free(wr_reactor *r);
/* Record the outcome (taking it), run the callback, then publish the final state: wake every
 * waiter and signal the fd. */
void wr_future_complete(wr_future *f, wr_outcome *outcome);
/* Complete with a status and a message (a copy is made; NULL for none). */
void wr_future_complete_status(wr_future *f, wr_call_status status, const char *message);
/* Drop one reference. */
void wr_future_release(wr_future *f);
/* Free a future that was never submitted (both its references). */
void wr_future_discard(wr_future *f);

/* reactor.c */
void wr_reactor_release(wr_reactor *r);
/* Create the reactor's threads and wait for its instances (commands: no instantiation). */
wr_error *wr_reactor_start(wr_reactor *r);
/* Allocate a reactor around a module (its own reference), not started; NULL with *err set
 * when the configuration is refused or memory is short. */
wr_reactor *wr_reactor_alloc(wr_module *module, const wr_reactor_config *cfg, wr_error **err);
/* The handle of an export (NULL when none); names may hold NUL bytes, hence the length. */
const wr_reactor_fn *wr_reactor_find(const wr_reactor *r, const char *name, size_t len);
/* Queue n prepared futures (at least one), in the order given, all with the same options
 * (or fail those refused as closed or busy). Takes their in-flight references. */
void wr_reactor_submit(wr_reactor *r, wr_future *const *fs, size_t n);
/* Move every call pushed onto the inbox into its queue, in submission order, and signal the
 * idle workers whose own queue got one (r->lock held). */
void wr_reactor_drain(wr_reactor *r);
/* Interrupt the instance w is making, if it is making one (r->lock held); its WASI wake-up
 * is left for wr_reactor_deliver_wakes. */
void wr_worker_stop_make(wr_worker *w, wr_call_status reason);
/* Ask for a WASI wake-up of w's current call or making (r->lock held). */
void wr_worker_want_wake(wr_worker *w);
/* Deliver the WASI wake-ups stopped calls asked for (no lock held). */
void wr_reactor_deliver_wakes(wr_reactor *r);
/* Signal w if it sleeps waiting for work (r->lock held); once per sleep. */
void wr_worker_wake(wr_worker *w);
/* Signal one sleeping worker, if any (r->lock held). */
void wr_reactor_wake_idle(wr_reactor *r);
/* Add one to a count that one thread, or holders of one lock, write: a plain increment
 * does, without a locked instruction; readers pair their acquire load with this release store
 * (reactor.c's gone reads the counts before next_id). */
static inline void wr_count_one(atomic_size_t *count)
{
    size_t n = atomic_load_explicit(count, memory_order_relaxed);
    atomic_store_explicit(count, n + 1, memory_order_release);
}
void wr_queue_push(wr_queue *q, wr_future *f);
/* Move the first n calls of q (1 <= n <= its length) onto the empty queue `to`, in order: a
 * walk along the links and a few writes, rather than unlinking and relinking each. */
void wr_queue_split(wr_queue *q, wr_queue *to, size_t n);
void wr_queue_remove(wr_queue *q, wr_future *f);
void wr_timer_remove(wr_reactor *r, wr_future *f);
/* The relative deadline of a call with these options: > 0 one, otherwise none (such a call
 * is in the deadline list until it ends). */
static inline int64_t wr_call_timeout(const wr_reactor *r, const wr_call_options *opts)
{
    return opts->deadline_ns == 0 ? (int64_t)r->cfg.default_deadline_ns : opts->deadline_ns;
}
/* The message of a call stopped for reason (cancelled, deadline, closed). */
const char *wr_stop_message(wr_call_status reason);

/* What hooks (and the guest-error handler) see; lives on the worker's stack for one call. */
struct wr_hook_ctx {
    wr_future *future;
    wr_worker *worker;
    wr_val *args;
    size_t nargs;
    wr_val *results;
    size_t nresults;
    wr_call_status status; /* the outcome so far (the cleanup hook's view) */
    wr_error *failure;     /* the first trap or exit raised by a wr_hook_call */
};

/* worker.c */
void *wr_worker_main(void *arg);
/* Fill an outcome from a failed call's error (taking it); ops says whether an exit is a
 * result. */
void wr_outcome_from_error(wr_outcome *o, wr_error *e, const wr_call_ops *ops);

/* hooks.c */
/* Call an export of the worker's instance by name (wr_func_call checks the types). */
wr_error *wr_worker_call(wr_worker *w, const char *name, const wr_val *args, size_t nargs,
                         wr_val *results, size_t nresults);
/* Run a store or load hook; false (with o filled) when it failed the call. */
bool wr_hook_run(wr_hook_ctx *ctx, wr_hook_fn fn, wr_outcome *o);
/* Take over a trap or exit a hook's wr_hook_call raised: true (with o filled) when there was
 * one. */
bool wr_hook_take_failure(wr_hook_ctx *ctx, wr_outcome *o);

/* tagged_call.c */
/* Check the allocator exports a codec area needs (at wr_reactor_new). */
wr_error *wr_codec_check_exports(const wr_reactor *r);

/* codec.c */
/* Check and encode tagged values; the buffer ends with 0xFF. */
wr_error *wr_codec_encode(const wr_allocator *a, const wr_tagged *args, size_t nargs, uint8_t **out,
                          size_t *out_len);
/* Decode results from area (size bytes readable) into out's tagged fields. On failure returns
 * false with *msg a message naming the offset (caller frees; NULL when memory is short). */
bool wr_codec_decode(const wr_allocator *a, const uint8_t *area, size_t size, wr_outcome *out,
                     char **msg);

#endif
