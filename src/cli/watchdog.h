/*
 * A thread that interrupts a store's running call once a time limit has passed.
 */
#ifndef WR_CLI_WATCHDOG_H
#define WR_CLI_WATCHDOG_H

#include <pthread.h>
#include <stdbool.h>

#include "wr.h"
#include "wr_wasi.h"

typedef struct wr_cli_watchdog {
    wr_store *store;
    wr_wasi *wasi; /* woken too, so that a blocking WASI call returns; may be NULL */
    double seconds;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stopped; /* the call finished; the thread should leave */
    bool fired;   /* the limit passed and the store was interrupted */
    pthread_t thread;
} wr_cli_watchdog;

/* Starts watching store. Returns false (and prints why) when the thread cannot start. */
bool wr_cli_watchdog_start(wr_cli_watchdog *w, wr_store *store, wr_wasi *wasi, double seconds);
/* Stops the thread and reports whether it interrupted the store. */
bool wr_cli_watchdog_stop(wr_cli_watchdog *w);

#endif
