/* poll_oneoff: clock and fd subscriptions, one ppoll() over the fds and the wake-up fd. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>

#include "util/alloc.h"
#include "util/clock.h"
#include "wasi/abi.h"
#include "wasi/handlers.h"
#include "wasi/wait.h"

typedef struct sub {
    uint64_t userdata;
    uint8_t type;
    uint16_t error;       /* set: the event is ready with this error */
    bool ready;
    uint64_t deadline;    /* clocks: host monotonic ns */
    int pollfd;           /* fds: index in the pollfd array, or -1 when always ready */
    wasi_file *file;
} sub;

static void parse_clock(wr_wasi *w, const uint8_t *p, uint64_t start, sub *s)
{
    uint32_t id = get_u32(p + SUB_CLOCK_ID);
    uint64_t timeout = get_u64(p + SUB_CLOCK_TIMEOUT);
    uint16_t flags = get_u16(p + SUB_CLOCK_FLAGS);
    uint64_t now;
    uint16_t err = wr_wasi_clock_now(w, id, &now);
    if (err || (flags & ~WASI_SUBCLOCK_ABSTIME)) {
        s->error = err ? err : WASI_EINVAL;
        s->ready = true;
        return;
    }
    uint64_t wait = timeout;
    if (flags & WASI_SUBCLOCK_ABSTIME)
        wait = timeout > now ? timeout - now : 0;
    s->deadline = wait > UINT64_MAX - start ? UINT64_MAX : start + wait;
}

static void parse_fd(wr_wasi *w, const uint8_t *p, sub *s, struct pollfd *pfds, size_t *npfds)
{
    wasi_fd *e;
    uint16_t err = wr_wasi_fdtable_get(w, get_u32(p + SUB_FD), WASI_R(POLL_FD_READWRITE), &e);
    if (err) {
        s->error = err;
        s->ready = true;
        return;
    }
    s->file = e->file;
    int fd = e->file->ops->poll_fd ? e->file->ops->poll_fd(e->file) : -1;
    if (fd < 0) {
        s->ready = true;
        return;
    }
    s->pollfd = (int)*npfds;
    pfds[(*npfds)++] = (struct pollfd){
        .fd = fd, .events = s->type == WASI_EVENTTYPE_FD_READ ? POLLIN : POLLOUT};
}

/* How many bytes a ready read could take, where the host can say; a file that knows better
 * than poll() also says whether the other end is gone. */
static void read_info(const sub *s, const struct pollfd *pfd, uint64_t *nbytes, bool *hangup)
{
    const wasi_file_ops *ops = s->file->ops;
    if (ops->read_ready) {
        ops->read_ready(s->file, nbytes, hangup);
        return;
    }
    if (pfd) {
        int n = 0;
        if (ioctl(pfd->fd, FIONREAD, &n) == 0 && n > 0)
            *nbytes = (uint64_t)n;
        return;
    }
    wasi_filestat st;
    uint64_t pos;
    if (s->file->filetype != WASI_FILETYPE_REGULAR_FILE || !ops->stat || !ops->seek ||
        ops->stat(s->file, &st) || ops->seek(s->file, 0, WASI_WHENCE_CUR, &pos))
        return;
    *nbytes = st.size > pos ? st.size - pos : 0;
}

/* One call's work: its subscriptions, the host fds to poll (the wake-up fd last, when there
 * is one) and what is known so far. */
typedef struct poll_set {
    sub *subs;
    uint64_t n;
    struct pollfd *pfds;
    size_t npfds;
    int wake_index;          /* the wake-up fd's index in pfds, or -1 */
    uint64_t first_deadline; /* the earliest clock not ready yet */
    bool any_ready;
} poll_set;

static void read_subscriptions(wr_wasi *w, const guest_mem *m, uint64_t in, poll_set *ps)
{
    uint64_t start = wr_now_ns();
    for (uint64_t i = 0; i < ps->n; i++) {
        const uint8_t *p = guest_at(m, in + i * SUBSCRIPTION_SIZE);
        sub *s = &ps->subs[i];
        *s = (sub){.userdata = get_u64(p + SUB_USERDATA), .type = p[SUB_TAG], .pollfd = -1,
                   .deadline = UINT64_MAX};
        if (s->type == WASI_EVENTTYPE_CLOCK) {
            parse_clock(w, p, start, s);
            if (!s->ready && s->deadline < ps->first_deadline)
                ps->first_deadline = s->deadline;
        } else if (s->type == WASI_EVENTTYPE_FD_READ || s->type == WASI_EVENTTYPE_FD_WRITE) {
            parse_fd(w, p, s, ps->pfds, &ps->npfds);
        } else {
            s->error = WASI_EINVAL;
            s->ready = true;
        }
        ps->any_ready |= s->ready;
    }
    if (w->wake_fd >= 0) {
        ps->wake_index = (int)ps->npfds;
        ps->pfds[ps->npfds++] = (struct pollfd){.fd = w->wake_fd, .events = POLLIN};
    }
}

