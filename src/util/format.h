/* Formatting into a string of exactly the right size, allocated from an allocator. */
#ifndef WR_UTIL_FORMAT_H
#define WR_UTIL_FORMAT_H

#include <stdarg.h>

#include "util/alloc.h"

/* NULL when out of memory or when the format fails. */
char *wr_vstrdup_printf(const wr_allocator *a, const char *fmt, va_list ap);
char *wr_strdup_printf(const wr_allocator *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
