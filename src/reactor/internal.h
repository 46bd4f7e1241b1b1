/*
 * The reactor's shared internals: futures, queues, workers and the reactor itself.
 *
 * Locking: the reactor's lock guards its queues, the deadline list, each worker's `current`
 * call and store/WASI pointers (so a canceller never interrupts the wrong call) and the
 * future's transitions out of QUEUED. A future's own lock guards its waiters, callback and
 * fd. Order: reactor lock before future lock; completion callbacks run with no lock held.
 */
#ifndef WR_REACTOR_INTERNAL_H
#define WR_REACTOR_INTERNAL_H

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "util/clock.h"
#include "util/format.h"
#include "wr_reactor.h"

typedef struct wr_worker wr_worker;

/* One thread blocked in wr_future_wait_any, registered on every future it waits for. */
typedef struct wr_waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool fired;
} wr_waiter;

typedef struct wr_waiter_link {
    wr_waiter *waiter;
    struct wr_waiter_link *next;
} wr_waiter_link;

typedef enum wr_call_kind { WR_KIND_PLAIN, WR_KIND_TAGGED, WR_KIND_COMMAND } wr_call_kind;

/* What a finished call produced; handed to wr_future_complete, which takes ownership. */
typedef struct wr_outcome {
    wr_call_status status;
    wr_val *results;
    size_t nresults;
    wr_tagged *tagged;
    size_t ntagged;
    uint8_t *tagged_storage;
    char *message;
    int32_t code;
    wr_error *error;
} wr_outcome;

/* Futures are recycled through their reactor's pool: everything before `lock` is zeroed for
 * each new call, `lock` and `finished` are made once. */
struct wr_future {
    atomic_int refs;      /* the caller's, plus one while the call is in flight */
    uint64_t id;
    wr_reactor *reactor;  /* holds a reference on it */
    atomic_int state;     /* wr_future_state; final states are published with release order */

    /* Under `lock`. */
    wr_waiter_link *waiters;
    wr_future_fn callback;
    void *callback_user;
    int fd;               /* an eventfd made by wr_future_fd, or -1 */

    /* The request: fixed at submission. */
    wr_call_kind kind;
    char *export_name;    /* name_inline or allocated */
    wr_val *args;         /* args_inline or allocated */
    size_t nargs;
    uint8_t *encoded;     /* tagged calls: the argument bytes, 0xFF-terminated */
    size_t encoded_len;
    wr_call_options opts;
    uint64_t deadline;    /* absolute CLOCK_MONOTONIC ns, 0 = none */
    char name_inline[32];
    wr_val args_inline[4];

    /* Reactor-lock state. */
    wr_future *queue_prev, *queue_next;
    wr_future *timer_prev, *timer_next;
    bool in_timer;
    atomic_int stop_reason; /* 0 or the wr_call_status a stop request asks for */

    wr_outcome outcome;     /* valid once the state is final */
    wr_future *pool_next;   /* in the reactor's pool of unused futures */

    pthread_mutex_t lock;
    pthread_cond_t finished;
};

typedef struct wr_queue {
    wr_future *head, *tail;
} wr_queue;

struct wr_worker {
    wr_reactor *reactor;
    uint32_t index;
    pthread_t thread;
    bool thread_started;
    pthread_cond_t wake;
    bool idle;            /* asleep waiting for work and not yet signalled */
    wr_queue own;         /* calls aimed at this worker */
    wr_future *current;   /* the running call, or NULL */
    /* Making an instance runs under its own deadline (wr_reactor_config.init_deadline_ns). */
    bool making;
    uint64_t make_deadline;       /* absolute monotonic ns; 0 = none or already stopped */
    wr_call_status make_stopped;  /* 0, or why the making was interrupted */
    /* The instance. Only the worker uses them; swaps happen under the reactor lock so that a
     * canceller interrupts the live store. */
    wr_store *store;
    wr_instance *instance;
    wr_wasi *wasi;
};

struct wr_reactor {
    atomic_int refs;      /* the owner's, plus one per future */
    pthread_mutex_t lock;
    wr_module *module;
    wr_engine *engine;
    wr_reactor_config cfg;
    bool command;         /* one worker running _start; no _initialize */

