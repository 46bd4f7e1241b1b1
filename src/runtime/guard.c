/*
 * The fault handler of guard-region mode (see guard.h).
 *
 * The handler is process-wide, so the few objects it needs are too: the handlers it
 * replaced (written once, under pthread_once, before it is installed) and a thread-local
 * pointer to the running thread's innermost exec activation. The handler neither
 * allocates nor locks; the thread-local is always touched by its thread before a fault
 * can reach it, so reading it in the handler allocates nothing either.
 */
#include "runtime/guard.h"

#if WR_HAVE_GUARD

#include <pthread.h>
#include <signal.h>
#include <string.h>

static _Thread_local wr_guard_frame *innermost;

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static bool installed;
static struct sigaction replaced_segv, replaced_bus;

void wr_guard_enter(wr_guard_frame *frame)
{
    frame->outer = innermost;
    innermost = frame;
}

void wr_guard_leave(wr_guard_frame *frame) { innermost = frame->outer; }

void wr_guard_recovered(wr_guard_frame *frame)
{
    wr_guard_leave(frame);
    /* SA_NODEFER keeps our own handler from blocking the signal, but a sanitizer's
     * wrapper around it may not; a fault while blocked would kill the process. */
    sigset_t faults;
    sigemptyset(&faults);
    sigaddset(&faults, SIGSEGV);
    sigaddset(&faults, SIGBUS);
    pthread_sigmask(SIG_UNBLOCK, &faults, NULL);
}

/* Hands a fault that is not ours to whoever handled the signal before. */
static void pass_on(int sig, siginfo_t *info, void *context)
{
    const struct sigaction *old = sig == SIGBUS ? &replaced_bus : &replaced_segv;
    if (old->sa_flags & SA_SIGINFO) {
        old->sa_sigaction(sig, info, context);
        return;
    }
    if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
        old->sa_handler(sig);
        return;
    }
    /* A signal sent with kill() that was ignored stays ignored. */
    bool sent = info->si_code <= 0;
    if (old->sa_handler == SIG_IGN && sent)
        return;
    /* Default action: restore it. A real fault then recurs on return and ends the
     * process as it would have without us; a sent signal is raised again. (A
     * synchronous fault cannot be ignored, so SIG_IGN acts like SIG_DFL for it.) */
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    if (sent)
        raise(sig);
}

static void on_fault(int sig, siginfo_t *info, void *context)
{
    wr_guard_frame *frame = innermost;
    if (frame) {
        const uint8_t *base = frame->base, *addr = info->si_addr;
        if (base && addr >= base && (size_t)(addr - base) < WR_GUARD_RESERVATION)
            siglongjmp(frame->recover, 1);
    }
    pass_on(sig, info, context);
}

static void install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    /* SA_NODEFER: the jump out of the handler then leaves the signal mask as it was,
     * so the recovery point need not save and restore the mask (a system call). */
    sa.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGSEGV, NULL, &replaced_segv) != 0 ||
        sigaction(SIGBUS, NULL, &replaced_bus) != 0)
        return;
    if (sigaction(SIGSEGV, &sa, NULL) != 0)
        return;
    if (sigaction(SIGBUS, &sa, NULL) != 0) {
        sigaction(SIGSEGV, &replaced_segv, NULL);
        return;
    }
    installed = true;
}

bool wr_guard_install(void)
{
    return pthread_once(&install_once, install) == 0 && installed;
}

#else

bool wr_guard_install(void) { return false; }

#endif
