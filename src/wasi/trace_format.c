/* One trace record as a line of text: what `wr run --trace-wasi` prints. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "wr_wasi.h"

/* snprintf into a fixed buffer that keeps counting past its end. */
typedef struct line_out {
    char *buf;
    size_t cap, len;
} line_out;

__attribute__((format(printf, 2, 3))) static void put(line_out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bool room = o->len < o->cap;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room ? o->cap - o->len : 0, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static void put_quoted(line_out *o, const char *s, bool cut)
{
    put(o, " \"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            put(o, "\\%c", c);
        else if (c >= 0x20 && c < 0x7f)
            put(o, "%c", c);
        else
            put(o, "\\x%02x", c);
    }
    put(o, cut ? "\"..." : "\"");
}

size_t wr_wasi_call_format(const wr_wasi_call *call, char *buf, size_t cap)
{
    line_out o = {buf, cap, 0};
    if (cap)
        buf[0] = 0;
    put(&o, "%s(", call->name);
    size_t npaths = 0;
    for (size_t i = 0; i < call->nargs; i++) {
        char kind = call->arg_kinds ? call->arg_kinds[i] : 'u';
        unsigned long long v = call->args[i];
        put(&o, "%s%s=", i ? ", " : "", call->arg_names ? call->arg_names[i] : "?");
        if (kind == 's')
            put(&o, "%lld", (long long)v);
        else if (kind == 'u')
            put(&o, "%llu", v);
        else
            put(&o, "0x%llx", v);
        if (kind != 'P' || npaths >= 2)
            continue;
        const char *path = call->paths[npaths++];
        if (path && i + 1 < call->nargs)
            put_quoted(&o, path, call->args[i + 1] > strlen(path));
    }
    put(&o, ") -> %s", call->errno_name ? call->errno_name : "?");
    return o.len;
}

void wr_wasi_trace_print(void *user, const wr_wasi_call *call)
{
    FILE *out = user ? user : stderr;
    char small[512];
    size_t need = wr_wasi_call_format(call, small, sizeof small);
    char *line = need < sizeof small ? NULL : wr_mem_alloc(&wr_default_allocator, need + 1, 1);
    if (line)
        wr_wasi_call_format(call, line, need + 1);
    fprintf(out, "%s\n", line ? line : small);
    wr_mem_free(line);
}
