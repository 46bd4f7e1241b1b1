/* wr_error values: constructors that cannot fail, accessors, and bounded trap backtraces.
 * Errors are allocated with the default allocator, not an engine's: wr_trap_new and
 * wr_exit_new have no engine, and an error may outlive the engine of the call that made it
 * (wr_error_free takes no engine). */
#include "util/error.h"

#include "util/format.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Handed out when an error cannot be allocated. It is never written: every function that
 * would change or free an error checks for it first, so it can live in read-only memory. */
static const wr_error nomem_storage = {
    .kind = WR_ERR_NOMEM, .offset = SIZE_MAX,
    .reason = "out of memory", .message = "out of memory",
};

wr_error *wr_error_nomem(void) { return (wr_error *)&nomem_storage; }

static const char *kind_prefix(wr_error_kind kind)
{
    switch (kind) {
    case WR_ERR_MALFORMED: return "malformed module";
    case WR_ERR_INVALID: return "invalid module";
    case WR_ERR_LINK: return "link error";
    case WR_ERR_TRAP: return "trap";
    case WR_ERR_EXIT: return "exit";
    case WR_ERR_NOMEM: return "out of memory";
    case WR_ERR_LIMIT: return "limit exceeded";
    case WR_ERR_IO: return "i/o error";
    case WR_ERR_ARG: return "bad argument";
    case WR_ERR_EXCEPTION: return "uncaught exception";
    }
    return "error";
}

static wr_error *make(wr_error_kind kind, const char *section, size_t offset, char *reason)
{
    wr_error *e = wr_mem_zalloc(&wr_default_allocator, 1, sizeof *e);
    if (!e || !reason) {
        wr_mem_free(e);
        wr_mem_free(reason);
        return wr_error_nomem();
    }
    e->kind = kind;
    e->offset = offset;
    e->section = section;
    e->reason = reason;
    const char *prefix = kind_prefix(kind);
    if (section && offset != SIZE_MAX)
        e->message = wr_strdup_printf(&wr_default_allocator, "%s: section '%s' at offset 0x%zx: %s",
                                      prefix, section, offset, reason);
    else if (offset != SIZE_MAX)
        e->message = wr_strdup_printf(&wr_default_allocator, "%s: at offset 0x%zx: %s", prefix,
                                      offset, reason);
    else
        e->message = wr_strdup_printf(&wr_default_allocator, "%s: %s", prefix, reason);
    if (!e->message) {
        wr_mem_free(reason);
        wr_mem_free(e);
        return wr_error_nomem();
    }
    return e;
}

wr_error *wr_error_at(wr_error_kind kind, const char *section, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *reason = wr_vstrdup_printf(&wr_default_allocator, fmt, ap);
    va_end(ap);
    return make(kind, section, offset, reason);
}

wr_error *wr_error_new(wr_error_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *reason = wr_vstrdup_printf(&wr_default_allocator, fmt, ap);
    va_end(ap);
    return make(kind, NULL, SIZE_MAX, reason);
}

wr_error *wr_trap_new(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *reason = wr_vstrdup_printf(&wr_default_allocator, fmt, ap);
    va_end(ap);
    wr_error *e = make(WR_ERR_TRAP, NULL, SIZE_MAX, reason);
    if (e != wr_error_nomem())
        e->trap = WR_TRAP_HOST;
    return e;
}

wr_error *wr_exit_new(int code)
{
    wr_error *e = wr_error_new(WR_ERR_EXIT, "exit code %d", code);
    if (e != wr_error_nomem())
        e->exit_code = code;
    return e;
}

const char *wr_trap_text(wr_trap_kind trap)
{
    switch (trap) {
    case WR_TRAP_NONE: return "no trap";
    case WR_TRAP_UNREACHABLE: return "unreachable";
    case WR_TRAP_MEMORY_OOB: return "out of bounds memory access";
    case WR_TRAP_TABLE_OOB: return "out of bounds table access";
    case WR_TRAP_DIV_ZERO: return "integer divide by zero";
    case WR_TRAP_INT_OVERFLOW: return "integer overflow";
    case WR_TRAP_INVALID_CONVERSION: return "invalid conversion to integer";
    case WR_TRAP_INDIRECT_TYPE_MISMATCH: return "indirect call type mismatch";
    case WR_TRAP_UNINITIALIZED_ELEMENT: return "uninitialized element";
    case WR_TRAP_UNDEFINED_ELEMENT: return "undefined element";
    case WR_TRAP_STACK_EXHAUSTED: return "call stack exhausted";
    case WR_TRAP_INTERRUPTED: return "interrupted";
    case WR_TRAP_OUT_OF_FUEL: return "all fuel consumed";
    case WR_TRAP_HOST: return "host trap";
    case WR_TRAP_NULL_FUNC_REF: return "null function reference";
    case WR_TRAP_NULL_REF: return "null reference";
    case WR_TRAP_NULL_EXNREF: return "null exception reference";
    }
    return "trap";
}

