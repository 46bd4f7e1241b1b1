/*
 * Guard-region memory mode (see docs/interpreter.md, "Memory").
 *
 * A guarded memory reserves WR_GUARD_RESERVATION bytes of address space, which covers
 * every address a 32-bit index plus a 32-bit offset plus an access size can form, so the
 * exec loop's guarded handlers access memory unchecked. An access past the accessible
 * pages faults; a process-wide SIGSEGV/SIGBUS handler, installed once, turns a fault
 * inside the reservation of the memory that the faulting thread's innermost exec
 * activation is using into a jump back to that activation's recovery point, which
 * returns the "out of bounds memory access" trap. Every other fault goes to the handler
 * that was installed before.
 */
#ifndef WR_RUNTIME_GUARD_H
#define WR_RUNTIME_GUARD_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__unix__) && UINTPTR_MAX > 0xFFFFFFFFu
#include <setjmp.h>
#define WR_HAVE_GUARD 1
/* 4 GiB of index + 4 GiB of offset, and a page for the bytes of the last access. */
#define WR_GUARD_RESERVATION (((size_t)8 << 30) + 65536)
#else
#define WR_HAVE_GUARD 0
#endif

#if WR_HAVE_GUARD
/* One exec activation's recovery point; lives on the activation's C stack. */
typedef struct wr_guard_frame {
    sigjmp_buf recover;
    /* The reservation faults may hit: memory 0 of the running instance, or NULL when
     * the activation is in a host call (a host's own stray access must not unwind it).
     * The exec loop updates it whenever it reloads its memory. */
    const uint8_t *volatile base;
    struct wr_guard_frame *outer;
} wr_guard_frame;

/* Makes frame the running thread's innermost activation, and back. */
void wr_guard_enter(wr_guard_frame *frame);
void wr_guard_leave(wr_guard_frame *frame);
/* Leaves frame after a fault jumped back to it, and unblocks the fault signals. */
void wr_guard_recovered(wr_guard_frame *frame);
#endif

/* Installs the fault handler once per process; false when that is impossible, and
 * then engines fall back to explicit bounds checks. */
bool wr_guard_install(void);

#endif
