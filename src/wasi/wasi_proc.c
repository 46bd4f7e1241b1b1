/* proc_exit, proc_raise, sched_yield, random_get. */
#include <errno.h>
#include <sched.h>
#include <sys/random.h>

#include "wasi/abi.h"
#include "wasi/handlers.h"

uint16_t wasi_proc_exit(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)m;
    w->exit_code = (int)(uint32_t)a[0];
    return WASI_EXITED;
}

/* Signals are not part of the sandbox: a guest cannot raise one in the host. */
uint16_t wasi_proc_raise(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)w, (void)m, (void)a;
    return WASI_ENOSYS;
}

uint16_t wasi_sched_yield(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    (void)w, (void)m, (void)a;
    sched_yield();
    return 0;
}

uint16_t wasi_random_get(wr_wasi *w, const guest_mem *m, const uint64_t *a)
{
    uint64_t buf = a[0], len = a[1];
    if (!guest_ok(m, buf, len))
        return WASI_EFAULT;
    uint8_t *p = guest_at(m, buf);
    if (w->hooks.random_fn) {
        w->hooks.random_fn(w->hooks.random_user, p, len);
        return 0;
    }
    while (len) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return wasi_errno_from_host(errno);
        }
        p += n;
        len -= (uint64_t)n;
    }
    return 0;
}
