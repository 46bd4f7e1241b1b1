/* Blocking the WASI way: wait on an fd and the instance's wake-up fd together. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <unistd.h>

#include "wasi/abi.h"
#include "wasi/wait.h"

bool wr_wasi_wake_consume(int wake_fd)
{
    uint64_t count;
    return read(wake_fd, &count, sizeof count) == (ssize_t)sizeof count;
}

uint16_t wr_wasi_wait_fd(int fd, bool for_write, int wake_fd)
{
    struct pollfd p[2] = {
        {.fd = fd, .events = for_write ? POLLOUT : POLLIN},
        {.fd = wake_fd, .events = POLLIN},
    };
    for (;;) {
        int r = poll(p, wake_fd >= 0 ? 2 : 1, -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return wr_wasi_errno_from_host(errno);
        if (wake_fd >= 0 && (p[1].revents & POLLIN) && wr_wasi_wake_consume(wake_fd))
            return WASI_EINTR;
        if (p[0].revents)
            return 0;
    }
}
