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
    /* The backtrace, innermost first. With a bound (frame_limit > 0) and frames left out,
     * frames[0 .. (frame_limit + 1) / 2) are the innermost ones and the rest the outermost
     * ones, in order; the left_out frames in between were never recorded. */
    wr_frame *frames;
    size_t nframes;
    size_t frames_cap;      /* allocated entries; grows geometrically */
    size_t left_out;
    uint32_t frame_limit;   /* 0 = none; fixed by the first activation that adds frames */
    /* WR_ERR_EXCEPTION (made by src/runtime/exception.c): the tag, and the values as the
     * API shows them (owned). A host function returning the error rethrows a new
     * exception made of these, so the error never points at a store's exception. */
    wr_exntag *tag;
    wr_val *values;
    size_t nvalues;
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
/* Fills *frame with frame k (0 = innermost) of the activation being added. */
typedef void (*wr_frame_fn)(void *ctx, size_t k, wr_frame *frame);
/* Append the `count` frames of one activation (innermost first; each activation added is
 * outside the ones added before) to a trap's backtrace. At most `limit` frames are kept in
 * all (0 = no bound; the first activation's limit holds for the error): the innermost half
 * of the bound and the outermost rest. Frames in between are counted as left out and never
 * asked for, so a deep stack costs only the frames kept. When memory is short, frames are
 * counted as left out too. */
void wr_error_push_frames(wr_error *e, size_t count, uint32_t limit, wr_frame_fn get, void *ctx);
/* The one shared "out of memory" error: needs no allocation, is never changed, and
 * wr_error_free leaves it alone. */
wr_error *wr_error_nomem(void);

#endif
