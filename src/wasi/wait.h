/* The wake-up fd: an eventfd that wr_wasi_wake signals and every blocking wait polls. */
#ifndef WR_WASI_WAIT_H
#define WR_WASI_WAIT_H

#include <stdbool.h>
#include <stdint.h>

/* Reset the wake-up fd; true when a wake was pending. */
bool wr_wasi_wake_consume(int wake_fd);
/* Wait until fd is readable (or writable) or the wake-up fd fires (-1: none). Returns 0
 * when ready, WASI_EINTR when woken. */
uint16_t wr_wasi_wait_fd(int fd, bool for_write, int wake_fd);

#endif
