/*
 * Building wr_error values. Every constructor returns a usable error even when memory is
 * short (a static "out of memory" error that wr_error_free knows not to free).
 */
#ifndef WR_UTIL_ERROR_H
#define WR_UTIL_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "wr.h"

struct wr_error {
    wr_error_kind kind;
    wr_trap_kind trap;
    int exit_code;
    size_t offset;          /* SIZE_MAX when unknown */
    const char *section;    /* static string or NULL */
    char *reason;           /* spec wording */
    char *message;          /* full text */
    wr_frame *frames;
    size_t nframes;
};

/* A decode or validation error at a byte offset, in a section (a static name or NULL). */
wr_error *wr_error_at(wr_error_kind kind, const char *section, size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Any other error. */
wr_error *wr_error_new(wr_error_kind kind, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A trap of a given kind with the spec's text for it. */
wr_error *wr_error_trap(wr_trap_kind trap);
/* "uninitialized element N": the reference interpreter names the element, and tools
 * match on that text. */
wr_error *wr_error_uninitialized_element(uint32_t index);
/* The spec's text for a trap kind ("out of bounds memory access", ...). */
const char *wr_trap_text(wr_trap_kind trap);
/* Append a frame to a trap's backtrace (silently drops it when out of memory). */
void wr_error_push_frame(wr_error *e, wr_instance *instance, uint32_t func_index,
                         const char *func_name, uint32_t code_offset, uint32_t func_offset);
/* The one shared "out of memory" error: needs no allocation, is never changed, and
 * wr_error_free leaves it alone. */
wr_error *wr_error_nomem(void);

#endif
