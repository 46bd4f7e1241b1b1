/* The thread behind --timeout: interrupts the store (and wakes WASI) at the deadline. */
#include "watchdog.h"

#include <stdio.h>
#include <string.h>

#include "util/clock.h"

static void *watch(void *arg)
{
    wr_cli_watchdog *w = arg;
    uint64_t deadline = wr_now_ns() + (uint64_t)(w->seconds * 1e9);
    pthread_mutex_lock(&w->lock);
    int rc = 0;
    while (!w->stopped && rc == 0)
        rc = wr_cond_wait_until(&w->wake, &w->lock, deadline);
    if (!w->stopped) {
        w->fired = true;
        wr_store_interrupt(w->store);
        if (w->wasi)
            wr_wasi_wake(w->wasi);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

bool wr_cli_watchdog_start(wr_cli_watchdog *w, wr_store *store, wr_wasi *wasi, double seconds)
{
    w->store = store;
    w->wasi = wasi;
    w->seconds = seconds;
    w->stopped = false;
    w->fired = false;
    /* A monotonic clock, so that setting the wall clock neither shortens nor stretches it. */
    int rc = wr_cond_init_monotonic(&w->wake);
    if (rc == 0) {
        rc = pthread_mutex_init(&w->lock, NULL);
        if (rc != 0)
            pthread_cond_destroy(&w->wake);
    }
    if (rc == 0) {
        rc = pthread_create(&w->thread, NULL, watch, w);
        if (rc != 0) {
            pthread_mutex_destroy(&w->lock);
            pthread_cond_destroy(&w->wake);
        }
    }
    if (rc != 0)
        fprintf(stderr, "wr: cannot start the timeout thread: %s\n", strerror(rc));
    return rc == 0;
}

bool wr_cli_watchdog_stop(wr_cli_watchdog *w)
{
    pthread_mutex_lock(&w->lock);
    w->stopped = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->wake);
    return w->fired;
}
