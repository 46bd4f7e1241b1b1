#include "util/error.h"

#include "util/format.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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
    }
    return "error";
}

static wr_error *make(wr_error_kind kind, const char *section, size_t offset, char *reason)
{
    wr_error *e = calloc(1, sizeof *e);
    if (!e || !reason) {
        free(e);
        free(reason);
        return wr_error_nomem();
    }
    e->kind = kind;
    e->offset = offset;
    e->section = section;
    e->reason = reason;
    const char *prefix = kind_prefix(kind);
    if (section && offset != SIZE_MAX)
        e->message = wr_strdup_printf("%s: section '%s' at offset 0x%zx: %s", prefix, section, offset, reason);
    else if (offset != SIZE_MAX)
        e->message = wr_strdup_printf("%s: at offset 0x%zx: %s", prefix, offset, reason);
    else
        e->message = wr_strdup_printf("%s: %s", prefix, reason);
    if (!e->message) {
        free(reason);
        free(e);
        return wr_error_nomem();
    }
    return e;
}

wr_error *wr_error_at(wr_error_kind kind, const char *section, size_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *reason = wr_vstrdup_printf(fmt, ap);
    va_end(ap);
    return make(kind, section, offset, reason);
}

wr_error *wr_error_new(wr_error_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *reason = wr_vstrdup_printf(fmt, ap);
    va_end(ap);
    return make(kind, NULL, SIZE_MAX, reason);
}

wr_error *wr_trap_new(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *reason = wr_vstrdup_printf(fmt, ap);
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

void wr_error_push_frame(wr_error *e, wr_instance *instance, uint32_t func_index,
                         const char *func_name, uint32_t code_offset, uint32_t func_offset)
{
    if (e == wr_error_nomem())
        return;
    wr_frame *f = realloc(e->frames, (e->nframes + 1) * sizeof *f);
    if (!f)
        return;
    e->frames = f;
    f[e->nframes++] = (wr_frame){.func_index = func_index, .func_name = func_name,
                                 .code_offset = code_offset, .instance = instance,
                                 .func_offset = func_offset};
}

wr_error_kind wr_error_kind_of(const wr_error *e) { return e->kind; }
const char *wr_error_message(const wr_error *e) { return e->message; }
const char *wr_error_reason(const wr_error *e) { return e->reason; }
size_t wr_error_offset(const wr_error *e) { return e->offset; }
const char *wr_error_section(const wr_error *e) { return e->section; }
wr_trap_kind wr_error_trap_kind(const wr_error *e) { return e->trap; }
int wr_error_exit_code(const wr_error *e) { return e->exit_code; }

const wr_frame *wr_error_frames(const wr_error *e, size_t *count)
{
    *count = e->nframes;
    return e->frames;
}

void wr_error_free(wr_error *e)
{
    if (!e || e == wr_error_nomem())
        return;
    free(e->reason);
    free(e->message);
    free(e->frames);
    free(e);
}

wr_error *wr_error_uninitialized_element(uint32_t index)
{
    wr_error *e =
        wr_error_new(WR_ERR_TRAP, "%s %u", wr_trap_text(WR_TRAP_UNINITIALIZED_ELEMENT), index);
    if (e->kind == WR_ERR_TRAP)
        e->trap = WR_TRAP_UNINITIALIZED_ELEMENT;
    return e;
}
