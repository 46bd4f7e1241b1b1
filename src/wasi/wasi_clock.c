/* clock_res_get, clock_time_get, and the clock the rest of the host reads. */
#include <time.h>

#include "wasi/abi.h"
#include "wasi/handlers.h"

static bool host_clock(uint32_t id, clockid_t *out)
{
    static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID,
                                    CLOCK_THREAD_CPUTIME_ID};
    if (id >= sizeof ids / sizeof ids[0])
        return false;
    *out = ids[id];
    return true;
}

static uint16_t clock_read(wr_wasi *w, uint32_t id, uint64_t *now, uint64_t *res)
{
    if (w->hooks.clock_fn) {
        uint64_t t = 0, r = 0;
        if (id > WR_WASI_CLOCK_THREAD_CPUTIME ||
            !w->hooks.clock_fn(w->hooks.clock_user, (wr_wasi_clock)id, &t, &r))
            return WASI_EINVAL;
        if (now)
            *now = t;
        if (res)
            *res = r;
        return 0;
    }
    clockid_t cid;
    struct timespec ts;
    if (!host_clock(id, &cid))
        return WASI_EINVAL;
    if (now) {
        if (clock_gettime(cid, &ts) < 0)
            return WASI_EINVAL;
        *now = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
    if (res) {
        if (clock_getres(cid, &ts) < 0)
            return WASI_EINVAL;
        *res = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    }
    return 0;
}

uint16_t wr_wasi_clock_now(wr_wasi *w, uint32_t id, uint64_t *ns)
{
    return clock_read(w, id, ns, NULL);
}

uint16_t wr_wasi_clock_res_get(wr_wasi *w, const guest_mem *m, const wasi_clock_res_get_args *args)
{
    (void)m;
    uint64_t res;
    uint16_t err = clock_read(w, args->id, NULL, &res);
    if (!err)
        put_u64(args->resolution, res);
    return err;
}

uint16_t wr_wasi_clock_time_get(wr_wasi *w, const guest_mem *m, const wasi_clock_time_get_args *args)
{
    (void)m;
    uint64_t now;
    uint16_t err = clock_read(w, args->id, &now, NULL);
    if (!err)
        put_u64(args->time, now);
    return err;
}
