/* printf-style formatting into freshly allocated strings. */
#include "util/format.h"

#include <stdio.h>

char *wr_vstrdup_printf(const wr_allocator *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return NULL;
    char *s = wr_mem_alloc(a, (size_t)n + 1, 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *wr_strdup_printf(const wr_allocator *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = wr_vstrdup_printf(a, fmt, ap);
    va_end(ap);
    return s;
}
