/* Monotonic time and condition variables that wait on it: the one copy every layer uses
 * (reactor deadlines and waits, WASI poll timeouts, the CLI's watchdog). */
#ifndef WR_UTIL_CLOCK_H
#define WR_UTIL_CLOCK_H

#include <pthread.h>
#include <stdint.h>

/* CLOCK_MONOTONIC in nanoseconds: setting the wall clock neither shortens nor stretches a
 * deadline taken from it. */
uint64_t wr_now_ns(void);
/* Initialise a condition variable whose timed waits use CLOCK_MONOTONIC. Returns 0 or the
 * pthread error. */
int wr_cond_init_monotonic(pthread_cond_t *cond);
/* Wait on cond (made by wr_cond_init_monotonic) until woken or the absolute monotonic time
 * deadline_ns (0 = no limit). Returns 0 when woken (or spuriously), ETIMEDOUT past it. */
int wr_cond_wait_until(pthread_cond_t *cond, pthread_mutex_t *lock, uint64_t deadline_ns);

#endif
