/* proc_exit, proc_raise, sched_yield, random_get. */
#include <errno.h>
#include <sched.h>
#include <sys/random.h>

#include "wasi/abi.h"
#include "wasi/handlers.h"

uint16_t wr_wasi_proc_exit(wr_wasi *w, const guest_mem *m, const wasi_proc_exit_args *args)
{
    (void)m;
    w->exit_code = (int)args->rval;
    return WASI_EXITED;
}

/* Signals are not part of the sandbox: a guest cannot raise one in the host. */
uint16_t wr_wasi_proc_raise(wr_wasi *w, const guest_mem *m, const wasi_proc_raise_args *args)
{
    (void)w, (void)m, (void)args;
    return WASI_ENOSYS;
}

uint16_t wr_wasi_sched_yield(wr_wasi *w, const guest_mem *m)
{
    (void)w, (void)m;
    sched_yield();
    return 0;
}

uint16_t wr_wasi_random_get(wr_wasi *w, const guest_mem *m, const wasi_random_get_args *args)
{
    (void)m;
    uint8_t *p = args->buf.p;
    size_t len = args->buf.len;
    if (w->hooks.random_fn) {
        w->hooks.random_fn(w->hooks.random_user, p, len);
        return 0;
    }
    while (len) {
        ssize_t n = getrandom(p, len, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return wr_wasi_errno_from_host(errno);
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}