    uint64_t next_id;
    wr_queue shared;
    /* Bumped (under the lock) whenever a worker may find something new to do: a submission
     * or a close. A worker polling for work watches it without the lock. */
    atomic_uint work_seq;
    uint32_t spinners;    /* workers polling work_seq right now: at most one */
    wr_worker *workers;
    uint32_t nworkers;

    /* Startup: workers report here. */
    pthread_cond_t started;
    uint32_t nstarted;
    wr_error *start_error;

    /* Deadlines: futures sorted by deadline, earliest first. */
    wr_future *timer_head, *timer_tail;
    pthread_cond_t timer_wake;
    pthread_t timer_thread;
    bool timer_started;
    bool timer_quit;

    /* Unused futures kept for the next calls, so a call allocates nothing in the usual case. */
    pthread_mutex_t pool_lock;
    wr_future *pool;
    uint32_t pool_size;

    bool closed;          /* no new calls */
    bool stopping;        /* workers leave once their queues are empty */
    bool joined;
};

/* How long a thread polls before it sleeps: a sleeping thread takes several microseconds to
 * wake on each side of a call, far longer than a short call runs. */
#define WR_SPIN_NS 50000u

/* One round of a polling loop that gives up at `until` (monotonic ns): a CPU pause for the
 * first rounds, then a yield, so that on a busy machine the thread being waited for gets the
 * core. Returns false once `until` has passed. */
static inline bool wr_spin_round(unsigned round, uint64_t until)
{
    if (round < 16) {
#if defined(__x86_64__) || defined(__i386__)
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
wr_future *wr_future_alloc(wr_reactor *r, wr_call_kind kind);
/* Copy the export name and the arguments into f; false when memory is short. */
bool wr_future_set_name(wr_future *f, const char *name);
bool wr_future_set_args(wr_future *f, const wr_val *args, size_t nargs);
/* Free an unused future of a reactor's pool. */
void wr_future_destroy(wr_future *f);
/* Record the outcome, wake every waiter, signal the fd and run the callback. */
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
/* Allocate a reactor around a module (its own reference), not started. */
wr_reactor *wr_reactor_alloc(wr_module *module, const wr_reactor_config *cfg);
/* Queue a prepared future (or fail it when closed). Takes the in-flight reference. */
void wr_reactor_submit(wr_reactor *r, wr_future *f);
/* Interrupt the instance w is making, if it is making one (reactor lock held). */
void wr_worker_stop_make(wr_worker *w, wr_call_status reason);
/* Signal w if it sleeps waiting for work (reactor lock held). */
void wr_worker_wake(wr_worker *w);
/* Signal one sleeping worker, if any (reactor lock held). */
void wr_reactor_wake_idle(wr_reactor *r);
/* Take f off its queue (reactor lock held). */
void wr_queue_remove(wr_queue *q, wr_future *f);
void wr_timer_remove(wr_reactor *r, wr_future *f);
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
    wr_error *failure;   /* the first trap or exit raised by a wr_hook_call */
};

/* worker.c */
void *wr_worker_main(void *arg);
/* Fill an outcome from a failed call's error (taking it). For a command an exit is its
 * result, not a failure. */
void wr_outcome_from_error(wr_outcome *o, wr_error *e, bool exit_is_result);

/* hooks.c */
/* Call an export of the worker's instance after checking its type. */
wr_error *wr_worker_call(wr_worker *w, const char *name, const wr_val *args, size_t nargs,
                         wr_val *results, size_t nresults);
/* Run a hook; false (with o filled) when it failed the call. */
bool wr_hook_run(wr_hook_ctx *ctx, wr_hook_fn fn, void *user, wr_outcome *o);

/* tagged_call.c */
/* Place the arguments, call the export and decode its results. */
void wr_run_tagged(wr_worker *w, wr_future *f, wr_outcome *o);

/* codec.c */
/* Check and encode tagged values; the buffer ends with 0xFF. */
wr_error *wr_codec_encode(const wr_tagged *args, size_t nargs, uint8_t **out, size_t *out_len);
/* Decode results from area (size bytes readable) into out's tagged fields. On failure returns
 * false with *msg a message naming the offset (caller frees; NULL when memory is short). */
bool wr_codec_decode(const uint8_t *area, size_t size, wr_outcome *out, char **msg);

#endif
