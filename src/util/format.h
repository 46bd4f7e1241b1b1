/* Formatting into a string of exactly the right size, allocated with malloc. */
#ifndef WR_UTIL_FORMAT_H
#define WR_UTIL_FORMAT_H

#include <stdarg.h>

/* NULL when out of memory or when the format fails. */
char *wr_vstrdup_printf(const char *fmt, va_list ap);
char *wr_strdup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