/* ppoll() until a subscription is ready or the wake-up fd says to stop waiting. */
static uint16_t wait_ready(wr_wasi *w, poll_set *ps)
{
    for (;;) {
        uint64_t now = wr_now_ns();
        struct timespec ts = {0, 0}, *timeout = &ts;
        if (!ps->any_ready && ps->first_deadline == UINT64_MAX)
            timeout = NULL;
        else if (!ps->any_ready && ps->first_deadline > now) {
            uint64_t left = ps->first_deadline - now;
            ts = (struct timespec){(time_t)(left / 1000000000u), (long)(left % 1000000000u)};
        }
        int r = ppoll(ps->pfds, ps->npfds, timeout, NULL);
        if (r < 0 && errno != EINTR)
            return wr_wasi_errno_from_host(errno);
        bool woken = ps->wake_index >= 0 && (ps->pfds[ps->wake_index].revents & POLLIN) &&
                     wr_wasi_wake_consume(w->wake_fd);
        now = wr_now_ns();
        for (uint64_t i = 0; i < ps->n; i++) {
            sub *s = &ps->subs[i];
            if (s->type == WASI_EVENTTYPE_CLOCK && !s->ready && s->deadline <= now)
                s->ready = true;
            if (s->pollfd >= 0 && ps->pfds[s->pollfd].revents) {
                s->ready = true;
                if (ps->pfds[s->pollfd].revents & POLLNVAL)
                    s->error = WASI_EBADF;
            }
            ps->any_ready |= s->ready;
        }
        if (ps->any_ready || woken)
            return 0;
    }
}

/* An event for each ready subscription, in subscription order; returns how many. */
static uint32_t write_events(const guest_mem *m, uint64_t out, const poll_set *ps)
{
    uint32_t nevents = 0;
    for (uint64_t i = 0; i < ps->n; i++) {
        const sub *s = &ps->subs[i];
        if (!s->ready)
            continue;
        uint8_t *p = guest_at(m, out + (uint64_t)nevents++ * EVENT_SIZE);
        memset(p, 0, EVENT_SIZE);
        put_u64(p + EVENT_USERDATA, s->userdata);
        put_u16(p + EVENT_ERROR, s->error);
        p[EVENT_TYPE] = s->type;
        if (s->type != WASI_EVENTTYPE_CLOCK && !s->error) {
            const struct pollfd *pfd = s->pollfd >= 0 ? &ps->pfds[s->pollfd] : NULL;
            uint64_t nbytes = 0;
            bool hangup = pfd && (pfd->revents & POLLHUP);
            if (s->type == WASI_EVENTTYPE_FD_READ)
                read_info(s, pfd, &nbytes, &hangup);
            put_u64(p + EVENT_NBYTES, nbytes);
            if (hangup)
                put_u16(p + EVENT_FLAGS, WASI_EVENTRW_HANGUP);
        }
    }
    return nevents;
}

uint16_t wr_wasi_poll_oneoff(wr_wasi *w, const guest_mem *m, const wasi_poll_oneoff_args *args)
{
    uint64_t in = args->in, out = args->out, n = args->nsubscriptions;
    /* The host memory a call takes is bounded by the limit, not by the guest's memory. */
    if (n == 0 || n > w->max_poll_subscriptions)
        return WASI_EINVAL;
    if (!guest_ok(m, in, n * SUBSCRIPTION_SIZE) || !guest_ok(m, out, n * EVENT_SIZE))
        return WASI_EFAULT;
    poll_set ps = {.n = n, .wake_index = -1, .first_deadline = UINT64_MAX};
    ps.subs = wr_mem_zalloc(w->alloc, n, sizeof *ps.subs);
    ps.pfds = wr_mem_zalloc(w->alloc, n + 1, sizeof *ps.pfds);
    uint16_t err = WASI_ENOMEM;
    if (ps.subs && ps.pfds) {
        read_subscriptions(w, m, in, &ps);
        err = wait_ready(w, &ps);
        if (!err)
            put_u32(args->nevents, write_events(m, out, &ps));
    }
    wr_mem_free(ps.subs);
    wr_mem_free(ps.pfds);
    return err;
}