wr_error *wr_error_trap(wr_trap_kind trap)
{
    wr_error *e = wr_error_new(WR_ERR_TRAP, "%s", wr_trap_text(trap));
    if (e != wr_error_nomem())
        e->trap = trap;
    return e;
}

/* Room for at least n frames, growing geometrically (never past the bound). */
static bool reserve_frames(wr_error *e, size_t n)
{
    if (n <= e->frames_cap)
        return true;
    if (n > SIZE_MAX / 2 / sizeof *e->frames)
        return false;
    size_t cap = e->frames_cap < 8 ? 8 : e->frames_cap;
    while (cap < n)
        cap *= 2;
    if (e->frame_limit && cap > e->frame_limit)
        cap = e->frame_limit;
    wr_frame *frames = wr_mem_realloc(&wr_default_allocator, e->frames, cap, sizeof *frames);
    if (!frames)
        return false;
    e->frames = frames;
    e->frames_cap = cap;
    return true;
}

/* Append frames first .. count-1 of the activation, or count them as left out. */
static void append(wr_error *e, size_t first, size_t count, wr_frame_fn get, void *ctx)
{
    size_t n = count - first;
    if (n > SIZE_MAX - e->nframes || !reserve_frames(e, e->nframes + n)) {
        e->left_out += n;
        return;
    }
    for (size_t k = first; k < count; k++)
        get(ctx, k, &e->frames[e->nframes++]);
}

void wr_error_push_frames(wr_error *e, size_t count, uint32_t limit, wr_frame_fn get, void *ctx)
{
    if (e == wr_error_nomem() || count == 0)
        return;
    if (e->nframes == 0 && e->left_out == 0)
        e->frame_limit = limit;
    size_t bound = e->frame_limit;
    if (bound == 0 || e->nframes + count <= bound) {
        append(e, 0, count, get, ctx);
        return;
    }
    /* Fill the innermost half, then keep the outermost frames of what was kept outside it
     * before and of this activation. */
    size_t inner = (bound + 1) / 2, outer = bound - inner;
    size_t k = 0;
    if (e->nframes < inner) {
        k = inner - e->nframes;
        append(e, 0, k, get, ctx);
        if (e->nframes < inner) { /* short of memory: keep what there is, count the rest */
            e->left_out += count - k;
            return;
        }
    }
    size_t fresh = count - k, old = e->nframes - inner;
    size_t keep_old = fresh >= outer ? 0 : (old < outer - fresh ? old : outer - fresh);
    size_t keep_fresh = fresh < outer ? fresh : outer;
    e->left_out += (old - keep_old) + (fresh - keep_fresh);
    memmove(e->frames + inner, e->frames + inner + old - keep_old, keep_old * sizeof *e->frames);
    e->nframes = inner + keep_old;
    append(e, count - keep_fresh, count, get, ctx);
}

wr_error_kind wr_error_kind_of(const wr_error *e) { return e->kind; }
const char *wr_error_message(const wr_error *e) { return e->message; }
const char *wr_error_reason(const wr_error *e) { return e->reason; }
size_t wr_error_offset(const wr_error *e) { return e->offset; }
const char *wr_error_section(const wr_error *e) { return e->section; }
wr_trap_kind wr_error_trap_kind(const wr_error *e) { return e->trap; }
int wr_error_exit_code(const wr_error *e) { return e->exit_code; }

wr_exntag *wr_error_exception_tag(const wr_error *e) { return e->tag; }

const wr_val *wr_error_exception_values(const wr_error *e, size_t *count)
{
    *count = e->nvalues;
    return e->nvalues ? e->values : NULL;
}

const wr_frame *wr_error_frames(const wr_error *e, size_t *count)
{
    *count = e->nframes;
    return e->nframes ? e->frames : NULL;
}

size_t wr_error_frames_left_out(const wr_error *e, size_t *position)
{
    if (position) {
        size_t inner = (e->frame_limit + 1) / 2;
        *position = e->left_out && e->frame_limit && inner < e->nframes ? inner : e->nframes;
    }
    return e->left_out;
}

void wr_error_free(wr_error *e)
{
    if (!e || e == wr_error_nomem())
        return;
    wr_mem_free(e->reason);
    wr_mem_free(e->message);
    wr_mem_free(e->frames);
    wr_mem_free(e->values);
    wr_mem_free(e);
}

wr_error *wr_error_uninitialized_element(uint32_t index)
{
    wr_error *e =
        wr_error_new(WR_ERR_TRAP, "%s %u", wr_trap_text(WR_TRAP_UNINITIALIZED_ELEMENT), index);
    if (e->kind == WR_ERR_TRAP)
        e->trap = WR_TRAP_UNINITIALIZED_ELEMENT;
    return e;
}
