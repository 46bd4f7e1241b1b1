#include "watchdog.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void *watch(void *arg)
{
    wr_cli_watchdog *w = arg;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    double whole = floor(w->seconds);
    deadline.tv_sec += (time_t)whole;
    deadline.tv_nsec += (long)((w->seconds - whole) * 1e9);
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&w->lock);
    int rc = 0;
    while (!w->stopped && rc == 0)
        rc = pthread_cond_timedwait(&w->wake, &w->lock, &deadline);
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
    pthread_condattr_t attr;
    int rc = pthread_condattr_init(&attr);
    if (rc == 0) {
        /* A monotonic clock, so that setting the wall clock neither shortens nor stretches it. */
        rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
        if (rc == 0)
            rc = pthread_cond_init(&w->wake, &attr);
        pthread_condattr_destroy(&attr);
    }
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
